#!/bin/sh
# Display power domains: a display get is an rpm wakelock owned by its site
# plus a domain use count; an async put keeps the domain on a raw wakeref,
# still owned by the caller, until its work runs, then the device suspends.
. /lib/wakeref/lib.sh

I=wakeref-sim-i915.0
sim_load || test_end
wait_runtime_status $I suspended 2000 || test_end

sim_ctl display_get i915.0 pipe_a atomic_commit
sim_owners_has "^device $I driver=i915 count=1 wakeref_count=65537 usage_count=1 runtime_status=active$" \
	"display get: one wakelock (1 + BIAS)"
sim_owners_has "^display $I pipe_a use_count=1$" "pipe_a counted"
assert_eq "$(sim_owner_lines $I)" "sim_atomic_commit=1" "owned by the site"

# get_if_enabled: pipe_a is on, aux_a is off (its rpm wakelock is given back)
sim_ctl display_get_if_enabled i915.0 pipe_a hotplug_work
sim_ctl display_get_if_enabled i915.0 aux_a hotplug_work
sim_owners_has "^display $I pipe_a use_count=2$" "get_if_enabled of an enabled domain counts"
sim_owners_has "^display $I aux_a use_count=0$" "get_if_enabled of a disabled domain does not"
assert_eq "$(sim_owner_lines $I)" "sim_atomic_commit=1 sim_hotplug_work=1" "one more owner"
sim_owners_has "^stats $I gets=3 failed_gets=0 puts=1 " "the disabled domain's wakelock went back"
sim_ctl_fails display_put i915.0 aux_a hotplug_work
sim_ctl display_put i915.0 pipe_a hotplug_work
sim_owners_has "^display $I pipe_a use_count=1$" "display_put drops the count"

# async put: the caller's wakelock goes at once, a raw ref it owns stays
sim_ctl display_put_async i915.0 pipe_a atomic_commit delay_ms=1500
sim_owners_has "^device $I driver=i915 count=1 wakeref_count=1 usage_count=1 " \
	"async put: only a raw reference left"
assert_eq "$(sim_owner_lines $I)" "sim_atomic_commit=1" "the raw ref is the caller's"
sim_owners_has "^async_put $I pending=1$" "async put pending"
sim_owners_has "^display $I pipe_a use_count=1$" "the domain stays on meanwhile"
assert_match "$WR_SIM_DIR/oracle" '^Owner id=[0-9]+ func=sim_atomic_commit holder=driver what=async_put unit=raw ' \
	"oracle: the driver holds it, raw"
usleep 200000
wait_runtime_status $I active 0 && pass "the pending async put keeps the device active"
wait_owners "^async_put $I pending=0$" 4000 "the work runs"
sim_owners_has "^display $I pipe_a use_count=0$" "the work drops the domain"
sim_owners_has "^device $I driver=i915 count=0 wakeref_count=0 " "and the raw ref"
wait_runtime_status $I suspended 2000 && pass "then the device suspends"
# gets: display_get, 2 get_if_enabled, async raw, the work's own raw, and
# the wakelock the work takes around dropping the domain
sim_owners_has "^stats $I gets=6 failed_gets=0 puts=6 suspends=2 resumes=1 asserts=0$" \
	"balanced, no assert"

# a get of a pending domain takes the async put over (no double count)
sim_ctl display_get i915.0 aux_b atomic_commit
sim_ctl display_put_async i915.0 aux_b atomic_commit delay_ms=5000
sim_ctl display_get i915.0 aux_b hotplug_work
sim_owners_has "^async_put $I pending=0$" "the get cancelled the async put"
sim_owners_has "^display $I aux_b use_count=1$" "and kept its use count"
sim_owners_has "^device $I driver=i915 count=1 wakeref_count=65537 " "only the new wakelock"
assert_eq "$(sim_owner_lines $I)" "sim_hotplug_work=1" "owned by the new caller"
sim_ctl display_put i915.0 aux_b hotplug_work

# two async puts while one is pending: the second rides on the first's work
sim_ctl display_get i915.0 pipe_a atomic_commit
sim_ctl display_get i915.0 pipe_b atomic_commit
sim_ctl display_put_async i915.0 pipe_a atomic_commit delay_ms=5000
sim_ctl display_put_async i915.0 pipe_b atomic_commit delay_ms=5000
sim_owners_has "^device $I driver=i915 count=1 wakeref_count=1 " "one raw ref for both"
# flush does the work's job now
sim_ctl display_flush i915.0
sim_owners_has "^async_put $I pending=0$" "flushed"
sim_owners_has "^display $I pipe_a use_count=0$" "pipe_a released by the flush"
sim_owners_has "^display $I pipe_b use_count=0$" "pipe_b released by the flush"
sim_owners_has "^device $I driver=i915 count=0 wakeref_count=0 " "nothing held"
wait_runtime_status $I suspended 2000 && pass "suspends after the flush"
sim_owners_has "^stats $I .* asserts=0$" "no assert"
sim_ctl_fails display_get i915.0 no_such_domain atomic_commit
sim_unload
test_end
