#!/bin/sh
# timeout: 240
# The tracepoint fallback against the oracle.  With fentry and kprobes
# disabled (WAKEREF_NO_FENTRY=1 WAKEREF_NO_KPROBE=1) xe is traced through
# its tracepoints xe:xe_pm_runtime_get, _put and _get_ioctl, which the
# simulated driver fires where xe does.  Gets and puts through them leak and
# balance as the oracle says; a get variant without a tracepoint is not seen,
# and its put is reported unmatched instead of ending another owner.  doctor
# says the same, and what is lost.
. /lib/wakeref/lib.sh

X=wakeref-sim-xe.0

sim_load xe_devs=1 || test_end
F=/sys/kernel/tracing/events/xe/xe_pm_runtime_get/format
assert_match "$F" 'field:__data_loc char\[\] dev;[[:space:]]+offset:8;[[:space:]]+size:4;' \
	"the sim's xe_pm_runtime_get has xe's dev field"
assert_match "$F" 'field:void \* caller;[[:space:]]+offset:16;[[:space:]]+size:8;' \
	"... and its caller field"

# doctor: the three rows with a tracepoint use it, the four gets without one
# are not traced and say what that costs; i915 has no tracepoint at all
export WAKEREF_NO_FENTRY=1 WAKEREF_NO_KPROBE=1
/bin/wakeref doctor -v > doctor.txt
rc=$?
/bin/wakeref doctor -j > doctor.json
unset WAKEREF_NO_FENTRY WAKEREF_NO_KPROBE
assert_eq "$rc" 1 "doctor: exit 1, a report would be incomplete"
why='fentry disabled \(--no-fentry\), kprobes disabled \(--no-kprobe\)'
assert_match doctor.txt "^xe +xe_pm_runtime_get +present +wakeref_sim +tracepoint +$why: tracepoint xe:xe_pm_runtime_get\$" \
	"doctor: xe_pm_runtime_get by tracepoint, and why"
assert_match doctor.txt "^xe +xe_pm_runtime_put +present +wakeref_sim +tracepoint +$why: tracepoint xe:xe_pm_runtime_put\$" \
	"doctor: xe_pm_runtime_put by tracepoint"
assert_match doctor.txt "^xe +xe_pm_runtime_get_ioctl +present +wakeref_sim +tracepoint +$why: tracepoint xe:xe_pm_runtime_get_ioctl \(it fires before the result is known: every call counts as a get; .*7\.0\+.*\)\$" \
	"doctor: get_ioctl by tracepoint, which fires before the result"
for fn in xe_pm_runtime_get_if_active xe_pm_runtime_get_if_in_use xe_pm_runtime_get_noresume \
	  xe_pm_runtime_resume_and_get; do
	assert_match doctor.txt "^xe +$fn +present +wakeref_sim +none +$why, and no tracepoint\$" \
		"doctor: $fn has no tracepoint"
done
assert_eq "$(grep -c 'coverage lost: its gets are not seen: owners taken through it are missing, and the puts that release them are reported unmatched' doctor.txt)" 4 \
	"doctor: four gets lost, their puts unmatched"
assert_match doctor.txt 'coverage lost: by tracepoint: a put of a get that has no tracepoint is reported as unmatched' \
	"doctor: what the put's tracepoint loses"
assert_match doctor.txt "^i915 +intel_runtime_pm_get +present +wakeref_sim +none +$why, and no tracepoint\$" \
	"doctor: i915 has no tracepoint"
assert_match doctor.json '"function":"xe_pm_runtime_put","role":"put","state":"present","module":"wakeref_sim","mode":"tracepoint",' \
	"doctor -j: mode tracepoint"

# trace: only the three tracepoints
WR_SNAPSHOTS=0
export WAKEREF_NO_FENTRY=1 WAKEREF_NO_KPROBE=1
wakeref_start trace -v -f owners -o tp.rec || test_end
unset WAKEREF_NO_FENTRY WAKEREF_NO_KPROBE
for tp in xe_pm_runtime_get xe_pm_runtime_put xe_pm_runtime_get_ioctl; do
	assert_match /tmp/wakeref.err "^wakeref: attached wr_tp_rpm to xe:$tp as tracepoint\$" \
		"trace: $tp by its tracepoint"
done
assert_eq "$(grep -c '^wakeref: attached .* as ' /tmp/wakeref.err)" 3 "trace: nothing else attached"

# through the traced variants: two leaks and two balanced pairs
sim_ctl get xe.0 xe_get xe_exec
sim_ctl get xe.0 xe_get leaky_path
sim_ctl get xe.0 xe_get_ioctl xe_ioctl
sim_ctl get xe.0 xe_get gem_fault
wakeref_snapshot snap.txt
compare_owners "$WR_SIM_DIR/owners" snap.txt
assert_eq "$(grep -c "^owner $X " snap.txt)" 4 "checkpoint: four holders"
sim_ctl put xe.0 xe_exec
sim_ctl put xe.0 xe_ioctl

# a get through a variant without a tracepoint is not seen: its put, by the
# traced xe_pm_runtime_put, is unmatched and leaves the other owners alone
sim_ctl get xe.0 xe_get_if_in_use hotplug_work
sim_ctl put xe.0 hotplug_work
cp "$WR_SIM_DIR/owners" oracle.txt
wakeref_stop || fail "wakeref exited with rc=$?"
sed '/^=== wakeref snapshot/,/^=== end of snapshot/d' /tmp/wakeref.out > final.txt
compare_owners oracle.txt final.txt
assert_match final.txt "^device $X driver=xe count=2 wakeref_count=-1 usage_count=-1 gets=4 puts=3 failed_gets=0 unmatched_puts=1 fallback_puts=0 " \
	"xe: 4 gets and 3 puts seen, the untraced get's put unmatched, no fallback"
assert_match final.txt '^loss events=7 ringbuf_drops=0 recursion_misses=0 stack_errors=0 kprobe_misses=0$' \
	"7 events, none lost, no kprobe"

# the recording gives the same owners, and the text report says why a put is
# unmatched and where each owner was taken: the xe function, then its caller
/bin/wakeref report -f owners tp.rec > replay.txt
compare_owners oracle.txt replay.txt
/bin/wakeref report --all tp.rec > replay-text.txt
assert_match replay-text.txt "^$X: xe runtime PM, 4 gets, 3 puts .*1 unmatched: of a wakeref taken before tracing or by a get variant that has no tracepoint" \
	"report: the unmatched put, and why"
assert_eq "$(grep -A1 '^Wakeref x1 taken at:' replay-text.txt | grep -c '^   xe_pm_runtime_get+')" 2 \
	"report: both owners' stacks start at xe_pm_runtime_get"
assert_match replay-text.txt '^   sim_leaky_path\+' "report: the leaky path's frame"
sim_unload
test_end
