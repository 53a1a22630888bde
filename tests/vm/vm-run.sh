#!/usr/bin/env bash
# Boot Debian's sched_ext kernel in QEMU (TCG) with a given CPU topology, run one guest
# script in it, stream the guest's console to stdout and return the script's exit status.
#
#   tests/vm/vm-run.sh --preset NAME --script GUEST_SCRIPT [--bin PATH]...
#        [--file SRC:GUEST_DEST]... [--timeout SECONDS] [--kernel-suite trixie-backports|sid]
#        [--append "kernel cmdline"] [--no-retry]
#   tests/vm/vm-run.sh --preset list
#
# Exit status:
#   0..123  the guest script's own exit status (keep guest scripts in this range)
#   124     hard timeout: the whole run (download, build, boots) took longer than --timeout,
#           QEMU was killed
#   125     the guest crashed (kernel panic/Oops/BUG, QEMU died, or the guest stopped
#           without reporting the script's status), also after the retries
#   126     harness error: bad arguments, missing tool, kernel fetch or initramfs failure,
#           QEMU refused to start, or the guest's topology is not the preset's
#
# The guest script runs as root under busybox sh (or its #! interpreter, if that is in the
# guest) in /tmp, stdin /dev/null, with SCX_VM_PRESET, SCX_VM_NR_CPUS, SCX_VM_NODES,
# SCX_VM_LLCS and SCX_VM_SIBLINGS (the preset's expected cpulists) in its environment.
# Every --bin is in /bin with its shared libraries; see init.sh for what is mounted.
#
# A boot after a crash carries scx_vm.resume=N on its kernel command line: N lines
# starting with "TEST " reached the console in the earlier boots. A script that prints one
# such line per finished test can go on after them instead of starting over
# (tests/guest/suite.sh does); any other script ignores it.
#
# Environment: SCX_VM_KEEP=1 keeps the work dir (initramfs, serial logs) and prints it.
set -euo pipefail

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$VM_DIR/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=presets.sh
. "$VM_DIR/presets.sh"

readonly EXIT_TIMEOUT=124 EXIT_CRASH=125 EXIT_HARNESS=126
# Seconds QEMU gets between SIGTERM and SIGKILL at the hard timeout.
readonly KILL_GRACE_S=3
# lpj: without it every vCPU calibrates its delay loop at bring-up, which under TCG fails
# slowly and costs ~10 s per boot; the value barely matters (udelay uses the TSC).
# loglevel=5 rather than quiet: kernel warnings (WARN splats) still reach the console,
# and a normal boot prints only a handful of them.
# tsc=reliable (the kernel's switch for virtual machines): under TCG the clocksource
# watchdog marked the TSC unstable 12-50 s into a boot, in the middle of a test,
# after which thread CPU time (sched_clock, filtered per CPU) and wall time no longer
# agreed: fill_every_cpu's shares fell to 0.85-0.92 with some above 1.0, with the code
# of two different days alike. The guest's TSC is the host's, so one clock is fine.
readonly CMDLINE_BASE="console=ttyS0 panic=-1 oops=panic loglevel=5 lpj=8000000 tsc=reliable"

log() { echo "vm: $*" >&2; }
die() { log "error: $*"; exit "$EXIT_HARNESS"; }

usage() {
	sed -n '2,/^set -euo/{/^set -euo/d; s/^# \{0,1\}//; p}' "$0"
	exit 0
}

now_us() { echo "${EPOCHREALTIME/./}"; }
# Whole seconds left before the --timeout deadline (DEADLINE_US), at least 0.
remaining_s() {
	local left=$(((DEADLINE_US - $(now_us)) / 1000000))
	echo $((left > 0 ? left : 0))
}
hard_timeout() {
	log "hard timeout: --timeout ${TIMEOUT}s reached $1"
	exit "$EXIT_TIMEOUT"
}
# Microseconds as seconds with one decimal: 1234567 -> 1.2
fmt_us() { printf '%d.%d' $(($1 / 1000000)) $(($1 / 100000 % 10)); }

