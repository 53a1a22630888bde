#!/bin/sh
# guest-bench.sh - the benchmark's guest side (busybox sh), run in the test VM by
# tools/bench.sh. For each scheduler in turn (the kernel's default, scx_topo,
# scx_topo --numa-strict, and any peer schedulers given) it runs the same short
# workloads in this one boot and prints one line per run for the host's parser
# (tests/bench/report.py):
#
#   BENCH round=R sched=S wl=W n=N rc=RC [lost=1] <the workload's RESULT keys>
#   BENCH round=R sched=S wl=bpf after=W prog=P run_time_ns=T run_cnt=C
#   BENCH round=R sched=S wl=scx_totals <scx_topo's exit totals>
#   BENCH round=R sched=S wl=phase secs=T
#   BENCHFAIL round=R sched=S wl=W ...  (followed by the workload's output, '  | ')
#   BENCHNOTE ...                        (anything odd, for the report's problems list)
#
# Schedulers: default (kernel.numa_balancing=0), default-nb1 (the default with
# automatic NUMA balancing on: the NUMA workloads only), topo, topo-strict, and
# each NAME of BENCH_PEERS ("NAME=/bin/BINARY ..."), started as root and stopped
# with SIGINT like scx_topo.
#
# Settings from the environment (tools/bench.sh writes them into its wrapper):
#   BENCH_SECONDS (5)  BENCH_ROUNDS (1)  BENCH_SCHEDS ("default topo topo-strict")
#   BENCH_PEERS ("")   BENCH_SPIN_ROUNDS (3)
# Exit status: 0 when every run printed a RESULT, 1 otherwise (the host still
# builds the table from what there is).

SECS=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-1}
SCHEDS=${BENCH_SCHEDS:-"default topo topo-strict"}
PEERS=${BENCH_PEERS:-}
SPIN_ROUNDS=${BENCH_SPIN_ROUNDS:-3}
SCX=/bin/scx_topo
OPS=/sys/kernel/sched_ext/root/ops
STATE=/sys/kernel/sched_ext/state
SCX_OUT=/tmp/scx.out
SCX_ERR=/tmp/scx.err
WL_OUT=/tmp/wl.out
# A workload that overruns its duration this much is killed (TCG is slow, forks slower).
WL_LIMIT=$((SECS * 4 + 60))

NCPU=${SCX_VM_NR_CPUS:-$(grep -c '^processor' /proc/cpuinfo)}
HALF=$((NCPU / 2))
[ "$HALF" -ge 1 ] || HALF=1
QUARTER=$((NCPU / 4))
[ "$QUARTER" -ge 1 ] || QUARTER=1
SPIN_SECS=$(( SECS < 4 ? SECS : 4 ))
HB_GROUPS=${BENCH_HB_GROUPS:-2}
HB_LOOPS=${BENCH_HB_LOOPS:-40}

FAILED=0
NO_BPF=
SCX_PID=
ABORT=
ROUND=
SCHED=

state() { cat "$STATE" 2>/dev/null || echo absent; }
uptime_s() { cut -d' ' -f1 /proc/uptime; }

note() { echo "BENCHNOTE round=$ROUND sched=$SCHED $*"; }

# wait_state STATE SECONDS
wait_state() {
	n=0
	while [ "$(state)" != "$1" ]; do
		n=$((n + 1))
		[ $n -gt $(($2 * 10)) ] && return 1
		usleep 100000
	done
	return 0
}

# Prefix every line of a file, for the raw log.
show() { sed "s/^/  | /" "$1"; }

# sched_cmd SCHED: the command line that starts SCHED (empty for the default).
sched_cmd() {
	case $1 in
	default | default-nb1) ;;
	topo) echo "$SCX" ;;
	topo-strict) echo "$SCX --numa-strict" ;;
	*)
		for p in $PEERS; do
			[ "${p%%=*}" = "$1" ] && echo "${p#*=}"
		done
		;;
	esac
}

# scx_begin SCHED: start a sched_ext scheduler with BPF run-time statistics on;
# ready once state is 'enabled' and root/ops names it.
scx_begin() {
	cmd=$(sched_cmd "$1")
	[ -n "$cmd" ] || { note "no command for scheduler '$1'"; return 1; }
	echo 1 >/proc/sys/kernel/bpf_stats_enabled || note "cannot enable kernel.bpf_stats_enabled"
	# shellcheck disable=SC2086
	$cmd >$SCX_OUT 2>$SCX_ERR &
	SCX_PID=$!
	n=0
	while [ "$(state)" != enabled ] || [ -z "$(cat $OPS 2>/dev/null)" ]; do
		n=$((n + 1))
		if [ $n -gt 600 ] || ! kill -0 "$SCX_PID" 2>/dev/null; then
			note "$cmd did not reach 'enabled' (state: $(state))"
			echo "--- $1 stdout:"; show $SCX_OUT
			echo "--- $1 stderr:"; show $SCX_ERR
			scx_end
			return 1
		fi
		usleep 100000
	done
	echo "bench: $cmd enabled, ops '$(cat $OPS 2>/dev/null)'"
	return 0
}

