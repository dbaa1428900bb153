/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The i915 part of a site function's body: one driver entry point per
 * operation (runtime PM, display power, GT wakeref, userfault wakeref,
 * bench).  Always inlined, so the call is made from the site's own frame.
 */
#ifndef WAKEREF_SIM_I915_SITES_H
#define WAKEREF_SIM_I915_SITES_H

#include <linux/jiffies.h>
#include <linux/ktime.h>

#include "sim.h"
#include "sim_bench.h"
#include "sim_i915.h"

/*
 * bench: pairs of intel_runtime_pm_get + intel_runtime_pm_put (which is
 * put_unchecked unless SIM_DEBUG_RUNTIME_PM), optionally with a debug
 * build's tracking of each get and put (sim_bench.c), called where i915
 * calls it: after the get, before the put.
 */
static __always_inline void sim_i915_bench(struct sim_req *req, struct intel_runtime_pm *rpm)
{
	struct sim_bench_reftracker_dir dir;
	struct sim_bench_debug dbg;
	depot_stack_handle_t stack;
	intel_wakeref_t wref;
	unsigned int i;
	void *tracker;
	u64 t0, t1;

	if (req->tracking == SIM_TRACK_DEPOT)
		req->ret = sim_bench_debug_init(&dbg);
	else if (req->tracking == SIM_TRACK_REFTRACKER)
		req->ret = sim_bench_reftracker_init(&dir);
	if (req->ret)
		return;
	t0 = ktime_get_ns();
	for (i = 0; i < req->pairs; i++) {
		if (req->rate && !(i % 16))
			sim_bench_pace(t0, i, req->rate);
		wref = intel_runtime_pm_get(rpm);
		if (req->tracking == SIM_TRACK_DEPOT) {
			stack = sim_bench_track(&dbg);
			sim_bench_untrack(&dbg, stack);
		} else if (req->tracking == SIM_TRACK_REFTRACKER) {
			tracker = sim_bench_reftracker_get(&dir);
			sim_bench_reftracker_put(&dir, tracker);
		}
		intel_runtime_pm_put(rpm, wref);
	}
	t1 = ktime_get_ns();
	if (req->tracking == SIM_TRACK_DEPOT)
		sim_bench_debug_fini(&dbg);
	else if (req->tracking == SIM_TRACK_REFTRACKER)
		sim_bench_reftracker_fini(&dir);
	req->bench_t0 = t0;
	req->bench_t1 = t1;
	if (!req->bench_part)	/* a cpus= run records the whole (sim_bench_on_cpus()) */
		sim_bench_record(req->gpu, req->pairs, t1 - t0, req->tracking, req->rate, 1);
}

static __always_inline void sim_i915_site_call(struct sim_req *req)
{
	struct drm_i915_private *i915 = sim_gpu_to_i915(req->gpu);
	struct intel_runtime_pm *rpm = &i915->runtime_pm;
	intel_wakeref_t wref;

	switch (req->op) {
	case SIM_OP_I915_GET:
		wref = intel_runtime_pm_get(rpm);
		break;
	case SIM_OP_I915_GET_RAW:
		wref = intel_runtime_pm_get_raw(rpm);
		break;
	case SIM_OP_I915_GET_IF_IN_USE:
		wref = intel_runtime_pm_get_if_in_use(rpm);
		break;
	case SIM_OP_I915_GET_IF_ACTIVE:
		wref = intel_runtime_pm_get_if_active(rpm);
		break;
	case SIM_OP_I915_GET_NORESUME:
		wref = intel_runtime_pm_get_noresume(rpm);
		break;
	case SIM_OP_I915_PUT:
		intel_runtime_pm_put(rpm, sim_cookie_to_wref(req->cookie));
		return;
	case SIM_OP_I915_PUT_UNCHECKED:
		intel_runtime_pm_put_unchecked(rpm);
		return;
	case SIM_OP_I915_PUT_RAW:
		intel_runtime_pm_put_raw(rpm, sim_cookie_to_wref(req->cookie));
		return;
	case SIM_OP_DISPLAY_GET:
		wref = intel_display_power_get(sim_i915_display(i915), req->domain);
		break;
	case SIM_OP_DISPLAY_GET_IF_ENABLED:
		wref = intel_display_power_get_if_enabled(sim_i915_display(i915), req->domain);
		break;
	case SIM_OP_DISPLAY_PUT:
		intel_display_power_put(sim_i915_display(i915), req->domain,
					sim_cookie_to_wref(req->cookie));
		return;
	case SIM_OP_DISPLAY_PUT_ASYNC:
		__intel_display_power_put_async(sim_i915_display(i915), req->domain,
						sim_cookie_to_wref(req->cookie), req->delay_ms);
		return;
	case SIM_OP_DISPLAY_FLUSH:
		intel_display_power_flush_work(sim_i915_display(i915));
		return;
	case SIM_OP_GT_GET:
		intel_gt_pm_get(&i915->gt0);
		return;
	case SIM_OP_GT_PUT:
		intel_gt_pm_put(&i915->gt0);
		return;
	case SIM_OP_GT_PUT_ASYNC:
		intel_gt_pm_put_async(&i915->gt0);
		return;
	case SIM_OP_WAKEREF_AUTO:
		intel_wakeref_auto(&rpm->userfault_wakeref, msecs_to_jiffies(req->timeout_ms));
		return;
	case SIM_OP_BENCH:
		sim_i915_bench(req, rpm);
		return;
	default:
		req->ret = -EOPNOTSUPP;
		return;
	}
	req->cookie = sim_wref_to_cookie(wref);
	req->got = !!wref;
}

#endif /* WAKEREF_SIM_I915_SITES_H */
