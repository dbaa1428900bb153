#!/bin/sh
# timeout: 150
# The GPU SVM view lists every xe device bound, with or without GPU SVM
# activity, as the oracle does ("svm DEV gpusvms=0" per xe device); with
# no xe device it says why it has nothing, never nothing.
. /lib/wakeref/lib.sh
export WAKEREF_FEATURES=svm

sim_load i915_devs=1 xe_devs=2 || test_end
/bin/wakeref svm -d 1 > svm.txt 2> svm.err
assert_eq "$?" 0 "svm exits 0"
for X in wakeref-sim-xe.0 wakeref-sim-xe.1; do
	assert_match "$WR_SIM_DIR/owners" "^svm $X gpusvms=0\$" "the oracle: $X, no GPU SVM"
	assert_match svm.txt "^$X: 0 GPU SVMs \\(0 made, 0 finished since attach" "text: $X listed"
done
if grep -q '^wakeref-sim-i915' svm.txt; then fail "text: i915 has no GPU SVM, yet listed"
else pass "text: i915 not listed"; fi
assert_match svm.txt '^GPU SVM \(drm_gpusvm\): 0 live on 2 devices$' "text: two devices"
assert_match svm.txt '^  checked for: ranges unmapped and not collected' "text: the checks, as checks"
assert_match svm.txt '^GPU SVM anomalies: none$' "text: no anomaly found"
/bin/wakeref svm -j -d 1 > svm.json 2> svm-json.err
assert_match svm.json '"devices":\[\{"device":"wakeref-sim-xe\.0".*\{"device":"wakeref-sim-xe\.1"' \
	"json: both xe devices"
sim_unload

sim_load i915_devs=1 xe_devs=0 || test_end
/bin/wakeref svm -d 1 > none.txt 2> none.err
assert_match none.txt '^svm: nothing to show: no device bound has this state' \
	"no xe device: says why there is nothing"
sim_unload
test_end
