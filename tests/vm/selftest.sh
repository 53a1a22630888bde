#!/bin/sh
# Guest script proving the VM harness works: CPUs and topology as the preset says,
# sched_ext present and idle. Runs under busybox sh in the guest:
#   tests/vm/vm-run.sh --preset 2n2l --script tests/vm/selftest.sh
set -u

fail() {
	echo "selftest: FAIL: $*"
	exit 1
}

echo "selftest: kernel $(uname -r), preset $SCX_VM_PRESET"
echo "selftest: nproc = $(nproc)"
[ "$(nproc)" = "$SCX_VM_NR_CPUS" ] || fail "nproc is $(nproc), preset says $SCX_VM_NR_CPUS"

for node in /sys/devices/system/node/node[0-9]*; do
	echo "selftest: $(basename "$node") cpulist = $(cat "$node/cpulist")"
done
# One line per distinct L3, as the guest reports them.
echo "selftest: L3 groups = $(cat /sys/devices/system/cpu/cpu[0-9]*/cache/index3/shared_cpu_list |
	sort -n -u | tr '\n' ' ')"
echo "selftest: SMT sibling groups = $(cat /sys/devices/system/cpu/cpu[0-9]*/topology/thread_siblings_list |
	sort -n -u | tr '\n' ' ')"

state=/sys/kernel/sched_ext/state
[ -f "$state" ] || fail "$state missing: this kernel has no sched_ext"
echo "selftest: sched_ext state = $(cat "$state")"
[ "$(cat "$state")" = disabled ] || fail "sched_ext state is '$(cat "$state")', expected 'disabled'"

for fs in /sys/kernel/tracing /sys/kernel/debug /sys/fs/cgroup /sys/fs/bpf; do
	grep -q " $fs " /proc/mounts || fail "$fs is not mounted"
done
[ "$(cat /proc/sys/kernel/numa_balancing 2>/dev/null || echo 0)" = 0 ] || fail "numa_balancing is on"

echo "selftest: PASS"
