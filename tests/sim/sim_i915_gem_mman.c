// SPDX-License-Identifier: GPL-2.0
/*
 * i915's GTT mmaps and the GGTT userfault list (gem/i915_gem_mman.c,
 * i915_vma.c, i915_gem.c), through real page faults:
 *
 *  - vm_fault_gtt() (vm_ops_gtt.fault) takes intel_runtime_pm_get(), finds
 *    or makes the GGTT vma of the faulting page's view (normal, or partial
 *    when the object was made with chunk=), inserts the page and, under
 *    ggtt->vm.mutex, sets the vma's userfault bit; the object's first such
 *    vma puts it on to_gt(i915)->ggtt->userfault_list.  Then it extends
 *    the userfault wakeref (intel_wakeref_auto) and puts its own.
 *  - i915_vma_revoke_mmap() zaps a vma's PTEs, clears its bit and takes the
 *    object off the list with its last one; __i915_gem_object_release_mmap_gtt()
 *    does every vma of an object; i915_gem_object_release_mmap_gtt() does
 *    that under a wakeref and the mutex.
 *  - i915_gem_runtime_suspend(), from the runtime-suspend callback, drains
 *    the GGTT list and then the lmem list (sim_i915_gem_ttm.c has its adds).
 *
 * The list is i915's, protected by ggtt->vm.mutex; i915's runtime suspend
 * walks it without (every user holds a wakeref), the simulation takes the
 * mutex there too for the oracle's reader.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "sim.h"
#include "sim_i915.h"

/*
 * i915_gem_object_ggtt_pin_ww() of the view around @page_offset: the
 * normal view, or with chunk= the partial view of that chunk
 * (compute_partial_view()); made on first use, kept until the object is
 * freed.  ggtt->vm.mutex held.
 */
static struct i915_vma *sim_ggtt_vma(struct drm_i915_gem_object *obj, struct i915_ggtt *ggtt,
				     pgoff_t page_offset)
{
	unsigned int npages = obj->base.sim.npages, chunk = obj->base.sim.chunk;
	struct i915_gtt_view view = { .type = I915_GTT_VIEW_NORMAL };
	struct i915_vma *vma;

	lockdep_assert_held(&ggtt->vm.mutex);
	if (chunk < npages) {
		view.type = I915_GTT_VIEW_PARTIAL;
		view.partial.offset = rounddown(page_offset, chunk);
		view.partial.size = min_t(unsigned int, chunk, npages - view.partial.offset);
	}
	for_each_ggtt_vma(vma, obj) {
		if (vma->gtt_view.type == view.type &&
		    vma->gtt_view.partial.offset == view.partial.offset)
			return vma;
	}

	vma = kzalloc(sizeof(*vma), GFP_KERNEL);
	if (!vma)
		return ERR_PTR(-ENOMEM);
	vma->obj = obj;
	vma->vm = &ggtt->vm;
	vma->gtt_view = view;
	vma->size = (u64)(view.type == I915_GTT_VIEW_NORMAL ? npages : view.partial.size)
		    << PAGE_SHIFT;
	atomic_set(&vma->flags, 0);
	spin_lock(&obj->vma.lock);
	list_add_tail(&vma->obj_link, &obj->vma.list);
	spin_unlock(&obj->vma.lock);
	return vma;
}

