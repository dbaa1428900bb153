#!/bin/bash
# extract-vmlinux.sh BZIMAGE OUT
# Write the ELF vmlinux compressed inside a bzImage to OUT: look for each
# compressor's magic, decompress from there, keep the first valid ELF.
set -uo pipefail
img=${1:?usage: extract-vmlinux.sh BZIMAGE OUT}
out=${2:?usage: extract-vmlinux.sh BZIMAGE OUT}

try() {	# try MAGIC-REGEX DECOMPRESSOR...
	local magic=$1 off
	shift
	for off in $(LC_ALL=C grep -obUaP "$magic" "$img" | cut -d: -f1); do
		tail -c +$((off + 1)) "$img" | "$@" > "$out" 2>/dev/null
		readelf -h "$out" >/dev/null 2>&1 && return 0
	done
	return 1
}

try '\x28\xb5\x2f\xfd' zstd -dcq && exit 0
try '\xfd\x37\x7a\x58\x5a\x00' xz -dcq && exit 0
try '\x1f\x8b\x08' gzip -dcq && exit 0
rm -f "$out"
echo "extract-vmlinux: no compressed ELF kernel found in $img" >&2
exit 1
