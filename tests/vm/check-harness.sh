#!/usr/bin/env bash
# End-to-end checks of the VM harness itself: every preset's topology, exit status
# pass-through, the hard timeout, crash detection and the resumed boot after one, SIGTERM,
# --bin/--file. Boots one VM at a time (11 boots, 3-5 minutes on 2 quiet cores); ends with
# "N passed, N failed".
#
#   tests/vm/check-harness.sh [--quick]     (--quick: the 2n2l selftest and exit 3 only)
set -euo pipefail

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VM_RUN=$VM_DIR/vm-run.sh
WORK=$(mktemp -d "${TMPDIR:-/tmp}/scx-vm-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PASSED=0 FAILED=0

# guest_script NAME BODY: a guest script in the work dir; prints its path.
guest_script() {
	printf '#!/bin/sh\n%s\n' "$2" >"$WORK/$1.sh"
	echo "$WORK/$1.sh"
}

# Each run gets its own TMPDIR, so its QEMU (whose -initrd lives there) is told apart
# from other people's.
run_tmp() { mkdir -p "$WORK/tmp.$1" && echo "$WORK/tmp.$1"; }
qemu_of() { pgrep -f "qemu-system.*$1/" >/dev/null; }

# verdict NAME WANTED GOT TMP: PASS when the status is the wanted one and no QEMU is left.
verdict() {
	local name=$1 want=$2 got=$3 tmp=$4
	if [ "$got" -eq "$want" ] && ! qemu_of "$tmp"; then
		echo "--- PASS $name"
		PASSED=$((PASSED + 1))
	else
		echo "--- FAIL $name: exit status $got (wanted $want); last lines of its output:"
		tail -n 25 "$WORK/$name.log" | sed 's/^/    /'
		if qemu_of "$tmp"; then echo "    (its QEMU process was left behind)"; fi
		FAILED=$((FAILED + 1))
	fi
}

# expect NAME WANTED_STATUS VM_RUN_ARGS...: run the harness and check its exit status.
expect() {
	local name=$1 want=$2 got=0 tmp
	shift 2
	echo "=== $name: expecting exit status $want"
	tmp=$(run_tmp "$name")
	TMPDIR=$tmp "$VM_RUN" "$@" >"$WORK/$name.log" 2>&1 || got=$?
	verdict "$name" "$want" "$got" "$tmp"
}

# SIGTERM while the guest runs: the harness must stop QEMU and exit 143.
check_sigterm() {
	local name=sigterm got=0 tmp pid
	echo "=== $name: expecting exit status 143"
	tmp=$(run_tmp "$name")
	TMPDIR=$tmp "$VM_RUN" --preset 1n1l --script "$(guest_script sleep2 'sleep 1000')" \
		>"$WORK/$name.log" 2>&1 &
	pid=$!
	# Wait for the guest (or at most 5 minutes), then a little longer.
	for _ in $(seq 300); do
		grep -q 'running sleep2.sh' "$WORK/$name.log" && break
		sleep 1
	done
	sleep 2
	kill -TERM "$pid"
	wait "$pid" || got=$?
	verdict "$name" 143 "$got" "$tmp"
}

check_bin_and_file() {
	local dir=$WORK/data bin
	mkdir -p "$dir"
	echo "payload-42" >"$dir/payload.txt"
	# Any dynamically linked host binary proves the library copying; bash also proves that
	# /test.sh runs under its #! interpreter.
	bin=$(command -v bash)
	cat >"$WORK/bin.sh" <<-'EOF'
		#!/bin/bash
		set -euo pipefail
		[[ -n ${BASH_VERSION:-} ]]
		[[ $(cat /opt/data/payload.txt) == payload-42 ]]
		echo "bash $BASH_VERSION runs in the guest"
	EOF
	expect bin-and-file 0 --preset 1n1l --script "$WORK/bin.sh" --bin "$bin" --file "$dir:/opt/data"
}

main() {
	expect selftest-2n2l 0 --preset 2n2l --script "$VM_DIR/selftest.sh"
	expect exit-status 3 --preset 1n1l --script "$(guest_script exit3 'exit 3')"
	if [ "${1:-}" != --quick ]; then
		expect selftest-smt 0 --preset smt --script "$VM_DIR/selftest.sh"
		expect selftest-1n1l 0 --preset 1n1l --script "$VM_DIR/selftest.sh"
		check_bin_and_file
		expect hard-timeout 124 --preset 1n1l --timeout 30 --script "$(guest_script sleep 'sleep 1000')"
		expect crash 125 --preset 1n1l --no-retry \
			--script "$(guest_script crash 'echo c >/proc/sysrq-trigger')"
		# The boot after a crash goes on after the one TEST line the first printed.
		expect resume-after-crash 0 --preset 1n1l --script "$(guest_script resume '
echo "TEST first PASS"
grep -q "scx_vm.resume=1\>" /proc/cmdline && exit 0
grep -q scx_vm.resume /proc/cmdline && exit 4
echo c >/proc/sysrq-trigger')"
		expect topology-mismatch 126 --preset 2n2l --append maxcpus=8 \
			--script "$VM_DIR/selftest.sh"
		check_sigterm
	fi
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

main "$@"
