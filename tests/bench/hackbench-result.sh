#!/bin/sh
# hackbench-result.sh MODE ARGS... - run rt-tests' hackbench (in the guest's
# /bin) and print its time as a workload RESULT line for guest-bench.sh.
# MODE names the variant (pipe-procs, socket-threads, ...); ARGS go to hackbench.
mode=$1
shift
out=$(hackbench "$@" 2>&1)
rc=$?
printf '%s\n' "$out"
t=$(printf '%s\n' "$out" | sed -n 's/^Time: *\([0-9.]*\).*/\1/p' | tail -n 1)
[ "$rc" = 0 ] || exit "$rc"
[ -n "$t" ] || { echo "hackbench-result: no 'Time:' line" >&2; exit 1; }
echo "RESULT prog=hackbench mode=$mode time_s=$t"
