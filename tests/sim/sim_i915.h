/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-ins for the i915 types the wakeref tool reads, and the i915 entry
 * points under their real names and signatures (intel_wakeref.h,
 * intel_runtime_pm.h, intel_display_power.h, intel_gt_pm.h, i915_drv.h).
 *
 * Field names and types are the real ones; order and offsets are not (every
 * struct starts with padding and the fields are shuffled), so a BPF program
 * only reads them right here if its CO-RE relocations work.  Fields whose
 * name starts with sim_ are the oracle's and not in i915.
 *
 * SIM_DEBUG_RUNTIME_PM (make SIM_DEBUG_RPM=1) builds what i915 builds with
 * CONFIG_DRM_I915_DEBUG_RUNTIME_PM=y: tracked cookies and a global
 * intel_runtime_pm_put() / intel_display_power_put().
 */
#ifndef WAKEREF_SIM_I915_H
#define WAKEREF_SIM_I915_H

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pm_runtime.h>
#include <linux/printk.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/stackdepot.h>
#include <linux/timer.h>
#include <linux/version.h>
#include <linux/workqueue.h>

#include "sim.h"
#include "sim_display_parent.h"
#include "sim_drm.h"
#include "sim_i915_gem.h"


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

struct drm_i915_private;
struct intel_runtime_pm;

/* intel_wakeref.h: the userfault autosuspend extension (6.5+: i915 first) */
struct intel_wakeref_auto {
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	struct drm_i915_private *i915;
#else
	struct intel_runtime_pm *rpm;
#endif
	struct timer_list timer;
	intel_wakeref_t wakeref;
	spinlock_t lock;
	refcount_t count;
	u64 sim_oracle_id;		/* the record of @wakeref */
};

#ifdef SIM_DEBUG_RUNTIME_PM
/*
 * the debug build's owner list: lib/ref_tracker.c's struct ref_tracker_dir
 * (i915's rpm->debug, class "intel_runtime_pm", 6.8+), with its debugfs
 * file and symlink (sim_i915_rpm_debug.c)
 */
struct sim_rpm_debug {
	spinlock_t lock;
	struct list_head trackers;	/* struct sim_ref_tracker, newest first */
	unsigned long count;
	u32 next_handle;		/* < 6.8: the u32 cookie */
	const char *class;		/* "intel_runtime_pm" */
	struct dentry *dentry, *symlink;
};
#endif

struct intel_runtime_pm {
	u64 sim_pad[5];				/* not in i915: moves every field */
	struct list_head lmem_userfault_list;	/* lmem objects faulted in: obj->userfault_link */
	spinlock_t lmem_userfault_lock;
	bool no_wakeref_tracking;
	bool available;
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
	bool irqs_enabled;			/* removed in 6.13 */
#endif
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
	bool suspended;				/* removed in 6.8 */
#endif
	struct device *kdev;			/* the device; i915: i915->drm.dev */
	struct intel_wakeref_auto userfault_wakeref;
	u32 sim_pad2;
	atomic_t wakeref_count;
#ifdef SIM_DEBUG_RUNTIME_PM
	struct sim_rpm_debug debug;
#endif
};

/* intel_wakeref.h: a wakeref with a first-get and a last-put callback */
struct intel_wakeref;

struct intel_wakeref_ops {
	int (*get)(struct intel_wakeref *wf);
	int (*put)(struct intel_wakeref *wf);
};

struct intel_wakeref {
	atomic_t count;
	struct mutex mutex;
	intel_wakeref_t wakeref;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	struct drm_i915_private *i915;
#else
	struct intel_runtime_pm *rpm;
#endif
	const struct intel_wakeref_ops *ops;
	struct delayed_work work;
	u64 sim_oracle_id;		/* the record of @wakeref */
};

#define INTEL_WAKEREF_PUT_ASYNC		BIT(0)
#define INTEL_WAKEREF_PUT_DELAY		GENMASK(BITS_PER_LONG - 1, 1)

/*
 * intel_display_power.h: a subset of the domains under their real names
 * (the values differ from i915's).
 */
enum intel_display_power_domain {
	POWER_DOMAIN_DISPLAY_CORE,
	POWER_DOMAIN_PIPE_A,
	POWER_DOMAIN_PIPE_B,
	POWER_DOMAIN_AUX_A,
	POWER_DOMAIN_AUX_B,
	POWER_DOMAIN_GT_IRQ,
	POWER_DOMAIN_DC_OFF,
	POWER_DOMAIN_AUDIO_PLAYBACK,
	POWER_DOMAIN_INIT,

