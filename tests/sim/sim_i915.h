/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-ins for the i915 types the wakeref tool reads, and the i915
 * runtime-PM entry points under their real names and signatures
 * (intel_wakeref.h, intel_runtime_pm.h, i915_drv.h).
 *
 * Field names and types are the real ones; order and offsets are not (every
 * struct starts with padding and the fields are shuffled), so a BPF program
 * only reads them right here if its CO-RE relocations work.
 */
#ifndef WAKEREF_SIM_I915_H
#define WAKEREF_SIM_I915_H

#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/stackdepot.h>
#include <linux/version.h>

#include "sim.h"

/* intel_wakeref.h: the cookie type and the value every untracked get returns */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
struct ref_tracker;
typedef struct ref_tracker *intel_wakeref_t;
#define INTEL_WAKEREF_DEF	((intel_wakeref_t)ERR_PTR(-ENOENT))
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
typedef unsigned long intel_wakeref_t;
#define INTEL_WAKEREF_DEF	((intel_wakeref_t)(-1))
#else
typedef depot_stack_handle_t intel_wakeref_t;
#define INTEL_WAKEREF_DEF	((intel_wakeref_t)(-1))
#endif
/* what a failed conditional get returns: 0, or NULL from 6.13 */
#define SIM_WAKEREF_NONE	((intel_wakeref_t)0)

static inline unsigned long sim_wref_to_cookie(intel_wakeref_t wref)
{
	return (unsigned long)wref;
}

static inline intel_wakeref_t sim_cookie_to_wref(unsigned long cookie)
{
	return (intel_wakeref_t)cookie;
}

/* intel_runtime_pm.h: low 16 bits count all references, high 16 wakelocks */
#define INTEL_RPM_WAKELOCK_SHIFT	16
#define INTEL_RPM_WAKELOCK_BIAS		(1 << INTEL_RPM_WAKELOCK_SHIFT)
#define INTEL_RPM_RAW_WAKEREF_MASK	(INTEL_RPM_WAKELOCK_BIAS - 1)

static inline unsigned int intel_rpm_raw_wakeref_count(int wakeref_count)
{
	return wakeref_count & INTEL_RPM_RAW_WAKEREF_MASK;
}

static inline unsigned int intel_rpm_wakelock_count(int wakeref_count)
{
	return (unsigned int)wakeref_count >> INTEL_RPM_WAKELOCK_SHIFT;
}

struct intel_runtime_pm {
	u64 sim_pad[5];				/* not in i915: moves every field */
	struct list_head lmem_userfault_list;	/* unused yet */
	spinlock_t lmem_userfault_lock;		/* unused yet */
	bool no_wakeref_tracking;
	bool available;
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
	bool irqs_enabled;			/* removed in 6.13 */
#endif
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
	bool suspended;				/* removed in 6.8 */
#endif
	struct device *kdev;			/* the device; i915: i915->drm.dev */
	u32 sim_pad2;
	atomic_t wakeref_count;
};

/* A minimal stand-in for drm's struct drm_device: only what the tool reads. */
struct drm_device {
	int if_version;
	struct kref ref;
	struct device *dev;
};

/* As in every i915: drm first, so container_of(rpm) leads to drm.dev. */
struct drm_i915_private {
	struct drm_device drm;
	u64 sim_pad[3];
	struct intel_runtime_pm runtime_pm;
};

/* The simulation's own wrapper around one i915 device. */
struct sim_i915 {
	struct drm_i915_private i915;
	struct sim_gpu gpu;
};

static inline struct sim_gpu *sim_i915_rpm_to_gpu(struct intel_runtime_pm *rpm)
{
	struct drm_i915_private *i915 = container_of(rpm, struct drm_i915_private, runtime_pm);

	return &container_of(i915, struct sim_i915, i915)->gpu;
}

static inline struct intel_runtime_pm *sim_gpu_to_rpm(const struct sim_gpu *gpu)
{
	struct drm_i915_private *i915 = gpu->drvdata;

	return &i915->runtime_pm;
}

/* intel_runtime_pm.c: the entry points (sim_i915_rpm.c) */
intel_wakeref_t intel_runtime_pm_get(struct intel_runtime_pm *rpm);
intel_wakeref_t intel_runtime_pm_get_raw(struct intel_runtime_pm *rpm);
intel_wakeref_t intel_runtime_pm_get_if_in_use(struct intel_runtime_pm *rpm);
intel_wakeref_t intel_runtime_pm_get_if_active(struct intel_runtime_pm *rpm);
intel_wakeref_t intel_runtime_pm_get_noresume(struct intel_runtime_pm *rpm);
void intel_runtime_pm_put_unchecked(struct intel_runtime_pm *rpm);
void intel_runtime_pm_put_raw(struct intel_runtime_pm *rpm, intel_wakeref_t wref);

/* probe/remove helpers with their real names */
void intel_runtime_pm_init_early(struct intel_runtime_pm *rpm);
void intel_runtime_pm_enable(struct intel_runtime_pm *rpm);
void intel_runtime_pm_disable(struct intel_runtime_pm *rpm);
void intel_runtime_pm_driver_release(struct intel_runtime_pm *rpm);

/*
 * The body of a site function for an i915 request.  Always inlined, so the
 * call to the entry point is made from the site function's own frame.
 */
static __always_inline void sim_i915_site_call(struct sim_req *req)
{
	struct intel_runtime_pm *rpm = sim_gpu_to_rpm(req->gpu);
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
	case SIM_OP_I915_PUT_UNCHECKED:
		intel_runtime_pm_put_unchecked(rpm);
		return;
	case SIM_OP_I915_PUT_RAW:
		intel_runtime_pm_put_raw(rpm, sim_cookie_to_wref(req->cookie));
		return;
	default:
		req->ret = -EOPNOTSUPP;
		return;
	}
	req->cookie = sim_wref_to_cookie(wref);
	req->got = !!wref;
}

#endif /* WAKEREF_SIM_I915_H */
