#!/bin/sh
# check-install.sh BUILD_DIR: cmake --install into a DESTDIR and check what lands.
set -eu
build=$1
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
DESTDIR=$dest cmake --install "$build" --prefix /usr >/dev/null
status=0
for f in usr/sbin/scx_topo usr/share/man/man8/scx_topo.8 usr/lib/systemd/system/scx_topo.service \
	 etc/default/scx_topo; do
	if [ -e "$dest/$f" ] || [ -e "$dest/${f#usr/}" ]; then
		echo "installed: /$f"
	else
		echo "MISSING: /$f"
		status=1
	fi
done
unit=$(find "$dest" -name scx_topo.service | head -n1)
grep -q '^ExecStart=/usr/sbin/scx_topo \$SCX_TOPO_FLAGS' "$unit" || { echo "unit ExecStart wrong"; status=1; }
grep -q '^ConditionPathExists=/sys/kernel/sched_ext' "$unit" || { echo "unit lacks the sched_ext condition"; status=1; }
grep -q '^Restart=on-failure' "$unit" || { echo "unit lacks Restart=on-failure"; status=1; }
"$dest/usr/sbin/scx_topo" --version | grep -q '^scx_topo ' || { echo "installed binary does not run"; status=1; }
exit $status