	POWER_DOMAIN_NUM,
};

struct intel_power_domain_mask {
	DECLARE_BITMAP(bits, POWER_DOMAIN_NUM);
};

struct i915_power_domains {
	u64 sim_pad[2];
	bool initializing;
	bool display_core_suspended;
	int power_well_count;
	intel_wakeref_t init_wakeref;		/* unused: probe does not take it */
	intel_wakeref_t disable_wakeref;	/* unused: disable_power_well=1 */
	struct mutex lock;
	int domain_use_count[POWER_DOMAIN_NUM];
	struct delayed_work async_put_work;
	intel_wakeref_t async_put_wakeref;
	struct intel_power_domain_mask async_put_domains[2];
	int async_put_next_delay;
	u64 sim_async_put_id;			/* the record of async_put_wakeref */
};

/*
 * The simulation's one module holds both drivers, while each real module has
 * its own copy of the display core (intel_display_rpm_*): from 6.17 the xe
 * simulation's display (sim_xe_display_rpm.c) uses this copy, with a struct
 * whose first three members are these.  Its parent is set from 6.17 on;
 * i915's only from 6.19, as the real driver's.
 */
struct i915_audio_component;

struct intel_display {
	u64 sim_pad;
	struct drm_device *drm;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	const struct intel_display_parent_interface *parent;
#endif
	struct {
		struct i915_power_domains domains;
	} power;
	struct {
		struct i915_audio_component *component;	/* bound by the HDA driver */
		int power_refcount;
		void *sim_power_ids;			/* the oracle's records (sim_i915_audio.c) */
		unsigned int sim_nr_power_ids;
		struct mutex sim_lock;
	} audio;
};

/* gt/intel_gt_types.h */
struct intel_gt {
	u64 sim_pad;
	struct drm_i915_private *i915;
	struct i915_ggtt *ggtt;
	struct intel_wakeref wakeref;
	intel_wakeref_t awake;			/* the GT_IRQ display wakeref */
	u64 sim_awake_id;			/* its record */
};

#define I915_MAX_GT	2

/* As in every i915: drm first, so container_of(rpm) leads to drm.dev. */
struct drm_i915_private {
	struct drm_device drm;
	u64 sim_pad[3];
	struct intel_display display;
	struct intel_runtime_pm runtime_pm;
	struct intel_gt gt0;
	struct intel_gt *gt[I915_MAX_GT];
	struct ttm_device bdev;			/* lmem objects' TTM device */
	struct i915_ggtt ggtt;			/* gt0.ggtt, as in 6.1 */
};

static inline struct drm_i915_private *to_i915(const struct drm_device *dev)
{
	return container_of(dev, struct drm_i915_private, drm);
}

/* i915_drv.h (6.1+): the primary GT */
static inline struct intel_gt *to_gt(const struct drm_i915_private *i915)
{
	return i915->gt[0];
}

/* The simulation's own wrapper around one i915 device. */
struct sim_i915 {
	struct drm_i915_private i915;
	struct sim_gpu gpu;
};

static inline struct sim_gpu *sim_i915_to_gpu(struct drm_i915_private *i915)
{
	return &container_of(i915, struct sim_i915, i915)->gpu;
}

static inline struct drm_i915_private *sim_rpm_to_i915(struct intel_runtime_pm *rpm)
{
	return container_of(rpm, struct drm_i915_private, runtime_pm);
}

static inline struct sim_gpu *sim_i915_rpm_to_gpu(struct intel_runtime_pm *rpm)
{
	return sim_i915_to_gpu(sim_rpm_to_i915(rpm));
}

static inline struct drm_i915_private *sim_gpu_to_i915(const struct sim_gpu *gpu)
{
	return gpu->drvdata;
}

static inline struct intel_runtime_pm *sim_gpu_to_rpm(const struct sim_gpu *gpu)
{
	return &sim_gpu_to_i915(gpu)->runtime_pm;
}

static inline struct intel_runtime_pm *sim_wf_rpm(struct intel_wakeref *wf)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	return &wf->i915->runtime_pm;
#else
	return wf->rpm;
#endif
}

static inline struct intel_runtime_pm *sim_wf_auto_rpm(struct intel_wakeref_auto *wf)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	return &wf->i915->runtime_pm;
#else
	return wf->rpm;
#endif
}

/*
 * intel_runtime_pm.h asserts.  i915's drm_WARN_ONCE is replaced by a counter
 * and a ratelimited pr_info: the test harness fails on any WARN splat.
 */
