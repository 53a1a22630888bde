#!/bin/sh
# check-report.sh REPORT_PY RAW_LOG - the benchmark report builds a table from a
# small raw log: one column per scheduler, ratio tables, NUMA rows, BPF ratios to
# scx_simple, and the targets judged from the log's figures.
out=$(python3 "$1" "$2" --scheds "default default-nb1 topo topo-strict simple") || {
	echo "report.py failed" >&2
	exit 1
}
status=0
while IFS= read -r want; do
	printf '%s\n' "$out" | grep -qF -- "$want" || { echo "missing: $want" >&2; status=1; }
done <<'WANT'
metric                                     default        topo topo-strict      simple
futex wake share in waker's LLC              0.999       0.080         n/a         n/a
futex round trips/s                              -       0.83x         n/a         n/a
numa 4x4 local-access share (mean)           0.720       0.940       0.690         n/a         n/a
bpf select_cpu ns/call                       3.00x         n/a           -
rounds: waited while a CPU idled (max)         n/a       0.006         n/a         n/a
MISSED  futex wake share on other node <= 0.01: topo=0.690
MISSED  spinner rounds: LLC migrations/s <= the best peer's: topo=96 best peer=4
MISSED  hog imbalance: idle <= 2% from 2 s after the kill [strict]: topo-strict=0.250
WANT
[ $status = 0 ] || printf '%s\n' "$out"
exit $status
