// SPDX-License-Identifier: GPL-2.0
/*
 * attach_plan.c - the attach plan table and its resolution.
 *
 * Sources for each row: shared/docs/kernel-api.md §2.3 (i915 runtime PM:
 * every get variant and both puts exist, global and with BTF, in Debian's
 * 6.1 … 7.3 builds; intel_runtime_pm_put() exists only on debug builds).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach/attach_plan.h"
#include "kernel/kbtf.h"
#include "kernel/ksyms.h"
#include "kernel/tracefs.h"

#define I915_RPM(h, fn, pg, role, fl, ret) \
	[h] = { h, "i915", fn, pg, role, fl, WR_FB_KPROBE, ret, WR_FEAT_OWNERS }
#define XE_RPM(h, fn, pg, role, ret) \
	[h] = { h, "xe", fn, pg, role, WR_AP_REQUIRED, WR_FB_KPROBE, ret, WR_FEAT_OWNERS }
/* ... and the three of them that have a tracepoint (6.12+, kernel-api.md §4.2) */
#define XE_RPM_TP(h, fn, pg, role, ret, tp, caveat) \
	[h] = { h, "xe", fn, pg, role, WR_AP_REQUIRED, WR_FB_KPROBE, ret, WR_FEAT_OWNERS, tp, \
		caveat }
/* vmlinux, struct device * first: no fentry program, the kprobe is the mode */
#define PM_CORE(h, fn) \
	[h] = { h, "pm", fn, NULL, WR_ROLE_LEARN, 0, WR_FB_KPROBE, WR_RET_VOID, WR_FEAT_OWNERS }
/* 6.19+ i915 display wrappers: (const struct drm_device *), fentry only */
#define I915_DISP(h, fn, pg, role, fl) \
	[h] = { h, "i915", fn, pg, role, fl, WR_FB_NONE, WR_RET_I915_COOKIE, WR_FEAT_OWNERS }
/* userfault and SVM state: fentry/fexit only, a row absent on a kernel is normal */
#define UF(h, drv, fn, pg, role) \
	[h] = { h, drv, fn, pg, role, 0, WR_FB_NONE, WR_RET_VOID, WR_FEAT_USERFAULT }
#define SVM(h, drv, fn, pg, role) \
	[h] = { h, drv, fn, pg, role, 0, WR_FB_NONE, WR_RET_VOID, WR_FEAT_SVM }