static inline void sim_i915_assert(struct intel_runtime_pm *rpm, bool ok, const char *what)
{
	if (likely(ok))
		return;
	sim_oracle_assert(sim_i915_rpm_to_gpu(rpm));
	pr_info_ratelimited("wakeref_sim: %s: i915 assert would WARN: %s (wakeref_count=%#x)\n",
			    dev_name(rpm->kdev), what, atomic_read(&rpm->wakeref_count));
}

static inline void assert_rpm_device_not_suspended(struct intel_runtime_pm *rpm)
{
	sim_i915_assert(rpm, !pm_runtime_suspended(rpm->kdev),
			"Device suspended during HW access");
}

static inline void assert_rpm_raw_wakeref_held(struct intel_runtime_pm *rpm)
{
	int count = atomic_read(&rpm->wakeref_count);

	assert_rpm_device_not_suspended(rpm);
	sim_i915_assert(rpm, intel_rpm_raw_wakeref_count(count), "RPM raw-wakeref not held");
}

static inline void assert_rpm_wakelock_held(struct intel_runtime_pm *rpm)
{
	int count = atomic_read(&rpm->wakeref_count);

	assert_rpm_raw_wakeref_held(rpm);
	sim_i915_assert(rpm, intel_rpm_wakelock_count(count),
			"RPM wakelock ref not held during HW access");
}

/* intel_runtime_pm.c: the entry points (sim_i915_rpm.c) */
intel_wakeref_t intel_runtime_pm_get(struct intel_runtime_pm *rpm);
intel_wakeref_t intel_runtime_pm_get_raw(struct intel_runtime_pm *rpm);
intel_wakeref_t intel_runtime_pm_get_if_in_use(struct intel_runtime_pm *rpm);
intel_wakeref_t intel_runtime_pm_get_if_active(struct intel_runtime_pm *rpm);
intel_wakeref_t intel_runtime_pm_get_noresume(struct intel_runtime_pm *rpm);
void intel_runtime_pm_put_unchecked(struct intel_runtime_pm *rpm);
void intel_runtime_pm_put_raw(struct intel_runtime_pm *rpm, intel_wakeref_t wref);
#ifdef SIM_DEBUG_RUNTIME_PM
void intel_runtime_pm_put(struct intel_runtime_pm *rpm, intel_wakeref_t wref);
#else
/* as in intel_runtime_pm.h without DEBUG_RUNTIME_PM */
static inline void intel_runtime_pm_put(struct intel_runtime_pm *rpm, intel_wakeref_t wref)
{
	intel_runtime_pm_put_unchecked(rpm);
}
#endif

/* probe/remove helpers with their real names */
void intel_runtime_pm_init_early(struct intel_runtime_pm *rpm);
void intel_runtime_pm_enable(struct intel_runtime_pm *rpm);
void intel_runtime_pm_disable(struct intel_runtime_pm *rpm);
void intel_runtime_pm_driver_release(struct intel_runtime_pm *rpm);

/* sim_i915_rpm_debug.c: the debug build's tracking */
#ifdef SIM_DEBUG_RUNTIME_PM
void sim_rpm_debug_init(struct intel_runtime_pm *rpm);
intel_wakeref_t intel_ref_tracker_alloc(struct sim_rpm_debug *dir);
void intel_ref_tracker_free(struct sim_rpm_debug *dir, intel_wakeref_t wref);
void sim_rpm_debug_fini(struct intel_runtime_pm *rpm);
#endif

/*
 * What display code is handed: the i915 device up to 6.14, struct
 * intel_display from 6.17 (6.15 and 6.16 were not read).  sim_display_dev
 * names the struct, so the functions below have the real signature of
 * each kernel; sim_i915_display() and sim_display_i915() go between the
 * two.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
#define sim_display_dev		intel_display

static inline struct intel_display *sim_i915_display(struct drm_i915_private *i915)
{
	return &i915->display;
}

static inline struct drm_i915_private *sim_display_i915(struct intel_display *display)
{
	return to_i915(display->drm);
}
#else
#define sim_display_dev		drm_i915_private

static inline struct drm_i915_private *sim_i915_display(struct drm_i915_private *i915)
{
	return i915;
}

static inline struct drm_i915_private *sim_display_i915(struct drm_i915_private *i915)
{
	return i915;
}
#endif

/* intel_display_power.c (sim_i915_display.c) */
intel_wakeref_t intel_display_power_get(struct sim_display_dev *display,
					enum intel_display_power_domain domain);
intel_wakeref_t intel_display_power_get_if_enabled(struct sim_display_dev *display,
						   enum intel_display_power_domain domain);
