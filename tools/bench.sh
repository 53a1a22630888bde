#!/usr/bin/env bash
# bench.sh - benchmark scx_topo against the kernel's default scheduler and peers.
#
#   sudo tools/bench.sh [--seconds N] [--preset 2n2l] [--rounds N] [--out DIR]
#                       [--scheds "default default-nb1 topo topo-strict"]
#                       [--with NAME=PATH]... [--with-peers] [--spin-rounds N]
#                       [--no-build] [--timeout S]
#
# Builds (tools/build.sh), then boots ONE test VM (Debian's sched_ext kernel under
# QEMU/TCG, preset 2n2l = 16 vCPUs, 2 nodes x 2 LLCs x 4) and runs, in that one boot,
# the same workloads under each scheduler in turn: the default scheduler, scx_topo,
# scx_topo --numa-strict and every peer (tests/bench/guest-bench.sh):
#   wl_throughput at N = CPUs/2, CPUs, 2xCPUs; wl_pingpong (CPUs/4 pairs over pipes);
#   wl_futex (CPUs/2 futex ping-pong pairs: where wakees land against their waker);
#   wl_fanout (1 dispatcher waking CPUs/2 workers); wl_wakelat (CPUs/2 sleepers, CPUs/2
#   hogs); wl_mixed; wl_spin at N = CPUs and CPUs/2 (migrations by level); hackbench
#   (rt-tests: pipe and socket, processes and threads); wl_numa (CPUs/4 processes x 4
#   threads and CPUs/2 x 2 sharing a buffer each: time on a node x pages on it); then
#   --spin-rounds starts of the scheduler, each with one spinner per CPU (stacking, idle
#   share, LLC migrations). default-nb1 is the default scheduler with
#   kernel.numa_balancing=1, for the wl_numa rows only (everything else runs with 0).
#   BPF run time per callback (kernel.bpf_stats_enabled=1) for every sched_ext scheduler.
# Prints one table (tests/bench/report.py): metrics x schedulers, then the same rows as
# ratios to the default scheduler, then the targets of issues 10 and 11 as MET / MISSED
# (information: a MISSED target does not fail the command). The raw log, table and
# parsed results go to build/bench/<timestamp>/ (or --out DIR).
#
#   --seconds N      length of each workload run (default 4; TCG is slow, keep it short)
#   --rounds N       repeat the whole cycle N times in the boot, report medians (default 1)
#   --scheds L       built-in schedulers to run, a subset of "default default-nb1 topo
#                    topo-strict" (the default: all four)
#   --with NAME=PATH also run the sched_ext scheduler binary PATH as column NAME (copied
#                    into the VM with its libraries, started as root, ready once
#                    /sys/kernel/sched_ext is enabled with root/ops set, stopped with SIGINT)
#   --with-peers     --with each of simple, bpfland, cosmos, p2dq from ../shared/peers/bin
#                    beside the checkout (skipped with a message when it is not there)
#   --spin-rounds N  spinner rounds per scheduler (default 3; 0 = none)
#   --no-build       use the existing build/ as is
#   --timeout S      hard limit for the VM run (default: estimated from the above)
#
# Only schedulers measured in the same boot are comparable: 16 vCPUs share the host's
# cores, and other load on the host moves every figure.
#
# Exit status: 0 the benchmark ran (whatever the targets say); 1 a workload failed or a
# scheduler did not stay enabled (the table is still printed); 2 bad usage; the VM
# harness's 124 (timeout), 125 (guest crash), 126 (harness error) otherwise.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
seconds=4
preset=2n2l
rounds=1
scheds="default default-nb1 topo topo-strict"
peers=()
spin_rounds=3
out=
do_build=1
timeout=

usage() { sed -n '2,/^set -euo/{/^set -euo/d; s/^# \{0,1\}//; p}' "$0"; exit "${1:-0}"; }
die() { echo "bench: $*" >&2; exit 2; }

