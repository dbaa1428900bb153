#!/bin/bash
# vmtest.sh [--kernel SERIES] [--timeout S] [--test-timeout S] [--keep] [TEST...]
#
# Run the guest tests on one Debian kernel inside a QEMU TCG guest (the host
# kernel refuses fentry and has no modules, so all BPF runs in the guest).
#
#   --kernel SERIES     6.1, 6.12 (default), 6.18, 7.x, ...: see tools/kernel-fetch.sh
#   --timeout S         whole guest run, qemu is killed after S s (default 2400)
#   --test-timeout S    one guest test, killed after S s (default 120)
#   --keep              keep the initramfs and a qemu.sh to boot it again by hand
#   --show              print every test's output, not only a failing one's
#   --tests-dir DIR     where TEST names are looked up (default tests/guest);
#                       another DIR gets its own work dir, build/vmtest/KVER-DIRNAME
#   --no-sim            do not build or pack the simulated driver: the kernel's
#                       headers are not needed (tools/realtest.sh)
#   --kernel-specific   only the tests named in TESTS-DIR/kernel-specific
#                       (of those given, or of all): what differs by kernel
#   --skip-release      leave out the tests named in TESTS-DIR/release-only
#                       (make test: they do not fit its time)
#   --release-only      only the tests named in TESTS-DIR/release-only
#                       (make realtest)
#   TEST                a name in tests/guest (00-boot-smoke or 00-boot-smoke.t)
#                       or a path to a .t file; default: all of tests/guest/*.t
# Environment:
#   WAKEREF_BIN         the static frontend to test (default build/wakeref)
#   WAKEREF_SIM_SRC     sources of the simulated driver (default tests/sim)
#   WAKEREF_CACHE       kernel cache, see tools/kernel-fetch.sh
#   WAKEREF_SCN_BIN     the scenario runner for the guest (default build/wakeref-scn)
#   WAKEREF_EXTRA       "SRC:DEST ..." more files for the initramfs (tools/mkinitramfs.sh)
#   WAKEREF_QEMU_ARGS   more qemu arguments (tools/bench.sh: -icount, a clock
#                       that counts instructions)
#
# Steps: fetch the kernel, build the simulated driver for it in
# build/sim/KVER (and its SIM_DEBUG_RPM=1 variant in build/sim/KVER-debug;
# for 6.18 and 7.x inside the kernel's build root, see tools/buildroot.sh),
# pack an initramfs (tools/mkinitramfs.sh), boot it; the
# guest's /init (tools/guest-init.sh) runs the tests and brackets each with
# markers on the serial console, which is saved to build/vmtest/KVER/console.log
# and split per test into build/vmtest/KVER/tests/.
#
# Output: one line per test, "PASS SERIES/NAME" or "FAIL SERIES/NAME: REASON"
# (followed by the test's console lines), then "N passed, N failed" as the last
# line.  The pseudo-test "boot" covers the kernel log up to the first test.
# A test passes iff it exits 0, prints at least one "ok:" line (a passed
# check), no FAIL line and no shell error
# ("...: line N: foo: not found", "syntax error"), and the kernel logs no
# splat and nothing at warning level or above (bar known TCG boot noise)
# while it runs.  Exit status 0 iff nothing failed.  Timings go to stderr.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")

series=6.12
qemu_timeout=2400
test_timeout=120
keep=0
show=0
tests_dir=$repo/tests/guest
no_sim=0
kernel_specific=0
release=all		# all, skip (--skip-release) or only (--release-only)
test_args=()
declare -A seen=()	# test name -> file, see add_test

log() { echo "vmtest: $*" >&2; }
die() { log "error: $*"; exit 2; }
# build_sim, make_sim, ko_has_btf, kernel_problems, first_problem
# shellcheck source=tools/guestlib.sh
. "$here/guestlib.sh"

usage() {
	sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
	exit "${1:-0}"
}

now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

