#!/bin/sh
# Debug builds return real cookies and have intel_runtime_pm_put: wakeref
# pairs by cookie there and says so; its owners equal the oracle's.
. /lib/wakeref/lib.sh

sim_load_debug || test_end
/bin/wakeref doctor -v > doctor.txt
assert_match doctor.txt '^i915 +intel_runtime_pm_put +present +wakeref_sim +fentry' \
	"doctor: the debug build's intel_runtime_pm_put is there"
wakeref_start trace || test_end
sim_ctl get i915.0 get gem_fault
sim_ctl get i915.0 get leaky_path
sim_ctl get i915.0 get_raw hotplug_work
sim_ctl get i915.0 get gem_fault ctx=task:worker
sim_ctl put i915.0 gem_fault
sim_ctl put i915.0 hotplug_work
cp "$WR_SIM_DIR/owners" oracle.txt
wakeref_stop || fail "wakeref exited with $?"
R=/tmp/wakeref.out
assert_match $R '^wakeref-sim-i915\.0: i915 runtime PM, 4 gets, 2 puts \(2 exact, 0 object, 0 same-function, 0 declared, 0 learned, 0 fallback\)' \
	"both puts paired by cookie"
assert_match $R '^  pairing by cookie: this kernel returns real cookies \(debug build\)$' "and it says so"
assert_match $R 'paired: exact\)$' "owners marked exact"
awk '/^Wakeref x[0-9]+ taken at:/ { n = substr($2, 2); want = 1; next }
     want && /^   / && $1 !~ /^intel_runtime_pm_/ { sub(/\+.*/, "", $1); c[$1] += n; want = 0 }
     END { for (f in c) print "owner wakeref-sim-i915.0", f, c[f] }' $R | sort > got.txt
grep '^owner ' oracle.txt | sort > want.txt
if cmp -s want.txt got.txt; then
	pass "owners equal the oracle's: $(tr '\n' ';' < got.txt)"
else
	fail "owners differ from the oracle's"
	diff want.txt got.txt | sed 's/^/    /'
fi
sim_unload
test_end
