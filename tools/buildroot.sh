#!/bin/bash
# buildroot.sh SUITE PKG...
#
# A build root for kernels newer than this machine's release: their kbuild
# tools need the C library and the compiler of the suite they were built in
# (Debian's 6.18 and 7.x headers name gcc-14 and link against glibc 2.38;
# bookworm has gcc-12 and 2.36).  mmdebstrap makes it from Debian's own
# packages of SUITE (its minimal essential set plus PKG..., what the
# kernel's headers and linux-kbuild packages depend on, plus make and
# binutils: the compiler those name runs a plain `as`), through
# the mirror this machine's apt is configured with.  Nothing is installed
# into the host.  Prints the build root's path on stdout.
#
# Cache: ${WAKEREF_CACHE:-$HOME/.cache/wakeref}/buildroot/SUITE, one per
# suite (about 330 MB), reused between runs while it has every PKG; when a
# kernel needs one it lacks, it is made again with the packages of both
# (kernels of one suite differ little: 6.18's kbuild also wants python3).
# Remove the directory to start afresh.  Enter it with tools/in-buildroot.sh.
#
# Needs root (mmdebstrap --mode=root; chroot to enter it) and mmdebstrap.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
cache=${WAKEREF_CACHE:-$HOME/.cache/wakeref}
log() { echo "buildroot: $*" >&2; }
die() { log "error: $*"; exit 1; }
# shellcheck source=tools/debian-apt.sh
. "$here/debian-apt.sh"

suite=${1:?usage: buildroot.sh SUITE PKG...}
shift
[[ $suite =~ ^[a-z][a-z0-9-]*$ ]] || die "bad suite name '$suite'"
dir=$cache/buildroot/$suite
blog=$cache/buildroot/$suite.log

mkdir -p "$cache/buildroot"
exec 8> "$cache/buildroot/.lock"
flock 8
if [ -f "$dir/.ready" ]; then
	missing=$(printf '%s\n' make binutils "$@" | sort -u | comm -23 - <(tr ' ' '\n' < "$dir/.packages" | sort -u))
	if [ -z "$missing" ]; then
		echo "$dir"
		exit 0
	fi
	log "the $suite build root lacks $(echo "$missing" | tr '\n' ' ')- making it again with them"
	# shellcheck disable=SC2046 # a list of package names
	set -- "$@" $(cat "$dir/.packages")
fi
pkgs=$(printf '%s\n' make binutils "$@" | sort -u | tr '\n' ' ')
pkgs=${pkgs% }

[ "$(id -u)" -eq 0 ] || die "making the $suite build root needs root (mmdebstrap --mode=root," \
	"and chroot to use it): run as root"
command -v mmdebstrap > /dev/null || die "mmdebstrap not found: install it (make deps)"

read -r uri sb <<< "$(mirror_entry)"
rm -rf "$dir"
t0=$EPOCHREALTIME
log "making the $suite build root in $dir ($pkgs)"
args=(--mode=root --variant=essential --include="${pkgs// /,}" --quiet)
[ "$sb" = - ] || args+=(--keyring="$sb")
# the keyring is mmdebstrap's to give apt, not the sources line's: inside
# the build root that path may not exist
if ! mmdebstrap "${args[@]}" "$suite" "$dir" "$(deb_line "$uri" - "$suite")" \
	> "$blog" 2>&1; then
	tail -n 20 "$blog" | sed 's/^/    /' >&2
	rm -rf "$dir"
	die "mmdebstrap of $suite failed (log: $blog)"
fi
echo "$pkgs" > "$dir/.packages"
touch "$dir/.ready"
log "$suite build root ready in $(awk -v a="$t0" -v b="$EPOCHREALTIME" \
	'BEGIN { printf "%.0f", b - a }') s ($(du -sm "$dir" | cut -f1) MB)"
echo "$dir"
