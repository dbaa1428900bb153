// SPDX-License-Identifier: GPL-2.0
/*
 * xe buffer objects and the VRAM userfault list (xe_bo.c, 6.12), through
 * real page faults:
 *
 *  - xe_gem_fault() (xe_gem_vm_ops.fault; named xe_bo_cpu_fault() from
 *    6.18, where it also has a fast path the simulation leaves out) takes
 *    xe_pm_runtime_get() for a BO with a VRAM placement, inserts the page
 *    and, when the BO sits in VRAM, puts it on
 *    xe->mem_access.vram_userfault.list (if not there yet)
 *    under vram_userfault.lock; then puts the reference.  No wakeref_auto:
 *    the device autosuspends, and xe_pm_runtime_suspend() drains the list
 *    with xe_bo_runtime_pm_release_mmap_offset() (sim_xe_pm.c).
 *  - xe_bo_move_notify() takes a BO moving out of VRAM off the list
 *    (list_del_init); xe_ttm_bo_destroy() takes a dying BO off (list_del).
 *
 * "vram" BOs have the VRAM0 and SYSTEM placements and start in VRAM;
 * "system" BOs only SYSTEM (in TT).  A move keeps the pages (no copy).
 * The BO's dma-resv lock (ttm_bo_vm_reserve()) is sim_gem.resv.
 *
 * The owners file's lines: "userfault <dev> vram count=<n>" and one
 * "userfault <dev> vram obj=0x<struct xe_bo>" per BO on the list, ascending.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/version.h>

#include "sim.h"
#include "sim_xe_bo.h"

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
static __sim_frame vm_fault_t xe_bo_cpu_fault(struct vm_fault *vmf)
#else
static __sim_frame vm_fault_t xe_gem_fault(struct vm_fault *vmf)
#endif
{
	struct ttm_buffer_object *tbo = vmf->vma->vm_private_data;
	struct drm_device *ddev = tbo->base.dev;
	struct xe_device *xe = to_xe_device(ddev);
	struct xe_bo *bo = ttm_to_xe_bo(tbo);
	bool needs_rpm = bo->flags & XE_BO_FLAG_VRAM_MASK;
	struct sim_gpu *gpu = sim_xe_to_gpu(xe);
	pgoff_t page_offset;
	vm_fault_t ret;

	atomic_inc(&gpu->userfault.faults);
	if (needs_rpm)
		xe_pm_runtime_get(xe);

	mutex_lock(&tbo->base.sim.resv);	/* ttm_bo_vm_reserve() */

	/* ttm_bo_vm_fault_reserved() */
	page_offset = vmf->pgoff - drm_vma_node_start(&tbo->base.vma_node);
	ret = sim_gem_insert_page(vmf, &tbo->base, page_offset);

	if (ret == VM_FAULT_NOPAGE && mem_type_is_vram(tbo->resource->mem_type)) {
		mutex_lock(&xe->mem_access.vram_userfault.lock);
		if (list_empty(&bo->vram_userfault_link)) {
			list_add(&bo->vram_userfault_link, &xe->mem_access.vram_userfault.list);
			atomic_inc(&gpu->userfault.added);
		}
		mutex_unlock(&xe->mem_access.vram_userfault.lock);
	}

	mutex_unlock(&tbo->base.sim.resv);

	if (needs_rpm)
		xe_pm_runtime_put(xe);

	return ret;
}

/* TTM's: each mapping holds the BO */
static void ttm_bo_vm_open(struct vm_area_struct *vma)
{
	struct ttm_buffer_object *bo = vma->vm_private_data;

	drm_gem_object_get(&bo->base);
}

static void ttm_bo_vm_close(struct vm_area_struct *vma)
{
	struct ttm_buffer_object *bo = vma->vm_private_data;

	drm_gem_object_put(&bo->base);
}

static const struct vm_operations_struct xe_gem_vm_ops = {
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
	.fault = xe_bo_cpu_fault,
#else
	.fault = xe_gem_fault,
#endif
	.open = ttm_bo_vm_open,
	.close = ttm_bo_vm_close,
};

/* xe_pm_runtime_suspend() calls it with vram_userfault.lock held */
__sim_frame void xe_bo_runtime_pm_release_mmap_offset(struct xe_bo *bo)
{
	struct ttm_buffer_object *tbo = &bo->ttm;
	struct ttm_device *bdev = tbo->bdev;

	drm_vma_node_unmap(&tbo->base.vma_node, bdev->dev_mapping);

	list_del_init(&bo->vram_userfault_link);
	atomic_inc(&tbo->base.sim.gpu->userfault.removed);
}

