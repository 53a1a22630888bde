#!/usr/bin/env bash
# Install everything scx_topo needs to build, test and boot its test VM on Debian 12.
# Idempotent and quiet when everything is present. Adds bookworm-backports (never
# trixie or sid main: those would pull a newer libc into the system).
set -euo pipefail

PKGS_BACKPORTS=(libbpf-dev bpftool libhwloc-dev hwloc-nox libelf-dev qemu-system-x86)
PKGS_STABLE=(clang-19 llvm-19 lld-19 zlib1g-dev pkg-config cmake busybox-static cpio
	     debian-archive-keyring libxml2-dev xz-utils zstd python3 libclang-rt-19-dev
	     rt-tests libsystemd-dev libnuma-dev)

say() { [ -n "${QUIET:-}" ] || echo "install-deps: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: must run as root (try: sudo $0)" >&2
	exit 1
fi

backports_list=/etc/apt/sources.list.d/bookworm-backports.sources
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	say "adding bookworm-backports to apt sources"
	cat >"$backports_list" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	need_update=1
fi

missing() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"
	done
}

# bookworm's qemu (7.2) lacks smp-cache; require the backports one (10.x).
qemu_ok() {
	local v
	v=$(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null || true)
	[ -n "$v" ] && dpkg --compare-versions "$v" ge 1:9
}
libbpf_ok() {
	local v
	v=$(dpkg-query -W -f='${Version}' libbpf-dev 2>/dev/null || true)
	[ -n "$v" ] && dpkg --compare-versions "$v" ge 1:1.4
}

want_bp=$(missing "${PKGS_BACKPORTS[@]}")
want_st=$(missing "${PKGS_STABLE[@]}")
qemu_ok || want_bp="$want_bp qemu-system-x86"
libbpf_ok || want_bp="$want_bp libbpf-dev"

if [ -z "$want_bp$want_st" ] && [ -z "${need_update:-}" ]; then
	exit 0
fi

export DEBIAN_FRONTEND=noninteractive
say "apt-get update"
apt-get update -qq >/dev/null
if [ -n "$want_st" ]; then
	say "installing:" $want_st
	apt-get install -y -qq --no-install-recommends $want_st >/dev/null
fi
if [ -n "$want_bp" ]; then
	say "installing from bookworm-backports:" $want_bp
	apt-get install -y -qq --no-install-recommends -t bookworm-backports $want_bp >/dev/null
fi
say "done"
