/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wakeref_sim_snd: a stand-in for snd_hda_intel and the part of
 * snd_hda_core it uses, a second module that takes the simulated i915's
 * display power through the audio component, as the real HDA driver does
 * (sim_snd_hda_intel.c, sim_snd_hda_core.c).  Its own structs are subsets
 * of sound/hdaudio.h's under their real names; it shares no code and no
 * symbol with wakeref_sim: the component framework binds the two.
 */
#ifndef SIM_SND_H
#define SIM_SND_H

#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

#include "sim_compat.h"	/* __noipa, which Debian's 6.18 lacks */

/* a function with a frame and a kallsyms entry of its own */
#define __snd_frame	noinline __noipa

/* include/sound/hdaudio.h */
#define HDA_CODEC_IDX_CONTROLLER	0x20

struct drm_audio_component;

struct hdac_bus {
	struct device *dev;
	struct drm_audio_component *audio_component;
	unsigned long display_power_status;
	unsigned long display_power_active;	/* the cookie get_power returned */
	struct mutex lock;
};

/* sim_snd_hda_core.c: sound/hda/core/component.c and i915.c */
int snd_hdac_i915_init(struct hdac_bus *bus);
int snd_hdac_acomp_exit(struct hdac_bus *bus);
void snd_hdac_display_power(struct hdac_bus *bus, unsigned int idx, bool enable);

/* the oracle: who in this module asked for display power, and whether it holds it */
struct sim_snd_oracle {
	const char *owner;	/* the function that asked */
	pid_t pid;
	char comm[TASK_COMM_LEN];
	unsigned long cookie;
	bool held;
};

#endif
