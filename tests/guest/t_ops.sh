#!/bin/sh
# t_ops.sh - running scx_topo like a service: stats, restarts on CPU
# hotplug, partial mode, the debug trace, SIGHUP reload.

cpu_online() { echo "$2" >"/sys/devices/system/cpu/cpu$1/online"; }

# wait_restarts N SECONDS: until scx_topo has attached N times and is enabled.
wait_attached() {
	_wa=0
	while [ "$(grep -c '^scx_topo: attached' "$SCX_OUT" "$SCX_ERR" 2>/dev/null |
		awk -F: '{ s += $2 } END { print s }')" -lt "$1" ] || [ "$(state)" != enabled ]; do
		_wa=$((_wa + 1))
		[ $_wa -gt $(($2 * 10)) ] && return 1
		usleep 100000
	done
}

t_stats_text() {
	scx_start --stats=1 || return
	wl_spin -t 12 -d 4 >/dev/null 2>&1
	scx_stop
	grep -m 3 -E '^scx_topo: [0-9.]+s direct|^  node 0:|^    llc 1:' "$SCX_OUT" | sed 's/^/  | /'
	grep -q '^scx_topo: [0-9.]*s direct [0-9]*%, migrations/s' "$SCX_OUT" || fail "no summary line"
	grep -q '^  node 1: busy [0-9.]*/8 CPUs, queued [0-9]*, steals' "$SCX_OUT" || fail "no node 1 line"
	grep -q '^    llc 3: busy' "$SCX_OUT" || fail "no llc 3 line"
	grep -q 'queued -1' "$SCX_OUT" && fail "queue lengths could not be read"
	[ "$(grep -c '^scx_topo: [0-9.]*s direct' "$SCX_OUT")" -ge 3 ] || fail "fewer than 3 stats intervals in 4 s"
}

t_stats_json() {
	scx_start --stats-json=1 || return
	wl_spin -t 12 -d 3 >/dev/null 2>&1
	scx_stop
	head -c 600 "$SCX_OUT" | sed 's/^/  | /'
	echo
	[ "$(grep -c . "$SCX_OUT")" -ge 2 ] || fail "fewer than 2 JSON lines"
	grep -v '^{"schema_version":1,' "$SCX_OUT" | grep -q . && fail "a stdout line is not a stats object"
	grep -q '"llcs":\[{"id":0,"node":0,' "$SCX_OUT" || fail "no llcs array"
	[ "$(tail -n 1 "$SCX_OUT" | grep -o '"busy_cpus"' | wc -l)" -eq 6 ] || fail "want 2 nodes + 4 LLCs"
	grep -q '"kernel_events":{' "$SCX_OUT" || fail "no kernel_events"
	grep -q '^scx_topo: attached' "$SCX_ERR" || fail "the attach line should go to stderr in JSON mode"
}

t_hotplug_restart() {
	[ -w /sys/devices/system/cpu/cpu5/online ] || { skip "CPU 5 cannot go offline here"; return; }
	scx_start || return
	wl_spin -t "$(nproc)" -d 14 >/tmp/spin.out 2>&1 &
	spin=$!
	sleep 2
	cpu_online 5 0
	wait_attached 2 30 || fail "no re-attach after CPU 5 went offline (state $(state))"
	sleep 2
	cpu_online 5 1
	wait_attached 3 30 || fail "no re-attach after CPU 5 came back (state $(state))"
	wait $spin || fail "workload failed: $(tail -n 2 /tmp/spin.out)"
	grep 'topology now\|restart' "$SCX_ERR" | sed 's/^/  | /'
	grep -q 'topology now 15 CPUs (was 16).*gone: 5' "$SCX_ERR" || fail "offline change not reported"
	grep -q 'topology now 16 CPUs (was 15).*new: 5' "$SCX_ERR" || fail "online change not reported"
	grep -q 'SCX_ECODE\|restart requested' "$SCX_ERR" || fail "the restart request was not reported"
	float_ge "$(result_field min_share /tmp/spin.out)" 0.3 || fail "a thread stalled: min_share $(result_field min_share /tmp/spin.out)"
	expect_eq "state" "$(state)" enabled
	scx_alive || fail "scx_topo is gone"
	scx_stop
	expect_eq "exit status" "$SCX_RC" 0
}

