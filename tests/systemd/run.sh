#!/bin/bash
# run.sh: the wakeref package under Debian's systemd as PID 1, in the systemd
# guest (tools/systemd-test.sh), run by wakeref-systemd-test.service once
# multi-user.target is reached.  Every check prints "ok: WHAT" or
# "FAIL: WHAT: why", between "@@ SYSTEMD-TEST-BEGIN" and "@@ SYSTEMD-TEST-END
# rc=RC"; then the kernel log (dmesg -r) between "@@ DMESG-BEGIN systemd" and
# "@@ DMESG-END systemd", and the guest powers off.  What wakeref says is
# checked against the simulated driver's oracle (its debugfs owners file),
# what is attached against the kernel (bpftool, bpffs, the module's
# reference count), capabilities against /proc/PID/status.
#
# Steps: the package installs and enables nothing; the sim loaded, `systemctl
# start wakeref`: the unit's capabilities, fentry into the module; a leak:
# `wakeref dump` equals the oracle; `systemctl kill -s USR1` puts the dump in
# the journal; `systemctl restart`, and a stop with events while no daemon
# runs then a start, lose nothing; `systemctl stop` + `wakeref daemon
# --detach` leave nothing attached; with -v (a drop-in) the log says fentry
# and the fast unwinder; without CAP_SYS_RAWIO (a drop-in) it says, once,
# why the fast unwinder is off; `dpkg -r` stops the running service and
# detaches it.
set -u
export LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

P=/usr/local/lib/wakeref-test
SIM=/sys/kernel/debug/wakeref_sim
UNIT=/lib/systemd/system/wakeref.service
DROPIN=/run/systemd/system/wakeref.service.d
FAILED=0
cd "$(mktemp -d)" || exit 1

ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; FAILED=1; return 1; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
show() { sed 's/^/    | /' "$@"; }
# at: where the guest is, on its own clock (a figure, not a check)
at() { echo "    -- $* (guest uptime $(cut -d' ' -f1 /proc/uptime) s)"; }

# wait_for SECONDS CMD...: until CMD succeeds, polling; 1 if it never does
wait_for() {
	local n=$(($1 * 10))
	shift
	until "$@"; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}

sim_ctl() { echo "$*" > $SIM/ctl || fail "sim: '$*' refused"; }

# journal: the unit's log since its current start (the invocation's lines)
journal() {
	local inv
	inv=$(systemctl show -p InvocationID --value wakeref)
	journalctl -q -o cat _SYSTEMD_INVOCATION_ID="$inv" 2>/dev/null
}
journal_has() { journal | grep -Eq -- "$1"; }

# start_unit WHAT: systemctl start, then the daemon ready ("tracing" in its log)
start_unit() {
	systemctl start wakeref || { fail "$1: systemctl start wakeref failed"; return 1; }
	if ! wait_for 120 journal_has '^wakeref: tracing [0-9]+ functions'; then
		fail "$1: the daemon was not ready within 120 s"
		systemctl status --no-pager wakeref | show
		journal | show
		return 1
	fi
	ok "$1: started, ready ($(journal | grep -m1 '^wakeref: tracing' | cut -c1-60))"
}

# owners_match WHAT: `wakeref dump -f owners` equals the oracle's owners
owners_match() {
	wakeref dump -f owners > dump.owners 2> dump.err || { fail "$1: wakeref dump: $(cat dump.err)"; return 1; }
	grep '^owner ' $SIM/owners | sort > want
	grep '^owner ' dump.owners | sort > got
	if [ -s want ] && cmp -s want got; then
		ok "$1: wakeref dump equals the oracle ($(wc -l < want) owner lines: $(tr '\n' ';' < want))"
	else
		fail "$1: wakeref dump differs from the oracle (- oracle, + wakeref)"
		diff want got | show
		return 1
	fi
}

# tracing_progs: BPF programs of the tracing kinds wakeref loads (fentry,
# fexit, kprobe, raw tracepoint, tracepoint); systemd's own are cgroup ones
tracing_progs() {
	bpftool prog show 2>/dev/null | grep -cE '^[0-9]+: (tracing|kprobe|raw_tracepoint|tracepoint|perf_event) '
}

