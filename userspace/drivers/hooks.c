// SPDX-License-Identifier: GPL-2.0
/*
 * hooks.c - every kernel function wakeref traces, as data: its driver and
 * module, role, BPF program, fallback and the view it feeds.  Which kernels
 * have which row is said at the row; resolving the table against the
 * running kernel is attach/plan.c's job, and test_hooks checks every
 * program named here against the BPF objects.
 */
#include <stdio.h>
#include <string.h>

#include "drivers/hooks.h"

#define I915_RPM(h, fn, pg, role, fl, ret) \
	[h] = { h, WR_DRV_I915, "i915", fn, pg, role, fl, WR_FB_KPROBE, ret, WR_FEAT_OWNERS }
#define XE_RPM(h, fn, pg, role, ret) \
	[h] = { h, WR_DRV_XE, "xe", fn, pg, role, WR_AP_REQUIRED, WR_FB_KPROBE, ret, \
		WR_FEAT_OWNERS }
/* ... and the three of them that have a tracepoint (xe_trace.h, 6.12+) */
#define XE_RPM_TP(h, fn, pg, role, ret, tp, caveat) \
	[h] = { h, WR_DRV_XE, "xe", fn, pg, role, WR_AP_REQUIRED, WR_FB_KPROBE, ret, \
		WR_FEAT_OWNERS, tp, caveat }
/* vmlinux, struct device * first: no fentry program, the kprobe is the mode */
#define PM_CORE(h, fn) \
	[h] = { h, 0, "vmlinux", fn, NULL, WR_ROLE_LEARN, 0, WR_FB_KPROBE, WR_RET_VOID, \
		WR_FEAT_OWNERS }
/* 6.19+ i915 display wrappers: (const struct drm_device *), fentry only */
#define I915_DISP(h, fn, pg, role, fl) \
	[h] = { h, WR_DRV_I915, "i915", fn, pg, role, fl, WR_FB_NONE, WR_RET_I915_COOKIE, \
		WR_FEAT_OWNERS }
/* where a userfault or SVM row lives: its driver (0: none) and module */
#define DRV_I915	WR_DRV_I915
#define MOD_I915	"i915"
#define DRV_XE		WR_DRV_XE
#define MOD_XE		"xe"
#define DRV_GPUSVM	0
#define MOD_GPUSVM	"drm_gpusvm_helper"
#define DRV_VMLINUX	0
#define MOD_VMLINUX	"vmlinux"
/* userfault and SVM state: fentry/fexit only, a row absent on a kernel is normal */
#define UF(h, drv, fn, pg, role) \
	[h] = { h, DRV_##drv, MOD_##drv, fn, pg, role, 0, WR_FB_NONE, WR_RET_VOID, \
		WR_FEAT_USERFAULT }
/* a driver's userfault lists read at attach, from the PM core (drivers/README.md) */
#define UF_LISTED(h, drv, pg) \
	[h] = { h, DRV_##drv, MOD_VMLINUX, "pm_runtime_active_time", pg, WR_ROLE_ENTRY, \
		WR_AP_OPTIONAL, \
		WR_FB_NONE, WR_RET_VOID, WR_FEAT_USERFAULT }