# add_peer NAME=PATH: one more scheduler column.
add_peer() {
	local name=${1%%=*} path=${1#*=} p
	[[ $1 == *=* && $name =~ ^[a-z][a-z0-9_]*$ ]] || die "--with wants NAME=PATH with a lower-case NAME, got '$1'"
	case $name in default | default-nb1 | topo | topo-strict) die "--with: '$name' is a built-in scheduler" ;; esac
	[ -f "$path" ] && [ -x "$path" ] || die "--with $name: '$path' is not an executable file"
	for p in "${peers[@]}"; do
		[ "${p%%=*}" != "$name" ] || die "--with: '$name' given twice"
		[ "$(basename "${p#*=}")" != "$(basename "$path")" ] || die "--with $name: another peer is also named $(basename "$path")"
	done
	peers+=("$name=$(cd "$(dirname "$path")" && pwd)/$(basename "$path")")
}

# --with-peers: the four binaries of ../shared/peers/bin, when that is there.
add_peers() {
	local dir=$root/../shared/peers/bin n
	if [ ! -d "$dir" ]; then
		echo "bench: no $dir beside the checkout: running without peer schedulers" >&2
		return 0
	fi
	for n in simple bpfland cosmos p2dq; do
		if [ -x "$dir/scx_$n" ]; then
			add_peer "$n=$dir/scx_$n"
		else
			echo "bench: $dir/scx_$n missing: running without it" >&2
		fi
	done
}

while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) usage 0 ;;
	--no-build) do_build=0; shift; continue ;;
	--with-peers) add_peers; shift; continue ;;
	--seconds | --preset | --rounds | --scheds | --out | --timeout | --with | --spin-rounds)
		[ $# -ge 2 ] || die "$1 needs a value (see --help)" ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	case $1 in
	--seconds) seconds=$2 ;;
	--preset) preset=$2 ;;
	--rounds) rounds=$2 ;;
	--scheds) scheds=$2 ;;
	--out) out=$2 ;;
	--timeout) timeout=$2 ;;
	--with) add_peer "$2" ;;
	--spin-rounds) spin_rounds=$2 ;;
	esac
	shift 2
