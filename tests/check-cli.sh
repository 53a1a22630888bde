#!/bin/sh
# check-cli.sh SCX_TOPO: the command line's answers that need no sched_ext:
# one-line errors with the right status, write errors, separate values.
set -u
scx=$1
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
failed=0

bad() { echo "FAIL: $*"; failed=1; }

# expect STATUS STDERR_PATTERN ARGS...: exactly one stderr line matching the pattern.
expect() {
	want=$1 pattern=$2
	shift 2
	"$scx" "$@" >"$out" 2>"$err"
	rc=$?
	[ "$rc" = "$want" ] || bad "scx_topo $*: status $rc, want $want"
	[ "$(grep -c . "$err")" = 1 ] || bad "scx_topo $*: want one stderr line, got: $(cat "$err")"
	grep -q -- "$pattern" "$err" || bad "scx_topo $*: stderr '$(cat "$err")' lacks '$pattern'"
}

"$scx" --help >/dev/full 2>"$err"
[ $? = 1 ] && [ "$(grep -c . "$err")" = 1 ] && grep -q "cannot write the help or version to stdout: No space left" "$err" ||
	bad "--help >/dev/full: status 1 and one line wanted: $(cat "$err")"
"$scx" --dump-topology >/dev/full 2>"$err"
[ $? = 1 ] && grep -q "cannot write the topology" "$err" || bad "--dump-topology >/dev/full: $(cat "$err")"
expect 2 "option '--st' is ambiguous" --st
expect 2 "option '--partial' doesn't allow an argument" --partial=1
expect 2 "unknown option '--bogus'" --bogus
expect 2 "missing value for option '--slice-us'" --slice-us
expect 2 "unknown option '-x'" -x
expect 2 "--stats and --stats-json are exclusive" --stats 2 --stats-json
expect 2 "--format only applies to --monitor" --format=json
expect 2 "invalid value 'yaml' for --format" --monitor --format yaml
expect 2 "unexpected argument 'foo'" --stats foo
expect 2 "invalid value '0' for --stats" --stats 0
"$scx" --dump-topology json >"$out" 2>"$err" && [ "$(head -c 1 "$out")" = "{" ] ||
	bad "--dump-topology json (separate value): $(cat "$err")"
"$scx" --help | tail -n 1 | grep -qx 'See scx_topo(8).' || bad "--help does not end with the man page"

if [ ! -e /sys/kernel/sched_ext ]; then
	expect 1 "this kernel has no sched_ext" --stats 2
	[ "$(wc -c <"$err")" -le 130 ] || bad "no-sched_ext line too long: $(wc -c <"$err") bytes"
	expect 1 "this kernel has no sched_ext" --dump-topology=kernel
fi
if [ ! -e /var/run/scx/root/stats ]; then
	expect 1 "no scx_topo is running" --monitor
	expect 1 "no scx_topo is running" --monitor 2 --format json
fi
exit $failed