#define SVM(h, drv, fn, pg, role) \
	[h] = { h, DRV_##drv, MOD_##drv, fn, pg, role, 0, WR_FB_NONE, WR_RET_VOID, WR_FEAT_SVM }

/*
 * Objects that link a get to its put (role WR_ROLE_OBJ, traced by kprobe):
 * OBJ_GET/OBJ_PUT by argument ARG (0: the first), OBJ_*_IN when that
 * argument is member MEMB of struct ST (container_of), OBJ_GET_RET by the
 * return value.
 */
#define OBJ_ROW(h, drv, fn, ret, put, arg, st, memb) \
	[h] = { h, DRV_##drv, MOD_##drv, fn, NULL, WR_ROLE_OBJ, 0, WR_FB_KPROBE, WR_RET_VOID, \
		WR_FEAT_OWNERS, NULL, NULL, arg, ret, put, st, memb }
#define OBJ_GET(h, drv, fn, arg)		OBJ_ROW(h, drv, fn, false, false, arg, NULL, NULL)
#define OBJ_GET_RET(h, drv, fn)		OBJ_ROW(h, drv, fn, true, false, 0, NULL, NULL)
#define OBJ_PUT(h, drv, fn, arg)		OBJ_ROW(h, drv, fn, false, true, arg, NULL, NULL)
#define OBJ_PUT_IN(h, drv, fn, arg, st, memb)	OBJ_ROW(h, drv, fn, false, true, arg, st, memb)

/*
 * System sleep and unbind steps (role WR_ROLE_PHASE): fentry (AT_RETURN:
 * fexit), else a kprobe (kretprobe), so that a module traced by kprobes
 * can still be unloaded; ARG says what the first argument is.
 */
#define PHASE(h, drv, fn, pg, ph, arg, fl) \
	[h] = { h, DRV_##drv, MOD_##drv, fn, pg, WR_ROLE_PHASE, fl, WR_FB_KPROBE, WR_RET_VOID, \
		WR_FEAT_OWNERS, NULL, NULL, 0, false, false, NULL, NULL, ph, arg }

const struct wr_attach_point wr_hooks[WR_HOOK__COUNT] = {
	I915_RPM(WR_HOOK_I915_RPM_GET, "intel_runtime_pm_get", "i915_rpm_get",
		 WR_ROLE_GET, WR_AP_WAKELOCK | WR_AP_REQUIRED, WR_RET_I915_COOKIE),
	I915_RPM(WR_HOOK_I915_RPM_GET_RAW, "intel_runtime_pm_get_raw", "i915_rpm_get_raw",
		 WR_ROLE_GET, WR_AP_REQUIRED, WR_RET_I915_COOKIE),
	I915_RPM(WR_HOOK_I915_RPM_GET_IF_IN_USE, "intel_runtime_pm_get_if_in_use",
		 "i915_rpm_get_if_in_use", WR_ROLE_GET_COND, WR_AP_WAKELOCK | WR_AP_REQUIRED,
		 WR_RET_I915_COOKIE),
	I915_RPM(WR_HOOK_I915_RPM_GET_IF_ACTIVE, "intel_runtime_pm_get_if_active",
		 "i915_rpm_get_if_active", WR_ROLE_GET_COND, WR_AP_WAKELOCK | WR_AP_REQUIRED,
		 WR_RET_I915_COOKIE),
	I915_RPM(WR_HOOK_I915_RPM_GET_NORESUME, "intel_runtime_pm_get_noresume",
		 "i915_rpm_get_noresume", WR_ROLE_GET, WR_AP_WAKELOCK | WR_AP_REQUIRED,
		 WR_RET_I915_COOKIE),
	I915_RPM(WR_HOOK_I915_RPM_PUT_UNCHECKED, "intel_runtime_pm_put_unchecked",
		 "i915_rpm_put_unchecked", WR_ROLE_PUT, WR_AP_WAKELOCK | WR_AP_REQUIRED,
		 WR_RET_VOID),
	I915_RPM(WR_HOOK_I915_RPM_PUT_RAW, "intel_runtime_pm_put_raw", "i915_rpm_put_raw",
		 WR_ROLE_PUT, WR_AP_REQUIRED | WR_AP_COOKIE_ARG, WR_RET_VOID),
	/* only CONFIG_DRM_I915_DEBUG_RUNTIME_PM builds have it: cookies are real there */
	I915_RPM(WR_HOOK_I915_RPM_PUT, "intel_runtime_pm_put", "i915_rpm_put",
		 WR_ROLE_PUT, WR_AP_WAKELOCK | WR_AP_COOKIE_ARG, WR_RET_VOID),
	/* xe 6.11+ (void/bool API; 6.8/6.9 had int returns and
	 * xe_device_mem_access_*): every get variant, since the xe
	 * tracepoints miss get_if_active/_in_use/_noresume/resume_and_get */
	XE_RPM_TP(WR_HOOK_XE_GET, "xe_pm_runtime_get", "xe_rpm_get", WR_ROLE_GET, WR_RET_VOID,
		  "xe:xe_pm_runtime_get", NULL),
	XE_RPM_TP(WR_HOOK_XE_GET_IOCTL, "xe_pm_runtime_get_ioctl", "xe_rpm_get_ioctl",
		  WR_ROLE_GET_COND, WR_RET_XE_IOCTL, "xe:xe_pm_runtime_get_ioctl",
		  "it fires before the result is known: every call counts as a get; its put "
		  "comes anyway, except on 7.0+, where the ioctl guard skips the put of a "
		  "failed get"),
	XE_RPM(WR_HOOK_XE_GET_IF_ACTIVE, "xe_pm_runtime_get_if_active", "xe_rpm_get_if_active",
	       WR_ROLE_GET_COND, WR_RET_BOOL),
	XE_RPM(WR_HOOK_XE_GET_IF_IN_USE, "xe_pm_runtime_get_if_in_use", "xe_rpm_get_if_in_use",
	       WR_ROLE_GET_COND, WR_RET_BOOL),
	XE_RPM(WR_HOOK_XE_GET_NORESUME, "xe_pm_runtime_get_noresume", "xe_rpm_get_noresume",
	       WR_ROLE_GET, WR_RET_VOID),
	XE_RPM(WR_HOOK_XE_RESUME_AND_GET, "xe_pm_runtime_resume_and_get",
	       "xe_rpm_resume_and_get", WR_ROLE_GET_COND, WR_RET_BOOL),
	XE_RPM_TP(WR_HOOK_XE_PUT, "xe_pm_runtime_put", "xe_rpm_put", WR_ROLE_PUT, WR_RET_VOID,
		  "xe:xe_pm_runtime_put", NULL),
	/*
	 * Without a driver's BTF its device is learnt from the PM core call
	 * its get or put makes: pm_runtime_get_sync/resume (__pm_runtime_resume),
	 * put_autosuspend (__pm_runtime_suspend), put (__pm_runtime_idle), the
	 * conditional gets (6.9+ pm_runtime_get_if_active, 6.12+ _if_in_use).
	 */
	PM_CORE(WR_HOOK_PM_RESUME, "__pm_runtime_resume"),
	PM_CORE(WR_HOOK_PM_SUSPEND, "__pm_runtime_suspend"),
	PM_CORE(WR_HOOK_PM_IDLE, "__pm_runtime_idle"),
	PM_CORE(WR_HOOK_PM_GET_IF_ACTIVE, "pm_runtime_get_if_active"),
	PM_CORE(WR_HOOK_PM_GET_IF_IN_USE, "pm_runtime_get_if_in_use"),
	/*
	 * From 6.19 i915's display reaches the runtime-PM core through these
	 * static ops (i915_display_rpm_interface), not through the globals
	 * above.  Where a build still calls a global from one of them, the
	 * inner event is dropped as nested (site.c), so nothing counts twice.
	 * Not required: before 6.19 they do not exist and nothing is lost.
	 */
	I915_DISP(WR_HOOK_I915_DISP_GET, "i915_display_rpm_get", "i915_disp_get", WR_ROLE_GET,
		  WR_AP_WAKELOCK),
	I915_DISP(WR_HOOK_I915_DISP_GET_RAW, "i915_display_rpm_get_raw", "i915_disp_get_raw",
		  WR_ROLE_GET, 0),
	I915_DISP(WR_HOOK_I915_DISP_GET_IF_IN_USE, "i915_display_rpm_get_if_in_use",
		  "i915_disp_get_if_in_use", WR_ROLE_GET_COND, WR_AP_WAKELOCK),
	I915_DISP(WR_HOOK_I915_DISP_GET_NORESUME, "i915_display_rpm_get_noresume",
		  "i915_disp_get_noresume", WR_ROLE_GET, WR_AP_WAKELOCK),
	I915_DISP(WR_HOOK_I915_DISP_PUT, "i915_display_rpm_put", "i915_disp_put", WR_ROLE_PUT,
		  WR_AP_WAKELOCK | WR_AP_COOKIE_ARG),
	I915_DISP(WR_HOOK_I915_DISP_PUT_RAW, "i915_display_rpm_put_raw", "i915_disp_put_raw",
		  WR_ROLE_PUT, WR_AP_COOKIE_ARG),
	I915_DISP(WR_HOOK_I915_DISP_PUT_UNCHECKED, "i915_display_rpm_put_unchecked",
		  "i915_disp_put_unchecked", WR_ROLE_PUT, WR_AP_WAKELOCK),
	/*
	 * Userfault lists (drivers/README.md): the fault handlers that put an
	 * object on a list, every path that takes it off, and runtime suspend,
	 * after which the lists must be empty.  The static ones (vm_fault_gtt,
	 * vm_fault_ttm, i915_ttm_unmap_virtual, xe_bo_move_notify, ...) keep a
	 * symbol and BTF in every Debian build checked (6.1-7.3): most are ops
	 * callbacks, whose address is taken.
	 */
	UF(WR_HOOK_UF_I915_FAULT_GTT, I915, "vm_fault_gtt", "uf_i915_fault_gtt", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_I915_FAULT_TTM, I915, "vm_fault_ttm", "uf_i915_fault_ttm", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_I915_REVOKE, I915, "i915_vma_revoke_mmap", "uf_i915_revoke",
	   WR_ROLE_EXIT),
	UF(WR_HOOK_UF_I915_RELEASE_GTT, I915, "__i915_gem_object_release_mmap_gtt",
	   "uf_i915_release_gtt", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_I915_UNMAP_VIRTUAL, I915, "i915_ttm_unmap_virtual",
	   "uf_i915_unmap_virtual", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_I915_RPM_RELEASE, I915, "i915_gem_object_runtime_pm_release_mmap_offset",
	   "uf_i915_rpm_release", WR_ROLE_EXIT),
	/* i915 frees objects from a worker: later removals are the destroy's */
	UF(WR_HOOK_UF_I915_FREE, I915, "i915_gem_free_object", "uf_i915_free", WR_ROLE_ENTRY),
	UF(WR_HOOK_UF_I915_SUSPEND_ENTER, I915, "i915_gem_runtime_suspend",
	   "uf_i915_suspend_enter", WR_ROLE_ENTRY),
	UF(WR_HOOK_UF_I915_SUSPEND_EXIT, I915, "i915_gem_runtime_suspend",
	   "uf_i915_suspend_exit", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_XE_GEM_FAULT, XE, "xe_gem_fault", "uf_xe_gem_fault", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_XE_CPU_FAULT, XE, "xe_bo_cpu_fault", "uf_xe_cpu_fault", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_XE_RPM_RELEASE, XE, "xe_bo_runtime_pm_release_mmap_offset",
	   "uf_xe_rpm_release", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_XE_MOVE_NOTIFY, XE, "xe_bo_move_notify", "uf_xe_move_notify",
	   WR_ROLE_EXIT),
	UF(WR_HOOK_UF_XE_DESTROY, XE, "xe_ttm_bo_destroy", "uf_xe_destroy", WR_ROLE_ENTRY),
	UF(WR_HOOK_UF_XE_SUSPEND_ENTER, XE, "xe_pm_runtime_suspend", "uf_xe_suspend_enter",
	   WR_ROLE_ENTRY),
	UF(WR_HOOK_UF_XE_SUSPEND_EXIT, XE, "xe_pm_runtime_suspend", "uf_xe_suspend_exit",
	   WR_ROLE_EXIT),
	/*
	 * The lists as they are at attach: the frontend reads each GPU's
	 * power/runtime_active_time, and pm_runtime_active_time(dev) walks
	 * the device's list heads (bpf/userfault.bpf.c).
	 */
	UF_LISTED(WR_HOOK_UF_I915_LISTED, I915, "uf_i915_listed"),
	UF_LISTED(WR_HOOK_UF_XE_LISTED, XE, "uf_xe_listed"),
	/*
	 * GPU SVM: drm_gpusvm's static notifier/range insert and remove
	 * helpers are inlined in every Debian build (6.17-7.3), so notifiers
	 * are seen through the MMU interval notifier calls, filtered by
	 * drm_gpusvm's ops, and xe's ranges through its range_alloc/free ops.
	 */
	SVM(WR_HOOK_SVM_INIT, GPUSVM, "drm_gpusvm_init", "svm_init", WR_ROLE_EXIT),
	/* drm_gpusvm_init has 9-11 arguments: no trampoline before 6.6; this has 1 */
	SVM(WR_HOOK_SVM_XE_INIT, XE, "xe_svm_init", "svm_xe_init", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_FINI_ENTER, GPUSVM, "drm_gpusvm_fini", "svm_fini_enter",
	    WR_ROLE_ENTRY),
	SVM(WR_HOOK_SVM_FINI_EXIT, GPUSVM, "drm_gpusvm_fini", "svm_fini_exit",
	    WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_NOTIFIER_INSERT, VMLINUX, "mmu_interval_notifier_insert",
	    "svm_notifier_insert", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_NOTIFIER_REMOVE, VMLINUX, "mmu_interval_notifier_remove",
	    "svm_notifier_remove", WR_ROLE_ENTRY),
	/*
	 * The notifier lock is held for write from the driver's ops->invalidate
	 * to (nearly) the return of drm_gpusvm's callback: that is the time locked.
	 */
	SVM(WR_HOOK_SVM_XE_INVALIDATE, XE, "xe_svm_invalidate", "svm_xe_invalidate",
	    WR_ROLE_ENTRY),
	SVM(WR_HOOK_SVM_INVALIDATE_EXIT, GPUSVM, "drm_gpusvm_notifier_invalidate",
	    "svm_invalidate_exit", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_RANGE_INSERT, GPUSVM, "drm_gpusvm_range_find_or_insert",
	    "svm_range_insert", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_RANGE_REMOVE, GPUSVM, "drm_gpusvm_range_remove",
	    "svm_range_remove", WR_ROLE_ENTRY),
	SVM(WR_HOOK_SVM_RANGE_UNMAPPED, GPUSVM, "drm_gpusvm_range_set_unmapped",
	    "svm_range_unmapped", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_RANGE_GET_PAGES, GPUSVM, "drm_gpusvm_range_get_pages",
	    "svm_range_get_pages", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_GET_PAGES, GPUSVM, "drm_gpusvm_get_pages", "svm_get_pages",
	    WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_RANGE_UNMAP_PAGES, GPUSVM, "drm_gpusvm_range_unmap_pages",
	    "svm_range_unmap_pages", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_UNMAP_PAGES, GPUSVM, "drm_gpusvm_unmap_pages",
	    "svm_unmap_pages", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_RANGE_EVICT, GPUSVM, "drm_gpusvm_range_evict",
	    "svm_range_evict", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_XE_RANGE_ALLOC, XE, "xe_svm_range_alloc", "svm_xe_range_alloc",
	    WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_XE_RANGE_FREE, XE, "xe_svm_range_free", "svm_xe_range_free",
	    WR_ROLE_ENTRY),
	SVM(WR_HOOK_SVM_XE_GC, XE, "__xe_svm_garbage_collector", "svm_xe_gc", WR_ROLE_ENTRY),
	/*
	 * The objects both sides of a cross-function pair share (the classes
	 * of drivers/pairs.c): a put of an object ends the get of that object.
	 */
	OBJ_GET_RET(WR_HOOK_OBJ_XE_JOB_CREATE, XE, "xe_sched_job_create"),
	OBJ_PUT_IN(WR_HOOK_OBJ_XE_JOB_DESTROY, XE, "xe_sched_job_destroy", 0, "xe_sched_job",
		   "refcount"),
	OBJ_GET(WR_HOOK_OBJ_XE_TLB_FENCE_INIT, XE, "xe_gt_tlb_invalidation_fence_init", 1),
	OBJ_PUT(WR_HOOK_OBJ_XE_TLB_FENCE_SIGNAL, XE, "__invalidation_fence_signal", 1),
	OBJ_GET(WR_HOOK_OBJ_XE_TLB_INVAL_INIT, XE, "xe_tlb_inval_fence_init", 1),
	OBJ_PUT(WR_HOOK_OBJ_XE_TLB_INVAL_SIGNAL, XE, "xe_tlb_inval_fence_signal", 0),
	OBJ_GET_RET(WR_HOOK_OBJ_XE_TLB_JOB_CREATE, XE, "xe_tlb_inval_job_create"),
	OBJ_PUT_IN(WR_HOOK_OBJ_XE_TLB_JOB_DESTROY, XE, "xe_tlb_inval_job_destroy", 0,
		   "xe_tlb_inval_job", "refcount"),
	OBJ_GET(WR_HOOK_OBJ_XE_MSG_ADD, XE, "guc_exec_queue_add_msg", 1),
	OBJ_PUT(WR_HOOK_OBJ_XE_MSG_PROCESS, XE, "guc_exec_queue_process_msg", 0),
	OBJ_GET_RET(WR_HOOK_OBJ_XE_VM_CREATE, XE, "xe_vm_create"),
	OBJ_PUT_IN(WR_HOOK_OBJ_XE_VM_DESTROY_WORK, XE, "vm_destroy_work_func", 0, "xe_vm",
		   "destroy_work"),
	OBJ_GET(WR_HOOK_OBJ_XE_DMA_BUF_ATTACH, XE, "xe_dma_buf_attach", 1),
	OBJ_PUT(WR_HOOK_OBJ_XE_DMA_BUF_DETACH, XE, "xe_dma_buf_detach", 1),
	OBJ_GET(WR_HOOK_OBJ_I915_VMA_RES_UNBIND, I915, "i915_vma_resource_unbind", 0),
	OBJ_PUT(WR_HOOK_OBJ_I915_VMA_RES_UNHOLD, I915, "__i915_vma_resource_unhold", 0),
	OBJ_GET(WR_HOOK_OBJ_I915_WF_GET_FIRST, I915, "__intel_wakeref_get_first", 0),
	OBJ_PUT(WR_HOOK_OBJ_I915_WF_PUT_LAST, I915, "__intel_wakeref_put_last", 0),
	OBJ_PUT(WR_HOOK_OBJ_I915_WF_PUT_LAST2, I915, "____intel_wakeref_put_last", 0),
	OBJ_PUT_IN(WR_HOOK_OBJ_I915_WF_PUT_WORK, I915, "__intel_wakeref_put_work", 0,
		   "intel_wakeref", "work"),
	/*
	 * An atomic commit's state holds its wakeref (state->wakeref) until
	 * the commit's tail, which for a nonblocking commit runs from a work:
	 * each state's tail ends its own commit's get, whatever the order of
	 * the pipes' flips.  The display code is in both modules: one pair
	 * of rows, xe's where both are loaded (its 7.x commits are the ones
	 * whose tails the scenarios order), i915's where xe is not.
	 */
	OBJ_GET(WR_HOOK_OBJ_XE_COMMIT, XE, "intel_atomic_commit", 1),
	OBJ_PUT(WR_HOOK_OBJ_XE_COMMIT_TAIL, XE, "intel_atomic_commit_tail", 0),
	/*
	 * A GT's GuC CT: its G2H credits' reference, and its readers' own
	 * (drivers/objlinks.c): per CT, so per GT.
	 */
	OBJ_GET(WR_HOOK_OBJ_XE_CT_SEND, XE, "guc_ct_send_locked", 0),
	OBJ_PUT(WR_HOOK_OBJ_XE_CT_RELEASE, XE, "__g2h_release_space", 0),
	OBJ_PUT(WR_HOOK_OBJ_XE_CT_STOP, XE, "xe_guc_ct_stop", 0),
	OBJ_PUT(WR_HOOK_OBJ_XE_CT_CHANGE_STATE, XE, "guc_ct_change_state", 0),
	OBJ_GET(WR_HOOK_OBJ_XE_CT_FAST_PATH, XE, "xe_guc_ct_fast_path", 0),
	OBJ_GET(WR_HOOK_OBJ_XE_CT_RECEIVE, XE, "receive_g2h", 0),
	/*
	 * System sleep (drivers/README.md): i915's dev_pm_ops callbacks, static
	 * with BTF in every Debian build 6.1-7.3 (i915_drm_suspend, which they
	 * call, is i915_drm_suspend.isra.0 from 6.18); xe's xe_pm_suspend and
	 * xe_pm_resume, which xe_pci_suspend/_resume call.  With pm_test=devices
	 * the PM core skips suspend_late and resume_early: both resumes are rows.
	 */
	PHASE(WR_HOOK_PH_I915_SUSPEND, I915, "i915_pm_suspend", "ph_i915_suspend",
	      WR_PHASE_SUSPEND, WR_PA_KDEV, 0),
	PHASE(WR_HOOK_PH_I915_SUSPEND_EXIT, I915, "i915_pm_suspend", "ph_i915_suspend_exit",
	      WR_PHASE_SUSPENDED, WR_PA_KDEV, WR_AP_AT_RETURN),
	PHASE(WR_HOOK_PH_I915_RESUME_EARLY, I915, "i915_pm_resume_early", "ph_i915_resume_early",
	      WR_PHASE_RESUME, WR_PA_KDEV, 0),
	PHASE(WR_HOOK_PH_I915_RESUME, I915, "i915_pm_resume", "ph_i915_resume",
	      WR_PHASE_RESUME, WR_PA_KDEV, 0),
	/* where i915 WARNs "raw-wakerefs=%d wakelocks=%d on cleanup" (6.1-7.3) */
	PHASE(WR_HOOK_PH_I915_RELEASE, I915, "intel_runtime_pm_driver_release",
	      "ph_i915_release", WR_PHASE_RELEASE, WR_PA_OBJ, 0),
	PHASE(WR_HOOK_PH_XE_SUSPEND, XE, "xe_pm_suspend", "ph_xe_suspend",
	      WR_PHASE_SUSPEND, WR_PA_OBJ, 0),
	PHASE(WR_HOOK_PH_XE_SUSPEND_EXIT, XE, "xe_pm_suspend", "ph_xe_suspend_exit",
	      WR_PHASE_SUSPENDED, WR_PA_OBJ, WR_AP_AT_RETURN),
	PHASE(WR_HOOK_PH_XE_RESUME, XE, "xe_pm_resume", "ph_xe_resume",
	      WR_PHASE_RESUME, WR_PA_OBJ, 0),
	/* xe_pci_remove's last call after xe_device_remove: 6.18+ xe_pm_fini ... */
	PHASE(WR_HOOK_PH_XE_FINI, XE, "xe_pm_fini", "ph_xe_fini",
	      WR_PHASE_RELEASE, WR_PA_OBJ, 0),
	/* ... 6.12 xe_pm_runtime_fini (static and inlined into xe_pm_fini later) */
	PHASE(WR_HOOK_PH_XE_RUNTIME_FINI, XE, "xe_pm_runtime_fini", "ph_xe_runtime_fini",
	      WR_PHASE_RELEASE, WR_PA_OBJ, 0),
};

/*
 * GPU SVM rows that do another row's job where both exist: each attach
 * point costs start-up and teardown time (a trampoline update, ~0.2 s under
 * emulation), so ROW is traced only where PREFERRED is not.  xe_svm_init
 * wraps drm_gpusvm_init; up to 7.2 drm_gpusvm_range_get/unmap_pages wrap
 * the pages functions of 6.18+ (and take a range, and at most 6 arguments).
 */
const struct wr_superseded wr_superseded_rows[] = {
	{ WR_HOOK_SVM_INIT, WR_HOOK_SVM_XE_INIT },
	{ WR_HOOK_SVM_GET_PAGES, WR_HOOK_SVM_RANGE_GET_PAGES },
	{ WR_HOOK_SVM_UNMAP_PAGES, WR_HOOK_SVM_RANGE_UNMAP_PAGES },
	/* one end of xe's teardown: where both exist, xe_pm_fini calls the other */
	{ WR_HOOK_PH_XE_RUNTIME_FINI, WR_HOOK_PH_XE_FINI },
};
const int wr_nr_superseded_rows = sizeof(wr_superseded_rows) / sizeof(wr_superseded_rows[0]);

bool hooks__is_rpm(const struct wr_attach_point *ap)
{
	return ap->role == WR_ROLE_GET || ap->role == WR_ROLE_GET_COND || ap->role == WR_ROLE_PUT;
}

const struct wr_attach_point *hooks__find(const char *func)
{
	int i;

	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (!strcmp(wr_hooks[i].func, func))
			return &wr_hooks[i];
	return NULL;
}

const char *hooks__role_name(enum wr_role role)
{
	switch (role) {
	case WR_ROLE_GET:	return "get";
	case WR_ROLE_GET_COND:	return "get-cond";
	case WR_ROLE_PUT:	return "put";
	case WR_ROLE_LEARN:	return "learn-device";
	case WR_ROLE_ENTRY:	return "state-entry";
	case WR_ROLE_EXIT:	return "state-exit";
	case WR_ROLE_OBJ:	return "object";
	case WR_ROLE_PHASE:	return "phase";
	}
	return "?";
}

const char *hooks__phase_name(enum wr_phase phase)
{
	switch (phase) {
	case WR_PHASE_NONE:		return "none";
	case WR_PHASE_SUSPEND:		return "suspend";
	case WR_PHASE_SUSPENDED:	return "suspended";
	case WR_PHASE_RESUME:		return "resume";
	case WR_PHASE_RELEASE:		return "release";
	}
	return "?";
}

const char *hooks__driver_label(const struct wr_attach_point *ap)
{
	if (ap->drv == WR_DRV_I915)
		return "i915";
	if (ap->drv == WR_DRV_XE)
		return "xe";
	return ap->role == WR_ROLE_LEARN ? "pm" : ap->module;
}

const char *hooks__fallback_name(enum wr_fallback fb)
{
	return fb == WR_FB_KPROBE ? "kprobe" : "none";
}

static const struct {
	unsigned int feature;
	const char *name;
	const char *title;
} feature_names[] = {
	{ WR_FEAT_OWNERS, "owners", "runtime-PM" },
	{ WR_FEAT_USERFAULT, "userfault", "userfault" },
	{ WR_FEAT_SVM, "svm", "GPU SVM" },
};

#define NR_FEATURES (int)(sizeof(feature_names) / sizeof(feature_names[0]))

static int feature_index(unsigned int feature)
{
	int i;

	for (i = 0; i < NR_FEATURES; i++)
		if (feature_names[i].feature == feature)
			return i;
	return -1;
}

const char *hooks__feature_name(unsigned int feature)
{
	int i = feature_index(feature);

	return i < 0 ? "?" : feature_names[i].name;
}

const char *hooks__feature_title(unsigned int feature)
{
	int i = feature_index(feature);

	return i < 0 ? "?" : feature_names[i].title;
}

int hooks__modules(unsigned int features, const char **mods, int max)
{
	int pass, i, j, n = 0;

	/* the drivers' modules first, then the helpers they load */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < WR_HOOK__COUNT; i++) {
			const struct wr_attach_point *ap = &wr_hooks[i];
			bool helper = !ap->drv;

			if ((features && !(ap->feature & features)) || helper != (pass == 1) ||
			    !strcmp(ap->module, "vmlinux"))
				continue;
			for (j = 0; j < n && strcmp(mods[j], ap->module); j++)
				;
			if (j == n && n < max)
				mods[n++] = ap->module;
		}
	}
	return n;
}

int hooks__parse_features(const char *list, unsigned int *features)
{
	char buf[128], *tok, *save = NULL;
	int i;

	*features = 0;
	if (strlen(list) >= sizeof(buf))
		return -1;
	strcpy(buf, list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			*features |= WR_FEAT_ALL;
			continue;
		}
		for (i = 0; i < NR_FEATURES; i++)
			if (!strcmp(tok, feature_names[i].name))
				break;
		if (i == NR_FEATURES)
			return -1;
		*features |= feature_names[i].feature;
	}
	return *features ? 0 : -1;
}
