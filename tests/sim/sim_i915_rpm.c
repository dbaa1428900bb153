// SPDX-License-Identifier: GPL-2.0
/*
 * The i915 runtime-PM entry points (drivers/gpu/drm/i915/intel_runtime_pm.c)
 * as a shipping kernel builds them (CONFIG_DRM_I915_DEBUG_RUNTIME_PM=n):
 *
 *  - every successful get returns the constant INTEL_WAKEREF_DEF (-1, or
 *    ERR_PTR(-ENOENT) from 6.13); a failed conditional get returns 0/NULL;
 *  - rpm->wakeref_count moves by 1 + INTEL_RPM_WAKELOCK_BIAS for a wakelock
 *    and by 1 for a raw reference;
 *  - the PM core's usage count of rpm->kdev moves exactly as in i915.
 *
 * From 6.19 display code reaches runtime PM through the static
 * i915_display_rpm_* ops below, not through the entry points.
 *
 * With SIM_DEBUG_RUNTIME_PM the gets return a unique tracked cookie instead
 * and intel_runtime_pm_put() is a function of its own (sim_i915_rpm_debug.c).
 * Every get and put counts in the oracle's stats here, and stamps what the
 * oracle armed for it (sim_oracle_stamp.c): a get as it returns, a put as it
 * is entered.
 *
 * The entry points are global and __sim_frame so that they have BTF FUNC
 * records, a kallsyms entry of their own and are never inlined or cloned
 * into their callers (each caller lives in another file anyway).
 *
 * i915's asserts (drm_WARN_ONCE) are replaced by a counter and a ratelimited
 * pr_info: the test harness fails on any WARN splat.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/pm_runtime.h>
#include <linux/printk.h>

#include "sim.h"
#include "sim_i915.h"

/*
 * Debug-build tracking: stubs in shipping kernels, as in i915; a tracker
 * with a unique cookie in the SIM_DEBUG_RUNTIME_PM build.
 */
static inline intel_wakeref_t track_intel_runtime_pm_wakeref(struct intel_runtime_pm *rpm)
{
#ifdef SIM_DEBUG_RUNTIME_PM
	if (!rpm->available || rpm->no_wakeref_tracking)
		return INTEL_WAKEREF_DEF;
	return intel_ref_tracker_alloc(&rpm->debug);
#else
	return INTEL_WAKEREF_DEF;
#endif
}

static inline void untrack_intel_runtime_pm_wakeref(struct intel_runtime_pm *rpm,
						    intel_wakeref_t wref)
{
#ifdef SIM_DEBUG_RUNTIME_PM
	if (!rpm->available || rpm->no_wakeref_tracking)
		return;
	intel_ref_tracker_free(&rpm->debug, wref);
#endif
}

/* out of line as in Debian 6.1/6.12 i915 (a 't' symbol there) */
static __sim_frame void intel_runtime_pm_acquire(struct intel_runtime_pm *rpm, bool wakelock)
{
	if (wakelock) {
		atomic_add(1 + INTEL_RPM_WAKELOCK_BIAS, &rpm->wakeref_count);
		assert_rpm_wakelock_held(rpm);
	} else {
		atomic_inc(&rpm->wakeref_count);
		assert_rpm_raw_wakeref_held(rpm);
	}
}

static __sim_frame void intel_runtime_pm_release(struct intel_runtime_pm *rpm, int wakelock)
{
	if (wakelock) {
		assert_rpm_wakelock_held(rpm);
		atomic_sub(INTEL_RPM_WAKELOCK_BIAS, &rpm->wakeref_count);
	} else {
		assert_rpm_raw_wakeref_held(rpm);
	}
	/* __intel_wakeref_dec_and_check_tracking() without debug */
	atomic_dec(&rpm->wakeref_count);
}

/* inlined into its callers in shipping 6.1/6.12 builds */
static __always_inline intel_wakeref_t __intel_runtime_pm_get(struct intel_runtime_pm *rpm,
							      bool wakelock)
{
	struct sim_gpu *gpu = sim_i915_rpm_to_gpu(rpm);
	intel_wakeref_t wref;
	int ret;

	ret = pm_runtime_get_sync(rpm->kdev);
	if (ret < 0)
		pr_info_ratelimited("%s: pm_runtime_get_sync() failed: %d\n",
				    dev_name(rpm->kdev), ret);

	intel_runtime_pm_acquire(rpm, wakelock);
	sim_oracle_count_get(gpu, true);

	wref = track_intel_runtime_pm_wakeref(rpm);
	sim_oracle_stamp_get(gpu, wakelock ? SIM_UNIT_WAKELOCK : SIM_UNIT_RAW);
	return wref;
}

__sim_frame intel_wakeref_t intel_runtime_pm_get_raw(struct intel_runtime_pm *rpm)
{
	return __intel_runtime_pm_get(rpm, false);
}

__sim_frame intel_wakeref_t intel_runtime_pm_get(struct intel_runtime_pm *rpm)
{
	return __intel_runtime_pm_get(rpm, true);
}

