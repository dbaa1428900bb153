// SPDX-License-Identifier: GPL-2.0
/*
 * The GEM plumbing both simulated drivers share (sim_gem.h): object
 * lifetime, fake mmap offsets, the anon inode whose address_space holds
 * every mapping of a device (so the drivers can zap them with
 * unmap_mapping_range(), as drm_vma_node_unmap() does), the ctl commands
 * on objects, and the debugfs "gem" file:
 *
 *   gem <dev> <name> obj=0x<addr> kind=gtt|lmem|vram|system pages=<n>
 *       handle=0|1 refs=<n> <driver fields>
 *
 * one line per object alive, devices in registry order, objects oldest
 * first.  obj= is what the owners file's "userfault ... obj=" lines print:
 * the struct drm_i915_gem_object or struct xe_bo.  The driver fields are
 * i915: userfault_count=<n> vmas=<n> userfault_vmas=<n> (gtt) or
 * userfault_count=<n> (lmem); xe: placement=vram|system on_list=0|1.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs_context.h>
#include <linux/mount.h>
#include <linux/pseudo_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/version.h>

#include "sim.h"
#include "sim_drm.h"
#include "sim_gem.h"

static const char * const sim_gem_kind_names[SIM_GEM_NR_KINDS] = {
	[SIM_GEM_GTT] = "gtt",
	[SIM_GEM_LMEM] = "lmem",
	[SIM_GEM_VRAM] = "vram",
	[SIM_GEM_SYSTEM] = "system",
};

const char *sim_gem_kind_name(enum sim_gem_kind kind)
{
	return kind < SIM_GEM_NR_KINDS ? sim_gem_kind_names[kind] : "?";
}

int sim_gem_kind_lookup(const char *name)
{
	int i;

	for (i = 0; i < SIM_GEM_NR_KINDS; i++) {
		if (!strcmp(name, sim_gem_kind_names[i]))
			return i;
	}
	return -EINVAL;
}

/*
 * A pseudo filesystem for the anon inodes, as drm_fs_inode_new() does.  No
 * .owner: a mount of it pins its module, and the inodes go away only in
 * the module's exit, which a pinned module never reaches.
 */
#define SIM_FS_MAGIC	0x7773696d	/* "wsim" */

static int sim_fs_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, SIM_FS_MAGIC) ? 0 : -ENOMEM;
}

static struct file_system_type sim_fs_type = {
	.name = "wakeref_sim",
	.init_fs_context = sim_fs_init_fs_context,
	.kill_sb = kill_anon_super,
};

static struct vfsmount *sim_fs_mnt;
static int sim_fs_cnt;

static struct inode *sim_fs_inode_new(void)
{
	struct inode *inode;
	int ret;

	ret = simple_pin_fs(&sim_fs_type, &sim_fs_mnt, &sim_fs_cnt);
	if (ret)
		return ERR_PTR(ret);
	inode = alloc_anon_inode(sim_fs_mnt->mnt_sb);
	if (IS_ERR(inode))
		simple_release_fs(&sim_fs_mnt, &sim_fs_cnt);
	return inode;
}

static void sim_fs_inode_free(struct inode *inode)
{
	iput(inode);
	simple_release_fs(&sim_fs_mnt, &sim_fs_cnt);
}

/* Both drivers embed struct drm_device first in their drvdata. */
static struct drm_device *sim_gpu_drm(struct sim_gpu *gpu)
{
	return gpu->drvdata;
}

int sim_gem_dev_init(struct sim_gpu *gpu, const struct sim_gem_funcs *funcs)
{
	struct drm_device *drm = sim_gpu_drm(gpu);
	struct sim_gem_dev *gem;
	struct inode *inode;
	int ret;

	gem = kzalloc(sizeof(*gem), GFP_KERNEL);
	if (!gem)
		return -ENOMEM;
	inode = sim_fs_inode_new();
	if (IS_ERR(inode)) {
		kfree(gem);
		return PTR_ERR(inode);
	}
	drm->anon_inode = inode;
	gem->gpu = gpu;
	gem->funcs = funcs;
	mutex_init(&gem->lock);
	INIT_LIST_HEAD(&gem->objects);
	gem->next_pgoff = DRM_FILE_PAGE_OFFSET_START;
	gpu->gem = gem;

	ret = sim_node_register(gem);
	if (ret) {
		gpu->gem = NULL;
		drm->anon_inode = NULL;
		sim_fs_inode_free(inode);
		kfree(gem);
	}
	return ret;
}

