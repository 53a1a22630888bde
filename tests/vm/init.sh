#!/bin/sh
# shellcheck shell=dash # busybox ash: POSIX sh plus `local`
# /init of the test VM (busybox sh, PID 1). Installed by mkinitramfs.sh; settings come
# from /etc/scx-vm.conf, written by vm-run.sh.
#
# Prints, for the host to parse (each followed by the run's nonce so that a test printing
# the same words cannot fake them):
#   SCX_VM_TEST_START <nonce>         the test script is about to run (ends "boot" timing)
#   SCX_VM_EXIT=<status> <nonce>      the test script's exit status
#   SCX_VM_SETUP_FAILED <nonce>       the guest is not what the preset promised
# PID 1 must never exit (the kernel would panic), so nothing here uses `set -e`; every
# path ends in power_off.

export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/root

# shellcheck disable=SC1091 # written by vm-run.sh
. /etc/scx-vm.conf

power_off() {
	poweroff -f
	# Only reached if the poweroff syscall failed: SysRq 'o' is the last resort.
	echo o >/proc/sysrq-trigger
	sleep 1000000
}

setup_failed() {
	echo "vm-init: $*"
	echo "SCX_VM_SETUP_FAILED $SCX_VM_NONCE"
	power_off
}

mount_all() {
	# Mountpoint and filesystem type (also used as the source name): everything a BPF
	# scheduler test may need.
	while read -r dir type; do
		mkdir -p "$dir"
		mount -t "$type" "$type" "$dir" || setup_failed "cannot mount $type on $dir"
	done <<-EOF
		/proc proc
		/sys sysfs
		/dev devtmpfs
		/sys/kernel/debug debugfs
		/sys/kernel/tracing tracefs
		/sys/fs/cgroup cgroup2
		/sys/fs/bpf bpf
		/tmp tmpfs
	EOF
	mkdir -p /dev/pts /dev/shm
	mount -t devpts devpts /dev/pts
	mount -t tmpfs tmpfs /dev/shm
	# Workloads may talk over loopback sockets; there is no other network.
	ip link set lo up
}

# check_groups WHAT PREFIX SUFFIX GROUPS: every CPU of each group ("4-7" or "5") must read
# exactly that group from the file PREFIX<cpu>SUFFIX.
check_groups() {
	local what="$1" prefix="$2" suffix="$3" groups="$4" group cpu last files='' line got bad=0
	for group in $groups; do
		cpu=${group%-*}
		last=${group#*-}
		while [ "$cpu" -le "$last" ]; do
			eval "got_$cpu='(missing)'"
			files="$files $prefix$cpu$suffix"
			cpu=$((cpu + 1))
		done
	done
	# One grep reads every file: a cat per CPU would cost a fork each (tens of ms under
	# TCG), and the shell's own `read` gets nothing from cpulists that sysfs serves as
	# binary attributes. ($files is a list of paths: split on purpose.)
	# shellcheck disable=SC2086
	while IFS= read -r line; do
		cpu=${line%%:*}
		cpu=${cpu#"$prefix"}
		cpu=${cpu%"$suffix"}
		eval "got_$cpu=\${line#*:}"
	done <<-EOF
		$(grep -H '' $files 2>/dev/null)
	EOF
	for group in $groups; do
		cpu=${group%-*}
		last=${group#*-}
		while [ "$cpu" -le "$last" ]; do
			eval "got=\$got_$cpu"
			if [ "$got" != "$group" ]; then
				echo "vm-init: TOPOLOGY MISMATCH: $what of cpu$cpu: expected $group, got $got"
				bad=1
			fi
			cpu=$((cpu + 1))
		done
	done
	return $bad
}

check_nodes() {
	local node=0 group got bad=0
	for group in $SCX_VM_NODES; do
		got=$(cat /sys/devices/system/node/node$node/cpulist 2>/dev/null) || got="(no node$node)"
		if [ "$got" != "$group" ]; then
			echo "vm-init: TOPOLOGY MISMATCH: node$node cpulist: expected $group, got $got"
			bad=1
		fi
		node=$((node + 1))
	done
	if [ -e /sys/devices/system/node/node$node ]; then
		echo "vm-init: TOPOLOGY MISMATCH: expected $node NUMA nodes, guest has node$node too"
		bad=1
	fi
	return $bad
}

check_topology() {
	local bad=0 online expected_online="0-$((SCX_VM_NR_CPUS - 1))"
	read -r online </sys/devices/system/cpu/online
	if [ "$online" != "$expected_online" ]; then
		echo "vm-init: TOPOLOGY MISMATCH: online CPUs: expected $expected_online, got $online"
		bad=1
	fi
	check_nodes || bad=1
	# index3 is the L3 on these CPU models; make sure before trusting its shared_cpu_list.
	local level=none
	read -r level 2>/dev/null </sys/devices/system/cpu/cpu0/cache/index3/level
	if [ "$level" != 3 ]; then
		echo "vm-init: TOPOLOGY MISMATCH: cpu0 cache index3 is level '$level', not an L3"
		bad=1
	fi
	check_groups "L3 (index3/shared_cpu_list)" /sys/devices/system/cpu/cpu \
		/cache/index3/shared_cpu_list "$SCX_VM_LLCS" || bad=1
	check_groups "SMT siblings (thread_siblings_list)" /sys/devices/system/cpu/cpu \
		/topology/thread_siblings_list "$SCX_VM_SIBLINGS" || bad=1
	return $bad
}

# Run /test.sh with its #! interpreter when the guest has it (e.g. a --bin bash), else
# with busybox sh.
run_test() {
	local first='' interp='' status
	read -r first </test.sh
	case $first in
	'#!'*)
		interp=${first#??}
		interp=${interp# }
		interp=${interp%% *}
		;;
	esac
	# stdin is /dev/null, not the console: a stray read would hang until the host's
	# hard timeout.
	if [ -n "$interp" ] && [ -x "$interp" ]; then
		(cd /tmp && exec /test.sh) </dev/null
	else
		(cd /tmp && exec sh /test.sh) </dev/null
	fi
	status=$?
	echo
	echo "SCX_VM_EXIT=$status $SCX_VM_NONCE"
}

# Firmware leaves the console mid-line ("Booting from ROM.."): start ours on a fresh one.
echo
mount_all
# Automatic NUMA balancing moves only the default scheduler's tasks and makes its
# figures vary run to run; the tests compare schedulers, so it stays off.
[ -w /proc/sys/kernel/numa_balancing ] && echo 0 >/proc/sys/kernel/numa_balancing

check_topology || setup_failed "guest topology does not match preset '$SCX_VM_PRESET'"
echo "vm-init: topology of preset '$SCX_VM_PRESET' verified" \
	"(nodes: $SCX_VM_NODES; LLCs: $SCX_VM_LLCS; SMT: $SCX_VM_SIBLINGS)"

export SCX_VM_PRESET SCX_VM_NR_CPUS SCX_VM_NODES SCX_VM_LLCS SCX_VM_SIBLINGS
echo "SCX_VM_TEST_START $SCX_VM_NONCE"
run_test
power_off
