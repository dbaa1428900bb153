#!/bin/sh
# timeout: 240
# Who took each wakeref, and during what: a user process's DRM ioctl
# (DRM_IOCTL_XE_EXEC on the xe node: the job it makes holds a wakeref after
# the ioctl returns) must be named with the process's own pid, comm, the
# ioctl it issued and its DRM client; so must an i915 execbuf's
# (DRM_IOCTL_I915_GEM_EXECBUFFER2 on the i915 node: its request keeps the
# GT awake, whose wakelock eb_select_engine took), with the client id the
# process reads from its own file; a shell's write to ctl with the
# writer's pid and write(); a work item and a timer by their context, with
# no system call.  Pids are checked against what the process says and
# against the simulated driver's oracle.  Then the recording's reports: the
# text form says it, --by ioctl counts it, JSON carries it.
. /lib/wakeref/lib.sh

X=wakeref-sim-xe.0
I=wakeref-sim-i915.0
O=$WR_SIM_DIR/oracle
sim_load xe_devs=1 || test_end

# oracle_field MATCH FIELD: FIELD=value of the newest Owner line with MATCH
oracle_field() {
	grep "^Owner .* $1 " "$O" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$2=//p"
}
# who_line DEV CALLER: wakeref's "who" line for it
who_line() { grep "^who $1 $2 " /tmp/who.owners | tail -n 1; }

wakeref_start record -o /tmp/who.rec || test_end
simuser_start 0 drm /dev/$X || test_end
P=$(simuser_pid 0)
simuser_cmd 0 xe_exec 0x1000 || test_end
CMD=${SIMUSER_REPLY##* cmd=}
simuser_start 1 drm /dev/$I || test_end
P1=$(simuser_pid 1)
simuser_cmd 1 i915_execbuf || test_end
ECMD=${SIMUSER_REPLY##* cmd=}
ECLIENT=$(echo "$SIMUSER_REPLY" | sed -n 's/.* client=\([0-9]*\) .*/\1/p')
sim_ctl get i915.0 get leaky_path
sim_ctl get i915.0 get hotplug_work ctx=wq
sim_ctl get i915.0 get_if_in_use pmu_sample ctx=timer
wakeref_stop || fail "wakeref record exited with rc=$?"

/bin/wakeref report /tmp/who.rec -f owners > /tmp/who.owners 2> /tmp/who.err ||
	{ fail "report -f owners: $(cat /tmp/who.err)"; test_end; }
sed 's/^/    | /' /tmp/who.owners

# the ioctl: the process's own pid, its comm, the ioctl it issued
J=$(grep "^who $X .* pid=$P " /tmp/who.owners)
case $J in
*" tgid=$P comm=wakeref-simuser syscall=ioctl ioctl=DRM_IOCTL_XE_EXEC cmd=$CMD client="*)
	pass "xe exec: pid $P, its comm, DRM_IOCTL_XE_EXEC ($CMD)" ;;
*) fail "xe exec: wanted pid=$P ioctl DRM_IOCTL_XE_EXEC cmd=$CMD, got '$J'" ;;
esac
# the client: drm_file's client_id where the kernel has one (6.5+), else the pointer
case $(uname -r) in
5.* | 6.[0-4].*) want='client=0xff[0-9a-f]\{14\}' ;;	# a kernel pointer
*) want='client=[1-9][0-9]*' ;;
esac
echo "$J" | grep -q " $want " && pass "xe exec: its DRM client ($want)" ||
	fail "xe exec: no $want in '$J'"
assert_eq "$(oracle_field what=job pid)" "$P" "the oracle's job owner is the same process"

# the i915 execbuf: the GT's wakelock (eb_select_engine) and GT_IRQ's
# display wakeref (__gt_unpark), both taken in the process's ioctl
case $ECLIENT in
'' | 0) want_client='client=0xff[0-9a-f]\{14\}' ;;	# before 6.5: the drm_file
*) want_client="client=$ECLIENT" ;;			# the id the process read
esac
for f in eb_select_engine __gt_unpark; do
	E=$(grep "^who $I $f " /tmp/who.owners | tail -n 1)
	case $E in
	*" pid=$P1 tgid=$P1 comm=wakeref-simuser syscall=ioctl ioctl=DRM_IOCTL_I915_GEM_EXECBUFFER2 cmd=$ECMD client="*)
		pass "i915 execbuf: $f, pid $P1, DRM_IOCTL_I915_GEM_EXECBUFFER2 ($ECMD)" ;;
	*) fail "i915 execbuf: wanted $f pid=$P1 ioctl DRM_IOCTL_I915_GEM_EXECBUFFER2 cmd=$ECMD, got '$E'" ;;
	esac
	echo "$E" | grep -q " $want_client\( \|\$\)" && pass "i915 execbuf: $f's client ($want_client)" ||
		fail "i915 execbuf: $f: no $want_client in '$E'"
	assert_eq "$(oracle_field func=$f pid)" "$P1" "the oracle's $f owner is the same process"
