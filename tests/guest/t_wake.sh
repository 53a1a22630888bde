#!/bin/sh
# t_wake.sh - tasks that wake each other (issue 10): where wakees land
# relative to their waker (wl_futex, wl_fanout), and work conservation over
# repeated scheduler starts (wl_spin). Thresholds are the issue's.

# futex_pairs XNODE_MAX FLAGS...: 8 futex ping-pong pairs under scx_topo FLAGS.
# The issue asks for >= 0.95 of wakeups in the waker's LLC and <= 0.01 on the
# other node; the benchmark reports against that. With the fair class's
# wake_wide rule single runs under TCG on a loaded 2-core host measured
# 0.977-0.994 in the LLC (8 runs), 0.0000-0.0002 on the other node, so the
# test's bars are 0.90 and XNODE_MAX. The rule before (wide when either side
# flips) measured 0.70-0.99; before waker/wakee affinity, 0.07-0.14 and
# 0.39-1.00 on the other node. A waker that sleeps right after its wakeup
# hands its partner its own CPU: 0.74-0.93 of wakeups on the waker's CPU in 5
# runs (the default scheduler: 0.01-0.09), so the bar is 0.5.
futex_pairs() {
	xnode_max=$1
	shift
	scx_start "$@" || return
	wl_futex -p 8 -d 5 >/tmp/futex.out 2>&1 || fail "wl_futex: $(tail -n 2 /tmp/futex.out)"
	llc=$(result_field waker_llc_share /tmp/futex.out)
	xnode=$(result_field other_node_share /tmp/futex.out)
	same=$(result_field wake_same_cpu_share /tmp/futex.out)
	scx_stop
	say "scx_topo $*: waker_llc_share=$llc waker_node_share=$(result_field waker_node_share /tmp/futex.out)" \
		"other_node_share=$xnode same_cpu_share=$same handover=$(total_of handover) rtps=$(result_field rtps /tmp/futex.out)" \
		"wake_p99_us=$(result_field wake_lat_p99_us /tmp/futex.out) split_pairs=$(result_field split_pairs /tmp/futex.out)"
	float_ge "$llc" 0.90 || fail "only $llc of futex wakeups in the waker's LLC (want >= 0.90)"
	float_ge "$xnode_max" "$xnode" || fail "$xnode of futex wakeups on another node (want <= $xnode_max)"
	[ "$(total_of handover)" -gt 0 ] 2>/dev/null || fail "no futex partner was handed its waker's CPU (handover=$(total_of handover))"
	float_ge "$same" 0.5 || fail "only $same of futex wakeups on the waker's own CPU (want >= 0.5: the waker sleeps right after)"
}

t_futex_affinity() { futex_pairs 0.02; }

t_futex_affinity_strict() {
	[ -n "$(node1_first_cpu)" ] || { skip "needs two NUMA nodes"; return; }
	futex_pairs 0.01 --numa-strict
}

# total_of NAME: a counter of the "scx_topo: totals:" line scx_topo printed at exit.
total_of() {
	grep '^scx_topo: totals:' "$SCX_OUT" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1
}

# A task allowed on one CPU, woken while that CPU idles, runs at once:
# enqueue puts it in the CPU's local DSQ with no kick (queue.bpf.h), and the
# kernel must wake the idle CPU itself. One pinned sleeper on the first CPU
# of each LLC, every 2 ms for 3 s, nothing else running: each may miss at
# most a tenth of its periods (one left on its idle CPU would miss most).
t_pinned_sleepers_wake() {
	scx_start || return
	pids=
	for cpu in $(sysfs_llc_lists | sed 's/[-,].*//'); do
		taskset -c "$cpu" wl_wakelat -t 1 -i 2000 -d 3 >/tmp/pinned.$cpu.out 2>&1 &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p" || fail "wl_wakelat (pid $p) failed"; done
	scx_stop
	for f in /tmp/pinned.*.out; do
		woke=$(result_field wakeups "$f")
		missed=$(result_field missed "$f")
		say "${f#/tmp/pinned.}: wakeups=$woke missed=$missed p99=$(result_field lat_p99_us "$f")us cpus=$(result_field cpus_used "$f")"
		[ "${woke:-0}" -gt 0 ] || fail "${f#/tmp/}: no wakeup"
		[ $((missed * 10)) -le $((woke + missed)) ] || fail "${f#/tmp/}: missed $missed of $((woke + missed)) periods"
	done
	[ "$(total_of enqueue_local)" -gt 0 ] 2>/dev/null || fail "no pinned enqueue counted (enqueue_local=$(total_of enqueue_local))"
}

# Every CPU busy with a spinner while 4 futex pairs ping-pong: no CPU idles at
# a wakeup, so the wakee waits in its own CPU's queue (queue.bpf.h) and that
# CPU takes it, with no move between run queues. Most such waits must end on
# their own CPU, the partners stay in one LLC, and neither side starves.
t_busy_wakeups_stay() {
	ncpu=$(nproc)
	scx_start || return
	wl_spin -t "$ncpu" -d 8 >/tmp/spin.out 2>&1 &
	spin=$!
	sleep 1
	wl_futex -p 4 -d 5 >/tmp/futex.out 2>&1 || fail "wl_futex: $(tail -n 2 /tmp/futex.out)"
	wait "$spin" || fail "wl_spin: $(tail -n 2 /tmp/spin.out)"
	scx_stop
	own=$(total_of enqueue_cpu)
	taken=$(total_of dispatch_cpu)
	llc=$(result_field waker_llc_share /tmp/futex.out)
	min=$(result_field min_share /tmp/spin.out)
	max=$(result_field max_share /tmp/spin.out)
	say "enqueue_cpu=$own dispatch_cpu=$taken steal_sibling=$(total_of steal_sibling)" \
		"futex rtps=$(result_field rtps /tmp/futex.out) waker_llc_share=$llc; spinners min_share=$min max_share=$max"
	[ "${own:-0}" -gt 0 ] || fail "no woken task waited in its own CPU's queue with every CPU busy"
	[ $(( ${taken:-0} * 2 )) -ge "${own:-0}" ] || fail "only $taken of $own own-queue waits ended on their own CPU"
	float_ge "$llc" 0.90 || fail "only $llc of futex wakeups in the waker's LLC (want >= 0.90)"
	float_ge "$min" "$(awk -v m="$max" 'BEGIN { print m * 0.6 }')" || fail "a spinner starved: min $min vs max $max"
}

