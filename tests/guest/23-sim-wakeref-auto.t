#!/bin/sh
# intel_wakeref_auto, the userfault timer: the first use takes a wakelock
# with get_if_in_use, owned by the caller of intel_wakeref_auto and held by
# the driver until the timer expires; then the device suspends.
. /lib/wakeref/lib.sh

I=wakeref-sim-i915.0
sim_load || test_end
wait_runtime_status $I suspended 2000 || test_end

# as in the fault handler: under a wakelock of the caller's own
sim_ctl get i915.0 get gem_fault
sim_ctl wakeref_auto i915.0 gem_fault timeout_ms=1500
sim_ctl wakeref_auto i915.0 gem_fault timeout_ms=1500
sim_ctl put i915.0 gem_fault
sim_owners_has "^device $I driver=i915 count=1 wakeref_count=65537 " "one wakelock for both uses"
assert_eq "$(sim_owner_lines $I)" "sim_gem_fault=1" "owned by the caller of intel_wakeref_auto"
assert_match "$WR_SIM_DIR/oracle" '^Owner id=[0-9]+ func=sim_gem_fault holder=driver what=wakeref_auto unit=wakelock ' \
	"held by the driver"
sim_ctl_fails put i915.0 gem_fault
usleep 300000
wait_runtime_status $I active 0 && pass "held past autosuspend"
sim_owners_has "^device $I driver=i915 count=1 " "still held before the timeout"
wait_owners "^device $I driver=i915 count=0 wakeref_count=0 " 5000 "expires after its timeout"
wait_runtime_status $I suspended 2000 && pass "then the device suspends"
sim_owners_has "^stats $I gets=2 failed_gets=0 puts=2 suspends=2 resumes=1 asserts=0$" \
	"balanced, no assert"

# the default timeout is 250 ms: the timer's put, the last of the device's
# pairs in the oracle's log, ends the wakelock its use took at least 250 ms
# after it (less a jiffy: the timer is set in jiffies).  A check of the
# owners right after the use would be a timed test: a guest descheduled for
# 250 ms on a busy host sees the timer gone already.
sim_ctl get i915.0 get pmu_sample
sim_ctl wakeref_auto i915.0 pmu_sample
sim_ctl put i915.0 pmu_sample
wait_owners "^device $I driver=i915 count=0 wakeref_count=0 " 2000 "released"
held_ms=$(awk -v d="$I" '$1 == "pair" && $2 == d && $5 == "sim_pmu_sample" {
		if ($4 > last) { last = $4; ms = int(($4 - $3) / 1000000) } }
	END { print ms + 0 }' "$WR_SIM_DIR/pairs")
[ "$held_ms" -ge 240 ] && pass "held with the default timeout ($held_ms ms)" ||
	fail "the default timeout's wakelock was held $held_ms ms, not 250"

# timeout_ms=0 drops it at once (intel_wakeref_auto_fini)
sim_ctl get i915.0 get pmu_sample
sim_ctl wakeref_auto i915.0 pmu_sample timeout_ms=10000
sim_ctl put i915.0 pmu_sample
sim_ctl wakeref_auto i915.0 pmu_sample timeout_ms=0
sim_owners_has "^device $I driver=i915 count=0 wakeref_count=0 " "timeout 0 releases now"

# without the caller's wakelock: i915 asserts; suspended, so nothing is held
wait_runtime_status $I suspended 2000 || test_end
sim_ctl wakeref_auto i915.0 leaky_path
sim_owners_has "^stats $I .* asserts=[1-9][0-9]*$" "use without a wakelock is an assert"
sim_owners_has "^stats $I gets=[0-9]+ failed_gets=1 " "its get_if_in_use failed"
sim_owners_has "^device $I driver=i915 count=0 wakeref_count=0 " "nothing held"
sim_unload
test_end
