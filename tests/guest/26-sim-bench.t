#!/bin/sh
# bench: N get + put_unchecked pairs from a site, timed; tracking=debug also
# runs the debug build's tracking per get and put, as the guest kernel's
# i915 does it (ref_tracker from 6.8, the stack-depot owner array before);
# debug-depot and debug-reftracker pick one.
. /lib/wakeref/lib.sh

I=wakeref-sim-i915.0
B=$WR_SIM_DIR/bench
sim_load || test_end
assert_eq "$(cat $B)" "" "no result before a run"

# bench_field FIELD: the number after FIELD= in the bench line
bench_field() { tr ' ' '\n' < $B | sed -n "s/^$1=//p"; }

sim_ctl bench i915.0 pmu_sample n=2000
assert_match $B '^bench dev=wakeref-sim-i915\.0 pairs=2000 ns_total=[1-9][0-9]* ns_per_pair=[1-9][0-9]* tracking=none$' \
	"bench line"
none=$(bench_field ns_per_pair)
assert_eq "$(($(bench_field ns_total) / 2000))" "$none" "ns_per_pair = ns_total / pairs"
sim_owners_has "^stats $I gets=2000 failed_gets=0 puts=2000 " "2000 gets and puts"
sim_owners_has "^device $I driver=i915 count=0 wakeref_count=0 " "balanced"

case $(uname -r) in
6.[0-7].*) era=depot ;;
*) era=reftracker ;;
esac
sim_ctl bench i915.0 pmu_sample n=2000 tracking=debug
assert_match $B "^bench dev=wakeref-sim-i915\\.0 pairs=2000 ns_total=[1-9][0-9]* ns_per_pair=[1-9][0-9]* tracking=debug-$era\$" \
	"tracking=debug: the $era build of $(uname -r)'s era"
for t in depot reftracker; do
	sim_ctl bench i915.0 pmu_sample n=2000 tracking=debug-$t
	assert_match $B "^bench .* tracking=debug-$t\$" "bench line with tracking=debug-$t"
	debug=$(bench_field ns_per_pair)
	if [ "$debug" -gt "$none" ]; then
		pass "debug-$t tracking costs more ($debug ns vs $none ns a pair)"
	else
		fail "debug-$t tracking $debug ns a pair, untracked $none ns"
	fi
	echo "bench: none $none ns/pair, debug-$t $debug ns/pair"
done
sim_ctl bench i915.0 guc_submit
assert_match $B '^bench dev=wakeref-sim-i915\.0 pairs=1000 .* tracking=none$' "default 1000 pairs"
sim_ctl_fails bench i915.0 guc_submit n=0
sim_ctl_fails bench i915.0 guc_submit tracking=full
sim_ctl_fails bench i915.0 guc_submit ctx=timer
sim_owners_has "^device $I driver=i915 count=0 wakeref_count=0 " "nothing held after benches"
sim_owners_has "^stats $I .* asserts=0$" "no assert"
sim_unload
test_end
