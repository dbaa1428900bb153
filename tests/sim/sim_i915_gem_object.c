// SPDX-License-Identifier: GPL-2.0
/*
 * i915 GEM objects of the simulation (gem/i915_gem_object.c, the create
 * paths of i915_gem_shmem.c and i915_gem_ttm.c): "gtt" objects are shmem
 * objects mmapped through the GGTT (one I915_MMAP_TYPE_GTT offset), "lmem"
 * objects TTM objects in local memory, mmapped with TTM's offset.  Also the
 * ctl commands' i915 side, the GGTT's setup, and the owners file's
 * userfault lines:
 *
 *   userfault <dev> ggtt count=<n>       to_gt(i915)->ggtt->userfault_list
 *   userfault <dev> ggtt obj=0x<addr>    one per object on it, ascending
 *   userfault <dev> lmem count=<n>       i915->runtime_pm.lmem_userfault_list
 *   userfault <dev> lmem obj=0x<addr>
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "sim.h"
#include "sim_i915.h"

const struct drm_i915_gem_object_ops sim_i915_gem_shmem_ops = {
	.name = "i915_gem_object_shmem",
};

static const struct drm_gem_object_funcs i915_gem_object_funcs = {
	.free = i915_gem_free_object,
};

/* The last reference is gone: nothing maps the object any more. */
__sim_frame void i915_gem_free_object(struct drm_gem_object *gem_obj)
{
	struct drm_i915_gem_object *obj = to_intel_bo(gem_obj);
	struct i915_vma *vma, *next;

	__i915_gem_object_free_mmaps(obj);
	if (obj->userfault_count) {
		sim_oracle_assert(obj->base.sim.gpu);
		pr_info("%s: object %s freed with userfault_count=%u\n",
			sim_gpu_name(obj->base.sim.gpu), obj->base.sim.name, obj->userfault_count);
	}

	sim_gem_fini(gem_obj);
	list_for_each_entry_safe(vma, next, &obj->vma.list, obj_link) {
		list_del(&vma->obj_link);
		kfree(vma);
	}
	kfree(obj->mmo.sim_gtt);
	kfree(obj);
}

static struct drm_gem_object *sim_i915_gem_create(struct sim_gpu *gpu, enum sim_gem_kind kind,
						  unsigned int npages, unsigned int chunk)
{
	struct drm_i915_private *i915 = sim_gpu_to_i915(gpu);
	struct drm_i915_gem_object *obj;
	struct i915_mmap_offset *mmo;
	struct ttm_buffer_object *bo;
	int ret;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return ERR_PTR(-ENOMEM);
	mmo = kzalloc(sizeof(*mmo), GFP_KERNEL);
	if (!mmo) {
		kfree(obj);
		return ERR_PTR(-ENOMEM);
	}
	ret = sim_gem_init(&obj->base, gpu, kind, npages);
	if (ret) {
		kfree(mmo);
		kfree(obj);
		return ERR_PTR(ret);
	}
	obj->base.funcs = &i915_gem_object_funcs;
	spin_lock_init(&obj->vma.lock);
	INIT_LIST_HEAD(&obj->vma.list);
	INIT_LIST_HEAD(&obj->userfault_link);
	spin_lock_init(&obj->mmo.lock);

	if (kind == SIM_GEM_GTT) {
		obj->ops = &sim_i915_gem_shmem_ops;
		obj->base.sim.chunk = chunk ? min(chunk, npages) : npages;
		/* the GTT mmap offset is the mmo's (mmap_offset_attach()) */
		mmo->obj = obj;
		mmo->mmap_type = I915_MMAP_TYPE_GTT;
		mmo->vma_node = obj->base.vma_node;
		obj->mmo.sim_gtt = mmo;
	} else {
		kfree(mmo);
		obj->ops = &sim_i915_gem_ttm_ops;
		bo = i915_gem_to_ttm(obj);
		bo->bdev = &i915->bdev;
		bo->type = ttm_bo_type_device;
		obj->sim_resource.mem_type = I915_PL_LMEM0;
		obj->sim_resource.size = obj->base.size;
		obj->sim_resource.bus.is_iomem = true;
		bo->resource = &obj->sim_resource;
		/* TTM's mmaps find the bo here (i915_gem_object_mmap()) */
		bo->base.vma_node.driver_private = bo;
	}
	return &obj->base;
}

static int sim_i915_gem_mmap(struct drm_gem_object *gem_obj, struct vm_area_struct *vma)
{
	struct drm_i915_gem_object *obj = to_intel_bo(gem_obj);

	if (obj->ops->mmap_ops)
		return sim_i915_gem_mmap_ttm(obj, vma);
	return sim_i915_gem_mmap_gtt(obj, vma);
}

/*
 * What __i915_vma_evict() or a fence steal does to a faulted-in vma (or
 * to each): i915_vma_revoke_mmap() under a wakeref and ggtt->vm.mutex.
 * @index picks the vma of the chunk with that number; < 0: every vma.
 */
