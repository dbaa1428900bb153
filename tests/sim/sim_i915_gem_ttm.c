// SPDX-License-Identifier: GPL-2.0
/*
 * i915's TTM mmaps and the lmem userfault list (gem/i915_gem_ttm.c):
 *
 *  - vm_fault_ttm() (vm_ops_ttm.fault) finds the object from the
 *    ttm_buffer_object in vm_private_data, takes intel_runtime_pm_get()
 *    when the object lives in iomem (lmem), inserts the page and, if the
 *    object is not counted yet, sets userfault_count = 1 and puts it on
 *    rpm->lmem_userfault_list under lmem_userfault_lock; then it extends
 *    the userfault wakeref and puts its own;
 *  - i915_ttm_unmap_virtual() (obj->ops->unmap_virtual) takes it off again
 *    and zaps the mappings; runtime suspend uses
 *    i915_gem_object_runtime_pm_release_mmap_offset() (sim_i915_gem_mman.c).
 *
 * The object's dma-resv lock (ttm_bo_vm_reserve()) is sim_gem.resv.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/mm.h>

#include "sim.h"
#include "sim_i915.h"

static __sim_frame vm_fault_t vm_fault_ttm(struct vm_fault *vmf)
{
	struct vm_area_struct *area = vmf->vma;
	struct ttm_buffer_object *bo = area->vm_private_data;
	struct drm_device *dev = bo->base.dev;
	struct drm_i915_gem_object *obj = i915_ttm_to_gem(bo);
	struct drm_i915_private *i915 = to_i915(dev);
	struct intel_runtime_pm *rpm = &i915->runtime_pm;
	struct sim_gpu *gpu = sim_i915_to_gpu(i915);
	intel_wakeref_t wakeref = SIM_WAKEREF_NONE;
	pgoff_t page_offset;
	vm_fault_t ret;

	atomic_inc(&gpu->userfault.faults);
	mutex_lock(&bo->base.sim.resv);		/* ttm_bo_vm_reserve() */

	if (i915_ttm_cpu_maps_iomem(bo->resource))
		wakeref = intel_runtime_pm_get(rpm);

	/* ttm_bo_vm_fault_reserved() */
	page_offset = vmf->pgoff - drm_vma_node_start(&bo->base.vma_node);
	ret = sim_gem_insert_page(vmf, &bo->base, page_offset);

	/*
	 * ttm_bo_vm_reserve() already has dma_resv_lock.
	 * userfault_count is protected by dma_resv lock and rpm wakeref.
	 */
	if (ret == VM_FAULT_NOPAGE && wakeref && !obj->userfault_count) {
		obj->userfault_count = 1;
		spin_lock(&rpm->lmem_userfault_lock);
		list_add(&obj->userfault_link, &rpm->lmem_userfault_list);
		spin_unlock(&rpm->lmem_userfault_lock);
		atomic_inc(&gpu->userfault.added);
	}

	if (wakeref && sim_userfault_autosuspend_ms)
		intel_wakeref_auto(&rpm->userfault_wakeref,
				   msecs_to_jiffies(sim_userfault_autosuspend_ms));

	mutex_unlock(&bo->base.sim.resv);

	if (wakeref)
		intel_runtime_pm_put(rpm, wakeref);

	return ret;
}

static void ttm_vm_open(struct vm_area_struct *vma)
{
	struct drm_i915_gem_object *obj = i915_ttm_to_gem(vma->vm_private_data);

	drm_gem_object_get(&obj->base);
}

static void ttm_vm_close(struct vm_area_struct *vma)
{
	struct drm_i915_gem_object *obj = i915_ttm_to_gem(vma->vm_private_data);

	drm_gem_object_put(&obj->base);
}

static const struct vm_operations_struct vm_ops_ttm = {
	.fault = vm_fault_ttm,
	.open = ttm_vm_open,
	.close = ttm_vm_close,
};

/* The object's lock (sim_gem.resv) held, or the object unreachable. */
static __sim_frame void i915_ttm_unmap_virtual(struct drm_i915_gem_object *obj)
{
	struct ttm_buffer_object *bo = i915_gem_to_ttm(obj);
	struct drm_i915_private *i915 = to_i915(obj->base.dev);
	intel_wakeref_t wakeref = SIM_WAKEREF_NONE;

	if (i915_ttm_cpu_maps_iomem(bo->resource)) {
		wakeref = intel_runtime_pm_get(&i915->runtime_pm);

		/* userfault_count is protected by obj lock and rpm wakeref. */
		if (obj->userfault_count) {
			spin_lock(&i915->runtime_pm.lmem_userfault_lock);
			list_del(&obj->userfault_link);
			spin_unlock(&i915->runtime_pm.lmem_userfault_lock);
			obj->userfault_count = 0;
			atomic_inc(&sim_i915_to_gpu(i915)->userfault.removed);
		}
	}

	ttm_bo_unmap_virtual(bo);

	if (wakeref)
		intel_runtime_pm_put(&i915->runtime_pm, wakeref);
}

const struct drm_i915_gem_object_ops sim_i915_gem_ttm_ops = {
	.name = "i915_gem_object_ttm",
	.unmap_virtual = i915_ttm_unmap_virtual,
	.mmap_ops = &vm_ops_ttm,
};

/* i915_gem_object_mmap() for an object with mmap_ops */
int sim_i915_gem_mmap_ttm(struct drm_i915_gem_object *obj, struct vm_area_struct *vma)
{
	sim_gem_set_vm_flags(vma);
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	vma->vm_ops = obj->ops->mmap_ops;
	vma->vm_private_data = obj->base.vma_node.driver_private;
	drm_gem_object_get(&obj->base);
	return 0;
}