# ---------------------------------------------------------------- arguments and checks

parse_args() {
	PRESET='' SCRIPT='' TIMEOUT=600 SUITE=trixie-backports APPEND='' RETRY=1
	BINS=() FILES=()
	while [ $# -gt 0 ]; do
		case $1 in
		-h | --help) usage ;;
		--no-retry) RETRY=0; shift; continue ;;
		--preset | --script | --bin | --file | --timeout | --kernel-suite | --append)
			[ $# -ge 2 ] || die "$1 needs a value (see --help)" ;;
		*) die "unknown argument '$1' (see --help)" ;;
		esac
		case $1 in
		--preset) PRESET=$2 ;;
		--script) SCRIPT=$2 ;;
		--bin) BINS+=("$2") ;;
		--file) FILES+=("$2") ;;
		--timeout) TIMEOUT=$2 ;;
		--kernel-suite) SUITE=$2 ;;
		--append) APPEND=$2 ;;
		esac
		shift 2
	done
	if [ "$PRESET" = list ]; then
		preset_print_all
		exit 0
	fi
	[ -n "$PRESET" ] || die "--preset is required (see --preset list)"
	preset_load "$PRESET" || die "unknown preset '$PRESET'; known: $(preset_names | tr '\n' ' ')"
	[ -n "$SCRIPT" ] || die "--script is required"
	[ -f "$SCRIPT" ] || die "guest script '$SCRIPT' does not exist"
	[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "--timeout wants a whole number of seconds, got '$TIMEOUT'"
	case $SUITE in trixie-backports | sid) ;; *) die "--kernel-suite must be trixie-backports or sid, got '$SUITE'" ;; esac
	# Fail before the slow steps; mkinitramfs.sh checks the details.
	local item
	for item in "${BINS[@]}"; do [ -f "$item" ] || die "--bin $item: no such file"; done
	for item in "${FILES[@]}"; do [ -e "${item%%:*}" ] || die "--file $item: ${item%%:*} does not exist"; done
}

# One line naming the Debian package for each missing tool.
check_tools() {
	local tool_pkg tool
	for tool_pkg in qemu-system-x86_64:qemu-system-x86 busybox:busybox-static cpio:cpio \
		timeout:coreutils setpriv:util-linux ldd:libc-bin mawk:mawk; do
		tool=${tool_pkg%%:*}
		command -v "$tool" >/dev/null ||
			die "$tool not found: install the Debian package ${tool_pkg#*:} (tools/install-deps.sh does)"
	done
}

# ---------------------------------------------------------------- steps

fetch_kernel() {
	log "[download] sched_ext kernel from $SUITE"
	local t0
	t0=$(now_us)
	local rc=0 left
	# Bounded too: a stalled mirror must not outlast --timeout ("timeout 0" would not be).
	left=$(remaining_s)
	((left > 0)) || hard_timeout "before fetching the kernel"
	KERNEL_DIR=$(timeout "$left" "$REPO_DIR/tools/fetch-kernel.sh" --suite "$SUITE") || rc=$?
	[ "$rc" -ne 124 ] || hard_timeout "while fetching the kernel"
	[ "$rc" -eq 0 ] || die "tools/fetch-kernel.sh --suite $SUITE failed"
	[ -f "$KERNEL_DIR/vmlinuz" ] || die "no vmlinuz in $KERNEL_DIR"
	log "[download] $(fmt_us $(($(now_us) - t0)))s (kernel $(cat "$KERNEL_DIR/version"))"
}

write_guest_conf() {
	cat >"$1" <<-EOF
		SCX_VM_PRESET='$PRESET_NAME'
		SCX_VM_NR_CPUS='$PRESET_NR_CPUS'
		SCX_VM_NODES='$PRESET_NODES'
		SCX_VM_LLCS='$PRESET_LLCS'
		SCX_VM_SIBLINGS='$PRESET_SIBLINGS'
		SCX_VM_NONCE='$NONCE'
	EOF
}

