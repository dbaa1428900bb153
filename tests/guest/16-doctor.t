#!/bin/sh
# wakeref doctor: one row per attach point, checked against what is loaded.
. /lib/wakeref/lib.sh

/bin/wakeref doctor -v > none.txt
assert_eq "$?" 1 "no driver loaded: nothing can be traced, exit 1"
assert_match none.txt '^i915 +intel_runtime_pm_get +absent +- +none +not in any loaded module$' \
	"-v: absent functions say so"
/bin/wakeref doctor > none-short.txt
assert_eq "$(sed -n 1p none-short.txt)" "wakeref doctor: cannot trace: neither i915 nor xe is loaded (none of their functions is in the kernel)" \
	"no driver loaded: the verdict first, naming both drivers"
assert_match none-short.txt '^  what to do: load the GPU.s driver \(modprobe i915, or modprobe xe\)' \
	"no driver loaded: what to do"
assert_eq "$(grep -c ' absent ' none-short.txt)" 0 "without -v: no row per function"

sim_load || test_end
/bin/wakeref doctor -v > sim.txt
assert_eq "$?" 0 "simulated driver: every function a report needs is there"
assert_match sim.txt '^wakeref doctor: can trace: every function a report needs \(i915 [0-9]+ of [0-9]+' \
	"simulated driver: the verdict says it can trace"
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
assert_match sim.json '^\{"verdict":\{"can_trace":true,"complete":true,"summary":"can trace: ' "json: the verdict first"
assert_match sim.json '"fast_unwinder":\{"available":true\}\}$' "json: the fast unwinder can run"
assert_match sim.txt '^fast unwinder: available ' "the fast unwinder can run (ORC tables, kcore)"
sim_unload
test_end