static __sim_frame int xe_bo_move_notify(struct xe_bo *bo, const struct ttm_operation_ctx *ctx)
{
	struct ttm_buffer_object *ttm_bo = &bo->ttm;
	struct xe_device *xe = ttm_to_xe_device(ttm_bo->bdev);
	struct ttm_resource *old_mem = ttm_bo->resource;
	u32 old_mem_type = old_mem ? old_mem->mem_type : XE_PL_SYSTEM;

	/*
	 * TTM has already nuked the mmap for us (see ttm_bo_unmap_virtual),
	 * so if we moved from VRAM make sure to unlink this from the userfault
	 * tracking.
	 */
	if (mem_type_is_vram(old_mem_type)) {
		mutex_lock(&xe->mem_access.vram_userfault.lock);
		if (!list_empty(&bo->vram_userfault_link)) {
			list_del_init(&bo->vram_userfault_link);
			atomic_inc(&sim_xe_to_gpu(xe)->userfault.removed);
		}
		mutex_unlock(&xe->mem_access.vram_userfault.lock);
	}
	return 0;
}

/* ttm_device_funcs.move; the BO's resv held */
static __sim_frame int xe_bo_move(struct ttm_buffer_object *ttm_bo, bool evict,
				  struct ttm_operation_ctx *ctx, struct ttm_resource *new_mem,
				  struct ttm_place *hop)
{
	struct xe_bo *bo = ttm_to_xe_bo(ttm_bo);
	int ret;

	ret = xe_bo_move_notify(bo, ctx);
	if (ret)
		return ret;
	/* the copy: the simulation keeps the pages where they are */
	bo->sim_resource = *new_mem;
	ttm_bo->resource = &bo->sim_resource;
	return 0;
}

/* bo->ttm.destroy: the last reference is gone */
static __sim_frame void xe_ttm_bo_destroy(struct ttm_buffer_object *ttm_bo)
{
	struct xe_bo *bo = ttm_to_xe_bo(ttm_bo);
	struct xe_device *xe = ttm_to_xe_device(ttm_bo->bdev);

	mutex_lock(&xe->mem_access.vram_userfault.lock);
	if (!list_empty(&bo->vram_userfault_link)) {
		list_del(&bo->vram_userfault_link);
		atomic_inc(&sim_xe_to_gpu(xe)->userfault.removed);
	}
	mutex_unlock(&xe->mem_access.vram_userfault.lock);

	sim_gem_fini(&ttm_bo->base);
	kfree(bo);
}

/* drm_gem_object_funcs.free: ttm_bo_put() down to bo->destroy */
static void xe_gem_object_free(struct drm_gem_object *obj)
{
	struct ttm_buffer_object *tbo = container_of(obj, struct ttm_buffer_object, base);

	tbo->destroy(tbo);
}

static const struct drm_gem_object_funcs xe_gem_object_funcs = {
	.free = xe_gem_object_free,
	.vm_ops = &xe_gem_vm_ops,
};

static struct drm_gem_object *sim_xe_bo_create(struct sim_gpu *gpu, enum sim_gem_kind kind,
					       unsigned int npages, unsigned int chunk)
{
	struct xe_device *xe = sim_gpu_to_xe(gpu);
	struct xe_bo *bo;
	int ret;

	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	ret = sim_gem_init(&bo->ttm.base, gpu, kind, npages);
	if (ret) {
		kfree(bo);
		return ERR_PTR(ret);
	}
	bo->ttm.base.funcs = &xe_gem_object_funcs;
	bo->ttm.bdev = &xe->ttm;
	bo->ttm.type = ttm_bo_type_device;
	bo->ttm.destroy = xe_ttm_bo_destroy;
	bo->size = bo->ttm.base.size;
	INIT_LIST_HEAD(&bo->vram_userfault_link);
	bo->flags = XE_BO_FLAG_USER | XE_BO_FLAG_SYSTEM;
	if (kind == SIM_GEM_VRAM) {
		bo->flags |= XE_BO_FLAG_VRAM0;
		bo->sim_resource.mem_type = XE_PL_VRAM0;
		bo->sim_resource.bus.is_iomem = true;
	} else {
		bo->sim_resource.mem_type = XE_PL_TT;
	}
	bo->sim_resource.size = bo->size;
	bo->ttm.resource = &bo->sim_resource;
	return &bo->ttm.base;
}

/* ttm_bo_mmap_obj() */
static int sim_xe_bo_mmap(struct drm_gem_object *obj, struct vm_area_struct *vma)
{
	sim_gem_set_vm_flags(vma);
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	vma->vm_ops = obj->funcs->vm_ops;
	vma->vm_private_data = container_of(obj, struct ttm_buffer_object, base);
	drm_gem_object_get(obj);
	return 0;
}

