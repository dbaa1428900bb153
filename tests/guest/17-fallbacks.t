#!/bin/sh
# timeout: 180
# The kprobe fallbacks against the oracle: with fentry disabled
# (WAKEREF_NO_FENTRY=1, as `wakeref doctor --no-fentry`), and with module BTF
# hidden (WAKEREF_NO_MODULE_BTF=1: no fentry, and CO-RE sees no module
# struct, so the devices are learnt from the PM core).  Every get variant of
# i915 and xe, a leak and balanced pairs: the owners must be the oracle's,
# and the kprobes' misses are counted (6.7+) or said to be unknown (6.1).
. /lib/wakeref/lib.sh

I=wakeref-sim-i915.0
X=wakeref-sim-xe.0

# run MODE VAR: one traced session with VAR=1 in wakeref's environment
run() {
	local mode=$1 var=$2
	sim_load xe_devs=1 || return 1
	WR_SNAPSHOTS=0		# a new wakeref numbers its snapshots from 1
	export "$var=1"
	wakeref_start trace -v -f owners || { unset "$var"; sim_unload; return 1; }
	unset "$var"
	assert_match /tmp/wakeref.err '^wakeref: attached wr_kprobe\+wr_kretprobe to wakeref_sim:intel_runtime_pm_get as kretprobe$' \
		"$mode: i915 gets by kprobe+kretprobe on wakeref_sim:FUNC"
	assert_match /tmp/wakeref.err '^wakeref: attached wr_kprobe to wakeref_sim:xe_pm_runtime_put as kprobe$' \
		"$mode: xe puts by kprobe"
	if grep -Eq 'as (fentry|fexit)$' /tmp/wakeref.err; then
		fail "$mode: a fentry/fexit was attached"
	fi

	# every variant; the first call on each device resumes it (a PM core
	# call: without BTF that is where the device is learnt)
	sim_ctl get i915.0 get gem_fault
	sim_ctl get i915.0 get leaky_path
	sim_ctl get i915.0 get_raw hotplug_work
	sim_ctl get i915.0 get_if_in_use debugfs_status
	sim_ctl get i915.0 get_if_active pmu_sample
	sim_ctl get i915.0 get_noresume leaky_path
	sim_ctl get xe.0 xe_resume_and_get xe_ioctl
	sim_ctl get xe.0 xe_get xe_exec
	sim_ctl get xe.0 xe_get_ioctl xe_ioctl
	sim_ctl get xe.0 xe_get_if_in_use gem_fault
	sim_ctl get xe.0 xe_get_if_active gem_fault
	sim_ctl get xe.0 xe_get_noresume leaky_path
	wakeref_snapshot snap.txt
	compare_owners "$WR_SIM_DIR/owners" snap.txt
	assert_eq "$(grep -c "^owner " snap.txt)" 9 "$mode: checkpoint, nine holders"

	sim_ctl put i915.0 gem_fault
	sim_ctl put i915.0 hotplug_work
	sim_ctl put i915.0 debugfs_status
	sim_ctl put i915.0 pmu_sample
	sim_ctl put xe.0 xe_exec
	sim_ctl put xe.0 xe_ioctl
	sim_ctl put xe.0 gem_fault
	cp "$WR_SIM_DIR/owners" oracle.txt
	wakeref_stop || fail "$mode: wakeref exited with rc=$?"
	sed '/^=== wakeref snapshot/,/^=== end of snapshot/d' /tmp/wakeref.out > final.txt
	compare_owners oracle.txt final.txt
	assert_match final.txt "^device $I driver=i915 .* gets=6 puts=4 failed_gets=0 unmatched_puts=0 " \
		"$mode: i915, 6 gets and 4 puts"
	assert_match final.txt "^device $X driver=xe .* gets=6 puts=3 failed_gets=0 unmatched_puts=0 " \
		"$mode: xe, 6 gets and 3 puts"
	assert_match final.txt '^loss events=19 ringbuf_drops=0 recursion_misses=0' \
		"$mode: 19 events, none lost"
	# kprobe misses: in the kprobe links' info from 6.7, unknown before
	case $WAKEREF_KVER in
	6.1.*) want=unreported ;;
	*) want=0 ;;
	esac
	assert_match final.txt " kprobe_misses=$want\$" "$mode: kprobe misses $want"
	cp final.txt "$mode.txt"
	sim_unload
}

run no-fentry WAKEREF_NO_FENTRY
run no-module-btf WAKEREF_NO_MODULE_BTF
assert_match /tmp/wakeref.err '^wakeref: attached wr_learn to vmlinux:__pm_runtime_resume as kprobe$' \
	"no-module-btf: devices learnt at __pm_runtime_resume"

# doctor says the same, and why
sim_load || test_end
/bin/wakeref doctor -v --no-fentry > nofentry.txt
assert_match nofentry.txt '^i915 +intel_runtime_pm_get +present +wakeref_sim +kretprobe +fentry disabled \(--no-fentry\): kprobe, by wakeref_sim:intel_runtime_pm_get$' \
	"doctor --no-fentry: kretprobe, and why"
assert_match nofentry.txt '^pm +__pm_runtime_resume +present +vmlinux +none +not needed' \
	"doctor --no-fentry: module BTF is there, no device learning"
/bin/wakeref doctor -v --no-module-btf > nobtf.txt
assert_match nobtf.txt '^i915 +intel_runtime_pm_put_raw +no-btf +wakeref_sim +kprobe +module BTF hidden' \
	"doctor --no-module-btf: a kprobe, and why"
assert_match nobtf.txt '^pm +__pm_runtime_resume +present +vmlinux +kprobe +a traced module has no BTF' \
	"doctor --no-module-btf: the PM core learns the devices"
/bin/wakeref doctor -v > normal.txt
assert_match normal.txt '^i915 +intel_runtime_pm_get +present +wakeref_sim +fexit +BTF and a symbol' \
	"doctor: fexit normally"
sim_unload
test_end
