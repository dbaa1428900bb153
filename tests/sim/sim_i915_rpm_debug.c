// SPDX-License-Identifier: GPL-2.0
/*
 * The CONFIG_DRM_I915_DEBUG_RUNTIME_PM=y side of intel_runtime_pm.c, built
 * only with SIM_DEBUG_RPM=1 (-DSIM_DEBUG_RUNTIME_PM): every get returns a
 * cookie of its own, which the tracked put hands back.
 *
 * From 6.8 i915 allocates a struct ref_tracker per get and returns its
 * address; the simulation does the same with its own small tracker (the
 * guest kernels have no CONFIG_REF_TRACKER).  Before 6.8 intel_wakeref_t is
 * a u32 depot handle, which is not unique per get; there the cookie is a
 * unique u32 handle instead (never 0 or -1).
 *
 * A put whose cookie is not tracked is i915's "Unmatched wakeref" WARN: an
 * assert here.  put_unchecked (INTEL_WAKEREF_DEF) untracks nothing, so its
 * tracker stays until the driver is released, as in i915.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/slab.h>

#include "sim.h"
#include "sim_i915.h"

struct sim_ref_tracker {
	struct list_head link;
	intel_wakeref_t cookie;
};

void sim_rpm_debug_init(struct intel_runtime_pm *rpm)
{
	spin_lock_init(&rpm->debug.lock);
	INIT_LIST_HEAD(&rpm->debug.trackers);
	rpm->debug.count = 0;
	rpm->debug.next_handle = 0;
}

/* May run in any context: GFP_NOWAIT, as intel_ref_tracker_alloc(). */
intel_wakeref_t sim_rpm_track(struct intel_runtime_pm *rpm)
{
	struct sim_ref_tracker *t;
	unsigned long flags;

	if (!rpm->available || rpm->no_wakeref_tracking)
		return INTEL_WAKEREF_DEF;

	t = kmalloc(sizeof(*t), GFP_NOWAIT | __GFP_NOWARN);
	if (!t)
		return INTEL_WAKEREF_DEF;

	spin_lock_irqsave(&rpm->debug.lock, flags);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	t->cookie = (intel_wakeref_t)t;
#else
	do {
		t->cookie = ++rpm->debug.next_handle;
	} while (!t->cookie || t->cookie == INTEL_WAKEREF_DEF);
#endif
	list_add_tail(&t->link, &rpm->debug.trackers);
	rpm->debug.count++;
	spin_unlock_irqrestore(&rpm->debug.lock, flags);

	return t->cookie;
}

void sim_rpm_untrack(struct intel_runtime_pm *rpm, intel_wakeref_t wref)
{
	struct sim_ref_tracker *t, *found = NULL;
	unsigned long flags;

	if (wref == INTEL_WAKEREF_DEF || !wref)
		return;

	spin_lock_irqsave(&rpm->debug.lock, flags);
	list_for_each_entry(t, &rpm->debug.trackers, link) {
		if (t->cookie == wref) {
			list_del(&t->link);
			rpm->debug.count--;
			found = t;
			break;
		}
	}
	spin_unlock_irqrestore(&rpm->debug.lock, flags);

	if (found) {
		kfree(found);
		return;
	}
	sim_oracle_assert(sim_i915_rpm_to_gpu(rpm));
	pr_info_ratelimited("%s: Unmatched wakeref %#lx (tracking %lu)\n", dev_name(rpm->kdev),
			    (unsigned long)wref, rpm->debug.count);
}

/* Driver release: drop what put_unchecked left tracked. */
void sim_rpm_debug_fini(struct intel_runtime_pm *rpm)
{
	struct sim_ref_tracker *t, *tmp;
	unsigned long n = 0;

	list_for_each_entry_safe(t, tmp, &rpm->debug.trackers, link) {
		list_del(&t->link);
		kfree(t);
		n++;
	}
	rpm->debug.count = 0;
	if (n)
		pr_info("%s: %lu tracked wakeref(s) never untracked (put_unchecked)\n",
			dev_name(rpm->kdev), n);
}
