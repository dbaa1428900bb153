#!/bin/sh
# The demo's guest side (tools/demo.sh): a simulated i915 whose workload
# leaks one wakeref; wakeref, attached live, names the leaking code path.
. /lib/wakeref/lib.sh

say() { printf '\n==> %s\n' "$*"; }

say "loading the simulated i915 driver (a real runtime-PM device, autosuspend 50 ms)"
sim_load || test_end
wait_runtime_status wakeref-sim-i915.0 suspended 2000 || test_end
echo "runtime_status: $(cat /sys/devices/platform/wakeref-sim-i915.0/power/runtime_status)"

say "wakeref trace: attaching to i915's runtime-PM entry points"
wakeref_start trace || test_end
cat /tmp/wakeref.err

say "workload: GEM faults, GuC submissions, PMU samples, a hotplug worker ... and one forgotten put"
for i in 1 2 3 4 5; do
	sim_ctl getput i915.0 get gem_fault
	sim_ctl getput i915.0 get_if_in_use pmu_sample
done
sim_ctl get i915.0 get guc_submit
sim_ctl get i915.0 get_raw hotplug_work
sim_ctl get i915.0 get display_power_get
sim_ctl put i915.0 hotplug_work
sim_ctl put i915.0 guc_submit
usleep 300000
echo "runtime_status after the workload: $(cat /sys/devices/platform/wakeref-sim-i915.0/power/runtime_status)" \
	"(the device cannot suspend)"

say "Ctrl-C to wakeref: the wakerefs still held, and who took them"
cp "$WR_SIM_DIR/owners" /tmp/oracle.txt
wakeref_stop || fail "wakeref exited with $?"

say "the simulated driver's own record of its owners (the oracle), for comparison"
grep -E '^(owner|stats)' /tmp/oracle.txt
grep -q '^   sim_display_power_get+' /tmp/wakeref.out &&
	pass "wakeref names sim_display_power_get, the path that never put its wakeref" ||
	fail "wakeref does not name sim_display_power_get"
grep -q '^Wakeref count: 1$' /tmp/wakeref.out || fail "expected exactly one leaked wakeref"
sim_unload
test_end
