/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-ins for xe's VM and SVM types (xe_vm_types.h, xe_svm.h, 6.18 and
 * 7.3) as far as the simulation's GPU SVM needs them.  Real names and types,
 * shuffled layouts, sim_ fields the simulation's own.
 *
 * What the tool reads: struct xe_vm svm.gpusvm (container_of from the
 * gpusvm), xe (->drm.dev: 7.3's gpusvm has no drm),
 * svm.garbage_collector.range_list; struct xe_svm_range base (first),
 * garbage_collector_link, and on 7.3 pages.flags.{has_devmem_pages,
 * has_dma_mapping} (the rest of the flags are in base.flags there).
 */
#ifndef WAKEREF_SIM_XE_SVM_H
#define WAKEREF_SIM_XE_SVM_H

#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "sim_gpusvm.h"
#include "sim_xe.h"

struct xe_gt;

/* drm_gpuvm.h: the VA range a GPU VMA covers */
#define DRM_GPUVA_USERBITS	(1 << 2)

struct drm_gpuva {
	u32 flags;
	struct {
		u64 addr;
		u64 range;
	} va;
};

/* xe_vm_types.h: a CPU address mirror VMA (the range SVM mirrors) */
#define XE_VMA_READ_ONLY	DRM_GPUVA_USERBITS

struct xe_vma {
	u64 sim_pad;
	struct drm_gpuva gpuva;
};

static inline u64 xe_vma_start(struct xe_vma *vma)
{
	return vma->gpuva.va.addr;
}

static inline u64 xe_vma_end(struct xe_vma *vma)
{
	return vma->gpuva.va.addr + vma->gpuva.va.range;
}

static inline bool xe_vma_read_only(struct xe_vma *vma)
{
	return vma->gpuva.flags & XE_VMA_READ_ONLY;
}

struct xe_svm_range {
	struct drm_gpusvm_range base;		/* first, as in xe */
#ifdef SIM_GPUSVM_DRIVER_PAGES
	/* 7.3: the range's pages are xe's, mapped for its one device */
	struct drm_gpusvm_pages pages;
#endif
	struct list_head garbage_collector_link;
	u8 tile_present;
	u8 tile_invalidated;
};

struct xe_vm {
	u64 sim_pad;
	struct xe_device *xe;
	struct rw_semaphore lock;		/* the driver's SVM lock */
	u64 size;				/* 0 once closed (xe_vm_is_closed()) */
	struct {
		struct drm_gpusvm gpusvm;
		struct {
			spinlock_t lock;
			struct list_head range_list;
			struct work_struct work;
		} garbage_collector;
	} svm;
	struct xe_vma sim_mirror;		/* the one mirror VMA, made by bind */
	/* a VM of the VM ioctls (sim_xe_vm.c) */
	u32 flags;				/* XE_VM_FLAG_* */
	struct kref refcount;
	struct work_struct destroy_work;
	u64 sim_oracle_id;			/* the record of a long-running VM's reference */
	struct completion *sim_destroyed;	/* the ctl command waiting for the work */
	struct list_head sim_link;
	char sim_name[32];
};

/* xe_svm.c (sim_xe_svm.c) */
int xe_svm_init(struct xe_vm *vm);
void xe_svm_close(struct xe_vm *vm);
void xe_svm_fini(struct xe_vm *vm);
int xe_svm_handle_pagefault(struct xe_vm *vm, struct xe_vma *vma, struct xe_gt *gt,
			    u64 fault_addr, bool atomic);

#endif /* WAKEREF_SIM_XE_SVM_H */
