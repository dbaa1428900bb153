#!/bin/sh
# shellcheck shell=dash
# guest-init.sh: PID 1 of the wakeref test guest (installed as /init; busybox sh).
#
# Runs the guest tests in /lib/wakeref/tests and reports on the serial console
# with markers that tools/vmtest.sh parses:
#   @@ GUEST UP KVER tests: A B ...
#   @@ DMESG-BEGIN boot ... @@ DMESG-END boot      kernel log up to the first test
#   @@ TEST-BEGIN NAME
#   ...the test's own output (stdout and stderr)...
#   @@ TEST-TIMEOUT NAME after S s                   only if the test was killed
#   @@ TEST-END NAME rc=RC time=S.Ds
#   @@ DMESG-BEGIN NAME ... @@ DMESG-END NAME       kernel log written during the test
#   @@ GUEST DONE
# Kernel log lines are `dmesg -r` records: "<PRI>[ time] text", PRI & 7 = level.
#
# Kernel command line parameters (dotted, so the kernel keeps them out of
# init's argv and environment; they are read from /proc/cmdline):
#   wakeref.tests=A,B,...      tests to run, in order (default: all, sorted)
#   wakeref.kver=KVER          the kernel release the host expects (exported)
#   wakeref.test_timeout=S     per-test timeout in seconds (default 120); a test
#                              may ask for more with a "# timeout: S" line
#                              among its first 10
#
# No `set -e`: if PID 1 exits, the kernel panics and the report is lost.
# Whatever happens, the script ends in poweroff.
export PATH=/bin
TESTDIR=/lib/wakeref/tests

say() { echo "@@ $*"; }

mount_all() {
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev 2>/dev/null   # may be auto-mounted already
	mount -t debugfs debugfs /sys/kernel/debug
	mount -t tracefs tracefs /sys/kernel/tracing
	mount -t bpf bpf /sys/fs/bpf
	mount -t tmpfs tmpfs /tmp
}

setup_kernel() {
	# real addresses in /proc/kallsyms, BPF programs in kallsyms for stacks
	echo 0 > /proc/sys/kernel/kptr_restrict
	echo 1 > /proc/sys/net/core/bpf_jit_kallsyms
	# only errors and worse on the console: the rest comes out per test
	# through dmesg, attributed to the test that caused it
	dmesg -n 4
	ulimit -l unlimited
}

# cmdline_arg NAME: value of NAME=... on the kernel command line
cmdline_arg() {
	local w
	for w in $(cat /proc/cmdline); do
		case $w in "$1"=*) echo "${w#*=}"; return ;; esac
	done
}

# uptime in centiseconds (/proc/uptime always has two decimals)
now_cs() {
	local up rest
	read -r up rest < /proc/uptime
	echo $((${up%.*} * 100 + 1${up#*.} - 100))
}

dump_dmesg() {
	say "DMESG-BEGIN $1"
	dmesg -r -c
	say "DMESG-END $1"
}

# Between tests: kill whatever a test left running (user processes only:
# kernel threads and zombies have no /proc/PID/exe), unload modules it left
# loaded, empty /tmp.  The next test then starts from the same state.
cleanup() {
	local p pid m killed='' i=0
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		[ "$pid" = 1 ] && continue
		[ -e "$p/exe" ] && kill -9 "$pid" 2>/dev/null && killed="$killed $pid"
	done
	# SIGKILL is asynchronous: a dying tracer may still pin the module
	# (wait up to 1 s in all)
	for pid in $killed; do
		while [ -e "/proc/$pid/exe" ] && [ $i -lt 50 ]; do
			usleep 20000
			i=$((i + 1))
		done
	done
	# what a daemon left pinned holds its programs, and they the module
	rm -rf /sys/fs/bpf/wakeref /run/wakeref 2>/dev/null
	for m in $(awk '{print $1}' /proc/modules); do
		case " $BOOT_MODULES " in *" $m "*) continue ;; esac
		# the kernel frees detached programs (and their hold on the
		# module) after an RCU grace period: try for up to 5 s
		i=0
		until rmmod "$m" 2>/dev/null; do
			i=$((i + 1))
			[ $i -lt 50 ] || { echo "cleanup: rmmod $m failed (still in use?)"; break; }
			usleep 100000
		done
	done
	rm -rf /tmp/* 2>/dev/null
}

# test_timeout FILE: $TEST_TIMEOUT, or what FILE asks for if that is more
test_timeout() {
	local want
	want=$(head -n 10 "$1" 2>/dev/null | sed -n 's/^# timeout: \([1-9][0-9]*\)$/\1/p' | head -n 1)
	if [ -n "$want" ] && [ "$want" -gt "$TEST_TIMEOUT" ]; then
		echo "$want"
	else
		echo "$TEST_TIMEOUT"
	fi
}

# load_sim_deps: the kernel's own modules the simulated driver links against
# (tools/vmtest.sh stage_sim_deps), loaded once at boot and kept as boot
# modules: a test loads wakeref_sim alone
load_sim_deps() {
	local m
	[ -f /lib/modules/sim-deps/order ] || return 0
	while read -r m; do
		insmod "/lib/modules/sim-deps/$m" || say "SIM-DEPS insmod $m failed"
	done < /lib/modules/sim-deps/order
}

run_test() {
	local name=$1 file=$TESTDIR/$1.t start rc elapsed limit
	say "TEST-BEGIN $name"
	start=$(now_cs)
	limit=$(test_timeout "$file")
	if [ -f "$file" ]; then
		(cd /tmp && exec timeout -s TERM -k 5 "$limit" sh "$file" < /dev/null 2>&1)
		rc=$?
	else
		echo "FAIL: no such test in the initramfs: $file"
		rc=127
	fi
	elapsed=$(($(now_cs) - start))
	# timeout kills with TERM (143), or KILL (137) after the grace period
	if [ "$rc" -ge 128 ] && [ "$elapsed" -ge $((limit * 100)) ]; then
		say "TEST-TIMEOUT $name after $limit s"
	fi
	cleanup
	say "TEST-END $name rc=$rc time=$((elapsed / 100)).$((elapsed / 10 % 10))s"
	dump_dmesg "$name"
}

main() {
	local tests name
	mount_all
	setup_kernel
	export WAKEREF_KVER
	WAKEREF_KVER=$(cmdline_arg wakeref.kver)
	TEST_TIMEOUT=$(cmdline_arg wakeref.test_timeout)
	TEST_TIMEOUT=${TEST_TIMEOUT:-120}
	tests=$(cmdline_arg wakeref.tests | tr , ' ')
	if [ -z "$tests" ]; then
		tests=$(cd "$TESTDIR" && ls ./*.t | sed 's#^\./##; s#\.t$##')
	fi
	load_sim_deps
	BOOT_MODULES=$(awk '{print $1}' /proc/modules | tr '\n' ' ')
	say "GUEST UP $(uname -r) tests: $(echo $tests)"
	dump_dmesg boot
	for name in $tests; do
		run_test "$name"
	done
	say "GUEST DONE"
}

main
sync
poweroff -f
# not reached unless poweroff failed: hand over to the kernel panic path,
# which (panic=-1, qemu -no-reboot) ends the VM too
exit 1