# fentry_links: fentry/fexit links in the kernel (bpftool prints a link over
# several lines, a record starting with "ID: "; bookworm's bpftool names no
# link's target: that fentry is into the sim's module, its reference count
# says, see below).  Only wakeref makes tracing links here: systemd's are
# cgroup ones.
fentry_links() {
	bpftool link show 2>/dev/null | awk '
		function judge() { if (rec ~ /attach_type (trace_)?f(entry|exit)/) n++ }
		/^[0-9]+: / { judge(); rec = "" }
		{ rec = rec " " $0 }
		END { judge(); print n + 0 }'
}

# caps_of NAMES...: the capability mask of CAP_ names, as /proc shows it
caps_of() {
	local mask=0 c n
	for c; do
		case $c in
		CAP_DAC_READ_SEARCH) n=2 ;; CAP_SYS_RAWIO) n=17 ;; CAP_SYS_ADMIN) n=21 ;;
		CAP_SYS_RESOURCE) n=24 ;; CAP_SYSLOG) n=34 ;; CAP_PERFMON) n=38 ;; CAP_BPF) n=39 ;;
		*) fail "caps_of: $c is not in the test's table"; return 1 ;;
		esac
		mask=$((mask | (1 << n)))
	done
	printf '%016x\n' "$mask"
}

no_tracing_progs() { [ "$(tracing_progs)" = 0 ]; }

# nothing_attached WHAT: no pin, no tracing program, no link into the
# module, and the module free to unload (the kernel frees detached programs,
# and their hold on the module, after an RCU grace period: wait for that)
nothing_attached() {
	check "$1: /sys/fs/bpf/wakeref is gone" test ! -e /sys/fs/bpf/wakeref
	wait_for 30 no_tracing_progs
	check "$1: bpftool lists no tracing program" no_tracing_progs ||
		bpftool prog show | grep -E '^[0-9]+: (tracing|kprobe|raw_tracepoint|tracepoint|perf_event) ' | show
	check "$1: bpftool lists no fentry/fexit link" test "$(fentry_links)" = 0
	wait_for 30 rmmod wakeref_sim 2> /dev/null
	check "$1: the module is free (rmmod wakeref_sim)" test ! -d $SIM
}

echo "@@ SYSTEMD-TEST-BEGIN"

# --- systemd is PID 1 ------------------------------------------------------
check "PID 1 is Debian's systemd ($(tr '\0' ' ' < /proc/1/cmdline))" \
	test "$(readlink /proc/1/exe)" = /usr/lib/systemd/systemd -o "$(readlink /proc/1/exe)" = /lib/systemd/systemd
echo "    systemd $(systemctl --version | head -n1); system state: $(systemctl is-system-running)"

# --- the package -----------------------------------------------------------
at "the package"
deb=$(ls $P/wakeref_*_amd64.deb)
if dpkg -i "$deb" > dpkg.log 2>&1; then
	ok "dpkg -i $(basename "$deb")"
else
	fail "dpkg -i $(basename "$deb")"; show dpkg.log
	echo "@@ SYSTEMD-TEST-END rc=1"; systemctl --no-block poweroff; exit 1
fi
check "installed: systemd knows the unit ($UNIT)" systemctl cat wakeref > /dev/null
check "installed: not enabled ($(systemctl is-enabled wakeref 2>&1))" test "$(systemctl is-enabled wakeref 2>&1)" = disabled
check "installed: not started ($(systemctl is-active wakeref 2>&1))" test "$(systemctl is-active wakeref 2>&1)" = inactive
check "before wakeref: no tracing BPF program in the kernel" test "$(tracing_progs)" = 0