parse_args() {
	while [ $# -gt 0 ]; do
		case $1 in
		--kernel) series=${2:?--kernel needs a series}; shift 2 ;;
		--timeout) qemu_timeout=${2:?--timeout needs seconds}; shift 2 ;;
		--test-timeout) test_timeout=${2:?--test-timeout needs seconds}; shift 2 ;;
		--keep) keep=1; shift ;;
		--show) show=1; shift ;;
		--tests-dir) tests_dir=$(cd "${2:?--tests-dir needs a directory}" && pwd) ||
			die "no directory $2"; shift 2 ;;
		--no-sim) no_sim=1; shift ;;
		--kernel-specific) kernel_specific=1; shift ;;
		--skip-release) release=skip; shift ;;
		--release-only) release=only; shift ;;
		-h | --help) usage 0 ;;
		--) shift; test_args+=("$@"); break ;;
		-*) log "unknown option $1"; usage 2 >&2 ;;
		*) test_args+=("$1"); shift ;;
		esac
	done
	[[ $qemu_timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout wants whole seconds, not '$qemu_timeout'"
	[[ $test_timeout =~ ^[1-9][0-9]*$ ]] || die "--test-timeout wants whole seconds, not '$test_timeout'"
}

# resolve_tests: fill test_names/test_files from the arguments (or all tests)
resolve_tests() {
	local arg file files
	test_names=()
	test_files=()
	if [ ${#test_args[@]} -eq 0 ]; then
		test_args=("$tests_dir"/*.t)
		[ -f "${test_args[0]}" ] || die "no guest tests in $tests_dir"
	fi
	[ "$kernel_specific" = 0 ] || read_kernel_specific
	declare -gA release_only=()
	[ "$release" = all ] || read_list "$tests_dir/release-only" release_only
	for arg in "${test_args[@]}"; do
		if [[ $arg == */* ]]; then
			files=("$arg")
		elif [ -f "$tests_dir/${arg%.t}.t" ]; then
			files=("$tests_dir/${arg%.t}.t")
		else	# a part of names: "leak" runs 10-leak-owners and 11-leak-report
			files=("$tests_dir"/*"$arg"*.t)
		fi
		for file in "${files[@]}"; do
			add_test "$arg" "$file"
		done
	done
}

# read_list FILE ARRAY: the names in FILE (first word of each line but
# comments), each an existing test, as the keys of the associative ARRAY
read_list() {
	local list=$1 name
	local -n into=$2
	[ -f "$list" ] || die "no $list (one test name a line)"
	while read -r name _; do
		case $name in
		'' | '#'*) continue ;;
		esac
		[ -f "$tests_dir/$name.t" ] || die "$list names $name, which is not a test in $tests_dir"
		into[$name]=1
	done < "$list"
	[ ${#into[@]} -gt 0 ] || die "$list names no test"
}

# read_kernel_specific: $tests_dir/kernel-specific into $specific
read_kernel_specific() {
	declare -gA specific=()
	read_list "$tests_dir/kernel-specific" specific
}

# add_test ARG FILE: append FILE to the tests to run
add_test() {
	local arg=$1 file=$2 name
	if [ ! -f "$file" ]; then
		[[ $arg == */* ]] && die "guest test $arg not found"
		die "no guest test '$arg': no $tests_dir/${arg%.t}.t, and no $tests_dir/*$arg*.t"
	fi
	name=$(basename "$file" .t)
	# --kernel-specific: what is not in the list is left out
	[ "$kernel_specific" = 0 ] || [ -n "${specific[$name]:-}" ] || return 0
	# --skip-release, --release-only
	[ "$release" != skip ] || [ -z "${release_only[$name]:-}" ] || return 0
	[ "$release" != only ] || [ -n "${release_only[$name]:-}" ] || return 0
	# names travel on the kernel command line and become file names
	[[ $name =~ ^[A-Za-z0-9._+-]+$ ]] || die "bad test name '$name' (use letters, digits, . _ + -)"
	if [ -n "${seen[$name]:-}" ]; then
		[ "${seen[$name]}" -ef "$file" ] && return	# named twice: run once
		die "two different tests named '$name': ${seen[$name]} and $file"
	fi
	seen[$name]=$file
	test_names+=("$name")
	test_files+=("$file")
}

fetch_kernel() {
	local vars opt=()
	[ "$no_sim" = 0 ] || opt=(--no-build)
	vars=$("$here/kernel-fetch.sh" "${opt[@]}" "$series") || die "cannot fetch kernel series $series"
	eval "$vars"
	if [ -z "${KVER:-}" ] || [ ! -f "${VMLINUZ:-}" ] || { [ "$no_sim" = 0 ] && [ ! -d "${KDIR:-}" ]; }; then
		die "kernel-fetch.sh $series gave no usable KVER/VMLINUZ/KDIR"
	fi
}

check_wakeref_bin() {
	wakeref_bin=${WAKEREF_BIN:-$repo/build/wakeref}
	[ -f "$wakeref_bin" ] || die "$wakeref_bin not found: build it first (make), or set WAKEREF_BIN"
	if readelf -lW "$wakeref_bin" 2>/dev/null | grep 'Requesting program interpreter' > /dev/null ||
		readelf -dW "$wakeref_bin" 2>/dev/null | grep '(NEEDED)' > /dev/null; then
		die "$wakeref_bin is dynamically linked; the guest has no libc, link it -static"
	fi
	readelf -h "$wakeref_bin" >/dev/null 2>&1 || die "$wakeref_bin is not an ELF executable"
}

# build_sim_debug: the same sources built with SIM_DEBUG_RPM=1 (i915's
# debug-build runtime PM: unique cookies, a real intel_runtime_pm_put) in
# build/sim/$KVER-debug, packed as /lib/modules/wakeref_sim_debug.ko
build_sim_debug() {
	local blog=$work/sim-debug-build.log
	sim_debug_dir=$sim_dir-debug
	sim_debug_ko=$sim_debug_dir/wakeref_sim.ko
	mkdir -p "$sim_debug_dir"
	rm -f "$sim_debug_dir"/*.[ch]
	cp -p "$sim_dir"/*.[ch] "$sim_dir"/Kbuild "$sim_dir"/Makefile "$sim_debug_dir"/ ||
		die "cannot copy $sim_dir to $sim_debug_dir"
	make_sim "$sim_debug_dir" "$blog" "the debug simulated driver" SIM_DEBUG_RPM=1
	[ -f "$sim_debug_ko" ] || die "no $sim_debug_ko after the build"
}

# stage_sim_deps: the kernel's own modules the simulated driver links
# against (modinfo depends: drm_gpusvm_helper where the sim uses the real
# drm_gpusvm), with theirs, decompressed in build/sim/$KVER-deps and packed
# as /lib/modules/sim-deps/NAME.ko plus sim-deps/order, the insmod order
# (tools/guest-init.sh loads them at boot); appends to sim_extra
stage_sim_deps() {
	local dir=$sim_dir-deps deps files f base
	rm -rf "$dir"
	mkdir -p "$dir"
	: > "$dir/order"
	deps=$(modinfo -F depends "$sim_ko" | tr ',' ' ')
	[ -n "$deps" ] || return 0
	# shellcheck disable=SC2086 # module names have no blanks
	files=$(module_chain $deps) ||
		die "the simulated driver needs $deps, which $KVER does not ship all of"
	for f in $files; do
		base=$(basename "$f")
		base=${base%.xz}
		base=${base%.zst}
		base=${base%.gz}
		[[ $base =~ ^[A-Za-z0-9_.+-]+\.ko$ ]] || die "odd module file name $f"
		decompress "$f" "$dir/$base" || die "cannot decompress $f"
		echo "$base" >> "$dir/order"
		sim_extra+=" $dir/$base:/lib/modules/sim-deps/$base"
	done
	[ -s "$dir/order" ] || return 0
	sim_extra+=" $dir/order:/lib/modules/sim-deps/order"
	log "the simulated driver links against $(tr '\n' ' ' < "$dir/order")"
}

# stage_sim_snd: the sound driver stand-in the same build made (obj-m
# wakeref_sim_snd.o), packed as /lib/modules/wakeref_sim_snd.ko; appends to sim_extra
stage_sim_snd() {
	local ko=$sim_dir/wakeref_sim_snd.ko
	[ -f "$ko" ] || die "no $ko after the build (tests/sim/Kbuild builds it)"
	sim_extra+=" $ko:/lib/modules/wakeref_sim_snd.ko"
}

build_initramfs() {
	initrd=$work/initramfs.cpio
	WAKEREF_EXTRA="${WAKEREF_EXTRA:-}${sim_extra:-}" \
	WAKEREF_SIM_DEBUG_KO=${sim_debug_ko:-} \
		"$here/mkinitramfs.sh" "$initrd" "${sim_ko:--}" "$wakeref_bin" "${test_files[@]}" ||
		die "building the initramfs failed"
}

# boot: run the guest, console to $console; sets qemu_rc
boot() {
	local list append
	list=$(IFS=,; echo "${test_names[*]}")
	# printk.time: kernel lines on the console are told apart by their
	# timestamp.  trace_clock=global: what the kernel switches to anyway when
	# TCG makes sched_clock unstable, minus the 4-line boot warning about it.
	# no_timer_check: on a busy host the IO-APIC timer check can time out
	# ("MP-BIOS bug: 8254 timer not connected", at error level), as on any
	# virtual machine; the check is for real boards' BIOS bugs.
	append="console=ttyS0 panic=-1 oops=panic loglevel=4 printk.time=1 trace_clock=global no_timer_check"
	append+=" wakeref.kver=$KVER wakeref.test_timeout=$test_timeout"
	# x86 command lines stop at 2048 bytes: past that, run all the packed tests
	if [ $((${#append} + ${#list})) -lt 1900 ]; then
		append+=" wakeref.tests=$list"
	else
		log "too many tests for the kernel command line; the guest runs them in sorted order"
	fi
	qemu_cmd=(qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 1G
		-nographic -no-reboot -nodefaults -serial stdio -display none
		-kernel "$VMLINUZ" -initrd "$initrd" -append "$append")
	# shellcheck disable=SC2206 # a list of qemu arguments
	qemu_cmd+=(${WAKEREF_QEMU_ARGS:-})
	qemu_rc=0
	timeout --foreground -k 5 "$qemu_timeout" "${qemu_cmd[@]}" \
		< /dev/null > "$console" 2> "$work/qemu.err" || qemu_rc=$?
}

# split_console: cut the console log into per-test files in $work/tests:
#   NAME.out    the test's own lines (TEST-BEGIN..TEST-END, exclusive)
#   NAME.dmesg  its kernel log (DMESG block)
#   NAME.log    everything from TEST-BEGIN to DMESG-END, for the report
#   NAME.end    "rc=RC time=S" once TEST-END was seen
#   NAME.timeout  present if the guest killed the test
# boot.console/boot.dmesg hold the same for the boot, and $work/guest-done
# marks a complete run.
split_console() {
	local d=$work/tests
	rm -rf "$d" "$work/guest-up" "$work/guest-done"
	mkdir -p "$d"
	# drop CRs and the firmware's terminal escapes: they glue the first
	# marker to SeaBIOS output.  A marker may still follow other text on a
	# line (console output is not line-atomic), so look for it anywhere.
	tr -d '\r' < "$console" | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' |
		awk -v d="$d" -v w="$work" '
		function out(f, l) { print l > (d "/" f) }
		function plain(l) {
			if (indmesg) { out(dcur ".dmesg", l); if (dcur != "boot") out(dcur ".log", l) }
			else if (cur != "") { out(cur ".out", l); out(cur ".log", l) }
			else out("boot.console", l)
		}
		function marker(l,   f, n) {
			n = split(l, f, " ")
			if (f[2] == "GUEST" && f[3] == "UP") print l > (w "/guest-up")
			else if (f[2] == "GUEST" && f[3] == "DONE") print l > (w "/guest-done")
			else if (f[2] == "TEST-BEGIN") {
				cur = f[3]; indmesg = 0
				printf "" > (d "/" cur ".out"); out(cur ".log", l)
			} else if (f[2] == "TEST-TIMEOUT") { out(f[3] ".timeout", l); plain(l) }
			else if (f[2] == "TEST-END") { out(f[3] ".log", l); out(f[3] ".end", f[4] " " f[5]) }
			else if (f[2] == "DMESG-BEGIN") {
				indmesg = 1; dcur = f[3]
				printf "" > (d "/" dcur ".dmesg"); if (dcur != "boot") out(dcur ".log", l)
			} else if (f[2] == "DMESG-END") {
				indmesg = 0; if (dcur != "boot") out(dcur ".log", l); cur = ""
			} else plain(l)
		}
		{
			i = index($0, "@@ ")
			if (i == 0) { plain($0); next }
			if (i > 1) plain(substr($0, 1, i - 1))
			marker(substr($0, i))
		}
	'
}

# show_log FILE: a test's console lines, indented, at most about 60
show_log() {
	local n
	n=$(wc -l < "$1")
	if [ "$n" -le 60 ]; then
		sed 's/^/    /' "$1"
	else
		head -n 20 "$1" | sed 's/^/    /'
		echo "    ... ($((n - 60)) lines omitted, full log: $1)"
		tail -n 40 "$1" | sed 's/^/    /'
	fi
}

# join SEP WORD...: the words separated by SEP
join() {
	local sep=$1 out='' w
	shift
	for w; do out+=${out:+$sep}$w; done
	echo "$out"
}

passed=0
failed=0
report() {	# report NAME [REASON [LOGFILE]]
	if [ -z "${2:-}" ]; then
		echo "PASS $series/$1"
		[ "$show" = 0 ] || [ -z "${3:-}" ] || [ ! -s "${3%.log}.out" ] || sed 's/^/    /' "${3%.log}.out"
		passed=$((passed + 1))
	else
		echo "FAIL $series/$1: $2"
		[ -z "${3:-}" ] || [ ! -s "$3" ] || show_log "$3"
		failed=$((failed + 1))
	fi
}

judge_boot() {
	local d=$work/tests reason=
	touch "$d/boot.console" "$d/boot.dmesg"
	if [ ! -f "$work/guest-up" ]; then
		reason="the guest never reached /init"
		# the console ends where the boot broke
		tail -n 60 "$d/boot.console" > "$d/boot.log"
	else
		kernel_problems "$d/boot.dmesg" "$d/boot.console" > "$d/boot.log"
		reason=$(first_problem < "$d/boot.log")
	fi
	report boot "$reason" "$d/boot.log"
}

# judge_test NAME: pass iff rc=0, an ok: line, no FAIL line, no kernel problem
judge_test() {
	local name=$1 f=$work/tests/$1 reasons=() rc kern first nfail limit=
	if [ ! -f "$f.log" ]; then
		report "$name" "never started (the guest stopped before it)"
		return
	fi
	touch "$f.out" "$f.dmesg"
	if [ -f "$f.timeout" ]; then
		# "@@ TEST-TIMEOUT NAME after S s": a test may ask for more (guest-init.sh)
		read -r _ _ _ _ limit _ < "$f.timeout" || true
		reasons+=("killed after the per-test timeout of ${limit:-$test_timeout} s")
	elif [ ! -f "$f.end" ]; then
		reasons+=("no TEST-END: the guest crashed or hung during the test")
	fi
	if [ -f "$f.end" ]; then
		rc=$(sed -n 's/^rc=\([0-9]*\) .*/\1/p' "$f.end")
		[ "$rc" = 0 ] || [ -f "$f.timeout" ] || reasons+=("exit code ${rc:-unknown}")
	fi
	nfail=$(grep -c '^FAIL' "$f.out" || true)
	if [ "$nfail" -gt 0 ]; then
		first=$(grep -m1 '^FAIL' "$f.out")
		reasons+=("$nfail FAIL line(s), first: ${first#FAIL: }")
	fi
	# a test that ran to its end without one passed check proved nothing
	# (a skip, a branch that forgot its pass, a check that never ran)
	if [ -f "$f.end" ] && [ "$nfail" = 0 ] && ! grep -q '^ok:' "$f.out"; then
		reasons+=("no check passed: the test printed no ok: line")
	fi
	# a missing command or a syntax error is a broken test, whatever it exits
	first=$(grep -m1 -E '^[^ ]+: line [0-9]+: (.*: not found|syntax error)' "$f.out" || true)
	[ -z "$first" ] || reasons+=("shell error: $first")
	kern=$(kernel_problems "$f.dmesg" "$f.out" | first_problem)
	[ -z "$kern" ] || reasons+=("$kern")
	report "$name" "$(join "; " "${reasons[@]}")" "$f.log"
}

judge_all() {
	local name why
	split_console
	judge_boot
	for name in "${test_names[@]}"; do
		judge_test "$name"
	done
	if [ ! -f "$work/guest-done" ]; then
		case $qemu_rc in
		124 | 137) why="qemu killed after the --timeout of $qemu_timeout s" ;;
		0) why="qemu exited early (kernel panic?)" ;;
		*) why="qemu exited with rc=$qemu_rc" ;;
		esac
		report guest "never printed @@ GUEST DONE: $why (console: $console)"
		[ ! -s "$work/qemu.err" ] || sed 's/^/    qemu: /' "$work/qemu.err" | head -n 20
	fi
}

