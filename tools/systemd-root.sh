#!/bin/bash
# systemd-root.sh PKG...
#
# The root file system of the systemd guest (tools/systemd-test.sh): Debian
# of this machine's own release, made by mmdebstrap from Debian's packages
# through the mirror this machine's apt is configured with (its minbase set
# plus systemd, systemd-sysv, kmod, bpftool and PKG..., what the wakeref
# package Depends on, so that `dpkg -i` works in the guest without a
# network), as an ext4 image made by `mke2fs -d` from that tree: no loop
# device, no mount.  Prints the image's path on stdout.
#
# The tree is set up to boot to multi-user.target with systemd as PID 1 on
# a serial console: no getty (nothing would log in), no password, an empty
# fstab (the initramfs mounts the root read-write), no machine-id (made at
# the first boot of each run: the guest boots the image with snapshot=on,
# so it is never written).
#
# Cache: ${WAKEREF_CACHE:-$HOME/.cache/wakeref}/systemd-root/RELEASE.img
# (about 450 MB, sparse), reused while it has every PKG; made again with
# the packages of both when a PKG is missing.  Remove it to start afresh.
#
# Needs root (mmdebstrap --mode=root: the tree's files keep their owners,
# which mke2fs -d copies into the image) and mmdebstrap, mke2fs.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
cache=${WAKEREF_CACHE:-$HOME/.cache/wakeref}
log() { echo "systemd-root: $*" >&2; }
die() { log "error: $*"; exit 1; }
# shellcheck source=tools/debian-apt.sh
. "$here/debian-apt.sh"

# the guest's own needs, beyond the package's dependencies
base_pkgs="systemd systemd-sysv kmod bpftool procps"
# room for the package, the journal and the test's files (blocks unused by
# the tree cost nothing: the image is sparse)
size=${WAKEREF_SYSTEMD_ROOT_SIZE:-2G}

# shellcheck disable=SC1091 # the system's own file
release=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$release" ] || die "cannot tell this machine's release from /etc/os-release"
dir=$cache/systemd-root
img=$dir/$release.img
blog=$dir/$release.log

umask 077
mkdir -p "$dir"
exec 8> "$dir/.lock"
flock 8
# shellcheck disable=SC2086 # a list of package names
want=$(printf '%s\n' $base_pkgs "$@" | sort -u)
if [ -f "$img" ] && [ -f "$img.packages" ]; then
	missing=$(comm -23 <(echo "$want") <(tr ' ' '\n' < "$img.packages" | sort -u))
	if [ -z "$missing" ]; then
		echo "$img"
		exit 0
	fi
	log "the $release root lacks $(echo "$missing" | tr '\n' ' ')- making it again with them"
	# shellcheck disable=SC2046 # a list of package names
	want=$(printf '%s\n' "$want" $(cat "$img.packages") | sort -u)
fi
pkgs=$(echo "$want" | tr '\n' ' ')
pkgs=${pkgs% }

[ "$(id -u)" -eq 0 ] || die "making the root file system needs root (mmdebstrap --mode=root keeps the files' owners)"
command -v mmdebstrap > /dev/null || die "mmdebstrap not found: install it (make deps)"
command -v mke2fs > /dev/null || die "mke2fs not found (e2fsprogs)"

read -r uri sb <<< "$(mirror_entry)"
tree=$(mktemp -d "$dir/tree.XXXXXX")
trap 'rm -rf "$tree" "$img.tmp"' EXIT
t0=$EPOCHREALTIME
log "making the $release root in $img ($pkgs)"
args=(--mode=root --variant=minbase --include="${pkgs// /,}" --quiet)
[ "$sb" = - ] || args+=(--keyring="$sb")
# the tree is a directory mmdebstrap fills (it wants it empty)
# the tree's own files get a system's modes, whatever this script's umask
if ! (umask 022 && mmdebstrap "${args[@]}" "$release" "$tree" "$(deb_line "$uri" - "$release")") > "$blog" 2>&1; then
	tail -n 20 "$blog" | sed 's/^/    /' >&2
	die "mmdebstrap of $release failed (log: $blog)"
fi
# mktemp made it 0700; the root directory of a system is 0755
chmod 755 "$tree"

# boot to multi-user.target on the serial console, with nothing to log in
ln -sfn /lib/systemd/system/multi-user.target "$tree/etc/systemd/system/default.target"
for u in getty.target serial-getty@.service getty@.service; do
	ln -sfn /dev/null "$tree/etc/systemd/system/$u"
done
echo wakeref-guest > "$tree/etc/hostname"
: > "$tree/etc/fstab"
# made at boot (an empty file: "not yet initialised", systemd writes one)
: > "$tree/etc/machine-id"
rm -f "$tree/var/lib/dbus/machine-id"
# the journal in /run: nothing to flush to the disk, whose writes a
# snapshot drops anyway
mkdir -p "$tree/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\n' > "$tree/etc/systemd/journald.conf.d/volatile.conf"
chmod 644 "$tree/etc/hostname" "$tree/etc/fstab" "$tree/etc/machine-id" \
	"$tree/etc/systemd/journald.conf.d/volatile.conf"
# what the image was made of, in it too
echo "$pkgs" > "$tree/etc/wakeref-root.packages"
chmod 644 "$tree/etc/wakeref-root.packages"

mke2fs -q -F -t ext4 -L wakeref-root -d "$tree" "$img.tmp" "$size" >> "$blog" 2>&1 ||
	die "mke2fs -d failed (log: $blog)"
mv "$img.tmp" "$img"
echo "$pkgs" > "$img.packages"
log "$release root ready in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s" \
	"($(du -sm "$tree" | cut -f1) MB of files, image $(du -sm "$img" | cut -f1) MB on disk)"
echo "$img"
