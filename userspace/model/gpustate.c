// SPDX-License-Identifier: GPL-2.0
/* gpustate.c - can each GPU suspend, and why not (see gpustate.h). */
#include <stdio.h>
#include <string.h>

#include "drivers/drivers.h"
#include "model/gpustate.h"

bool gpustate__have_count(const struct wr_gpu_state *g)
{
	return g->have_k && (g->k.flags & WR_PMS_DRIVER_COUNT);
}

static bool forbidden(const struct wr_gpu_state *g)
{
	if (g->have_k)
		return !(g->k.flags & WR_PMS_RUNTIME_AUTO);
	return !strcmp(g->sys.control, "on");
}

/* The PM usage count, -1 unknown. */
static int usage(const struct wr_gpu_state *g)
{
	return g->have_k ? g->k.usage_count : g->sys.usage;
}

int gpustate__held(const struct wr_gpu_state *g)
{
	const struct wr_driver_info *di = drivers__info(g->driver);
	int n;

	if (!gpustate__have_count(g))
		return -1;
	if (di && di->wakelock_bias)
		return gpustate__raw(g->k.driver_count);
	/* the PM core's count: control=on holds one of its own */
	n = g->k.driver_count - forbidden(g);
	return n > 0 ? n : 0;
}

bool gpustate__awake(const struct wr_gpu_state *g)
{
	if (g->have_k)
		return g->k.runtime_status != 2;	/* RPM_SUSPENDED */
	return strcmp(g->sys.status, "suspended") != 0;
}

const char *gpustate__no_count_why(const struct wr_gpu_state *g, const struct wr_gpu_states *all)
{
	if (gpustate__have_count(g))
		return NULL;
	if (!g->have_k)
		return all && all->why_no_k[0] ? all->why_no_k : "the state reader did not run";
	if (!g->driver)
		return "the device's driver is neither i915 nor xe";
	if (g->k.flags & WR_PMS_DRIVER_NO_BTF)
		return "the driver's structs are in no BTF (module BTF missing)";
	if (g->k.flags & WR_PMS_DRIVER_MISMATCH)
		return "the device's drvdata is not the driver's object";
	return "the device has no drvdata";
}

#define ADD(...) do { if (n < max) snprintf(out[n++], WR_REASON_LEN, __VA_ARGS__); } while (0)

int gpustate__reasons(const struct wr_gpu_state *g, char (*out)[WR_REASON_LEN], int max)
{
	const struct wr_driver_info *di = drivers__info(g->driver);
	const char *drv = di ? di->name : g->sys.driver;
	int n = 0, held = gpustate__held(g), u = usage(g), other;

	if (!gpustate__awake(g))
		return 0;
	if (forbidden(g))
		ADD("runtime PM forbidden: power/control is \"on\" (holds 1 usage count)");
	if (held > 0 && di && di->wakelock_bias)
		ADD("%d wakeref%s held in %s (wakeref_count %#x: %d raw, %d wakelocks)", held,
		    held == 1 ? "" : "s", drv, (unsigned int)g->k.driver_count, held,
		    gpustate__wakelocks(g->k.driver_count));
	else if (held > 0)
		ADD("%d wakeref%s held in %s (PM usage count %d)", held, held == 1 ? "" : "s",
		    drv, u);
	if (held >= 0 && u >= 0 && di && di->wakelock_bias) {
		other = u - held - forbidden(g);
		if (other > 0)
			ADD("%d PM usage reference%s outside %s's wakerefs (usage count %d)", other,
			    other == 1 ? "" : "s", drv, u);
	}
	if (held < 0 && u - forbidden(g) > 0)
		ADD("PM usage count %d: references held, the driver's own count unknown", u);
	if (g->have_k) {
		if (g->k.disable_depth > 0)
			ADD("runtime PM disabled (disable depth %d)", g->k.disable_depth);
		if (g->k.runtime_error)
			ADD("runtime PM error %d: the PM core tries no suspend until it is "
			    "cleared", g->k.runtime_error);
		if (g->k.child_count > 0 && !(g->k.flags & WR_PMS_IGNORE_CHILDREN))
			ADD("%d active child device%s", g->k.child_count,
			    g->k.child_count == 1 ? "" : "s");
		if ((g->k.flags & WR_PMS_USE_AUTOSUSPEND) && g->k.autosuspend_delay < 0)
			ADD("autosuspend delay %d ms: a negative delay blocks runtime suspend",
			    g->k.autosuspend_delay);
	}
	return n;
}
