// SPDX-License-Identifier: GPL-2.0
/*
 * Call sites: the functions that take and release wakerefs, named after the
 * kind of i915 code that does so in real life.  Each site function calls the
 * runtime-PM entry point itself, so a stack seen from fentry on
 * intel_runtime_pm_get() reads
 *
 *	intel_runtime_pm_get <- sim_<site> <- sim_site_get <- sim_ctl_... <- write
 *
 * The same site function takes and releases (chosen by req->op), so pairing
 * by caller function works.  Site functions are __sim_frame (noinline,
 * noipa: no inlining, cloning or folding of the identical bodies) and do
 * work after the entry point returns, so they cannot tail-call it.
 *
 * Also here: the tables of variants (how to take) and put kinds (how to
 * release), and the get/put helpers the ctl parser and the unload path use.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "sim.h"
#include "sim_i915.h"

/* The body shared by every site: the driver call, then the oracle's note. */
static __always_inline int sim_site_body(struct sim_req *req)
{
	switch (req->gpu->driver) {
	case SIM_DRV_I915:
		sim_i915_site_call(req);
		break;
	default:
		req->ret = -EOPNOTSUPP;
		break;
	}
	sim_oracle_note(req);
	barrier();
	return READ_ONCE(req->ret);
}

/* GEM mmap fault handler (i915_gem_mman.c: vm_fault_gtt/vm_fault_cpu) */
__sim_frame int sim_gem_fault(struct sim_req *req);
__sim_frame int sim_gem_fault(struct sim_req *req)
{
	return sim_site_body(req);
}

/* display power domain get/put (intel_display_power.c) */
__sim_frame int sim_display_power_get(struct sim_req *req);
__sim_frame int sim_display_power_get(struct sim_req *req)
{
	return sim_site_body(req);
}

/* GuC submission (intel_guc_submission.c) */
__sim_frame int sim_guc_submit(struct sim_req *req);
__sim_frame int sim_guc_submit(struct sim_req *req)
{
	return sim_site_body(req);
}

/* hotplug worker (intel_hotplug.c: i915_hotplug_work_func) */
__sim_frame int sim_hotplug_work(struct sim_req *req);
__sim_frame int sim_hotplug_work(struct sim_req *req)
{
	return sim_site_body(req);
}

/* PMU sampling (i915_pmu.c: get_rc6, uses get_if_in_use) */
__sim_frame int sim_pmu_sample(struct sim_req *req);
__sim_frame int sim_pmu_sample(struct sim_req *req)
{
	return sim_site_body(req);
}

/* a debugfs status file (i915_debugfs.c: with_intel_runtime_pm) */
__sim_frame int sim_debugfs_status(struct sim_req *req);
__sim_frame int sim_debugfs_status(struct sim_req *req)
{
	return sim_site_body(req);
}

/* an error path that forgets its put: the leak the tool has to find */
__sim_frame int sim_leaky_path(struct sim_req *req);
__sim_frame int sim_leaky_path(struct sim_req *req)
{
	return sim_site_body(req);
}

/* userfault autosuspend extension (intel_wakeref.c: intel_wakeref_auto) */
__sim_frame int sim_intel_wakeref_auto(struct sim_req *req);
__sim_frame int sim_intel_wakeref_auto(struct sim_req *req)
{
	return sim_site_body(req);
}

#define SIM_SITE(n)	{ .name = #n, .func = "sim_" #n, .fn = sim_##n }

/* sorted by name: the owners file prints in this order */
const struct sim_site sim_sites[] = {
	SIM_SITE(debugfs_status),
	SIM_SITE(display_power_get),
	SIM_SITE(gem_fault),
	SIM_SITE(guc_submit),
	SIM_SITE(hotplug_work),
	SIM_SITE(intel_wakeref_auto),
	SIM_SITE(leaky_path),
	SIM_SITE(pmu_sample),
};
const unsigned int sim_nr_sites = ARRAY_SIZE(sim_sites);

const struct sim_variant sim_variants[] = {
	{ "get", SIM_DRV_I915, SIM_OP_I915_GET, SIM_OP_I915_PUT_UNCHECKED },
	{ "get_raw", SIM_DRV_I915, SIM_OP_I915_GET_RAW, SIM_OP_I915_PUT_RAW },
	{ "get_if_in_use", SIM_DRV_I915, SIM_OP_I915_GET_IF_IN_USE, SIM_OP_I915_PUT_UNCHECKED },
	{ "get_if_active", SIM_DRV_I915, SIM_OP_I915_GET_IF_ACTIVE, SIM_OP_I915_PUT_UNCHECKED },
	{ "get_noresume", SIM_DRV_I915, SIM_OP_I915_GET_NORESUME, SIM_OP_I915_PUT_UNCHECKED },
};
const unsigned int sim_nr_variants = ARRAY_SIZE(sim_variants);