/* Find an object by name that still has its handle; gem->lock held. */
static struct sim_gem *sim_gem_find(struct sim_gem_dev *gem, const char *name)
{
	struct sim_gem *sg;

	list_for_each_entry(sg, &gem->objects, link) {
		if (sg->handle && !strcmp(sg->name, name))
			return sg;
	}
	return NULL;
}

/*
 * Module exit: no file of the device is open (each holds the module), so
 * nothing is mapped and dropping the handles frees every object.
 */
void sim_gem_dev_fini(struct sim_gpu *gpu)
{
	struct sim_gem_dev *gem = gpu->gem;
	struct drm_device *drm = sim_gpu_drm(gpu);
	struct sim_gem *sg, *found;

	if (!gem)
		return;
	for (;;) {
		found = NULL;
		mutex_lock(&gem->lock);
		list_for_each_entry(sg, &gem->objects, link) {
			if (sg->handle) {
				sg->handle = false;
				found = sg;
				break;
			}
		}
		mutex_unlock(&gem->lock);
		if (!found)
			break;
		drm_gem_object_put(sim_gem_to_obj(found));
	}
	if (!list_empty(&gem->objects))
		pr_info("%s: GEM objects left at unload\n", sim_gpu_name(gpu));

	sim_node_unregister(gem);
	sim_fs_inode_free(drm->anon_inode);
	drm->anon_inode = NULL;
	gpu->gem = NULL;
	kfree(gem);
}

/*
 * drm_gem_object_init() and drm_gem_create_mmap_offset() in one: the pages,
 * the first reference, a fake offset in obj->vma_node.  Not yet listed.
 */
int sim_gem_init(struct drm_gem_object *obj, struct sim_gpu *gpu, enum sim_gem_kind kind,
		 unsigned int npages)
{
	struct sim_gem_dev *gem = gpu->gem;
	struct sim_gem *sg = &obj->sim;
	unsigned int i;

	sg->pages = kvcalloc(npages, sizeof(*sg->pages), GFP_KERNEL);
	if (!sg->pages)
		return -ENOMEM;
	for (i = 0; i < npages; i++) {
		sg->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!sg->pages[i])
			goto err;
	}
	kref_init(&obj->refcount);
	obj->dev = sim_gpu_drm(gpu);
	obj->size = (size_t)npages << PAGE_SHIFT;
	INIT_LIST_HEAD(&sg->link);
	sg->gpu = gpu;
	sg->kind = kind;
	sg->npages = npages;
	sg->chunk = npages;
	mutex_init(&sg->resv);

	mutex_lock(&gem->lock);
	sg->pgoff = gem->next_pgoff;
	gem->next_pgoff += npages;
	mutex_unlock(&gem->lock);
	obj->vma_node.vm_node.start = sg->pgoff;
	obj->vma_node.vm_node.size = npages;
	return 0;

err:
	while (i--)
		__free_page(sg->pages[i]);
	kvfree(sg->pages);
	sg->pages = NULL;
	return -ENOMEM;
}

/* The driver frees @obj: unlist it, free its pages (nothing maps them now). */
void sim_gem_fini(struct drm_gem_object *obj)
{
	struct sim_gem *sg = &obj->sim;
	struct sim_gem_dev *gem = sg->gpu->gem;
	unsigned int i;

	mutex_lock(&gem->lock);
	list_del_init(&sg->link);
	mutex_unlock(&gem->lock);
	for (i = 0; i < sg->npages; i++)
		__free_page(sg->pages[i]);
	kvfree(sg->pages);
	sg->pages = NULL;
}

/* drm_gem.c: the last reference is gone */
void drm_gem_object_free(struct kref *kref)
{
	struct drm_gem_object *obj = container_of(kref, struct drm_gem_object, refcount);

	obj->funcs->free(obj);
}