done
[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "--seconds wants a whole number >= 1, got '$seconds'"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds wants a whole number >= 1, got '$rounds'"
[[ $spin_rounds =~ ^[0-9]+$ ]] || die "--spin-rounds wants a whole number, got '$spin_rounds'"
[ -z "$timeout" ] || [[ $timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout wants seconds, got '$timeout'"
for s in $scheds; do
	case $s in default | default-nb1 | topo | topo-strict) ;; *) die "--scheds: unknown scheduler '$s' (peers: --with)" ;; esac
done
command -v python3 >/dev/null || die "python3 is needed for the report"

t_start=$(date +%s)
if [ "$do_build" = 1 ]; then
	echo "bench: building (tools/build.sh)" >&2
	"$root/tools/build.sh" "$build" >&2
fi
[ -x "$build/scx_topo" ] || die "$build/scx_topo missing (run tools/build.sh)"
bpftool=$(command -v bpftool || echo /usr/sbin/bpftool)
[ -x "$bpftool" ] || die "bpftool not found (Debian package bpftool; tools/install-deps.sh installs it)"

out=${out:-$build/bench/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
raw=$out/raw.log
table=$out/table.txt

bins=(--bin "$build/scx_topo" --bin "$bpftool")
for w in wl_throughput wl_pingpong wl_futex wl_fanout wl_wakelat wl_mixed wl_spin wl_numa; do
	[ -x "$build/guest-bin/$w" ] || die "$build/guest-bin/$w missing (run tools/build.sh)"
	bins+=(--bin "$build/guest-bin/$w")
done
hackbench=$(command -v hackbench || true)
if [ -n "$hackbench" ]; then
	bins+=(--bin "$hackbench")
else
	echo "bench: no hackbench on this host (Debian package rt-tests; tools/install-deps.sh installs it): no hackbench rows" >&2
fi
guest_peers=
for p in "${peers[@]}"; do
	bins+=(--bin "${p#*=}")
	guest_peers="$guest_peers ${p%%=*}=/bin/$(basename "${p#*=}")"
	scheds="$scheds ${p%%=*}"
done
guest_peers=${guest_peers# }
# Peers built with libbpf __kconfig externs read the kernel's config from
# /boot/config-$(uname -r): give the guest the config of the kernel it boots.
files=()
if [ ${#peers[@]} -gt 0 ]; then
	kdir=$("$root/tools/fetch-kernel.sh") || die "tools/fetch-kernel.sh failed"
	if [ -f "$kdir/config" ] && [ -f "$kdir/version" ]; then
		files+=(--file "$kdir/config:/boot/config-$(cat "$kdir/version")")
	else
		echo "bench: no kernel config in $kdir: peers that read it will not load" >&2
	fi
fi

# The VM's script is fixed; the settings travel in a wrapper.
wrapper=$out/guest-wrapper.sh
{
	echo '#!/bin/sh'
	printf 'BENCH_SECONDS=%q BENCH_ROUNDS=%q BENCH_SCHEDS=%q BENCH_PEERS=%q BENCH_SPIN_ROUNDS=%q\n' \
		"$seconds" "$rounds" "$scheds" "$guest_peers" "$spin_rounds"
	echo 'export BENCH_SECONDS BENCH_ROUNDS BENCH_SCHEDS BENCH_PEERS BENCH_SPIN_ROUNDS'
	echo 'exec sh /bench/guest-bench.sh'
} >"$wrapper"

# Estimate: ~60 s of boot and setup, then per scheduler and round 12 runs of about
# 2x their length under TCG plus start-up, 4 hackbenches, the spinner rounds with a
# scheduler start each, and loading/unloading the scheduler.
nsched=$(wc -w <<<"$scheds")
if [ -z "$timeout" ]; then
	timeout=$((300 + rounds * nsched * (12 * (seconds * 3 + 15) + 4 * 30 + spin_rounds * 25 + 60)))
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Other VMs on the host take CPU time from this one's vCPUs unevenly: say so in the report.
others=$(pgrep -c -x qemu-system-x86_64 || true)
if [ "${others:-0}" -gt 0 ]; then
	echo "bench: warning: $others other QEMU process(es) running on this host: expect noisy figures" >&2
fi
echo "bench: preset $preset, $seconds s per run, $rounds round(s), schedulers: $scheds;" \
	"VM timeout ${timeout}s; results in $out" >&2
rc=0
"$root/tests/vm/vm-run.sh" --preset "$preset" --script "$wrapper" "${bins[@]}" \
	--file "$root/tests/bench/guest-bench.sh:/bench/guest-bench.sh" \
	--file "$root/tests/bench/hackbench-result.sh:/bench/hackbench-result.sh" \
	--file "$root/tests/bench/hog-imbalance.sh:/bench/hog-imbalance.sh" "${files[@]}" \
	--timeout "$timeout" 2>&1 | tee "$raw" || rc=${PIPESTATUS[0]}
t_end=$(date +%s)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 "$root/tests/bench/report.py" "$raw" --json "$out/results.json" \
	--header "scx_topo benchmark, $(date -d "@$t_start" '+%F %T'), preset $preset, ${seconds}s per run, $rounds round(s), $spin_rounds spinner round(s)" \
	--scheds "$scheds" \
	--header "host: $(nproc) CPUs, load average before $load_before, after $load_after; other QEMUs at start: ${others:-0}; total $((t_end - t_start)) s (VM status $rc)" \
	>"$table" || true
echo
cat "$table"
echo "bench: raw log $raw, table $table ($((t_end - t_start)) s in all)" >&2
case $rc in
0) exit 0 ;;
124 | 125 | 126) echo "bench: the VM run failed (status $rc; see $raw)" >&2; exit "$rc" ;;
*) echo "bench: some runs failed (guest status $rc): see Problems above" >&2; exit 1 ;;
esac
