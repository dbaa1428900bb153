/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-ins for the i915 GEM types of the userfault lists (i915_gem_object
 * _types.h, i915_vma_types.h, gt/intel_gtt.h, i915_gem_mman.h) and the
 * entry points under their real names and signatures.  Included by
 * sim_i915.h.  As there: real names and types, shuffled layouts, sim_
 * fields the simulation's own.
 *
 * What the tool reads:
 *   struct drm_i915_gem_object: base (.dev, .size), userfault_count,
 *       userfault_link (on one list at most: the GGTT's or lmem's)
 *   struct i915_ggtt: userfault_list (to_gt(i915)->ggtt, i.e. i915->gt[0]->ggtt)
 *   struct intel_runtime_pm: lmem_userfault_list, lmem_userfault_lock
 *   struct i915_vma: obj, flags (bit I915_VMA_USERFAULT_BIT), mmo, size,
 *       gtt_view.partial.offset
 *   struct i915_mmap_offset: obj, vma_node, mmap_type
 */
#ifndef WAKEREF_SIM_I915_GEM_H
#define WAKEREF_SIM_I915_GEM_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include "sim_drm.h"

struct drm_i915_gem_object;
struct drm_i915_private;
struct intel_gt;

/* gt/intel_gtt.h */
struct i915_vm_pt_stash;

struct i915_address_space {
	u64 sim_pad;
	struct intel_gt *gt;
	struct drm_i915_private *i915;
	struct mutex mutex;		/* protects the GGTT's userfault_list */
	/* a PPGTT's page tables for a range (sim_i915_tail.c) */
	void (*allocate_va_range)(struct i915_address_space *vm, struct i915_vm_pt_stash *stash,
				  u64 start, u64 length);
};

struct i915_ggtt {
	struct i915_address_space vm;
	u64 sim_pad;
	/* objects with a faulted-in GTT mmap: obj->userfault_link */
	struct list_head userfault_list;
};

/* i915_gem_mman.h */
enum i915_mmap_type {
	I915_MMAP_TYPE_GTT = 0,
	I915_MMAP_TYPE_WC,
	I915_MMAP_TYPE_WB,
	I915_MMAP_TYPE_UC,
	I915_MMAP_TYPE_FIXED,
};

struct i915_mmap_offset {
	struct drm_vma_offset_node vma_node;
	struct drm_i915_gem_object *obj;
	enum i915_mmap_type mmap_type;
};

/* i915_gtt_view_types.h */
struct intel_partial_info {
	u64 offset;			/* pages */
	unsigned int size;		/* pages */
} __packed;

enum i915_gtt_view_type {
	I915_GTT_VIEW_NORMAL = 0,
	I915_GTT_VIEW_PARTIAL = sizeof(struct intel_partial_info),
};

struct i915_gtt_view {
	enum i915_gtt_view_type type;
	union {
		struct intel_partial_info partial;
	};
};

/* i915_vma_types.h */
#define I915_VMA_USERFAULT_BIT	15
#define I915_VMA_USERFAULT	((int)BIT(I915_VMA_USERFAULT_BIT))

struct i915_vma {
	u64 sim_pad;
	struct drm_i915_gem_object *obj;
	struct i915_address_space *vm;
	u64 size;			/* bytes */
	struct i915_mmap_offset *mmo;
	atomic_t flags;
	u32 sim_pad2;
	struct i915_gtt_view gtt_view;
	struct list_head obj_link;	/* obj->vma.list */
};

/* i915_vma.h: i915 does test_and_set_bit() on flags */
static inline bool i915_vma_set_userfault(struct i915_vma *vma)
{
	return atomic_fetch_or(I915_VMA_USERFAULT, &vma->flags) & I915_VMA_USERFAULT;
}

static inline void i915_vma_unset_userfault(struct i915_vma *vma)
{
	atomic_andnot(I915_VMA_USERFAULT, &vma->flags);
}

static inline bool i915_vma_has_userfault(const struct i915_vma *vma)
{
	return atomic_read(&vma->flags) & I915_VMA_USERFAULT;
}

/* i915_gem_object_types.h */
struct drm_i915_gem_object_ops {
	const char *name;
	void (*unmap_virtual)(struct drm_i915_gem_object *obj);
	const struct vm_operations_struct *mmap_ops;
};

struct drm_i915_gem_object {
	u64 sim_pad;
	/* TTM objects are a ttm_buffer_object, whose base is this base */
	union {
		struct drm_gem_object base;
		struct ttm_buffer_object __do_not_access;
	};
	const struct drm_i915_gem_object_ops *ops;
	struct {
		spinlock_t lock;
		struct list_head list;	/* struct i915_vma.obj_link */
	} vma;
	u64 sim_pad2;
	/* GGTT vmas with the userfault bit; 0 or 1 for lmem */
	unsigned int userfault_count;
	struct list_head userfault_link;
	struct {
		spinlock_t lock;
		struct i915_mmap_offset *sim_gtt;	/* i915: an rb tree of them */
	} mmo;
	struct ttm_resource sim_resource;	/* what __do_not_access.resource points at */
};

static inline struct drm_i915_gem_object *to_intel_bo(struct drm_gem_object *gem)
{
	return container_of(gem, struct drm_i915_gem_object, base);
}

static inline struct ttm_buffer_object *i915_gem_to_ttm(struct drm_i915_gem_object *obj)
{
	return &obj->__do_not_access;
}

static inline struct drm_i915_gem_object *i915_ttm_to_gem(struct ttm_buffer_object *bo)
{
	return container_of(bo, struct drm_i915_gem_object, __do_not_access);
}

/* intel_region_ttm.h: i915's TTM placements */
#define I915_PL_SYSTEM		TTM_PL_SYSTEM
#define I915_PL_LMEM0		TTM_PL_PRIV

static inline bool i915_ttm_cpu_maps_iomem(struct ttm_resource *mem)
{
	return mem && mem->mem_type != I915_PL_SYSTEM;
}

#define for_each_ggtt_vma(V, OBJ) \
	list_for_each_entry(V, &(OBJ)->vma.list, obj_link)

/* i915_vma.c, i915_gem_mman.c, i915_gem.c, i915_gem_object.c (sim_i915_gem*.c) */
void i915_vma_revoke_mmap(struct i915_vma *vma);
void __i915_gem_object_release_mmap_gtt(struct drm_i915_gem_object *obj);
void i915_gem_object_release_mmap_gtt(struct drm_i915_gem_object *obj);
void i915_gem_object_runtime_pm_release_mmap_offset(struct drm_i915_gem_object *obj);
void i915_gem_object_release_mmap_offset(struct drm_i915_gem_object *obj);
void __i915_gem_object_free_mmaps(struct drm_i915_gem_object *obj);
void i915_gem_free_object(struct drm_gem_object *gem_obj);
void i915_gem_runtime_suspend(struct drm_i915_private *i915);

/* the simulation's */
extern const struct drm_i915_gem_object_ops sim_i915_gem_shmem_ops;
extern const struct drm_i915_gem_object_ops sim_i915_gem_ttm_ops;
int sim_i915_gem_init(struct drm_i915_private *i915);
void sim_i915_gem_fini(struct drm_i915_private *i915);
int sim_i915_gem_mmap_gtt(struct drm_i915_gem_object *obj, struct vm_area_struct *vma);
int sim_i915_gem_mmap_ttm(struct drm_i915_gem_object *obj, struct vm_area_struct *vma);

#endif /* WAKEREF_SIM_I915_GEM_H */