void intel_display_power_put_unchecked(struct sim_display_dev *display,
				       enum intel_display_power_domain domain);
void __intel_display_power_put_async(struct sim_display_dev *display,
				     enum intel_display_power_domain domain,
				     intel_wakeref_t wakeref, int delay_ms);
void intel_display_power_flush_work(struct sim_display_dev *display);
#ifdef SIM_DEBUG_RUNTIME_PM
void intel_display_power_put(struct sim_display_dev *display,
			     enum intel_display_power_domain domain, intel_wakeref_t wakeref);
#else
static inline void intel_display_power_put(struct sim_display_dev *display,
					   enum intel_display_power_domain domain,
					   intel_wakeref_t wakeref)
{
	intel_display_power_put_unchecked(display, domain);
}
#endif

static inline void intel_display_power_put_async(struct sim_display_dev *display,
						 enum intel_display_power_domain domain,
						 intel_wakeref_t wakeref)
{
	__intel_display_power_put_async(display, domain, wakeref, -1);
}

/*
 * display/intel_display_rpm.c (6.17+, sim_i915_display_rpm.c): display's
 * runtime-PM calls.  6.17 and 6.18 call i915's intel_runtime_pm_*; from
 * 6.19 they go through display->parent->rpm, i915's static
 * i915_display_rpm_* ops (sim_i915_rpm.c).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
struct ref_tracker *intel_display_rpm_get(struct intel_display *display);
struct ref_tracker *intel_display_rpm_get_raw(struct intel_display *display);
struct ref_tracker *intel_display_rpm_get_if_in_use(struct intel_display *display);
struct ref_tracker *intel_display_rpm_get_noresume(struct intel_display *display);
void intel_display_rpm_put(struct intel_display *display, struct ref_tracker *wakeref);
void intel_display_rpm_put_raw(struct intel_display *display, struct ref_tracker *wakeref);
void intel_display_rpm_put_unchecked(struct intel_display *display);
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
extern const struct intel_display_rpm_interface i915_display_rpm_interface;
#endif

void intel_power_domains_init(struct drm_i915_private *i915);
/* sim_i915_audio.c: the audio component the HDA driver binds to */
void intel_audio_init(struct drm_i915_private *i915);
void intel_audio_deinit(struct drm_i915_private *i915);
void intel_power_domains_driver_remove(struct drm_i915_private *i915);

/* intel_wakeref.c (sim_i915_wakeref.c) */
void __intel_wakeref_init(struct intel_wakeref *wf, struct drm_i915_private *i915,
			  const struct intel_wakeref_ops *ops);
int __intel_wakeref_get_first(struct intel_wakeref *wf);
void __intel_wakeref_put_last(struct intel_wakeref *wf, unsigned long flags);
void intel_wakeref_auto(struct intel_wakeref_auto *wf, unsigned long timeout);
void intel_wakeref_auto_init(struct intel_wakeref_auto *wf, struct drm_i915_private *i915);
void intel_wakeref_auto_fini(struct intel_wakeref_auto *wf);

/* intel_wakeref.h: the fast paths are inline atomics */
static inline int intel_wakeref_get(struct intel_wakeref *wf)
{
	might_sleep();
	if (unlikely(!atomic_inc_not_zero(&wf->count)))
		return __intel_wakeref_get_first(wf);
	return 0;
}

static inline void __intel_wakeref_put(struct intel_wakeref *wf, unsigned long flags)
{
	if (unlikely(!atomic_add_unless(&wf->count, -1, 1)))
		__intel_wakeref_put_last(wf, flags);
}

static inline void intel_wakeref_put(struct intel_wakeref *wf)
{
	might_sleep();
	__intel_wakeref_put(wf, 0);
}

static inline void intel_wakeref_put_async(struct intel_wakeref *wf)
{
	__intel_wakeref_put(wf, INTEL_WAKEREF_PUT_ASYNC);
}

/* gt/intel_gt_pm.h (untracked: the handle would be INTEL_WAKEREF_DEF) */
static inline void intel_gt_pm_get(struct intel_gt *gt)
{
	intel_wakeref_get(&gt->wakeref);
}

static inline void intel_gt_pm_put(struct intel_gt *gt)
{
	intel_wakeref_put(&gt->wakeref);
}

static inline void intel_gt_pm_put_async(struct intel_gt *gt)
{
	intel_wakeref_put_async(&gt->wakeref);
}

/* intel_gt_pm.c (sim_i915_gt.c) */
void intel_gt_pm_init_early(struct intel_gt *gt);

#endif /* WAKEREF_SIM_I915_H */
