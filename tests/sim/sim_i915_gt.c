// SPDX-License-Identifier: GPL-2.0
/*
 * The GT wakeref (gt/intel_gt_pm.c): gt->wakeref is a struct intel_wakeref
 * whose first get unparks the GT and whose last put parks it.
 *
 *  - __gt_unpark() (ops->get) takes the GT_IRQ display power domain,
 *    gt->awake = intel_display_power_get(i915, POWER_DOMAIN_GT_IRQ);
 *  - __gt_park() (ops->put) gives it back with intel_display_power_put_async(),
 *    so the domain (and a raw wakeref) lingers 100 ms after the GT parks.
 *
 * Nested gets and puts are the inline atomics of sim_i915.h
 * (intel_gt_pm_get/put), so only the first get and the last put call into
 * the driver.  The oracle: __gt_unpark records the GT_IRQ wakeref with itself
 * as owner (it is the caller of intel_display_power_get) and __gt_park
 * releases that record.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "sim.h"
#include "sim_i915.h"

static __sim_frame int __gt_unpark(struct intel_wakeref *wf)
{
	struct intel_gt *gt = container_of(wf, typeof(*gt), wakeref);
	struct drm_i915_private *i915 = gt->i915;

	sim_oracle_arm_get(sim_i915_to_gpu(i915), SIM_UNIT_WAKELOCK);
	gt->awake = intel_display_power_get(sim_i915_display(i915), POWER_DOMAIN_GT_IRQ);
	gt->sim_awake_id = sim_oracle_hold(sim_i915_to_gpu(i915), _THIS_IP_, SIM_UNIT_WAKELOCK,
					   "gt_irq", sim_wref_to_cookie(gt->awake));
	return 0;
}

static __sim_frame int __gt_park(struct intel_wakeref *wf)
{
	struct intel_gt *gt = container_of(wf, typeof(*gt), wakeref);
	struct drm_i915_private *i915 = gt->i915;
	intel_wakeref_t wakeref = fetch_and_zero(&gt->awake);
	u64 id = fetch_and_zero(&gt->sim_awake_id);

	/* defer dropping the display power well for 100ms, it's slow! */
	sim_oracle_put(sim_i915_to_gpu(i915), id);
	intel_display_power_put_async(sim_i915_display(i915), POWER_DOMAIN_GT_IRQ, wakeref);
	return 0;
}

static const struct intel_wakeref_ops wf_ops = {
	.get = __gt_unpark,
	.put = __gt_park,
};

__sim_frame void intel_gt_pm_init_early(struct intel_gt *gt)
{
	__intel_wakeref_init(&gt->wakeref, gt->i915, &wf_ops);
}
