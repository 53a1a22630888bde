#!/bin/sh
# check-doc-flags.sh SCX_TOPO MAN_PAGE README: every option --help lists
# (long and short) must appear in the man page and in the README, so that
# the three cannot drift apart.
set -eu
scx=$1 man=$2 readme=$3
status=0
man_text=$(sed 's/\\-/-/g' "$man")
flags=$("$scx" --help | grep -E '^ +(-[a-zA-Z], +)?--[a-z]' | grep -oE '^ +(-[a-zA-Z], +)?--[a-z][a-z-]*' | tr ',' ' ' | tr -s ' ' '\n' | grep . | sort -u)
[ -n "$flags" ] || { echo "no flags found in --help"; exit 1; }
for flag in $flags; do
	printf '%s\n' "$man_text" | grep -qF -- "$flag" || { echo "$man: no $flag"; status=1; }
	grep -qF -- "\`$flag" "$readme" || { echo "$readme: no \`$flag"; status=1; }
done
echo "$(echo "$flags" | wc -l) flags checked"
exit $status