done

# the shell's write: pid from the oracle, system call write
L=$(who_line $I sim_leaky_path)
OP=$(oracle_field holder=sim_leaky_path pid)
case $L in
*" pid=$OP tgid=$OP comm=sh syscall=write "*) pass "ctl write: pid $OP, write()" ;;
*) fail "ctl write: wanted pid=$OP syscall=write, got '$L'" ;;
esac
# a work item: the kworker's pid, the work context, no system call
W=$(who_line $I sim_hotplug_work)
case $W in
*" pid=$(oracle_field holder=sim_hotplug_work pid) "*"comm=kworker/"*" context=work context_fn="*)
	pass "work item: the kworker, in its work function" ;;
*) fail "work item: got '$W'" ;;
esac
T=$(who_line $I sim_pmu_sample)
case $T in
*syscall=*) fail "timer: a system call named for a softirq: '$T'" ;;
*" context=timer context_fn="*) pass "timer: its context, no system call" ;;
*) fail "timer: got '$T'" ;;
esac

# the other formats
/bin/wakeref report /tmp/who.rec --by ioctl > /tmp/who.txt 2>&1 || fail "report --by ioctl"
assert_match /tmp/who.txt "by pid $P \\[wakeref-simuser\\] in ioctl DRM_IOCTL_XE_EXEC client " \
	"text: the owner line names the ioctl"
assert_match /tmp/who.txt "^ *1  ioctl DRM_IOCTL_XE_EXEC\$" "text: --by ioctl counts it"
assert_match /tmp/who.txt "^ *1  syscall write\$" "text: --by ioctl counts the write"
/bin/wakeref report /tmp/who.rec -f json > /tmp/who.json 2>&1 || fail "report -f json"
WANT="\"pid\":$P,\"comm\":\"wakeref-simuser\",\"tgid\":$P,\"syscall_nr\":16,"
WANT="$WANT\"syscall\":\"ioctl\",\"ioctl_cmd\":\"$CMD\",\"ioctl\":\"DRM_IOCTL_XE_EXEC\""
assert_match /tmp/who.json "$WANT" "json: pid, syscall, ioctl"
# -f ref_tracker: one block per stack, N/M against the oracle's count, the
# directory the device's key, the owner in the stack, each frame after five
# spaces as the kernel's stack_trace_snprint(..., 4) prints it
/bin/wakeref report /tmp/who.rec -f ref_tracker --all > /tmp/who.rt 2>&1 ||
	fail "report -f ref_tracker"
sed 's/^/    | /' /tmp/who.rt
KEY=$(tr '{' '\n' < /tmp/who.json | grep "\"device\":\"$I\"" |
	sed -n 's/.*"obj":"0x\([0-9a-f]*\)".*/\1/p')
M=$(grep -Ec "^Owner .* unit=(wakelock|raw) " "$O")
for f in sim_leaky_path sim_hotplug_work sim_pmu_sample; do
	if grep -A3 "^intel_runtime_pm@0*$KEY has 1/$M users at\$" /tmp/who.rt |
		grep -q "^     $f+0x"; then
		pass "ref_tracker: $f, 1/$M users, at intel_runtime_pm@$KEY"
	else
		fail "ref_tracker: no 'intel_runtime_pm@$KEY has 1/$M users at' block with $f"
	fi
done
/bin/wakeref report /tmp/who.rec --by comm > /dev/null 2> /tmp/who.err &&
	fail "--by comm accepted"
assert_match /tmp/who.err "bad --by 'comm': want ioctl, pid or module" "--by: a bad key is named"

simuser_end 0
simuser_end 1		# its file closed: the GPU retires the request
sim_ctl reset
sim_unload
test_end
