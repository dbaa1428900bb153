#!/bin/sh
# timeout: 240
# Debian's real i915.ko, loaded without a GPU: every function the attach plan
# selects must load (verifier, CO-RE against the real structs) and attach, at
# fentry/fexit in i915's own BTF.
. /lib/wakeref/lib.sh
. /lib/wakeref/lib-real.sh

real_load i915 || test_end
check_attach i915
assert_eq "$(count_fn i915.att i915 'intel_runtime_pm_(get|put)[a-z_]*' 'fentry|fexit')" 7 \
	"the seven i915 runtime-PM entry points, at fentry/fexit in i915"
# i915_pm_suspend at entry and return, both resumes, intel_runtime_pm_driver_release
assert_eq "$(count_phase_rows i915.att i915 'fentry|fexit')" 5 \
	"system sleep and unbind: i915's five programs, at fentry/fexit in i915"
check_display_ops i915.att
check_tails i915 i915 do_sched_disable gen6_alloc_va_range gsc_work guc_context_revoke \
	guc_context_sched_disable guc_log_copy_debuglogs_for_relay i915_ttm_unmap_virtual \
	intel_pxp_resume_complete intel_wedge_me pxp_session_work set_wedged_work
assert_eq "$(count_uf_rows i915.att i915 'fentry|fexit')" 9 \
	"the userfault view's nine programs (eight functions), in i915"
# the userfault lists as they are at attach: read from the PM core's
# pm_runtime_active_time, which a sysfs read of the device triggers
assert_eq "$(grep -c '^vmlinux:pm_runtime_active_time fentry$' i915.att)" 1 \
	"the userfault lists at attach: i915's reader, at fentry in vmlinux"
assert_eq "$(grep -v '^vmlinux:pm_runtime_active_time ' i915.att | grep -vc '^i915:')" 0 \
	"nothing outside i915 but the userfault lists' reader"
check_obj_rows i915 i915
assert_eq "$DOCTOR_RC" 0 "doctor: nothing a report needs is missing"
assert_match i915.json '"function":"intel_runtime_pm_put","role":"put","state":"absent","module":"","mode":"none","why":"not in this build \(debug builds only\)"' \
	"the debug-only put is absent, and that is no loss"
test_end
