#!/bin/sh
# timeout: 120
# top on a machine stuck before attach lists every bound GPU with the
# driver's count and what was held before; ci without a GPU driver runs the
# command and returns its status (--require-gpu: an error, not run).
. /lib/wakeref/lib.sh

# no driver: nothing to trace, the command still runs
/bin/wakeref ci --settle 1 -- sh -c 'touch /tmp/ci-ran; exit 5' > ci-none.out 2> ci-none.err
assert_eq "$?" 5 "ci without a GPU driver: the command's status"
assert_eq "$([ -f /tmp/ci-ran ] && echo ran)" ran "ci without a GPU driver: the command ran"
assert_match ci-none.err 'no GPU is bound to i915 or xe .*nothing traced' "ci without a GPU driver: says nothing is traced"
rm -f /tmp/ci-ran
/bin/wakeref ci --require-gpu -- sh -c 'touch /tmp/ci-ran' > /dev/null 2> ci-req.err
assert_eq "$?" 1 "ci --require-gpu without a GPU driver: an error"
assert_eq "$([ -f /tmp/ci-ran ] && echo ran)" "" "ci --require-gpu: the command did not run"
assert_match ci-req.err 'no GPU is bound to i915 or xe' "ci --require-gpu: says why"

sim_load i915_devs=1 xe_devs=1 || test_end
sim_ctl get i915.0 get leaky_path
sim_ctl get i915.0 get_raw hotplug_work
sleep 1
/bin/wakeref top -i 0.5 -n 2 > top.out 2> top.err
assert_eq "$?" 0 "top -n 2 exits 0"
assert_match top.out '^DEVICE +DRV +STATUS +HELD +BEFORE +TRACED ' "top: the header"
assert_match top.out '^wakeref-sim-i915\.0 +i915 +active +2 +2 +0 ' \
	"top: i915 holds 2, both from before attach, no event needed"
assert_match top.out '^wakeref-sim-xe\.0 +xe +suspended +0 +0 +0 ' "top: the idle xe device is listed too"
sim_unload
test_end
