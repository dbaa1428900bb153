/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-ins for xe's buffer objects (xe_bo_types.h, xe_bo.h) and the VRAM
 * userfault list's entry points under their 6.12 names and signatures.  As
 * in sim_xe.h: real names and types, not real layouts (struct xe_bo does
 * embed its ttm_buffer_object first, as in xe).
 *
 * What the tool reads:
 *   struct xe_bo: ttm (.base.dev, .base.size, .resource->mem_type), flags,
 *       vram_userfault_link
 *   struct xe_device: mem_access.vram_userfault.{lock,list}
 */
#ifndef WAKEREF_SIM_XE_BO_H
#define WAKEREF_SIM_XE_BO_H

#include <linux/list.h>

#include "sim_drm.h"
#include "sim_xe.h"

/* xe_bo.h */
#define XE_BO_FLAG_USER		BIT(0)
#define XE_BO_FLAG_SYSTEM	BIT(1)
#define XE_BO_FLAG_STOLEN	BIT(2)
#define XE_BO_FLAG_VRAM0	BIT(3)
#define XE_BO_FLAG_VRAM1	BIT(4)
#define XE_BO_FLAG_VRAM_MASK	(XE_BO_FLAG_VRAM0 | XE_BO_FLAG_VRAM1)

#define XE_PL_SYSTEM		TTM_PL_SYSTEM
#define XE_PL_TT		TTM_PL_TT
#define XE_PL_VRAM0		TTM_PL_VRAM
#define XE_PL_VRAM1		(XE_PL_VRAM0 + 1)
#define XE_PL_STOLEN		(TTM_NUM_MEM_TYPES - 1)

struct xe_bo {
	struct ttm_buffer_object ttm;		/* first, as in xe */
	u64 sim_pad;
	size_t size;
	u32 flags;
	/* on xe->mem_access.vram_userfault.list while faulted in from VRAM */
	struct list_head vram_userfault_link;
	struct ttm_resource sim_resource;	/* what ttm.resource points at */
};

static inline struct xe_bo *ttm_to_xe_bo(const struct ttm_buffer_object *bo)
{
	return container_of(bo, struct xe_bo, ttm);
}

static inline struct xe_bo *gem_to_xe_bo(const struct drm_gem_object *obj)
{
	return container_of(obj, struct xe_bo, ttm.base);
}

static inline bool mem_type_is_vram(u32 mem_type)
{
	return mem_type >= XE_PL_VRAM0 && mem_type != XE_PL_STOLEN;
}

/* xe_bo.c (sim_xe_bo.c) */
void xe_bo_runtime_pm_release_mmap_offset(struct xe_bo *bo);

/* the simulation's */
int sim_xe_bo_init(struct xe_device *xe);
void sim_xe_bo_fini(struct xe_device *xe);

#endif /* WAKEREF_SIM_XE_BO_H */
