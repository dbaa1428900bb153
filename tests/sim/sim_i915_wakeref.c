// SPDX-License-Identifier: GPL-2.0
/*
 * intel_wakeref.c: struct intel_wakeref, a counted wakeref with callbacks
 * on the first get and the last put (the GT's is in sim_i915_gt.c), and
 * intel_wakeref_auto, the userfault timer.
 *
 *  - __intel_wakeref_get_first() takes intel_runtime_pm_get() and, on the
 *    0 -> 1 transition, keeps it in wf->wakeref and calls ops->get();
 *  - __intel_wakeref_put_last() (flags bit 0: async) calls ops->put() and
 *    drops wf->wakeref with intel_runtime_pm_put(), now or from a work;
 *  - intel_wakeref_auto() takes intel_runtime_pm_get_if_in_use() on first
 *    use and holds it until wakeref_auto_timeout() (a timer) puts it.
 *
 * The oracle (owner rule in sim.h): wf->wakeref and the auto wakeref are
 * recorded here with the caller of __intel_wakeref_get_first() /
 * intel_wakeref_auto() as owner (_RET_IP_), and released where they are put.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/jiffies.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include "sim.h"
#include "sim_compat.h"
#include "sim_i915.h"

static struct sim_gpu *wf_to_gpu(struct intel_wakeref *wf)
{
	return sim_i915_rpm_to_gpu(sim_wf_rpm(wf));
}

__sim_frame int __intel_wakeref_get_first(struct intel_wakeref *wf)
{
	struct intel_runtime_pm *rpm = sim_wf_rpm(wf);
	intel_wakeref_t wakeref;
	u64 id = 0;
	int ret = 0;

	sim_oracle_arm_get(wf_to_gpu(wf), SIM_UNIT_WAKELOCK);
	wakeref = intel_runtime_pm_get(rpm);

	mutex_lock(&wf->mutex);

	if (!atomic_read(&wf->count)) {
		wf->wakeref = wakeref;
		wf->sim_oracle_id = sim_oracle_hold(wf_to_gpu(wf), _RET_IP_, SIM_UNIT_WAKELOCK,
						    "intel_wakeref",
						    sim_wref_to_cookie(wakeref));
		wakeref = SIM_WAKEREF_NONE;

		ret = wf->ops->get(wf);
		if (ret) {
			wakeref = xchg(&wf->wakeref, SIM_WAKEREF_NONE);
			id = fetch_and_zero(&wf->sim_oracle_id);
			goto unlock;
		}
		smp_mb__before_atomic(); /* release wf->count */
	}
	atomic_inc(&wf->count);

unlock:
	mutex_unlock(&wf->mutex);
	/* lost a race to another first get (no record), or ops->get failed */
	if (unlikely(wakeref)) {
		sim_oracle_put(wf_to_gpu(wf), id);
		intel_runtime_pm_put(rpm, wakeref);
	}

	return ret;
}

/* With wf->mutex held; drops it. */
static __sim_frame void ____intel_wakeref_put_last(struct intel_wakeref *wf)
{
	intel_wakeref_t wakeref = SIM_WAKEREF_NONE;
	u64 id = 0;

	if (unlikely(!atomic_dec_and_test(&wf->count)))
		goto unlock;

	/* ops->put() must reschedule its own release on error/deferral */
	if (likely(!wf->ops->put(wf))) {
		wakeref = fetch_and_zero(&wf->wakeref);
		id = fetch_and_zero(&wf->sim_oracle_id);
	}
unlock:
	mutex_unlock(&wf->mutex);

	if (wakeref) {
		sim_oracle_put(wf_to_gpu(wf), id);
		intel_runtime_pm_put(sim_wf_rpm(wf), wakeref);
	}
}

static __sim_frame void __intel_wakeref_put_work(struct work_struct *wrk)
{
	struct intel_wakeref *wf = container_of(wrk, typeof(*wf), work.work);

	if (atomic_add_unless(&wf->count, -1, 1))
		return;

	mutex_lock(&wf->mutex);
	____intel_wakeref_put_last(wf);
}

