// SPDX-License-Identifier: GPL-2.0
/*
 * layers.c - the drivers' API layers: functions between the code that asks
 * for a wakeref and the traced entry point.  An owner is the first frame
 * above the entry point that is none of these.
 */
#include <string.h>

#include "drivers/hooks.h"
#include "drivers/layers.h"

/* the layers between callers and the entry points (drivers/README.md) */
static const char *const api_functions[] = {
	/* i915 display power domains, and the async put's slot */
	"intel_display_power_get", "intel_display_power_get_if_enabled",
	"intel_display_power_get_in_set", "intel_display_power_get_in_set_if_enabled",
	"intel_display_power_put_unchecked", "intel_display_power_put",
	"intel_display_power_put_mask_in_set",
	"__intel_display_power_put_async", "intel_display_power_put_async_work",
	"intel_display_power_flush_work", "release_async_put_domains",
	"intel_display_power_grab_async_put_ref", "cancel_async_put_work",
	/* 6.17+ display runtime-PM wrappers (i915 and xe), 6.19+ i915 ops */
	"intel_display_rpm_get", "intel_display_rpm_get_raw", "intel_display_rpm_get_if_in_use",
	"intel_display_rpm_get_noresume", "intel_display_rpm_put", "intel_display_rpm_put_raw",
	"intel_display_rpm_put_unchecked",
	/* 7.x xe: the display core's runtime-PM ops, static wrappers of xe_pm_runtime_* */
	"xe_display_rpm_get", "xe_display_rpm_get_raw", "xe_display_rpm_get_if_in_use",
	"xe_display_rpm_get_noresume", "xe_display_rpm_put", "xe_display_rpm_put_raw",
	"xe_display_rpm_put_unchecked",
	/* 7.x xe shrinker: the get is a helper; the scan that called it puts */
	"xe_shrinker_runtime_pm_get", "__xe_shrinker_runtime_pm_get",
	/* GT and engine wakerefs: only first get and last put are functions */
	"__intel_wakeref_get_first", "__intel_wakeref_put_last", "____intel_wakeref_put_last",
	"__intel_wakeref_put_work",
	/*
	 * the audio component: the HDA core's call and i915's ops (renamed
	 * intel_audio_component_* by 6.18), so that the sound driver owns it
	 */
	"snd_hdac_display_power", "i915_audio_component_get_power",
	"i915_audio_component_put_power", "intel_audio_component_get_power",
	"intel_audio_component_put_power",
	/* the userfault autosuspend timer */
	"intel_wakeref_auto", "wakeref_auto_timeout", "intel_wakeref_auto_fini",
};

bool layers__is_api(const char *func)
{
	const struct wr_attach_point *ap = hooks__find(func);
	size_t i;

	/*
	 * a view's row (a fault handler, a GPU SVM call) is where an owner is,
	 * not an API; an object row is whatever the list says
	 */
	if (ap && ap->role != WR_ROLE_OBJ)
		return hooks__is_rpm(ap);
	for (i = 0; i < sizeof(api_functions) / sizeof(api_functions[0]); i++)
		if (!strcmp(api_functions[i], func))
			return true;
	return false;
}