const struct wr_attach_point wr_attach_plan[WR_HOOK__COUNT] = {
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
	/* xe 6.11+ (kernel-api.md §4.1): every get variant, since the xe
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
	 * Userfault lists (kernel-api.md §3, attach-matrix.md): the fault
	 * handlers that put an object on a list, every path that takes it off,
	 * and runtime suspend, after which the lists must be empty.
	 */
	UF(WR_HOOK_UF_I915_FAULT_GTT, "i915", "vm_fault_gtt", "uf_i915_fault_gtt", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_I915_FAULT_TTM, "i915", "vm_fault_ttm", "uf_i915_fault_ttm", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_I915_REVOKE, "i915", "i915_vma_revoke_mmap", "uf_i915_revoke",
	   WR_ROLE_EXIT),
	UF(WR_HOOK_UF_I915_RELEASE_GTT, "i915", "__i915_gem_object_release_mmap_gtt",
	   "uf_i915_release_gtt", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_I915_UNMAP_VIRTUAL, "i915", "i915_ttm_unmap_virtual",
	   "uf_i915_unmap_virtual", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_I915_RPM_RELEASE, "i915", "i915_gem_object_runtime_pm_release_mmap_offset",
	   "uf_i915_rpm_release", WR_ROLE_EXIT),
	/* i915 frees objects from a worker: later removals are the destroy's */
	UF(WR_HOOK_UF_I915_FREE, "i915", "i915_gem_free_object", "uf_i915_free", WR_ROLE_ENTRY),
	UF(WR_HOOK_UF_I915_SUSPEND_ENTER, "i915", "i915_gem_runtime_suspend",
	   "uf_i915_suspend_enter", WR_ROLE_ENTRY),
	UF(WR_HOOK_UF_I915_SUSPEND_EXIT, "i915", "i915_gem_runtime_suspend",
	   "uf_i915_suspend_exit", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_XE_GEM_FAULT, "xe", "xe_gem_fault", "uf_xe_gem_fault", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_XE_CPU_FAULT, "xe", "xe_bo_cpu_fault", "uf_xe_cpu_fault", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_XE_RPM_RELEASE, "xe", "xe_bo_runtime_pm_release_mmap_offset",
	   "uf_xe_rpm_release", WR_ROLE_EXIT),
	UF(WR_HOOK_UF_XE_MOVE_NOTIFY, "xe", "xe_bo_move_notify", "uf_xe_move_notify",
	   WR_ROLE_EXIT),
	UF(WR_HOOK_UF_XE_DESTROY, "xe", "xe_ttm_bo_destroy", "uf_xe_destroy", WR_ROLE_ENTRY),
	UF(WR_HOOK_UF_XE_SUSPEND_ENTER, "xe", "xe_pm_runtime_suspend", "uf_xe_suspend_enter",
	   WR_ROLE_ENTRY),
	UF(WR_HOOK_UF_XE_SUSPEND_EXIT, "xe", "xe_pm_runtime_suspend", "uf_xe_suspend_exit",
	   WR_ROLE_EXIT),
	/*
	 * GPU SVM (attach-matrix.md: the static notifier/range insert and
	 * remove helpers are inlined everywhere, so notifiers are seen through
	 * the MMU interval notifier calls, filtered by drm_gpusvm's ops).
	 */
	SVM(WR_HOOK_SVM_INIT, "drm_gpusvm_helper", "drm_gpusvm_init", "svm_init", WR_ROLE_EXIT),
	/* drm_gpusvm_init has 9-11 arguments: no trampoline before 6.6; this has 1 */
	SVM(WR_HOOK_SVM_XE_INIT, "xe", "xe_svm_init", "svm_xe_init", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_FINI_ENTER, "drm_gpusvm_helper", "drm_gpusvm_fini", "svm_fini_enter",
	    WR_ROLE_ENTRY),
	SVM(WR_HOOK_SVM_FINI_EXIT, "drm_gpusvm_helper", "drm_gpusvm_fini", "svm_fini_exit",
	    WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_NOTIFIER_INSERT, "vmlinux", "mmu_interval_notifier_insert",
	    "svm_notifier_insert", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_NOTIFIER_REMOVE, "vmlinux", "mmu_interval_notifier_remove",
	    "svm_notifier_remove", WR_ROLE_ENTRY),
	/*
	 * The notifier lock is held for write from the driver's ops->invalidate
	 * to (nearly) the return of drm_gpusvm's callback: that is the time locked.
	 */
	SVM(WR_HOOK_SVM_XE_INVALIDATE, "xe", "xe_svm_invalidate", "svm_xe_invalidate",
	    WR_ROLE_ENTRY),
	SVM(WR_HOOK_SVM_INVALIDATE_EXIT, "drm_gpusvm_helper", "drm_gpusvm_notifier_invalidate",
	    "svm_invalidate_exit", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_RANGE_INSERT, "drm_gpusvm_helper", "drm_gpusvm_range_find_or_insert",
	    "svm_range_insert", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_RANGE_REMOVE, "drm_gpusvm_helper", "drm_gpusvm_range_remove",
	    "svm_range_remove", WR_ROLE_ENTRY),
	SVM(WR_HOOK_SVM_RANGE_UNMAPPED, "drm_gpusvm_helper", "drm_gpusvm_range_set_unmapped",
	    "svm_range_unmapped", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_RANGE_GET_PAGES, "drm_gpusvm_helper", "drm_gpusvm_range_get_pages",
	    "svm_range_get_pages", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_GET_PAGES, "drm_gpusvm_helper", "drm_gpusvm_get_pages", "svm_get_pages",
	    WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_RANGE_UNMAP_PAGES, "drm_gpusvm_helper", "drm_gpusvm_range_unmap_pages",
	    "svm_range_unmap_pages", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_UNMAP_PAGES, "drm_gpusvm_helper", "drm_gpusvm_unmap_pages",
	    "svm_unmap_pages", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_RANGE_EVICT, "drm_gpusvm_helper", "drm_gpusvm_range_evict",
	    "svm_range_evict", WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_XE_RANGE_ALLOC, "xe", "xe_svm_range_alloc", "svm_xe_range_alloc",
	    WR_ROLE_EXIT),
	SVM(WR_HOOK_SVM_XE_RANGE_FREE, "xe", "xe_svm_range_free", "svm_xe_range_free",
	    WR_ROLE_ENTRY),
	SVM(WR_HOOK_SVM_XE_GC, "xe", "__xe_svm_garbage_collector", "svm_xe_gc", WR_ROLE_ENTRY),
};

