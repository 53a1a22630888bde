#!/bin/sh
# lib.sh - helpers for guest-side tests (busybox sh). Each test is a shell
# function t_NAME; run_test reports "TEST NAME PASS|FAIL|SKIP [why]" lines
# that tests/run-tests.sh counts on the host.

SCX=${SCX:-/bin/scx_topo}
SCX_STATE=/sys/kernel/sched_ext/state
SCX_OPS=/sys/kernel/sched_ext/root/ops
SCX_OUT=/tmp/scx.out
SCX_ERR=/tmp/scx.err
SCX_PID=
SCX_RC=

say() { echo "  [$CUR_TEST] $*"; }

# fail "why": record a failure of the current test (the test goes on, so
# one run shows every broken assertion).
fail() {
	say "FAIL: $*"
	CUR_FAILED=1
}

skip() {
	CUR_SKIPPED="$*"
}

run_test() {
	CUR_TEST=$1
	CUR_FAILED=0
	CUR_SKIPPED=
	echo "=== $CUR_TEST"
	t0=$(date +%s)
	if ! type "t_$CUR_TEST" >/dev/null 2>&1; then
		echo "TEST $CUR_TEST FAIL (no such test)"
		return
	fi
	"t_$CUR_TEST"
	deadman_stop
	cleanup_scx
	t1=$(date +%s)
	if [ -n "$CUR_SKIPPED" ]; then
		echo "TEST $CUR_TEST SKIP $CUR_SKIPPED"
	elif [ "$CUR_FAILED" = 0 ]; then
		echo "TEST $CUR_TEST PASS ($((t1 - t0))s)"
	else
		echo "TEST $CUR_TEST FAIL ($((t1 - t0))s)"
		echo "--- scx_topo stdout:"; tail -n 30 "$SCX_OUT" 2>/dev/null
		echo "--- scx_topo stderr:"; tail -n 30 "$SCX_ERR" 2>/dev/null
	fi
}

state() { cat "$SCX_STATE" 2>/dev/null; }
root_ops() { cat "$SCX_OPS" 2>/dev/null; }

# wait_state STATE SECONDS: poll until sched_ext reaches STATE.
wait_state() {
	_ws_n=0
	while [ "$(state)" != "$1" ]; do
		_ws_n=$((_ws_n + 1))
		[ $_ws_n -gt $(($2 * 10)) ] && return 1
		usleep 100000
	done
	return 0
}

# scx_start ARGS...: start scx_topo in the background and wait for "enabled".
scx_start() {
	"$SCX" "$@" >"$SCX_OUT" 2>"$SCX_ERR" &
	SCX_PID=$!
	_ss_n=0
	while [ "$(state)" != enabled ]; do
		if ! kill -0 "$SCX_PID" 2>/dev/null; then
			wait "$SCX_PID"
			fail "scx_topo $* exited (status $?) before sched_ext was enabled: $(tail -n 1 "$SCX_ERR")"
			SCX_PID=
			return 1
		fi
		_ss_n=$((_ss_n + 1))
		if [ $_ss_n -gt 600 ]; then
			fail "scx_topo $* did not reach enabled in 60 s (state: $(state))"
			return 1
		fi
		usleep 100000
	done
	return 0
}

# scx_stop [SIGNAL]: stop scx_topo, keep its exit status in SCX_RC.
scx_stop() {
	[ -n "$SCX_PID" ] || return 0
	kill "-${1:-INT}" "$SCX_PID" 2>/dev/null
	wait "$SCX_PID"
	SCX_RC=$?
	SCX_PID=
}

# run_ms PID: how long PID's threads have run on a CPU, in ms (schedstat: clock-based).
run_ms() {
	cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d\n", s / 1e6 }'
}

scx_alive() { [ -n "$SCX_PID" ] && kill -0 "$SCX_PID" 2>/dev/null; }

cleanup_scx() {
	if [ -n "$SCX_PID" ]; then
		kill -INT "$SCX_PID" 2>/dev/null
		wait "$SCX_PID" 2>/dev/null
		SCX_PID=
	fi
	wait_state disabled 20 || say "warning: sched_ext still $(state) after cleanup"
}

# deadman_start SECONDS: a heartbeat task of the scheduler under test, watched by a
# SCHED_FIFO deadman that dumps sched_ext state and disables it (sysrq D, S) when
# the heartbeat stops for SECONDS: a stall then fails the test instead of freezing
# the guest. deadman_stop fails the test if it fired.
deadman_start() {
	DEADMAN_HB=/tmp/deadman.$CUR_TEST
	touch "$DEADMAN_HB"
	(while [ -e "$DEADMAN_HB" ]; do touch -c "$DEADMAN_HB"; sleep 1; done) &
	deadman "$DEADMAN_HB" "$1" &
	DEADMAN_PID=$!
}

deadman_stop() {
	[ -n "$DEADMAN_PID" ] || return 0
	rm -f "$DEADMAN_HB"
	wait "$DEADMAN_PID" || fail "the deadman fired: tasks stalled with sched_ext enabled (dump on the console)"
	DEADMAN_PID=
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# result_field KEY FILE: value of KEY=... in the last RESULT line of FILE.
result_field() {
	grep '^RESULT ' "$2" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# float_ge A B: A >= B for decimal numbers.
float_ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