# --- start, under the unit's capabilities ------------------------------------
at "start"
insmod $P/wakeref_sim.ko xe_devs=1 || { fail "insmod wakeref_sim.ko"; echo "@@ SYSTEMD-TEST-END rc=1"; systemctl --no-block poweroff; exit 1; }
check "no node-exporter here" test ! -e /var/lib/prometheus/node-exporter
start_unit "systemctl start wakeref" || { echo "@@ SYSTEMD-TEST-END rc=1"; systemctl --no-block poweroff; exit 1; }
pid=$(systemctl show -p MainPID --value wakeref)
# shellcheck disable=SC2046 # the unit's list of names
want=$(caps_of $(sed -n 's/^CapabilityBoundingSet=//p' $UNIT))
for set in CapEff CapPrm CapBnd CapAmb; do
	have=$(sed -n "s/^$set:\t//p" /proc/"$pid"/status)
	check "the daemon's $set is the unit's set ($want)" test "$have" = "$want"
done
check "the daemon runs with no_new_privs" grep -q '^NoNewPrivs:.1' /proc/"$pid"/status
n=$(fentry_links)
check "fentry: $n fentry/fexit links (bpftool)" test "$n" -gt 0 || bpftool link show | head -n 12 | show
# a trampoline into a module holds the module (kprobes do not): nothing
# else here references the sim
refs=$(cat /sys/module/wakeref_sim/refcnt)
check "fentry into the module: wakeref_sim is held ($refs references)" test "$refs" -gt 0
journal > start.log
check "the log says nothing of the fast unwinder being off" bash -c "! grep -q 'fast unwinder off' start.log"
grep -i 'warn\|error\|cannot' start.log | sort | uniq -c | show

# --- a leak, dumped ------------------------------------------------------------
at "a leak"
sim_ctl get i915.0 get leaky_path
sim_ctl getput i915.0 get gem_fault
sim_ctl get xe.0 xe_get xe_exec
owners_match "a leak"
wakeref dump > dump.txt 2>&1
check "wakeref dump names the leaked holder (sim_leaky_path+0x...)" grep -qE '^   sim_leaky_path\+0x' dump.txt

# --- SIGUSR1: the dump in the journal --------------------------------------------
at "SIGUSR1"
before=$(journal | grep -cE '^ *sim_leaky_path\+0x')
check "before SIGUSR1 the journal has no dump of the leak" test "$before" = 0
systemctl kill -s USR1 wakeref
if wait_for 30 journal_has '^ *sim_leaky_path\+0x'; then
	ok "systemctl kill -s USR1: the dump, with sim_leaky_path, is in the journal (journalctl)"
	journal | grep -B3 -A1 -m1 -E '^ *sim_leaky_path\+0x' | show
else
	fail "systemctl kill -s USR1: no dump of the leak in the journal within 30 s"; journal | tail -n 20 | show
fi
check "still active after SIGUSR1" test "$(systemctl is-active wakeref)" = active

# --- restarts lose nothing ---------------------------------------------------------
at "restarts"
systemctl restart wakeref
start_unit "systemctl restart wakeref" &&
	check "restart: the pinned programs adopted" journal_has '^wakeref: adopted [0-9]+ attached functions'
owners_match "after systemctl restart"
systemctl stop wakeref
check "systemctl stop: inactive" test "$(systemctl is-active wakeref)" = inactive
check "stopped: the programs stay pinned" test -d /sys/fs/bpf/wakeref
sim_ctl get i915.0 get_raw hotplug_work
sim_ctl getput i915.0 get gem_fault
sim_ctl put i915.0 leaky_path
start_unit "systemctl start after events with no daemon" &&
	check "the journal replayed the events made while stopped" journal_has '^wakeref: replayed [0-9]+ events'
owners_match "after a stop, 3 events, a start"

# --- stop + detach: nothing left attached -------------------------------------------
at "stop + detach"
systemctl stop wakeref
wakeref daemon --detach > detach.log 2>&1
rc=$?
check "wakeref daemon --detach: rc=0 ($(tr '\n' ' ' < detach.log))" test "$rc" = 0
nothing_attached "stop + --detach"

