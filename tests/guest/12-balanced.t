#!/bin/sh
# A balanced run, every get variant: count 0, the device really suspends.
. /lib/wakeref/lib.sh

sim_load || test_end
wakeref_start trace -f owners || test_end
sim_ctl get i915.0 get gem_fault
sim_ctl get i915.0 get_raw hotplug_work
sim_ctl getput i915.0 get pmu_sample
sim_ctl get i915.0 get_if_in_use debugfs_status
sim_ctl get i915.0 get_if_active guc_submit
sim_ctl get i915.0 get_noresume leaky_path
sim_ctl put i915.0 leaky_path
sim_ctl put i915.0 guc_submit
sim_ctl put i915.0 debugfs_status
sim_ctl put i915.0 hotplug_work
sim_ctl put i915.0 gem_fault
cp "$WR_SIM_DIR/owners" oracle.txt
wakeref_stop || fail "wakeref exited with rc=$?"

compare_owners oracle.txt /tmp/wakeref.out
assert_match /tmp/wakeref.out '^device wakeref-sim-i915\.0 driver=i915 count=0 wakeref_count=0 .* gets=6 puts=6 failed_gets=0 unmatched_puts=0 fallback_puts=0' \
	"count 0, driver's count 0, 6 gets and 6 puts paired without guessing"
grep -q '^owner ' /tmp/wakeref.out && fail "owners listed for a balanced run"
wait_runtime_status wakeref-sim-i915.0 suspended 2000 && pass "device suspends"
sim_unload
test_end
