#!/bin/sh
# t_topology.sh - the model in the guest matches the kernel's own sysfs view,
# and the running scheduler's maps match the model.

# Sorted, unique cpulists of the highest cache level shared by several CPUs.
sysfs_llc_lists() {
	for c in /sys/devices/system/cpu/cpu[0-9]*; do
		best=
		for idx in "$c"/cache/index*; do
			[ -r "$idx/shared_cpu_list" ] && best=$idx
		done
		[ -n "$best" ] && cat "$best/shared_cpu_list"
	done | sort -u
}

sysfs_node_lists() {
	for n in /sys/devices/system/node/node[0-9]*; do
		l=$(cat "$n/cpulist")
		[ -n "$l" ] && echo "$l"
	done | sort -u
}

# json_number KEY FILE: first integer value of "KEY" in a JSON file.
json_number() {
	grep -o "\"$1\": *[0-9]*" "$2" | head -n 1 | sed 's/.*: *//'
}

t_dump_matches_sysfs() {
	"$SCX" --dump-topology=json >/tmp/topo.json 2>/tmp/topo.err || fail "dump failed: $(cat /tmp/topo.err)"
	"$SCX" --dump-topology >/tmp/topo.txt 2>&1 || fail "text dump failed"
	ncpu=$(nproc)
	nllc=$(sysfs_llc_lists | wc -l)
	nnode=$(sysfs_node_lists | wc -l)
	say "sysfs: $ncpu CPUs, $nllc LLCs, $nnode nodes"
	expect_eq "nr_cpus" "$(json_number nr_cpus /tmp/topo.json)" "$ncpu"
	expect_eq "nr_llcs" "$(json_number nr_llcs /tmp/topo.json)" "$nllc"
	expect_eq "nr_nodes" "$(json_number nr_nodes /tmp/topo.json)" "$nnode"
	# Every sysfs LLC and node cpulist appears as a cpulist in the dump.
	for l in $(sysfs_llc_lists) $(sysfs_node_lists); do
		grep -q "\"cpulist\": *\"$l\"" /tmp/topo.json || fail "cpulist $l (sysfs) not in the dump"
	done
	head -n 12 /tmp/topo.txt | sed 's/^/  | /'
}

t_readback_matches() {
	scx_start || return
	"$SCX" --dump-topology=kernel >/tmp/rb.out 2>/tmp/rb.err
	rc=$?
	sed 's/^/  | /' /tmp/rb.out
	expect_eq "read-back exit status" "$rc" 0
	grep -q '^scx_topo: kernel maps match hwloc' /tmp/rb.out || fail "read-back: $(cat /tmp/rb.err)"
	grep -q 'cpu_info .* entries match' /tmp/rb.out || fail "cpu_info not compared"
}

t_readback_without_scheduler() {
	"$SCX" --dump-topology=kernel >/tmp/rb.out 2>/tmp/rb.err
	expect_eq "exit status with no scheduler" "$?" 1
	grep -q 'no scx_topo is running (sched_ext disabled): start it first' /tmp/rb.err || fail "message: $(cat /tmp/rb.err)"
	expect_eq "stderr lines" "$(grep -c . /tmp/rb.err)" 1
	# Not root: one reason (not permitted), not also "start it first".
	as_nobody "$SCX" --dump-topology=kernel >/tmp/rb.out 2>/tmp/rb.err
	expect_eq "exit status as nobody" "$?" 1
	grep -q 'not permitted: run as root' /tmp/rb.err || fail "nobody: $(cat /tmp/rb.err)"
	grep -q 'start it first' /tmp/rb.err && fail "nobody told to start it: $(cat /tmp/rb.err)"
	expect_eq "stderr lines as nobody" "$(grep -c . /tmp/rb.err)" 1
}
