#!/bin/bash
# kernel-fetch.sh SERIES
#
# Resolve the current Debian kernel of a series, download its packages with
# `apt-get download` and unpack them with `dpkg -x` into the cache.  Prints
# shell assignments on stdout:
#   KVER=...  KROOT=...  KDIR=...  VMLINUZ=...  VMLINUX=...  KBUILD_EXTRA=...
# so that callers can `eval "$(tools/kernel-fetch.sh 6.12)"`.
#
# SERIES:
#   6.1     bookworm's default kernel, through the system's apt state
#   6.12    bookworm-backports/security, through the system's apt state
#   X.Y     (6.17, 6.18, 7.3, ...) the newest X.Y.Z kernel that the Debian
#           mirror's trixie, trixie-backports, sid or experimental suites offer
#   7.x     the newest 7.Y.Z kernel there
# The bookworm series come with their headers (the simulated driver is built
# against them: KDIR).  The newer ones are resolved through a private apt
# state in the cache (a sources list built from the mirror URIs configured
# in /etc/apt, never the system's own lists), and only the image and the
# modules are fetched: nothing is built for them, KDIR and VMLINUX are empty.
# No version is pinned: the newest one the index lists wins, and the index is
# refreshed when older than $WAKEREF_APT_MAX_AGE minutes (default 360) or when
# a download fails (versions rotate out of the mirror).
#
# Cache:  ${WAKEREF_CACHE:-$HOME/.cache/wakeref}/kernels/KVER, reused between
#         runs; the private apt state is in .../apt.
#
# The headers are never apt-get installed: they Depend on the image, which
# would pull a signed kernel, initramfs-tools and systemd into the host.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

series=${1:?usage: kernel-fetch.sh SERIES (6.1, 6.12, X.Y such as 6.18, or 7.x)}
here=$(cd "$(dirname "$0")" && pwd)
cache=${WAKEREF_CACHE:-$HOME/.cache/wakeref}
log() { echo "kernel-fetch: $*" >&2; }
die() { log "error: $*"; exit 1; }

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

papt_dir=$cache/apt
papt_opts=(-o "Dir::Etc::SourceList=$papt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State=$papt_dir/state" -o "Dir::Cache=$papt_dir/cache" -o Debug::NoLocking=1
	-o APT::Sandbox::User=root -o Dir::Cache::pkgcache=pkgcache.bin
	-o Dir::Cache::srcpkgcache=srcpkgcache.bin)
papt_suites="trixie trixie-backports sid experimental"

# mirror_entries: "URI SIGNED-BY" of the Debian archive as the system's apt
# sources configure it: the entries that carry the system's own release
# (not its -security or -updates suites), one-line or deb822 format
mirror_entries() {
	local codename f
	# shellcheck disable=SC1091 # the system's own file
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || die "cannot tell the system's release from /etc/os-release"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v c="$codename" '
			$1 != "deb" { next }
			{
				sb = ""; i = 2
				if ($2 ~ /^\[/) {
					for (; i <= NF; i++) {
						if (match($i, /signed-by=[^] ]+/)) sb = substr($i, RSTART + 10, RLENGTH - 10)
						if ($i ~ /\]$/) { i++; break }
					}
				}
				if ($(i + 1) == c) print $i, (sb == "" ? "-" : sb)
			}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v c="$codename" -v RS= '
			{
				types = uris = suites = sb = ""; enabled = 1
				n = split($0, l, "\n")
				for (j = 1; j <= n; j++) {
					k = l[j]; sub(/:.*/, "", k); v = l[j]; sub(/^[^:]*:[ \t]*/, "", v)
					if (k == "Types") types = v
					else if (k == "URIs") uris = v
					else if (k == "Suites") suites = v
					else if (k == "Signed-By") sb = v
					else if (k == "Enabled" && v == "no") enabled = 0
				}
				if (!enabled || (" " types " ") !~ / deb /) next
				if ((" " suites " ") !~ (" " c " ")) next
				m = split(uris, u, /[ \t]+/)
				for (j = 1; j <= m; j++) if (u[j] != "") print u[j], (sb ~ /^\// ? sb : "-")
			}' "$f"
	done
}

papt() { "$@" "${papt_opts[@]}"; }

# papt_update [force]: write the private sources list and refresh its index
# when it is missing, older than $WAKEREF_APT_MAX_AGE minutes, or forced
papt_update() {
	local entries uri sb suite list=$papt_dir/sources.list max_age=${WAKEREF_APT_MAX_AGE:-360}
	mkdir -p "$papt_dir/state/lists/partial" "$papt_dir/cache/archives/partial"
	entries=$(mirror_entries | awk '!seen[$1]++')
	[ -n "$entries" ] || die "no Debian mirror for this release in /etc/apt/sources.list{,.d}"
	while read -r uri sb; do
		for suite in $papt_suites; do
			if [ "$sb" = - ]; then
				echo "deb $uri $suite main"
			else
				echo "deb [signed-by=$sb] $uri $suite main"
			fi
		done
	done <<< "$entries" > "$list.new"
	if ! cmp -s "$list.new" "$list"; then
		mv "$list.new" "$list"
		rm -f "$papt_dir/.updated"
	else
		rm -f "$list.new"
	fi
	if [ "${1:-}" != force ] && [ -f "$papt_dir/.updated" ] &&
		[ -z "$(find "$papt_dir/.updated" -mmin +"$max_age")" ]; then
		return 0
	fi
	log "refreshing the private apt index ($papt_suites)"
	papt apt-get -q update >&2 || die "apt-get update of the private apt state failed"
	touch "$papt_dir/.updated"
}

# papt_available PKG: the private index has a downloadable PKG (grep reads
# all: with -q, apt-cache could die of SIGPIPE and pipefail say "no")
papt_available() { papt apt-cache show "$1" 2>/dev/null | grep -c '^Filename: ' >/dev/null; }

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

kdir="" vmlinux="" extra=""
if [ -n "$meta" ]; then
	fetch_bookworm
	# 6.1's linux-kbuild lacks resolve_btfids; the simulated driver uses no BTF_IDs.
	[ -x "$kdir/tools/bpf/resolve_btfids/resolve_btfids" ] || extra="RESOLVE_BTFIDS=true"
else
	fetch_newer
fi

cat <<OUT
KVER=$kver
KROOT=$root
KDIR=$kdir
VMLINUZ=$vmlinuz
VMLINUX=$vmlinux
KBUILD_EXTRA="$extra"
OUT
