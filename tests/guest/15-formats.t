#!/bin/sh
# timeout: 150
# Every output format reports the same leak as the oracle, live.
. /lib/wakeref/lib.sh

leak_run() {	# leak_run FORMAT: 2 gets, 1 put under wakeref -f FORMAT
	wakeref_start trace -f "$1" || return 1
	sim_ctl get i915.0 get leaky_path
	sim_ctl get i915.0 get_raw gem_fault
	sim_ctl put i915.0 gem_fault
	grep '^owner ' "$WR_SIM_DIR/owners" > oracle.txt
	wakeref_stop || fail "wakeref -f $1 exited with $?"
	cp /tmp/wakeref.out "out.$1"
}

sim_load || test_end

leak_run json
assert_eq "$(cat oracle.txt)" "owner wakeref-sim-i915.0 sim_leaky_path 1" "oracle: one leak"
assert_eq "$(grep -c '' out.json)" 1 "json: one document on one line"
assert_match out.json '^\{"version":1,"devices":\[\{"device":"wakeref-sim-i915\.0","driver":"i915",.*"count":1,"gets":2,"puts":1,' \
	"json: device, count 1, 2 gets, 1 put"
assert_match out.json '"owners":\[\{"count":1,"owner":"sim_leaky_path","via":"intel_runtime_pm_get","pairing":"same-function","kind":"wakelock"' \
	"json: the oracle's owner"
assert_match out.json '"loss":\{"events":3,"ringbuf_drops":0,"recursion_misses":0,' "json: losses"

leak_run jsonl
assert_eq "$(grep -c '^{"type":"get",' out.jsonl)" 2 "jsonl: two get events streamed"
assert_eq "$(grep -c '^{"type":"put",.*"pairing":"same-function"' out.jsonl)" 1 \
	"jsonl: one put event, paired same-function"
assert_match out.jsonl '^\{"type":"owner","device":"wakeref-sim-i915\.0","count":1,"owner":"sim_leaky_path"' \
	"jsonl: the owner record"
assert_eq "$(grep -vc '^{.*}$' out.jsonl)" 0 "jsonl: nothing but JSON objects, one a line"

leak_run folded
assert_match out.folded '^wakeref-sim-i915\.0;.*;sim_leaky_path \[wakeref_sim\];intel_runtime_pm_get \[wakeref_sim\] 1$' \
	"folded: root to leaf, weighted by owners"
assert_eq "$(grep -c '' out.folded)" 1 "folded: one stack"

leak_run perfetto
assert_match out.perfetto '"traceEvents":\[' "perfetto: trace events"
assert_match out.perfetto '\{"name":"sim_leaky_path","cat":"wakeref","ph":"X",.*"paired":"still held"' \
	"perfetto: the leak as a slice still held"
assert_match out.perfetto '\{"name":"sim_gem_fault","cat":"wakeref","ph":"X",.*"paired":"same-function"' \
	"perfetto: the released one as an ended slice"
assert_match out.perfetto '"ph":"C",.*"outstanding":1' "perfetto: the count track"
sim_unload
test_end