/* drm_gem_mmap(): the object at fake offset @pgoff, with a reference */
struct drm_gem_object *sim_gem_lookup_offset(struct sim_gpu *gpu, unsigned long pgoff,
					     unsigned long npages)
{
	struct sim_gem_dev *gem = gpu->gem;
	struct drm_gem_object *obj, *found = NULL;
	struct sim_gem *sg;

	mutex_lock(&gem->lock);
	list_for_each_entry(sg, &gem->objects, link) {
		obj = sim_gem_to_obj(sg);
		if (sg->pgoff == pgoff && npages <= sg->npages &&
		    kref_get_unless_zero(&obj->refcount)) {
			found = obj;
			break;
		}
	}
	mutex_unlock(&gem->lock);
	return found;
}

int sim_gem_mmap_offset(struct sim_gpu *gpu, struct wakeref_sim_mmap_offset *arg)
{
	struct sim_gem_dev *gem = gpu->gem;
	struct sim_gem *sg;
	int ret = 0;

	mutex_lock(&gem->lock);
	sg = sim_gem_find(gem, arg->name);
	if (sg) {
		arg->offset = sg->pgoff << PAGE_SHIFT;
		arg->size = (u64)sg->npages << PAGE_SHIFT;
	} else {
		ret = -ENOENT;
	}
	mutex_unlock(&gem->lock);
	return ret;
}

/*
 * What ttm_bo_vm_fault_reserved() and i915's remap_io_mapping() come down
 * to here: one PTE for the faulting page of the object's own pages.
 */
vm_fault_t sim_gem_insert_page(struct vm_fault *vmf, struct drm_gem_object *obj,
			       pgoff_t page_offset)
{
	if (page_offset >= obj->sim.npages)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(obj->sim.pages[page_offset]));
}

/* What i915 and TTM set on every GEM mapping. */
void sim_gem_set_vm_flags(struct vm_area_struct *vma)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_set(vma, VM_PFNMAP | VM_IO | VM_DONTEXPAND | VM_DONTDUMP);
#else
	vma->vm_flags |= VM_PFNMAP | VM_IO | VM_DONTEXPAND | VM_DONTDUMP;
#endif
}

int sim_gem_create_cmd(struct sim_gpu *gpu, const char *name, enum sim_gem_kind kind,
		       unsigned int npages, unsigned int chunk)
{
	struct sim_gem_dev *gem = gpu->gem;
	struct drm_gem_object *obj;
	int ret = 0;

	if (!(gem->funcs->kinds & BIT(kind))) {
		pr_info("%s: a %s device has no %s objects\n", sim_gpu_name(gpu),
			sim_driver_name(gpu->driver), sim_gem_kind_name(kind));
		return -EINVAL;
	}
	if (strlen(name) >= WAKEREF_SIM_NAME_LEN) {
		pr_info("object name '%s' is too long (max %d)\n", name, WAKEREF_SIM_NAME_LEN - 1);
		return -EINVAL;
	}
	obj = gem->funcs->create(gpu, kind, npages, chunk);
	if (IS_ERR(obj))
		return PTR_ERR(obj);

	mutex_lock(&gem->lock);
	if (sim_gem_find(gem, name)) {
		ret = -EEXIST;
	} else {
		strscpy(obj->sim.name, name, sizeof(obj->sim.name));
		obj->sim.handle = true;
		list_add_tail(&obj->sim.link, &gem->objects);
	}
	mutex_unlock(&gem->lock);
	if (ret) {
		pr_info("%s: object '%s' exists\n", sim_gpu_name(gpu), name);
		drm_gem_object_put(obj);
	}
	return ret;
}

/* Object @name with a reference, or NULL (and why, in the log). */
static struct drm_gem_object *sim_gem_get(struct sim_gpu *gpu, const char *name)
{
	struct sim_gem_dev *gem = gpu->gem;
	struct drm_gem_object *obj = NULL;
	struct sim_gem *sg;

	mutex_lock(&gem->lock);
	sg = sim_gem_find(gem, name);
	if (sg) {
		obj = sim_gem_to_obj(sg);
		drm_gem_object_get(obj);
	}
	mutex_unlock(&gem->lock);
	if (!obj)
		pr_info("%s: no object '%s'\n", sim_gpu_name(gpu), name);
	return obj;
}