const struct sim_put_kind sim_put_kinds[] = {
	{ "unchecked", SIM_DRV_I915, SIM_OP_I915_PUT_UNCHECKED },
	{ "raw", SIM_DRV_I915, SIM_OP_I915_PUT_RAW },
};
const unsigned int sim_nr_put_kinds = ARRAY_SIZE(sim_put_kinds);

/* The owners file relies on the site table being sorted and small. */
int sim_sites_check(void)
{
	unsigned int i;

	BUILD_BUG_ON(ARRAY_SIZE(sim_sites) > SIM_MAX_SITES);
	for (i = 1; i < sim_nr_sites; i++) {
		if (strcmp(sim_sites[i - 1].func, sim_sites[i].func) >= 0) {
			pr_info("site table not sorted at %s\n", sim_sites[i].func);
			return -EINVAL;
		}
	}
	return 0;
}

/* "gem_fault" or "sim_gem_fault" */
const struct sim_site *sim_site_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < sim_nr_sites; i++) {
		if (!strcmp(name, sim_sites[i].name) || !strcmp(name, sim_sites[i].func))
			return &sim_sites[i];
	}
	return NULL;
}

const struct sim_variant *sim_variant_lookup(enum sim_driver driver, const char *name)
{
	unsigned int i;

	for (i = 0; i < sim_nr_variants; i++) {
		if (sim_variants[i].driver == driver && !strcmp(name, sim_variants[i].name))
			return &sim_variants[i];
	}
	return NULL;
}

const struct sim_put_kind *sim_put_kind_lookup(enum sim_driver driver, const char *name)
{
	unsigned int i;

	for (i = 0; i < sim_nr_put_kinds; i++) {
		if (sim_put_kinds[i].driver == driver && !strcmp(name, sim_put_kinds[i].name))
			return &sim_put_kinds[i];
	}
	return NULL;
}

bool sim_op_is_get(enum sim_op op)
{
	switch (op) {
	case SIM_OP_I915_GET:
	case SIM_OP_I915_GET_RAW:
	case SIM_OP_I915_GET_IF_IN_USE:
	case SIM_OP_I915_GET_IF_ACTIVE:
	case SIM_OP_I915_GET_NORESUME:
		return true;
	default:
		return false;
	}
}

/*
 * Take a wakeref on @gpu from @site.  Returns 0 or -errno; *@id is the
 * oracle id of the new owner, or 0 if a conditional get found the device
 * not in use (counted as a failed get; nothing is held).
 */
int sim_site_get(struct sim_gpu *gpu, const struct sim_site *site,
		 const struct sim_variant *variant, u64 *id)
{
	struct sim_req req = {
		.gpu = gpu,
		.site = site,
		.variant = variant,
		.op = variant->get_op,
	};
	int ret;

	*id = 0;
	req.owner = sim_oracle_alloc();
	if (!req.owner)
		return -ENOMEM;

	ret = site->fn(&req);
	if (req.owner) {
		/* not consumed: the get failed */
		sim_oracle_free(req.owner);
	} else {
		*id = req.id;
	}
	return ret;
}

/*
 * Release @owner (already taken out of the oracle) from the site that took
 * it, with @put_op; frees @owner.
 */
void sim_site_put(struct sim_owner *owner, enum sim_op put_op)
{
	struct sim_req req = {
		.gpu = owner->gpu,
		.site = owner->site,
		.variant = owner->variant,
		.op = put_op,
		.cookie = owner->cookie,
		.owner = owner,
	};
	int ret;

	ret = owner->site->fn(&req);
	if (ret)
		pr_info("%s: put of owner %llu at %s failed: %d\n", sim_gpu_name(owner->gpu),
			owner->id, owner->site->func, ret);
	sim_oracle_free(owner);
}

/* Release every wakeref held on @gpu, newest first; returns how many. */
unsigned int sim_release_all(struct sim_gpu *gpu)
{
	struct sim_owner *owner;
	unsigned int n = 0;

	while ((owner = sim_oracle_take(gpu, NULL, 0))) {
		sim_site_put(owner, owner->variant->put_op);
		n++;
	}
	return n;
}
