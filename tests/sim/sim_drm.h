/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal stand-ins for DRM core and TTM types: only what the tool reads
 * and what the simulated drivers use.  Both simulated drivers embed struct
 * drm_device first, as i915 and xe do, so i915->drm.dev and xe->drm.dev are
 * the device.
 *
 * As in sim_i915.h, names and types are the real ones (drm_drv.h,
 * drm_gem.h, drm_vma_manager.h, ttm_bo.h, ttm_resource.h, ttm_device.h);
 * layouts are not, and fields named sim_ are the simulation's own.
 */
#ifndef WAKEREF_SIM_DRM_H
#define WAKEREF_SIM_DRM_H

#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/version.h>

#include "sim_gem.h"

struct device;

/*
 * The first three fields are the real struct drm_device's, in its order:
 * where the sim runs on the kernel's own drm_gpusvm (sim_gpusvm.h), that
 * library reads ->dev of the device the sim's xe gives it.
 */
struct drm_device {
	int if_version;
	struct kref ref;
	struct device *dev;
	/* drm_fs_inode_new(): every mmap of the device maps its i_mapping */
	struct inode *anon_inode;
};

struct sim_gpu;

/*
 * drm_file.h: an open file of the device (file->private_data), made by
 * drm_open_helper(); client_id is drm_file_alloc()'s unique id, in the
 * kernels whose drm_show_fdinfo() prints it as drm-client-id.
 *
 * Where the sim runs on the kernel's drm_gpusvm, the kernel's drm.ko may be
 * loaded beside it (7.3's drm_gpusvm_helper needs it): a second struct
 * drm_file of another layout would make the tool's CO-RE read of client_id
 * ambiguous (libbpf resolves against every module that has the type), so
 * there the sim's is the kernel's, its GPU in driver_priv.
 */
#ifdef SIM_REAL_GPUSVM
#include <drm/drm_file.h>

static inline void sim_drm_file_set_gpu(struct drm_file *file, struct sim_gpu *gpu)
{
	file->driver_priv = gpu;
}

static inline struct sim_gpu *sim_drm_file_gpu(struct drm_file *file)
{
	return file->driver_priv;
}
#else
struct drm_file {
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	u64 client_id;
#endif
	struct sim_gpu *sim_gpu;	/* minor->dev's GPU */
};

static inline void sim_drm_file_set_gpu(struct drm_file *file, struct sim_gpu *gpu)
{
	file->sim_gpu = gpu;
}

static inline struct sim_gpu *sim_drm_file_gpu(struct drm_file *file)
{
	return file->sim_gpu;
}
#endif

/* drm_mm.h: an allocated range; here only the fake mmap offset, in pages */
struct drm_mm_node {
	u64 sim_pad;
	u64 start;
	u64 size;
};

/* drm_vma_manager.h */
struct drm_vma_offset_node {
	struct drm_mm_node vm_node;
	void *driver_private;
};

/* ~0U >> PAGE_SHIFT + 1: fake offsets start above 4 GiB (drm_gem.c) */
#define DRM_FILE_PAGE_OFFSET_START	((0xFFFFFFFFUL >> PAGE_SHIFT) + 1)

static inline unsigned long drm_vma_node_start(const struct drm_vma_offset_node *node)
{
	return node->vm_node.start;
}

static inline unsigned long drm_vma_node_size(struct drm_vma_offset_node *node)
{
	return node->vm_node.size;
}

static inline __u64 drm_vma_node_offset_addr(struct drm_vma_offset_node *node)
{
	return ((__u64)node->vm_node.start) << PAGE_SHIFT;
}

/* Zap every user mapping of @node in @file_mapping (drm_vma_manager.h). */
static inline void drm_vma_node_unmap(struct drm_vma_offset_node *node,
				      struct address_space *file_mapping)
{
	if (node->vm_node.size)
		unmap_mapping_range(file_mapping, drm_vma_node_offset_addr(node),
				    drm_vma_node_size(node) << PAGE_SHIFT, 1);
}

struct drm_gem_object;

/* drm_gem.h: what the driver does for an object */
struct drm_gem_object_funcs {
	void (*free)(struct drm_gem_object *obj);
	const struct vm_operations_struct *vm_ops;
};

struct drm_gem_object {
	u64 sim_pad;
	struct kref refcount;
	unsigned int handle_count;
	struct drm_device *dev;
	struct drm_vma_offset_node vma_node;
	size_t size;
	const struct drm_gem_object_funcs *funcs;
	struct sim_gem sim;		/* the simulation's (sim_gem.h) */
};

void drm_gem_object_free(struct kref *kref);

static inline void drm_gem_object_get(struct drm_gem_object *obj)
{
	kref_get(&obj->refcount);
}

static inline void drm_gem_object_put(struct drm_gem_object *obj)
{
	if (obj)
		kref_put(&obj->refcount, drm_gem_object_free);
}

static inline struct drm_gem_object *sim_gem_to_obj(struct sim_gem *sg)
{
	return container_of(sg, struct drm_gem_object, sim);
}

/* ttm_resource.h / ttm_placement.h */
#define TTM_PL_SYSTEM		0
#define TTM_PL_TT		1
#define TTM_PL_VRAM		2
#define TTM_PL_PRIV		3
#define TTM_NUM_MEM_TYPES	8

struct ttm_bus_placement {
	void *addr;
	phys_addr_t offset;
	bool is_iomem;
};

struct ttm_resource {
	unsigned long start;
	size_t size;
	uint32_t mem_type;
	uint32_t placement;
	struct ttm_bus_placement bus;
};

struct ttm_place {
	unsigned int fpfn;
	unsigned int lpfn;
	uint32_t mem_type;
	uint32_t flags;
};

struct ttm_operation_ctx {
	bool interruptible;
	bool no_wait_gpu;
	bool gfp_retry_mayfail;
	bool allow_res_evict;
	uint64_t bytes_moved;
};

/* ttm_device.h: dev_mapping is the DRM device's anon_inode->i_mapping */
struct ttm_device {
	u64 sim_pad;
	struct address_space *dev_mapping;
};

enum ttm_bo_type {
	ttm_bo_type_device,
	ttm_bo_type_kernel,
	ttm_bo_type_sg
};

/* ttm_bo.h: base first, as in TTM */
struct ttm_buffer_object {
	struct drm_gem_object base;
	struct ttm_device *bdev;
	enum ttm_bo_type type;
	uint32_t page_alignment;
	void (*destroy)(struct ttm_buffer_object *bo);
	struct ttm_resource *resource;
};

/* ttm_bo.c: zap every user mapping of @bo */
static inline void ttm_bo_unmap_virtual(struct ttm_buffer_object *bo)
{
	drm_vma_node_unmap(&bo->base.vma_node, bo->bdev->dev_mapping);
}

#endif /* WAKEREF_SIM_DRM_H */
