#!/bin/sh
# t_numa.sh - process homes, the node balancer and memory that follows
# (issue 11), from real kernel state: sched_getcpu samples and move_pages
# page nodes (wl_memhome), /proc/PID/stat, run times from schedstat, and the
# per-node counters of --stats-json.

node_cpus() { cat "/sys/devices/system/node/node$1/cpulist" 2>/dev/null; }
nr_nodes() { ls -d /sys/devices/system/node/node[0-9]* 2>/dev/null | wc -l; }

# on_node NODE PID...: those of the PIDs whose working threads last ran on a
# CPU of NODE (field 39 of /proc/PID/task/TID/stat), in one pass: a loop of
# forks per PID takes tens of seconds in a guest full of hogs. The working
# threads are those other than the main one, when there are any: a hog's main
# thread sleeps in join, and where it last ran says nothing (it stays on its
# first node when the balancer rehomes the process).
on_node() {
	_on_cpus=$(cd "/sys/devices/system/node/node$1" && ls -d cpu[0-9]* | sed 's/^cpu//' | tr '\n' ' ')
	shift
	_on_files=
	for _on_p in "$@"; do _on_files="$_on_files /proc/$_on_p/task/*/stat"; done
	# shellcheck disable=SC2086 # a list of globs
	grep -H '' $_on_files 2>/dev/null |
		awk -v cpus=" $_on_cpus" '{ split($0, path, "/"); pid = path[3]; tid = path[5]
			sub(/.*\) /, ""); on = index(cpus, " " $37 " ") > 0
			if (tid != pid) { worker[pid] = 1; if (on) hit[pid] = 1 } else if (on) leader[pid] = 1
			seen[pid] = 1 }
		END { for (pid in seen) if (hit[pid] || (!worker[pid] && leader[pid])) print pid }'
}

# mean_idle_share SECONDS: mean over CPUs of each CPU's idle share during the
# next SECONDS, and the most idle CPU. Idle time over wall time: a CPU's idle
# time comes from the clock, but its busy jiffies from timer ticks, which a
# busy vCPU loses under TCG (platform.md), so idle over the sum of a CPU's
# jiffies read 0.73 for a CPU the hogs kept busy most of the time.
mean_idle_share() {
	cat /proc/uptime /proc/stat >/tmp/stat.a
	sleep "$1"
	cat /proc/uptime /proc/stat >/tmp/stat.b
	awk -v hz="$(getconf CLK_TCK 2>/dev/null || echo 100)" '
	     FNR == 1 { up[FILENAME] = $1; next }
	     !/^cpu[0-9]/ { next }
	     FILENAME == ARGV[1] { a[$1] = $5 + $6; next }
	     { wall = up[ARGV[2]] - up[ARGV[1]]; idle = ($5 + $6 - a[$1]) / hz / wall
	       if (idle > 1) idle = 1
	       s += idle; n++; if (idle > m) { m = idle; c = $1 } }
	     END { printf "%.3f %.3f %s\n", n ? s / n : 1, m, c }' /tmp/stat.a /tmp/stat.b
}

# hog_shares SECONDS PID...: for busy processes (never asleep), the share
# of the next SECONDS each PID's threads ran rather than waited for a CPU,
# from the kernel's clock-based times (/proc/PID/task/TID/schedstat: ns on
# a CPU, ns runnable but waiting); prints the mean, the lowest, the PID
# with the lowest and how many were measured. Each process's own run + wait is its window, so a shell
# that reads the files slowly on a loaded guest does not skew it, and unlike
# /proc/stat's jiffies a vCPU that waits for a host core loses none of it
# (platform.md, TCG ticks).
hog_shares() {
	_hs_secs=$1
	shift
	_hs_files=
	for _hs_p in "$@"; do _hs_files="$_hs_files /proc/$_hs_p/task/*/schedstat"; done
	# shellcheck disable=SC2086 # a list of globs
	grep -H '' $_hs_files >/tmp/hs.a 2>/dev/null
	sleep "$_hs_secs"
	# shellcheck disable=SC2086
	grep -H '' $_hs_files >/tmp/hs.b 2>/dev/null
	awk '{ split($0, path, "/"); pid = path[3]; sub(/.*:/, "")
	       if (FILENAME == ARGV[1]) { run[pid] -= $1; wait[pid] -= $2 }
	       else { run[pid] += $1; wait[pid] += $2; seen[pid] = 1 } }
	     END { m = 2
	           for (pid in seen) if (run[pid] + wait[pid] > 0) {
	                   s = run[pid] / (run[pid] + wait[pid]); sum += s; n++
	                   if (s < m) { m = s; low = pid } }
	           printf "%.3f %.3f %s %d\n", n ? sum / n : 0, n ? m : 0, low, n }' /tmp/hs.a /tmp/hs.b
}

