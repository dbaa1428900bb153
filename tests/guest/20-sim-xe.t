#!/bin/sh
# The simulated xe device against the PM core: every xe get variant holds
# one unit of the PM usage count, owned by its site; failed conditional gets
# hold nothing; a leak keeps the device active, balanced puts let it suspend.
. /lib/wakeref/lib.sh

X=wakeref-sim-xe.0
usage_file=/sys/devices/platform/$X/power/runtime_usage

sim_load xe_devs=1 || test_end
assert_eq "$(grep '^device ' "$WR_SIM_DIR/owners" | cut -d' ' -f2 | tr '\n' ' ')" \
	"wakeref-sim-i915.0 $X " "both devices listed, sorted"
wait_runtime_status $X suspended 2000 || test_end
sim_owners_has "^device $X driver=xe count=0 wakeref_count=0 usage_count=0 runtime_status=suspended$" \
	"idle xe device: nothing held"

# conditional gets on a suspended device fail and hold nothing
sim_ctl get xe.0 xe_get_if_active xe_exec
sim_ctl get xe.0 xe_get_if_in_use xe_exec
sim_owners_has "^stats $X gets=0 failed_gets=2 puts=0 suspends=1 resumes=0 asserts=0$" \
	"two failed conditional gets, counted"
sim_ctl_fails put xe.0 xe_exec
wait_runtime_status $X suspended 200 && pass "still suspended after failed gets"

# every variant that holds: resume_and_get/get/get_ioctl resume the device
sim_ctl get xe.0 xe_resume_and_get xe_ioctl
sim_ctl get xe.0 xe_get xe_exec
sim_ctl get xe.0 xe_get_ioctl xe_ioctl
sim_ctl get xe.0 xe_get_if_in_use gem_fault
sim_ctl get xe.0 xe_get_if_active gem_fault
sim_ctl get xe.0 xe_get_noresume leaky_path
sim_owners_has "^device $X driver=xe count=6 wakeref_count=6 usage_count=6 runtime_status=active$" \
	"six held = PM usage count 6"
assert_eq "$(sim_owner_lines $X)" \
	"sim_gem_fault=2 sim_leaky_path=1 sim_xe_exec=1 sim_xe_ioctl=2" "owners by site, sorted"
[ -f "$usage_file" ] && assert_eq "$(cat $usage_file)" 6 "sysfs runtime_usage agrees"
assert_match "$WR_SIM_DIR/oracle" '^Owner id=[0-9]+ func=sim_xe_ioctl holder=sim_xe_ioctl what=xe_get_ioctl unit=xe ' \
	"oracle names the variant and the xe unit"
# an xe device has no i915 state lines
sim_owners_lacks "^(display|gt|async_put) $X " "no display/gt lines for xe"

# balanced except one leak, with the default put and put kind "xe"
sim_ctl put xe.0 xe_ioctl
sim_ctl put xe.0 xe_ioctl xe
sim_ctl put xe.0 xe_exec
sim_ctl put xe.0 gem_fault n=2
sim_owners_has "^device $X driver=xe count=1 wakeref_count=1 usage_count=1 " "one left"
assert_eq "$(sim_owner_lines $X)" "sim_leaky_path=1" "the leak, by its site"
usleep 300000
wait_runtime_status $X active 0 && pass "the leak keeps the xe device active past autosuspend"
sim_ctl put xe.0 leaky_path
wait_runtime_status $X suspended 2000 && pass "balanced: the xe device suspends"
sim_owners_has "^stats $X gets=6 failed_gets=2 puts=6 suspends=2 resumes=1 asserts=0$" \
	"6 gets, 6 puts, one more suspend, no assert"

# get_noresume with no outer reference: xe would WARN, an assert here
sim_ctl get xe.0 xe_get_noresume leaky_path
sim_owners_has "^stats $X .* asserts=1$" "unprotected get_noresume is an assert"
sim_ctl put xe.0 leaky_path
# i915 commands are refused on an xe device, xe variants on an i915 one
sim_ctl_fails gt_get xe.0 gem_fault
sim_ctl_fails get i915.0 xe_get gem_fault
sim_ctl_fails put i915.0 gem_fault xe
sim_unload
test_end
