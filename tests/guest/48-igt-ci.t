#!/bin/sh
# timeout: 180
# wakeref ci names the igt test and subtest during which each leaked
# wakeref was taken: a script writes igt's kernel-log markers to /dev/kmsg
# (the strings of igt_core.c's igt_kmsg() calls) around simulated leaks,
# under wakeref ci --leak-dir.  Each leak must land in the subtest whose
# markers surround it, in the summary and in one file per subtest; the
# oracle says which site each leak is.
. /lib/wakeref/lib.sh

CTL=$WR_SIM_DIR/ctl
sim_load || test_end

cat > /tmp/fake-igt.sh <<EOS
k() { echo "<6>[IGT] \$*" > /dev/kmsg; }
k "fake_pm: executing"
k "fake_pm: starting subtest leak-one"
echo 'get i915.0 get leaky_path' > $CTL
k "fake_pm: finished subtest leak-one, FAIL"
k "fake_pm: starting subtest clean"
echo 'getput i915.0 get gem_fault' > $CTL
k "fake_pm: finished subtest clean, SUCCESS"
k "fake_pm: starting subtest dyn"
k "fake_pm: starting dynamic subtest pipe-A"
echo 'get i915.0 get_raw hotplug_work' > $CTL
k "fake_pm: finished subtest pipe-A, FAIL"
k "fake_pm: finished subtest dyn, FAIL"
k "fake_pm: exiting, ret=1"
echo 'get i915.0 get gem_fault' > $CTL
EOS

rm -rf /tmp/leaks
/bin/wakeref ci --settle 1 --leak-dir /tmp/leaks -- sh /tmp/fake-igt.sh > ci.out 2> ci.err
assert_eq "$?" 3 "ci: the leaks keep the GPU awake"
sed 's/^/    | /' ci.out | tail -n 8
assert_match ci.out '^ *1  fake_pm@leak-one: FAIL$' "summary: one leak in leak-one"
assert_match ci.out '^ *1  fake_pm@dyn@pipe-A: FAIL$' "summary: one in the dynamic subtest"
assert_match ci.out '^ *1  \(outside every test\)$' "summary: one after the test exited"
grep -q 'fake_pm@clean' ci.out && fail "summary: the balanced subtest has a leak"
assert_match /tmp/leaks/fake_pm@leak-one.txt 'wakeref taken by sim_leaky_path ' \
	"leak file of leak-one: sim_leaky_path"
assert_match /tmp/leaks/fake_pm@dyn@pipe-A.txt 'wakeref taken by sim_hotplug_work ' \
	"leak file of dyn@pipe-A: sim_hotplug_work"
assert_match /tmp/leaks/none.txt 'wakeref taken by sim_gem_fault ' \
	"outside every test: sim_gem_fault"
[ -e /tmp/leaks/fake_pm@clean.txt ] && fail "a leak file for the balanced subtest"
for f in leaky_path hotplug_work gem_fault; do
	grep -q "^owner wakeref-sim-i915.0 sim_$f 1\$" "$WR_SIM_DIR/owners" ||
		fail "the oracle does not hold sim_$f"
done
assert_eq "$(ls /tmp/leaks | wc -l)" 3 "three leak files, one per span with a leak"
sim_ctl reset

# the README's --hook recipe, called as igt calls a hook: sh -c HOOK with
# IGT_HOOK_* set, after each subtest; the daemon answers what is held then
HOOK='wakeref dump -f owners > "$IGT_RUNNER_ATTACHMENTS_DIR/$IGT_HOOK_TEST_FULLNAME.wakeref"'
daemon_start --no-persist || test_end
export IGT_RUNNER_ATTACHMENTS_DIR=/tmp/attach
mkdir -p $IGT_RUNNER_ATTACHMENTS_DIR
hook() {
	IGT_HOOK_EVENT=$1 IGT_HOOK_TEST=fake_pm IGT_HOOK_SUBTEST=$2 IGT_HOOK_DYN_SUBTEST= \
	IGT_HOOK_TEST_FULLNAME=igt@fake_pm@$2 IGT_HOOK_RESULT=$3 PATH=/bin:$PATH sh -c "$HOOK"
}
echo 'getput i915.0 get gem_fault' > $CTL
hook post-subtest clean SUCCESS
echo 'get i915.0 get leaky_path' > $CTL
hook post-subtest leak-one FAIL
kill -TERM $DPID
wait $DPID
/bin/wakeref daemon --detach 2> /dev/null
assert_match /tmp/attach/igt@fake_pm@leak-one.wakeref '^owner wakeref-sim-i915.0 sim_leaky_path 1$' \
	"--hook: after leak-one the daemon names its leak"
grep -q '^owner ' /tmp/attach/igt@fake_pm@clean.wakeref &&
	fail "--hook: an owner after the balanced subtest"
sim_ctl reset
sim_unload
test_end
