/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A stand-in for include/drm/drm_gpusvm.h as of 6.18: the GPU SVM
 * structures (the 6.18 layout, with struct drm_gpusvm_pages inside the
 * range) and the functions under their 6.18 names and signatures
 * (sim_gpusvm.c).  Names and types are real, layouts are shuffled as
 * elsewhere; struct mmu_interval_notifier, mmu_notifier_range and
 * interval_tree_node are the kernel's own.
 *
 * What the tool reads:
 *   struct drm_gpusvm: drm (->dev), mm, notifier_size, ops, notifier_list
 *   struct drm_gpusvm_notifier: gpusvm, notifier (the mmu_interval_notifier
 *       registered on gpusvm->mm), itree.{start,last}, range_list, entry,
 *       flags.removed
 *   struct drm_gpusvm_range: gpusvm, notifier, itree.{start,last}, entry,
 *       pages.notifier_seq, pages.flags.{migrate_devmem, unmapped,
 *       partial_unmap, has_devmem_pages, has_dma_mapping}
 */
#ifndef WAKEREF_SIM_GPUSVM_H
#define WAKEREF_SIM_GPUSVM_H

#ifdef SIM_REAL_GPUSVM
/*
 * The kernel's own drm_gpusvm (drm_gpusvm_helper.ko, 6.18 and 7.3): the
 * real structures and the exported functions (Kbuild).  It reads the
 * driver's struct drm_device only for ->dev, where sim_drm.h's stand-in has
 * it too (if_version, ref, dev lead both), to map pages for DMA and to
 * print: 6.18 through gpusvm->drm, 7.3 through each struct drm_gpusvm_pages'
 * drm (SIM_GPUSVM_DRIVER_PAGES: the pages are the driver's, sim_xe_svm.h).
 */
#include <drm/drm_gpusvm.h>
#else

#include <linux/interval_tree.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mmu_notifier.h>
#include <linux/rbtree.h>
#include <linux/rwsem.h>
#include <linux/types.h>

struct drm_device;
struct drm_gpusvm;
struct drm_gpusvm_notifier;
struct drm_gpusvm_range;
struct drm_pagemap;

/* drm_pagemap.h (6.18): a DMA address and how it was mapped */
enum drm_interconnect_protocol {
	DRM_INTERCONNECT_SYSTEM,
};

struct drm_pagemap_addr {
	dma_addr_t addr;
	u64 proto : 54;
	u64 order : 8;
	u64 dir : 2;
};

struct drm_gpusvm_ops {
	struct drm_gpusvm_notifier *(*notifier_alloc)(void);
	void (*notifier_free)(struct drm_gpusvm_notifier *notifier);
	struct drm_gpusvm_range *(*range_alloc)(struct drm_gpusvm *gpusvm);
	void (*range_free)(struct drm_gpusvm_range *range);
	void (*invalidate)(struct drm_gpusvm *gpusvm, struct drm_gpusvm_notifier *notifier,
			   const struct mmu_notifier_range *mmu_range);
};

struct drm_gpusvm_notifier {
	u64 sim_pad;
	struct drm_gpusvm *gpusvm;
	struct mmu_interval_notifier notifier;
	struct interval_tree_node itree;
	struct list_head entry;			/* gpusvm->notifier_list, sorted */
	struct rb_root_cached root;		/* ranges */
	struct list_head range_list;		/* sorted */
	struct {
		u32 removed : 1;
	} flags;
};

struct drm_gpusvm_pages_flags {
	union {
		struct {
			/* All flags below must be set upon creation */
			u16 migrate_devmem : 1;
			/* All flags below must be set / cleared under notifier lock */
			u16 unmapped : 1;
			u16 partial_unmap : 1;
			u16 has_devmem_pages : 1;
			u16 has_dma_mapping : 1;
		};
		u16 __flags;
	};
};

struct drm_gpusvm_pages {
	struct drm_pagemap_addr *dma_addr;
	struct drm_pagemap *dpagemap;
	unsigned long notifier_seq;
	struct drm_gpusvm_pages_flags flags;
};

struct drm_gpusvm_range {
	u64 sim_pad;
	struct drm_gpusvm *gpusvm;
	struct drm_gpusvm_notifier *notifier;
	struct kref refcount;
	struct interval_tree_node itree;
	struct list_head entry;			/* notifier->range_list */
	struct drm_gpusvm_pages pages;
};

struct drm_gpusvm {
	const char *name;
	struct drm_device *drm;
	struct mm_struct *mm;
	unsigned long mm_start;
	unsigned long mm_range;
	unsigned long notifier_size;
	const struct drm_gpusvm_ops *ops;
	const unsigned long *chunk_sizes;
	int num_chunks;
	struct rw_semaphore notifier_lock;
	struct rb_root_cached root;		/* notifiers */
	struct list_head notifier_list;		/* sorted */
};

struct drm_gpusvm_ctx {
	void *device_private_page_owner;
	unsigned long check_pages_threshold;
	unsigned long timeslice_ms;
	unsigned int in_notifier :1;
	unsigned int read_only :1;
	unsigned int devmem_possible :1;
	unsigned int devmem_only :1;
};