/* a wakelock taken by a conditional get or get_noresume: count, track, stamp */
static __always_inline intel_wakeref_t __intel_runtime_pm_acquired(struct intel_runtime_pm *rpm)
{
	struct sim_gpu *gpu = sim_i915_rpm_to_gpu(rpm);
	intel_wakeref_t wref;

	intel_runtime_pm_acquire(rpm, true);
	sim_oracle_count_get(gpu, true);

	wref = track_intel_runtime_pm_wakeref(rpm);
	sim_oracle_stamp_get(gpu, SIM_UNIT_WAKELOCK);
	return wref;
}

static __always_inline intel_wakeref_t
__intel_runtime_pm_get_if_active(struct intel_runtime_pm *rpm, bool ignore_usecount)
{
	int ret;

	/*
	 * Up to 6.8 both variants call pm_runtime_get_if_active(kdev, bool);
	 * from 6.9 the PM core split it and i915 followed.
	 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	if (ignore_usecount)
		ret = pm_runtime_get_if_active(rpm->kdev);
	else
		ret = pm_runtime_get_if_in_use(rpm->kdev);
#else
	ret = pm_runtime_get_if_active(rpm->kdev, ignore_usecount);
#endif
	if (ret <= 0) {
		sim_oracle_count_get(sim_i915_rpm_to_gpu(rpm), false);
		return SIM_WAKEREF_NONE;
	}

	return __intel_runtime_pm_acquired(rpm);
}

__sim_frame intel_wakeref_t intel_runtime_pm_get_if_in_use(struct intel_runtime_pm *rpm)
{
	return __intel_runtime_pm_get_if_active(rpm, false);
}

__sim_frame intel_wakeref_t intel_runtime_pm_get_if_active(struct intel_runtime_pm *rpm)
{
	return __intel_runtime_pm_get_if_active(rpm, true);
}

/*
 * Does not resume: only valid while the caller already holds a reference.
 * i915 asserts a wakelock up to 6.9 and only a raw wakeref from 6.11 (6.10
 * was not read; treated as 6.11).  It counts as a wakelock in both.
 */
__sim_frame intel_wakeref_t intel_runtime_pm_get_noresume(struct intel_runtime_pm *rpm)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
	assert_rpm_raw_wakeref_held(rpm);
#else
	assert_rpm_wakelock_held(rpm);
#endif
	pm_runtime_get_noresume(rpm->kdev);

	return __intel_runtime_pm_acquired(rpm);
}

static __always_inline void __intel_runtime_pm_put(struct intel_runtime_pm *rpm,
						   intel_wakeref_t wref, bool wakelock)
{
	struct device *kdev = rpm->kdev;

	sim_oracle_stamp_put(sim_i915_rpm_to_gpu(rpm), wakelock ? SIM_UNIT_WAKELOCK : SIM_UNIT_RAW);
	untrack_intel_runtime_pm_wakeref(rpm, wref);

	intel_runtime_pm_release(rpm, wakelock);

	sim_oracle_count_put(sim_i915_rpm_to_gpu(rpm));

	pm_runtime_mark_last_busy(kdev);
	pm_runtime_put_autosuspend(kdev);
}

__sim_frame void intel_runtime_pm_put_raw(struct intel_runtime_pm *rpm, intel_wakeref_t wref)
{
	__intel_runtime_pm_put(rpm, wref, false);
}

__sim_frame void intel_runtime_pm_put_unchecked(struct intel_runtime_pm *rpm)
{
	__intel_runtime_pm_put(rpm, INTEL_WAKEREF_DEF, true);
}

#ifdef SIM_DEBUG_RUNTIME_PM
/* only a function of its own in the debug build; else put_unchecked */
__sim_frame void intel_runtime_pm_put(struct intel_runtime_pm *rpm, intel_wakeref_t wref)
{
	__intel_runtime_pm_put(rpm, wref, true);
}
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
/*
 * 6.19+: display's runtime-PM ops (display->parent->rpm, called by the
 * intel_display_rpm_* layer), static, given the drm_device.  i915's source
 * has them call intel_runtime_pm_*(), which GCC inlines, being in the same
 * file: in Debian's 7.2 and 7.3 binaries they call the inner get/put
 * directly and never reach the global entry points, except get_noresume,
 * which still calls intel_runtime_pm_get_noresume().  So do these.
 */
static struct intel_runtime_pm *drm_to_rpm(const struct drm_device *drm)
{
	return &to_i915(drm)->runtime_pm;
}

static __sim_frame struct ref_tracker *i915_display_rpm_get(const struct drm_device *drm)
{
	return __intel_runtime_pm_get(drm_to_rpm(drm), true);
}

static __sim_frame struct ref_tracker *i915_display_rpm_get_raw(const struct drm_device *drm)
{
	return __intel_runtime_pm_get(drm_to_rpm(drm), false);
}