# --- -v: fentry and the fast unwinder, said by the daemon under the unit --------------
at "-v"
insmod $P/wakeref_sim.ko xe_devs=1 || fail "insmod wakeref_sim.ko again"
mkdir -p $DROPIN
# (the drop-ins trace the owner table's functions only, as the guest tests
# do: each traced function costs about 0.2 s to attach under emulation)
{
	echo '[Service]'
	echo 'Environment=WAKEREF_FEATURES=owners'
	echo 'ExecStart='
	sed -n 's/^ExecStart=\([^ ]*\) daemon /ExecStart=\1 daemon -v /p' $UNIT
} > $DROPIN/verbose.conf
systemctl daemon-reload
if start_unit "with -v (drop-in)"; then
	check "-v: intel_runtime_pm_get attached by fentry or fexit" \
		journal_has '^wakeref: attached .* to wakeref_sim:intel_runtime_pm_get as f(entry|exit)$'
	check "-v: no runtime-PM function by kprobe" \
		bash -c "! journalctl -q -o cat _SYSTEMD_INVOCATION_ID=$(systemctl show -p InvocationID --value wakeref) |
			grep -qE '^wakeref: attached .* to wakeref_sim:(intel_runtime_pm|xe_pm_runtime)_[a-z_]* as k'"
	check "-v: the fast unwinder runs (rules from the kernel's ORC tables)" \
		journal_has '^wakeref: fast unwinder: fast \(rules from the kernel'
fi
systemctl stop wakeref
wakeref daemon --detach > /dev/null 2>&1 || fail "--detach after the -v run"

# --- without CAP_SYS_RAWIO: the stated degradation ---------------------------------
at "no-rawio"
# the unit's lists less CAP_SYS_RAWIO ("=" alone resets a list first)
{
	echo '[Service]'
	echo 'Environment=WAKEREF_FEATURES=owners'
	for k in CapabilityBoundingSet AmbientCapabilities; do
		echo "$k="
		sed -n "s/^$k=//p" $UNIT | tr ' ' '\n' | grep -vx CAP_SYS_RAWIO | tr '\n' ' ' | sed "s/^/$k=/; s/ $//"
		echo
	done
} > $DROPIN/no-rawio.conf
systemctl daemon-reload
if start_unit "without CAP_SYS_RAWIO (drop-in)"; then
	pid=$(systemctl show -p MainPID --value wakeref)
	# shellcheck disable=SC2046 # the unit's list of names
	want=$(caps_of $(sed -n 's/^CapabilityBoundingSet=//p' $UNIT | tr ' ' '\n' | grep -vx CAP_SYS_RAWIO))
	check "no-rawio: CapEff is the unit's set less CAP_SYS_RAWIO ($want)" \
		test "$(sed -n 's/^CapEff:\t//p' /proc/"$pid"/status)" = "$want"
	check "no-rawio: still fentry" journal_has '^wakeref: attached .* to wakeref_sim:intel_runtime_pm_get as f(entry|exit)$'
	check "no-rawio: the log says why the fast unwinder is off" \
		journal_has '^wakeref: fast unwinder off, stacks cost more: cannot open /proc/kcore: Operation not permitted \(needs CAP_SYS_RAWIO'
	check "no-rawio: once" test "$(journal | grep -c 'fast unwinder off')" = 1
	sim_ctl get i915.0 get leaky_path
	owners_match "no-rawio: the leak (stacks by bpf_get_stack alone)"
fi
systemctl stop wakeref
wakeref daemon --detach > /dev/null 2>&1 || fail "--detach after the no-rawio run"
rm -rf $DROPIN
systemctl daemon-reload

# --- removing the package stops and detaches a running service -------------------------
at "dpkg -r"
start_unit "the unit as installed, once more" || true
if dpkg -r wakeref > remove.log 2>&1; then
	ok "dpkg -r wakeref"
else
	fail "dpkg -r wakeref"; show remove.log
fi
check "dpkg -r: the service is stopped ($(systemctl is-active wakeref 2>&1))" \
	bash -c '[ "$(systemctl is-active wakeref 2>&1)" != active ]'
nothing_attached "dpkg -r"
check "dpkg -r: the binary is gone" test ! -e /usr/sbin/wakeref

at "end"
echo "@@ SYSTEMD-TEST-END rc=$FAILED"
echo "@@ DMESG-BEGIN systemd"
dmesg -r
echo "@@ DMESG-END systemd"
systemctl --no-block poweroff
exit 0
