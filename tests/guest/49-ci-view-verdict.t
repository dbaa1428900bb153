#!/bin/sh
# timeout: 180
# ci fails the job (exit 3) when a view finds what keeps a GPU awake, even
# when every GPU suspended: an object a runtime suspend left on i915's
# GGTT userfault list (the sim's buggy drain, userfault_drain_skip).  The
# oracle says the GPU suspended and the object is still listed; ci says so,
# prints the report with the leftover, and says that it is detaching.
. /lib/wakeref/lib.sh
export WAKEREF_FEATURES=owners,userfault

I=wakeref-sim-i915.0
O=$WR_SIM_DIR/owners
SKIP=/sys/module/wakeref_sim/parameters/userfault_drain_skip

sim_load xe_devs=0 userfault_autosuspend_ms=500 || test_end
[ -w "$SKIP" ] || { fail "the sim has no writable $SKIP"; test_end; }
sim_ctl gem_create i915.0 g1 gtt pages=2
simuser_start 0 gem /dev/$I g1 || test_end
echo 1 > "$SKIP"

# ci traces while the test faults g1 in; the suspend that follows leaves it
: > ci.err
/bin/wakeref ci --settle 20 -- sleep 4 > ci.out 2>> ci.err &
CIP=$!
deadline=$(($(_wr_now_ms) + 60000))
until grep -q '^wakeref: tracing' ci.err; do
	[ "$(_wr_now_ms)" -lt "$deadline" ] || { fail "ci not tracing after 60 s"; break; }
	usleep 50000
done
simuser_cmd 0 touch 0 1p
wait_runtime_status $I suspended 6000
wait $CIP
rc=$?
echo 0 > "$SKIP"
sed 's/^/    ! /' ci.err

assert_match "$O" "^device $I driver=i915 .*runtime_status=suspended" "the oracle: i915 suspended"
assert_match "$O" "^userfault $I ggtt obj=0x" "the oracle: g1 still on the GGTT list"
assert_eq "$rc" 3 "ci: exit 3, a userfault object left by the suspend"
assert_match ci.err '^wakeref: 1 anomaly in the userfault and SVM views' "ci: says why"
assert_match ci.out '^  WARNING: 1 object left on a list by runtime suspend' \
	"ci: the report names the leftover"
assert_match ci.err '^wakeref: detaching [0-9]+ programs \.\.\.$' "ci: says that it detaches"

# the same, drained: no anomaly, the command's status; with every view on,
# how long ci takes around a command that does nothing (a figure, not a check)
t0=$(_wr_now_ms)
WAKEREF_FEATURES=all /bin/wakeref ci -v --settle 20 -- sh -c 'exit 4' > ci2.out 2> ci2.err
rc=$?
echo "figure: ci -- sh -c 'exit 4', every view on: $(($(_wr_now_ms) - t0)) ms, of which:"
grep -E ' in [0-9.]+ s$' ci2.err | sed 's/^wakeref: /figure:   /'
echo "figure: the same, --features owners:"
t0=$(_wr_now_ms)
/bin/wakeref ci --features owners --settle 20 -- true > /dev/null 2>&1
echo "figure:   $(($(_wr_now_ms) - t0)) ms"
assert_eq "$rc" 4 "ci: nothing held, nothing left: the command's status"
simuser_end 0
sim_ctl gem_destroy i915.0 g1
sim_unload
test_end