int sim_gem_destroy_cmd(struct sim_gpu *gpu, const char *name)
{
	struct sim_gem_dev *gem = gpu->gem;
	struct sim_gem *sg;

	mutex_lock(&gem->lock);
	sg = sim_gem_find(gem, name);
	if (sg)
		sg->handle = false;
	mutex_unlock(&gem->lock);
	if (!sg) {
		pr_info("%s: no object '%s'\n", sim_gpu_name(gpu), name);
		return -ENOENT;
	}
	/* freed now unless mapped: then by the last munmap */
	drm_gem_object_put(sim_gem_to_obj(sg));
	return 0;
}

static int sim_gem_unsupported(struct sim_gpu *gpu, const char *what)
{
	pr_info("%s: %s: not on a %s device\n", sim_gpu_name(gpu), what,
		sim_driver_name(gpu->driver));
	return -EINVAL;
}

int sim_gem_revoke_cmd(struct sim_gpu *gpu, const char *name, int vma)
{
	struct drm_gem_object *obj;
	int ret;

	if (!gpu->gem->funcs->revoke)
		return sim_gem_unsupported(gpu, "gem_revoke");
	obj = sim_gem_get(gpu, name);
	if (!obj)
		return -ENOENT;
	ret = gpu->gem->funcs->revoke(obj, vma);
	drm_gem_object_put(obj);
	return ret;
}

int sim_gem_release_mmap_cmd(struct sim_gpu *gpu, const char *name)
{
	struct drm_gem_object *obj;
	int ret;

	obj = sim_gem_get(gpu, name);
	if (!obj)
		return -ENOENT;
	ret = gpu->gem->funcs->release_mmap(obj);
	drm_gem_object_put(obj);
	return ret;
}

int sim_gem_move_cmd(struct sim_gpu *gpu, const char *name, bool to_vram)
{
	struct drm_gem_object *obj;
	int ret;

	if (!gpu->gem->funcs->move)
		return sim_gem_unsupported(gpu, "bo_move");
	obj = sim_gem_get(gpu, name);
	if (!obj)
		return -ENOENT;
	ret = gpu->gem->funcs->move(obj, to_vram);
	drm_gem_object_put(obj);
	return ret;
}

static int sim_ulong_cmp(const void *pa, const void *pb)
{
	unsigned long a = *(const unsigned long *)pa, b = *(const unsigned long *)pb;

	return a < b ? -1 : a > b;
}

/* "userfault DEV LIST count=N", then "userfault DEV LIST obj=0x..." ascending */
void sim_userfault_show(struct seq_file *m, struct sim_gpu *gpu, const char *list,
			unsigned long *objs, unsigned int n)
{
	unsigned int i, shown = min_t(unsigned int, n, SIM_USERFAULT_MAX);

	seq_printf(m, "userfault %s %s count=%u\n", sim_gpu_name(gpu), list, n);
	if (!objs)
		return;
	sort(objs, shown, sizeof(*objs), sim_ulong_cmp, NULL);
	for (i = 0; i < shown; i++)
		seq_printf(m, "userfault %s %s obj=0x%px\n", sim_gpu_name(gpu), list,
			   (void *)objs[i]);
}

static int sim_gem_show(struct seq_file *m, void *unused)
{
	unsigned int i;

	for (i = 0; i < sim_gpu_count(); i++) {
		struct sim_gpu *gpu = sim_gpu_at(i);
		struct sim_gem_dev *gem = gpu->gem;
		struct drm_gem_object *obj;
		struct sim_gem *sg;

		if (!gem)
			continue;
		mutex_lock(&gem->lock);
		list_for_each_entry(sg, &gem->objects, link) {
			obj = sim_gem_to_obj(sg);
			seq_printf(m, "gem %s %s obj=0x%px kind=%s pages=%u handle=%d refs=%u",
				   sim_gpu_name(gpu), sg->name[0] ? sg->name : "-",
				   gem->funcs->driver_object(obj), sim_gem_kind_name(sg->kind),
				   sg->npages, sg->handle, kref_read(&obj->refcount));
			gem->funcs->show(m, obj);
			seq_putc(m, '\n');
		}
		mutex_unlock(&gem->lock);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_gem);

void sim_gem_debugfs_init(void)
{
	debugfs_create_file("gem", 0444, sim_debugfs_root, NULL, &sim_gem_fops);
}
