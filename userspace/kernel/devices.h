/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices.h - the GPUs on this machine and their runtime-PM state in sysfs
 * (/sys/bus/<bus>/devices/<dev>/power/), independent of any event.
 */
#ifndef WR_DEVICES_H
#define WR_DEVICES_H

#include <stdbool.h>
#include "wakeref.h"

#define WR_MAX_DEVICES 16

struct wr_pm_state {
	char name[WR_DEV_LEN];
	char driver[32];
	char status[16];	/* runtime_status: active, suspended, ..., or "?" */
	char control[8];	/* auto or on */
	int usage;		/* runtime_usage (CONFIG_PM_ADVANCED_DEBUG), -1 unknown */
	long active_ms, suspended_ms;
};

/* Devices bound to i915, xe or the simulated driver; returns how many. */
int devices__discover(struct wr_pm_state *out, int max);
/* Read NAME's state; false when no bus has such a device. */
bool devices__read(const char *name, struct wr_pm_state *st);

#endif
