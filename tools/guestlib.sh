# shellcheck shell=bash disable=SC2154
# guestlib.sh: what the guest harnesses share, sourced by tools/vmtest.sh,
# tools/mkinitramfs.sh and tools/systemd-test.sh.
#
#   build_sim            the simulated driver for $KVER in build/sim/$KVER
#   make_sim             kbuild one build of it (in the kernel's build root
#                        when it has one)
#   ko_has_btf KO        the module has a .BTF section
#   is_static FILE       an ELF with no interpreter and no shared library
#   initramfs_busybox ROOT   busybox-static and its applet links in ROOT/bin
#   initramfs_pack ROOT OUT  ROOT as an uncompressed newc cpio, owned by root
#   decompress SRC DEST  a kernel module as insmod wants it (.xz .zst .gz)
#   module_chain MOD...  the kernel's module files MOD needs, in load order
#   kernel_problems DMESG CONSOLE  the kernel's splats and warnings in a run
#   first_problem        the one of those to name first
#
# The sourcing script defines log() and die(), and $repo and $here (the
# repository and its tools/); the sim's and the modules' functions read
# the variables tools/kernel-fetch.sh prints (KVER KROOT KDIR BUILDROOT
# KBUILD_EXTRA) and $work, the run's directory.

# build_sim: build the simulated driver against $KDIR in build/sim/$KVER.
# The sources are copied there (with their mtimes, so kbuild stays
# incremental) because kbuild writes its objects next to the sources, and a
# 6.1 build must not clobber a 6.12 one.  WAKEREF_ROOT lets the driver's
# Kbuild find repo headers: relative paths break in the copy.
build_sim() {
	local src=${WAKEREF_SIM_SRC:-$repo/tests/sim} blog said
	sim_dir=$repo/build/sim/$KVER
	sim_ko=$sim_dir/wakeref_sim.ko
	blog=$work/sim-build.log
	[ -d "$src" ] || die "simulated driver sources $src not found (set WAKEREF_SIM_SRC)"
	# another source tree (WAKEREF_SIM_SRC) than last time: start afresh
	if [ "$(cat "$sim_dir/.wakeref-src" 2>/dev/null)" != "$src" ]; then
		rm -rf "$sim_dir"
	fi
	mkdir -p "$sim_dir"
	echo "$src" > "$sim_dir/.wakeref-src"
	# drop the previous copy of the sources (keep kbuild's outputs), so that
	# a file deleted from $src cannot linger in the build
	find "$sim_dir" -type f ! -name '*.o' ! -name '*.ko' ! -name '*.mod' ! -name '*.mod.c' \
		! -name '.*.cmd' ! -name '.*.d' ! -name modules.order ! -name Module.symvers \
		! -name .wakeref-src -delete
	tar -C "$src" -cf - --exclude='*.o' --exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
		--exclude='.*.cmd' --exclude='.*.d' --exclude=modules.order --exclude=Module.symvers \
		--exclude='.tmp_versions' . | tar -C "$sim_dir" -xpf - || die "cannot copy $src to $sim_dir"
	make_sim "$sim_dir" "$blog" "the simulated driver"
	[ -f "$sim_ko" ] || die "no $sim_ko after the build (does $src build obj-m := wakeref_sim.o?)"
	ko_has_btf "$sim_ko" && return 0
	# Kbuild adds BTF only when some object is newer than the .ko: a .ko
	# relinked because its link command changed, or one left by a build
	# interrupted between the link and pahole, stays without BTF for good.
	# Say what kbuild said, and link the module afresh.
	said=$(grep -iE 'btf|pahole' "$blog" | tr '\n' ' ' | cut -c1-300) || true
	log "$sim_ko has no .BTF section; linking it afresh" \
		"(kbuild's words on BTF: ${said:-none, it did not relink the module})"
	rm -f "$sim_ko" "$sim_dir/.wakeref_sim.ko.cmd"
	make_sim "$sim_dir" "$blog" "the simulated driver"
	ko_has_btf "$sim_ko" && return 0
	grep -iE 'btf|pahole' "$blog" | sed 's/^/    /' >&2 || true
	die "$sim_ko has no .BTF section after a fresh link: is pahole installed and working," \
		"and $KDIR/vmlinux present? (full log: $blog)"
}

# ko_has_btf KO: grep reads all of readelf's output, as grep -q would not:
# under pipefail, readelf killed by SIGPIPE after grep -q found .BTF early
# fails the pipeline (a CI run went red on "no .BTF section" that way)
ko_has_btf() {
	readelf -SW "$1" 2>/dev/null | grep -E '\] \.BTF +' > /dev/null
}

# make_sim DIR LOG WHAT [MAKE-ARGS...]: kbuild the module in DIR, log in LOG;
# inside the kernel's build root when it has one (6.18, 7.x: their kbuild
# needs a newer C library and compiler than the host's), with the kernel's
# tree and this repository at the same paths there
make_sim() {
	local dir=$1 blog=$2 what=$3 run=()
	shift 3
	[ -z "${BUILDROOT:-}" ] || run=("$here/in-buildroot.sh" "$BUILDROOT" "$KROOT" "$repo" --)
	# shellcheck disable=SC2086 # KBUILD_EXTRA is a list of make arguments
	if ! "${run[@]}" make -C "$KDIR" M="$dir" WAKEREF_ROOT="$repo" "$@" $KBUILD_EXTRA -j"$(nproc)" \
		modules > "$blog" 2>&1; then
		tail -n 30 "$blog" | sed 's/^/    /' >&2
		die "building $what for $KVER failed (full log: $blog)"
	fi
}

