#!/bin/sh
# check-stats-doc.sh GENERATOR SOURCE_DIR [--update]: the generated blocks of
# docs/stats-json.md and docs/scx_topo.8 (between "BEGIN generated:
# scx_topo_stats_doc MODE" and "END generated") must equal what the
# generator prints from the counter table and the stats schema. --update
# rewrites them (run it after adding a counter).
set -eu
gen=$1 root=$2 update=${3:-}
status=0

# splice FILE MODE: FILE with its MODE block replaced by the generator's output.
splice() {
	"$gen" "$2" >"$tmp.block"
	awk -v block="$tmp.block" -v mode="$2" '
		index($0, "BEGIN generated: scx_topo_stats_doc " mode) { print; while ((getline l < block) > 0) print l; skip = 1; next }
		skip && index($0, "END generated") { skip = 0 }
		!skip { print }' "$1"
}

tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.block"' EXIT
for pair in docs/stats-json.md:markdown docs/scx_topo.8:man; do
	file=$root/${pair%%:*} mode=${pair##*:}
	grep -q "BEGIN generated: scx_topo_stats_doc $mode" "$file" || { echo "$file: no generated $mode block"; status=1; continue; }
	splice "$file" "$mode" >"$tmp"
	if [ "$update" = --update ]; then
		cp "$tmp" "$file"
	elif ! cmp -s "$tmp" "$file"; then
		echo "$file: generated block is stale; run: tests/check-stats-doc.sh $gen $root --update"
		diff "$file" "$tmp" | head -n 20
		status=1
	fi
done
exit $status