static __sim_frame vm_fault_t vm_fault_gtt(struct vm_fault *vmf)
{
	struct vm_area_struct *area = vmf->vma;
	struct i915_mmap_offset *mmo = area->vm_private_data;
	struct drm_i915_gem_object *obj = mmo->obj;
	struct drm_device *dev = obj->base.dev;
	struct drm_i915_private *i915 = to_i915(dev);
	struct intel_runtime_pm *rpm = &i915->runtime_pm;
	struct i915_ggtt *ggtt = to_gt(i915)->ggtt;
	struct sim_gpu *gpu = sim_i915_to_gpu(i915);
	intel_wakeref_t wakeref;
	struct i915_vma *vma;
	pgoff_t page_offset;
	vm_fault_t ret;

	/* i915 counts from area->vm_start; the fake offset also holds after a split */
	page_offset = vmf->pgoff - drm_vma_node_start(&mmo->vma_node);
	atomic_inc(&gpu->userfault.faults);

	wakeref = intel_runtime_pm_get(rpm);

	/* Now pin it into the GTT as needed */
	mutex_lock(&ggtt->vm.mutex);
	vma = sim_ggtt_vma(obj, ggtt, page_offset);
	mutex_unlock(&ggtt->vm.mutex);
	if (IS_ERR(vma)) {
		ret = VM_FAULT_OOM;
		goto err_rpm;
	}

	/* Finally, remap it using the new GTT offset (here: the one page) */
	ret = sim_gem_insert_page(vmf, &obj->base, page_offset);
	if (ret != VM_FAULT_NOPAGE)
		goto err_rpm;

	assert_rpm_wakelock_held(rpm);

	/* Mark as being mmapped into userspace for later revocation */
	mutex_lock(&ggtt->vm.mutex);
	if (!i915_vma_set_userfault(vma) && !obj->userfault_count++) {
		list_add(&obj->userfault_link, &ggtt->userfault_list);
		atomic_inc(&gpu->userfault.added);
	}
	mutex_unlock(&ggtt->vm.mutex);

	/* Track the mmo associated with the fenced vma */
	vma->mmo = mmo;

	if (sim_userfault_autosuspend_ms)
		intel_wakeref_auto(&rpm->userfault_wakeref,
				   msecs_to_jiffies(sim_userfault_autosuspend_ms));

err_rpm:
	intel_runtime_pm_put(rpm, wakeref);
	return ret;
}

/* Each mapping holds the object (i915_gem_object_get/put). */
static void vm_open(struct vm_area_struct *vma)
{
	struct i915_mmap_offset *mmo = vma->vm_private_data;

	drm_gem_object_get(&mmo->obj->base);
}

static void vm_close(struct vm_area_struct *vma)
{
	struct i915_mmap_offset *mmo = vma->vm_private_data;

	drm_gem_object_put(&mmo->obj->base);
}

static const struct vm_operations_struct vm_ops_gtt = {
	.fault = vm_fault_gtt,
	.open = vm_open,
	.close = vm_close,
};

/* i915_gem_object_mmap() for I915_MMAP_TYPE_GTT */
int sim_i915_gem_mmap_gtt(struct drm_i915_gem_object *obj, struct vm_area_struct *vma)
{
	sim_gem_set_vm_flags(vma);
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	vma->vm_private_data = obj->mmo.sim_gtt;
	vma->vm_ops = &vm_ops_gtt;
	drm_gem_object_get(&obj->base);
	return 0;
}

/* ggtt->vm.mutex held (or runtime suspend, which the simulation also locks) */
__sim_frame void i915_vma_revoke_mmap(struct i915_vma *vma)
{
	struct drm_vma_offset_node *node;
	u64 vma_offset;

	lockdep_assert_held(&vma->vm->mutex);

	if (!i915_vma_has_userfault(vma))
		return;

	node = &vma->mmo->vma_node;
	vma_offset = vma->gtt_view.partial.offset << PAGE_SHIFT;
	unmap_mapping_range(vma->vm->i915->drm.anon_inode->i_mapping,
			    drm_vma_node_offset_addr(node) + vma_offset, vma->size, 1);

	i915_vma_unset_userfault(vma);
	if (!--vma->obj->userfault_count) {
		list_del(&vma->obj->userfault_link);
		atomic_inc(&sim_i915_to_gpu(vma->vm->i915)->userfault.removed);
	}
}

__sim_frame void __i915_gem_object_release_mmap_gtt(struct drm_i915_gem_object *obj)
{
	struct i915_vma *vma;

	for_each_ggtt_vma(vma, obj)
		i915_vma_revoke_mmap(vma);

	/* GEM_BUG_ON(obj->userfault_count) */
	if (obj->userfault_count)
		sim_oracle_assert(sim_i915_to_gpu(to_i915(obj->base.dev)));
}

