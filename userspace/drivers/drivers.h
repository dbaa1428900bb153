/* SPDX-License-Identifier: GPL-2.0 */
/*
 * drivers.h - the GPU drivers wakeref knows, as data (drivers.c): what each
 * is called, which kernel drivers bind its devices, how its count of
 * references reads, and its userfault lists.  Everything above drivers/
 * asks here instead of naming i915 or xe.
 */
#ifndef WR_DRIVERS_DRIVERS_H
#define WR_DRIVERS_DRIVERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wakeref.h"
#include "wr_userfault.h"

struct wr_driver_info {
	uint8_t id;			/* enum wr_driver */
	const char *name;		/* "i915" */
	/* the names its devices are bound to in sysfs (the real driver, the simulated one) */
	const char *bound[3];
	/*
	 * The driver's own count: i915 packs raw references below
	 * WR_I915_WAKELOCK_BIAS and wakelocks above it (a wakelock weighs
	 * 1 + bias); xe counts the PM core's usage, one a reference.
	 */
	const char *count_name;		/* "wakeref_count", "usage_count" */
	bool own_count;			/* a count of its own besides the PM core's usage */
	bool wakelock_bias;
	const char *ref_kind;		/* JSON "kind" of a reference without wakelocks */
	const enum wr_uf_list *uf_lists;	/* its userfault lists, WR_UF_LIST_NONE last */
	bool gpusvm;			/* its devices can have GPU SVMs (drm_gpusvm) */
};

/* The driver of id ID (enum wr_driver), or NULL. */
const struct wr_driver_info *drivers__info(uint8_t id);
/* The driver whose devices bind to BOUND ("i915", "wakeref-sim-xe"), or NULL. */
const struct wr_driver_info *drivers__by_bound(const char *bound);
/* The I-th name a GPU driver's devices bind to, over all drivers; NULL past the last. */
const char *drivers__bound_name(size_t i);
/* "i915", "xe", or "?" */
const char *drivers__name(uint8_t id);
/* Every driver, for loops: ID from 1 while drivers__info(ID) is not NULL. */
#define WR_DRV_FIRST	WR_DRV_I915

#endif
