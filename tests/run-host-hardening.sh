#!/usr/bin/env bash
# run-host-hardening.sh - sanitizers, fuzzing and binary hardening of the host code.
#
#   tests/run-host-hardening.sh [--skip-release] [--skip-asan] [--skip-fuzz]
#
# Steps, each reported as "TEST name PASS|FAIL [detail] (Ns)":
#   release-build, hardening-*   build/scx_topo (RelWithDebInfo) is PIE, has RELRO
#                                and BIND_NOW, a non-executable stack, and uses the
#                                stack protector and FORTIFY_SOURCE (readelf)
#   asan-build, asan-ctest       the host code with -DSCX_SANITIZE=ON (ASan+UBSan)
#                                in its own build dir, and ctest there
#   fuzz-build                   the libFuzzer harnesses of tests/fuzz (clang-19,
#                                -DSCX_FUZZ=ON) in their own build dir
#   fuzz-replay-X                every file of tests/fuzz/regressions/fuzz_X/, once
#   fuzz-X                       fuzz_X fuzzed for FUZZ_SECONDS on a temporary copy of
#                                its seed corpus (the repository is never written)
#                                (X: topology_xml, topology_synthetic, options)
# Ends with "N passed, N failed"; exits non-zero if anything failed.
#
# Environment:
#   FUZZ_SECONDS  fuzzing time per fuzzer (default 60; 0 skips fuzzing, not replay)
#   FUZZ_JOBS     fuzzers run at once (default: all three; they share the cores)
#   BUILD_DIR     release build (default build), ASAN_BUILD_DIR (build-asan),
#   FUZZ_BUILD_DIR (build-fuzz): build directories, relative to the source tree
#   ASAN_CC       compiler of the sanitizer build (default: cmake's choice, gcc)
#   FUZZ_CC       compiler of the fuzz build (default clang-19)
# A fuzzer's crash input is kept in FUZZ_BUILD_DIR/artifacts/; once fixed, add it
# to tests/fuzz/regressions/fuzz_X/ so every later run replays it (see tests/fuzz/README.md).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_JOBS=${FUZZ_JOBS:-3}
build=$root/${BUILD_DIR:-build}
asan_build=$root/${ASAN_BUILD_DIR:-build-asan}
fuzz_build=$root/${FUZZ_BUILD_DIR:-build-fuzz}
FUZZ_CC=${FUZZ_CC:-clang-19}
jobs=$(nproc)
fuzzers=(fuzz_topology_xml fuzz_topology_synthetic fuzz_options)

run_release=1 run_asan=1 run_fuzz=1
while [ $# -gt 0 ]; do
	case "$1" in
	--skip-release) run_release=0 ;;
	--skip-asan) run_asan=0 ;;
	--skip-fuzz) run_fuzz=0 ;;
	*) echo "run-host-hardening: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
	esac
	shift
done

