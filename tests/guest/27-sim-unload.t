#!/bin/sh
# Unload with everything held, in every context: rmmod must release it all
# without a kernel splat (the harness fails the test on any).
. /lib/wakeref/lib.sh

hold_everything() {
	sim_ctl get i915.0 get gem_fault ctx=task:holder
	sim_ctl get i915.0 get_raw hotplug_work ctx=wq
	sim_ctl get i915.0 get_if_in_use pmu_sample ctx=irq
	sim_ctl get i915.0 get_noresume debugfs_status ctx=timer
	sim_ctl display_get i915.0 pipe_a atomic_commit ctx=task:holder
	sim_ctl display_get i915.0 aux_a atomic_commit
	sim_ctl display_put_async i915.0 aux_a atomic_commit delay_ms=10000
	sim_ctl gt_get i915.0 guc_submit ctx=wq
	sim_ctl gt_get i915.0 engine_retire
	sim_ctl wakeref_auto i915.0 gem_fault timeout_ms=10000 ctx=irq
	sim_ctl get xe.0 xe_get xe_exec ctx=task:holder2
	sim_ctl get xe.0 xe_get_noresume xe_ioctl ctx=irq
}

sim_load xe_devs=2 i915_devs=2 || test_end
hold_everything
sim_ctl gt_get i915.1 guc_submit
sim_ctl gt_put i915.1 guc_submit
sim_owners_has "^async_put wakeref-sim-i915\.1 pending=1$" "i915.1: async put pending"
sim_owners_has "^device wakeref-sim-i915\.0 driver=i915 count=9 " "i915.0: nine references"
sim_owners_has "^device wakeref-sim-xe\.0 driver=xe count=2 wakeref_count=2 " "xe.0: two"
sim_unload && pass "unloaded with everything held"
dmesg | grep -q 'wakeref-sim-i915.0: released [0-9]* wakeref(s) still held at unload' &&
	pass "unload says what it released" ||
	fail "no 'released N wakeref(s) still held at unload' in the kernel log"
dmesg | grep -q 'still recorded after release' && fail "a record survived the release"

# and reset releases the same
sim_load xe_devs=1 || test_end
hold_everything
sim_ctl reset
for d in wakeref-sim-i915.0 wakeref-sim-xe.0; do
	sim_owners_has "^device $d driver=[a-z0-9]* count=0 wakeref_count=0 " "$d: reset releases all"
done
sim_owners_lacks "^display .* use_count=[1-9]" "no display domain left"
sim_owners_has "^gt wakeref-sim-i915\.0 count=0 awake=0$" "GT parked"
sim_owners_has "^async_put wakeref-sim-i915\.0 pending=0$" "no async put pending"
wait_runtime_status wakeref-sim-i915.0 suspended 2000 && pass "i915 suspends after reset"
wait_runtime_status wakeref-sim-xe.0 suspended 2000 && pass "xe suspends after reset"
sim_owners_lacks "^stats .* asserts=[1-9]" "no assert"
sim_unload
test_end
