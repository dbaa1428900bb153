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

# ref_tracker: the debug build publishes its own tracking as a 6.17+ kernel
# does, /sys/kernel/debug/ref_tracker/intel_runtime_pm@<%p>, linked as
# intel_runtime_pm-<device>; --compare-ref-tracker must find every
# difference with it.  The negative control: a wakeref taken before wakeref
# attached, which only the driver knows, must be reported.
RT=/sys/kernel/debug/ref_tracker
RL=$RT/intel_runtime_pm-$I
# rt_users FILE: M of its "has N/M users at" headers (0: none)
rt_users() { sed -n 's/^intel_runtime_pm@[0-9a-f]* has [0-9]*\/\([0-9]*\) users at$/\1/p' "$1" |
	sort -u | sed -n '$p' | grep . || echo 0; }
# held: the oracle's runtime-PM owners, the trackers the driver must hold
held() { grep -Ec "^Owner .* unit=(wakelock|raw) " "$O"; }
sim_load_debug || test_end
T=$(readlink "$RL")
case $T in
intel_runtime_pm@[0-9a-f]*) pass "$RL links to $T" ;;
*) fail "no link $RL to intel_runtime_pm@<pointer>: '$T'" ;;
esac
[ -f "$RT/$T" ] && [ ! -s "$RL" ] && pass "nothing held: the file is empty" ||
	fail "$RT/$T: not an empty file with nothing held"
sim_ctl get i915.0 get hotplug_work		# before wakeref: only the driver knows it
wakeref_start trace --compare-ref-tracker || test_end
sim_ctl get i915.0 get leaky_path n=2
sim_ctl get i915.0 get_raw gem_fault
sim_ctl display_get i915.0 pipe_a atomic_commit
sim_ctl get i915.0 get pmu_sample ctx=wq
sed 's/^/    = /' "$RL"
assert_eq "$(rt_users "$RL")" "$(held)" "the file's users: the oracle's $(held) owners"
grep -A8 ' has 2/[0-9]* users at$' "$RL" | grep -q '^     sim_leaky_path+0x' &&
	pass "the file: sim_leaky_path's two, five spaces before each frame" ||
	fail "the file: no 'has 2/M users at' block with sim_leaky_path"
wakeref_stop || fail "wakeref trace exited with rc=$?"
W=/tmp/wakeref.out
M=$(held)
assert_match $W "^ref_tracker $I: the kernel tracks $M, wakeref holds $((M - 1)): 1 difference \\($RL\\)\$" \
	"compared: $M tracked, $((M - 1)) traced, one difference"
assert_match $W "^  kernel 1, wakeref 0: sim_hotplug_work\\+0x" \
	"the wakeref taken before tracing is the difference"
assert_match $W "^  \\(the driver held 1 before tracing began" "said to be held before tracing"
[ "$(grep -c '^  kernel [0-9]*, wakeref [0-9]*: ' $W)" = 1 ] &&
	pass "no other difference: leaky_path x2, raw, display, work agree" ||
	fail "differences beside the negative control"
# everything released: the driver's file empties; then all taken while
# wakeref traces: no difference
sim_ctl put i915.0 hotplug_work
sim_ctl put i915.0 leaky_path n=2
sim_ctl put i915.0 gem_fault raw
sim_ctl display_put i915.0 pipe_a atomic_commit
sim_ctl put i915.0 pmu_sample ctx=wq
[ ! -s "$RL" ] && pass "all put: the file is empty" || fail "trackers left after every put"
wakeref_start trace --compare-ref-tracker="$RL" || test_end
sim_ctl get i915.0 get leaky_path
sim_ctl display_get i915.0 pipe_a atomic_commit
M=$(held)
wakeref_stop || fail "wakeref trace exited with rc=$?"
assert_match $W "^ref_tracker $I: the kernel tracks $M, wakeref holds $M: no difference \\($RL\\)\$" \
	"all traced: no difference ($M)"
sim_ctl put i915.0 leaky_path
sim_ctl display_put i915.0 pipe_a atomic_commit
sim_unload
[ ! -e "$RL" ] && [ ! -e "$RT/$T" ] && pass "unload removes the file and its link" ||
	fail "$RL or $RT/$T left after unload"
test_end
