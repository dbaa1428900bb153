// SPDX-License-Identifier: GPL-2.0
/*
 * xe's ioctl entry (xe_device.c, 6.12): xe_drm_ioctl() holds a runtime-PM
 * reference (xe_pm_runtime_get_ioctl()) around drm_ioctl(), which calls the
 * ioctl's function through the driver's table.  The paths that take a
 * reference with get_noresume (a job, a VM, a TLB fence) need it: they only
 * add to a reference someone holds.  The simulation's ctl commands that
 * stand for an ioctl come in here; sim_drm_ioctl() stands for drm_ioctl()
 * and its indirect call.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "sim.h"
#include "sim_xe.h"

/* drm_ioctl(): the table's function, through a pointer, and its result seen */
static __sim_frame long sim_drm_ioctl(struct xe_device *xe, sim_xe_ioctl_fn func, void *data)
{
	long ret = func(xe, data);

	if (ret < 0)
		pr_debug("%s: ioctl: %ld\n", dev_name(xe->drm.dev), ret);
	return ret;
}

__sim_frame long xe_drm_ioctl(struct xe_device *xe, sim_xe_ioctl_fn func, void *data)
{
	struct sim_gpu *gpu = sim_xe_to_gpu(xe);
	long ret;
	u64 id;

	sim_oracle_arm_get(gpu, SIM_UNIT_XE);
	ret = xe_pm_runtime_get_ioctl(xe);
	id = ret != -ELOOP ? sim_oracle_hold(gpu, _THIS_IP_, SIM_UNIT_XE, "ioctl", 1) : 0;
	if (ret >= 0)
		ret = sim_drm_ioctl(xe, func, data);
	sim_oracle_put(gpu, id);
	xe_pm_runtime_put(xe);

	return ret;
}
