// SPDX-License-Identifier: GPL-2.0
/*
 * reftracker.c - a debug kernel's ref_tracker of the drivers' wakerefs, as
 * data (drivers/README.md, "ref_tracker").
 */
#include <stdio.h>
#include <string.h>

#include "drivers/reftracker.h"
#include "wakeref.h"

/* i915: ref_tracker_dir_init(&rpm->debug, ..., "intel_runtime_pm"); xe tracks none */
const char *reftracker__class(uint8_t driver)
{
	return driver == WR_DRV_I915 ? "intel_runtime_pm" : NULL;
}

/* i915: ref_tracker_dir_symlink(&rpm->debug, "intel_runtime_pm-%s", dev_name(rpm->kdev)) */
int reftracker__link_name(uint8_t driver, const char *dev, char *buf, size_t len)
{
	const char *cls = reftracker__class(driver);
	int n;

	if (!cls)
		return -1;
	n = snprintf(buf, len, "%s-%s", cls, dev);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/*
 * ref_tracker_alloc() saves the stack from its caller's frame: i915's
 * intel_ref_tracker_alloc(), reached through track_intel_runtime_pm_wakeref()
 * (static: inlined or not) from the gets' inner functions.
 */
static const char *const internal[] = {
	"ref_tracker_alloc", "intel_ref_tracker_alloc", "track_intel_runtime_pm_wakeref",
	"__intel_runtime_pm_get", "__intel_runtime_pm_get_if_active",
	"intel_runtime_pm_acquire",
};

bool reftracker__is_internal(const char *func)
{
	size_t i;

	for (i = 0; i < sizeof(internal) / sizeof(internal[0]); i++)
		if (!strcmp(internal[i], func))
			return true;
	return false;
}