/* kernel-api.md §2.6-2.7, §4.4: the layers between callers and the entry points */
static const char *const api_functions[] = {
	/* i915 display power domains */
	"intel_display_power_get", "intel_display_power_get_if_enabled",
	"intel_display_power_put_unchecked", "intel_display_power_put",
	"__intel_display_power_put_async", "intel_display_power_put_async_work",
	"intel_display_power_flush_work", "release_async_put_domains",
	/* 6.17+ display runtime-PM wrappers (i915 and xe), 6.19+ i915 ops */
	"intel_display_rpm_get", "intel_display_rpm_get_raw", "intel_display_rpm_get_if_in_use",
	"intel_display_rpm_get_noresume", "intel_display_rpm_put", "intel_display_rpm_put_raw",
	"intel_display_rpm_put_unchecked",
	/* GT and engine wakerefs: only first get and last put are functions */
	"__intel_wakeref_get_first", "__intel_wakeref_put_last", "____intel_wakeref_put_last",
	"__intel_wakeref_put_work",
	/* the userfault autosuspend timer */
	"intel_wakeref_auto", "wakeref_auto_timeout",
};

bool attach_plan__is_api(const char *func)
{
	const struct wr_attach_point *ap = attach_plan__find(func);
	size_t i;

	/* a view's row (a fault handler, a GPU SVM call) is where an owner is, not an API */
	if (ap)
		return attach_plan__is_rpm_hook(ap);
	for (i = 0; i < sizeof(api_functions) / sizeof(api_functions[0]); i++)
		if (!strcmp(api_functions[i], func))
			return true;
	return false;
}

enum {
	PAIR_GT_PARK = 1,	/* __gt_unpark's display power, released by __gt_park */
	PAIR_GT_WAKEREF,	/* GT/engine wakeref: first get ... last put */
	PAIR_DISPLAY_ASYNC,	/* raw wakeref of an async display put ... its work */
	PAIR_WAKEREF_AUTO,	/* userfault timer: intel_wakeref_auto ... timeout */
	PAIR_DISPLAY,		/* display power domain get ... put */
	PAIR__COUNT
};