build_initramfs() {
	log "[initramfs] busybox, ${#BINS[@]} binaries, ${#FILES[@]} files, $(basename "$SCRIPT")"
	local t0 args=() item info
	t0=$(now_us)
	write_guest_conf "$WORK/scx-vm.conf"
	for item in "${BINS[@]}"; do args+=(--bin "$item"); done
	for item in "${FILES[@]}"; do args+=(--file "$item"); done
	INITRD=$WORK/initramfs.img
	info=$("$VM_DIR/mkinitramfs.sh" --out "$INITRD" --script "$SCRIPT" --conf "$WORK/scx-vm.conf" \
		--kernel-config "$KERNEL_DIR/config" "${args[@]}") || die "building the initramfs failed"
	log "[initramfs] $(fmt_us $(($(now_us) - t0)))s ($info)"
}

qemu_args() {
	# shellcheck disable=SC2054 # the commas belong to QEMU's option syntax
	QEMU_ARGS=(
		-nographic -vga none -no-reboot -no-user-config -nic none
		-accel tcg,thread=multi
		"${PRESET_QEMU_ARGS[@]}"
		-kernel "$KERNEL_DIR/vmlinuz" -initrd "$INITRD"
	)
	# Debugging hook, e.g. SCX_VM_QEMU_EXTRA="-monitor unix:/tmp/qmon,server,nowait" to
	# inspect a hung guest with `info registers -a` or inject an NMI.
	# shellcheck disable=SC2206 # word splitting is the point
	[ -z "${SCX_VM_QEMU_EXTRA:-}" ] || QEMU_ARGS+=($SCX_VM_QEMU_EXTRA)
}

# ---------------------------------------------------------------- one boot

# QEMU runs under timeout(1), which puts itself in a new process group: killing that
# group (its pid) ends QEMU and anything it started. Should this script be SIGKILLed,
# setpriv's parent-death signal still ends timeout and so QEMU, and timeout bounds
# QEMU's life whatever happens.
stop_qemu() {
	[ -n "${QEMU_PID:-}" ] || return 0
	local pid=$QEMU_PID
	QEMU_PID=
	kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || return 0
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	kill -KILL -- "-$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# QEMU warns once per CPUID feature that TCG cannot emulate (Skylake-Server asks for
# AVX-512 etc.); the guest sees those features as absent, which is fine for scheduling.
filter_qemu_stderr() {
	grep --line-buffered -v "TCG doesn't support requested feature" >&2 || true
}

# watch_console ATTEMPT FIFO: stream the console (console-watch.awk) and load what it saw
# into SEEN_START_US, SEEN_END_US, GUEST_STATUS, SETUP_FAILED, CRASH_LINE and GOT_OUTPUT.
watch_console() {
	local attempt=$1 fifo=$2 result=$WORK/console.$1.result key value
	SEEN_START_US='' SEEN_END_US='' GUEST_STATUS='' SETUP_FAILED='' CRASH_LINE='' GOT_OUTPUT=''
	# In the background plus `wait`: bash defers traps until a foreground child ends, but
	# `wait` returns at once on a trapped signal, so SIGTERM/SIGINT still stop QEMU now.
	mawk -W interactive -f "$VM_DIR/console-watch.awk" -v NONCE="$NONCE" -v T0_US="$BOOT_T0" \
		-v SCRIPT_NAME="$(basename "$SCRIPT")" -v LOG="$WORK/serial.$attempt.log" \
		-v STARTED="$WORK/started.$attempt" \
		-v RESULT="$result" <"$fifo" &
	WATCH_PID=$!
	wait "$WATCH_PID"
	WATCH_PID=
	while IFS='=' read -r key value; do
		case $key in
		start_us) SEEN_START_US=$value ;;
		end_us) SEEN_END_US=$value ;;
		status) GUEST_STATUS=$value ;;
		setup_failed) SETUP_FAILED=$value ;;
		crash) CRASH_LINE=$value ;;
		got_output) GOT_OUTPUT=$value ;;
		esac
	done <"$result"
}

