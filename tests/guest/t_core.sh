#!/bin/sh
# t_core.sh - the foundation: scx_topo attaches, runs every task, detaches
# cleanly, reports its end, and refuses bad starts in one line.

t_attach_sigint() {
	scx_start || return
	expect_eq "state while running" "$(state)" enabled
	expect_eq "root/ops" "$(root_ops)" topo
	grep -q '^scx_topo: attached' "$SCX_OUT" || fail "no 'attached' line on stdout"
	grep -q "ops 'topo' ([0-9.]* s to attach)$" "$SCX_OUT" || fail "attach line without the time to attach: $(grep attached "$SCX_OUT")"
	# Discovery and load run at nice -20; once attached the loader is back at 0.
	expect_eq "loader nice after attach" "$(awk '{ print $19 }' /proc/$SCX_PID/stat)" 0
	scx_stop INT
	expect_eq "exit status after SIGINT" "$SCX_RC" 0
	expect_eq "state after SIGINT" "$(state)" disabled
	grep -q 'scheduler ended: SCX_EXIT_UNREG' "$SCX_ERR" || fail "no exit report naming SCX_EXIT_UNREG"
	grep -q '^scx_topo: reason: ' "$SCX_ERR" || fail "exit report has no reason"
}

t_detach_sigterm() {
	scx_start || return
	scx_stop TERM
	expect_eq "exit status after SIGTERM" "$SCX_RC" 0
	expect_eq "state after SIGTERM" "$(state)" disabled
}

# Every CPU busy with a CPU-bound thread: all make progress, the shell answers.
t_busy_every_cpu() {
	ncpu=$(nproc)
	scx_start || return
	wl_spin -t "$ncpu" -d 6 >/tmp/spin.out 2>&1 &
	spin=$!
	sleep 2
	t0=$(date +%s)
	answer=$(timeout 10 sh -c 'echo alive')
	t1=$(date +%s)
	expect_eq "shell answer under load" "$answer" alive
	[ $((t1 - t0)) -le 5 ] || fail "shell took $((t1 - t0))s to answer under load"
	wait $spin || fail "wl_spin failed: $(tail -n 3 /tmp/spin.out)"
	min=$(result_field min_share /tmp/spin.out)
	say "$ncpu threads: min_share=$min avg_share=$(result_field avg_share /tmp/spin.out)"
	float_ge "$min" 0.5 || fail "a thread got only $min of a CPU"
	expect_eq "state after load" "$(state)" enabled
	scx_alive || fail "scx_topo died under load"
	scx_stop
	sed -n 's/^scx_topo: totals: /  totals: /p' "$SCX_OUT"
	grep -q 'direct=[1-9]' "$SCX_OUT" || fail "no direct dispatch was counted"
}

t_second_instance() {
	scx_start || return
	"$SCX" >/tmp/second.out 2>/tmp/second.err
	rc=$?
	expect_eq "second instance exit status" "$rc" 1
	grep -q "another sched_ext scheduler is enabled ('topo')" /tmp/second.err ||
		fail "second instance message: $(cat /tmp/second.err)"
	expect_eq "error lines" "$(wc -l </tmp/second.err)" 1
	expect_eq "first instance still enabled" "$(state)" enabled
	scx_alive || fail "first instance died"
}

t_unknown_flag() {
	"$SCX" --no-such-flag >/tmp/flag.out 2>/tmp/flag.err
	expect_eq "exit status" "$?" 2
	grep -q "unknown option '--no-such-flag'" /tmp/flag.err || fail "message: $(cat /tmp/flag.err)"
	expect_eq "state" "$(state)" disabled
}

t_not_root() {
	as_nobody "$SCX" >/tmp/nobody.out 2>/tmp/nobody.err
	expect_eq "exit status as nobody" "$?" 1
	grep -q "missing capability CAP_SYS_ADMIN: run as root" /tmp/nobody.err ||
		fail "message: $(cat /tmp/nobody.err)"
	expect_eq "state" "$(state)" disabled
}

# The kernel ends the scheduler (sysrq-S): the loader says how and why.
t_sysrq_exit_report() {
	[ -w /proc/sysrq-trigger ] || { skip "no /proc/sysrq-trigger"; return; }
	scx_start || return
	echo S >/proc/sysrq-trigger
	wait_state disabled 20 || fail "sysrq-S did not disable sched_ext"
	n=0
	while scx_alive && [ $n -lt 100 ]; do usleep 100000; n=$((n + 1)); done
	scx_alive && fail "scx_topo did not exit after sysrq-S"
	wait "$SCX_PID"
	SCX_RC=$?
	SCX_PID=
	expect_eq "exit status after sysrq" "$SCX_RC" 0
	grep -q 'scheduler ended: SCX_EXIT_SYSRQ' "$SCX_ERR" || fail "exit report: $(head -n 3 $SCX_ERR)"
	grep -q 'reason: .*sysrq' "$SCX_ERR" || fail "exit reason does not mention sysrq"
	sed 's/^/  | /' "$SCX_ERR" | head -n 4
}