# json_node_sum KEY: KEY summed over the nodes of the last --stats-json line.
json_node_sum() {
	grep '^{' "$SCX_OUT" | tail -n 1 | grep -o "\"$1\":[0-9.]*" |
		awk -F: '{ s += $2 } END { print s + 0 }'
}

need_homes() {
	[ "$(nr_nodes)" -ge 2 ] || { skip "needs two NUMA nodes"; return 1; }
	return 0
}

# Started after scx_topo: wait until the balancer's first numbers are out.
homes_visible() {
	sleep 2
	grep -q '"procs":' "$SCX_OUT" && return 0
	skip "this scheduler has no process homes (no procs in --stats-json)"
	return 1
}

# An idle guest: every node's runnable load per CPU, as the balancer averages
# it (--stats-json load_per_cpu), stays near 0. The loader's own threads
# (the balancer taking the count, the main thread waking on the same tick)
# are not counted: one of them is 0.125 on an 8-CPU node, and it hid the one
# idle CPU of a node from the balancer.
t_numa_loader_not_counted() {
	need_homes || return
	scx_start --stats-json=1 || return
	homes_visible || return
	sleep 3
	loads=$(grep '^{' "$SCX_OUT" | tail -n 2 | grep -o '"load_per_cpu":[0-9.]*' | cut -d: -f2 | tr '\n' ' ')
	say "load per CPU by node, last two seconds: $loads"
	[ -n "$loads" ] || fail "no load_per_cpu in --stats-json"
	for l in $loads; do
		float_ge 0.06 "$l" || fail "an idle node shows load $l per CPU (the loader counted itself?)"
	done
}

# --numa-strict, 4 processes x 4 threads sharing 64 MiB each: every process
# keeps all its threads on one node and >= 98% of its pages there.
t_numa_procs_together() {
	need_homes || return
	scx_start --numa-strict --stats-json=1 -v || return
	homes_visible || return
	wl_memhome -p 4 -t 4 -m 64 -d 8 --settle 2 >/tmp/mh.out 2>&1 || fail "wl_memhome: $(tail -n 2 /tmp/mh.out)"
	grep '^proc ' /tmp/mh.out | sed 's/^/  | /'
	say "$(grep '^RESULT' /tmp/mh.out)"
	expect_eq "processes split over nodes" "$(result_field split_procs /tmp/mh.out)" 0
	float_ge "$(result_field min_time_share /tmp/mh.out)" 0.98 || fail "a process ran off its main node"
	float_ge "$(result_field min_page_share /tmp/mh.out)" 0.98 || fail "a process has < 98% of its pages on its node"
}

# Without --numa-strict, 4 processes x 4 threads sweeping 64 MiB each (more
# than an LLC holds): a thread woken by a thread of another process on the
# other node (the shared start barrier) goes to its own home, where its
# process touched its memory. Before, waker affinity pulled whole processes
# away from their pages (mean local-access share 0.25-0.38 in 3 of 4 runs).
t_numa_unbound_near_memory() {
	need_homes || return
	scx_start --stats-json=1 -v || return
	homes_visible || return
	wl_numa -k 4 -t 4 -m 64 -d 4 >/tmp/wn.out 2>&1 || fail "wl_numa: $(tail -n 2 /tmp/wn.out)"
	grep '^process ' /tmp/wn.out | sed 's/^/  | /'
	say "$(grep '^RESULT' /tmp/wn.out)"
	# A thread that found its home full at the barrier runs on the other node
	# for the whole sweep (0.875 with one such thread on each node).
	float_ge "$(result_field local_share /tmp/wn.out)" 0.7 ||
		fail "mean local-access share $(result_field local_share /tmp/wn.out) < 0.7"
}

