#!/bin/bash
# mkinitramfs.sh OUT SIM_KO WAKEREF_BIN TEST.t...
#
# Build the guest's initramfs (an uncompressed newc cpio: the kernel unpacks it
# as is, and skipping compression saves build time for a few MB).  Layout:
#   /init                        tools/guest-init.sh (PID 1)
#   /bin/busybox + applet links  the host's busybox-static
#   /bin/wakeref                 the static frontend
#   /lib/modules/wakeref_sim.ko  the simulated driver, built for the guest kernel
#                                (none if SIM_KO is "-")
#   /lib/modules/wakeref_sim_debug.ko  its SIM_DEBUG_RPM=1 build, if
#                                $WAKEREF_SIM_DEBUG_KO names one
#   /lib/wakeref/lib.sh          tests/guest/lib.sh
#   /lib/wakeref/tests/NAME.t    the guest tests to run
#   /bin/wakeref-scn             the scenario runner, if built ($WAKEREF_SCN_BIN,
#                                default build/wakeref-scn; must be static)
#   /scn/NAME.scn                the scenario corpus, tests/scenarios/*.scn
#   /bin/wakeref-simuser         the sim's user process (tests/sim/user), if built
#                                ($WAKEREF_SIMUSER_BIN, default build/wakeref-simuser)
#   /usr/bin/setpriv + its libs  util-linux's setpriv (busybox's cannot set the
#                                bounding set), to run the daemon with exactly
#                                the systemd unit's capabilities
#   /lib/wakeref/wakeref.service tools/wakeref.service, whose capabilities those are
#   DEST for each SRC:DEST       of $WAKEREF_EXTRA="SRC:DEST ..." (no spaces or
#                                colons in the paths; mode kept executable or not)
# Files are recorded as owned by root whoever builds the archive.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")

log() { echo "mkinitramfs: $*" >&2; }
die() { log "error: $*"; exit 1; }
# is_static, initramfs_busybox, initramfs_pack
# shellcheck source=tools/guestlib.sh
. "$here/guestlib.sh"

check_inputs() {
	local sim_ko=$1 wakeref=$2
	shift 2
	[ "$sim_ko" = - ] || [ -f "$sim_ko" ] || die "simulated driver $sim_ko not found"
	[ -f "$wakeref" ] || die "wakeref binary $wakeref not found (build it with make, or set WAKEREF_BIN)"
	is_static "$wakeref" || die "$wakeref is not a statically linked ELF executable (the guest has no libc)"
	[ $# -gt 0 ] || die "no guest tests given"
	local t
	for t in "$@"; do
		[ -f "$t" ] || die "guest test $t not found"
	done
}

# populate ROOT SIM_KO WAKEREF TEST...
populate() {
	local root=$1 sim_ko=$2 wakeref=$3 t
	shift 3
	mkdir -p "$root"/{bin,dev,proc,sys,tmp,root,lib/modules,lib/wakeref/tests}
	initramfs_busybox "$root"
	install -m 755 "$here/guest-init.sh" "$root/init"
	install -m 755 "$wakeref" "$root/bin/wakeref"
	[ "$sim_ko" = - ] || install -m 644 "$sim_ko" "$root/lib/modules/wakeref_sim.ko"
	if [ -n "${WAKEREF_SIM_DEBUG_KO:-}" ]; then
		install -m 644 "$WAKEREF_SIM_DEBUG_KO" "$root/lib/modules/wakeref_sim_debug.ko"
	fi
	install -m 644 "$repo/tests/guest/lib.sh" "$root/lib/wakeref/lib.sh"
	install -m 644 "$repo/tools/wakeref.service" "$root/lib/wakeref/wakeref.service"
	populate_setpriv "$root"
	for t in "$@"; do
		install -m 755 "$t" "$root/lib/wakeref/tests/$(basename "$t")"
	done
	populate_scenarios "$root"
}

# populate_setpriv ROOT: util-linux's setpriv and the shared libraries it
# needs, at the paths its program interpreter looks them up at.
populate_setpriv() {
	local root=$1 setpriv=${SETPRIV:-/usr/bin/setpriv} lib
	[ -x "$setpriv" ] || die "$setpriv not found (util-linux, Debian's essential set, has it)"
	install -D -m 755 "$setpriv" "$root/usr/bin/setpriv"
	for lib in $(ldd "$setpriv" | grep -o '/[^ ]*'); do
		install -D -m 755 "$lib" "$root$lib"
	done
}

# populate_scenarios ROOT: the scenario runner and corpus, and $WAKEREF_EXTRA
populate_scenarios() {
	local root=$1 scn_bin=${WAKEREF_SCN_BIN:-$repo/build/wakeref-scn} s pair src dest
	if [ -f "$scn_bin" ]; then
		is_static "$scn_bin" || die "$scn_bin is not a statically linked ELF executable"
		install -m 755 "$scn_bin" "$root/bin/wakeref-scn"
	fi
	local simuser=${WAKEREF_SIMUSER_BIN:-$repo/build/wakeref-simuser}
	if [ -f "$simuser" ]; then
		is_static "$simuser" || die "$simuser is not a statically linked ELF executable"
		install -m 755 "$simuser" "$root/bin/wakeref-simuser"
	fi
	for s in "$repo"/tests/scenarios/*.scn; do
		[ -f "$s" ] || continue
		install -D -m 644 "$s" "$root/scn/$(basename "$s")"
	done
	for pair in ${WAKEREF_EXTRA:-}; do
		src=${pair%%:*}
		dest=${pair#*:}
		[ "$src" != "$pair" ] && [ "${dest#/}" != "$dest" ] ||
			die "WAKEREF_EXTRA: '$pair' is not SRC:/ABSOLUTE/DEST"
		[ -f "$src" ] || die "WAKEREF_EXTRA: $src not found"
		if [ -x "$src" ]; then
			install -D -m 755 "$src" "$root$dest"
		else
			install -D -m 644 "$src" "$root$dest"
		fi
	done
}

main() {
	[ $# -ge 4 ] || die "usage: mkinitramfs.sh OUT SIM_KO WAKEREF_BIN TEST.t..."
	local out=$1
	shift
	check_inputs "$@"
	local root
	root=$(mktemp -d "${TMPDIR:-/tmp}/wakeref-initramfs.XXXXXX")
	# shellcheck disable=SC2064 # expand now: root is local
	trap "rm -rf '$root'" EXIT
	populate "$root" "$@"
	initramfs_pack "$root" "$out"
}

main "$@"