# is_static FILE: an ELF with no program interpreter and no shared libraries.
# An initramfs has no libc, so anything dynamic would fail there with a
# confusing "not found".
is_static() {
	readelf -h "$1" >/dev/null 2>&1 || return 1
	! readelf -lW "$1" 2>/dev/null | grep 'Requesting program interpreter' > /dev/null &&
		! readelf -dW "$1" 2>/dev/null | grep '(NEEDED)' > /dev/null
}

# initramfs_busybox ROOT: the host's busybox-static ($BUSYBOX, default
# /bin/busybox) as ROOT/bin/busybox, with a link per applet.  The links are
# made here rather than by `busybox --install` at boot: one less step that
# can fail inside the guest.
initramfs_busybox() {
	local root=$1 busybox=${BUSYBOX:-/bin/busybox} applet
	[ -f "$busybox" ] || die "$busybox not found (install busybox-static)"
	is_static "$busybox" || die "$busybox is not statically linked (install busybox-static, not busybox)"
	mkdir -p "$root/bin"
	install -m 755 "$busybox" "$root/bin/busybox"
	for applet in $("$busybox" --list); do
		[ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
	done
}

# initramfs_pack ROOT OUT: uncompressed (the kernel unpacks it as is, and
# skipping compression saves build time for a few MB), files owned by root
# whoever builds it
initramfs_pack() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$2.tmp" ||
		die "cpio failed"
	mv "$2.tmp" "$2"
}

# decompress SRC DEST: a module as the guest's insmod wants it
decompress() {
	case $1 in
	*.xz) xz -dc "$1" ;;
	*.zst) zstd -dcq "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*) cat "$1" ;;
	esac > "$2.tmp" && mv "$2.tmp" "$2"
}

# module_chain MOD...: the module files of $KVER (unpacked in $KROOT) that
# loading each MOD takes, dependencies first, each once; empty and status 1
# when the kernel has no MOD
module_chain() {
	local m out
	for m; do
		out=$(modprobe -d "$KROOT" -S "$KVER" --show-depends "$m" 2>/dev/null) || return 1
		echo "$out"
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}

# Kernel log text that fails a test wherever it appears (extended regex).
splat_re='WARNING:|BUG:|Oops|Call Trace|KASAN|UBSAN|general protection|kernel BUG'
splat_re+='|possible recursive locking|circular locking|INFO: .*lock'
splat_re+='|rcu: INFO|self-detected stall|hung_task|blocked for more than|soft lockup|Kernel panic'
# Warning-level kernel messages that are TCG/firmware noise, not our bugs
# (collected over about 20 boots of Debian 6.1-7.3 under TCG; the last two
# come with any out-of-tree module).  Matched against the text after the
# level and timestamp.
allow_re='^mtrr: (your CPUs had inconsistent|probably your BIOS)'
allow_re+='|fail to add MMCONFIG information'
allow_re+='|^amd_pstate: '
allow_re+='|^APIC calibration not consistent with PM-Timer'
allow_re+='|^tsc: (Unable to calibrate against PIT|Marking TSC unstable)'
allow_re+='|^TSC found unstable after boot|^sched_clock: Marking unstable'
allow_re+='|^clocksource: '
allow_re+='|^hrtimer: interrupt took [0-9]+ ns$'
# the emulated HPET's RTC emulation misses ticks when the host is busy
allow_re+='|^hpet: Lost [0-9]+ RTC interrupts$'
allow_re+='|^[A-Za-z0-9_]+: loading out-of-tree module taints kernel\.$'
allow_re+='|module verification failed: signature and/or required key missing'

# kernel_problems DMESG_FILE CONSOLE_FILE: print the offending kernel lines,
# one per line with the reason first.  DMESG_FILE holds `dmesg -r` records
# ("<PRI>[time] text", level = PRI & 7); CONSOLE_FILE holds console lines, of
# which only the kernel's ("[time] text") are checked, for splats (the
# console shows only error level and worse, all of it also in DMESG_FILE).
kernel_problems() {
	SPLAT_RE=$splat_re ALLOW_RE=$allow_re awk '
		BEGIN { splat = ENVIRON["SPLAT_RE"]; allow = ENVIRON["ALLOW_RE"]; lvl = 6 }
		FILENAME == ARGV[1] {
			t = $0
			if (match(t, /^<[0-9]+>/)) {
				lvl = substr(t, 2, RLENGTH - 2) % 8
				t = substr(t, RLENGTH + 1)
			}
			sub(/^\[ *[0-9]+\.[0-9]+\] ?/, "", t)
			if (t ~ splat) print "kernel splat: " t
			else if (lvl <= 4 && t != "" && t !~ allow) print "kernel log at level " lvl ": " t
			next
		}
		/^\[ *[0-9]+\.[0-9]+\]/ {
			t = $0
			sub(/^\[ *[0-9]+\.[0-9]+\] ?/, "", t)
			if (t ~ splat) print "kernel splat: " t
		}
	' "$1" "$2"
}

# first_problem: the first splat line of kernel_problems' output if any
# (a WARN starts with a level-4 "cut here" line), else its first line
first_problem() {
	awk '/^kernel splat: / { print; found = 1; exit }
		NR == 1 { first = $0 }
		END { if (!found && first != "") print first }'
}
