// SPDX-License-Identifier: GPL-2.0
/*
 * Call sites: the functions that take and release wakerefs, named after the
 * kind of i915 code that does so in real life.  Each site function calls the
 * runtime-PM entry point itself, so a stack seen from fentry on
 * intel_runtime_pm_get() reads
 *
 *	intel_runtime_pm_get <- sim_<site> <- sim_ops_call <- (context) <- ...
 *
 * where (context) is sim_ops_run() <- ... <- write for ctx=current, or a
 * kthread, work, timer or irq_work function (sim_ctx.c).
 *
 * The same site function takes and releases (chosen by req->op), so pairing
 * by caller function works.  Site functions are __sim_frame (noinline,
 * noipa: no inlining, cloning or folding of the identical bodies) and do
 * work after the entry point returns, so they cannot tail-call it.
 *
 * Every kind of operation (runtime PM, display power, GT, userfault wakeref,
 * xe, bench) goes through the same site functions, so any site can do any
 * of them.
 *
 * Also here: the tables of variants (how to take) and put kinds (how to
 * release), and what each operation may do (sim_op_*()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "sim.h"
#include "sim_i915_sites.h"
#include "sim_xe.h"

/*
 * The body shared by every site: the oracle armed for the stamps of the get
 * or put (sim_oracle_stamp.c), the driver call, then the oracle's note.
 */