static int sim_i915_gem_revoke(struct drm_gem_object *gem_obj, int index)
{
	struct drm_i915_gem_object *obj = to_intel_bo(gem_obj);
	struct drm_i915_private *i915 = to_i915(gem_obj->dev);
	struct i915_ggtt *ggtt = to_gt(i915)->ggtt;
	u64 offset = (u64)max(index, 0) * gem_obj->sim.chunk;
	intel_wakeref_t wakeref;
	struct i915_vma *vma;
	int ret = index < 0 ? 0 : -ENOENT;

	if (obj->ops != &sim_i915_gem_shmem_ops) {
		pr_info("gem_revoke: %s is not a gtt object\n", gem_obj->sim.name);
		return -EINVAL;
	}
	wakeref = intel_runtime_pm_get(&i915->runtime_pm);
	mutex_lock(&ggtt->vm.mutex);
	for_each_ggtt_vma(vma, obj) {
		if (index >= 0 && vma->gtt_view.partial.offset != offset)
			continue;
		i915_vma_revoke_mmap(vma);
		ret = 0;
	}
	mutex_unlock(&ggtt->vm.mutex);
	intel_runtime_pm_put(&i915->runtime_pm, wakeref);
	if (ret)
		pr_info("gem_revoke: %s has no vma %d (not faulted in yet?)\n",
			gem_obj->sim.name, index);
	return ret;
}

/* gtt: i915_gem_object_release_mmap_gtt(); lmem: ..._release_mmap_offset() */
static int sim_i915_gem_release_mmap(struct drm_gem_object *gem_obj)
{
	struct drm_i915_gem_object *obj = to_intel_bo(gem_obj);

	if (obj->ops == &sim_i915_gem_shmem_ops) {
		i915_gem_object_release_mmap_gtt(obj);
		return 0;
	}
	mutex_lock(&gem_obj->sim.resv);
	i915_gem_object_release_mmap_offset(obj);
	mutex_unlock(&gem_obj->sim.resv);
	return 0;
}

static void *sim_i915_gem_driver_object(struct drm_gem_object *gem_obj)
{
	return to_intel_bo(gem_obj);
}

static void sim_i915_gem_show(struct seq_file *m, struct drm_gem_object *gem_obj)
{
	struct drm_i915_gem_object *obj = to_intel_bo(gem_obj);
	unsigned int nr = 0, faulted = 0;
	struct i915_vma *vma;

	seq_printf(m, " userfault_count=%u", READ_ONCE(obj->userfault_count));
	if (obj->ops != &sim_i915_gem_shmem_ops)
		return;
	spin_lock(&obj->vma.lock);
	list_for_each_entry(vma, &obj->vma.list, obj_link) {
		nr++;
		faulted += i915_vma_has_userfault(vma);
	}
	spin_unlock(&obj->vma.lock);
	seq_printf(m, " vmas=%u userfault_vmas=%u", nr, faulted);
}

static const struct sim_gem_funcs sim_i915_gem_funcs = {
	.kinds = BIT(SIM_GEM_GTT) | BIT(SIM_GEM_LMEM),
	.create = sim_i915_gem_create,
	.mmap = sim_i915_gem_mmap,
	.revoke = sim_i915_gem_revoke,
	.release_mmap = sim_i915_gem_release_mmap,
	.driver_object = sim_i915_gem_driver_object,
	.show = sim_i915_gem_show,
};

/* Probe: the GGTT (intel_ggtt_init_hw, i915_ggtt_init_fences) and GEM. */
int sim_i915_gem_init(struct drm_i915_private *i915)
{
	struct i915_ggtt *ggtt = &i915->ggtt;
	int ret;

	ggtt->vm.i915 = i915;
	ggtt->vm.gt = &i915->gt0;
	mutex_init(&ggtt->vm.mutex);
	INIT_LIST_HEAD(&ggtt->userfault_list);
	i915->gt0.ggtt = ggtt;

	ret = sim_gem_dev_init(sim_i915_to_gpu(i915), &sim_i915_gem_funcs);
	if (ret)
		return ret;
	i915->bdev.dev_mapping = i915->drm.anon_inode->i_mapping;
	return 0;
}

void sim_i915_gem_fini(struct drm_i915_private *i915)
{
	sim_gem_dev_fini(sim_i915_to_gpu(i915));
}

void sim_i915_show_userfault(struct seq_file *m, struct sim_gpu *gpu)
{
	struct drm_i915_private *i915 = sim_gpu_to_i915(gpu);
	struct intel_runtime_pm *rpm = &i915->runtime_pm;
	struct i915_ggtt *ggtt = to_gt(i915)->ggtt;
	struct drm_i915_gem_object *obj;
	unsigned long *objs;
	unsigned int n = 0;

	objs = kmalloc_array(SIM_USERFAULT_MAX, sizeof(*objs), GFP_KERNEL);
	mutex_lock(&ggtt->vm.mutex);
	list_for_each_entry(obj, &ggtt->userfault_list, userfault_link) {
		if (objs && n < SIM_USERFAULT_MAX)
			objs[n] = (unsigned long)obj;
		n++;
	}
	mutex_unlock(&ggtt->vm.mutex);
	sim_userfault_show(m, gpu, "ggtt", objs, n);

	n = 0;
	spin_lock(&rpm->lmem_userfault_lock);
	list_for_each_entry(obj, &rpm->lmem_userfault_list, userfault_link) {
		if (objs && n < SIM_USERFAULT_MAX)
			objs[n] = (unsigned long)obj;
		n++;
	}
	spin_unlock(&rpm->lmem_userfault_lock);
	sim_userfault_show(m, gpu, "lmem", objs, n);
	kfree(objs);
}
