#!/bin/sh
# t_service.sh - scx_topo as operators run it: the stats socket and
# --monitor, and systemd's notify protocol (READY=1 once enabled).

STATS_SOCK=/var/run/scx/root/stats

# monitor_for SECONDS OUT ARGS...: run scx_topo --monitor ARGS for SECONDS, then SIGINT it.
monitor_for() {
	_secs=$1 _out=$2
	shift 2
	"$SCX" "$@" >"$_out" 2>"$_out.err" &
	_mon=$!
	sleep "$_secs"
	kill -INT "$_mon" 2>/dev/null
	wait "$_mon"
	MON_RC=$?
}

t_monitor() {
	scx_start || return
	[ -S "$STATS_SOCK" ] || { fail "no stats socket at $STATS_SOCK"; return; }
	expect_eq "socket mode" "$(stat -c %a "$STATS_SOCK")" 600
	wl_spin -t 8 -d 6 >/dev/null 2>&1 &
	spin=$!
	monitor_for 3 /tmp/mon.txt --monitor=1
	sed -n 1,8p /tmp/mon.txt | sed 's/^/  | /'
	expect_eq "--monitor status after SIGINT" "$MON_RC" 0
	[ "$(grep -c '^scx_topo: [0-9.]*s direct [0-9]*%, migrations/s' /tmp/mon.txt)" -ge 2 ] ||
		fail "fewer than 2 summary lines in 3 s of --monitor=1"
	grep -q '^  node 1: busy [0-9.]*/8 CPUs, queued [0-9-]*, steals' /tmp/mon.txt || fail "no node 1 line"
	grep -q '^    llc 3: busy' /tmp/mon.txt || fail "no llc 3 line"
	monitor_for 2 /tmp/mon.json --monitor 1 --format json
	head -c 300 /tmp/mon.json | sed 's/^/  | /'; echo
	expect_eq "--monitor --format json status" "$MON_RC" 0
	[ "$(grep -c . /tmp/mon.json)" -ge 1 ] || fail "no JSON lines"
	grep -v '^{"schema_version":1,' /tmp/mon.json | grep -q . && fail "a line is not a stats object"
	[ "$(tail -n 1 /tmp/mon.json | grep -o '"busy_cpus"' | wc -l)" -eq 6 ] || fail "want 2 nodes + 4 LLCs"
	"$SCX" --monitor --format=openmetrics >/tmp/mon.om 2>/tmp/mon.om.err
	expect_eq "openmetrics status" "$?" 0
	grep -E '^scx_topo_(direct_total|llc_queued\{llc="3",node="1"\}|node_busy_cpus\{node="1"\}) ' /tmp/mon.om | sed 's/^/  | /'
	grep -q '^# TYPE scx_topo_direct counter$' /tmp/mon.om || fail "no direct counter family"
	grep -q '^scx_topo_enqueue_total [0-9][0-9]*$' /tmp/mon.om || fail "no enqueue_total sample"
	grep -q '^scx_topo_llc_queued{llc="3",node="1"} ' /tmp/mon.om || fail "no llc 3 queue gauge"
	expect_eq "last openmetrics line" "$(tail -n 1 /tmp/mon.om)" "# EOF"
	wait $spin
	as_nobody "$SCX" --monitor >/tmp/mon.nobody 2>&1
	expect_eq "--monitor as nobody status" "$?" 1
	expect_eq "--monitor as nobody lines" "$(grep -c . /tmp/mon.nobody)" 1
	grep -q 'permission denied; run as root' /tmp/mon.nobody || fail "nobody: $(cat /tmp/mon.nobody)"
	scx_alive || fail "scx_topo died while monitored"
	scx_stop
	expect_eq "scheduler exit status" "$SCX_RC" 0
	[ -e "$STATS_SOCK" ] && fail "the stats socket outlived scx_topo"
	"$SCX" --monitor >/tmp/mon.none 2>&1
	expect_eq "--monitor with none running: status" "$?" 1
	expect_eq "--monitor with none running: lines" "$(grep -c . /tmp/mon.none)" 1
	grep -q 'no scx_topo is running' /tmp/mon.none || fail "none running: $(cat /tmp/mon.none)"
}

# The raw scx_stats protocol, as scx's own clients speak it.
t_stats_protocol() {
	scx_start || return
	stats_ask "$STATS_SOCK" '{"req":"stats_meta","args":{}}' '{"req":"stats","args":{"target":"top"}}' \
		'{"req":"stats","args":{}}' '{"req":"bogus"}' 'not json' >/tmp/proto.out ||
		fail "stats_ask failed"
	cut -c 1-160 /tmp/proto.out | sed 's/^/  | /'
	sed -n 1p /tmp/proto.out | grep -q '^{"errno":0,"args":{"resp":{"topo_stats":{"name":"topo_stats","top":"true"' ||
		fail "stats_meta reply"
	sed -n 1p /tmp/proto.out | grep -q '"migrate_remote":{"datum":"u64"' || fail "counters missing from stats_meta"
	sed -n 2p /tmp/proto.out | grep -q '^{"errno":0,"args":{"resp":{"schema_version":1,' || fail "stats reply"
	sed -n 3p /tmp/proto.out | grep -q '^{"errno":0,"args":{"resp":{"schema_version":1,' || fail "stats reply without target"
	sed -n 4p /tmp/proto.out | grep -q '^{"errno":22,"args":{"resp":"unknown command' || fail "unknown command reply"
	sed -n 5p /tmp/proto.out | grep -q '^{"errno":22,' || fail "bad line reply"
	scx_alive || fail "scx_topo died serving the protocol"
	scx_stop
}

t_sd_notify() {
	notify_sink /tmp/notify.sock 60 >/tmp/notify.log 2>&1 &
	sink=$!
	usleep 200000
	export NOTIFY_SOCKET=/tmp/notify.sock
	scx_start
	_started=$?
	unset NOTIFY_SOCKET
	[ $_started = 0 ] || { kill $sink; return; }
	usleep 500000
	scx_stop
	usleep 200000
	kill $sink 2>/dev/null
	wait $sink 2>/dev/null
	sed 's/^/  | /' /tmp/notify.log
	grep -q '^state=enabled READY=1|STATUS=attached: 16 CPUs, [0-9]* cores, 4 LLCs, 2 nodes; sched_ext enabled' /tmp/notify.log ||
		fail "no READY=1 with the attach summary while enabled"
	grep -q 'STOPPING=1' /tmp/notify.log || fail "no STOPPING=1"
	grep -q '^state=disabled.*READY=1' /tmp/notify.log && fail "READY=1 before sched_ext was enabled"
	expect_eq "exit status" "$SCX_RC" 0
}
