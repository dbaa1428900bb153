#!/bin/bash
# core-check.sh [SERIES...]: the CO-RE field relocations of wakeref's BPF
# objects (build/bpf/*.bpf.o) checked against the BTF of Debian's real
# kernels and modules (default 6.1 6.12 6.18 7.x), by build/core/core_check
# (tests/core/core_check.c): every struct field a program reads must exist in
# each kernel that has the struct, with the width the program loads, unless
# the object checks its existence (bpf_core_field_exists()).  Then the
# negative control: the same check with a field the programs read without a
# guard renamed in the kernel's BTF must fail.  Run by make test beside the
# unit tests; prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
build=${BUILD:-$repo/build}
check=$build/core/core_check
objs=("$build"/bpf/*.bpf.o)
# the modules whose types the programs read: the drivers and the DRM/TTM cores
mods="i915 xe drm_gpusvm_helper drm ttm"
# read with no existence check: renamed, the check must fail
negative=i915_vma.obj
pass=0 fail=0
ok() { echo "PASS core/$*"; pass=$((pass + 1)); }
bad() { echo "FAIL core/$*"; fail=$((fail + 1)); }

decompress() {
	case $1 in
	*.xz) xz -dc "$1" ;;
	*.zst) zstd -dcq "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*) cat "$1" ;;
	esac > "$2.tmp" && mv "$2.tmp" "$2"
}

# one_kernel SERIES: fetch it (no build), stage its vmlinux and modules, check
one_kernel() {
	local series=$1 vars KVER KROOT KDIR VMLINUZ dir vmlinux m f src out rc
	local -a kos=()
	vars=$("$here/kernel-fetch.sh" --no-build "$series" 2>/dev/null) ||
		{ bad "$series: kernel-fetch.sh $series failed"; return; }
	eval "$vars"
	dir=$build/core/$KVER
	mkdir -p "$dir"
	vmlinux=
	for f in "${KDIR:-/nonexistent}/vmlinux" "$KROOT/usr/src/linux-headers-$KVER/vmlinux"; do
		[ -f "$f" ] && { vmlinux=$f; break; }
	done
	if [ -z "$vmlinux" ]; then
		vmlinux=$dir/vmlinux
		[ -s "$vmlinux" ] || "$here/extract-vmlinux.sh" "$VMLINUZ" "$vmlinux" ||
			{ bad "$series: no vmlinux with BTF for $KVER"; return; }
	fi
	for m in $mods; do
		f=$(grep -E "(^|/)$m\.ko(\.(xz|zst|gz))?$" "$KROOT/lib/modules/$KVER/modules.order" | head -n1)
		[ -n "$f" ] || continue		# not shipped by this kernel (xe before 6.8, ...)
		src=
		for src in "$KROOT/lib/modules/$KVER/$f"*; do [ -e "$src" ] && break; src=; done
		[ -n "$src" ] || { bad "$series: $m is in modules.order but not in the package"; return; }
		[ "$dir/$m.ko" -nt "$src" ] || decompress "$src" "$dir/$m.ko" ||
			{ bad "$series: cannot decompress $src"; return; }
		kos+=("$dir/$m.ko")
	done
	out=$("$check" "$vmlinux" "${kos[@]}" -- "${objs[@]}" 2>&1)
	rc=$?
	echo "$out" > "$dir/core-check.txt"
	if [ $rc = 0 ]; then
		ok "$series: $(grep -c '^ok' <<< "$out") fields resolved," \
			"$(grep -c '^guarded' <<< "$out") absent and guarded," \
			"$(grep '^notype' <<< "$out" | sort -u | wc -l) reads of types this kernel lacks" \
			"($KVER; build/core/$KVER/core-check.txt)"
	else
		bad "$series: $KVER:"
		grep -v '^ok\|^notype\|^guarded' <<< "$out" | sed 's/^/    /'
	fi
	# the negative control, on the newest kernel the loop reaches last
	last_check=("$check" --rename "$negative=${negative#*.}_renamed" "$vmlinux" "${kos[@]}" -- "${objs[@]}")
}

[ -x "$check" ] || { echo "FAIL core/build: no $check (make $build/core/core_check)"; echo "0 passed, 1 failed"; exit 1; }
[ -e "${objs[0]}" ] || { echo "FAIL core/build: no BPF objects in $build/bpf"; echo "0 passed, 1 failed"; exit 1; }
last_check=()
for s in "${@:-6.1 6.12 6.18 7.x}"; do
	for series in $s; do one_kernel "$series"; done
done
if [ ${#last_check[@]} -gt 0 ]; then
	out=$("${last_check[@]}" 2>&1)
	rc=$?
	if [ $rc = 1 ] && grep -q "^FAIL .* $negative: absent in " <<< "$out"; then
		ok "negative: $negative renamed in the kernel's BTF fails ($(grep -m1 "^FAIL .* $negative:" <<< "$out" | sed 's/^FAIL *//'))"
	else
		bad "negative: $negative renamed in the kernel's BTF did not fail (rc=$rc)"
		echo "$out" | grep -v '^ok' | sed 's/^/    /'
	fi
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
