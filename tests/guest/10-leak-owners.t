#!/bin/sh
# A leaking run: 3 gets from three call sites, 2 puts.  wakeref must name the
# one leaking caller with count 1, exactly as the simulated driver's oracle.
. /lib/wakeref/lib.sh

sim_load || test_end
wakeref_start trace -f owners || test_end

sim_ctl get i915.0 get gem_fault
sim_ctl get i915.0 get leaky_path
sim_ctl get i915.0 get_raw hotplug_work
# mid-run checkpoint: all three held
wakeref_snapshot snap1.txt
compare_owners "$WR_SIM_DIR/owners" snap1.txt
assert_eq "$(grep -c '^owner ' snap1.txt)" 3 "checkpoint: three holders"
sim_ctl put i915.0 gem_fault
sim_ctl put i915.0 hotplug_work
cp "$WR_SIM_DIR/owners" oracle.txt

wakeref_stop || fail "wakeref exited with rc=$?"
sed '/^=== wakeref snapshot/,/^=== end of snapshot/d' /tmp/wakeref.out > final.txt
compare_owners oracle.txt final.txt
assert_eq "$(grep '^owner ' final.txt)" "owner wakeref-sim-i915.0 sim_leaky_path 1" \
	"the leaking caller, once"
assert_match final.txt '^device wakeref-sim-i915\.0 driver=i915 count=1 .* gets=3 puts=2 failed_gets=0 unmatched_puts=0 fallback_puts=0' \
	"device line: 3 gets, 2 puts, none by fallback"
assert_match final.txt '^loss events=5 ringbuf_drops=0 recursion_misses=0' "no event lost"
# the leaked wakeref really keeps the device awake
wait_runtime_status wakeref-sim-i915.0 active 200 && pass "device stays active"
sim_unload
test_end