passed=0 failed=0
tmp=$(mktemp -d /tmp/scx-hardening.XXXXXX)
bg_pids=()
cleanup() {
	local p
	for p in "${bg_pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "run-host-hardening: $*" >&2; }

# report NAME STATUS(0=pass) SECONDS [DETAIL]
report() {
	local name=$1 status=$2 secs=$3 detail=${4:-}
	if [ "$status" -eq 0 ]; then
		echo "TEST $name PASS${detail:+ $detail} (${secs}s)"
		passed=$((passed + 1))
	else
		echo "TEST $name FAIL${detail:+ $detail} (${secs}s)"
		failed=$((failed + 1))
	fi
}

# step NAME CMD...: run CMD with its output in a log; on failure show the log's tail.
step() {
	local name=$1 start rc logf=$tmp/$1.log
	shift
	start=$(date +%s)
	"$@" >"$logf" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		log "$name failed (status $rc); last lines of its output:"
		tail -n 40 "$logf" >&2
	fi
	report "$name" $rc $(($(date +%s) - start))
	return $rc
}

# vmlinux.h is only needed to configure; reuse the release build's, if any,
# so the extra build directories do not fetch it again.
vmlinux_args=()
vmlinux_arg() {
	vmlinux_args=()
	if [ -f "$build/vmlinux/vmlinux.h" ]; then
		vmlinux_args=("-DSCX_VMLINUX_H=$build/vmlinux/vmlinux.h")
	fi
}

if [ "$(id -u)" -eq 0 ]; then
	QUIET=1 "$root/tools/install-deps.sh" || log "tools/install-deps.sh failed; trying with what is installed"
fi

# ---- release binary and its hardening ---------------------------------------------

configure_release() {
	if [ ! -f "$build/CMakeCache.txt" ]; then
		cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo || return 1
	fi
	cmake --build "$build" --target scx_topo -j "$jobs"
}

# check_elf NAME DETAIL CONDITION-COMMAND...
check_elf() {
	local name=$1 detail=$2
	shift 2
	if "$@"; then
		report "hardening-$name" 0 0
	else
		report "hardening-$name" 1 0 "$detail"
	fi
}

if [ $run_release = 1 ]; then
	if step release-build configure_release; then
		bin=$build/scx_topo
		readelf -hW "$bin" >"$tmp/elf-header" 2>&1
		readelf -lW "$bin" >"$tmp/elf-segments" 2>&1
		readelf -dW "$bin" >"$tmp/elf-dynamic" 2>&1
		readelf -sW --dyn-syms "$bin" >"$tmp/elf-symbols" 2>&1
		check_elf pie "(ELF type is not DYN: not a position-independent executable)" \
			grep -qE '^\s*Type:\s+DYN' "$tmp/elf-header"
		check_elf relro "(no GNU_RELRO segment)" \
			grep -q 'GNU_RELRO' "$tmp/elf-segments"
		check_elf bindnow "(no BIND_NOW / FLAGS NOW: RELRO is only partial)" \
			grep -qE 'BIND_NOW|\(FLAGS\).*\bNOW\b|\(FLAGS_1\).*\bNOW\b' "$tmp/elf-dynamic"
		check_elf nx-stack "(GNU_STACK is executable or missing)" \
			grep -qE 'GNU_STACK.* RW  ' "$tmp/elf-segments"
		check_elf stack-protector "(no __stack_chk_fail: built without -fstack-protector)" \
			grep -q '__stack_chk_fail' "$tmp/elf-symbols"
		check_elf fortify "(no __*_chk functions: built without _FORTIFY_SOURCE or -O)" \
			grep -qE '__[a-z_]+_chk(@|\s|$)' "$tmp/elf-symbols"
	fi
fi

# ---- ASan + UBSan build and ctest ----------------------------------------------------

configure_asan() {
	vmlinux_arg
	if [ -n "${ASAN_CC:-}" ]; then
		CC=$ASAN_CC cmake -S "$root" -B "$asan_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
			-DSCX_SANITIZE=ON "${vmlinux_args[@]}" || return 1
	else
		cmake -S "$root" -B "$asan_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
			-DSCX_SANITIZE=ON "${vmlinux_args[@]}" || return 1
	fi
	cmake --build "$asan_build" -j "$jobs"
}

if [ $run_asan = 1 ] && step asan-build configure_asan; then
	start=$(date +%s)
	(cd "$asan_build" && UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j "$jobs" --timeout 300) >"$tmp/ctest.log" 2>&1
	rc=$?
	summary=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$tmp/ctest.log" | tail -n1)
	if [ $rc -ne 0 ]; then
		log "ctest in $asan_build failed:"
		sed -n '/The following tests FAILED/,$p' "$tmp/ctest.log" >&2
		grep -E 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$tmp/ctest.log" |
			sort | uniq -c | head -n 20 >&2
	fi
	report asan-ctest $rc $(($(date +%s) - start)) "${summary:+($summary)}"
fi

# ---- fuzzing ------------------------------------------------------------------------

configure_fuzz() {
	command -v "$FUZZ_CC" >/dev/null || { echo "$FUZZ_CC not found: apt-get install clang-19 libclang-rt-19-dev"; return 1; }
	vmlinux_arg
	CC=$FUZZ_CC cmake -S "$root" -B "$fuzz_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DSCX_FUZZ=ON "${vmlinux_args[@]}" || return 1
	cmake --build "$fuzz_build" --target scx_fuzzers -j "$jobs"
}

# Per-fuzzer options: the dictionary, and room for inputs longer than the seeds.
fuzz_opts() {
	local name=$1
	echo "-rss_limit_mb=2048 -timeout=10 -dict=$root/tests/fuzz/dict/$name.dict"
	case "$name" in
	fuzz_topology_synthetic|fuzz_options) echo "-max_len=1024" ;;
	esac
}