# scx_end: SIGINT, wait (SIGKILL after 30 s), wait for 'disabled', print its totals.
scx_end() {
	if [ -n "$SCX_PID" ]; then
		if [ "$(state)" = enabled ] && [ -r /sys/kernel/sched_ext/root/events ]; then
			echo "BENCHEVENTS round=$ROUND sched=$SCHED $(tr -s ' \n' '= ' </sys/kernel/sched_ext/root/events)"
		fi
		kill -INT "$SCX_PID" 2>/dev/null
		n=0
		while kill -0 "$SCX_PID" 2>/dev/null; do
			n=$((n + 1))
			if [ $n -gt 300 ]; then
				note "$SCHED ignored SIGINT for 30 s; killing it"
				kill -KILL "$SCX_PID" 2>/dev/null
				break
			fi
			usleep 100000
		done
		wait "$SCX_PID"
		rc=$?
		SCX_PID=
		[ "$rc" = 0 ] || note "$SCHED exited with status $rc"
		totals=$(sed -n 's/^scx_topo: totals: *//p' $SCX_OUT | tail -n 1)
		[ -n "$totals" ] && echo "BENCH round=$ROUND sched=$SCHED wl=scx_totals rc=$rc $totals"
		echo "--- $SCHED stdout:"; show $SCX_OUT | tail -n 40
		echo "--- $SCHED stderr:"; show $SCX_ERR | tail -n 40
	fi
	wait_state disabled 30 || note "sched_ext still '$(state)' 30 s after stopping $SCHED"
	echo 0 >/proc/sys/kernel/bpf_stats_enabled
}

