/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-ins for the xe types the wakeref tool reads (xe_device_types.h) and
 * the xe runtime-PM entry points with their 6.11+ names and signatures
 * (xe_pm.h).  As in sim_i915.h, names and types are real, layouts are not.
 */
#ifndef WAKEREF_SIM_XE_H
#define WAKEREF_SIM_XE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/version.h>

#include "sim.h"
#include "sim_drm.h"

struct task_struct;
struct xe_vm;
struct xe_gt;
struct sim_xe_sched;
struct sim_xe_vms;
struct sim_xe_display;

struct xe_device {
	struct drm_device drm;			/* first, as in xe: xe->drm.dev */
	u64 sim_pad[2];
	struct ttm_device ttm;
	struct {
		struct {
			struct mutex lock;
			struct list_head list;
		} vram_userfault;
	} mem_access;
	struct {
		bool capable;
		bool allowed;
	} d3cold;
	struct task_struct *pm_callback_task;
	/* the simulation's one VM with GPU SVM (sim_xe_svm.c), under sim_vm_lock */
	struct mutex sim_vm_lock;
	struct xe_vm *sim_vm;
	/* xe: xe->tiles[0].primary_gt and .media_gt (sim_xe_gt.c) */
	struct xe_gt *sim_gt[2];
	u32 sim_guc_iir[2];		/* the GuC interrupts raised, per GT */
	struct sim_xe_sched *sim_sched;	/* exec queues and jobs (sim_xe_sched.c) */
	struct sim_xe_vms *sim_vms;	/* VMs of the VM ioctls (sim_xe_vm.c) */
	struct sim_xe_display *sim_display;	/* 7.x display (sim_xe_display_rpm.c) */
};

static inline struct xe_device *to_xe_device(const struct drm_device *dev)
{
	return container_of(dev, struct xe_device, drm);
}

static inline struct xe_device *ttm_to_xe_device(struct ttm_device *ttm)
{
	return container_of(ttm, struct xe_device, ttm);
}

/* The simulation's own wrapper around one xe device. */
struct sim_xe {
	struct xe_device xe;
	struct sim_gpu gpu;
};

static inline struct sim_gpu *sim_xe_to_gpu(struct xe_device *xe)
{
	return &container_of(xe, struct sim_xe, xe)->gpu;
}

static inline struct xe_device *sim_gpu_to_xe(const struct sim_gpu *gpu)
{
	return gpu->drvdata;
}

/* xe_pm.c (sim_xe_pm.c) */
void xe_pm_runtime_get(struct xe_device *xe);
int xe_pm_runtime_get_ioctl(struct xe_device *xe);
bool xe_pm_runtime_get_if_active(struct xe_device *xe);
bool xe_pm_runtime_get_if_in_use(struct xe_device *xe);
void xe_pm_runtime_get_noresume(struct xe_device *xe);
bool xe_pm_runtime_resume_and_get(struct xe_device *xe);
void xe_pm_runtime_put(struct xe_device *xe);
int xe_pm_runtime_suspend(struct xe_device *xe);
int xe_pm_runtime_resume(struct xe_device *xe);
struct task_struct *xe_pm_read_callback_task(struct xe_device *xe);
void xe_pm_runtime_init(struct xe_device *xe);
void xe_pm_runtime_fini(struct xe_device *xe);
int xe_pm_suspend(struct xe_device *xe);
int xe_pm_resume(struct xe_device *xe);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
void xe_pm_fini(struct xe_device *xe);
#endif

/* sim_xe_ioctl.c: an ioctl's function, called under xe_drm_ioctl()'s reference */
typedef long (*sim_xe_ioctl_fn)(struct xe_device *xe, void *data);
long xe_drm_ioctl(struct xe_device *xe, sim_xe_ioctl_fn func, void *data);

/*
 * The body of a site function for an xe request.  Always inlined, so the
 * call to the entry point is made from the site function's own frame.
 */
static __always_inline void sim_xe_site_call(struct sim_req *req)
{
	struct xe_device *xe = sim_gpu_to_xe(req->gpu);
	int ret;

	switch (req->op) {
	case SIM_OP_XE_GET:
		xe_pm_runtime_get(xe);
		req->got = true;
		break;
	case SIM_OP_XE_GET_IOCTL:
		/* pm_runtime_get_sync holds the reference even on error */
		ret = xe_pm_runtime_get_ioctl(xe);
		if (ret < 0)
			pr_info("wakeref_sim: xe_pm_runtime_get_ioctl: %d\n", ret);
		req->got = ret != -ELOOP;
		break;
	case SIM_OP_XE_GET_IF_ACTIVE:
		req->got = xe_pm_runtime_get_if_active(xe);
		break;
	case SIM_OP_XE_GET_IF_IN_USE:
		req->got = xe_pm_runtime_get_if_in_use(xe);
		break;
	case SIM_OP_XE_GET_NORESUME:
		xe_pm_runtime_get_noresume(xe);
		req->got = true;
		break;
	case SIM_OP_XE_RESUME_AND_GET:
		req->got = xe_pm_runtime_resume_and_get(xe);
		break;
	case SIM_OP_XE_PUT:
		xe_pm_runtime_put(xe);
		return;
	default:
		req->ret = -EOPNOTSUPP;
		return;
	}
	req->cookie = req->got;		/* xe has no cookie */
}

#endif /* WAKEREF_SIM_XE_H */