const struct wr_declared_pair wr_declared_pairs[] = {
	{ PAIR_GT_PARK, WR_SIDE_GET, NULL, "__gt_unpark", "GT unpark takes display power" },
	{ PAIR_GT_PARK, WR_SIDE_PUT, NULL, "__gt_park", "GT park puts it back (async)" },
	{ PAIR_GT_WAKEREF, WR_SIDE_GET, "__intel_wakeref_get_first", NULL, "first GT get" },
	{ PAIR_GT_WAKEREF, WR_SIDE_PUT, "____intel_wakeref_put_last", NULL, "last GT put" },
	{ PAIR_GT_WAKEREF, WR_SIDE_PUT, "__intel_wakeref_put_last", NULL, "last GT put" },
	{ PAIR_GT_WAKEREF, WR_SIDE_PUT, "__intel_wakeref_put_work", NULL, "async last GT put" },
	{ PAIR_DISPLAY_ASYNC, WR_SIDE_GET, "__intel_display_power_put_async", NULL,
	  "raw wakeref kept for a delayed display put" },
	{ PAIR_DISPLAY_ASYNC, WR_SIDE_PUT, "intel_display_power_put_async_work", NULL,
	  "the delayed put's work" },
	{ PAIR_DISPLAY_ASYNC, WR_SIDE_PUT, "intel_display_power_flush_work", NULL,
	  "a flush runs the delayed put" },
	{ PAIR_WAKEREF_AUTO, WR_SIDE_GET, "intel_wakeref_auto", NULL, "userfault wakeref" },
	{ PAIR_WAKEREF_AUTO, WR_SIDE_PUT, "wakeref_auto_timeout", NULL, "its timer" },
	{ PAIR_DISPLAY, WR_SIDE_GET, "intel_display_power_get", NULL, "display power get" },
	{ PAIR_DISPLAY, WR_SIDE_GET, "intel_display_power_get_if_enabled", NULL, "" },
	{ PAIR_DISPLAY, WR_SIDE_PUT, "intel_display_power_put_unchecked", NULL, "display put" },
	{ PAIR_DISPLAY, WR_SIDE_PUT, "intel_display_power_put", NULL, "" },
	{ PAIR_DISPLAY, WR_SIDE_PUT, "__intel_display_power_put_async", NULL, "async display put" },
};
const int wr_nr_declared_pairs = sizeof(wr_declared_pairs) / sizeof(wr_declared_pairs[0]);

const char *attach_plan__pair_class_name(int pair_class)
{
	static const char *const names[PAIR__COUNT] = {
		[PAIR_GT_PARK] = "gt-unpark/park",
		[PAIR_GT_WAKEREF] = "gt-wakeref",
		[PAIR_DISPLAY_ASYNC] = "display-async-put",
		[PAIR_WAKEREF_AUTO] = "userfault-wakeref-auto",
		[PAIR_DISPLAY] = "display-power",
	};

	return pair_class > 0 && pair_class < PAIR__COUNT ? names[pair_class] : "none";
}

bool attach_plan__is_rpm_hook(const struct wr_attach_point *ap)
{
	return ap->feature == WR_FEAT_OWNERS && ap->role != WR_ROLE_LEARN;
}

const struct wr_attach_point *attach_plan__find(const char *func)
{
	int i;

	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (!strcmp(wr_attach_plan[i].func, func))
			return &wr_attach_plan[i];
	return NULL;
}

const char *attach_plan__role_name(enum wr_role role)
{
	switch (role) {
	case WR_ROLE_GET:	return "get";
	case WR_ROLE_GET_COND:	return "get-cond";
	case WR_ROLE_PUT:	return "put";
	case WR_ROLE_LEARN:	return "learn-device";
	case WR_ROLE_ENTRY:	return "state-entry";
	case WR_ROLE_EXIT:	return "state-exit";
	}
	return "?";
}

const char *attach_plan__state_name(enum wr_ap_state state)
{
	switch (state) {
	case WR_AP_ABSENT:	return "absent";
	case WR_AP_INLINED:	return "inlined";
	case WR_AP_NO_BTF:	return "no-btf";
	case WR_AP_PRESENT:	return "present";
	}
	return "?";
}

const char *attach_plan__mode_name(enum wr_mode mode)
{
	switch (mode) {
	case WR_MODE_NONE:	return "none";
	case WR_MODE_FENTRY:	return "fentry";
	case WR_MODE_FEXIT:	return "fexit";
	case WR_MODE_KPROBE:	return "kprobe";
	case WR_MODE_KRETPROBE:	return "kretprobe";
	case WR_MODE_TRACEPOINT: return "tracepoint";
	}
	return "?";
}

const char *attach_plan__fallback_name(enum wr_fallback fb)
{
	return fb == WR_FB_KPROBE ? "kprobe" : "none";
}

static bool env_true(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0");
}

void attach_plan__env_opts(struct wr_plan_opts *o)
{
	o->no_fentry |= env_true("WAKEREF_NO_FENTRY");
	o->no_module_btf |= env_true("WAKEREF_NO_MODULE_BTF");
	o->no_kprobe |= env_true("WAKEREF_NO_KPROBE");
}

/*
 * Where does FUNC live?  kallsyms names the module of every function that
 * exists as a symbol; the module named like the driver wins when several
 * modules define it (xe compiles the i915 display code).
 */