int drm_gpusvm_init(struct drm_gpusvm *gpusvm, const char *name, struct drm_device *drm,
		    struct mm_struct *mm, unsigned long mm_start, unsigned long mm_range,
		    unsigned long notifier_size, const struct drm_gpusvm_ops *ops,
		    const unsigned long *chunk_sizes, int num_chunks);
void drm_gpusvm_fini(struct drm_gpusvm *gpusvm);
struct drm_gpusvm_notifier *drm_gpusvm_notifier_find(struct drm_gpusvm *gpusvm,
						     unsigned long start, unsigned long end);
struct drm_gpusvm_range *drm_gpusvm_range_find(struct drm_gpusvm_notifier *notifier,
					       unsigned long start, unsigned long end);
struct drm_gpusvm_range *
drm_gpusvm_range_find_or_insert(struct drm_gpusvm *gpusvm, unsigned long fault_addr,
				unsigned long gpuva_start, unsigned long gpuva_end,
				const struct drm_gpusvm_ctx *ctx);
void drm_gpusvm_range_remove(struct drm_gpusvm *gpusvm, struct drm_gpusvm_range *range);
int drm_gpusvm_range_evict(struct drm_gpusvm *gpusvm, struct drm_gpusvm_range *range);
struct drm_gpusvm_range *drm_gpusvm_range_get(struct drm_gpusvm_range *range);
void drm_gpusvm_range_put(struct drm_gpusvm_range *range);
bool drm_gpusvm_range_pages_valid(struct drm_gpusvm *gpusvm, struct drm_gpusvm_range *range);
int drm_gpusvm_get_pages(struct drm_gpusvm *gpusvm, struct drm_gpusvm_pages *svm_pages,
			 struct mm_struct *mm, struct mmu_interval_notifier *notifier,
			 unsigned long pages_start, unsigned long pages_end,
			 const struct drm_gpusvm_ctx *ctx);
void drm_gpusvm_unmap_pages(struct drm_gpusvm *gpusvm, struct drm_gpusvm_pages *svm_pages,
			    unsigned long npages, const struct drm_gpusvm_ctx *ctx);
void drm_gpusvm_free_pages(struct drm_gpusvm *gpusvm, struct drm_gpusvm_pages *svm_pages,
			   unsigned long npages);
int drm_gpusvm_range_get_pages(struct drm_gpusvm *gpusvm, struct drm_gpusvm_range *range,
			       const struct drm_gpusvm_ctx *ctx);
void drm_gpusvm_range_unmap_pages(struct drm_gpusvm *gpusvm, struct drm_gpusvm_range *range,
				  const struct drm_gpusvm_ctx *ctx);
void drm_gpusvm_range_set_unmapped(struct drm_gpusvm_range *range,
				   const struct mmu_notifier_range *mmu_range);

#define drm_gpusvm_notifier_lock(gpusvm__)	down_read(&(gpusvm__)->notifier_lock)
#define drm_gpusvm_notifier_unlock(gpusvm__)	up_read(&(gpusvm__)->notifier_lock)

static inline unsigned long drm_gpusvm_range_start(struct drm_gpusvm_range *range)
{
	return range->itree.start;
}

static inline unsigned long drm_gpusvm_range_end(struct drm_gpusvm_range *range)
{
	return range->itree.last + 1;
}

static inline unsigned long drm_gpusvm_range_size(struct drm_gpusvm_range *range)
{
	return drm_gpusvm_range_end(range) - drm_gpusvm_range_start(range);
}

static inline unsigned long drm_gpusvm_notifier_start(struct drm_gpusvm_notifier *notifier)
{
	return notifier->itree.start;
}

static inline unsigned long drm_gpusvm_notifier_end(struct drm_gpusvm_notifier *notifier)
{
	return notifier->itree.last + 1;
}

static inline unsigned long drm_gpusvm_notifier_size(struct drm_gpusvm_notifier *notifier)
{
	return drm_gpusvm_notifier_end(notifier) - drm_gpusvm_notifier_start(notifier);
}

static inline struct drm_gpusvm_range *__drm_gpusvm_range_next(struct drm_gpusvm_range *range)
{
	if (range && !list_is_last(&range->entry, &range->notifier->range_list))
		return list_next_entry(range, entry);
	return NULL;
}

/* The ranges of @notifier__ in [start__, end__), from @range__ if set. */
#define drm_gpusvm_for_each_range(range__, notifier__, start__, end__)		\
	for ((range__) = (range__) ?:						\
		drm_gpusvm_range_find((notifier__), (start__), (end__));	\
	     (range__) && (drm_gpusvm_range_start(range__) < (end__));		\
	     (range__) = __drm_gpusvm_range_next(range__))

/* lockdep's driver-lock annotation: the re-implementation has none */
#define drm_gpusvm_driver_set_lock(gpusvm, lock) do {} while (0)

#endif /* SIM_REAL_GPUSVM */
#endif /* WAKEREF_SIM_GPUSVM_H */
