// SPDX-License-Identifier: GPL-2.0
/*
 * The xe runtime-PM entry points (drivers/gpu/drm/xe/xe_pm.c) with their
 * 6.11+ void/bool API.  They move the PM core's usage count of xe->drm.dev
 * exactly as xe does, and fire xe's tracepoints (6.12+) where xe does
 * (sim_xe_trace.h; created here); lockdep maps are left out.  Every get and
 * put counts in the oracle's stats here.
 *
 * xe's drm_WARN ("Missing outer runtime PM protection") is an assert: a
 * counter and a ratelimited pr_info.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/pm_runtime.h>
#include <linux/sched.h>
#include <linux/version.h>

#include "sim.h"
#include "sim_xe.h"
#include "sim_xe_bo.h"

#define CREATE_TRACE_POINTS
#include "sim_xe_trace.h"

static void xe_pm_write_callback_task(struct xe_device *xe, struct task_struct *task)
{
	WRITE_ONCE(xe->pm_callback_task, task);
	/* just in case it's somehow possible for our writes to be reordered */
	smp_mb();
}

__sim_frame struct task_struct *xe_pm_read_callback_task(struct xe_device *xe)
{
	smp_mb(); /* pairs with xe_pm_write_callback_task */
	return READ_ONCE(xe->pm_callback_task);
}

/* counted, and stamped for the oracle (sim_oracle_stamp.c): call it last */
static void sim_xe_count_get(struct xe_device *xe, bool got)
{
	sim_oracle_count_get(sim_xe_to_gpu(xe), got);
	if (got)
		sim_oracle_stamp_get(sim_xe_to_gpu(xe), SIM_UNIT_XE);
}

__sim_frame void xe_pm_runtime_get(struct xe_device *xe)
{
	trace_xe_pm_runtime_get(xe, __builtin_return_address(0));
	pm_runtime_get_noresume(xe->drm.dev);

	if (xe_pm_read_callback_task(xe) == current)
		goto out;

	pm_runtime_resume(xe->drm.dev);
out:
	sim_xe_count_get(xe, true);
}

__sim_frame int xe_pm_runtime_get_ioctl(struct xe_device *xe)
{
	int ret;

	trace_xe_pm_runtime_get_ioctl(xe, __builtin_return_address(0));

	/* xe WARNs: an assert here */
	if (xe_pm_read_callback_task(xe) == current) {
		sim_oracle_assert(sim_xe_to_gpu(xe));
		return -ELOOP;
	}

	ret = pm_runtime_get_sync(xe->drm.dev);
	sim_xe_count_get(xe, true);
	return ret;
}

__sim_frame bool xe_pm_runtime_get_if_active(struct xe_device *xe)
{
	bool got;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	got = pm_runtime_get_if_active(xe->drm.dev) > 0;
#else
	got = pm_runtime_get_if_active(xe->drm.dev, true) > 0;
#endif

	sim_xe_count_get(xe, got);
	return got;
}

/* inlined into xe_pm_runtime_get_noresume() in the shipping binaries */
static __always_inline bool __xe_pm_runtime_get_if_in_use(struct xe_device *xe)
{
	if (xe_pm_read_callback_task(xe)) {
		/* the device is awake, grab the ref and move on */
		pm_runtime_get_noresume(xe->drm.dev);
		return true;
	}
	return pm_runtime_get_if_in_use(xe->drm.dev) > 0;
}

__sim_frame bool xe_pm_runtime_get_if_in_use(struct xe_device *xe)
{
	bool got = __xe_pm_runtime_get_if_in_use(xe);

	sim_xe_count_get(xe, got);
	return got;
}

__sim_frame void xe_pm_runtime_get_noresume(struct xe_device *xe)
{
	bool ref = __xe_pm_runtime_get_if_in_use(xe);

	if (!ref) {
		pm_runtime_get_noresume(xe->drm.dev);
		sim_oracle_assert(sim_xe_to_gpu(xe));
		pr_info_ratelimited("%s: Missing outer runtime PM protection (xe would WARN)\n",
				    dev_name(xe->drm.dev));
	}
	sim_xe_count_get(xe, true);
}

__sim_frame bool xe_pm_runtime_resume_and_get(struct xe_device *xe)
{
	bool got;

	if (xe_pm_read_callback_task(xe) == current) {
		/* the device is awake, grab the ref and move on */
		pm_runtime_get_noresume(xe->drm.dev);
		sim_xe_count_get(xe, true);
		return true;
	}

	got = pm_runtime_resume_and_get(xe->drm.dev) >= 0;
	sim_xe_count_get(xe, got);
	return got;
}