static void find_module(const struct ksyms *ks, const struct wr_attach_point *ap,
			struct wr_ap_resolved *r)
{
	const char *mods[8];
	int n = ksyms__modules_of(ks, ap->func, mods, 8), i;

	r->nr_modules = n;
	if (!n)
		return;
	strncpy(r->module, mods[0] ? mods[0] : "vmlinux", sizeof(r->module) - 1);
	for (i = 0; i < n && i < 8; i++)
		if (mods[i] && !strcmp(mods[i], ap->driver))
			strncpy(r->module, mods[i], sizeof(r->module) - 1);
}

void attach_plan__resolve(struct kbtf *kb, const struct ksyms *ks,
			  struct wr_ap_resolved out[WR_HOOK__COUNT])
{
	int i;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_attach_point *ap = &wr_attach_plan[i];
		struct wr_ap_resolved *r = &out[i];

		memset(r, 0, sizeof(*r));
		r->ap = ap;
		r->fentry_err = 1;
		r->tp_state = ap->tracepoint ? WR_TP_UNCHECKED : WR_TP_NONE;
		find_module(ks, ap, r);
		if (r->nr_modules) {
			const char *mod = strcmp(r->module, "vmlinux") ? r->module : NULL;

			r->state = kbtf__has_func(kb, mod, ap->func) ? WR_AP_PRESENT : WR_AP_NO_BTF;
		} else if (kbtf__find_func_module(kb, ap->func, r->module, sizeof(r->module))) {
			r->state = WR_AP_INLINED;
		} else {
			r->state = WR_AP_ABSENT;
		}
	}
}

static bool wanted(const struct wr_attach_point *ap, unsigned int features)
{
	return !features || (ap->feature & features);
}

static bool is_entry(const struct wr_attach_point *ap)
{
	return ap->role == WR_ROLE_PUT || ap->role == WR_ROLE_ENTRY;
}

/*
 * Rows without a fallback are not checked one by one (under emulation each
 * check costs a program load): if one is refused, the load fails and
 * tracer.c checks and drops it then.
 */
void attach_plan__check_fentry(struct kbtf *kb, struct wr_ap_resolved out[WR_HOOK__COUNT])
{
	int i;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct wr_ap_resolved *r = &out[i];

		if (r->state != WR_AP_PRESENT || !r->ap->prog || r->ap->fallback == WR_FB_NONE)
			continue;
		r->fentry_err = kbtf__check_fentry(kb, r->module, r->ap->func, !is_entry(r->ap));
	}
}

static const struct {
	unsigned int feature;
	const char *name;
} feature_names[] = {
	{ WR_FEAT_OWNERS, "owners" },
	{ WR_FEAT_USERFAULT, "userfault" },
	{ WR_FEAT_SVM, "svm" },
};

const char *attach_plan__feature_name(unsigned int feature)
{
	size_t i;

	for (i = 0; i < sizeof(feature_names) / sizeof(feature_names[0]); i++)
		if (feature_names[i].feature == feature)
			return feature_names[i].name;
	return "?";
}

int attach_plan__parse_features(const char *list, unsigned int *features)
{
	char buf[128], *tok, *save = NULL;
	size_t i;

	*features = 0;
	if (strlen(list) >= sizeof(buf))
		return -1;
	strcpy(buf, list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			*features |= WR_FEAT_ALL;
			continue;
		}
		for (i = 0; i < sizeof(feature_names) / sizeof(feature_names[0]); i++)
			if (!strcmp(tok, feature_names[i].name))
				break;
		if (i == sizeof(feature_names) / sizeof(feature_names[0]))
			return -1;
		*features |= feature_names[i].feature;
	}
	return *features ? 0 : -1;
}