static __always_inline int sim_site_body(struct sim_req *req)
{
	sim_oracle_arm_site(req);
	switch (req->gpu->driver) {
	case SIM_DRV_I915:
		sim_i915_site_call(req);
		break;
	case SIM_DRV_XE:
		sim_xe_site_call(req);
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

/* an atomic commit enabling a pipe (intel_display.c: intel_atomic_commit_tail) */
__sim_frame int sim_atomic_commit(struct sim_req *req);
__sim_frame int sim_atomic_commit(struct sim_req *req)
{
	return sim_site_body(req);
}

/* display power domain get/put (intel_display_power.c) */
__sim_frame int sim_display_power_get(struct sim_req *req);
__sim_frame int sim_display_power_get(struct sim_req *req)
{
	return sim_site_body(req);
}

/* request retirement parking the GT (i915_request.c / intel_gt_requests.c) */
__sim_frame int sim_engine_retire(struct sim_req *req);
__sim_frame int sim_engine_retire(struct sim_req *req)
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

/* the xe ioctl wrapper (xe_device.c: xe_drm_ioctl) */
__sim_frame int sim_xe_ioctl(struct sim_req *req);
__sim_frame int sim_xe_ioctl(struct sim_req *req)
{
	return sim_site_body(req);
}

/* an xe job submission (xe_exec.c) */
__sim_frame int sim_xe_exec(struct sim_req *req);
__sim_frame int sim_xe_exec(struct sim_req *req)
{
	return sim_site_body(req);
}

/* not a site: what ops without a SITE (display_flush DEV) are called from */
__sim_frame int sim_no_site(struct sim_req *req)
{
	return sim_site_body(req);
}

#define SIM_SITE(n)	{ .name = #n, .func = "sim_" #n, .fn = sim_##n }

/* sorted by name: the owners file prints in this order */
const struct sim_site sim_sites[] = {
	SIM_SITE(atomic_commit),
	SIM_SITE(debugfs_status),
	SIM_SITE(display_power_get),
	SIM_SITE(engine_retire),
	SIM_SITE(gem_fault),
	SIM_SITE(guc_submit),
	SIM_SITE(hotplug_work),
	SIM_SITE(intel_wakeref_auto),
	SIM_SITE(leaky_path),
	SIM_SITE(pmu_sample),
	SIM_SITE(xe_exec),
	SIM_SITE(xe_ioctl),
};
const unsigned int sim_nr_sites = ARRAY_SIZE(sim_sites);

#define I915_WAKELOCK(n, get, atomic) \
	{ n, SIM_DRV_I915, get, SIM_OP_I915_PUT, SIM_UNIT_WAKELOCK, atomic, true }
#define XE_REF(n, get, atomic) \
	{ n, SIM_DRV_XE, get, SIM_OP_XE_PUT, SIM_UNIT_XE, atomic, true }

/* atomic: may run in timer/irq context (no sleeping call on the way) */
const struct sim_variant sim_variants[] = {
	I915_WAKELOCK("get", SIM_OP_I915_GET, false),
	{ "get_raw", SIM_DRV_I915, SIM_OP_I915_GET_RAW, SIM_OP_I915_PUT_RAW, SIM_UNIT_RAW,
	  false, true },
	I915_WAKELOCK("get_if_in_use", SIM_OP_I915_GET_IF_IN_USE, true),
	I915_WAKELOCK("get_if_active", SIM_OP_I915_GET_IF_ACTIVE, true),
	I915_WAKELOCK("get_noresume", SIM_OP_I915_GET_NORESUME, true),
	XE_REF("xe_get", SIM_OP_XE_GET, false),
	XE_REF("xe_get_ioctl", SIM_OP_XE_GET_IOCTL, false),
	XE_REF("xe_get_if_active", SIM_OP_XE_GET_IF_ACTIVE, true),
	XE_REF("xe_get_if_in_use", SIM_OP_XE_GET_IF_IN_USE, true),
	XE_REF("xe_get_noresume", SIM_OP_XE_GET_NORESUME, true),
	XE_REF("xe_resume_and_get", SIM_OP_XE_RESUME_AND_GET, false),
};
const unsigned int sim_nr_variants = ARRAY_SIZE(sim_variants);

/* the display gets have commands of their own (they need a DOMAIN) */
const struct sim_variant sim_display_get_variant = {
	"display_get", SIM_DRV_I915, SIM_OP_DISPLAY_GET, SIM_OP_DISPLAY_PUT,
	SIM_UNIT_WAKELOCK, false, false
};
const struct sim_variant sim_display_get_if_enabled_variant = {
	"display_get_if_enabled", SIM_DRV_I915, SIM_OP_DISPLAY_GET_IF_ENABLED,
	SIM_OP_DISPLAY_PUT, SIM_UNIT_WAKELOCK, false, false
};

const struct sim_put_kind sim_put_kinds[] = {
	{ "unchecked", SIM_DRV_I915, SIM_OP_I915_PUT_UNCHECKED },
	{ "raw", SIM_DRV_I915, SIM_OP_I915_PUT_RAW },
#ifdef SIM_DEBUG_RUNTIME_PM
	{ "tracked", SIM_DRV_I915, SIM_OP_I915_PUT },
#endif
	{ "xe", SIM_DRV_XE, SIM_OP_XE_PUT },
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

/* A get whose reference, if it succeeds, the site holds (and records). */
bool sim_op_site_holds(enum sim_op op)
{
	switch (op) {
	case SIM_OP_I915_GET:
	case SIM_OP_I915_GET_RAW:
	case SIM_OP_I915_GET_IF_IN_USE:
	case SIM_OP_I915_GET_IF_ACTIVE:
	case SIM_OP_I915_GET_NORESUME:
	case SIM_OP_DISPLAY_GET:
	case SIM_OP_DISPLAY_GET_IF_ENABLED:
	case SIM_OP_XE_GET:
	case SIM_OP_XE_GET_IOCTL:
	case SIM_OP_XE_GET_IF_ACTIVE:
	case SIM_OP_XE_GET_IF_IN_USE:
	case SIM_OP_XE_GET_NORESUME:
	case SIM_OP_XE_RESUME_AND_GET:
		return true;
	default:
		return false;
	}
}

/*
 * May @op run in timer (softirq) or irq_work (hard IRQ) context?  Only what
 * the real drivers do there: puts (pm_runtime_put*() are async),
 * conditional gets, get_noresume, an async GT put and intel_wakeref_auto.
 * Everything else sleeps: pm_runtime_get_sync/resume or a mutex.
 */
bool sim_op_atomic_ok(enum sim_op op)
{
	switch (op) {
	case SIM_OP_I915_GET_IF_IN_USE:
	case SIM_OP_I915_GET_IF_ACTIVE:
	case SIM_OP_I915_GET_NORESUME:
	case SIM_OP_I915_PUT:
	case SIM_OP_I915_PUT_UNCHECKED:
	case SIM_OP_I915_PUT_RAW:
	case SIM_OP_GT_PUT_ASYNC:
	case SIM_OP_WAKEREF_AUTO:
	case SIM_OP_XE_GET_IF_ACTIVE:
	case SIM_OP_XE_GET_IF_IN_USE:
	case SIM_OP_XE_GET_NORESUME:
	case SIM_OP_XE_PUT:
		return true;
	default:
		return false;
	}
}

static const char * const sim_op_names[] = {
	[SIM_OP_NONE] = "none",
	[SIM_OP_I915_GET] = "intel_runtime_pm_get",
	[SIM_OP_I915_GET_RAW] = "intel_runtime_pm_get_raw",
	[SIM_OP_I915_GET_IF_IN_USE] = "intel_runtime_pm_get_if_in_use",
	[SIM_OP_I915_GET_IF_ACTIVE] = "intel_runtime_pm_get_if_active",
	[SIM_OP_I915_GET_NORESUME] = "intel_runtime_pm_get_noresume",
	[SIM_OP_I915_PUT] = "intel_runtime_pm_put",
	[SIM_OP_I915_PUT_UNCHECKED] = "intel_runtime_pm_put_unchecked",
	[SIM_OP_I915_PUT_RAW] = "intel_runtime_pm_put_raw",
	[SIM_OP_DISPLAY_GET] = "intel_display_power_get",
	[SIM_OP_DISPLAY_GET_IF_ENABLED] = "intel_display_power_get_if_enabled",
	[SIM_OP_DISPLAY_PUT] = "intel_display_power_put",
	[SIM_OP_DISPLAY_PUT_ASYNC] = "__intel_display_power_put_async",
	[SIM_OP_DISPLAY_FLUSH] = "intel_display_power_flush_work",
	[SIM_OP_GT_GET] = "intel_gt_pm_get",
	[SIM_OP_GT_PUT] = "intel_gt_pm_put",
	[SIM_OP_GT_PUT_ASYNC] = "intel_gt_pm_put_async",
	[SIM_OP_WAKEREF_AUTO] = "intel_wakeref_auto",
	[SIM_OP_BENCH] = "bench",
	[SIM_OP_XE_GET] = "xe_pm_runtime_get",
	[SIM_OP_XE_GET_IOCTL] = "xe_pm_runtime_get_ioctl",
	[SIM_OP_XE_GET_IF_ACTIVE] = "xe_pm_runtime_get_if_active",
	[SIM_OP_XE_GET_IF_IN_USE] = "xe_pm_runtime_get_if_in_use",
	[SIM_OP_XE_GET_NORESUME] = "xe_pm_runtime_get_noresume",
	[SIM_OP_XE_RESUME_AND_GET] = "xe_pm_runtime_resume_and_get",
	[SIM_OP_XE_PUT] = "xe_pm_runtime_put",
};

const char *sim_op_name(enum sim_op op)
{
	return op < ARRAY_SIZE(sim_op_names) && sim_op_names[op] ? sim_op_names[op] : "?";
}
