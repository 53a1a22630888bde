#!/usr/bin/env bash
# run-vm-suite.sh - boot the test VM once with scx_topo, the workloads and the
# guest tests, and run tests/guest/suite.sh there.
#
#   tests/run-vm-suite.sh [--build-dir DIR] [--preset NAME] [--kernel-suite S]
#                         [--timeout S] [--append KERNEL_ARGS] [-- [SCX_KEY=VALUE...] TEST...]
#
# e.g. a long soak: tests/run-vm-suite.sh --timeout 1200 -- SCX_SOAK_SECONDS=600 soak
#
# Exit status: the guest suite's, or 124 (timeout), 125 (guest crash),
# 126 (the VM could not be started here).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
preset=2n2l
suite_args=()
vm_args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--build-dir) build=$2; shift 2 ;;
	--preset) preset=$2; shift 2 ;;
	--kernel-suite) vm_args+=(--kernel-suite "$2"); shift 2 ;;
	--timeout) vm_args+=(--timeout "$2"); shift 2 ;;
	--append) vm_args+=(--append "$2"); shift 2 ;;
	--) shift; suite_args=("$@"); break ;;
	*) echo "run-vm-suite: unknown argument '$1'" >&2; exit 2 ;;
	esac
done

for tool in qemu-system-x86_64 busybox cpio; do
	if ! command -v "$tool" >/dev/null; then
		echo "run-vm-suite: $tool missing: run tools/install-deps.sh" >&2
		exit 126
	fi
done
[ -x "$build/scx_topo" ] || { echo "run-vm-suite: $build/scx_topo not built: run tools/build.sh" >&2; exit 126; }

bins=(--bin "$build/scx_topo")
for b in "$build"/guest-bin/*; do
	[ -x "$b" ] && bins+=(--bin "$b")
done
files=()
for f in "$root"/tests/guest/*.sh; do
	files+=(--file "$f:/tests/$(basename "$f")")
done
# Another machine's hwloc XML, for the "does not match this machine" test.
files+=(--file "$root/tests/topology/fixtures/unequal-llc.xml:/tests/foreign.xml")
# The 2n2l guest described as a hybrid part, for the fast-kind preference test.
files+=(--file "$root/tests/topology/fixtures/2n2l-hybrid.xml:/tests/hybrid-2n2l.xml")

# The guest runs suite.sh with the chosen tests baked into a wrapper script.
wrapper=$(mktemp)
trap 'rm -f "$wrapper"' EXIT
{
	echo '#!/bin/sh'
	printf 'exec sh /tests/suite.sh'
	[ ${#suite_args[@]} -eq 0 ] || printf ' %q' "${suite_args[@]}"
	echo
} >"$wrapper"

exec "$root/tests/vm/vm-run.sh" --preset "$preset" --script "$wrapper" \
	"${bins[@]}" "${files[@]}" "${vm_args[@]}"
