#!/bin/sh
# timeout: 240
# Debian's real xe.ko (6.12+) with its chain, drm_gpusvm_helper.ko included
# on 6.17+: every selected function attaches at fentry/fexit in xe's BTF.
. /lib/wakeref/lib.sh
. /lib/wakeref/lib-real.sh

if ! real_has xe; then
	pass "no xe module in $(uname -r): nothing to check"
	test_end
fi
real_load xe || test_end
if real_has drm_gpusvm_helper; then
	real_load drm_gpusvm_helper
	grep -qx 'drm_gpusvm_helper.ko' "$WR_REAL/order-xe" &&
		pass "drm_gpusvm_helper is in xe's chain"
fi
check_attach xe
assert_eq "$(count_fn xe.att xe 'xe_pm_runtime_[a-z_]+' 'fentry|fexit')" 7 \
	"the seven xe runtime-PM entry points, at fentry/fexit in xe"
assert_eq "$(count_uf_rows xe.att xe 'fentry|fexit')" 6 \
	"the userfault view's six programs (one fault handler of xe_gem_fault/xe_bo_cpu_fault), in xe"
# the GPU SVM view also traces drm_gpusvm_helper and the MMU interval notifiers
assert_eq "$(grep -vcE '^(xe|drm_gpusvm_helper):|^vmlinux:mmu_interval_notifier_' xe.att)" 0 \
	"nothing outside xe but the GPU SVM's helpers"
assert_eq "$DOCTOR_RC" 0 "doctor: nothing a report needs is missing"
test_end
