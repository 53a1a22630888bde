#!/bin/sh
# t_policy.sh - what the scheduler really did, from where threads ran
# (sched_getcpu samples of the workloads) and from its own counters.

node1_first_cpu() { cut -d- -f1 /sys/devices/system/node/node1/cpulist 2>/dev/null | cut -d, -f1; }
node0_cpus() { cat /sys/devices/system/node/node0/cpulist; }

# Every CPU busy, and each thread gets (almost) a whole CPU.
t_fill_every_cpu() {
	ncpu=$(nproc)
	scx_start || return
	wl_spin -t "$ncpu" -d 8 --window-ms 50 >/tmp/spin.out 2>&1 || fail "wl_spin: $(tail -n 2 /tmp/spin.out)"
	say "$(grep '^RESULT' /tmp/spin.out | cut -c1-300)"
	min=$(result_field min_share /tmp/spin.out)
	used=$(result_field cpus_used /tmp/spin.out)
	float_ge "$min" 0.9 || fail "a thread got only $min of a CPU (want >= 0.9)"
	expect_eq "CPUs used" "$used" "0-$((ncpu - 1))"
}

# Half as many threads as CPUs: never two on one CPU while another idles.
t_no_stacking() {
	ncpu=$(nproc)
	half=$((ncpu / 2))
	scx_start || return
	wl_spin -t "$half" -d 8 --window-ms 50 >/tmp/spin.out 2>&1 || fail "wl_spin: $(tail -n 2 /tmp/spin.out)"
	shared=$(result_field overlap_shared /tmp/spin.out)
	windows=$(result_field windows /tmp/spin.out)
	say "$half threads: overlap_shared=$shared (fraction of $windows windows), min_share=$(result_field min_share /tmp/spin.out)"
	# Brief transients (a thread starting, a kworker) are allowed: 5% of windows.
	float_ge 0.05 "$shared" || fail "two threads shared a CPU while another idled in $shared of the windows"
	float_ge "$(result_field min_share /tmp/spin.out)" 0.85 || fail "a thread was starved"
}

# Threads of a process started on node 0 never leave node 0 under
# --numa-strict, even once their affinity allows every CPU; a thread pinned
# to a node-1 CPU still runs there.
t_numa_strict() {
	n1=$(node1_first_cpu)
	[ -n "$n1" ] || { skip "needs two NUMA nodes"; return; }
	ncpu=$(nproc)
	scx_start --numa-strict || return
	wl_spin -t 1 -d 8 --pin-cpu "$n1" >/tmp/pinned.out 2>&1 &
	pinned=$!
	taskset -c "$(node0_cpus)" wl_spin -t $((ncpu * 3 / 4)) -d 8 --set-affinity-at "0.3:0-$((ncpu - 1))" \
		>/tmp/spin.out 2>&1
	wait $pinned || fail "pinned wl_spin: $(tail -n 2 /tmp/pinned.out)"
	nodes=$(result_field thread_nodes /tmp/spin.out)
	say "thread_nodes=$nodes multi_node_threads=$(result_field multi_node_threads /tmp/spin.out) mig_xnode=$(result_field mig_xnode /tmp/spin.out)"
	echo "$nodes" | tr ',' '\n' | grep -qv '^0x1$' && fail "a thread ran outside node 0: $nodes"
	expect_eq "cross-node migrations" "$(result_field mig_xnode /tmp/spin.out)" 0
	expect_eq "pinned thread stayed on CPU $n1" "$(result_field pin_ok /tmp/pinned.out)" 1
	float_ge "$(result_field min_share /tmp/pinned.out)" 0.5 || fail "the pinned thread barely ran"
	scx_stop
	grep -q 'migrate_remote=0 ' "$SCX_OUT" || say "note: remote migrations counted: $(grep totals "$SCX_OUT")"
}

# --numa-strict with as many busy threads as CPUs: new threads get homes on
# both nodes by runnable load, so every CPU is used and no node is overloaded.
t_numa_strict_fills_nodes() {
	[ -n "$(node1_first_cpu)" ] || { skip "needs two NUMA nodes"; return; }
	ncpu=$(nproc)
	scx_start --numa-strict || return
	wl_spin -t "$ncpu" -d 6 >/tmp/spin.out 2>&1 || fail "wl_spin: $(tail -n 2 /tmp/spin.out)"
	say "cpus_used=$(result_field cpus_used /tmp/spin.out) min_share=$(result_field min_share /tmp/spin.out) thread_nodes=$(result_field thread_nodes /tmp/spin.out)"
	expect_eq "CPUs used" "$(result_field cpus_used /tmp/spin.out)" "0-$((ncpu - 1))"
	float_ge "$(result_field min_share /tmp/spin.out)" 0.8 || fail "a thread got only $(result_field min_share /tmp/spin.out) of a CPU"
	expect_eq "cross-node migrations" "$(result_field mig_xnode /tmp/spin.out)" 0
}

