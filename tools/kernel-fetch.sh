#!/bin/bash
# kernel-fetch.sh [--no-build] SERIES
#
# Resolve the current Debian kernel of a series, download its packages with
# `apt-get download` and unpack them with `dpkg -x` into the cache.  Prints
# shell assignments on stdout:
#   KVER=...  KROOT=...  KDIR=...  VMLINUZ=...  VMLINUX=...  KBUILD_EXTRA=...
#   BUILDROOT=...
# so that callers can `eval "$(tools/kernel-fetch.sh 6.12)"`.
#
# SERIES:
#   6.1     bookworm's default kernel, through the system's apt state
#   6.12    bookworm-backports/security, through the system's apt state
#   X.Y     (6.17, 6.18, 7.3, ...) the newest X.Y.Z kernel that the Debian
#           mirror's trixie, trixie-backports, sid or experimental suites offer
#   7.x     the newest 7.Y.Z kernel there
# Every series comes with its headers (linux-headers-KVER, its -common and
# linux-kbuild packages): KDIR, what a module for it is built against, with
# VMLINUX, the base of module BTF.  The newer series are resolved through a
# private apt state in the cache (tools/debian-apt.sh: a sources list built
# from the mirror URIs configured in /etc/apt, never the system's own
# lists).  Their kbuild needs a newer C library and compiler than bookworm
# has: BUILDROOT is a build root of the suite the kernel comes from
# (tools/buildroot.sh), in which to run kbuild (tools/in-buildroot.sh); it is
# empty for 6.1 and 6.12, which build on the host.
#
# The headers of a newer kernel leave the index before its image does (the
# signed image lives in another source package).  Then they are taken from
# the mirror's pool, at the version the image was built from (its
# Built-Using), with apt's own downloader, and accepted only if their
# vmlinux carries byte for byte the BTF of the image's kernel.
#
# --no-build: for a newer series, only the image and the modules (KDIR,
# VMLINUX and BUILDROOT empty): the real-driver tests build nothing.
#
# No version is pinned: the newest one the index lists wins, and the index is
# refreshed when older than $WAKEREF_APT_MAX_AGE minutes (default 360) or when
# a download fails (versions rotate out of the mirror).
#
# Cache:  ${WAKEREF_CACHE:-$HOME/.cache/wakeref}/kernels/KVER, reused between
#         runs; the private apt state is in .../apt, build roots in
#         .../buildroot.
#
# The headers are never apt-get installed: they Depend on the image, which
# would pull a signed kernel, initramfs-tools and systemd into the host.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

here=$(cd "$(dirname "$0")" && pwd)
cache=${WAKEREF_CACHE:-$HOME/.cache/wakeref}
log() { echo "kernel-fetch: $*" >&2; }
die() { log "error: $*"; exit 1; }
# shellcheck source=tools/debian-apt.sh
. "$here/debian-apt.sh"

build=1
if [ "${1:-}" = --no-build ]; then
	build=0
	shift
fi
series=${1:?usage: kernel-fetch.sh [--no-build] SERIES (6.1, 6.12, X.Y such as 6.18, or 7.x)}

case $series in
6.1)	meta=linux-image-amd64 ;;
6.12)	meta=linux-image-6.12-amd64 ;;
7.x | [1-9].[0-9] | [1-9].[0-9][0-9]) meta= ;;
*)	die "unknown kernel series '$series' (known: 6.1, 6.12, X.Y such as 6.18, 7.x)" ;;
esac

# apt_depends PKG REGEX [APT-ARGS...]: the packages PKG Depends on matching REGEX
apt_depends() {
	local pkg=$1 re=$2
	shift 2
	apt-cache "$@" depends "$pkg" 2>/dev/null | awk -v re="$re" '$1 == "Depends:" && $2 ~ re { print $2 }'
}

