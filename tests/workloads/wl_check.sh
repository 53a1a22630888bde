#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# wl_check.sh PROGRAM ARGS... - run a workload; pass when it exits 0 and
# prints exactly one RESULT line, as its last line. An argument containing
# FIRST_CPU gets the first CPU this shell may run on. POSIX/busybox sh.
cpu=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*\([0-9]*\).*/\1/p' /proc/self/status)
prog=$1
shift
for a in "$@"; do
	shift
	case "$a" in
	*FIRST_CPU*) a=$(printf '%s' "$a" | sed "s/FIRST_CPU/${cpu:-0}/g") ;;
	esac
	set -- "$@" "$a"
done
out=$("$prog" "$@")
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne 0 ]; then
	echo "wl_check: $prog exited $rc" >&2
	exit 1
fi
n=$(printf '%s\n' "$out" | grep -c '^RESULT prog=')
case "$(printf '%s\n' "$out" | tail -n 1)" in
RESULT\ prog=*) ;;
*) n=0 ;;
esac
if [ "$n" -ne 1 ]; then
	echo "wl_check: $prog did not end with exactly one RESULT line" >&2
	exit 1
fi