void attach_plan__check_tracepoints(struct wr_ap_resolved out[WR_HOOK__COUNT],
				    const char *tracefs)
{
	int i, err;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct wr_ap_resolved *r = &out[i];

		r->tp_why[0] = 0;
		if (!r->ap->tracepoint) {
			r->tp_state = WR_TP_NONE;
			continue;
		}
		if (!tracefs) {
			r->tp_state = WR_TP_ABSENT;
			snprintf(r->tp_why, sizeof(r->tp_why), "tracefs is not mounted");
			continue;
		}
		err = tracefs__check_rpm_event(tracefs, r->ap->tracepoint, r->tp_why,
					       sizeof(r->tp_why));
		r->tp_state = !err ? WR_TP_OK : err == -EPROTO ? WR_TP_BAD_FORMAT : WR_TP_ABSENT;
	}
}

/* kprobes unless they cannot be used, then the row's tracepoint if it can be */
static enum wr_mode fallback_mode(const struct wr_ap_resolved *r)
{
	const struct wr_attach_point *ap = r->ap;

	if (!r->no_kprobe[0] && ap->fallback == WR_FB_KPROBE)
		return ap->role == WR_ROLE_GET || ap->role == WR_ROLE_GET_COND ?
		       WR_MODE_KRETPROBE : WR_MODE_KPROBE;
	if (ap->role != WR_ROLE_LEARN && r->tp_state == WR_TP_OK)
		return WR_MODE_TRACEPOINT;
	return WR_MODE_NONE;
}

/* Why the row's tracepoint cannot stand in for its kprobe. */
static void no_tracepoint(const struct wr_ap_resolved *r, char *buf, size_t len)
{
	switch (r->tp_state) {
	case WR_TP_NONE:
		snprintf(buf, len, "no tracepoint");
		break;
	case WR_TP_UNCHECKED:
		snprintf(buf, len, "tracepoint %s not checked", r->ap->tracepoint);
		break;
	case WR_TP_ABSENT:
		snprintf(buf, len, "no tracepoint %s on this kernel", r->ap->tracepoint);
		break;
	case WR_TP_BAD_FORMAT:
		snprintf(buf, len, "tracepoint %s refused: %s", r->ap->tracepoint, r->tp_why);
		break;
	case WR_TP_OK:
		snprintf(buf, len, "?");
		break;
	}
}

/* " by i915:func" for a kprobe, and a note when the name is in several modules */
static void where(const struct wr_ap_resolved *r, char *buf, size_t len)
{
	bool kprobe = r->mode == WR_MODE_KPROBE || r->mode == WR_MODE_KRETPROBE;
	bool vmlinux = !strcmp(r->module, "vmlinux");
	int n = 0;

	buf[0] = 0;
	if (kprobe)
		n = snprintf(buf, len, ", by %s%s%s", vmlinux ? "" : r->module, vmlinux ? "" : ":",
			     r->ap->func);
	else if (!vmlinux)
		n = snprintf(buf, len, ", by %s's BTF object", r->module);
	if (r->nr_modules > 1 && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - n, " (the name is in %d modules: the driver's own is used)",
			 r->nr_modules);
}

/* "WHY: tracepoint xe:xe_pm_runtime_get (what it cannot tell)" */
static void tracepoint_why(struct wr_ap_resolved *r, const char *why)
{
	const char *caveat = r->ap->tp_caveat;

	snprintf(r->why, sizeof(r->why), "%s: tracepoint %s%s%s%s", why, r->ap->tracepoint,
		 caveat ? " (" : "", caveat ? caveat : "", caveat ? ")" : "");
}

bool attach_plan__fall_back(struct wr_ap_resolved *r, const char *why)
{
	char loc[200];

	r->mode = fallback_mode(r);
	if (r->mode == WR_MODE_TRACEPOINT) {
		snprintf(loc, sizeof(loc), "%s, %s", why, r->no_kprobe);
		tracepoint_why(r, loc);
		return true;
	}
	if (r->mode == WR_MODE_NONE && r->no_kprobe[0] && r->ap->fallback == WR_FB_KPROBE) {
		no_tracepoint(r, loc, sizeof(loc));
		snprintf(r->why, sizeof(r->why), "%s, %s, and %s", why, r->no_kprobe, loc);
		return false;
	}
	if (r->mode == WR_MODE_NONE) {
		snprintf(r->why, sizeof(r->why), "%s, and no fallback", why);
		return false;
	}
	where(r, loc, sizeof(loc));
	snprintf(r->why, sizeof(r->why), "%s: %s%s", why, attach_plan__fallback_name(r->ap->fallback),
		 loc);
	return true;
}