# bpf_snap AFTER: cumulative run_time_ns/run_cnt of the running scheduler's
# struct_ops programs (only one sched_ext scheduler is loaded at a time).
bpf_snap() {
	bpftool -j prog show 2>/tmp/bpftool.err | tr '{' '\n' |
		awk -v pre="BENCH round=$ROUND sched=$SCHED wl=bpf after=$1" '
		function field(k,    m) {
			if (match($0, "\"" k "\":(\"[^\"]*\"|[0-9]+)")) {
				m = substr($0, RSTART + length(k) + 3, RLENGTH - length(k) - 3)
				gsub(/"/, "", m)
				return m
			}
			return ""
		}
		field("type") == "struct_ops" {
			rt = field("run_time_ns"); rc = field("run_cnt")
			print pre, "prog=" field("name"), "run_time_ns=" (rt == "" ? 0 : rt), "run_cnt=" (rc == "" ? 0 : rc)
			n++
		}
		END { if (!n) print "BENCHNOTE no struct_ops program in bpftool output" }'
	[ -s /tmp/bpftool.err ] && { note "bpftool complained:"; show /tmp/bpftool.err; }
}

# run_wl WL N CMD...: one workload run, its RESULT line as a BENCH line.
run_wl() {
	wl=$1 n=$2
	shift 2
	lost=
	if [ -n "$ABORT" ]; then
		echo "BENCH round=$ROUND sched=$SCHED wl=$wl n=$n rc=-1 skipped=1"
		return 0
	fi
	timeout -s KILL $WL_LIMIT "$@" >$WL_OUT 2>&1
	rc=$?
	if [ -n "$SCX_PID" ] && { [ "$(state)" != enabled ] || ! kill -0 "$SCX_PID" 2>/dev/null; }; then
		lost=" lost=1"
	fi
	res=$(grep '^RESULT ' $WL_OUT | tail -n 1)
	if [ -n "$res" ]; then
		echo "BENCH round=$ROUND sched=$SCHED wl=$wl n=$n rc=$rc$lost ${res#RESULT }"
	else
		echo "BENCH round=$ROUND sched=$SCHED wl=$wl n=$n rc=$rc$lost noresult=1"
	fi
	if [ "$rc" != 0 ] || [ -z "$res" ] || [ -n "$lost" ]; then
		FAILED=1
		why="exit status $rc"
		[ "$rc" = 137 ] && why="killed after ${WL_LIMIT}s (exit status 137)"
		[ -n "$lost" ] && why="$why; scheduler $SCHED no longer running (state $(state))"
		echo "BENCHFAIL round=$ROUND sched=$SCHED wl=$wl n=$n: $why: $*"
		show $WL_OUT
	fi
	if [ -n "$SCX_PID" ]; then
		if [ -n "$lost" ]; then
			echo "--- scx_topo stdout:"; show $SCX_OUT
			echo "--- scx_topo stderr:"; show $SCX_ERR
			dmesg | tail -n 40 | sed 's/^/  dmesg| /'
			# Start it again so the remaining workloads still measure it.
			kill -INT "$SCX_PID" 2>/dev/null
			wait "$SCX_PID"
			SCX_PID=
			wait_state disabled 30
			scx_begin "$SCHED" || { ABORT=1; note "scx_topo did not come back: skipping the rest of $SCHED"; }
		elif [ -z "$NO_BPF" ]; then
			bpf_snap "$wl.$n"
		fi
	fi
	return 0
}

workloads() {
	for n in $HALF $NCPU $((NCPU * 2)); do
		run_wl throughput "$n" wl_throughput -t "$n" -d "$SECS"
	done
	run_wl pingpong "$QUARTER" wl_pingpong -p "$QUARTER" -d "$SECS"
	run_wl futex "$HALF" wl_futex -p "$HALF" -d "$SECS"
	run_wl fanout "$HALF" wl_fanout -w "$HALF" -d "$SECS"
	run_wl wakelat "$HALF" wl_wakelat -t "$HALF" -b "$HALF" -d "$SECS"
	run_wl mixed "$NCPU" wl_mixed -d "$SECS"
	run_wl spin "$NCPU" wl_spin -t "$NCPU" -d "$SECS"
	run_wl spin "$HALF" wl_spin -t "$HALF" -d "$SECS"
	hackbenches
	numa_workloads
	hog_imbalance
}

# hackbench (rt-tests), when the guest has it: pipes and sockets, processes and threads.
hackbenches() {
	command -v hackbench >/dev/null || { note "no hackbench in the guest"; return 0; }
	for ipc in pipe socket; do
		for kind in procs threads; do
			flags="-g $HB_GROUPS -l $HB_LOOPS"
			[ $ipc = pipe ] && flags="$flags -p"
			[ $kind = threads ] && flags="$flags -T"
			# shellcheck disable=SC2086
			run_wl "hackbench-$ipc-$kind" "$HB_GROUPS" sh /bench/hackbench-result.sh "$ipc-$kind" $flags
		done
	done
}

# Processes whose threads share a buffer (issue 11): 4 x 4 and 8 x 2 on 2n2l.
numa_workloads() {
	run_wl numa "$QUARTER"x4 wl_numa -k "$QUARTER" -t 4 -m 64 -d "$SECS"
	run_wl numa "$HALF"x2 wl_numa -k "$HALF" -t 2 -m 32 -d "$SECS"
}

# 1.5 hogs per CPU, then those on node 1 (a third of them) killed: how long
# CPUs idle next to a node with work waiting (issue 11). Needs two nodes.
hog_imbalance() {
	[ -e /sys/devices/system/node/node1 ] || return 0
	# Starting the hogs among each other is slow under TCG (up to ~40 s): more time.
	WL_LIMIT=$((WL_LIMIT + 90))
	run_wl hogs "$((NCPU * 3 / 2))" sh /bench/hog-imbalance.sh "$((NCPU * 3 / 2))" "$((NCPU / 2))"
	WL_LIMIT=$((WL_LIMIT - 90))
}

# One spinner per CPU, SPIN_ROUNDS times, each after a fresh start of the
# scheduler (no restart for the default). Last, since restarts reset the BPF
# run-time counters.
spin_rounds() {
	NO_BPF=1
	sr=1
	while [ $sr -le "$SPIN_ROUNDS" ]; do
		if [ -n "$(sched_cmd "$SCHED")" ]; then
			scx_end
			scx_begin "$SCHED" || { FAILED=1; break; }
		fi
		run_wl spinround "$sr" wl_spin -t "$NCPU" -d "$SPIN_SECS" --window-ms 20
		sr=$((sr + 1))
	done
	NO_BPF=
}

set_numa_balancing() {
	[ -w /proc/sys/kernel/numa_balancing ] || return 0
	echo "$1" >/proc/sys/kernel/numa_balancing
}

echo "bench: guest $(uname -r), $NCPU CPUs, preset ${SCX_VM_PRESET:-?}; $SECS s per run," \
	"$ROUNDS round(s), schedulers: $SCHEDS; peers: ${PEERS:-none}"
nb=$(cat /proc/sys/kernel/numa_balancing 2>/dev/null)
if [ -n "$nb" ] && [ "$nb" != 0 ]; then
	echo 0 >/proc/sys/kernel/numa_balancing
	echo "bench: kernel.numa_balancing was $nb, set to $(cat /proc/sys/kernel/numa_balancing)"
else
	echo "bench: kernel.numa_balancing=${nb:-absent} (the harness's init turned it off)"
fi
[ "$(state)" = disabled ] || note "sched_ext state is '$(state)' before the first run"
command -v bpftool >/dev/null || note "no bpftool in the guest: no BPF run times"

r=1
while [ $r -le "$ROUNDS" ]; do
	ROUND=$r
	for SCHED in $SCHEDS; do
		t0=$(uptime_s)
		ABORT=
		echo "bench: round $r, scheduler $SCHED"
		case $SCHED in
		default)
			[ "$(state)" = disabled ] || note "sched_ext is '$(state)', not the default scheduler"
			workloads
			spin_rounds
			;;
		default-nb1)
			set_numa_balancing 1
			numa_workloads
			hog_imbalance
			set_numa_balancing 0
			;;
		*)
			if scx_begin "$SCHED"; then
				workloads
				spin_rounds
				scx_end
			else
				FAILED=1
			fi
			;;
		esac
		echo "BENCH round=$r sched=$SCHED wl=phase secs=$(awk -v a="$t0" -v b="$(uptime_s)" 'BEGIN { printf "%.1f", b - a }')"
	done
	r=$((r + 1))
done
exit $FAILED
