// SPDX-License-Identifier: GPL-2.0
/*
 * i915's audio component (display/intel_audio.c): the HDA driver binds to
 * it through the component framework and keeps the display powered
 * through its ops, with i915's structs and names:
 *
 *  - intel_audio_init() registers the component: component_add_typed(kdev,
 *    &i915_audio_component_bind_ops, I915_COMPONENT_AUDIO);
 *  - the HDA driver's master bind calls i915_audio_component_bind(), which
 *    hands it the ops and i915's device (acomp->base.ops, .dev) and links
 *    the HDA device to i915's (device_link_add(hda_kdev, i915_kdev));
 *  - acomp->ops->get_power(dev) -> i915_audio_component_get_power() ->
 *    intel_display_power_get(display, POWER_DOMAIN_AUDIO_PLAYBACK),
 *    returning the wakeref as the unsigned long cookie; put_power(dev,
 *    cookie) -> intel_display_power_put(..., cookie).  Both ops are static
 *    and only reached through the ops table, never inlined: the HDA
 *    driver's frames sit right above them on the stack.
 *
 * From 6.18 (Debian's 6.18 and 7.3 i915.ko; 6.13-6.17 not read) the ops are
 * named intel_audio_component_get_power and _put_power.  Everything i915
 * does with the audio registers and CDCLK is left out.
 *
 * The oracle records each reference as the display code does: owned by
 * the op's caller (snd_hdac_display_power in the HDA core); the HDA
 * driver's own oracle says which of its functions asked.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/component.h>
#include <linux/device.h>
#include <linux/platform_device.h>
#include <drm/drm_audio_component.h>
#if __has_include(<drm/intel/i915_component.h>)
#include <drm/intel/i915_component.h>
#else
#include <drm/i915_component.h>
#endif

#include "sim.h"
#include "sim_i915.h"

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
#define i915_audio_component_get_power	intel_audio_component_get_power
#define i915_audio_component_put_power	intel_audio_component_put_power
#endif

#define SIM_AUDIO_MAX_POWER	8	/* references the oracle follows at once */

struct sim_audio_power {
	unsigned long cookie;
	u64 id;
};

static struct drm_i915_private *kdev_to_i915(struct device *kdev)
{
	return to_i915(platform_get_drvdata(to_platform_device(kdev)));
}

static __sim_frame unsigned long i915_audio_component_get_power(struct device *kdev)
{
	struct drm_i915_private *i915 = kdev_to_i915(kdev);
	struct intel_display *display = &i915->display;
	struct sim_audio_power *p = display->audio.sim_power_ids;
	struct sim_gpu *gpu = sim_i915_to_gpu(i915);
	intel_wakeref_t wakeref;
	unsigned long cookie;
	u64 id;

	sim_oracle_arm_get(gpu, SIM_UNIT_WAKELOCK);
	wakeref = intel_display_power_get(sim_i915_display(i915), POWER_DOMAIN_AUDIO_PLAYBACK);
	cookie = sim_wref_to_cookie(wakeref);
	id = sim_oracle_hold(gpu, _RET_IP_, SIM_UNIT_WAKELOCK, "audio", cookie);

	mutex_lock(&display->audio.sim_lock);
	display->audio.power_refcount++;
	if (display->audio.sim_nr_power_ids < SIM_AUDIO_MAX_POWER) {
		p[display->audio.sim_nr_power_ids].cookie = cookie;
		p[display->audio.sim_nr_power_ids++].id = id;
	}
	mutex_unlock(&display->audio.sim_lock);

	return cookie;
}

static __sim_frame void i915_audio_component_put_power(struct device *kdev, unsigned long cookie)
{
	struct drm_i915_private *i915 = kdev_to_i915(kdev);
	struct intel_display *display = &i915->display;
	struct sim_audio_power *p = display->audio.sim_power_ids;
	intel_wakeref_t wakeref = sim_cookie_to_wref(cookie);
	unsigned int i;
	u64 id = 0;

	mutex_lock(&display->audio.sim_lock);
	display->audio.power_refcount--;
	for (i = display->audio.sim_nr_power_ids; i-- > 0; ) {
		if (p[i].cookie != cookie)
			continue;
		id = p[i].id;
		p[i] = p[--display->audio.sim_nr_power_ids];
		break;
	}
	mutex_unlock(&display->audio.sim_lock);

	sim_oracle_put(sim_i915_to_gpu(i915), id);
#ifdef SIM_DEBUG_RUNTIME_PM
	intel_display_power_put(sim_i915_display(i915), POWER_DOMAIN_AUDIO_PLAYBACK, wakeref);
#else
	(void)wakeref;
	intel_display_power_put_unchecked(sim_i915_display(i915), POWER_DOMAIN_AUDIO_PLAYBACK);
#endif
}

static const struct drm_audio_component_ops i915_audio_component_ops = {
	.owner		= THIS_MODULE,
	.get_power	= i915_audio_component_get_power,
	.put_power	= i915_audio_component_put_power,
};

static int i915_audio_component_bind(struct device *i915_kdev, struct device *hda_kdev,
				     void *data)
{
	struct i915_audio_component *acomp = data;
	struct drm_i915_private *i915 = kdev_to_i915(i915_kdev);

	if (acomp->base.ops || acomp->base.dev)
		return -EEXIST;
	if (!device_link_add(hda_kdev, i915_kdev, DL_FLAG_STATELESS))
		return -ENOMEM;

	mutex_lock(&i915->display.audio.sim_lock);
	acomp->base.ops = &i915_audio_component_ops;
	acomp->base.dev = i915_kdev;
	i915->display.audio.component = acomp;
	mutex_unlock(&i915->display.audio.sim_lock);
	return 0;
}

static void i915_audio_component_unbind(struct device *i915_kdev, struct device *hda_kdev,
					void *data)
{
	struct i915_audio_component *acomp = data;
	struct drm_i915_private *i915 = kdev_to_i915(i915_kdev);

	mutex_lock(&i915->display.audio.sim_lock);
	acomp->base.ops = NULL;
	acomp->base.dev = NULL;
	i915->display.audio.component = NULL;
	mutex_unlock(&i915->display.audio.sim_lock);

	device_link_remove(hda_kdev, i915_kdev);

	if (i915->display.audio.power_refcount)
		pr_info("%s: audio power refcount %d after unbind\n", dev_name(i915_kdev),
			i915->display.audio.power_refcount);
}

static const struct component_ops i915_audio_component_bind_ops = {
	.bind	= i915_audio_component_bind,
	.unbind	= i915_audio_component_unbind,
};

/* intel_audio_init() -> i915_audio_component_init() */
void intel_audio_init(struct drm_i915_private *i915)
{
	struct intel_display *display = &i915->display;
	int ret;

	mutex_init(&display->audio.sim_lock);
	display->audio.sim_power_ids = kcalloc(SIM_AUDIO_MAX_POWER, sizeof(struct sim_audio_power),
					       GFP_KERNEL);
	ret = component_add_typed(i915->drm.dev, &i915_audio_component_bind_ops,
				  I915_COMPONENT_AUDIO);
	if (ret < 0)
		pr_info("%s: failed to add audio component (%d)\n", dev_name(i915->drm.dev), ret);
}

/* intel_audio_deinit() -> i915_audio_component_cleanup() */
void intel_audio_deinit(struct drm_i915_private *i915)
{
	component_del(i915->drm.dev, &i915_audio_component_bind_ops);
	kfree(i915->display.audio.sim_power_ids);
	i915->display.audio.sim_power_ids = NULL;
}