# A boot normally reaches the test in 10-30 s. Under TCG a guest now and then hangs
# early in boot (seen: right after "tsc: Unable to calibrate against PIT"); that is a
# crash to retry, not a test that ran out of time.
BOOT_STALL_S=${SCX_VM_BOOT_STALL_S:-150}

# watch_boot_stall ATTEMPT (in the background): stop QEMU if the console watcher has
# not seen the test start within BOOT_STALL_S.
watch_boot_stall() {
	local attempt=$1 waited=0
	while ((waited < BOOT_STALL_S)); do
		sleep 1
		waited=$((waited + 1))
		[ -e "$WORK/started.$attempt" ] && return 0
	done
	: >"$WORK/stalled.$attempt"
	log "[boot] no test start after ${BOOT_STALL_S}s: stopping QEMU"
	kill -TERM "$QEMU_PID" 2>/dev/null || true
}

# boot_once ATTEMPT: boot, run the test, and set OUTCOME to one of
# status|timeout|crash|setup|qemu and STATUS to the exit code for it.
boot_once() {
	local attempt=$1 fifo=$WORK/console.$1 rc=0 left budget
	# SIGTERM at the deadline less a grace, SIGKILL at the deadline.
	left=$(remaining_s)
	((left >= 2)) || hard_timeout "before boot $attempt"
	budget=$((left > KILL_GRACE_S * 2 ? left - KILL_GRACE_S : left / 2))
	mkfifo "$fifo"
	log "[boot] preset $PRESET_NAME ($PRESET_DESC), attempt $attempt, up to ${budget}s"
	BOOT_T0=$(now_us)
	# stdin /dev/null: QEMU must not put the caller's terminal into raw mode. The stderr
	# filter comes first so that it does not inherit (and hold open) the console FIFO.
	setpriv --pdeathsig TERM timeout --kill-after="$KILL_GRACE_S" "$budget" \
		qemu-system-x86_64 "${QEMU_ARGS[@]}" \
		-append "$CMDLINE_BASE${APPEND:+ $APPEND}${TESTS_DONE:+ scx_vm.resume=$TESTS_DONE}" \
		2> >(filter_qemu_stderr) </dev/null >"$fifo" &
	QEMU_PID=$!
	watch_boot_stall "$attempt" &
	STALL_PID=$!
	watch_console "$attempt" "$fifo"
	wait "$QEMU_PID" || rc=$?
	QEMU_PID=
	kill "$STALL_PID" 2>/dev/null || true
	wait "$STALL_PID" 2>/dev/null || true
	rm -f "$fifo"

	if [ -n "$SEEN_START_US" ]; then
		local test_s
		test_s=$(fmt_us $((${SEEN_END_US:-$(now_us)} - SEEN_START_US)))
		if [ -n "$GUEST_STATUS" ]; then
			log "[test] ${test_s}s (exit status $GUEST_STATUS)"
		else
			log "[test] ${test_s}s (ended without an exit status)"
		fi
	fi
	if [ -e "$WORK/stalled.$attempt" ]; then
		OUTCOME=crash STATUS=$EXIT_CRASH
		CRASH_WHY="the guest did not reach the test within ${BOOT_STALL_S}s of QEMU's start (boot stall)"
	elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		OUTCOME=timeout STATUS=$EXIT_TIMEOUT
	elif [ -n "$SETUP_FAILED" ]; then
		OUTCOME=setup STATUS=$EXIT_HARNESS
	elif [ -n "$CRASH_LINE" ]; then
		OUTCOME=crash STATUS=$EXIT_CRASH CRASH_WHY="kernel reported: $CRASH_LINE"
	elif [ -n "$GUEST_STATUS" ]; then
		OUTCOME=status STATUS=$GUEST_STATUS
	elif [ "$rc" -eq 1 ] && [ -z "$GOT_OUTPUT" ]; then
		# QEMU's own startup errors (bad option, missing file) exit 1 before any output.
		OUTCOME=qemu STATUS=$EXIT_HARNESS
	elif ((rc > 128)); then
		OUTCOME=crash STATUS=$EXIT_CRASH CRASH_WHY="QEMU died of signal $((rc - 128))"
	else
		OUTCOME=crash STATUS=$EXIT_CRASH
		CRASH_WHY="guest stopped without reporting the test's status (QEMU exit $rc)"
	fi
}

