/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/drm/intel/display_parent_interface.h (6.19+): how display code
 * reaches the driver it is part of.  i915's rpm ops are the static
 * i915_display_rpm_* of intel_runtime_pm.c (sim_i915_rpm.c), xe's the
 * static xe_display_rpm_* of xe_display_rpm.c (sim_xe_display_rpm.c, which
 * the simulation uses on every kernel).
 */
#ifndef SIM_DISPLAY_PARENT_H
#define SIM_DISPLAY_PARENT_H

#include <linux/types.h>

struct drm_device;
struct ref_tracker;

struct intel_display_rpm_interface {
	struct ref_tracker *(*get)(const struct drm_device *drm);
	struct ref_tracker *(*get_raw)(const struct drm_device *drm);
	struct ref_tracker *(*get_if_in_use)(const struct drm_device *drm);
	struct ref_tracker *(*get_noresume)(const struct drm_device *drm);
	void (*put)(const struct drm_device *drm, struct ref_tracker *wakeref);
	void (*put_raw)(const struct drm_device *drm, struct ref_tracker *wakeref);
	void (*put_unchecked)(const struct drm_device *drm);
	bool (*suspended)(const struct drm_device *drm);
	void (*assert_held)(const struct drm_device *drm);
	void (*assert_block)(const struct drm_device *drm);
	void (*assert_unblock)(const struct drm_device *drm);
};

struct intel_display_parent_interface {
	const struct intel_display_rpm_interface *rpm;
};

#endif /* SIM_DISPLAY_PARENT_H */