int attach_plan__no_kprobes(struct wr_ap_resolved out[WR_HOOK__COUNT], const char *why)
{
	int i, n = 0;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct wr_ap_resolved *r = &out[i];

		snprintf(r->no_kprobe, sizeof(r->no_kprobe), "%s", why);
		if (r->mode == WR_MODE_KPROBE || r->mode == WR_MODE_KRETPROBE) {
			if (r->ap->role == WR_ROLE_LEARN) {
				r->mode = WR_MODE_NONE;
				snprintf(r->why, sizeof(r->why), "%s: devices of modules without "
					 "BTF cannot be learnt", why);
			} else if ((r->mode = fallback_mode(r)) == WR_MODE_TRACEPOINT) {
				tracepoint_why(r, why);
			} else {
				char loc[160];

				no_tracepoint(r, loc, sizeof(loc));
				snprintf(r->why, sizeof(r->why), "%s, and %s", why, loc);
			}
		}
		n += r->mode != WR_MODE_NONE;
	}
	return n;
}

/* The device of a kprobe on a module without BTF is learnt; a tracepoint names it. */
bool attach_plan__core_blind(const struct wr_ap_resolved *r)
{
	return r->mode != WR_MODE_NONE && r->mode != WR_MODE_TRACEPOINT &&
	       r->state == WR_AP_NO_BTF && r->ap->role != WR_ROLE_LEARN;
}

static void choose_driver_row(struct wr_ap_resolved *r, const struct wr_plan_opts *o)
{
	const struct wr_attach_point *ap = r->ap;
	char loc[128], why[96];

	r->mode = WR_MODE_NONE;
	r->no_kprobe[0] = 0;
	if (o->no_kprobe || o->kprobes_missing)
		snprintf(r->no_kprobe, sizeof(r->no_kprobe), "%s",
			 o->no_kprobe ? "kprobes disabled (--no-kprobe)" : o->kprobes_missing);
	if (!wanted(ap, o->features)) {
		snprintf(r->why, sizeof(r->why), "not requested (%s is not traced)",
			 attach_plan__feature_name(ap->feature));
		return;
	}
	switch (r->state) {
	case WR_AP_ABSENT:
		snprintf(r->why, sizeof(r->why), "%s", ap->flags & WR_AP_REQUIRED ?
			 "not in any loaded module" : ap->feature == WR_FEAT_OWNERS ?
			 "not in this build (debug builds only)" : "not in this kernel or driver version");
		return;
	case WR_AP_INLINED:
		snprintf(r->why, sizeof(r->why), "in BTF, not in kallsyms: inlined or cloned by the "
			 "compiler");
		return;
	case WR_AP_NO_BTF:
		attach_plan__fall_back(r, o->no_module_btf ? "module BTF hidden (WAKEREF_NO_MODULE_BTF)" :
				       "the module has no BTF (CONFIG_DEBUG_INFO_BTF_MODULES)");
		return;
	case WR_AP_PRESENT:
		break;
	}
	if (o->no_fentry) {
		attach_plan__fall_back(r, "fentry disabled (--no-fentry)");
		return;
	}
	if (r->fentry_err < 0) {
		snprintf(why, sizeof(why), "fentry refused (%s)", strerror(-r->fentry_err));
		attach_plan__fall_back(r, why);
		return;
	}
	r->mode = is_entry(ap) ? WR_MODE_FENTRY : WR_MODE_FEXIT;
	where(r, loc, sizeof(loc));
	snprintf(r->why, sizeof(r->why), "BTF and a symbol%s%s", loc,
		 r->fentry_err ? "" : " (load checked)");
}

/*
 * GPU SVM rows that do another row's job where both exist: each attach
 * point costs start-up and teardown time (a trampoline update, ~0.2 s under
 * emulation), so ROW is traced only where PREFERRED is not.  xe_svm_init
 * wraps drm_gpusvm_init; up to 7.2 drm_gpusvm_range_get/unmap_pages wrap
 * the pages functions of 6.18+ (and take a range, and at most 6 arguments).
 */
