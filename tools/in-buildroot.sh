#!/bin/bash
# in-buildroot.sh ROOT DIR... -- CMD [ARG...]
#
# Run CMD inside the build root ROOT (tools/buildroot.sh), in the current
# directory, with each DIR visible at the same path as outside: a private
# mount namespace (unshare) bind-mounts /dev, each DIR and a fresh /proc
# into ROOT, then chroot.  Nothing is mounted outside the namespace, and
# everything goes when CMD exits.  So a path works the same inside and out:
# a kernel's headers and a module's sources and build directory.  Needs
# root.  Exit status: CMD's.
set -euo pipefail

die() { echo "in-buildroot: error: $*" >&2; exit 2; }

root=${1:?usage: in-buildroot.sh ROOT DIR... -- CMD [ARG...]}
shift
[ -f "$root/.ready" ] || die "$root is not a finished build root (make it with tools/buildroot.sh)"
dirs=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	[ -d "$1" ] || die "no directory $1 to bind into the build root"
	dirs+=("$(cd "$1" && pwd -P)")
	shift
done
if [ "${1:-}" != -- ] || [ $# -lt 2 ]; then
	die "usage: in-buildroot.sh ROOT DIR... -- CMD [ARG...]"
fi
shift
[ "$(id -u)" -eq 0 ] || die "entering a build root needs root (mount namespace, chroot)"

if [ -z "${WAKEREF_IN_BUILDROOT_NS:-}" ]; then
	exec env WAKEREF_IN_BUILDROOT_NS=1 unshare --mount --propagation private -- \
		"$0" "$root" "${dirs[@]}" -- "$@"
fi
unset WAKEREF_IN_BUILDROOT_NS

mkdir -p "$root/dev" "$root/proc"
mount --bind /dev "$root/dev" || die "cannot bind /dev into $root"
mount -t proc proc "$root/proc" || die "cannot mount /proc in $root"
for d in "${dirs[@]}"; do
	mkdir -p "$root$d"
	mount --bind "$d" "$root$d" || die "cannot bind $d into $root"
done
cwd=$(pwd -P)
# shellcheck disable=SC2016 # expanded by the shell inside
exec chroot "$root" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$cwd" "$@"
