// SPDX-License-Identifier: GPL-2.0
/*
 * The device node of each simulated GPU: a misc device named after the
 * platform device, /dev/wakeref-sim-i915.N or /dev/wakeref-sim-xe.N
 * (devtmpfs makes it).  It is what a DRM render node is to i915 and xe:
 *
 *   open    every file of the device maps the device's anon inode's
 *           address_space, as drm_open_helper() arranges, so the drivers
 *           can zap all user mappings of an object by its fake offset
 *   mmap    at a fake offset (WAKEREF_SIM_IOC_MMAP_OFFSET): the driver sets
 *           its vm_ops; pages come in through real page faults
 *   ioctl   the ABI in sim_uapi.h; file->private_data is a struct drm_file,
 *           as drm_open_helper() makes it, so that an ioctl's client is
 *           found where it is on a real node
 *   close   i915: the GPU completes the file's requests (retired)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/version.h>
#include <linux/uaccess.h>

#include "sim.h"
#include "sim_drm.h"
#include "sim_gem.h"
#include "sim_paths.h"
#include "sim_uapi.h"
#include "sim_xe.h"

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
static atomic64_t sim_client_ids;	/* drm_file.c: ident */
#endif

/* drm_open_helper(): the file's drm_file */
static int sim_node_open(struct inode *inode, struct file *file)
{
	struct miscdevice *misc = file->private_data;
	struct sim_gem_dev *gem = container_of(misc, struct sim_gem_dev, misc);
	struct drm_device *drm = gem->gpu->drvdata;
	struct drm_file *file_priv = kzalloc(sizeof(*file_priv), GFP_KERNEL);

	if (!file_priv)
		return -ENOMEM;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	file_priv->client_id = atomic64_inc_return(&sim_client_ids);
#endif
	sim_drm_file_set_gpu(file_priv, gem->gpu);
	file->private_data = file_priv;
	file->f_mapping = drm->anon_inode->i_mapping;
	return 0;
}

static int sim_node_release(struct inode *inode, struct file *file)
{
	struct drm_file *file_priv = file->private_data;

	if (sim_drm_file_gpu(file_priv)->driver == SIM_DRV_I915)
		sim_i915_requests_complete(file_priv);
	kfree(file_priv);
	return 0;
}

static struct sim_gpu *sim_node_gpu(struct file *file)
{
	struct drm_file *file_priv = file->private_data;

	return sim_drm_file_gpu(file_priv);
}

static int sim_node_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct sim_gpu *gpu = sim_node_gpu(file);
	struct drm_gem_object *obj;
	int ret;

	obj = sim_gem_lookup_offset(gpu, vma->vm_pgoff, vma_pages(vma));
	if (!obj)
		return -EINVAL;
	/* PFN mappings cannot be copy-on-write */
	if (!(vma->vm_flags & VM_SHARED))
		ret = -EINVAL;
	else
		ret = gpu->gem->funcs->mmap(obj, vma);
	drm_gem_object_put(obj);
	return ret;
}

static long sim_node_mmap_offset(struct sim_gpu *gpu, void __user *uarg)
{
	struct wakeref_sim_mmap_offset mo;
	int ret;

	if (copy_from_user(&mo, uarg, sizeof(mo)))
		return -EFAULT;
	mo.name[sizeof(mo.name) - 1] = '\0';
	ret = sim_gem_mmap_offset(gpu, &mo);
	if (!ret && copy_to_user(uarg, &mo, sizeof(mo)))
		ret = -EFAULT;
	return ret;
}

static long sim_node_svm_bind(struct sim_gpu *gpu, void __user *uarg)
{
	struct wakeref_sim_svm_bind bind;

	if (copy_from_user(&bind, uarg, sizeof(bind)))
		return -EFAULT;
	return sim_svm_bind(gpu, bind.start, bind.size, bind.flags & WAKEREF_SIM_SVM_READ_ONLY);
}

static long sim_node_svm_fault(struct sim_gpu *gpu, void __user *uarg)
{
	struct wakeref_sim_svm_fault fault;
	int ret;

	if (copy_from_user(&fault, uarg, sizeof(fault)))
		return -EFAULT;
	ret = sim_svm_fault(gpu, fault.addr, &fault.start, &fault.last);
	if (!ret && copy_to_user(uarg, &fault, sizeof(fault)))
		ret = -EFAULT;
	return ret;
}

/* xe_exec_ioctl(), reached through xe_drm_ioctl() as from the xe node's fops */
static long sim_node_xe_exec(struct sim_gpu *gpu, void __user *uarg)
{
	struct drm_xe_exec args;
	char job[32], queue[16];

	if (gpu->driver != SIM_DRV_XE)
		return -ENOTTY;
	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	snprintf(job, sizeof(job), "exec-%llx", (unsigned long long)args.address);
	snprintf(queue, sizeof(queue), "q%u", args.exec_queue_id);
	return sim_xe_job_create(sim_gpu_to_xe(gpu), job, queue);
}

static long sim_node_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct sim_gpu *gpu = sim_node_gpu(file);
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case DRM_IOCTL_XE_EXEC:
		return sim_node_xe_exec(gpu, uarg);
	case DRM_IOCTL_I915_GEM_EXECBUFFER2:
		return sim_i915_gem_execbuffer2(gpu, file->private_data, uarg);
	case WAKEREF_SIM_IOC_CLIENT_ID: {
		u64 id = 0;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
		id = ((struct drm_file *)file->private_data)->client_id;
#endif
		return put_user(id, (u64 __user *)uarg);
	}
	case WAKEREF_SIM_IOC_MMAP_OFFSET:
		return sim_node_mmap_offset(gpu, uarg);
	case WAKEREF_SIM_IOC_SVM_BIND:
		return sim_node_svm_bind(gpu, uarg);
	case WAKEREF_SIM_IOC_SVM_FAULT:
		return sim_node_svm_fault(gpu, uarg);
	case WAKEREF_SIM_IOC_SVM_FINI:
		return sim_svm_unbind(gpu);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations sim_node_fops = {
	.owner = THIS_MODULE,
	.open = sim_node_open,
	.release = sim_node_release,
	.mmap = sim_node_mmap,
	.unlocked_ioctl = sim_node_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

int sim_node_register(struct sim_gem_dev *gem)
{
	int ret;

	gem->misc.minor = MISC_DYNAMIC_MINOR;
	gem->misc.name = sim_gpu_name(gem->gpu);
	gem->misc.fops = &sim_node_fops;
	gem->misc.parent = gem->gpu->dev;
	gem->misc.mode = 0600;
	ret = misc_register(&gem->misc);
	if (ret)
		pr_info("%s: no device node: %d\n", sim_gpu_name(gem->gpu), ret);
	gem->registered = !ret;
	return ret;
}

void sim_node_unregister(struct sim_gem_dev *gem)
{
	if (gem->registered)
		misc_deregister(&gem->misc);
	gem->registered = false;
}
