#!/bin/sh
# check-bad-xml.sh SCX_TOPO FILE NEEDLE: `SCX_TOPO --dump-topology --topology-xml FILE`
# must exit with status 1 (an error, not death by a signal), print nothing on
# stdout and exactly one line on stderr, naming FILE and containing NEEDLE.
set -u
bin=$1 file=$2 needle=$3
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

"$bin" --dump-topology --topology-xml "$file" >"$out" 2>"$err"
rc=$?
status=0
fail() {
	echo "FAIL: $*"
	status=1
}
if [ $rc -gt 128 ]; then
	fail "scx_topo died by signal $((rc - 128))"
elif [ $rc -ne 1 ]; then
	fail "exit status $rc, want 1"
fi
[ -s "$out" ] && fail "$(wc -l <"$out") line(s) on stdout"
[ "$(wc -l <"$err")" -eq 1 ] || fail "$(wc -l <"$err") lines on stderr, want 1"
grep -qF -- "$file" "$err" || fail "the message does not name $file"
grep -qF -- "$needle" "$err" || fail "the message does not say '$needle'"
echo "stderr: $(cat "$err")"
exit $status
