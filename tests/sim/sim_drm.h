/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal stand-in for drm's struct drm_device: only what the tool reads.
 * Both simulated drivers embed it first, as i915 and xe do, so
 * i915->drm.dev and xe->drm.dev are the device.
 */
#ifndef WAKEREF_SIM_DRM_H
#define WAKEREF_SIM_DRM_H

#include <linux/kref.h>

struct device;

struct drm_device {
	int if_version;
	struct kref ref;
	struct device *dev;
};

#endif /* WAKEREF_SIM_DRM_H */
