#!/usr/bin/env bash
# Build the test VM's initramfs: busybox with all its applets, the given binaries with
# their shared libraries, extra files, the guest test script (/test.sh), the harness's
# /init (init.sh) and its settings (/etc/scx-vm.conf).
#
#   mkinitramfs.sh --out FILE --script GUEST_SCRIPT --conf CONF_FILE
#                  [--kernel-config CONFIG] [--bin PATH]... [--file SRC:GUEST_DEST]...
#
# The compression follows the kernel's config (zstd when CONFIG_RD_ZSTD=y, else gzip);
# without --kernel-config it is gzip, which every initramfs-capable kernel reads.
# Prints "<size> <compression>" on stdout.
set -euo pipefail

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() { echo "mkinitramfs: $*" >&2; exit 1; }

# Copy the shared libraries and dynamic loader that `ldd` lists for $1 into $STAGE at
# the same paths, so the guest's loader finds them where the host's does.
copy_libs() {
	local bin=$1 out line lib
	if ! out=$(ldd "$bin" 2>&1); then
		# Static binaries and scripts need nothing; anything else is a real failure.
		grep -q 'not a dynamic executable' <<<"$out" && return 0
		die "ldd $bin failed: $out"
	fi
	while IFS= read -r line; do
		case $line in
		*"=> not found"*) die "$bin needs ${line%% =>*}, which is not installed on this host" ;;
		*"=> /"*) lib=${line#*=> } ;;
		*/*) lib=${line#"${line%%/*}"} ;; # the loader line: "\t/lib64/ld-linux-x86-64.so.2 (0x..)"
		*) continue ;;                   # linux-vdso.so.1, "statically linked"
		esac
		lib=${lib%% (*}
		[ -e "$STAGE$lib" ] && continue
		mkdir -p "$STAGE$(dirname "$lib")"
		cp -L "$lib" "$STAGE$lib"
	done <<<"$out"
}

# Install busybox as /bin/busybox with a symlink for every applet at its usual path.
install_busybox() {
	local busybox applet
	busybox=$(command -v busybox) || die "busybox not found (install the Debian package busybox-static)"
	mkdir -p "$STAGE/bin" "$STAGE/sbin" "$STAGE/usr/bin" "$STAGE/usr/sbin"
	cp -L "$busybox" "$STAGE/bin/busybox"
	copy_libs "$busybox"
	while IFS= read -r applet; do
		[ "$applet" = bin/busybox ] || ln -sf /bin/busybox "$STAGE/$applet"
	done < <("$busybox" --list-full)
}

# --bin: the binary goes to /bin under its own name, replacing any busybox applet there.
install_bin() {
	local src=$1 dest
	[ -f "$src" ] || die "--bin $src: no such file"
	dest=$STAGE/bin/$(basename "$src")
	rm -f "$dest"
	cp -L "$src" "$dest"
	chmod 0755 "$dest"
	copy_libs "$src"
}

# --file SRC:GUEST_DEST copies a file or a directory tree to an absolute guest path.
install_file() {
	local spec=$1 src dest
	src=${spec%%:*}
	dest=${spec#*:}
	if [ "$src" = "$spec" ] || [ -z "$src" ]; then
		die "--file '$spec': expected SRC:GUEST_DEST"
	fi
	case $dest in /*) ;; *) die "--file '$spec': GUEST_DEST must be an absolute path" ;; esac
	[ -e "$src" ] || die "--file '$spec': $src does not exist"
	mkdir -p "$STAGE$(dirname "$dest")"
	if [ -d "$src" ]; then
		mkdir -p "$STAGE$dest"
		cp -a "$src/." "$STAGE$dest/"
	else
		cp -L --preserve=mode "$src" "$STAGE$dest"
	fi
}

install_base() {
	mkdir -p "$STAGE"/{dev,proc,sys,tmp,run,root,etc,var/tmp}
	chmod 1777 "$STAGE/tmp" "$STAGE/var/tmp"
	# Some tools look up user and group names; give them root's.
	echo 'root:x:0:0:root:/root:/bin/sh' >"$STAGE/etc/passwd"
	echo 'root:x:0:' >"$STAGE/etc/group"
	install -m 0755 "$VM_DIR/init.sh" "$STAGE/init"
	install -m 0644 "$CONF" "$STAGE/etc/scx-vm.conf"
	install -m 0755 "$SCRIPT" "$STAGE/test.sh"
}

# One newc entry with no data (directories and device nodes).
cpio_entry() {
	local name=$1 mode=$2 rdev_major=$3 rdev_minor=$4 ino=$5 namesize
	namesize=$((${#name} + 1))
	# magic ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		"$ino" "$mode" 0 0 1 0 0 0 0 "$rdev_major" "$rdev_minor" "$namesize" 0
	printf '%s\0' "$name"
	head -c $(((4 - (110 + namesize) % 4) % 4)) /dev/zero
}

# The kernel opens /dev/console for /init's stdio before /init can mount devtmpfs, so the
# archive must carry that node. Writing the few header bytes by hand avoids needing root
# (mknod) to build; the kernel reads concatenated archives, this one first.
console_cpio() {
	{
		cpio_entry dev $((0040755)) 0 0 1
		cpio_entry dev/console $((0020600)) 5 1 2
		cpio_entry 'TRAILER!!!' 0 0 0 0
	} >"$1"
	# Pad to a 512-byte block, as cpio(1) does.
	truncate -s $((($(stat -c %s "$1") + 511) / 512 * 512)) "$1"
}

choose_compression() {
	if [ -n "$KCONFIG" ] && grep -qx 'CONFIG_RD_ZSTD=y' "$KCONFIG" && command -v zstd >/dev/null; then
		echo zstd
	else
		echo gzip
	fi
}

main() {
	OUT='' SCRIPT='' CONF='' KCONFIG=''
	local bins=() files=()
	while [ $# -gt 0 ]; do
		[ $# -ge 2 ] || die "$1 needs a value"
		case $1 in
		--out) OUT=$2 ;;
		--script) SCRIPT=$2 ;;
		--conf) CONF=$2 ;;
		--kernel-config) KCONFIG=$2 ;;
		--bin) bins+=("$2") ;;
		--file) files+=("$2") ;;
		*) die "unknown argument '$1' (see the header of $0)" ;;
		esac
		shift 2
	done
	if [ -z "$OUT" ] || [ -z "$SCRIPT" ] || [ -z "$CONF" ]; then
		die "--out, --script and --conf are required"
	fi
	command -v cpio >/dev/null || die "cpio not found (install the Debian package cpio)"

	STAGE=$(mktemp -d "${TMPDIR:-/tmp}/scx-vm-initramfs.XXXXXX")
	trap 'rm -rf "$STAGE"' EXIT
	install_base
	install_busybox
	local item
	for item in "${bins[@]}"; do install_bin "$item"; done
	for item in "${files[@]}"; do install_file "$item"; done

	local compress
	compress=$(choose_compression)
	console_cpio "$OUT"
	# Sorted names and root ownership: the same inputs give the same archive.
	(cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0) |
		case $compress in
		zstd) zstd -q -3 -T0 ;;
		gzip) gzip -6 ;;
		esac >>"$OUT"
	echo "$(du -h "$OUT" | cut -f1) $compress"
}

main "$@"
