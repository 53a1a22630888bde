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
grep -q '^Type=notify$' "$unit" || { echo "unit is not Type=notify"; status=1; }
grep -q '^Conflicts=scx.service$' "$unit" || { echo "unit does not conflict with scx.service"; status=1; }
# The installed copy has no source tree: no hint at tools/run-vm.sh.
if [ ! -e /sys/kernel/sched_ext ]; then
	rc=0; msg=$("$dest/usr/sbin/scx_topo" 2>&1 >/dev/null) || rc=$?
	[ "$rc" = 1 ] && echo "$msg" | grep -q 'no sched_ext' || { echo "installed: no-sched_ext status $rc: $msg"; status=1; }
	echo "$msg" | grep -q 'run-vm' && { echo "installed binary points at the source tree: $msg"; status=1; }
fi
grep -q '^\.SH ENVIRONMENT' "$dest/usr/share/man/man8/scx_topo.8" ||
	{ echo "installed man page lacks ENVIRONMENT"; status=1; }
"$dest/usr/sbin/scx_topo" --version | grep -q '^scx_topo ' || { echo "installed binary does not run"; status=1; }
exit $status
