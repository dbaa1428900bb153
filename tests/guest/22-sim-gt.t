#!/bin/sh
# The GT wakeref: the first gt_get takes the GT's own wakelock (owned by the
# site) and __gt_unpark takes the GT_IRQ display wakeref (owned by
# __gt_unpark); nested gets and puts are atomics; the last put parks the GT,
# whose async display put keeps a raw ref (owned by __gt_park) for a while
# (100 ms in i915; 1 s here, so the test reads it in time).
. /lib/wakeref/lib.sh

I=wakeref-sim-i915.0
sim_load async_put_delay_ms=1000 || test_end
wait_runtime_status $I suspended 2000 || test_end

sim_ctl gt_get i915.0 guc_submit
sim_owners_has "^gt $I count=1 awake=1$" "unparked"
sim_owners_has "^device $I driver=i915 count=2 wakeref_count=131074 usage_count=2 " \
	"two wakelocks: the GT's and GT_IRQ's"
assert_eq "$(sim_owner_lines $I)" "__gt_unpark=1 sim_guc_submit=1" \
	"GT ref owned by the site, GT_IRQ by __gt_unpark"
sim_owners_has "^display $I gt_irq use_count=1$" "GT_IRQ domain held"

# nested: atomics only, no new reference
sim_ctl gt_get i915.0 engine_retire
sim_owners_has "^gt $I count=2 awake=1$" "nested get counts"
assert_eq "$(sim_owner_lines $I)" "__gt_unpark=1 sim_guc_submit=1" "nested get takes no wakeref"
sim_ctl gt_put i915.0 engine_retire
sim_owners_has "^gt $I count=1 awake=1$" "nested put"

# the last put parks: the GT's wakelock goes, GT_IRQ lingers on a raw ref
sim_ctl gt_put i915.0 guc_submit
sim_owners_has "^gt $I count=0 awake=0$" "parked"
assert_eq "$(sim_owner_lines $I)" "__gt_park=1" "the lingering raw ref is __gt_park's"
sim_owners_has "^device $I driver=i915 count=1 wakeref_count=1 " "one raw reference"
sim_owners_has "^async_put $I pending=1$" "GT_IRQ async put pending"
sim_owners_has "^display $I gt_irq use_count=1$" "GT_IRQ still on"
wait_owners "^async_put $I pending=0$" 4000 "the delayed async put runs"
sim_owners_has "^display $I gt_irq use_count=0$" "GT_IRQ off"
sim_owners_has "^device $I driver=i915 count=0 wakeref_count=0 " "nothing held"
wait_runtime_status $I suspended 2000 && pass "suspends after parking"

# unparking again while the async put is pending grabs GT_IRQ back
sim_ctl gt_get i915.0 guc_submit
sim_ctl gt_put i915.0 guc_submit
sim_owners_has "^async_put $I pending=1$" "parked, async put pending"
sim_ctl gt_get i915.0 hotplug_work
sim_owners_has "^async_put $I pending=0$" "unpark took the pending async put over"
sim_owners_has "^display $I gt_irq use_count=1$" "GT_IRQ counted once"
assert_eq "$(sim_owner_lines $I)" "__gt_unpark=1 sim_hotplug_work=1" \
	"the new first get's site owns the GT ref"

# an async GT put parks from the workqueue
sim_ctl gt_put i915.0 hotplug_work async
wait_owners "^gt $I count=0 awake=0$" 2000 "async put parks the GT"
wait_owners "^async_put $I pending=0$" 4000 "and its display async put runs"
sim_owners_has "^device $I driver=i915 count=0 wakeref_count=0 " "nothing held after async park"
sim_ctl_fails gt_put i915.0 guc_submit
sim_owners_has "^gt $I count=0 awake=0$" "a put of a parked GT is refused"

# reset parks an awake GT and flushes its async put
sim_ctl gt_get i915.0 guc_submit
sim_ctl gt_get i915.0 guc_submit
sim_ctl reset
sim_owners_has "^gt $I count=0 awake=0$" "reset parks the GT"
sim_owners_has "^async_put $I pending=0$" "reset flushes the async put"
sim_owners_has "^device $I driver=i915 count=0 wakeref_count=0 " "reset leaves nothing"
wait_runtime_status $I suspended 2000 && pass "suspends after reset"
sim_owners_has "^stats $I .* asserts=0$" "no assert"
sim_unload
test_end
