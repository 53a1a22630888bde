#!/bin/sh
# hog-imbalance.sh HOGS KILL - the node-imbalance scenario of issue 11 as a
# workload RESULT line for guest-bench.sh: HOGS single-threaded CPU hogs, 4 s
# later up to KILL of those that last ran on node 1 killed, then the mean
# per-CPU idle share (idle time of the cpuN lines of /proc/stat over wall
# time: see platform.md on TCG ticks) in 0.5 s windows for 6 s. settle_s is the end of the first window
# after which every window idles <= 2% (-1: never within the 6 s).
hogs=$1 want_killed=$2

# node1_victims N PID...: up to N of the PIDs that last ran on a CPU of node 1
# (field 39 of /proc/PID/stat), in one pass: the shell is slow among the hogs.
node1_victims() {
	n=$1
	shift
	node1=$(for c in /sys/devices/system/node/node1/cpu[0-9]*; do printf '%s ' "${c##*cpu}"; done)
	for p in "$@"; do echo "/proc/$p/stat"; done | xargs cat 2>/dev/null |
		awk -v n="$n" -v cpus="$node1" 'BEGIN { split(cpus, c, " "); for (i in c) on1[c[i]] = 1 }
			on1[$39] && k < n { print $1; k++ }'
}
# cpu_stat: the uptime and the per-CPU lines of /proc/stat, read together.
cpu_stat() { cat /proc/uptime /proc/stat | grep -E '^[0-9]|^cpu[0-9]'; }
# mean_idle A B: mean over CPUs of each CPU's idle time between two cpu_stat
# dumps over the wall time between them. Idle time comes from the clock, busy
# jiffies from ticks that a busy vCPU loses under TCG (platform.md), so idle
# over the sum of jiffies overstated it.
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
mean_idle() {
	awk -v hz="$hz" 'FNR == 1 { up[FILENAME] = $1; next }
	     FILENAME == ARGV[1] { a[$1] = $5 + $6; next }
	     { idle = ($5 + $6 - a[$1]) / hz / (up[ARGV[2]] - up[ARGV[1]])
	       s += idle > 1 ? 1 : idle; n++ }
	     END { printf "%.4f\n", n ? s / n : 1 }' "$1" "$2"
}

pids=
i=0
while [ $i -lt "$hogs" ]; do
	# Starting 24 of them among the others takes up to ~40 s under TCG: long enough
	# for the scenario after that, and bounded if the script is killed.
	wl_spin -t 1 -d 100 >/dev/null 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
sleep 4
# shellcheck disable=SC2086 # one word per pid
victims=$(node1_victims "$want_killed" $pids)
# shellcheck disable=SC2086
[ -n "$victims" ] && kill -KILL $victims
killed=$(echo "$victims" | wc -w)
cpu_stat >/tmp/hog.w0
w=1 settle=-1 windows=
while [ $w -le 12 ]; do
	sleep 0.5
	cpu_stat >/tmp/hog.w$w
	idle=$(mean_idle /tmp/hog.w$((w - 1)) /tmp/hog.w$w)
	windows="$windows $idle"
	if awk -v x="$idle" 'BEGIN { exit !(x > 0.02) }'; then
		settle=-1
	elif [ "$settle" = -1 ]; then
		settle=$(awk -v w="$w" 'BEGIN { printf "%.1f", (w - 1) * 0.5 }')
	fi
	w=$((w + 1))
done
# shellcheck disable=SC2086
kill -KILL $pids 2>/dev/null
# shellcheck disable=SC2086
wait $pids 2>/dev/null
echo "windows:$windows"
echo "RESULT prog=hog-imbalance hogs=$hogs killed=$killed" \
	"idle_0_2=$(mean_idle /tmp/hog.w0 /tmp/hog.w4)" \
	"idle_2_4=$(mean_idle /tmp/hog.w4 /tmp/hog.w8)" \
	"idle_4_6=$(mean_idle /tmp/hog.w8 /tmp/hog.w12) settle_s=$settle"
