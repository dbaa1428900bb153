// SPDX-License-Identifier: GPL-2.0
/*
 * Display's runtime-PM layer (display/intel_display_rpm.c, 6.17+): the
 * global intel_display_rpm_* that display code calls instead of i915's
 * entry points.
 *
 *  - 6.17, 6.18: each calls its intel_runtime_pm_* namesake on the i915
 *    device the display belongs to;
 *  - 6.19+: each calls display->parent->rpm, the ops the driver installed
 *    (i915's static i915_display_rpm_*, sim_i915_rpm.c), with display->drm.
 *
 * Before 6.17 (6.15 and 6.16 were not read) this file builds nothing.
 *
 * Built with sibling calls (Kbuild): in the real i915.ko and xe.ko of 7.3
 * each of these ends with a jump through the ops pointer.  On 6.17 and 6.18
 * the xe simulation's display (its parent set, see struct intel_display)
 * reaches its ops from here too: the real xe has its own copy of this file.
 */
#include <linux/version.h>

#include "sim.h"
#include "sim_i915.h"

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 19, 0)
static struct intel_runtime_pm *display_to_rpm(struct intel_display *display)
{
	return &to_i915(display->drm)->runtime_pm;
}
#endif

__sim_frame struct ref_tracker *intel_display_rpm_get_raw(struct intel_display *display)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
	return display->parent->rpm->get_raw(display->drm);
#else
	if (display->parent)	/* the xe simulation's display */
		return display->parent->rpm->get_raw(display->drm);
	return intel_runtime_pm_get_raw(display_to_rpm(display));
#endif
}

__sim_frame void intel_display_rpm_put_raw(struct intel_display *display,
					   struct ref_tracker *wakeref)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
	display->parent->rpm->put_raw(display->drm, wakeref);
#else
	if (display->parent)	/* the xe simulation's display */
		display->parent->rpm->put_raw(display->drm, wakeref);
	else
		intel_runtime_pm_put_raw(display_to_rpm(display), wakeref);
#endif
}

__sim_frame struct ref_tracker *intel_display_rpm_get(struct intel_display *display)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
	return display->parent->rpm->get(display->drm);
#else
	if (display->parent)	/* the xe simulation's display */
		return display->parent->rpm->get(display->drm);
	return intel_runtime_pm_get(display_to_rpm(display));
#endif
}

__sim_frame struct ref_tracker *intel_display_rpm_get_if_in_use(struct intel_display *display)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
	return display->parent->rpm->get_if_in_use(display->drm);
#else
	if (display->parent)	/* the xe simulation's display */
		return display->parent->rpm->get_if_in_use(display->drm);
	return intel_runtime_pm_get_if_in_use(display_to_rpm(display));
#endif
}

__sim_frame struct ref_tracker *intel_display_rpm_get_noresume(struct intel_display *display)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
	return display->parent->rpm->get_noresume(display->drm);
#else
	if (display->parent)	/* the xe simulation's display */
		return display->parent->rpm->get_noresume(display->drm);
	return intel_runtime_pm_get_noresume(display_to_rpm(display));
#endif
}

__sim_frame void intel_display_rpm_put(struct intel_display *display, struct ref_tracker *wakeref)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
	display->parent->rpm->put(display->drm, wakeref);
#else
	if (display->parent)	/* the xe simulation's display */
		display->parent->rpm->put(display->drm, wakeref);
	else
		intel_runtime_pm_put(display_to_rpm(display), wakeref);
#endif
}

__sim_frame void intel_display_rpm_put_unchecked(struct intel_display *display)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
	display->parent->rpm->put_unchecked(display->drm);
#else
	if (display->parent)	/* the xe simulation's display */
		display->parent->rpm->put_unchecked(display->drm);
	else
		intel_runtime_pm_put_unchecked(display_to_rpm(display));
#endif
}

#endif /* >= 6.17 */
