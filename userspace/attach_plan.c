// SPDX-License-Identifier: GPL-2.0
/*
 * attach_plan.c - the attach plan table and its resolution.
 *
 * Sources for each row: shared/docs/kernel-api.md §2.3 (i915 runtime PM:
 * every get variant and both puts exist, global and with BTF, in Debian's
 * 6.1 … 7.3 builds; intel_runtime_pm_put() exists only on debug builds).
 */
#include <string.h>

#include "attach_plan.h"
#include "kbtf.h"
#include "ksyms.h"

#define I915_RPM(h, fn, pg, role, fl) \
	[h] = { h, "i915", fn, pg, role, fl, "kprobe" }
#define XE_RPM(h, fn, pg, role) \
	[h] = { h, "xe", fn, pg, role, WR_AP_REQUIRED, "kprobe" }

const struct wr_attach_point wr_attach_plan[WR_HOOK__COUNT] = {
	I915_RPM(WR_HOOK_I915_RPM_GET, "intel_runtime_pm_get", "i915_rpm_get",
		 WR_ROLE_GET, WR_AP_WAKELOCK | WR_AP_REQUIRED),
	I915_RPM(WR_HOOK_I915_RPM_GET_RAW, "intel_runtime_pm_get_raw", "i915_rpm_get_raw",
		 WR_ROLE_GET, WR_AP_REQUIRED),
	I915_RPM(WR_HOOK_I915_RPM_GET_IF_IN_USE, "intel_runtime_pm_get_if_in_use",
		 "i915_rpm_get_if_in_use", WR_ROLE_GET_COND, WR_AP_WAKELOCK | WR_AP_REQUIRED),
	I915_RPM(WR_HOOK_I915_RPM_GET_IF_ACTIVE, "intel_runtime_pm_get_if_active",
		 "i915_rpm_get_if_active", WR_ROLE_GET_COND, WR_AP_WAKELOCK | WR_AP_REQUIRED),
	I915_RPM(WR_HOOK_I915_RPM_GET_NORESUME, "intel_runtime_pm_get_noresume",
		 "i915_rpm_get_noresume", WR_ROLE_GET, WR_AP_WAKELOCK | WR_AP_REQUIRED),
	I915_RPM(WR_HOOK_I915_RPM_PUT_UNCHECKED, "intel_runtime_pm_put_unchecked",
		 "i915_rpm_put_unchecked", WR_ROLE_PUT, WR_AP_WAKELOCK | WR_AP_REQUIRED),
	I915_RPM(WR_HOOK_I915_RPM_PUT_RAW, "intel_runtime_pm_put_raw", "i915_rpm_put_raw",
		 WR_ROLE_PUT, WR_AP_REQUIRED),
	/* only CONFIG_DRM_I915_DEBUG_RUNTIME_PM builds have it: cookies are real there */
	I915_RPM(WR_HOOK_I915_RPM_PUT, "intel_runtime_pm_put", "i915_rpm_put",
		 WR_ROLE_PUT, WR_AP_WAKELOCK),
	/* xe 6.11+ (kernel-api.md §4.1): every get variant, since the xe
	 * tracepoints miss get_if_active/_in_use/_noresume/resume_and_get */
	XE_RPM(WR_HOOK_XE_GET, "xe_pm_runtime_get", "xe_rpm_get", WR_ROLE_GET),
	XE_RPM(WR_HOOK_XE_GET_IOCTL, "xe_pm_runtime_get_ioctl", "xe_rpm_get_ioctl",
	       WR_ROLE_GET_COND),
	XE_RPM(WR_HOOK_XE_GET_IF_ACTIVE, "xe_pm_runtime_get_if_active", "xe_rpm_get_if_active",
	       WR_ROLE_GET_COND),
	XE_RPM(WR_HOOK_XE_GET_IF_IN_USE, "xe_pm_runtime_get_if_in_use", "xe_rpm_get_if_in_use",
	       WR_ROLE_GET_COND),
	XE_RPM(WR_HOOK_XE_GET_NORESUME, "xe_pm_runtime_get_noresume", "xe_rpm_get_noresume",
	       WR_ROLE_GET),
	XE_RPM(WR_HOOK_XE_RESUME_AND_GET, "xe_pm_runtime_resume_and_get",
	       "xe_rpm_resume_and_get", WR_ROLE_GET_COND),
	XE_RPM(WR_HOOK_XE_PUT, "xe_pm_runtime_put", "xe_rpm_put", WR_ROLE_PUT),
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
	size_t i;

	if (attach_plan__find(func))
		return true;
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
