#!/bin/sh
# timeout: 120
# A machine stuck before wakeref attached, idle since: hang answers at once
# from the driver's own count (no event needed), in text and JSON, exit 3;
# the counts are the oracle's.
. /lib/wakeref/lib.sh

sim_load i915_devs=1 xe_devs=1 || test_end
I=wakeref-sim-i915.0
X=wakeref-sim-xe.0
sim_ctl get i915.0 get leaky_path
sim_ctl get i915.0 get_raw hotplug_work
sim_ctl get xe.0 xe_get xe_exec
sleep 1

# the oracle's counts: i915 wakeref_count=0x10002 (2 raw, 1 wakelock)
assert_match "$WR_SIM_DIR/oracle" "^$I \\(i915\\): wakeref_count=0x10002 raw=2 wakelocks=1 .* usage_count=2 runtime_status=active" \
	"the oracle: two held on i915, one a wakelock"
assert_match "$WR_SIM_DIR/oracle" "^$X \\(xe\\):.* usage_count=1 runtime_status=active" "the oracle: one held on xe"

/bin/wakeref hang -d 1 > hang.out 2> hang.err
assert_eq "$?" 3 "hang: exit 3, GPUs stay awake"
assert_match hang.out "^$I \\(wakeref-sim-i915\\): cannot suspend: 2 wakerefs held, taken before wakeref attached: owner unknown\$" \
	"hang: i915's verdict, without an event"
assert_match hang.out '^  - 2 wakerefs held in i915 \(wakeref_count 0x10002: 2 raw, 1 wakelocks\)$' \
	"hang: i915's packed count split"
assert_match hang.out "^$X \\(wakeref-sim-xe\\): cannot suspend: 1 wakeref held" "hang: xe's verdict"
assert_match hang.out '^  - 1 wakeref held in xe \(PM usage count 1\)$' "hang: xe's reason"
assert_match hang.out '^  runtime active, control=auto, PM usage count 2, autosuspend delay 50 ms' \
	"hang: i915's PM state"
if grep -q "no runtime-PM event since attach" hang.out; then
	fail "hang: still says it must wait for an event"
else
	pass "hang: does not wait for an event"
fi

/bin/wakeref hang -d 1 -f json > hang.json 2> hang-json.err
assert_eq "$?" 3 "hang -f json: exit 3"
assert_eq "$(grep -c '' hang.json)" 1 "hang -f json: one line"
assert_match hang.json '^\{"version":1,"gpus":\[\{"device":"wakeref-sim-i915\.0",.*\}\}$' \
	"hang -f json: one document, the GPUs first"
assert_match hang.json '"can_suspend":false,"verdict":"cannot suspend: 2 wakerefs held' "hang -f json: the verdict"
assert_match hang.json '"driver_count":\{"packed":65538,"raw":2,"wakelocks":1\},"held":2,' \
	"hang -f json: i915's count split, as the oracle's"
assert_match hang.json '"device":"wakeref-sim-xe\.0",.*"driver_count":1,"held":1,' "hang -f json: xe's count"

# --device: that GPU's verdict only
/bin/wakeref hang -d 0 -f json --device $X > hang-x.json 2> hang-x.err
assert_eq "$?" 3 "hang --device: exit 3, xe stays awake"
assert_match hang-x.json '^\{"version":1,"gpus":\[\{"device":"wakeref-sim-xe\.0",' "hang --device: xe's verdict"
if grep -q "$I" hang-x.json; then fail "hang --device $X: i915 is in the report"
else pass "hang --device: i915 left out"; fi

# power/control=on: one more reason, its own line
echo on > /sys/devices/platform/$I/power/control
/bin/wakeref hang -d 0 > hang-on.out 2>&1
assert_match hang-on.out '^  - runtime PM forbidden: power/control is "on"' "hang: control=on is a reason"
echo auto > /sys/devices/platform/$I/power/control

# released: the GPUs suspend, hang exits 0
sim_ctl reset
wait_runtime_status $I suspended 3000
wait_runtime_status $X suspended 3000
/bin/wakeref hang -d 0 > hang-ok.out 2> hang-ok.err
assert_eq "$?" 0 "hang: exit 0 when every GPU suspends"
assert_match hang-ok.out "^$I \\(wakeref-sim-i915\\): suspended\$" "hang: says suspended"
sim_unload
test_end
