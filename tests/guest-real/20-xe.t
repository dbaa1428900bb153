#!/bin/sh
# timeout: 240
# Debian's real xe.ko (6.12+) with its chain, drm_gpusvm_helper.ko included
# on 6.17+: every selected function attaches at fentry/fexit in xe's BTF.
. /lib/wakeref/lib.sh
. /lib/wakeref/lib-real.sh

real_expect xe || test_end
real_load xe || test_end
real_expect drm_gpusvm_helper
if real_has drm_gpusvm_helper; then
	real_load drm_gpusvm_helper
	grep -qx 'drm_gpusvm_helper.ko' "$WR_REAL/order-xe" &&
		pass "drm_gpusvm_helper is in xe's chain" ||
		fail "drm_gpusvm_helper.ko is not in xe's module chain (order-xe)"
fi
check_attach xe
assert_eq "$(grep -c '^vmlinux:pm_runtime_active_time fentry$' xe.att)" 1 \
	"the userfault list at attach: xe's reader, at fentry in vmlinux"
assert_eq "$(count_fn xe.att xe "$WR_XE_RPM_FUNCS" 'fentry|fexit')" 7 \
	"the seven xe runtime-PM entry points, at fentry/fexit in xe"
assert_eq "$(count_uf_rows xe.att xe 'fentry|fexit')" 6 \
	"the userfault view's six programs (one fault handler of xe_gem_fault/xe_bo_cpu_fault), in xe"
# GPU SVM (6.17+): drm_gpusvm_helper, xe's SVM callbacks, the MM's interval notifier calls
svm_rows='^(drm_gpusvm_helper:|vmlinux:mmu_interval_notifier_(insert|remove) |xe:_*xe_svm_)'
assert_eq "$(grep -vE "^xe:(xe_pm_runtime_[^ ]+|$WR_UF_FUNCS|$WR_OBJ_FUNCS|$WR_PHASE_FUNCS) " \
	     xe.att | grep -v '^vmlinux:pm_runtime_active_time ' | grep -vcE "$svm_rows")" 0 \
	"nothing outside xe but the userfault view (its lists' reader too), GPU SVM, the object and phase rows"
# xe_pm_suspend at entry and return, xe_pm_resume, and one end of teardown:
# xe_pm_fini (6.18+) or xe_pm_runtime_fini (6.12)
assert_eq "$(count_phase_rows xe.att xe 'fentry|fexit')" 4 \
	"system sleep and unbind: xe's four programs, at fentry/fexit in xe"
check_obj_rows xe xe
check_tails xe xe __guc_exec_queue_destroy_async __guc_exec_queue_fini_async \
	i915_audio_component_put_power \
	ggtt_node_remove_work_func gsc_work pxp_events_work pxp_irq_work \
	xe_devcoredump_deferred_snap_work xe_guc_ct_fast_path xe_shrinker_pm xe_sysctrl_work \
	gt_reset_worker intel_power_domains_enable pf_fini_action xe_device_wedged_fini \
	xe_late_bind_work xe_svm_devmem_release
if real_has drm_gpusvm_helper; then
	for row in 'drm_gpusvm_helper:drm_gpusvm_notifier_invalidate fexit' \
		   'drm_gpusvm_helper:drm_gpusvm_fini fexit' \
		   'drm_gpusvm_helper:drm_gpusvm_range_find_or_insert fexit' \
		   'drm_gpusvm_helper:drm_gpusvm_range_remove fentry' \
		   'drm_gpusvm_helper:drm_gpusvm_range_set_unmapped fexit' \
		   'vmlinux:mmu_interval_notifier_insert fexit' \
		   'vmlinux:mmu_interval_notifier_remove fentry' 'xe:xe_svm_init fexit' \
		   'xe:xe_svm_range_alloc fexit' 'xe:xe_svm_range_free fentry' \
		   'xe:xe_svm_invalidate fentry' 'xe:__xe_svm_garbage_collector fentry'; do
		grep -qx "$row" xe.att && pass "GPU SVM: $row" || fail "GPU SVM: $row not attached"
	done
	# one get-pages and one unmap-pages function: the range ones up to 7.2, else the pages ones
	assert_eq "$(grep -cE '^drm_gpusvm_helper:drm_gpusvm_(range_)?get_pages fexit$' xe.att)" 1 \
		"GPU SVM: one get-pages function"
	assert_eq "$(grep -cE '^drm_gpusvm_helper:drm_gpusvm_(range_)?unmap_pages fexit$' xe.att)" 1 \
		"GPU SVM: one unmap-pages function"
	assert_match xe.json '"function":"drm_gpusvm_init","role":"state-exit","state":"present","module":"drm_gpusvm_helper","mode":"none","why":"not needed: xe_svm_init is traced and does the same"' \
		"doctor: drm_gpusvm_init left to xe_svm_init, and why"
else
	assert_eq "$(grep -cE "$svm_rows" xe.att)" 0 "no drm_gpusvm: no GPU SVM row, not even the MM's"
fi
assert_eq "$DOCTOR_RC" 0 "doctor: nothing a report needs is missing"
test_end
