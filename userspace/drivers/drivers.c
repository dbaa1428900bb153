// SPDX-License-Identifier: GPL-2.0
/* drivers.c - the GPU drivers wakeref knows (drivers.h). */
#include <stddef.h>
#include <string.h>

#include "drivers/drivers.h"

static const enum wr_uf_list i915_lists[] = { WR_UF_LIST_GGTT, WR_UF_LIST_LMEM,
					      WR_UF_LIST_NONE };
static const enum wr_uf_list xe_lists[] = { WR_UF_LIST_VRAM, WR_UF_LIST_NONE };

static const struct wr_driver_info drivers[] = {
	{ WR_DRV_I915, "i915", { "i915", "wakeref-sim-i915" }, "wakeref_count", true, true, "raw",
	  i915_lists, false },
	{ WR_DRV_XE, "xe", { "xe", "wakeref-sim-xe" }, "usage_count", false, false, "usage",
	  xe_lists, true },
};

const struct wr_driver_info *drivers__info(uint8_t id)
{
	size_t i;

	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (drivers[i].id == id)
			return &drivers[i];
	return NULL;
}

const struct wr_driver_info *drivers__by_bound(const char *bound)
{
	size_t i, j;

	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		for (j = 0; j < sizeof(drivers[i].bound) / sizeof(drivers[i].bound[0]); j++)
			if (drivers[i].bound[j] && !strcmp(drivers[i].bound[j], bound))
				return &drivers[i];
	return NULL;
}

const char *drivers__bound_name(size_t i)
{
	size_t d, j, n = 0;

	for (d = 0; d < sizeof(drivers) / sizeof(drivers[0]); d++)
		for (j = 0; j < sizeof(drivers[d].bound) / sizeof(drivers[d].bound[0]); j++)
			if (drivers[d].bound[j] && n++ == i)
				return drivers[d].bound[j];
	return NULL;
}

const char *drivers__name(uint8_t id)
{
	const struct wr_driver_info *d = drivers__info(id);

	return d ? d->name : "?";
}
