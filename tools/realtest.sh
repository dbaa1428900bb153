#!/bin/bash
# realtest.sh [--kernel SERIES] [VMTEST-OPTIONS...] [TEST...]
#
# The real-driver guest tests (tests/guest-real/*.t): Debian's own i915.ko,
# xe.ko (6.12+) and drm_gpusvm_helper.ko (6.17+) of the guest kernel, loaded
# with their dependencies (they load without a GPU), under the static
# build/wakeref.  Nothing is built for the kernel, so any series that
# tools/kernel-fetch.sh knows works: 6.1, 6.12, 6.18, 7.x, ...
#
#   --kernel SERIES   default 6.12
#   VMTEST-OPTIONS    --timeout S, --test-timeout S, --keep, --show (tools/vmtest.sh)
#   TEST              a name in tests/guest-real; default: all
# Environment:
#   WAKEREF_REAL_OMIT "DRIVER..." not staged, as if modprobe had not found them
#                     (the negative control of "a shipped module is missing")
#
# Steps: fetch the kernel; `modprobe -d ROOT -S KVER --show-depends` of each
# driver gives its chain in load order; the modules are decompressed into
# build/realtest/KVER/ (kept between runs), and a list per driver,
# order-DRIVER, is written, and "ships": the drivers the kernel package has,
# from its own module list (lib/modules/KVER/modules.order), so that a guest
# test fails when a module the package ships did not reach the guest; then tools/vmtest.sh boots them with the tests
# (--tests-dir tests/guest-real --no-sim), the modules and lists packed as
# /lib/modules/real/ through WAKEREF_EXTRA.  Output and exit status are
# vmtest.sh's: one line per test, then "N passed, N failed".
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
drivers="i915 xe drm_gpusvm_helper"

log() { echo "realtest: $*" >&2; }
die() { log "error: $*"; exit 2; }
# shellcheck source=tools/guestlib.sh
. "$here/guestlib.sh"

series=6.12
args=()
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) series=${2:?--kernel needs a series}; shift 2 ;;
	-h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	*) args+=("$1"); shift ;;
	esac
done

# stage DIR: DIR/NAME.ko for every module of the drivers' chains and
# DIR/order-DRIVER for each driver this kernel has; prints WAKEREF_EXTRA pairs
stage() {
	local dir=$1 d f base out
	mkdir -p "$dir"
	rm -f "$dir"/order-* "$dir/ships"
	touch "$dir/ships"
	for d in $drivers; do
		# the package's own list, not what modprobe or the guest finds
		grep -qE "(^|/)$d\.ko(\.(xz|zst|gz))?\$" "$KROOT/lib/modules/$KVER/modules.order" &&
			echo "$d" >> "$dir/ships"
		case " ${WAKEREF_REAL_OMIT:-} " in
		*" $d "*) log "WAKEREF_REAL_OMIT: $d not staged"; continue ;;
		esac
		out=$(modprobe -d "$KROOT" -S "$KVER" --show-depends "$d" 2>/dev/null) || {
			log "$KVER has no $d module"
			continue
		}
		# shellcheck disable=SC2013 # module paths have no blanks
		for f in $(awk '$1 == "insmod" { print $2 }' <<< "$out"); do
			base=$(basename "$f")
			base=${base%.xz}
			base=${base%.zst}
			base=${base%.gz}
			[[ $base =~ ^[A-Za-z0-9_.+-]+\.ko$ ]] || die "odd module file name $f"
			if [ ! -s "$dir/$base" ] || [ "$f" -nt "$dir/$base" ]; then
				decompress "$f" "$dir/$base" || die "cannot decompress $f"
			fi
			echo "$base" >> "$dir/order-$d"
		done
		[ -s "$dir/order-$d" ] || die "modprobe gave no module for $d"
	done
	[ -s "$dir/order-i915" ] || die "$KVER has no i915 module"
	for f in "$dir"/*.ko "$dir"/order-* "$dir/ships"; do
		printf '%s:/lib/modules/real/%s ' "$f" "$(basename "$f")"
	done
	printf '%s:/lib/wakeref/lib-real.sh' "$repo/tests/guest-real/lib-real.sh"
}

main() {
	local vars extra t0=$EPOCHREALTIME
	vars=$("$here/kernel-fetch.sh" --no-build "$series") || die "cannot fetch kernel series $series"
	eval "$vars"
	[ -d "${KROOT:-}/lib/modules/${KVER:-}" ] || die "kernel-fetch.sh $series gave no modules"
	extra=$(stage "$repo/build/realtest/$KVER")
	log "$series: kernel and modules ready in $(awk -v a="$t0" -v b="$EPOCHREALTIME" \
		'BEGIN { printf "%.1f", b - a }') s ($KVER: $(cat "$repo/build/realtest/$KVER"/order-* |
		sort -u | wc -l) modules)"
	WAKEREF_EXTRA="${WAKEREF_EXTRA:+$WAKEREF_EXTRA }$extra" exec "$here/vmtest.sh" \
		--kernel "$series" --tests-dir "$repo/tests/guest-real" --no-sim "${args[@]}"
}

main
