#!/bin/sh
# wakeref top: the live view shows the held wakeref, its owner and state.
. /lib/wakeref/lib.sh

sim_load || test_end
/bin/wakeref top -i 1 -n 4 > top.out 2> top.err &
TPID=$!
i=0
until grep -q '^wakeref: tracing' top.err; do
	i=$((i + 1)); [ $i -lt 600 ] || { fail "top not ready: $(cat top.err)"; test_end; }
	usleep 50000
done
sim_ctl get i915.0 get leaky_path
sim_ctl getput i915.0 get gem_fault n=5
wait $TPID
assert_eq "$?" 0 "top -n 4 exits 0 by itself"
assert_eq "$(grep -c '^wakeref top - ' top.out)" 4 "four refreshes"
assert_match top.out '^DEVICE +DRV +STATUS +HELD +BEFORE +TRACED +GETS/s +PUTS/s +OLDEST +OLDEST OWNER$' "the header"
assert_match top.out '^wakeref-sim-i915\.0 +i915 +active +1 +0 +1 +[0-9.]+ +[0-9.]+ +[0-9.]+s +sim_leaky_path$' \
	"the device: active, one held by sim_leaky_path"
sim_unload
test_end