/* What xe_pm_runtime_suspend() does to each BO on the list, to one BO. */
static int sim_xe_bo_release_mmap(struct drm_gem_object *obj)
{
	struct xe_bo *bo = gem_to_xe_bo(obj);
	struct xe_device *xe = to_xe_device(obj->dev);
	int ret = 0;

	mutex_lock(&xe->mem_access.vram_userfault.lock);
	if (!list_empty(&bo->vram_userfault_link))
		xe_bo_runtime_pm_release_mmap_offset(bo);
	else
		ret = -ENOENT;
	mutex_unlock(&xe->mem_access.vram_userfault.lock);
	if (ret)
		pr_info("gem_release_mmap: %s is not on the vram userfault list\n", obj->sim.name);
	return ret;
}

/* ttm_bo_validate() into the other placement: ttm_bo_handle_move_mem() */
static int sim_xe_bo_move_to(struct drm_gem_object *obj, bool to_vram)
{
	struct xe_bo *bo = gem_to_xe_bo(obj);
	struct xe_device *xe = to_xe_device(obj->dev);
	struct ttm_operation_ctx ctx = { .interruptible = true };
	struct ttm_resource new_mem = { .size = bo->size };
	int ret;

	if (to_vram && !(bo->flags & XE_BO_FLAG_VRAM_MASK)) {
		pr_info("bo_move: %s has no VRAM placement\n", obj->sim.name);
		return -EINVAL;
	}
	new_mem.mem_type = to_vram ? XE_PL_VRAM0 : XE_PL_TT;
	new_mem.bus.is_iomem = to_vram;

	/* moving VRAM needs the device awake */
	xe_pm_runtime_get(xe);
	mutex_lock(&obj->sim.resv);
	ret = 0;
	if (bo->ttm.resource->mem_type != new_mem.mem_type) {
		ttm_bo_unmap_virtual(&bo->ttm);
		ret = xe_bo_move(&bo->ttm, false, &ctx, &new_mem, NULL);
	}
	mutex_unlock(&obj->sim.resv);
	xe_pm_runtime_put(xe);
	return ret;
}

static void *sim_xe_bo_driver_object(struct drm_gem_object *obj)
{
	return gem_to_xe_bo(obj);
}

static void sim_xe_bo_show(struct seq_file *m, struct drm_gem_object *obj)
{
	struct xe_bo *bo = gem_to_xe_bo(obj);

	seq_printf(m, " placement=%s on_list=%d",
		   mem_type_is_vram(READ_ONCE(bo->ttm.resource)->mem_type) ? "vram" : "system",
		   !list_empty_careful(&bo->vram_userfault_link));
}

static const struct sim_gem_funcs sim_xe_gem_funcs = {
	.kinds = BIT(SIM_GEM_VRAM) | BIT(SIM_GEM_SYSTEM),
	.create = sim_xe_bo_create,
	.mmap = sim_xe_bo_mmap,
	.release_mmap = sim_xe_bo_release_mmap,
	.move = sim_xe_bo_move_to,
	.driver_object = sim_xe_bo_driver_object,
	.show = sim_xe_bo_show,
};

int sim_xe_bo_init(struct xe_device *xe)
{
	int ret;

	ret = sim_gem_dev_init(sim_xe_to_gpu(xe), &sim_xe_gem_funcs);
	if (ret)
		return ret;
	xe->ttm.dev_mapping = xe->drm.anon_inode->i_mapping;
	return 0;
}

void sim_xe_bo_fini(struct xe_device *xe)
{
	sim_gem_dev_fini(sim_xe_to_gpu(xe));
}

void sim_xe_show_userfault(struct seq_file *m, struct sim_gpu *gpu)
{
	struct xe_device *xe = sim_gpu_to_xe(gpu);
	unsigned long *objs;
	unsigned int n = 0;
	struct xe_bo *bo;

	objs = kmalloc_array(SIM_USERFAULT_MAX, sizeof(*objs), GFP_KERNEL);
	mutex_lock(&xe->mem_access.vram_userfault.lock);
	list_for_each_entry(bo, &xe->mem_access.vram_userfault.list, vram_userfault_link) {
		if (objs && n < SIM_USERFAULT_MAX)
			objs[n] = (unsigned long)bo;
		n++;
	}
	mutex_unlock(&xe->mem_access.vram_userfault.lock);
	sim_userfault_show(m, gpu, "vram", objs, n);
	kfree(objs);
}