t_hotplug_no_restart() {
	[ -w /sys/devices/system/cpu/cpu6/online ] || { skip "CPU 6 cannot go offline here"; return; }
	scx_start --no-restart || return
	cpu_online 6 0
	_n=0
	while scx_alive && [ $_n -lt 100 ]; do usleep 100000; _n=$((_n + 1)); done
	cpu_online 6 1
	scx_alive && { fail "scx_topo --no-restart still running after hotplug"; return; }
	wait "$SCX_PID"
	SCX_RC=$?
	SCX_PID=
	expect_eq "exit status (restart requested)" "$SCX_RC" 3
}

t_partial() {
	scx_start --partial || return
	sched_ext_run wl_spin -t 2 -d 3 >/tmp/ext.out 2>&1 &
	ext=$!
	wl_spin -t 2 -d 3 >/tmp/fair.out 2>&1 &
	fair=$!
	sleep 1
	ext_policy=$(grep '^policy' /proc/$ext/sched | awk '{ print $3 }')
	fair_policy=$(grep '^policy' /proc/$fair/sched | awk '{ print $3 }')
	wait $ext || fail "SCHED_EXT workload failed: $(tail -n 2 /tmp/ext.out)"
	wait $fair || fail "normal workload failed"
	scx_stop
	enabled=$(sed -n 's/.* enable=\([0-9]*\).*/\1/p' "$SCX_OUT")
	say "policies: ext=$ext_policy fair=$fair_policy; tasks that entered scx_topo: $enabled"
	expect_eq "SCHED_EXT process policy" "$ext_policy" 7
	expect_eq "other process policy" "$fair_policy" 0
	# The SCHED_EXT process (3 threads) entered; the rest of the system did not.
	[ "${enabled:-0}" -ge 3 ] && [ "${enabled:-0}" -lt 20 ] || fail "$enabled tasks entered scx_topo, want 3..19"
	float_ge "$(result_field min_share /tmp/ext.out)" 0.5 || fail "SCHED_EXT threads barely ran"
}

t_full_mode_takes_all() {
	scx_start || return
	scx_stop
	enabled=$(sed -n 's/.* enable=\([0-9]*\).*/\1/p' "$SCX_OUT")
	say "tasks that entered scx_topo: $enabled"
	[ "${enabled:-0}" -ge 30 ] || fail "only $enabled tasks entered scx_topo without --partial"
}

t_debug_trace() {
	tr=/sys/kernel/tracing
	[ -w $tr/trace ] || { skip "no tracefs"; return; }
	echo 512 >$tr/buffer_size_kb
	echo >$tr/trace
	scx_start || return
	wl_spin -t 4 -d 1 >/dev/null
	scx_stop
	grep -c 'bpf_trace_printk' $tr/trace >/tmp/n_off
	echo >$tr/trace
	scx_start --debug || return
	wl_spin -t 4 -d 1 >/dev/null
	scx_stop
	grep -m 3 'bpf_trace_printk' $tr/trace | sed 's/^/  | /'
	expect_eq "trace lines without --debug" "$(cat /tmp/n_off)" 0
	grep -q 'bpf_trace_printk: \(direct\|enqueue\|stop\) pid=' $tr/trace || fail "no decision traced with --debug"
	echo >$tr/trace
}

t_sighup_reload() {
	scx_start || return
	kill -HUP "$SCX_PID"
	wait_attached 2 30 || fail "no re-attach after SIGHUP"
	grep -q 'SIGHUP: reloading' "$SCX_ERR" || fail "reload not reported"
	expect_eq "state" "$(state)" enabled
	scx_stop
	expect_eq "exit status" "$SCX_RC" 0
}