# ---------------------------------------------------------------- main

# The console watcher ends by itself once QEMU is gone (end of file); give it a moment
# to print the last lines.
stop_watcher() {
	[ -n "${WATCH_PID:-}" ] || return 0
	local pid=$WATCH_PID
	WATCH_PID=
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	local rc=$?
	stop_qemu
	stop_watcher
	if [ -n "${WORK:-}" ]; then
		if [ -n "${SCX_VM_KEEP:-}" ]; then
			log "work dir kept: $WORK"
		else
			rm -rf "$WORK"
		fi
	fi
	exit "$rc"
}

main() {
	DEADLINE_US=$(now_us)
	parse_args "$@"
	DEADLINE_US=$((DEADLINE_US + TIMEOUT * 1000000))
	check_tools
	# Any exit from here on, signals included, goes through cleanup: no QEMU left behind.
	trap cleanup EXIT
	trap 'log "interrupted"; exit 130' INT
	trap 'log "terminated"; exit 143' TERM HUP
	trap 'exit 141' PIPE
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/scx-vm.XXXXXX")
	# Markers carry this nonce so guest output cannot imitate them.
	NONCE=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')

	fetch_kernel
	build_initramfs
	qemu_args

	local attempt crashes=0
	# A boot stall is retried like a crash, and so are a kernel crash before the test
	# started and an "Oops: int3": a kernel breakpoint left in live text by static-key
	# patching, which TCG's vCPU threads sometimes execute after the patch is done (seen
	# in put_prev_task_idle, scx_tick, update_rq_clock, pv_native_safe_halt, __schedule,
	# and at 2.4-3.9 s of boot before any test or scheduler ran; platform.md; one CI run
	# had five). Only other crashes count towards the limit of one: a second one fails
	# the run, and so does a sixth boot. Each boot goes on after the tests the earlier
	# ones finished (scx_vm.resume), so a retry costs the rest of the run, not all of it.
	TESTS_DONE=
	for attempt in 1 2 3 4 5; do
		boot_once "$attempt"
		case $OUTCOME in
		status)
			log "guest script exited with status $STATUS"
			exit "$STATUS"
			;;
		timeout) hard_timeout "during boot $attempt, QEMU killed" ;;
		setup) die "the guest's topology does not match preset '$PRESET_NAME' (see the mismatch lines above)" ;;
		qemu) die "QEMU failed to start (see its message above)" ;;
		crash)
			log "GUEST CRASH: $CRASH_WHY"
			[ -e "$WORK/stalled.$attempt" ] || [ -z "$SEEN_START_US" ] ||
				[[ $CRASH_LINE == *"Oops: int3"* ]] || crashes=$((crashes + 1))
			if ((RETRY && crashes < 2 && attempt < 5)); then
				TESTS_DONE=$((${TESTS_DONE:-0} + $(grep -c '^TEST ' "$WORK/serial.$attempt.log" || true)))
				log "retrying the boot after $TESTS_DONE finished tests (a crash or stall can be a TCG glitch; a second crash fails the run)"
				continue
			fi
			log "guest crashed again; failing with status $EXIT_CRASH"
			exit "$EXIT_CRASH"
			;;
		esac
	done
}

main "$@"
