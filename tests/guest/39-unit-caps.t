#!/bin/sh
# timeout: 180
# The daemon under exactly the capabilities of tools/wakeref.service, as
# systemd gives them (uid 0; bounding, inheritable and ambient sets;
# no_new_privs), through util-linux's setpriv, with kernel addresses hidden
# from the unprivileged (kptr_restrict=1, what CAP_SYSLOG is for):
#   - the unit's set: fentry on the module's functions, the fast unwinder;
#   - without CAP_SYS_ADMIN: no fentry (said per function), and no CO-RE
#     against the module's types (libbpf opens BTF objects by id): the
#     daemon cannot start, and says that it needs CAP_SYS_ADMIN;
#   - without CAP_SYS_RAWIO: fentry, no fast unwinder, said once;
# each also as `wakeref doctor` under the same set reports it.
. /lib/wakeref/lib.sh

unit=/lib/wakeref/wakeref.service
# caps_of KEY [DROP...]: the unit's KEY= list as setpriv's "-all,+bpf,...", less DROP
caps_of() {
	local key=$1 l=-all c d
	shift
	for c in $(sed -n "s/^$key=//p" $unit); do
		for d in "$@"; do [ "$c" = "$d" ] && continue 2; done
		l="$l,+$(echo "${c#CAP_}" | tr 'A-Z' 'a-z')"
	done
	echo "$l"
}
# under [DROP...]: the setpriv command line of the unit's sets, less DROP
under() {
	local nnp=
	grep -q '^NoNewPrivileges=yes' $unit && nnp=--no-new-privs
	echo "/usr/bin/setpriv --bounding-set $(caps_of CapabilityBoundingSet "$@")" \
	     "--inh-caps $(caps_of AmbientCapabilities "$@")" \
	     "--ambient-caps $(caps_of AmbientCapabilities "$@") $nnp"
}
[ "$(caps_of CapabilityBoundingSet)" != -all ] || { fail "no CapabilityBoundingSet= in the unit"; test_end; }

# the sets really are the unit's: CapEff names exactly them
WR_DAEMON_WRAP=$(under)
$WR_DAEMON_WRAP cat /proc/self/status > status.txt || { fail "setpriv: rc=$?"; test_end; }
n=$(sed -n 's/^CapabilityBoundingSet=//p' $unit | wc -w)
eff=$(sed -n 's/^CapEff:\t//p' status.txt)
bits=0; i=0
while [ $i -lt 64 ]; do
	[ $(( (0x$eff >> i) & 1 )) = 1 ] && bits=$((bits + 1))
	i=$((i + 1))
done
assert_eq "$bits" "$n" "under setpriv: $n effective capabilities, the unit's (CapEff $eff)"

echo 1 > /proc/sys/kernel/kptr_restrict
sim_load || test_end

# run_daemon NAME [DROP...]: the daemon -v under the unit's sets less DROP,
# a leak made and dumped, stopped; its log in NAME.err, doctor's in NAME.doctor
run_daemon() {
	local name=$1
	shift
	WR_DAEMON_WRAP=$(under "$@")
	$WR_DAEMON_WRAP /bin/wakeref doctor > "$name.doctor" 2>&1
	daemon_start -v || return 1
	sim_ctl get i915.0 get leaky_path
	/bin/wakeref dump > "$name.dump"
	assert_match "$name.dump" '^   sim_leaky_path\+0x' "$name: the leak and its holder in the dump"
	sim_ctl put i915.0 leaky_path
	kill -TERM $DPID
	wait $DPID
	assert_eq "$?" 0 "$name: the daemon stops cleanly"
	cp /tmp/d.err "$name.err"
	/bin/wakeref daemon --detach 2> detach.err || fail "$name: daemon --detach: $(cat detach.err)"
}

# the unit's own set: everything
if run_daemon unit; then
	assert_match unit.err '^wakeref: attached .* to wakeref_sim:intel_runtime_pm_get as f(entry|exit)$' \
		"unit: intel_runtime_pm_get by fentry or fexit"
	# (object rows are kprobes by design: only the runtime-PM API is checked)
	assert_eq "$(grep -cE '^wakeref: attached .* to wakeref_sim:(intel_runtime_pm|xe_pm_runtime)_[a-z_]* as k' unit.err)" 0 \
		"unit: no runtime-PM function by kprobe"
	assert_match unit.err '^wakeref: fast unwinder: fast \(rules from the kernel' \
		"unit: the fast unwinder runs"
	assert_match unit.doctor '^fast unwinder: available' "unit: doctor: fast unwinder available"
fi

# without CAP_SYS_ADMIN: the daemon cannot start, and says what it needs
WR_DAEMON_WRAP=$(under CAP_SYS_ADMIN)
$WR_DAEMON_WRAP /bin/wakeref doctor > no-sys-admin.doctor 2>&1
$WR_DAEMON_WRAP /bin/wakeref daemon > /dev/null 2> no-sys-admin.err
assert_eq "$?" 1 "no CAP_SYS_ADMIN: the daemon does not start"
assert_match no-sys-admin.err "^wakeref: intel_runtime_pm_get \\[wakeref_sim\\]: f[a-z]* impossible: the module's BTF object is opened by id, which needs CAP_SYS_ADMIN" \
	"no CAP_SYS_ADMIN: the log says why fentry is impossible"
assert_match no-sys-admin.err "^wakeref: the BPF programs failed to load: .*needs CAP_SYS_ADMIN" \
	"no CAP_SYS_ADMIN: and why it cannot start"
assert_match no-sys-admin.doctor "the kernel refused fentry on [0-9]+ function\\(s\\) \\(-v says why\\)" \
	"no CAP_SYS_ADMIN: doctor says fentry was refused, and where to read why"
/bin/wakeref daemon --detach 2> /dev/null

# without CAP_SYS_RAWIO: fentry, bpf_get_stack() alone, and why
if run_daemon no-rawio CAP_SYS_RAWIO; then
	assert_match no-rawio.err '^wakeref: attached .* to wakeref_sim:intel_runtime_pm_get as f(entry|exit)$' \
		"no CAP_SYS_RAWIO: still fentry or fexit"
	assert_match no-rawio.err '^wakeref: fast unwinder off, stacks cost more: cannot open /proc/kcore: Operation not permitted \(needs CAP_SYS_RAWIO' \
		"no CAP_SYS_RAWIO: the log says the fast unwinder is off, and why"
	assert_eq "$(grep -c 'fast unwinder off' no-rawio.err)" 1 "no CAP_SYS_RAWIO: once"
	assert_match no-rawio.doctor '^fast unwinder: unavailable, stacks cost more: cannot open /proc/kcore: Operation not permitted \(needs CAP_SYS_RAWIO' \
		"no CAP_SYS_RAWIO: doctor says why"
fi

for f in unit no-sys-admin no-rawio; do
	[ -f $f.err ] || continue
	echo "--- $f: daemon log"; grep -v '^wakeref: attached' $f.err | sed 's/^/    /'
	echo "--- $f: doctor"; sed 's/^/    /' $f.doctor
done
echo 0 > /proc/sys/kernel/kptr_restrict
sim_unload
test_end
