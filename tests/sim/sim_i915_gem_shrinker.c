// SPDX-License-Identifier: GPL-2.0
/*
 * i915_gem_shrink() (gem/i915_gem_shrinker.c) as it was from 5.13's
 * "drm/i915: Finally remove obj->mm.lock." (cf41a8f1dc1e) until the fix
 * "drm/i915: Fix runtime pm handling in i915_gem_shrink" (0c9477738649,
 * 5.15): a wakeref leaked on an error path.
 *
 * With I915_SHRINK_BOUND it takes intel_runtime_pm_get_if_in_use(), then
 * walks the objects; with a ww context each is locked by
 * i915_gem_object_lock(obj, ww), which fails with -EDEADLK when the ww
 * transaction must back off (or -EINTR, interrupted).  The error was
 * returned at once ("if (err) return err;" after the phase's loop), before
 * the intel_runtime_pm_put() at the end: the wakeref stayed held.  The fix
 * breaks out of the loop and returns the error after the put.
 *
 * In i915.ko i915_gem_object_lock() is a header inline around
 * dma_resv_lock_interruptible(), so the call that fails there is
 * ww_mutex_lock_interruptible() in vmlinux; here it is an out-of-line
 * stand-in under the inline's name, and the ww context carries the sim's
 * knob: the error it returns.
 *
 * The caller holds the device awake (i915_gem_shrinker_scan() runs the
 * shrink inside with_intel_runtime_pm()), so the conditional get succeeds.
 *
 * ctl: "gem_shrink DEV [lock_err=EDEADLK|EINTR] [n=N]": one shrink of
 * SIM_SHRINK_OBJS objects, each lock failing with that error if given.  The
 * oracle records the leaked wakelock as held by i915_gem_shrink.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/slab.h>

#include "sim.h"
#include "sim_i915.h"
#include "sim_paths.h"

#define SIM_SHRINK_OBJS	4

/* i915_gem_shrinker.h */
#define I915_SHRINK_UNBOUND	BIT(0)
#define I915_SHRINK_BOUND	BIT(1)

/* i915_gem_ww.h; sim_lock_err is the sim's knob */
struct i915_gem_ww_ctx {
	struct list_head obj_list;
	struct drm_i915_gem_object *contended;
	bool intr;
	int sim_lock_err;
};

static struct sim_gpu *rpm_to_gpu(struct intel_runtime_pm *rpm)
{
	return sim_i915_rpm_to_gpu(rpm);
}

/* i915_gem_object.h: fails as dma_resv_lock_interruptible() can */
static __sim_frame int i915_gem_object_lock(struct drm_i915_gem_object *obj,
					    struct i915_gem_ww_ctx *ww)
{
	if (ww && ww->sim_lock_err)
		return ww->sim_lock_err;
	return 0;
}

static __sim_frame void i915_gem_object_unlock(struct drm_i915_gem_object *obj)
{
	barrier();
}

/* the pre-fix body, reduced to one phase of SIM_SHRINK_OBJS objects */
__sim_frame long i915_gem_shrink(struct i915_gem_ww_ctx *ww, struct drm_i915_private *i915,
				 unsigned long target, unsigned long *nr_scanned,
				 unsigned int shrink)
{
	struct drm_i915_gem_object *objs;
	intel_wakeref_t wakeref = SIM_WAKEREF_NONE;
	unsigned long count = 0, scanned = 0;
	unsigned int i;
	u64 id = 0;
	int err = 0;

	objs = kcalloc(SIM_SHRINK_OBJS, sizeof(*objs), GFP_KERNEL);
	if (!objs)
		return -ENOMEM;
	if (shrink & I915_SHRINK_BOUND) {
		sim_oracle_arm_get(rpm_to_gpu(&i915->runtime_pm), SIM_UNIT_WAKELOCK);
		wakeref = intel_runtime_pm_get_if_in_use(&i915->runtime_pm);
		if (!wakeref)
			shrink &= ~I915_SHRINK_BOUND;
		else
			id = sim_oracle_hold(rpm_to_gpu(&i915->runtime_pm), _THIS_IP_,
					     SIM_UNIT_WAKELOCK, "wakelock",
					     sim_wref_to_cookie(wakeref));
	}
	for (i = 0; i < SIM_SHRINK_OBJS && count < target; i++) {
		struct drm_i915_gem_object *obj = &objs[i];

		obj->base.size = PAGE_SIZE;
		err = i915_gem_object_lock(obj, ww);
		if (err)
			break;
		count += obj->base.size >> PAGE_SHIFT;
		i915_gem_object_unlock(obj);
		scanned += obj->base.size >> PAGE_SHIFT;
	}
	kfree(objs);
	if (err)
		return err;	/* the leak: the put below is skipped */

	if (shrink & I915_SHRINK_BOUND) {
		sim_oracle_put(rpm_to_gpu(&i915->runtime_pm), id);
		intel_runtime_pm_put(&i915->runtime_pm, wakeref);
	}
	if (nr_scanned)
		*nr_scanned += scanned;
	return count;
}

/* ctl: the shrink inside a wakeref, as i915_gem_shrinker_scan() runs it */
int sim_i915_gem_shrink_cmd(struct sim_gpu *gpu, int lock_err)
{
	struct drm_i915_private *i915 = sim_gpu_to_i915(gpu);
	struct intel_runtime_pm *rpm = &i915->runtime_pm;
	struct i915_gem_ww_ctx ww = { .intr = true, .sim_lock_err = lock_err };
	unsigned long scanned = 0;
	intel_wakeref_t wakeref;
	long freed;
	u64 id;

	INIT_LIST_HEAD(&ww.obj_list);
	sim_oracle_arm_get(gpu, SIM_UNIT_WAKELOCK);
	wakeref = intel_runtime_pm_get(rpm);
	id = sim_oracle_hold(gpu, _THIS_IP_, SIM_UNIT_WAKELOCK, "wakelock",
			     sim_wref_to_cookie(wakeref));
	freed = i915_gem_shrink(&ww, i915, SIM_SHRINK_OBJS, &scanned,
				I915_SHRINK_BOUND | I915_SHRINK_UNBOUND);
	sim_oracle_put(gpu, id);
	intel_runtime_pm_put(rpm, wakeref);
	/* the shrinker's error is the shrinker's: the write succeeds */
	if (freed < 0)
		pr_info("%s: i915_gem_shrink: %ld\n", sim_gpu_name(gpu), freed);
	return 0;
}
