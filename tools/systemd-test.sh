#!/bin/bash
# systemd-test.sh [--kernel SERIES] [--timeout S] [--keep]
#
# The Debian package under Debian's systemd as PID 1, in a QEMU TCG guest
# (make systemd-test): tests/systemd/run.sh installs build/deb's package
# (make deb), starts the unit, makes a leak with the simulated driver and
# checks `wakeref dump`, `systemctl kill -s USR1` (the dump in the journal),
# `systemctl restart` and a stop and start (nothing lost: the owners equal
# the sim's oracle), `systemctl stop` + `wakeref daemon --detach` (nothing
# attached, by bpftool and the module's reference count), the unit's
# capabilities (fentry, the fast unwinder; without CAP_SYS_RAWIO the stated
# degradation) and `dpkg -r` of a running service.
#
#   --kernel SERIES   a kernel of this machine's release (tools/kernel-fetch.sh):
#                     6.12 (default; 6.1 should work, it was not tried)
#   --timeout S       the whole guest, qemu is killed after S s (default 900)
#   --keep            keep the initramfs and a qemu.sh to boot it again
#
# Steps: fetch the kernel and build the simulated driver for it (as
# tools/vmtest.sh does: tools/guestlib.sh); the root file system, Debian of
# this machine's release with systemd and the package's dependencies, made
# once by mmdebstrap into an ext4 image (tools/systemd-root.sh, cached in
# ~/.cache/wakeref/systemd-root); an initramfs (busybox, the kernel's
# virtio_blk and ext4 modules, the run's files: the package, the sim,
# tests/systemd/) whose /init (tests/systemd/init.sh) mounts the image,
# copies the files in and switch_roots to /lib/systemd/systemd.  The image
# is booted with snapshot=on: it is never written.  Console:
# build/systemd-test/KVER/console.log.
#
# Output: "PASS systemd/WHAT" or "FAIL systemd/WHAT: why" per check (a
# "boot" check covers the kernel's log and reaching the tests; a "guest"
# check fails when the run did not end), then "N passed, N failed" as the
# last line.  The kernel log of the whole run must hold no splat, and no
# kernel message at warning level or above bar known TCG noise (as in
# tools/vmtest.sh).  Exit status 0 iff nothing failed.  Timings to stderr.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
log() { echo "systemd-test: $*" >&2; }
die() { log "error: $*"; exit 2; }
# build_sim, module_chain, decompress, initramfs_*, kernel_problems
# shellcheck source=tools/guestlib.sh
. "$here/guestlib.sh"
# TCG noise of a guest that has a real init: systemd reads the RTC
allow_re+='|^hpet: Lost [0-9]+ RTC interrupts$'

series=6.12
qemu_timeout=900
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) series=${2:?--kernel needs a series}; shift 2 ;;
	--timeout) qemu_timeout=${2:?--timeout needs seconds}; shift 2 ;;
	--keep) keep=1; shift ;;
	-h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	*) die "unknown argument $1 (--help)" ;;
	esac
