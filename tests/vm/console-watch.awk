# Host side of the test VM's console, used by vm-run.sh: copies the guest's serial output
# to stdout as it arrives (run under `mawk -W interactive`, which hands over each line at
# once) and to LOG, notes the harness's markers from init.sh, and reports progress on
# stderr. At the end it writes what it saw to RESULT as key=value lines:
#   start_us, end_us, status, setup_failed, crash, got_output
#
# Variables (-v): NONCE, T0_US (QEMU start, µs since the epoch), SCRIPT_NAME, LOG, RESULT,
# STARTED (a file created when the test starts, for vm-run.sh's boot-stall watch).
# awk rather than a bash read loop: bash reads a pipe one byte per system call, which
# held a chatty guest back several-fold.

# Kept a string: as a number mawk would print it as 1.79e+15.
function now_us(    t) {
	"date +%s%6N" | getline t
	close("date +%s%6N")
	return t
}

function note(msg) {
	printf "vm: %s\n", msg > "/dev/stderr"
	fflush("/dev/stderr")
}

BEGIN {
	# printk's timestamp tells kernel lines apart from a test's own output that happens
	# to contain the same words.
	stamp = "\\[ *[0-9]+\\.[0-9]+\\] "
	# oops=panic turns Oopses into panics; panic=-1 with -no-reboot then ends QEMU.
	crash_re = stamp "(.*: )?(Kernel panic - not syncing|Oops: |kernel BUG at |BUG: )"
	# Lockup detectors can fire spuriously when 16 TCG vCPUs share 2 host cores:
	# report them, don't count them as crashes.
	lockup_re = "BUG: (soft lockup|workqueue lockup)"
	warn_re = stamp "WARNING: "
	start_us = end_us = status = setup_failed = crash = got_output = ""
}

{
	sub(/\r$/, "")
	# Firmware clears the screen (ESC c, ESC [ ... J); keep the output plain text.
	gsub(/\033c|\033\[[0-9;?]*[a-zA-Z]/, "")
	print
	fflush()
	print > LOG
	got_output = 1

	if (index($0, "SCX_VM_TEST_START " NONCE)) {
		start_us = now_us()
		printf "" > STARTED
		close(STARTED)
		note(sprintf("[boot] %.1fs (QEMU start to test start)", (start_us - T0_US) / 1e6))
		note("[test] running " SCRIPT_NAME)
	} else if (match($0, "SCX_VM_EXIT=[0-9]+ " NONCE)) {
		status = substr($0, RSTART + 12, RLENGTH - 12 - length(NONCE) - 1)
		end_us = now_us()
	} else if (index($0, "SCX_VM_SETUP_FAILED " NONCE)) {
		setup_failed = 1
	}

	if ($0 ~ lockup_re)
		note("warning: guest lockup report (not counted as a crash under TCG): " $0)
	else if ($0 ~ warn_re)
		note("warning: guest kernel warning: " $0)
	else if (crash == "" && $0 ~ crash_re)
		crash = $0
}

END {
	printf "start_us=%s\nend_us=%s\nstatus=%s\nsetup_failed=%s\ncrash=%s\ngot_output=%s\n",
		start_us, end_us, status, setup_failed, crash, got_output > RESULT
}