# fetch_bookworm: the series' image and headers, through the system's apt
fetch_bookworm() {
	local img hdrs
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
	vmlinuz=$root/boot/vmlinuz-$kver
	vmlinux=$kdir/vmlinux
	[ ! -e "$dest/.unpacked" ] || return 0

	hdrs=$(apt_depends "linux-headers-$kver" '^linux-(headers|kbuild)-')
	[ -n "$hdrs" ] || die "cannot resolve the headers of $kver"
	rm -rf "$dest"
	mkdir -p "$dest/debs" "$root"
	log "downloading $kver: $img-unsigned linux-headers-$kver $hdrs"
	# shellcheck disable=SC2086 # hdrs is a list of package names
	(cd "$dest/debs" && apt-get download -q "$img-unsigned" "linux-headers-$kver" $hdrs >&2) ||
		die "apt-get download failed for $kver"
	unpack_debs
	# The arch headers include the -common Makefile by absolute /usr/src path.
	sed -i "s#^include /usr/src/#include $root/usr/src/#" "$kdir/Makefile"
	# 6.1 headers ship no vmlinux: module BTF needs it as the base.
	if [ ! -f "$kdir/vmlinux" ]; then
		"$here/extract-vmlinux.sh" "$vmlinuz" "$kdir/vmlinux" ||
			die "cannot extract vmlinux from the $kver image"
	fi
	readelf -S "$kdir/vmlinux" | grep '\.BTF ' > /dev/null || die "$kver vmlinux has no .BTF section"
	finish_unpack
}

# unpack_debs: dpkg -x every downloaded package into $root
unpack_debs() {
	local d
	for d in "$dest"/debs/*.deb; do
		dpkg -x "$d" "$root" || die "dpkg -x $d failed"
	done
	# merged /usr (7.x packages): kmod looks in ROOT/lib/modules
	if [ -d "$root/usr/lib/modules" ] && [ ! -e "$root/lib" ]; then
		ln -sfn usr/lib "$root/lib"
	fi
}

finish_unpack() {
	[ -d "$root/lib/modules/$kver" ] || die "$kver: no lib/modules/$kver in the packages"
	depmod -b "$root" "$kver" >&2 || die "depmod failed for $kver"
	rm -rf "$dest/debs"
	touch "$dest/.unpacked"
}

# --- newer kernels: a private apt state over the configured mirror ---------

# papt_newest_kver: the newest kernel release of $series in the private
# index ("6.18.15+deb13-amd64"); release candidates (X.Y-amd64) are skipped
papt_newest_kver() {
	local re k
	case $series in
	7.x) re='^linux-image-(7\.[0-9]+\.[0-9]+(\+deb[0-9]+)?-amd64)$' ;;
	*) re="^linux-image-(${series//./\\.}\\.[0-9]+(\\+deb[0-9]+)?-amd64)\$" ;;
	esac
	for k in $(papt apt-cache pkgnames linux-image- 2>/dev/null | { grep -E "$re" || true; } |
		sed 's/^linux-image-//' | sort -rV); do
		if papt_available "linux-image-$k"; then
			echo "$k"
			return 0
		fi
	done
}

# papt_packages KVER: what to download for KVER: 6.17+ ship one linux-image
# package; 7.x split it into linux-binary (vmlinuz), linux-modules and
# linux-base (config, System.map), which the linux-image package Depends on
papt_packages() {
	local split
	split=$(apt_depends "linux-image-$1" '^linux-(binary|modules|base)-' "${papt_opts[@]}")
	if [ -n "$split" ]; then
		echo "$split"
	else
		echo "linux-image-$1"
	fi
}

fetch_newer() {
	local pkgs try
	for try in 1 2; do
		papt_update "$([ "$try" = 2 ] && echo force)"
		kver=$(papt_newest_kver)
		[ -n "$kver" ] || { [ "$try" = 1 ] && continue; die "no $series kernel in $papt_suites"; }
		dest=$cache/kernels/$kver
		root=$dest/root
		[ ! -e "$dest/.unpacked" ] && break
		locate_vmlinuz
		return 0
	done
	for try in 1 2; do
		pkgs=$(papt_packages "$kver" | tr '\n' ' ')
		rm -rf "$dest"
		mkdir -p "$dest/debs" "$root"
		log "downloading $kver: $pkgs"
		# shellcheck disable=SC2086 # pkgs is a list of package names
		if (cd "$dest/debs" && papt apt-get download -q $pkgs >&2); then
			break
		fi
		[ "$try" = 1 ] || die "apt-get download failed for $kver"
		log "download failed: refreshing the index (the version may have rotated out)"
		papt_update force
		kver=$(papt_newest_kver)
		[ -n "$kver" ] || die "no $series kernel in $papt_suites"
		dest=$cache/kernels/$kver
		root=$dest/root
	done
	unpack_debs
	locate_vmlinuz
	finish_unpack
}

# locate_vmlinuz: /boot (6.x packages) or the modules directory (7.x split)
locate_vmlinuz() {
	local f
	vmlinuz=
	for f in "$root/boot/vmlinuz-$kver" "$root/usr/lib/modules/$kver/vmlinuz"; do
		[ -f "$f" ] && vmlinuz=$f && break
	done
	[ -n "$vmlinuz" ] || die "$kver: no vmlinuz in its packages"
}

# deb_build_depends DEB...: what the packages Depend on outside the kernel's
# own packages (linux-*), first alternatives, without versions
deb_build_depends() {
	local d
	for d; do
		dpkg-deb -f "$d" Depends
	done | tr ',' '\n' | sed -e 's/|.*//' -e 's/(.*)//' -e 's/:any//' -e 's/[[:space:]]//g' |
		awk '$0 != "" && $0 !~ /^linux-/' | sort -u
}

