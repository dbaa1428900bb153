#!/bin/bash
# kernel-fetch.sh SERIES
#
# Resolve the current Debian kernel of a series through its meta package,
# `apt-get download` the unsigned image and the headers, and unpack them with
# `dpkg -x` into the cache.  Prints shell assignments on stdout:
#   KVER=...  KROOT=...  KDIR=...  VMLINUZ=...  VMLINUX=...  KBUILD_EXTRA=...
# so that callers can `eval "$(tools/kernel-fetch.sh 6.12)"`.
#
# SERIES: 6.1 (bookworm's default kernel) or 6.12 (bookworm-backports/security).
# Cache:  ${WAKEREF_CACHE:-$HOME/.cache/wakeref}/kernels/KVER, reused between runs.
#
# The headers are never apt-get installed: they Depend on the image, which
# would pull a signed kernel, initramfs-tools and systemd into the host.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

series=${1:?usage: kernel-fetch.sh SERIES (6.1 or 6.12)}
here=$(cd "$(dirname "$0")" && pwd)
cache=${WAKEREF_CACHE:-$HOME/.cache/wakeref}
log() { echo "kernel-fetch: $*" >&2; }
die() { log "error: $*"; exit 1; }

case $series in
6.1)	meta=linux-image-amd64 ;;
6.12)	meta=linux-image-6.12-amd64 ;;
*)	die "unknown kernel series '$series' (known: 6.1, 6.12)" ;;
esac

apt_depends() { apt-cache depends "$1" 2>/dev/null | awk -v re="$2" '$1 == "Depends:" && $2 ~ re { print $2 }'; }

img=$(apt_depends "$meta" '^linux-image-' | head -n1)
if [ -z "$img" ]; then
	log "no package list yet, running apt-get update"
	apt-get update -qq >&2 || die "apt-get update failed"
	img=$(apt_depends "$meta" '^linux-image-' | head -n1)
fi
[ -n "$img" ] || die "cannot resolve $meta to a versioned image (is the apt source for bookworm configured?)"
kver=${img#linux-image-}
dest=$cache/kernels/$kver
root=$dest/root
kdir=$root/usr/src/linux-headers-$kver

if [ ! -e "$dest/.unpacked" ]; then
	hdrs=$(apt_depends "linux-headers-$kver" '^linux-(headers|kbuild)-')
	[ -n "$hdrs" ] || die "cannot resolve the headers of $kver"
	rm -rf "$dest"
	mkdir -p "$dest/debs" "$root"
	log "downloading $kver: $img-unsigned linux-headers-$kver $hdrs"
	(cd "$dest/debs" && apt-get download -q "$img-unsigned" "linux-headers-$kver" $hdrs >&2) ||
		die "apt-get download failed for $kver"
	for d in "$dest"/debs/*.deb; do
		dpkg -x "$d" "$root"
	done
	# The arch headers include the -common Makefile by absolute /usr/src path.
	sed -i "s#^include /usr/src/#include $root/usr/src/#" "$kdir/Makefile"
	# 6.1 headers ship no vmlinux: module BTF needs it as the base.
	if [ ! -f "$kdir/vmlinux" ]; then
		"$here/extract-vmlinux.sh" "$root/boot/vmlinuz-$kver" "$kdir/vmlinux" ||
			die "cannot extract vmlinux from the $kver image"
	fi
	readelf -S "$kdir/vmlinux" | grep -q '\.BTF ' || die "$kver vmlinux has no .BTF section"
	depmod -b "$root" "$kver" >&2 || die "depmod failed for $kver"
	rm -rf "$dest/debs"
	touch "$dest/.unpacked"
fi

extra=""
# 6.1's linux-kbuild lacks resolve_btfids; the simulated driver uses no BTF_IDs.
[ -x "$kdir/tools/bpf/resolve_btfids/resolve_btfids" ] || extra="RESOLVE_BTFIDS=true"

cat <<OUT
KVER=$kver
KROOT=$root
KDIR=$kdir
VMLINUZ=$root/boot/vmlinuz-$kver
VMLINUX=$kdir/vmlinux
KBUILD_EXTRA="$extra"
OUT
