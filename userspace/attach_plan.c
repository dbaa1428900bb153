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
};

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