# hog_idle_window LABEL PIDS: the next 2 s, CPUs' idle shares (asserted: mean
# <= 0.05, none above 0.25) and, shown beside them, the hogs' run and wait
# times (hog_shares): a hog waits while another shares its CPU, or while
# short tasks (this shell, the loader) hold it.
hog_idle_window() {
	# shellcheck disable=SC2086 # a list of PIDs
	hog_shares 2 $2 >/tmp/hogs.out &
	_hw_job=$!
	# shellcheck disable=SC2046 # the figures, as words
	set -- "$1" $(mean_idle_share 2)
	wait "$_hw_job"
	say "$1 after the kill: mean idle share $2, most idle CPU $3 ($4); hogs ran (mean, least, pid, count): $(cat /tmp/hogs.out)"
	float_ge 0.05 "$2" || fail "$1 after the kill: CPUs idle $2 of the time (want <= 0.05)"
	float_ge 0.25 "$3" || fail "$1 after the kill: a CPU idled $3 of the time"
}

# 24 single-threaded hogs under --numa-strict, then the 8 on node 1 killed:
# the balancer rehomes hogs to node 1, and 2 s later no CPU idles.
t_numa_hog_rebalance() {
	need_homes || return
	scx_start --numa-strict --stats-json=1 -v || return
	homes_visible || return
	hogs=
	say "hogs start at $(cut -d' ' -f1 /proc/uptime) s"
	for i in $(seq 24); do
		# Long enough to outlast this shell, which the hogs slow down; killed below.
		wl_spin -t 1 -d 150 >/tmp/hog.$i.out 2>&1 &
		hogs="$hogs $!"
	done
	sleep 4
	killed=0 on1=0
	for p in $(on_node 1 $hogs); do
		on1=$((on1 + 1))
		[ $killed -lt 8 ] && kill "$p" && killed=$((killed + 1))
	done
	say "hogs on node 1 before: $on1, killed $killed by $(cut -d' ' -f1 /proc/uptime) s"
	[ $killed -ge 4 ] || fail "only $killed hogs ran on node 1 (want 8)"
	# The kill reads every hog's CPU in one pass: a fork per hog took 20-50 s,
	# and the kills were spread over that long. The issue asks for no CPU idle
	# after 2 s: measured from 2 to 4 s after the kill, and from 4 to 6 s.
	sleep 2
	alive=
	for p in $hogs; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
	# shellcheck disable=SC2086 # a list of PIDs
	set -- $alive
	[ $# -eq $((24 - killed)) ] || fail "only $# hogs still run (want $((24 - killed))): $(tail -n 2 /tmp/hog.1.out)"
	hog_idle_window "2-4 s" "$alive"
	hog_idle_window "4-6 s" "$alive"
	rehomes=$(json_node_sum rehomes_in)
	say "rehomes so far $rehomes"
	grep -E 'rehome: |balance: |moved [0-9.]+ MB' "$SCX_ERR" | head -n 20 | sed 's/^/  | /'
	[ "$rehomes" -ge 1 ] || fail "no rehome counted"
	# A fill takes the processes that wait first: -v shows each candidate as
	# tgid:demand/waited/threads, and on a node of 12 hogs on 8 CPUs a hog
	# waits about a third of its time.
	waited=$(grep -oE 'candidates.*' "$SCX_ERR" | grep -oE ' [0-9]+:[0-9.]+/[0-9.]+/' |
		awk -F'[:/]' '$3 > 0.05' | wc -l)
	[ "$waited" -ge 1 ] || fail "no candidate of the balancer showed time waiting in a queue"
	for p in $hogs; do kill "$p" 2>/dev/null; done
	# shellcheck disable=SC2086 # not a bare wait: that would wait for scx_topo too
	wait $hogs 2>/dev/null
}

# Processes started on node 0 (taskset), then allowed everywhere: the
# balancer rehomes some to node 1 and, under --numa-strict, their pages follow.
# It passed 4 of 5 runs with the balancer of CPU-time demands (in the other,
# processes rocked between the nodes); with runnable-time demands and the
# averaged imbalance signals, 7 of 7.
t_numa_pages_follow() {
	need_homes || return
	scx_start --numa-strict --stats-json=1 -v || return
	homes_visible || return
	# 2 MiB each and 28 s: under TCG a busy guest's migrate_pages(2) took 6.5 s
	# for 4 MiB even under the fair class, and the mover takes one process at a
	# time, so 6 processes of 4 MiB did not fit 20 s (their pages are counted
	# at the end).
	taskset -c "$(node_cpus 0)" wl_memhome -p 12 -t 1 -m 2 -d 28 --widen-at 1 --settle 22 \
		>/tmp/mh.out 2>&1 || fail "wl_memhome: $(tail -n 2 /tmp/mh.out)"
	grep '^proc ' /tmp/mh.out | sed 's/^/  | /'
	say "$(grep '^RESULT' /tmp/mh.out); MB moved in: $(json_node_sum mb_moved_in)"
	[ "$(result_field moved_procs /tmp/mh.out)" -ge 1 ] || fail "no process moved to another node"
	float_ge "$(result_field moved_min_page_share /tmp/mh.out)" 0.9 ||
		fail "a rehomed process has only $(result_field moved_min_page_share /tmp/mh.out) of its pages on its new node"
	float_ge "$(json_node_sum mb_moved_in)" 1 || fail "no memory move counted"
}

# The same with the buffers bound to node 0 (MPOL_BIND): processes may move,
# their pages must not.
t_numa_bound_memory_stays() {
	need_homes || return
	scx_start --numa-strict --stats-json=1 -v || return
	homes_visible || return
	taskset -c "$(node_cpus 0)" wl_memhome -p 12 -t 1 -m 16 -d 10 --widen-at 1 --settle 6 --membind 0 \
		>/tmp/mh.out 2>&1 || fail "wl_memhome: $(tail -n 2 /tmp/mh.out)"
	say "$(grep '^RESULT' /tmp/mh.out); left alone: $(grep -c 'stays: own memory policy' "$SCX_ERR")"
	# proc I pid P main_node M time_share T page_share S start_node N nodes X
	awk '$1 == "proc" && $6 != $12 && $10 > 0.02 { bad++ } END { exit bad > 0 }' /tmp/mh.out ||
		fail "pages bound to node 0 moved: $(awk '$1 == "proc" && $6 != $12' /tmp/mh.out | tr '\n' ';')"
	[ "$(result_field moved_procs /tmp/mh.out)" -ge 1 ] || fail "no process was rehomed: the test proved nothing"
}

# Processes confined to node 1 by a cpuset, node 1 overloaded, node 0 idle:
# they are never rehomed, and run and keep their memory on node 1.
t_numa_cpuset_stays() {
	need_homes || return
	cg=/sys/fs/cgroup/numa1
	echo +cpuset >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || { skip "no cpuset controller"; return; }
	mkdir -p $cg && echo "$(node_cpus 1)" >$cg/cpuset.cpus && echo 1 >$cg/cpuset.mems ||
		{ skip "cannot make a node-1 cpuset"; return; }
	scx_start --numa-strict --stats-json=1 -v || return
	homes_visible || return
	sh -c "echo \$\$ >$cg/cgroup.procs && exec wl_memhome -p 12 -t 1 -m 8 -d 8 --settle 3" >/tmp/mh.out 2>&1 ||
		fail "wl_memhome: $(tail -n 2 /tmp/mh.out)"
	say "$(grep '^RESULT' /tmp/mh.out)"
	expect_eq "processes by node" "$(result_field procs_per_node /tmp/mh.out)" "1:12"
	float_ge "$(result_field min_time_share /tmp/mh.out)" 1 || fail "a confined process ran off node 1"
	float_ge "$(result_field min_page_share /tmp/mh.out)" 0.98 || fail "a confined process's pages left node 1"
	rmdir $cg 2>/dev/null
}

# The soak, under --numa-strict.
t_soak_numa_strict() {
	SCX_SOAK_FLAGS=--numa-strict
	t_soak "${SCX_SOAK_NUMA_SECONDS:-30}"
	SCX_SOAK_FLAGS=
}

# 4-node ring: the guest sees the distances, and the first rehomes from a
# busy node 0 go to node 1 (12), not node 3 (20) or node 2 (28).
t_numa_ring_nearest() {
	[ "$(nr_nodes)" -ge 4 ] || { skip "needs the 4-node ring preset (4n2l)"; return; }
	expect_eq "node 0 distances" "$(cat /sys/devices/system/node/node0/distance)" "10 12 28 20"
	scx_start --numa-strict --stats-json=1 -v || return
	homes_visible || return
	taskset -c "$(node_cpus 0)" wl_memhome -p 12 -t 1 -m 4 -d 8 --widen-at 1 --settle 6 \
		>/tmp/mh.out 2>&1 || fail "wl_memhome: $(tail -n 2 /tmp/mh.out)"
	grep 'rehome: ' "$SCX_ERR" | head -n 8 | sed 's/^/  | /'
	first=$(grep -m 1 'rehome: pid [0-9]* node 0 -> ' "$SCX_ERR" | sed 's/.*node 0 -> \([0-9]*\).*/\1/')
	expect_eq "first rehome from node 0 goes to" "$first" 1
	say "$(grep '^RESULT' /tmp/mh.out)"
}
