#!/usr/bin/env bash
# run-vm.sh - build scx_topo and run it in the test VM: Debian's sched_ext
# kernel under QEMU with 2 NUMA nodes x 2 LLCs x 4 CPUs. Shows the model it
# found, that the kernel runs it (state, ops), live stats under a load, the
# read-back check of its maps, and its exit report.
#
#   sudo tools/run-vm.sh [--preset NAME] [--seconds N] [-- SCX_TOPO_FLAGS...]
#
# On a host whose own kernel has sched_ext, it asks before running there instead.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
preset=2n2l
seconds=10
flags=()
while [ $# -gt 0 ]; do
	case "$1" in
	--preset) preset=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--) shift; flags=("$@"); break ;;
	-h|--help) sed -n '2,10s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "run-vm: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done
[ "$(id -u)" -eq 0 ] || { echo "run-vm: run as root (sudo $0): it installs packages" >&2; exit 1; }

"$root/tools/build.sh" "$build"

if [ -e /sys/kernel/sched_ext/state ] && [ -t 0 ]; then
	read -r -p "This kernel has sched_ext: run scx_topo here instead of in a VM? [y/N] " answer
	if [ "$answer" = y ]; then
		exec "$build/scx_topo" --stats=2 "${flags[@]}"
	fi
fi

guest=$(mktemp)
trap 'rm -f "$guest"' EXIT
cat >"$guest" <<GUEST
#!/bin/sh
echo "=== scx_topo --dump-topology"
scx_topo --dump-topology
echo "=== starting: scx_topo --stats=2 ${flags[*]}"
scx_topo --stats=2 ${flags[*]} &
pid=\$!
n=0
while [ "\$(cat /sys/kernel/sched_ext/state)" != enabled ] && [ \$n -lt 300 ]; do
	usleep 100000; n=\$((n + 1))
done
echo "=== /sys/kernel/sched_ext/state: \$(cat /sys/kernel/sched_ext/state)"
echo "=== /sys/kernel/sched_ext/root/ops: \$(cat /sys/kernel/sched_ext/root/ops)"
echo "=== a CPU-bound load on every CPU for $seconds s"
wl_spin -t \$(nproc) -d $seconds | tail -n 3
echo "=== scx_topo --dump-topology=kernel (the running scheduler's maps vs hwloc)"
scx_topo --dump-topology=kernel
echo "=== stopping (SIGINT)"
kill -INT \$pid
wait \$pid
echo "=== exit status \$?, state now \$(cat /sys/kernel/sched_ext/state)"
GUEST

bins=(--bin "$build/scx_topo")
for b in "$build"/guest-bin/*; do
	[ -x "$b" ] && bins+=(--bin "$b")
done
exec "$root/tests/vm/vm-run.sh" --preset "$preset" --script "$guest" "${bins[@]}"