# The same start without --numa-strict spreads over both nodes: proof that
# the test above can fail.
t_numa_free_spreads() {
	n1=$(node1_first_cpu)
	[ -n "$n1" ] || { skip "needs two NUMA nodes"; return; }
	ncpu=$(nproc)
	scx_start || return
	taskset -c "$(node0_cpus)" wl_spin -t $((ncpu * 3 / 4)) -d 6 --set-affinity-at "0.3:0-$((ncpu - 1))" \
		>/tmp/spin.out 2>&1
	nodes=$(result_field thread_nodes /tmp/spin.out)
	say "thread_nodes=$nodes"
	echo "$nodes" | tr ',' '\n' | grep -q '0x[23]' || fail "no thread reached node 1 without --numa-strict"
}

# Share of wl_spin's samples taken on performance cores: CPUs 0,1 of every
# 4 in the hybrid model of the 2n2l guest (tests/topology/fixtures).
fast_share() {
	awk '!/^#/ { n++; if ($3 % 4 < 2) f++ } END { printf "%.3f", n ? f / n : 0 }' "$1"
}

# Hybrid: with fewer busy threads than fast CPUs, the threads run on fast CPUs.
# The same load on the homogeneous model is the control.
t_hybrid_fast_first() {
	[ "$SCX_VM_PRESET" = 2n2l ] || { skip "the hybrid model is of the 2n2l preset"; return; }
	scx_start --topology-xml /tests/hybrid-2n2l.xml || return
	grep -q 'CPU kinds (fastest first)' "$SCX_ERR" "$SCX_OUT" || fail "scx_topo did not report the CPU kinds"
	wl_spin -t 4 -d 4 --samples-out /tmp/hybrid.samples >/tmp/hybrid.out 2>&1
	hybrid=$(fast_share /tmp/hybrid.samples)
	scx_stop
	scx_start || return
	wl_spin -t 4 -d 4 --samples-out /tmp/plain.samples >/tmp/spin.out 2>&1
	plain=$(fast_share /tmp/plain.samples)
	say "samples on the model's fast CPUs: hybrid model $hybrid, homogeneous model $plain"
	float_ge "$hybrid" 0.9 || fail "busy threads ran on efficiency cores while fast ones idled ($hybrid): $(grep '^thread' /tmp/hybrid.out | tr '\n' ';')"
}

t_affinity_change() {
	ncpu=$(nproc)
	scx_start || return
	wl_spin -t 4 -d 5 --set-affinity-at "1:$((ncpu - 4))-$((ncpu - 1))" >/tmp/spin.out 2>&1
	rc=$?
	say "affinity_violations=$(result_field affinity_violations /tmp/spin.out) settle_ms=$(result_field affinity_settle_ms /tmp/spin.out)"
	expect_eq "wl_spin status" "$rc" 0
	expect_eq "affinity honoured" "$(result_field affinity_ok /tmp/spin.out)" 1
}

# nice 0 vs nice 10 sharing one LLC's CPUs: CPU time in proportion to weight.
t_nice_weights() {
	llc=$(cat /sys/devices/system/cpu/cpu0/cache/index3/shared_cpu_list 2>/dev/null || echo 0-3)
	nthreads=$(($(echo "$llc" | awk -F- '{ print $2 - $1 + 1 }') * 2))
	scx_start || return
	taskset -c "$llc" wl_spin -t "$nthreads" -d 10 -n 10 >/tmp/spin.out 2>&1 || fail "wl_spin: $(tail -n 2 /tmp/spin.out)"
	ratio=$(result_field share_ratio /tmp/spin.out)
	want=$(result_field weight_ratio /tmp/spin.out)
	say "$nthreads threads on CPUs $llc: share nice0=$(result_field share_g0 /tmp/spin.out) nice10=$(result_field share_g1 /tmp/spin.out) ratio=$ratio weight_ratio=$want"
	awk -v r="$ratio" -v w="$want" 'BEGIN { exit !(r >= w * 0.8 && r <= w * 1.2) }' ||
		fail "share ratio $ratio is not within 20% of the weight ratio $want"
}

# proc_cpu_ticks PID: user + system clock ticks of a process, all threads.
proc_cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }

