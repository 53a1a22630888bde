#!/bin/sh
# suite.sh - run inside the test VM: every guest test for this preset.
# Usage (as the VM's test script): suite.sh [TEST...]
. /tests/lib.sh
for f in /tests/t_*.sh; do . "$f"; done

# SCX_* settings for the guest tests can be passed as "KEY=VALUE" arguments.
while [ $# -gt 0 ]; do
	case "$1" in
	SCX_*=*) export "$1"; shift ;;
	*) break ;;
	esac
done

tests="$*"
if [ -z "$tests" ]; then
	tests="attach_sigint detach_sigterm unknown_flag not_root second_instance busy_every_cpu sysrq_exit_report dump_matches_sysfs readback_matches readback_without_scheduler fill_every_cpu no_stacking numa_strict numa_strict_fills_nodes numa_free_spreads hybrid_fast_first affinity_change nice_weights low_weight_not_starved steal_counters overload_fair futex_affinity futex_affinity_strict busy_wakeups_stay fanout_spreads pinned_sleepers_wake spin_restarts numa_loader_not_counted numa_hog_rebalance numa_procs_together numa_unbound_near_memory numa_pages_follow numa_bound_memory_stays numa_cpuset_stays numa_ring_nearest stats_text stats_json monitor stats_protocol sd_notify hotplug_restart hotplug_no_restart partial full_mode_takes_all debug_trace sighup_reload sigkill_fallback foreign_xml_refused malformed_xml mixed_minute soak soak_numa_strict"
fi
echo "guest: $(uname -r), $(nproc) CPUs, preset ${SCX_VM_PRESET:-?}"
# A boot after a guest crash (vm-run.sh): go on after the tests the earlier boots finished.
done_before=$(sed -n 's/.*scx_vm\.resume=\([0-9]*\).*/\1/p' /proc/cmdline)
n=0
for t in $tests; do
	n=$((n + 1))
	if [ "$n" -le "${done_before:-0}" ]; then
		[ "$n" -eq "$done_before" ] && echo "suite: resuming after $done_before tests finished in earlier boots"
		continue
	fi
	run_test "$t"
done
exit 0
