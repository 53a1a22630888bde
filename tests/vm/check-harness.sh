#!/usr/bin/env bash
# End-to-end checks of the VM harness itself: every preset's topology, exit status
# pass-through, the hard timeout, crash detection and retry, --bin/--file. Boots one VM
# at a time (about 8 boots, 2-4 minutes on 2 cores); ends with "N passed, N failed".
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

# expect NAME WANTED_STATUS VM_RUN_ARGS...: run the harness, compare its exit status,
# and make sure no QEMU outlived it. The run's TMPDIR is ours, so its QEMU (whose
# -initrd lives there) is told apart from other people's.
expect() {
	local name=$1 want=$2 got=0 tmp=$WORK/tmp.$1
	shift 2
	echo "=== $name: expecting exit status $want"
	mkdir -p "$tmp"
	TMPDIR=$tmp "$VM_RUN" "$@" >"$WORK/$name.log" 2>&1 || got=$?
	if [ "$got" -eq "$want" ] && ! pgrep -f "qemu-system.*$tmp/" >/dev/null; then
		echo "--- PASS $name"
		PASSED=$((PASSED + 1))
	else
		echo "--- FAIL $name: exit status $got (wanted $want); last lines of its output:"
		tail -n 25 "$WORK/$name.log" | sed 's/^/    /'
		pgrep -f "qemu-system.*$tmp/" >/dev/null && echo "    (its QEMU process was left behind)"
		FAILED=$((FAILED + 1))
	fi
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
		expect topology-mismatch 126 --preset 2n2l --append maxcpus=8 \
			--script "$VM_DIR/selftest.sh"
	fi
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

main "$@"