static const struct {
	enum wr_hook row, preferred;
} preferred_rows[] = {
	{ WR_HOOK_SVM_INIT, WR_HOOK_SVM_XE_INIT },
	{ WR_HOOK_SVM_GET_PAGES, WR_HOOK_SVM_RANGE_GET_PAGES },
	{ WR_HOOK_SVM_UNMAP_PAGES, WR_HOOK_SVM_RANGE_UNMAP_PAGES },
};

static int drop_superseded_rows(struct wr_ap_resolved out[WR_HOOK__COUNT])
{
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(preferred_rows) / sizeof(preferred_rows[0]); i++) {
		struct wr_ap_resolved *r = &out[preferred_rows[i].row];
		const struct wr_ap_resolved *p = &out[preferred_rows[i].preferred];

		if (r->mode == WR_MODE_NONE || p->mode == WR_MODE_NONE)
			continue;
		r->mode = WR_MODE_NONE;
		snprintf(r->why, sizeof(r->why), "not needed: %s is traced and does the same",
			 p->ap->func);
		n++;
	}
	return n;
}

static bool is_view_row(const struct wr_ap_resolved *r)
{
	return r->ap->role == WR_ROLE_ENTRY || r->ap->role == WR_ROLE_EXIT;
}

/*
 * A view's rows in vmlinux (GPU SVM: the MMU interval notifier calls) only
 * serve its driver rows: with none of those traced (no drm_gpusvm here)
 * they would trace every other user of the function for nothing.
 */
static int drop_orphan_vmlinux_rows(struct wr_ap_resolved out[WR_HOOK__COUNT])
{
	unsigned int with_driver_rows = 0;
	int i, n = 0;

	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (out[i].mode != WR_MODE_NONE && is_view_row(&out[i]) &&
		    strcmp(out[i].module, "vmlinux"))
			with_driver_rows |= out[i].ap->feature;
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct wr_ap_resolved *r = &out[i];

		if (r->mode == WR_MODE_NONE || !is_view_row(r) || strcmp(r->module, "vmlinux") ||
		    (with_driver_rows & r->ap->feature))
			continue;
		r->mode = WR_MODE_NONE;
		snprintf(r->why, sizeof(r->why), "not needed: no %s function of a driver is traced",
			 attach_plan__feature_name(r->ap->feature));
		n++;
	}
	return n;
}

int attach_plan__choose(struct wr_ap_resolved out[WR_HOOK__COUNT], const struct wr_plan_opts *o)
{
	bool learn = false;
	int i, n = 0;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		if (out[i].ap->role == WR_ROLE_LEARN)
			continue;
		choose_driver_row(&out[i], o);
		learn |= attach_plan__core_blind(&out[i]);
		n += out[i].mode != WR_MODE_NONE;
	}
	n -= drop_superseded_rows(out);
	n -= drop_orphan_vmlinux_rows(out);
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct wr_ap_resolved *r = &out[i];

		if (r->ap->role != WR_ROLE_LEARN)
			continue;
		r->mode = WR_MODE_NONE;
		if (!wanted(r->ap, o->features))
			snprintf(r->why, sizeof(r->why), "not requested (owners are not traced)");
		else if (r->state == WR_AP_ABSENT || r->state == WR_AP_INLINED)
			snprintf(r->why, sizeof(r->why), "not in this kernel (inline)");
		else if (!learn)
			snprintf(r->why, sizeof(r->why), "not needed: no traced driver module lacks BTF");
		else if (o->no_kprobe || o->kprobes_missing)
			snprintf(r->why, sizeof(r->why), "a traced module has no BTF, but %s: its "
				 "devices cannot be learnt", o->no_kprobe ?
				 "kprobes are disabled (--no-kprobe)" : o->kprobes_missing);
		else
			n += attach_plan__fall_back(r, "a traced module has no BTF, its devices are "
						    "learnt here");
	}
	return n;
}