# nice-19 threads that ran alone for seconds (each charged 100x its run
# time), then twice as many nice-0 threads on the same CPUs: the nice-19
# threads still run now and then, and the watchdog never fires. Without a
# bound on how far a task's vtime may lead its queue's clock they waited
# minutes (khugepaged stalled 11.6 s in the node balancer's hog test).
t_low_weight_not_starved() {
	llc=$(cat /sys/devices/system/cpu/cpu0/cache/index3/shared_cpu_list 2>/dev/null || echo 0-3)
	n=$(echo "$llc" | awk -F- '{ print $2 - $1 + 1 }')
	stalls=$(dmesg | grep -c 'runnable task stall')
	# A 3 s watchdog: long enough for TCG, short enough to see a long wait.
	scx_start --watchdog-ms 3000 || return
	taskset -c "$llc" wl_spin -t "$n" -n 19 --niced "$n" -d 30 >/tmp/low.out 2>&1 &
	low=$!
	sleep 3
	taskset -c "$llc" wl_spin -t $((n * 2)) -d 16 >/tmp/high.out 2>&1 &
	high=$!
	sleep 2
	before=$(proc_cpu_ticks $low)
	sleep 12
	after=$(proc_cpu_ticks $low)
	say "nice-19 threads: $((after - before)) ticks of CPU in 12 s beside $((n * 2)) nice-0 threads on CPUs $llc"
	expect_eq "state with the nice-0 threads running" "$(state)" enabled
	[ "$(dmesg | grep -c 'runnable task stall')" = "$stalls" ] ||
		fail "the watchdog fired: $(dmesg | grep 'failed to run' | tail -n 1)"
	[ "$((after - before))" -gt 0 ] || fail "the nice-19 threads never ran in 12 s"
	kill $low $high 2>/dev/null
	wait $low $high 2>/dev/null
}

# A minute of everything at once; the scheduler is still enabled at the end.
t_mixed_minute() {
	secs=${SCX_MIXED_SECONDS:-60}
	ncpu=$(nproc)
	scx_start || return
	wl_mixed -d "$secs" >/tmp/mixed.out 2>&1 &
	m=$!
	wl_pingpong -p 2 -d "$secs" >/tmp/pp.out 2>&1 &
	p=$!
	wl_spin -t $((ncpu / 2)) -d "$secs" >/tmp/spin.out 2>&1 &
	s=$!
	taskset -c 1 wl_spin -t 1 -d "$secs" >/tmp/pin.out 2>&1 &
	q=$!
	for w in $m $p $s $q; do wait $w || fail "a workload failed (pid $w)"; done
	say "mixed: forks=$(result_field forks /tmp/mixed.out) ok=$(result_field ok /tmp/mixed.out) pingpong rtps=$(result_field rtps /tmp/pp.out)"
	expect_eq "mixed workload ok" "$(result_field ok /tmp/mixed.out)" 1
	expect_eq "state after ${secs}s" "$(state)" enabled
	scx_alive || fail "scx_topo died"
	scx_stop
	expect_eq "scx_topo exit status" "$SCX_RC" 0
	sed -n 's/^scx_topo: totals: /  totals: /p' "$SCX_OUT"
}

# Work queued on a busy LLC moves to other LLCs of the same node (idle
# steals or overload pulls), never to a node the tasks may not use (their
# own samples say where they ran).
t_steal_counters() {
	scx_start || return
	# 12 threads confined to node 0's 8 CPUs: LLCs overflow, node 0 steals.
	taskset -c "$(node0_cpus)" wl_spin -t 12 -d 5 >/tmp/spin.out 2>&1
	scx_stop
	line=$(grep '^scx_topo: totals:' "$SCX_OUT")
	say "$line"
	moved=$(echo "$line" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^(steal_node|pull)=/) { split($i, kv, "="); s += kv[2] } } END { print s + 0 }')
	[ "$moved" -gt 0 ] || fail "no same-node steal or pull counted"
	# Other tasks (the shell, the loader's threads) may be stolen across nodes when
	# node 0 is full; the confined threads never may.
	nodes=$(result_field thread_nodes /tmp/spin.out)
	echo "$nodes" | tr ',' '\n' | grep -qv '^0x1$' && fail "a confined thread ran off node 0: $nodes"
}

# Twice as many busy threads as CPUs: LLCs even out (pulls), so every thread
# gets about half a CPU, not some a quarter and others all of one.
t_overload_fair() {
	ncpu=$(nproc)
	scx_start || return
	wl_spin -t $((ncpu * 2)) -d 10 >/tmp/spin.out 2>&1 || fail "wl_spin: $(tail -n 2 /tmp/spin.out)"
	scx_stop
	min=$(result_field min_share /tmp/spin.out)
	max=$(result_field max_share /tmp/spin.out)
	say "$((ncpu * 2)) threads: min_share=$min max_share=$max; $(grep -o 'pull=[0-9]*' "$SCX_OUT")"
	float_ge "$min" "$(awk -v m="$max" 'BEGIN { print m * 0.6 }')" || fail "unfair: min $min vs max $max"
}
