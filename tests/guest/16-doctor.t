#!/bin/sh
# wakeref doctor: one row per attach point, checked against what is loaded.
. /lib/wakeref/lib.sh

/bin/wakeref doctor > none.txt
assert_eq "$?" 0 "no driver loaded: nothing a report needs is missing"
assert_match none.txt '^i915 +intel_runtime_pm_get +absent +- +none +not in any loaded module$' \
	"absent functions say so"

sim_load || test_end
/bin/wakeref doctor > sim.txt
assert_eq "$?" 0 "simulated driver: every function a report needs is there"
for f in get get_raw get_if_in_use get_if_active get_noresume put_unchecked put_raw; do
	assert_match sim.txt "^i915 +intel_runtime_pm_$f +present +wakeref_sim +f(entry|exit) " \
		"intel_runtime_pm_$f found in wakeref_sim"
done
assert_match sim.txt '^i915 +intel_runtime_pm_put +absent .*debug builds only' \
	"the debug-only put is not a loss"
/bin/wakeref doctor -j > sim.json
assert_eq "$(grep -c '' sim.json)" 1 "json: one document"
assert_match sim.json '\{"driver":"i915","function":"intel_runtime_pm_get","role":"get","state":"present","module":"wakeref_sim","mode":"fexit",' \
	"json: a present row"
assert_match sim.json '"missing":0,' "json: nothing missing"
assert_match sim.json '"fast_unwinder":\{"available":true\}\}$' "json: the fast unwinder can run"
assert_match sim.txt '^fast unwinder: available ' "the fast unwinder can run (ORC tables, kcore)"
sim_unload
test_end