done
[[ $qemu_timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout wants whole seconds, not '$qemu_timeout'"

now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

debs=("$repo"/build/deb/wakeref_*_amd64.deb)
[ -f "${debs[0]}" ] || die "no build/deb/wakeref_*_amd64.deb: run make deb (make systemd-test does)"
[ ${#debs[@]} -eq 1 ] || die "several packages in build/deb: ${debs[*]}"
deb=${debs[0]}

t0=$(now)
vars=$("$here/kernel-fetch.sh" "$series") || die "cannot fetch kernel series $series"
eval "$vars"
if [ -z "${KVER:-}" ] || [ ! -f "${VMLINUZ:-}" ] || [ ! -d "${KDIR:-}" ]; then
	die "kernel-fetch.sh $series gave no usable KVER/VMLINUZ/KDIR"
fi
[ -z "${BUILDROOT:-}" ] || die "$series is not a kernel of this machine's release: the guest's root is"

work=$repo/build/systemd-test/$KVER
console=$work/console.log
mkdir -p "$work"
exec 9> "$work/.lock"
flock -n 9 || die "another systemd-test.sh is running for $KVER"

t=$(now)
build_sim
# what `dpkg -i` needs in the guest, which has no network
deps=$(dpkg-deb -f "$deb" Depends | sed 's/([^)]*)//g; s/[ ,]\+/ /g; s/^ //; s/ $//')
[[ $deps =~ ^[a-z0-9.+\ -]*$ ]] || die "cannot read the package's Depends ('$deps'): alternatives?"
# shellcheck disable=SC2086 # a list of package names
img=$("$here/systemd-root.sh" $deps) || die "cannot make the root file system"
log "$series: kernel $KVER, sim, root image $(since "$t") s"

# the initramfs: busybox, virtio_blk and ext4 (crc32c: ext4's soft
# dependency, which modprobe's list leaves out), the run's files
t=$(now)
stage=$(mktemp -d "${TMPDIR:-/tmp}/wakeref-systemd-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{dev,proc,sys,newroot,lib/modules,payload}
initramfs_busybox "$stage"
install -m 755 "$repo/tests/systemd/init.sh" "$stage/init"
chain=$(module_chain virtio_blk crc32c_generic ext4) || die "$KVER has no virtio_blk or ext4 module"
for f in $chain; do
	base=$(basename "$f")
	base=${base%.xz}; base=${base%.zst}; base=${base%.gz}
	decompress "$f" "$stage/lib/modules/$base" || die "cannot decompress $f"
	echo "$base" >> "$stage/lib/modules/order"
done
install -m 644 "$deb" "$sim_ko" "$repo/tests/systemd/wakeref-systemd-test.service" "$stage/payload/"
install -m 755 "$repo/tests/systemd/run.sh" "$stage/payload/run.sh"
initrd=$work/initramfs.cpio
initramfs_pack "$stage" "$initrd"
log "$series: initramfs $(since "$t") s ($(du -m "$initrd" | cut -f1) MB)"

# boot: the image's writes go to a temporary file (snapshot=on)
append="console=ttyS0 panic=-1 oops=panic loglevel=4 printk.time=1 trace_clock=global"
append+=" systemd.show_status=0 systemd.log_target=kmsg systemd.log_level=notice"
qemu_cmd=(qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 1G
	-nographic -no-reboot -nodefaults -serial stdio -display none
	-kernel "$VMLINUZ" -initrd "$initrd" -append "$append"
	-drive "file=$img,if=virtio,format=raw,snapshot=on")
t=$(now)
qemu_rc=0
timeout --foreground -k 5 "$qemu_timeout" "${qemu_cmd[@]}" < /dev/null > "$console" 2> "$work/qemu.err" ||
	qemu_rc=$?
log "$series: boot+tests $(since "$t") s (qemu rc=$qemu_rc, console: $console)"
if [ "$keep" = 1 ]; then
	{ echo "#!/bin/bash"; printf '%q ' "${qemu_cmd[@]}"; echo; } > "$work/qemu.sh"
	chmod 700 "$work/qemu.sh"
	log "kept $initrd; boot it again with $work/qemu.sh"
else
	rm -f "$initrd" "$work/qemu.sh"
fi

# --- judge ------------------------------------------------------------------
passed=0
failed=0
report() {	# report WHAT [WHY [LINES-FILE]]
	if [ -z "${2:-}" ]; then
		echo "PASS $series/systemd/$1"
		passed=$((passed + 1))
	else
		echo "FAIL $series/systemd/$1: $2"
		[ -z "${3:-}" ] || [ ! -s "$3" ] || tail -n 40 "$3" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}
# the console without CRs and terminal escapes, a marker anywhere on a line
clean=$work/console.txt
tr -d '\r' < "$console" | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' > "$clean"
awk '/@@ SYSTEMD-TEST-BEGIN/ { on = 1; next } /@@ SYSTEMD-TEST-END/ { on = 0 } on' "$clean" > "$work/test.out"
awk '/@@ DMESG-BEGIN systemd/ { on = 1; next } /@@ DMESG-END systemd/ { on = 0 } on' "$clean" > "$work/dmesg.all"
# the kernel's own records are judged by level; those of programs
# ("systemd[1]: ...", whatever their facility: PID 1 logs as the kernel's)
# only for splat words
awk '{ t = $0; sub(/^<[0-9]+>(\[ *[0-9.]+\] ?)?/, "", t) }
	t !~ /^[A-Za-z0-9_.@-]+\[[0-9]+\]: /' "$work/dmesg.all" > "$work/dmesg.kernel"

if ! grep -q '@@ GUEST UP' "$clean"; then
	report boot "the kernel never reached the initramfs" "$clean"
elif grep -q '@@ INITRAMFS-FAILED' "$clean"; then
	report boot "$(grep -m1 -o '@@ INITRAMFS-FAILED.*' "$clean" | cut -c21-)" "$clean"
elif ! grep -q '@@ SYSTEMD-TEST-BEGIN' "$clean"; then
	report boot "systemd never ran the test's unit" "$clean"
else
	kernel_problems "$work/dmesg.kernel" "$clean" > "$work/kernel.problems"
	report boot "$(first_problem < "$work/kernel.problems")" "$work/kernel.problems"
fi
while IFS= read -r line; do
	case $line in
	"ok: "*) report "${line#ok: }" ;;
	"FAIL: "*)	# the guest said what and why
		echo "FAIL $series/systemd/${line#FAIL: }"
		failed=$((failed + 1)) ;;
	esac
done < "$work/test.out"
# a broken test script is a failure whatever it printed
first=$(grep -m1 -E '(line [0-9]+: .*(not found|syntax error)|command not found)' "$work/test.out" || true)
[ -z "$first" ] || report "run.sh" "shell error: $first"
if ! end=$(grep -m1 -o '@@ SYSTEMD-TEST-END rc=[0-9]*' "$clean"); then
	case $qemu_rc in
	124 | 137) why="qemu killed after the --timeout of $qemu_timeout s" ;;
	*) why="qemu exited with rc=$qemu_rc" ;;
	esac
	report guest "the tests never ended: $why (console: $console)" "$work/test.out"
elif [ "${end##*=}" != 0 ] && ! grep -q '^FAIL: ' "$work/test.out"; then
	report guest "run.sh ended with ${end#@@ SYSTEMD-TEST-END } and no FAIL line"
fi
log "$series: total $(since "$t0") s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