__sim_frame void i915_gem_object_release_mmap_gtt(struct drm_i915_gem_object *obj)
{
	struct drm_i915_private *i915 = to_i915(obj->base.dev);
	intel_wakeref_t wakeref;

	/*
	 * Serialisation between user GTT access and our code depends upon
	 * revoking the CPU's PTE whilst the mutex is held.
	 */
	wakeref = intel_runtime_pm_get(&i915->runtime_pm);
	mutex_lock(&to_gt(i915)->ggtt->vm.mutex);

	if (!obj->userfault_count)
		goto out;

	__i915_gem_object_release_mmap_gtt(obj);
	wmb();

out:
	mutex_unlock(&to_gt(i915)->ggtt->vm.mutex);
	intel_runtime_pm_put(&i915->runtime_pm, wakeref);
}

/* Runtime suspend only: exclusive access, lmem list */
__sim_frame void i915_gem_object_runtime_pm_release_mmap_offset(struct drm_i915_gem_object *obj)
{
	struct ttm_buffer_object *bo = i915_gem_to_ttm(obj);
	struct ttm_device *bdev = bo->bdev;
	struct intel_runtime_pm *rpm = &to_i915(obj->base.dev)->runtime_pm;

	drm_vma_node_unmap(&bo->base.vma_node, bdev->dev_mapping);

	/* i915 needs no lock here; the simulation's oracle reader does */
	spin_lock(&rpm->lmem_userfault_lock);
	list_del(&obj->userfault_link);
	spin_unlock(&rpm->lmem_userfault_lock);
	obj->userfault_count = 0;
	atomic_inc(&sim_i915_rpm_to_gpu(rpm)->userfault.removed);
}

/* obj->ops->unmap_virtual: i915_ttm_unmap_virtual() for lmem objects */
__sim_frame void i915_gem_object_release_mmap_offset(struct drm_i915_gem_object *obj)
{
	if (obj->ops->unmap_virtual)
		obj->ops->unmap_virtual(obj);
}

/* From the free path: no mapping is left, only list membership. */
__sim_frame void __i915_gem_object_free_mmaps(struct drm_i915_gem_object *obj)
{
	/* Skip serialisation and waking the device if known to be not used. */
	if (obj->userfault_count && obj->ops == &sim_i915_gem_shmem_ops)
		i915_gem_object_release_mmap_gtt(obj);

	if (obj->ops->unmap_virtual)
		i915_gem_object_release_mmap_offset(obj);
}

/*
 * Called from intel_runtime_suspend(): every user of the lists holds a
 * wakeref, so nothing else runs.  Drains the GGTT list, then lmem's.
 */
__sim_frame void i915_gem_runtime_suspend(struct drm_i915_private *i915)
{
	struct drm_i915_gem_object *obj, *on;
	struct sim_gpu *gpu = sim_i915_to_gpu(i915);
	struct i915_ggtt *ggtt = to_gt(i915)->ggtt;

	mutex_lock(&ggtt->vm.mutex);
	list_for_each_entry_safe(obj, on, &ggtt->userfault_list, userfault_link) {
		if (sim_userfault_drain_skip && obj->userfault_link.prev == &ggtt->userfault_list)
			continue;	/* the injected bug: left mapped */
		__i915_gem_object_release_mmap_gtt(obj);
		atomic_inc(&gpu->userfault.drained);
	}
	mutex_unlock(&ggtt->vm.mutex);

	list_for_each_entry_safe(obj, on, &i915->runtime_pm.lmem_userfault_list, userfault_link) {
		if (sim_userfault_drain_skip &&
		    obj->userfault_link.prev == &i915->runtime_pm.lmem_userfault_list)
			continue;
		i915_gem_object_runtime_pm_release_mmap_offset(obj);
		atomic_inc(&gpu->userfault.drained);
	}
}
