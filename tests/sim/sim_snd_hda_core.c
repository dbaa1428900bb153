// SPDX-License-Identifier: GPL-2.0
/*
 * The HDA core's side of the i915 audio component (snd_hda_core:
 * sound/hda/core/component.c and i915.c, hdac_component.c and hdac_i915.c
 * before 6.17), with its function names:
 *
 *  - snd_hdac_i915_init() -> snd_hdac_acomp_init(): a component master on
 *    the HDA device that matches i915's I915_COMPONENT_AUDIO component
 *    (i915_component_master_match()); its bind, hdac_component_master_bind(),
 *    has i915 fill acomp (component_bind_all()) and pins i915's module;
 *  - snd_hdac_display_power(bus, idx, enable): the first index that wants
 *    power calls acomp->ops->get_power(acomp->dev) and keeps the cookie in
 *    bus->display_power_active; the last one that stops hands it back
 *    through acomp->ops->put_power().
 *
 * The match takes the simulated i915 device named by the gpu parameter;
 * the real one checks the PCI topology.  snd_hdac_i915_init() does not wait
 * for i915 to load: wakeref_sim is loaded first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/component.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <drm/drm_audio_component.h>
#if __has_include(<drm/intel/i915_component.h>)
#include <drm/intel/i915_component.h>
#else
#include <drm/i915_component.h>
#endif

#include "sim_snd.h"

static char *gpu = "wakeref-sim-i915.0";
module_param(gpu, charp, 0444);
MODULE_PARM_DESC(gpu, "the simulated i915 device whose audio component to bind");

static __snd_frame int hdac_component_master_bind(struct device *dev)
{
	struct hdac_bus *bus = dev_get_drvdata(dev);
	struct drm_audio_component *acomp = bus->audio_component;
	int ret;

	ret = component_bind_all(dev, acomp);
	if (ret < 0)
		return ret;
	if (!(acomp->dev && acomp->ops)) {
		ret = -EINVAL;
		goto out_unbind;
	}
	/* pin the module to avoid dynamic unbinding, but only if given */
	if (!try_module_get(acomp->ops->owner)) {
		ret = -ENODEV;
		goto out_unbind;
	}
	complete_all(&acomp->master_bind_complete);
	return 0;

out_unbind:
	component_unbind_all(dev, acomp);
	complete_all(&acomp->master_bind_complete);
	return ret;
}

static __snd_frame void hdac_component_master_unbind(struct device *dev)
{
	struct hdac_bus *bus = dev_get_drvdata(dev);
	struct drm_audio_component *acomp = bus->audio_component;

	module_put(acomp->ops->owner);
	component_unbind_all(dev, acomp);
}

static const struct component_master_ops hdac_component_master_ops = {
	.bind = hdac_component_master_bind,
	.unbind = hdac_component_master_unbind,
};

static int i915_component_master_match(struct device *dev, int subtype, void *data)
{
	return subtype == I915_COMPONENT_AUDIO && dev->driver &&
	       !strcmp(dev->driver->name, "wakeref-sim-i915") && !strcmp(dev_name(dev), gpu);
}

static int snd_hdac_acomp_init(struct hdac_bus *bus,
			       int (*match_master)(struct device *, int, void *),
			       size_t extra_size)
{
	struct component_match *match = NULL;
	struct drm_audio_component *acomp;
	int ret;

	acomp = kzalloc(sizeof(*acomp) + extra_size, GFP_KERNEL);
	if (!acomp)
		return -ENOMEM;
	init_completion(&acomp->master_bind_complete);
	bus->audio_component = acomp;

	component_match_add_typed(bus->dev, &match, match_master, bus);
	ret = component_master_add_with_match(bus->dev, &hdac_component_master_ops, match);
	if (ret < 0) {
		bus->audio_component = NULL;
		kfree(acomp);
	}
	return ret;
}

__snd_frame int snd_hdac_i915_init(struct hdac_bus *bus)
{
	struct drm_audio_component *acomp;
	int err;

	err = snd_hdac_acomp_init(bus, i915_component_master_match,
				  sizeof(struct i915_audio_component) - sizeof(*acomp));
	if (err < 0)
		return err;
	acomp = bus->audio_component;
	if (!acomp->ops) {
		dev_info(bus->dev, "couldn't bind with audio component\n");
		snd_hdac_acomp_exit(bus);
		return -ENODEV;
	}
	return 0;
}

__snd_frame int snd_hdac_acomp_exit(struct hdac_bus *bus)
{
	struct drm_audio_component *acomp = bus->audio_component;

	if (!acomp)
		return 0;
	if (bus->display_power_active && acomp->ops) {
		dev_info(bus->dev, "display power still held at exit\n");
		acomp->ops->put_power(acomp->dev, bus->display_power_active);
	}
	bus->display_power_active = 0;
	bus->display_power_status = 0;

	component_master_del(bus->dev, &hdac_component_master_ops);
	bus->audio_component = NULL;
	kfree(acomp);
	return 0;
}

__snd_frame void snd_hdac_display_power(struct hdac_bus *bus, unsigned int idx, bool enable)
{
	struct drm_audio_component *acomp = bus->audio_component;

	dev_dbg(bus->dev, "display power %s\n", enable ? "enable" : "disable");

	mutex_lock(&bus->lock);
	if (enable)
		set_bit(idx, &bus->display_power_status);
	else
		clear_bit(idx, &bus->display_power_status);

	if (!acomp || !acomp->ops)
		goto unlock;

	if (bus->display_power_status) {
		if (!bus->display_power_active) {
			unsigned long cookie = -1;

			if (acomp->ops->get_power)
				cookie = acomp->ops->get_power(acomp->dev);
			bus->display_power_active = cookie;
		}
	} else {
		if (bus->display_power_active) {
			unsigned long cookie = bus->display_power_active;

			if (acomp->ops->put_power)
				acomp->ops->put_power(acomp->dev, cookie);
			bus->display_power_active = 0;
		}
	}
unlock:
	mutex_unlock(&bus->lock);
}
