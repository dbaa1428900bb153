#!/bin/sh
# timeout: 120
# wakeref ci catches a real leak (the device stays active) and passes a clean
# run (the device suspends); wakeref hang reports what was held before it.
. /lib/wakeref/lib.sh

CTL=/sys/kernel/debug/wakeref_sim/ctl
sim_load || test_end

# a leak: exit 3, the report names the holder, the device really is active
/bin/wakeref ci --settle 1 --json /tmp/ci.json -- sh -c "echo 'get i915.0 get leaky_path' > $CTL" \
	> ci-leak.out 2> ci-leak.err
assert_eq "$?" 3 "ci: exit status 3 for a GPU that stays awake"
assert_match ci-leak.err 'wakeref-sim-i915\.0 \(wakeref-sim-i915\): runtime active' "ci: says it is active"
assert_match ci-leak.err '1 GPU\(s\) still awake 1\.0 s after sh ended' "ci: says how long it waited"
assert_match ci-leak.out '^Wakeref count: 1$' "ci: the leak report"
assert_match ci-leak.out '^   sim_leaky_path\+0x' "ci: names the holder"
assert_match /tmp/ci.json '"owner":"sim_leaky_path"' "ci: the JSON report too"
assert_eq "$(cat /sys/devices/platform/wakeref-sim-i915.0/power/runtime_status)" active \
	"the device is really active"
grep -q '^owner wakeref-sim-i915.0 sim_leaky_path 1$' "$WR_SIM_DIR/owners" &&
	pass "the oracle agrees" || fail "the oracle does not hold sim_leaky_path"
sim_ctl reset

# clean: the command's own status, the device suspends
wait_runtime_status wakeref-sim-i915.0 suspended 2000
/bin/wakeref ci --settle 5 -- sh -c "echo 'getput i915.0 get gem_fault' > $CTL; exit 7" \
	> ci-ok.out 2> ci-ok.err
assert_eq "$?" 7 "ci: a clean run exits with the command's status"
assert_match ci-ok.err 'every GPU suspended; sh exited with 7' "ci: says every GPU suspended"
assert_eq "$(grep -c 'taken at' ci-ok.out)" 0 "ci: no report for a clean run"
assert_eq "$(cat /sys/devices/platform/wakeref-sim-i915.0/power/runtime_status)" suspended \
	"the device really suspended"

# bad use
/bin/wakeref ci --settle 1 > /dev/null 2> ci-bad.err
assert_eq "$?" 2 "ci without a command: usage error"
assert_match ci-bad.err 'ci needs a command to run' "ci without a command: says so"

# hang: two wakelocks held before attach, balanced traffic during
sim_ctl get i915.0 get leaky_path
sim_ctl get i915.0 get guc_submit
(i=0; until grep -q '^wakeref: tracing' hang.err 2>/dev/null || [ $i -ge 400 ]; do
	i=$((i + 1)); usleep 50000; done
 echo 'getput i915.0 get pmu_sample' > $CTL) &
/bin/wakeref hang -d 4 > hang.out 2> hang.err
assert_eq "$?" 3 "hang exits 3: the GPU stays awake"
wait
assert_match hang.out '^wakeref-sim-i915\.0 \(wakeref-sim-i915\): cannot suspend: 2 wakerefs held, taken before wakeref attached' \
	"hang: the verdict at attach, before any event"
assert_match hang.out '^  - 2 wakerefs held in i915 \(wakeref_count 0x20002: 2 raw, 2 wakelocks\)$' \
	"hang: the two wakelocks from before, read at once"
assert_match hang.out '^  runtime active, control=auto, PM usage count 2' "hang: the device's PM state"
sim_unload
test_end
