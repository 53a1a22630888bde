#!/usr/bin/env bash
# run-tests.sh - the whole test suite: host unit tests (ctest) and the VM
# tests, which boot Debian's sched_ext kernel in QEMU and run scx_topo there.
#
#   tests/run-tests.sh [--host-only] [--vm-only] [--no-hardening] [--build-dir DIR]
#
# Host part: ctest, then tests/run-host-hardening.sh (ASan/UBSan build and
# ctest, bounded libFuzzer runs, hardening of the binary).
#
# Ends with one line "N passed, N failed, N skipped". Exit status 0 only when
# nothing failed. A VM test that cannot run is reported as skipped, with the
# reason, except under CI (CI=true), where it counts as failed.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
run_host=1
run_vm=1
run_hardening=1
while [ $# -gt 0 ]; do
	case "$1" in
	--host-only) run_vm=0; shift ;;
	--vm-only) run_host=0; run_hardening=0; shift ;;
	--no-hardening) run_hardening=0; shift ;;
	--build-dir) build=$2; shift 2 ;;
	*) echo "run-tests: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
	esac
done

passed=0 failed=0 skipped=0
failed_names=()
fail_reasons=$(mktemp)
trap 'rm -f "$fail_reasons"' EXIT
log() { echo "run-tests: $*" >&2; }

"$root/tools/build.sh" "$build" || { echo "0 passed, 1 failed"; exit 1; }

count_ctest() {
	local out=$1 total nfail
	total=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' "$out" | tail -n1)
	nfail=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1/p' "$out" | tail -n1)
	if [ -z "$total" ]; then
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + total - nfail))
	failed=$((failed + nfail))
	[ "$nfail" -gt 0 ] && failed_names+=($(sed -n 's/^[[:space:]]*[0-9]* - \([^ ]*\) .*/ctest:\1/p' "$out"))
}

if [ $run_host = 1 ]; then
	log "host tests (ctest)"
	out=$(mktemp)
	(cd "$build" && ctest --output-on-failure -j2) 2>&1 | tee "$out"
	count_ctest "$out"
	rm -f "$out"
fi

# count_plain FILE NAME: add a "N passed, N failed" closing line to the totals.
count_plain() {
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n1)
	if [ -z "$line" ]; then
		failed=$((failed + 1))
		failed_names+=("$2")
		return
	fi
	[ "$(echo "$line" | awk '{ print $3 }')" -gt 0 ] && failed_names+=("$2")
	passed=$((passed + $(echo "$line" | awk '{ print $1 }')))
	failed=$((failed + $(echo "$line" | awk '{ print $3 }')))
}

if [ $run_host = 1 ] && [ $run_hardening = 1 ]; then
	log "sanitizers, fuzzing, binary hardening (tests/run-host-hardening.sh)"
	out=$(mktemp)
	"$root/tests/run-host-hardening.sh" 2>&1 | tee "$out"
	count_plain "$out" hardening
	rm -f "$out"
fi

# run_vm_suite PRESET[@KERNEL_SUITE] [TEST...]: one boot, the guest suite,
# TEST lines counted.
run_vm_suite() {
	local preset=${1%@*} kernel=trixie-backports out rc
	case "$1" in *@*) kernel=${1#*@} ;; esac
	shift
	out=$(mktemp)
	log "VM suite: preset $preset, kernel $kernel"
	# The full 2n2l list takes about 8 min under TCG: the limit leaves room for the
	# harness's retries after a guest crash (each goes on where the last boot stopped).
	"$root/tests/run-vm-suite.sh" --build-dir "$build" --preset "$preset" --kernel-suite "$kernel" \
		--timeout 1200 -- "$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	# After a guest crash the harness boots again and the suite goes on after the tests
	# already finished (scx_vm.resume, tests/vm/vm-run.sh): every boot's TEST lines count.
	grep '^TEST ' "$out" >"$out.last" || true
	passed=$((passed + $(grep -c '^TEST .* PASS' "$out.last")))
	failed=$((failed + $(grep -c '^TEST .* FAIL' "$out.last")))
	skipped=$((skipped + $(grep -c '^TEST .* SKIP' "$out.last")))
	failed_names+=($(awk -v p="$preset" '/^TEST .* FAIL/ { print p ":" $2 }' "$out.last"))
	# Each failed test's own "FAIL:" reasons, repeated at the end.
	grep -E '^  \[[a-z0-9_]+\] FAIL: ' "$out" | tail -n 20 | sed "s/^/run-tests: $preset /" >>"$fail_reasons"
	rm -f "$out.last"
	if [ "$rc" -ne 0 ]; then
		log "VM suite on $preset ended with status $rc (124 timeout, 125 guest crash, 126 cannot boot)"
		if [ "$rc" -eq 126 ] && [ "${CI:-}" != true ]; then
			echo "TEST vm_$preset SKIP the VM could not be booted here"
			skipped=$((skipped + 1))
		else
			echo "TEST vm_$preset FAIL the VM run did not complete (status $rc)"
			failed=$((failed + 1))
			failed_names+=("$preset:vm_$preset")
		fi
	fi
	rm -f "$out"
}

if [ $run_vm = 1 ]; then
	while read -r preset tests; do
		case "$preset" in ''|'#'*) continue ;; esac
		# shellcheck disable=SC2086
		run_vm_suite "$preset" $tests </dev/null
	done <"$root/tests/vm-plan.txt"
fi

# The failures by name just above the totals, where a log's tail shows them.
if [ ${#failed_names[@]} -gt 0 ]; then
	cat "$fail_reasons"
	echo "run-tests: failed: ${failed_names[*]}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