replay() {
	local name=$1 files=()
	shift
	files=("$@")
	# shellcheck disable=SC2046
	"$fuzz_build/fuzz/$name" $(fuzz_opts "$name") "${files[@]}"
}

# fuzz_start NAME: start fuzzing NAME in the background for FUZZ_SECONDS, output
# in $tmp/NAME.fuzz.log; its pid goes to bg_pids, and fuzz_name[pid]=NAME.
declare -A fuzz_name=() fuzz_rc=()
fuzz_started=0 fuzz_done=0
fuzz_start() {
	local name=$1 corpus=$tmp/corpus-$1
	mkdir -p "$corpus" "$fuzz_build/artifacts"
	cp "$root/tests/fuzz/corpus/$name/"* "$corpus/" 2>/dev/null
	if [ "$name" = fuzz_topology_xml ]; then
		cp "$root/tests/topology/fixtures/"*.xml "$corpus/"
	fi
	# The outer timeout only guards against a fuzzer that stops honouring its own.
	# shellcheck disable=SC2046
	timeout -k 10 $((FUZZ_SECONDS + 120)) "$fuzz_build/fuzz/$name" $(fuzz_opts "$name") \
		-max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
		-artifact_prefix="$fuzz_build/artifacts/$name-" "$corpus" \
		>"$tmp/$name.fuzz.log" 2>&1 &
	bg_pids+=($!)
	fuzz_name[$!]=$name
	fuzz_started=$((fuzz_started + 1))
}

# fuzz_wait_one: wait for any fuzzer to end, record its status in fuzz_rc[NAME].
fuzz_wait_one() {
	local pid rc
	wait -n -p pid "${bg_pids[@]}"
	rc=$?
	fuzz_rc[${fuzz_name[$pid]}]=$rc
	fuzz_done=$((fuzz_done + 1))
	local p left=()
	for p in "${bg_pids[@]}"; do
		[ "$p" = "$pid" ] || left+=("$p")
	done
	bg_pids=("${left[@]}")
}

fuzz_report() {
	local name=$1 secs=$2 rc execs cov artifact detail
	rc=${fuzz_rc[$name]:-1}
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$name.fuzz.log" | tail -n1)
	cov=$(grep -oE 'cov: [0-9]+' "$tmp/$name.fuzz.log" | tail -n1)
	detail="(${execs:-?} runs${cov:+, $cov})"
	if [ "$rc" -ne 0 ]; then
		artifact=$(sed -n "s/.*Test unit written to \(.*\)/\1/p" "$tmp/$name.fuzz.log" | tail -n1)
		[ "$rc" -eq 124 ] && detail="$detail did not stop in time"
		[ -n "$artifact" ] && detail="$detail input: $artifact"
		log "$name failed (status $rc); its report:"
		grep -vE '^#[0-9]+\s+(NEW|REDUCE|pulse|INITED)' "$tmp/$name.fuzz.log" | tail -n 60 >&2
	fi
	report "fuzz-${name#fuzz_}" "$rc" "$secs" "$detail"
}

if [ $run_fuzz = 1 ] && step fuzz-build configure_fuzz; then
	for name in "${fuzzers[@]}"; do
		shopt -s nullglob
		files=("$root/tests/fuzz/regressions/$name/"*)
		shopt -u nullglob
		[ ${#files[@]} -gt 0 ] || continue
		step "fuzz-replay-${name#fuzz_}" replay "$name" "${files[@]}"
	done
	if [ "$FUZZ_SECONDS" -gt 0 ]; then
		log "fuzzing ${fuzzers[*]} for ${FUZZ_SECONDS}s each, $FUZZ_JOBS at a time"
		start=$(date +%s)
		for name in "${fuzzers[@]}"; do
			[ $((fuzz_started - fuzz_done)) -ge "$FUZZ_JOBS" ] && fuzz_wait_one
			fuzz_start "$name"
		done
		while [ $fuzz_done -lt $fuzz_started ]; do
			fuzz_wait_one
		done
		secs=$(($(date +%s) - start))
		for name in "${fuzzers[@]}"; do
			fuzz_report "$name" "$secs"
		done
	fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