static __sim_frame struct ref_tracker *
i915_display_rpm_get_if_in_use(const struct drm_device *drm)
{
	return __intel_runtime_pm_get_if_active(drm_to_rpm(drm), false);
}

static __sim_frame struct ref_tracker *
i915_display_rpm_get_noresume(const struct drm_device *drm)
{
	return intel_runtime_pm_get_noresume(drm_to_rpm(drm));
}

static __sim_frame void i915_display_rpm_put(const struct drm_device *drm,
					     struct ref_tracker *wakeref)
{
	__intel_runtime_pm_put(drm_to_rpm(drm), wakeref, true);
}

static __sim_frame void i915_display_rpm_put_raw(const struct drm_device *drm,
						 struct ref_tracker *wakeref)
{
	__intel_runtime_pm_put(drm_to_rpm(drm), wakeref, false);
}

static __sim_frame void i915_display_rpm_put_unchecked(const struct drm_device *drm)
{
	__intel_runtime_pm_put(drm_to_rpm(drm), INTEL_WAKEREF_DEF, true);
}

static __sim_frame bool i915_display_rpm_suspended(const struct drm_device *drm)
{
	return pm_runtime_suspended(drm_to_rpm(drm)->kdev);
}

const struct intel_display_rpm_interface i915_display_rpm_interface = {
	.get = i915_display_rpm_get,
	.get_raw = i915_display_rpm_get_raw,
	.get_if_in_use = i915_display_rpm_get_if_in_use,
	.get_noresume = i915_display_rpm_get_noresume,
	.put = i915_display_rpm_put,
	.put_raw = i915_display_rpm_put_raw,
	.put_unchecked = i915_display_rpm_put_unchecked,
	.suspended = i915_display_rpm_suspended,
};
#endif /* >= 6.19 */

/* rpm->kdev must already point at the device (i915 takes it from drm.dev) */
__sim_frame void intel_runtime_pm_init_early(struct intel_runtime_pm *rpm)
{
	struct drm_i915_private *i915 = container_of(rpm, struct drm_i915_private, runtime_pm);

	rpm->kdev = i915->drm.dev;
	rpm->available = true;		/* HAS_RUNTIME_PM() */
	rpm->no_wakeref_tracking = false;
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
	rpm->irqs_enabled = true;
#endif
	INIT_LIST_HEAD(&rpm->lmem_userfault_list);
	spin_lock_init(&rpm->lmem_userfault_lock);
#ifdef SIM_DEBUG_RUNTIME_PM
	sim_rpm_debug_init(rpm);
#endif
	intel_wakeref_auto_init(&rpm->userfault_wakeref, i915);
}

/*
 * End of probe: set up autosuspend and drop the reference the probe ran
 * with (the PCI core gives i915 one; our probe takes it itself).  i915 uses
 * a fixed 10 s delay; the simulation takes the autosuspend_ms parameter.
 */
__sim_frame void intel_runtime_pm_enable(struct intel_runtime_pm *rpm)
{
	struct device *kdev = rpm->kdev;

	pm_runtime_set_autosuspend_delay(kdev, sim_autosuspend_ms);
	pm_runtime_mark_last_busy(kdev);

	if (!rpm->available) {
		int ret;

		pm_runtime_dont_use_autosuspend(kdev);
		ret = pm_runtime_get_sync(kdev);
		if (ret < 0)
			pr_info("%s: pm_runtime_get_sync() failed: %d\n", dev_name(kdev), ret);
	} else {
		pm_runtime_use_autosuspend(kdev);
	}

	/* i915 allows runtime suspend only on integrated GPUs: we are one */
	pm_runtime_allow(kdev);

	pm_runtime_put_autosuspend(kdev);
}

/* Start of remove: hand runtime-PM ownership back to the core. */
__sim_frame void intel_runtime_pm_disable(struct intel_runtime_pm *rpm)
{
	struct device *kdev = rpm->kdev;
	int ret;

	ret = pm_runtime_get_sync(kdev);
	if (ret < 0)
		pr_info("%s: failed to pass rpm ownership back to core: %d\n",
			dev_name(kdev), ret);

	pm_runtime_dont_use_autosuspend(kdev);

	if (!rpm->available)
		pm_runtime_put(kdev);
}

/* i915 WARNs here when wakerefs are left; we only report it. */
__sim_frame void intel_runtime_pm_driver_release(struct intel_runtime_pm *rpm)
{
	int count = atomic_read(&rpm->wakeref_count);

	sim_sleep_release(sim_i915_rpm_to_gpu(rpm));
#ifdef SIM_DEBUG_RUNTIME_PM
	sim_rpm_debug_fini(rpm);
#endif
	if (!count)
		return;
	sim_oracle_assert(sim_i915_rpm_to_gpu(rpm));
	pr_info("%s: i915 raw-wakerefs=%u wakelocks=%u on cleanup\n", dev_name(rpm->kdev),
		intel_rpm_raw_wakeref_count(count), intel_rpm_wakelock_count(count));
}