__sim_frame void xe_pm_runtime_put(struct xe_device *xe)
{
	sim_oracle_stamp_put(sim_xe_to_gpu(xe), SIM_UNIT_XE);
	trace_xe_pm_runtime_put(xe, __builtin_return_address(0));
	sim_oracle_count_put(sim_xe_to_gpu(xe));
	if (xe_pm_read_callback_task(xe) == current) {
		pm_runtime_put_noidle(xe->drm.dev);
	} else {
		pm_runtime_mark_last_busy(xe->drm.dev);
		pm_runtime_put(xe->drm.dev);
	}
}

/*
 * Called from xe_pci_runtime_suspend(); xe releases the VRAM mmaps here, so
 * that the next CPU access faults and wakes the device (sim_xe_bo.c).
 */
__sim_frame int xe_pm_runtime_suspend(struct xe_device *xe)
{
	struct xe_bo *bo, *on;

	xe_pm_write_callback_task(xe, current);

	/*
	 * Applying lock for entire list op as xe_ttm_bo_destroy and xe_bo_move_notify
	 * also checks and deletes bo entry from user fault list.
	 */
	mutex_lock(&xe->mem_access.vram_userfault.lock);
	list_for_each_entry_safe(bo, on, &xe->mem_access.vram_userfault.list,
				 vram_userfault_link) {
		if (sim_userfault_drain_skip &&
		    bo->vram_userfault_link.prev == &xe->mem_access.vram_userfault.list)
			continue;	/* the injected bug: left mapped */
		xe_bo_runtime_pm_release_mmap_offset(bo);
		atomic_inc(&sim_xe_to_gpu(xe)->userfault.drained);
	}
	mutex_unlock(&xe->mem_access.vram_userfault.lock);

	atomic_inc(&sim_xe_to_gpu(xe)->suspends);
	xe_pm_write_callback_task(xe, NULL);
	return 0;
}

__sim_frame int xe_pm_runtime_resume(struct xe_device *xe)
{
	xe_pm_write_callback_task(xe, current);
	atomic_inc(&sim_xe_to_gpu(xe)->resumes);
	xe_pm_write_callback_task(xe, NULL);
	return 0;
}

/*
 * System sleep: xe_pci_suspend() and xe_pci_resume(), xe's dev_pm_ops
 * callbacks, call these (xe_pm.c); the simulation does no hardware work,
 * sim_sleep.c keeps the oracle and runs the ops deferred to them.
 */
__sim_frame int xe_pm_suspend(struct xe_device *xe)
{
	struct sim_gpu *gpu = sim_xe_to_gpu(xe);

	xe_pm_write_callback_task(xe, current);
	sim_sleep_suspend(gpu);
	xe_pm_write_callback_task(xe, NULL);
	sim_sleep_suspended(gpu, 0);
	return 0;
}

__sim_frame int xe_pm_resume(struct xe_device *xe)
{
	xe_pm_write_callback_task(xe, current);
	sim_sleep_resume(sim_xe_to_gpu(xe));
	xe_pm_write_callback_task(xe, NULL);
	return 0;
}

/*
 * End of probe, with the reference the probe ran with held: xe uses a 1 s
 * autosuspend delay; the simulation takes the autosuspend_ms parameter.
 */
__sim_frame void xe_pm_runtime_init(struct xe_device *xe)
{
	struct device *dev = xe->drm.dev;

	pm_runtime_use_autosuspend(dev);
	pm_runtime_set_autosuspend_delay(dev, sim_autosuspend_ms);
	pm_runtime_set_active(dev);
	pm_runtime_allow(dev);
	pm_runtime_mark_last_busy(dev);
	pm_runtime_put(dev);
}

/*
 * End of remove, after xe_device_remove(): xe also forbids runtime PM here;
 * the simulation does not.  What is still held is leaked (sim_sleep.c).
 */
__sim_frame void xe_pm_runtime_fini(struct xe_device *xe)
{
	int ret;

	sim_sleep_release(sim_xe_to_gpu(xe));
	ret = pm_runtime_get_sync(xe->drm.dev);

	if (ret < 0)
		pr_info("%s: pm_runtime_get_sync() failed: %d\n", dev_name(xe->drm.dev), ret);
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
/* xe_pci_remove()'s last call from 6.18 on (6.12: xe_pm_runtime_fini() itself) */
__sim_frame void xe_pm_fini(struct xe_device *xe)
{
	xe_pm_runtime_fini(xe);
}
#endif
