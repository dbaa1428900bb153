// SPDX-License-Identifier: GPL-2.0
/*
 * DRM_IOCTL_I915_GEM_EXECBUFFER2 (gem/i915_gem_execbuffer.c), the part that
 * keeps the GPU awake, with i915's call chain:
 *
 *   drm_ioctl() -> drm_ioctl_kernel() -> i915_gem_execbuffer2_ioctl(dev,
 *   data, file) -> i915_gem_do_execbuffer(dev, file, args, exec2_list)
 *     -> eb_select_engine(): intel_gt_pm_get(gt) for the engine's GT (the
 *        first get unparks it: the GT's wakelock, owned by eb_select_engine,
 *        and __gt_unpark's GT_IRQ display wakeref)
 *     -> eb_submit() -> i915_request_add(): the request keeps its engine
 *        awake until it is retired (intel_context_enter() ->
 *        intel_engine_pm_get(), whose first get takes the GT's wakeref: the
 *        simulation has no engines and takes that GT reference itself)
 *     -> eb_put_engine(): intel_gt_pm_put(gt)
 *
 * so that when the ioctl returns, the GT wakeref its task took stays held
 * by the request.  The simulated GPU completes a file's requests when the
 * file is closed: i915_request_retire() drops each one's GT reference (the
 * last put parks the GT).  sim_drm_ioctl_kernel() stands for drm_ioctl()
 * and drm_ioctl_kernel(): the table's function called through a pointer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "sim.h"
#include "sim_drm.h"
#include "sim_i915.h"
#include "sim_uapi.h"

struct i915_request {
	struct list_head link;
	struct drm_file *file;
	struct intel_gt *gt;
};

/* requests not yet retired, of every device */
static LIST_HEAD(sim_requests);
static DEFINE_MUTEX(sim_requests_lock);

struct i915_execbuffer {
	struct drm_i915_private *i915;
	struct drm_file *file;
	struct drm_i915_gem_execbuffer2 *args;
	struct intel_gt *gt;
	struct i915_request *request;
};

typedef int (*sim_drm_ioctl_t)(struct drm_device *dev, void *data, struct drm_file *file);

static __sim_frame int eb_select_engine(struct i915_execbuffer *eb)
{
	eb->gt = to_gt(eb->i915);
	intel_gt_pm_get(eb->gt);
	return 0;
}

static __sim_frame void eb_put_engine(struct i915_execbuffer *eb)
{
	intel_gt_pm_put(eb->gt);
}

/* the request's engine wakeref: intel_context_enter() -> intel_engine_pm_get() */
static __sim_frame void i915_request_add(struct i915_request *rq)
{
	intel_gt_pm_get(rq->gt);
	mutex_lock(&sim_requests_lock);
	list_add_tail(&rq->link, &sim_requests);
	mutex_unlock(&sim_requests_lock);
}

static __sim_frame int eb_submit(struct i915_execbuffer *eb)
{
	struct i915_request *rq = kzalloc(sizeof(*rq), GFP_KERNEL);

	if (!rq)
		return -ENOMEM;
	rq->file = eb->file;
	rq->gt = eb->gt;
	eb->request = rq;
	i915_request_add(rq);
	return 0;
}

static __sim_frame int i915_gem_do_execbuffer(struct drm_device *dev, struct drm_file *file,
					      struct drm_i915_gem_execbuffer2 *args)
{
	struct i915_execbuffer eb = {
		.i915 = to_i915(dev),
		.file = file,
		.args = args,
	};
	int err;

	if (!args->buffer_count || args->num_cliprects || args->rsvd2)
		return -EINVAL;
	err = eb_select_engine(&eb);
	if (err)
		return err;
	err = eb_submit(&eb);
	eb_put_engine(&eb);
	return err;
}

static __sim_frame int i915_gem_execbuffer2_ioctl(struct drm_device *dev, void *data,
						  struct drm_file *file)
{
	return i915_gem_do_execbuffer(dev, file, data);
}

static __sim_frame long sim_drm_ioctl_kernel(struct drm_device *dev, sim_drm_ioctl_t func,
					     void *kdata, struct drm_file *file)
{
	return func(dev, kdata, file);
}

/* drm_ioctl() for DRM_IOCTL_I915_GEM_EXECBUFFER2: the argument in, the call */
long sim_i915_gem_execbuffer2(struct sim_gpu *gpu, struct drm_file *file, void __user *uarg)
{
	struct drm_i915_gem_execbuffer2 args;

	if (gpu->driver != SIM_DRV_I915)
		return -ENOTTY;
	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	return sim_drm_ioctl_kernel(gpu->drvdata, i915_gem_execbuffer2_ioctl, &args, file);
}

static __sim_frame void i915_request_retire(struct i915_request *rq)
{
	intel_gt_pm_put(rq->gt);
	kfree(rq);
}

/* the GPU completes FILE's requests: it is being closed */
void sim_i915_requests_complete(struct drm_file *file)
{
	struct i915_request *rq, *tmp;
	LIST_HEAD(done);

	mutex_lock(&sim_requests_lock);
	list_for_each_entry_safe(rq, tmp, &sim_requests, link)
		if (rq->file == file)
			list_move_tail(&rq->link, &done);
	mutex_unlock(&sim_requests_lock);
	list_for_each_entry_safe(rq, tmp, &done, link) {
		list_del(&rq->link);
		i915_request_retire(rq);
	}
}
