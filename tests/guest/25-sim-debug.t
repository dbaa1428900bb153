#!/bin/sh
# The debug-runtime-PM build (SIM_DEBUG_RPM=1): every get returns a cookie of
# its own and the sites release through intel_runtime_pm_put(cookie); the
# shipping build returns INTEL_WAKEREF_DEF for all, whose value depends on
# the kernel (intel_wakeref_def).
. /lib/wakeref/lib.sh

I=wakeref-sim-i915.0
O=$WR_SIM_DIR/oracle
cookies() { grep '^Owner ' "$O" | tr ' ' '\n' | sed -n 's/^cookie=//p'; }

sim_load || test_end
sim_ctl get i915.0 get gem_fault n=3
assert_eq "$(cookies | sort -u | wc -l)" 1 "shipping build: one cookie for all"
DEF=$(intel_wakeref_def)
assert_eq "$(cookies | head -n 1)" "$DEF" "shipping build: INTEL_WAKEREF_DEF on $(uname -r)"
grep -q ' intel_runtime_pm_put$' /proc/kallsyms && fail "shipping build has intel_runtime_pm_put"
sim_unload

sim_load_debug || test_end
grep -Eq ' [Tt] intel_runtime_pm_put\s+\[wakeref_sim\]' /proc/kallsyms &&
	pass "debug build: intel_runtime_pm_put is a function" ||
	fail "debug build: no function intel_runtime_pm_put [wakeref_sim] in kallsyms"
assert_match "$WR_SIM_DIR/ctl" '^put kinds i915: unchecked raw tracked$' "put kind 'tracked'"
sim_ctl get i915.0 get gem_fault n=3
sim_ctl get i915.0 get_raw hotplug_work
sim_ctl display_get i915.0 pipe_a atomic_commit
sim_ctl get i915.0 get_if_in_use pmu_sample ctx=irq
assert_eq "$(cookies | wc -l)" 6 "six owners"
assert_eq "$(cookies | sort -u | wc -l)" 6 "six distinct cookies"
cookies | grep -Eqx "0x0|$DEF" && fail "a cookie is 0 or INTEL_WAKEREF_DEF ($DEF)"
# tracked puts hand each cookie back: no "Unmatched wakeref" assert
sim_ctl put i915.0 gem_fault n=2
sim_ctl put i915.0 hotplug_work
sim_ctl display_put i915.0 pipe_a atomic_commit
sim_ctl put i915.0 pmu_sample ctx=irq
sim_ctl put i915.0 gem_fault unchecked
sim_owners_has "^device $I driver=i915 count=0 wakeref_count=0 " "all released"
sim_owners_has "^stats $I gets=6 failed_gets=0 puts=6 .* asserts=0$" "every cookie matched"
# a GT and an async put with tracked cookies
sim_ctl gt_get i915.0 guc_submit
sim_ctl gt_put i915.0 guc_submit
wait_owners "^async_put $I pending=0$" 4000 "GT parked and flushed"
sim_owners_has "^device $I driver=i915 count=0 wakeref_count=0 " "nothing left"
sim_owners_has "^stats $I .* asserts=0$" "still no unmatched cookie"
sim_ctl bench i915.0 pmu_sample n=100
assert_match "$WR_SIM_DIR/bench" '^bench dev=wakeref-sim-i915\.0 pairs=100 ' "bench in the debug build"
sim_owners_has "^stats $I .* asserts=0$" "bench puts its cookies"
wait_runtime_status $I suspended 2000 && pass "suspends"
sim_unload
test_end
