/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The drivers' cross-function and tail-call paths, each in a file of its
 * own with the real functions' names and shapes, and what the ctl commands
 * of sim_ctl_paths.c call in them:
 *
 *   sim_xe_ioctl.c        xe_drm_ioctl(): the reference every ioctl holds
 *   sim_xe_sched.c        jobs (create ... free_job work), exec-queue messages
 *   sim_xe_gt.c           the GTs, the GuC interrupt; sim_xe_gt.h has the CT
 *                         (sim_xe_guc_ct.c, sim_xe_guc_fw.c) and TLB fences
 *                         (sim_xe_tlb.c)
 *   sim_xe_vm.c           long-running VMs: create ... destroy work
 *   sim_xe_display_rpm.c  7.x display runtime PM through xe's ops, the
 *                         atomic commit and its tail
 *   sim_i915_tail.c       i915 functions that end with a tail-called put
 */
#ifndef WAKEREF_SIM_PATHS_H
#define WAKEREF_SIM_PATHS_H

#include "sim.h"

struct xe_device;

/* sim_xe_sched.c */
int sim_xe_sched_init(struct xe_device *xe);
void sim_xe_sched_quiesce(struct xe_device *xe);
void sim_xe_sched_fini(struct xe_device *xe);
int sim_xe_job_create(struct xe_device *xe, const char *job, const char *queue);
int sim_xe_job_destroy(struct xe_device *xe, const char *job);
int sim_xe_queue_suspend(struct xe_device *xe, const char *queue);

/* sim_xe_vm.c */
int sim_xe_vm_init(struct xe_device *xe);
void sim_xe_vm_quiesce(struct xe_device *xe);
void sim_xe_vm_fini(struct xe_device *xe);
int sim_xe_vm_create(struct xe_device *xe, const char *name, bool lr);
int sim_xe_vm_destroy(struct xe_device *xe, const char *name);

/* sim_xe_display_rpm.c */
int sim_xe_display_init(struct xe_device *xe);
void sim_xe_display_quiesce(struct xe_device *xe);
void sim_xe_display_fini(struct xe_device *xe);
int sim_xe_display_commit(struct xe_device *xe, const char *name, bool nonblock);
int sim_xe_display_flip_done(struct xe_device *xe, const char *name);

/* sim_xe_drv.c: all of the above, and the GTs, for a device */
int sim_xe_paths_init(struct xe_device *xe);
void sim_xe_quiesce(struct sim_gpu *gpu);
void sim_xe_paths_fini(struct xe_device *xe);

/* sim_i915_tail.c: hwm_read, context_revoke, context_unpin, vma_bind */
int sim_i915_tail_cmd(struct sim_gpu *gpu, const char *name, const struct sim_ctx *ctx,
		      unsigned int delay_ms);

/* sim_i915_gem_shrinker.c: i915_gem_shrink()'s error path that leaks */
struct drm_i915_private;
struct i915_gem_ww_ctx;
long i915_gem_shrink(struct i915_gem_ww_ctx *ww, struct drm_i915_private *i915,
		     unsigned long target, unsigned long *nr_scanned, unsigned int shrink);
int sim_i915_gem_shrink_cmd(struct sim_gpu *gpu, int lock_err);

#endif /* WAKEREF_SIM_PATHS_H */