# pool_download NAME VERSION: NAME_VERSION_ARCH.deb of source "linux" from
# the mirror's pool into $dest/hdebs, ARCH amd64 or all
pool_download() {
	local name=$1 ver=${2#*:} uri sb arch
	read -r uri sb <<< "$(mirror_entry)"
	for arch in amd64 all; do
		if /usr/lib/apt/apt-helper download-file \
			"${uri%/}/pool/main/l/linux/${name}_${ver}_$arch.deb" \
			"$dest/hdebs/${name}_${ver}_$arch.deb" > /dev/null 2>&1; then
			log "downloaded ${name}_${ver}_$arch.deb from the pool"
			return 0
		fi
	done
	die "$name $ver is neither in the index nor in the mirror's pool: no headers for $kver" \
		"(try another series, or WAKEREF_APT_MAX_AGE=0 to refresh the index)"
}

# fetch_headers_from_pool: the headers of $kver at the version its image was
# built from, when the index no longer lists them
fetch_headers_from_pool() {
	local ver dep name dver
	ver=$(papt_field "linux-image-$kver" Built-Using | tr ',' '\n' |
		sed -n 's/^ *linux (= \([^)]*\)) *$/\1/p' | head -n1)
	[ -n "$ver" ] || die "linux-headers-$kver is not in the index, and its image names no" \
		"linux source version (Built-Using) to find them in the pool"
	log "linux-headers-$kver has left the index: taking it from the mirror's pool at $ver"
	pool_download "linux-headers-$kver" "$ver"
	# its -common and linux-kbuild packages, at the versions it names (the
	# same source version when it names none)
	for dep in $(dpkg-deb -f "$dest"/hdebs/*.deb Depends | tr ',' '\n' | sed -n \
		-e 's/^ *\(linux-\(headers\|kbuild\)-[^ ]*\) (= \([^)]*\)) *$/\1=\3/p' -e t \
		-e 's/^ *\(linux-\(headers\|kbuild\)-[^ ]*\) *$/\1/p'); do
		name=${dep%%=*}
		dver=$ver
		[ "$name" = "$dep" ] || dver=${dep#*=}
		pool_download "$name" "$dver"
	done
}

# check_headers_btf: the headers' vmlinux (the base of module BTF) must be
# the kernel that boots: its .BTF byte for byte that of the image's vmlinux
check_headers_btf() {
	local tmp ok=0
	tmp=$(mktemp -d)
	"$here/extract-vmlinux.sh" "$vmlinuz" "$tmp/vmlinux" ||
		{ rm -rf "$tmp"; die "cannot extract vmlinux from the $kver image"; }
	if [ ! -f "$vmlinux" ]; then
		cp "$tmp/vmlinux" "$vmlinux"
	fi
	objcopy -O binary --only-section=.BTF "$tmp/vmlinux" "$tmp/image.btf" &&
		objcopy -O binary --only-section=.BTF "$vmlinux" "$tmp/headers.btf" &&
		[ -s "$tmp/image.btf" ] && cmp -s "$tmp/image.btf" "$tmp/headers.btf" && ok=1
	rm -rf "$tmp"
	[ "$ok" = 1 ] || die "$kver: the BTF of the headers' vmlinux is not the image's: these headers" \
		"are not of this kernel (remove $dest and fetch again)"
}

# fetch_newer_headers: $kver's headers into $root (once), and the build
# root of the suite they come from
fetch_newer_headers() {
	local hdr=linux-headers-$kver deps suite
	kdir=$root/usr/src/$hdr
	vmlinux=$kdir/vmlinux
	if [ ! -e "$dest/.headers" ]; then
		rm -rf "$dest/hdebs"
		mkdir -p "$dest/hdebs"
		if papt_available "$hdr"; then
			deps=$(apt_depends "$hdr" '^linux-(headers|kbuild)-' "${papt_opts[@]}" | tr '\n' ' ')
			log "downloading $kver's headers: $hdr $deps"
			# shellcheck disable=SC2086 # deps is a list of package names
			(cd "$dest/hdebs" && papt apt-get download -q "$hdr" $deps >&2) ||
				die "apt-get download of $kver's headers failed"
			suite=$(papt_suite "$hdr")
		else
			fetch_headers_from_pool
			suite=$(papt_suite "linux-image-$kver")
		fi
		local d
		for d in "$dest"/hdebs/*.deb; do
			dpkg -x "$d" "$root" || die "dpkg -x $d failed"
		done
		[ -f "$kdir/Makefile" ] || die "$kver: no $kdir/Makefile in its headers"
		# the arch headers name the -common tree by its absolute /usr/src path
		sed -i -e "s#^include /usr/src/#include $root/usr/src/#" \
			-e "s#^KBUILD_OUTPUT=/usr/src/#KBUILD_OUTPUT=$root/usr/src/#" "$kdir/Makefile"
		check_headers_btf
		# the suite the kernel was built in; backports build on their base
		suite=${suite%-backports}
		[ "$suite" != experimental ] || suite=sid
		[ -n "$suite" ] || die "cannot tell which suite $kver comes from"
		echo "$suite" > "$dest/buildroot-suite"
		deb_build_depends "$dest"/hdebs/*.deb > "$dest/buildroot-packages"
		rm -rf "$dest/hdebs"
		touch "$dest/.headers"
	fi
	# shellcheck disable=SC2046 # a list of package names
	buildroot=$("$here/buildroot.sh" "$(cat "$dest/buildroot-suite")" \
		$(cat "$dest/buildroot-packages")) || die "no build root for $kver"
}

kdir="" vmlinux="" extra="" buildroot=""
if [ -n "$meta" ]; then
	fetch_bookworm
else
	fetch_newer
	[ "$build" = 0 ] || fetch_newer_headers
fi
# 6.1's linux-kbuild lacks resolve_btfids; the simulated driver uses no BTF_IDs.
if [ -n "$kdir" ] && [ ! -x "$kdir/tools/bpf/resolve_btfids/resolve_btfids" ]; then
	extra="RESOLVE_BTFIDS=true"
fi

cat <<OUT
KVER=$kver
KROOT=$root
KDIR=$kdir
VMLINUZ=$vmlinuz
VMLINUX=$vmlinux
KBUILD_EXTRA="$extra"
BUILDROOT=$buildroot
OUT
