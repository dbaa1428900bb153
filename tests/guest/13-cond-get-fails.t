#!/bin/sh
# Conditional gets on a suspended device fail and must not be counted.
. /lib/wakeref/lib.sh

sim_load || test_end
wait_runtime_status wakeref-sim-i915.0 suspended 2000 || test_end
wakeref_start trace -f owners || test_end
sim_ctl get i915.0 get_if_in_use debugfs_status
sim_ctl get i915.0 get_if_active pmu_sample
# the failed gets hold nothing: a put has nothing to release
if echo "put i915.0 pmu_sample" > "$WR_SIM_DIR/ctl" 2>/dev/null; then
	fail "the simulated driver held a wakeref after a failed get"
fi
cp "$WR_SIM_DIR/owners" oracle.txt
wakeref_stop || fail "wakeref exited with rc=$?"

compare_owners oracle.txt /tmp/wakeref.out
assert_match oracle.txt '^stats wakeref-sim-i915\.0 gets=0 failed_gets=2 puts=0' "oracle: 2 failed gets"
assert_match /tmp/wakeref.out '^device wakeref-sim-i915\.0 driver=i915 count=0 .* gets=0 puts=0 failed_gets=2 ' \
	"wakeref: 2 failed conditional gets, no owner"
wait_runtime_status wakeref-sim-i915.0 suspended 500 && pass "device still suspended"
sim_unload
test_end
