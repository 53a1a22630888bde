#!/bin/sh
# scratch (not committed): enqueue section timings of an instrumented build.
hb() { hackbench -g 2 -l 40 "$@" 2>&1 | sed -n 's/^Time: *//p'; }
prof_dump() {
	bpftool -j map dump name prof | tr -d ' \n' | sed 's/},{"key"/}\n{"key"/g' |
	awk '{ match($0, /"key":[0-9]+/); k = substr($0, RSTART + 6, RLENGTH - 6); s = 0;
	       while (match($0, /"value":[0-9]+/)) { s += substr($0, RSTART + 8, RLENGTH - 8); $0 = substr($0, RSTART + RLENGTH) }
	       printf "%s=%d ", k, s } END { print "" }'
}
t_zprof() {
	_real=$SCX
	SCX=/bin/scx_topo_prof
	for wl in hack futex thru; do
		scx_start || return
		case $wl in
		hack) for f in "-p" "-p -T" "" "-T"; do say "hackbench $f: $(hb $f)"; done ;;
		futex) wl_futex -p 8 -d 4 >/tmp/f.out 2>&1; say "futex rtps=$(result_field rtps /tmp/f.out)" ;;
		thru) wl_throughput -t 16 -d 4 >/tmp/t.out 2>&1; say "thru $(grep RESULT /tmp/t.out | cut -c1-100)" ;;
		esac
		say "$wl prof: $(prof_dump)"
		scx_stop
	done
	SCX=$_real
}