__sim_frame void __intel_wakeref_put_last(struct intel_wakeref *wf, unsigned long flags)
{
	/* assume we are not in process context and so cannot sleep */
	if (flags & INTEL_WAKEREF_PUT_ASYNC || !mutex_trylock(&wf->mutex)) {
		mod_delayed_work(system_dfl_wq, &wf->work,
				 FIELD_GET(INTEL_WAKEREF_PUT_DELAY, flags));
		return;
	}

	____intel_wakeref_put_last(wf);
}

__sim_frame void __intel_wakeref_init(struct intel_wakeref *wf, struct drm_i915_private *i915,
				      const struct intel_wakeref_ops *ops)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	wf->i915 = i915;
#else
	wf->rpm = &i915->runtime_pm;
#endif
	wf->ops = ops;
	mutex_init(&wf->mutex);
	atomic_set(&wf->count, 0);
	wf->wakeref = SIM_WAKEREF_NONE;
	wf->sim_oracle_id = 0;
	INIT_DELAYED_WORK(&wf->work, __intel_wakeref_put_work);
}

static __sim_frame void wakeref_auto_timeout(struct timer_list *t)
{
	struct intel_wakeref_auto *wf = timer_container_of(wf, t, timer);
	struct intel_runtime_pm *rpm = sim_wf_auto_rpm(wf);
	intel_wakeref_t wakeref;
	unsigned long flags;
	u64 id;

	if (!refcount_dec_and_lock_irqsave(&wf->count, &wf->lock, &flags))
		return;

	wakeref = fetch_and_zero(&wf->wakeref);
	id = fetch_and_zero(&wf->sim_oracle_id);
	spin_unlock_irqrestore(&wf->lock, flags);

	/* i915 puts unconditionally; a failed get_if_in_use held nothing */
	if (wakeref) {
		sim_oracle_put(sim_i915_rpm_to_gpu(rpm), id);
		intel_runtime_pm_put(rpm, wakeref);
	}
}

__sim_frame void intel_wakeref_auto(struct intel_wakeref_auto *wf, unsigned long timeout)
{
	struct intel_runtime_pm *rpm = sim_wf_auto_rpm(wf);
	unsigned long flags;

	if (!timeout) {
		if (timer_delete_sync(&wf->timer))
			wakeref_auto_timeout(&wf->timer);
		return;
	}

	/* our mission is that we only extend an already active wakeref */
	assert_rpm_wakelock_held(rpm);

	if (!refcount_inc_not_zero(&wf->count)) {
		spin_lock_irqsave(&wf->lock, flags);
		if (!refcount_inc_not_zero(&wf->count)) {
			sim_oracle_arm_get(sim_i915_rpm_to_gpu(rpm), SIM_UNIT_WAKELOCK);
			wf->wakeref = intel_runtime_pm_get_if_in_use(rpm);
			if (wf->wakeref)
				wf->sim_oracle_id =
					sim_oracle_hold(sim_i915_rpm_to_gpu(rpm), _RET_IP_,
							SIM_UNIT_WAKELOCK, "wakeref_auto",
							sim_wref_to_cookie(wf->wakeref));
			refcount_set(&wf->count, 1);
		}
		spin_unlock_irqrestore(&wf->lock, flags);
	}

	/*
	 * If we extend a pending timer, we will only get a single timer
	 * callback and so need to cancel the local inc by running the
	 * elided callback to keep the wf->count balanced.
	 */
	if (mod_timer(&wf->timer, jiffies + timeout))
		wakeref_auto_timeout(&wf->timer);
}

__sim_frame void intel_wakeref_auto_init(struct intel_wakeref_auto *wf,
					 struct drm_i915_private *i915)
{
	spin_lock_init(&wf->lock);
	timer_setup(&wf->timer, wakeref_auto_timeout, 0);
	refcount_set(&wf->count, 0);
	wf->wakeref = SIM_WAKEREF_NONE;
	wf->sim_oracle_id = 0;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	wf->i915 = i915;
#else
	wf->rpm = &i915->runtime_pm;
#endif
}

__sim_frame void intel_wakeref_auto_fini(struct intel_wakeref_auto *wf)
{
	intel_wakeref_auto(wf, 0);
}