write_rerun_script() {
	{
		echo "#!/bin/bash"
		echo "# boot the kept initramfs again, console on this terminal"
		printf '%q ' "${qemu_cmd[@]}"
		echo
	} > "$work/qemu.sh"
	chmod +x "$work/qemu.sh"
	log "kept $initrd; boot it again with $work/qemu.sh"
}

main() {
	local t0 t
	parse_args "$@"
	resolve_tests
	if [ ${#test_names[@]} -eq 0 ]; then
		log "$series: none of the tests given is in the list asked for: nothing to run"
		echo "0 passed, 0 failed"
		return 0
	fi
	check_wakeref_bin
	t0=$(now)

	t=$(now)
	fetch_kernel
	log "$series: fetch $(since "$t") s (kernel $KVER)"

	work=$repo/build/vmtest/$KVER
	[ "$tests_dir" -ef "$repo/tests/guest" ] || work+=-$(basename "$tests_dir")
	console=$work/console.log
	mkdir -p "$work"
	# one run per kernel at a time: the build dirs and logs are per kernel
	exec 9> "$work/.lock"
	flock -n 9 || die "another vmtest.sh is running for $KVER"

	t=$(now)
	if [ "$no_sim" = 0 ]; then
		build_sim
		build_sim_debug
		stage_sim_deps
		stage_sim_snd
	fi
	build_initramfs
	log "$series: build $(since "$t") s ($([ "$no_sim" = 1 ] || echo "wakeref_sim.ko, ")initramfs with ${#test_names[@]} test(s))"

	t=$(now)
	boot
	# A kernel that dies before /init ran none of our code: under TCG an
	# early boot can trip over its own text patching (an int3 oops in
	# sched_clock_cpu, seen once in about 50 boots).  Boot once more,
	# keeping the failed console and saying so.
	if ! grep -q '@@ GUEST UP' "$console" && [ "$qemu_rc" != 124 ] && [ "$qemu_rc" != 137 ]; then
		mv "$console" "$work/console.boot1.log"
		log "$series: the guest died before /init ($(grep -m1 -oE 'Oops: [^[]*|Kernel panic[^[]*' \
			"$work/console.boot1.log" || echo "no oops line")); booting once more" \
			"(first console: $work/console.boot1.log)"
		boot
	fi
	log "$series: boot+tests $(since "$t") s (qemu rc=$qemu_rc, console: $console)"

	if [ "$keep" = 1 ]; then
		write_rerun_script
	else
		rm -f "$initrd" "$work/qemu.sh"
	fi
	judge_all
	log "$series: total $(since "$t0") s"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

main "$@"
