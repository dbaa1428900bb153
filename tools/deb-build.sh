#!/bin/bash
# deb-build.sh OUTDIR: build the Debian package wakeref_VERSION_amd64.deb in
# OUTDIR (make deb: build/deb).  The source tree is assembled in
# OUTDIR/wakeref-VERSION from the files git knows (tracked, or new and not
# ignored), with tools/debian/ as debian/; `dpkg-buildpackage -b` builds it
# there, then lintian checks the result and must report no error.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")

die() { echo "deb-build: error: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: deb-build.sh OUTDIR"
out=$(mkdir -p "$1" && cd "$1" && pwd)

cd "$repo"
version=$(dpkg-parsechangelog -l tools/debian/changelog -S Version)
code_version=$(sed -n 's/^#define WAKEREF_VERSION "\(.*\)"$/\1/p' userspace/cmd/main.c)
[ "$version" = "$code_version" ] ||
	die "tools/debian/changelog says $version, userspace/cmd/main.c says $code_version: add a changelog entry (dch -c tools/debian/changelog -v $code_version)"

src=$out/wakeref-$version
rm -rf "$src" "$out"/wakeref_"$version"*
mkdir -p "$src"
# the build directory is never part of the source, whatever it is called
git ls-files -z --cached --others --exclude-standard | grep -zv '^build/' |
	tar --null -T - -cf - | tar -C "$src" -xf -
cp -a tools/debian "$src/debian"

(cd "$src" && dpkg-buildpackage -b -us -uc) > "$out/build.log" 2>&1 ||
	die "dpkg-buildpackage failed: see $out/build.log"
deb=$out/wakeref_${version}_amd64.deb
[ -f "$deb" ] || die "dpkg-buildpackage made no $deb: see $out/build.log"

lintian --fail-on error --info "$out/wakeref_${version}_amd64.changes" > "$out/lintian.log" 2>&1 || {
	cat "$out/lintian.log" >&2
	die "lintian reports errors (above; all of it in $out/lintian.log)"
}
echo "deb-build: $deb; lintian: $(grep -c '^[EW]:' "$out/lintian.log" || true) error/warning line(s), $out/lintian.log" >&2
