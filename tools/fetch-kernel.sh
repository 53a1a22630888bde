#!/usr/bin/env bash
# Fetch a Debian sched_ext kernel (and, with --vmlinux-h, the matching vmlinux.h from
# linux-bpf-dev) into a cache, using a private apt state so the system's apt sources
# are never touched.
#
#   tools/fetch-kernel.sh [--suite trixie-backports|sid] [--vmlinux-h DEST]
#
# Prints the kernel's cache directory (holding vmlinuz, config, version) on stdout.
set -euo pipefail

suite=trixie-backports
vmlinux_dest=
while [ $# -gt 0 ]; do
	case "$1" in
	--suite) suite=$2; shift 2 ;;
	--vmlinux-h) vmlinux_dest=$2; shift 2 ;;
	*) echo "fetch-kernel: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
	esac
done

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tools/kernel-pins.sh
. "$here/kernel-pins.sh"
cache=${SCX_TOPO_CACHE:-$HOME/.cache/scx_topo}
apt_dir=$cache/apt-$suite
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

log() { echo "fetch-kernel[$suite]: $*" >&2; }

apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
	  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
	  -o Dir::State::Status=/dev/null -o APT::Architecture=amd64
	  -o APT::Sandbox::User=root -qq)

apt_refresh() {
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" \
		>"$apt_dir/sources.list"
	# Refresh at most once a day; the lists are what pins are checked against.
	if [ -z "$(find "$apt_dir/lists" -name '*Packages*' -mtime -1 2>/dev/null)" ]; then
		log "apt-get update (private state in $apt_dir)"
		apt-get "${apt_opts[@]}" update >/dev/null
	fi
}

# Version of $1 to use: the pin when the archive still has it, else the newest (warned).
pick_version() {
	local pkg=$1 pin=$2 have
	have=$(apt-cache "${apt_opts[@]}" madison "$pkg" | awk -F'|' '{gsub(/ /,"",$2); print $2}')
	if [ -z "$have" ]; then
		log "package $pkg not found in $suite"
		return 1
	fi
	if [ -n "$pin" ] && grep -qxF "$pin" <<<"$have"; then
		echo "$pin"
		return
	fi
	local newest
	newest=$(head -n1 <<<"$have")
	[ -z "$pin" ] || log "WARNING: pinned $pkg $pin is gone from $suite; using $newest (update tools/kernel-pins.sh)"
	echo "$newest"
}

# Download package $1 at version $2 and unpack it under $3 (once).
fetch_unpack() {
	local pkg=$1 ver=$2 dest=$3
	[ -f "$dest/.done" ] && return
	local tmp
	tmp=$(mktemp -d)
	log "downloading $pkg $ver"
	(cd "$tmp" && apt-get "${apt_opts[@]}" download "$pkg=$ver" >/dev/null)
	mkdir -p "$dest"
	dpkg-deb -x "$tmp"/*.deb "$dest"
	rm -rf "$tmp"
	touch "$dest/.done"
}

apt_refresh

pin_var=KERNEL_PIN_${suite//-/_}
image_pkg=$(apt-cache "${apt_opts[@]}" depends linux-image-cloud-amd64 |
	awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$image_pkg" ] || { log "no linux-image-cloud-amd64 in $suite"; exit 1; }
kver=${image_pkg#linux-image-}
binary_pkg=linux-binary-$kver
if ! apt-cache "${apt_opts[@]}" show "$binary_pkg" >/dev/null 2>&1; then
	binary_pkg=$image_pkg # older layouts ship vmlinuz in the image package itself
fi
bin_ver=$(pick_version "$binary_pkg" "${!pin_var:-}")

kdir=$cache/kernels/$suite-$kver-$bin_ver
fetch_unpack "$binary_pkg" "$bin_ver" "$kdir/pkg"
# The kernel config lives in linux-base-<kver> on current Debian layouts.
if apt-cache "${apt_opts[@]}" show "linux-base-$kver" >/dev/null 2>&1; then
	fetch_unpack "linux-base-$kver" "$bin_ver" "$kdir/base"
fi
if [ ! -f "$kdir/vmlinuz" ]; then
	vmlinuz=$(find "$kdir/pkg" \( -name vmlinuz -o -name "vmlinuz-$kver" \) -type f | head -n1)
	config=$(find "$kdir/pkg" "$kdir/base" 2>/dev/null \( -name "config-$kver" -o -name config \) -type f | head -n1)
	[ -n "$vmlinuz" ] || { log "no vmlinuz in $binary_pkg"; exit 1; }
	cp "$vmlinuz" "$kdir/vmlinuz"
	if [ -n "$config" ]; then cp "$config" "$kdir/config"; fi
	echo "$kver" >"$kdir/version"
fi
if [ ! -f "$kdir/config" ]; then
	log "kernel $kver: no config found in $binary_pkg or linux-base-$kver; cannot check for sched_ext"
	exit 1
fi
if ! grep -qx 'CONFIG_SCHED_CLASS_EXT=y' "$kdir/config"; then
	log "kernel $kver has no CONFIG_SCHED_CLASS_EXT=y; it cannot run scx_topo"
	exit 1
fi

if [ -n "$vmlinux_dest" ]; then
	bpf_ver=$(pick_version linux-bpf-dev "${KERNEL_PIN_bpf_dev:-}")
	bdir=$cache/bpf-dev/$bpf_ver
	fetch_unpack linux-bpf-dev "$bpf_ver" "$bdir"
	src=$(find "$bdir" -name vmlinux.h -path '*x86_64*' | head -n1)
	[ -n "$src" ] || { log "no vmlinux.h in linux-bpf-dev $bpf_ver"; exit 1; }
	mkdir -p "$(dirname "$vmlinux_dest")"
	cmp -s "$src" "$vmlinux_dest" 2>/dev/null || cp "$src" "$vmlinux_dest"
fi
echo "$kdir"