# One dispatcher waking 8 workers: they must still spread, over at least 8 CPUs
# in the run and over 6 or more per round on average. Kept in the waker's LLC
# (4 CPUs) they could use at most 4 per round. Not 8 per round: the dispatcher wakes them
# one by one, and under TCG a worker often ends its burst before the last one
# wakes, which then takes the CPU it freed (two runs in a row on one CPU, no
# wait). The median of 8 held in only 0.38-0.92 of rounds, with this build and
# the one before alike (10 runs of each, one boot), and failed CI once at 7.
t_fanout_spreads() {
	[ "$(nproc)" -ge 9 ] || { skip "needs 9 CPUs for 1 dispatcher and 8 workers"; return; }
	scx_start || return
	wl_fanout -w 8 -d 5 >/tmp/fanout.out 2>&1 || fail "wl_fanout: $(tail -n 2 /tmp/fanout.out)"
	used=$(result_field worker_cpus_used /tmp/fanout.out)
	p50=$(result_field round_cpus_p50 /tmp/fanout.out)
	say "workers used $used CPUs; per round avg $(result_field round_cpus_avg /tmp/fanout.out)" \
		"p50 $p50 min $(result_field round_cpus_min /tmp/fanout.out)," \
		"full rounds $(result_field full_round_share /tmp/fanout.out); waker_llc_share=$(result_field waker_llc_share /tmp/fanout.out)"
	[ "${used:-0}" -ge 8 ] || fail "the 8 workers used only $used CPUs over the run"
	float_ge "$(result_field round_cpus_avg /tmp/fanout.out)" 6 ||
		fail "the 8 workers ran on only $(result_field round_cpus_avg /tmp/fanout.out) CPUs per round on average"
}

# Five back-to-back starts of scx_topo, each with one spinner per CPU, run
# twice (right after the start, then again on the same instance): every run
# uses every CPU, and a spinner waits for a CPU while another CPU idles for
# at most 0.5% of the CPUs' time in the steady part of the run (the issue's
# bar for idle CPUs in a spinner round). That comes from the kernel's
# clock-based accounts: the spinners' run-queue waits (schedstat) and the
# CPUs' idle time (/proc/stat); the time both overlap is at most the smaller
# of the two. Spinners do wait, for the loader, the harness and kernel
# threads (72-527 ms of waits in 34 rounds of one boot), but the CPUs idled
# 0-50 ms of the 60 CPU-seconds. The 20 ms windows of samples
# ("two spinners shared a CPU while another had none", overlap_shared) are
# shown but not judged: under TCG a vCPU the host does not run for 20 ms
# leaves its spinner without samples while the guest has it running, which
# made 4-8 of 16 spinners look absent in the windows that CI once failed
# on (0.0305 of them; 0-0.0153 in 40 rounds of one boot).
SPIN_ROUND_WAIT_IDLE_MAX=0.005
t_spin_restarts() {
	ncpu=$(nproc)
	r=1
	while [ $r -le 5 ]; do
		scx_start || return
		for run in a b; do
			out=/tmp/spin.$r$run.out
			loader_ms=$(run_ms "$SCX_PID")
			wl_spin -t "$ncpu" -d 4 --window-ms 20 >$out 2>&1 || fail "round $r$run: wl_spin: $(tail -n 2 $out)"
			loader_ms=$(($(run_ms "$SCX_PID") - loader_ms))
			spin_round_check "$r$run" "$ncpu" $out
		done
		scx_stop
		expect_eq "round $r: scx_topo exit status" "$SCX_RC" 0
		r=$((r + 1))
	done
}

# spin_round_check ROUND NCPU FILE
spin_round_check() {
	used=$(result_field cpus_used "$3")
	steady=$(result_field steady_ms "$3")
	both=$(result_field wait_while_idle_ms "$3")
	say "round $1: cpus_used=$used spin_wait_ms=$(result_field spin_wait_ms "$3")" \
		"cpu_idle_ms=$(result_field cpu_idle_ms "$3") of steady_ms=$steady," \
		"overlap_shared=$(result_field overlap_shared "$3") of $(result_field windows "$3") windows," \
		"min_share=$(result_field min_share "$3")" \
		"migps_node=$(result_field migps_node "$3") migps_xnode=$(result_field migps_xnode "$3")" \
		"loader_ms=${loader_ms:-?}"
	expect_eq "round $1: CPUs used" "$used" "0-$(($2 - 1))"
	[ "${steady:-0}" -gt 0 ] 2>/dev/null || { fail "round $1: wl_spin reported no steady part"; return; }
	float_ge "$(awk -v s="$steady" -v n="$2" -v m="$SPIN_ROUND_WAIT_IDLE_MAX" 'BEGIN { print s * n * m }')" "$both" ||
		fail "round $1: a spinner waited while a CPU idled for up to $both ms of $2 CPUs x $steady ms (want <= $SPIN_ROUND_WAIT_IDLE_MAX of it)"
}
