// SPDX-License-Identifier: GPL-2.0
/*
 * The ctl commands of the drivers' cross-function and tail-call paths
 * (sim_paths.h).  Objects are named by the scenario: a job, a queue, a GuC
 * request, a VM, a commit.
 *
 * xe:
 *   job_create DEV JOB [QUEUE]   the exec ioctl: a job on QUEUE (default q0,
 *                                made on first use), which holds a reference
 *   job_destroy DEV JOB [ctx=wq] JOB finished: its queue's free_job work
 *                                frees it; a queue frees its jobs in order
 *   queue_suspend DEV QUEUE      a preempt fence suspends QUEUE: a message,
 *                                then a scheduling disable to the GuC named
 *                                QUEUE (wants an answer: a G2H credit)
 *   g2h DEV NAME [ctx=irq|wq]    the GuC answers request NAME: the G2H
 *                                interrupt (default), or only the G2H worker
 *   tlb_inval DEV NAME [gt=N]    a bind's page-table update asks GT N for a
 *                                TLB invalidation, the GuC request NAME
 *   vm_create DEV NAME [lr]      the VM create ioctl; "lr": long-running mode
 *   vm_destroy DEV NAME          the VM destroy ioctl and its destroy work
 *   disp_commit DEV NAME [nonblock]  the atomic ioctl (7.x display runtime PM)
 *   disp_flip_done DEV NAME      the commit's framebuffers are rendered: its
 *                                tail runs
 * i915 (ctx=current|task:NAME|wq, n=N):
 *   hwm_read DEV                 the hwmon energy read
 *   context_revoke DEV           a context's revoke through its ops
 *   context_unpin DEV [delay_ms=N]  its last unpin: the scheduling disable,
 *                                through the delayed work if N > 0
 *   vma_bind DEV                 a PPGTT bind through the vma's and vm's ops
 *   gem_shrink DEV [EDEADLK|EINTR]  i915_gem_shrink() under a wakeref, its
 *                                object locks failing with that error: the
 *                                pre-5.15 leak on its error path (n=N only)
 * Each returns once the driver is done, works included.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": ctl: " fmt

#include <linux/string.h>

#include "sim.h"
#include "sim_ctl.h"
#include "sim_paths.h"
#include "sim_xe.h"
#include "sim_xe_gt.h"

static struct xe_device *cmd_xe(const struct sim_cmd *cmd)
{
	return sim_gpu_to_xe(cmd->gpu);
}

static bool sim_path_name_ok(const char *name)
{
	if (strlen(name) < SIM_NAME_LEN)
		return true;
	pr_info("'%s': a name of at most %d characters\n", name, SIM_NAME_LEN - 1);
	return false;
}

/* an optional last word that must be @word */
static int sim_path_flag(int argc, char **argv, int i, const char *word, bool *flag)
{
	*flag = argc > i;
	if (argc > i && strcmp(argv[i], word)) {
		pr_info("%s: '%s' is not '%s'\n", argv[0], argv[i], word);
		return -EINVAL;
	}
	return 0;
}

static int sim_path_job_create(const struct sim_cmd *cmd, int argc, char **argv)
{
	if (!sim_path_name_ok(argv[2]) || (argc > 3 && !sim_path_name_ok(argv[3])))
		return -EINVAL;
	return sim_xe_job_create(cmd_xe(cmd), argv[2], argc > 3 ? argv[3] : NULL);
}

static int sim_path_job_destroy(const struct sim_cmd *cmd, int argc, char **argv)
{
	if (cmd->ctx.kind != SIM_CTX_CURRENT && cmd->ctx.kind != SIM_CTX_WQ) {
		pr_info("job_destroy: the scheduler's free_job work runs on its workqueue (ctx=wq)\n");
		return -EINVAL;
	}
	return sim_xe_job_destroy(cmd_xe(cmd), argv[2]);
}

static int sim_path_queue_suspend(const struct sim_cmd *cmd, int argc, char **argv)
{
	return sim_xe_queue_suspend(cmd_xe(cmd), argv[2]);
}

static int sim_path_g2h(const struct sim_cmd *cmd, int argc, char **argv)
{
	struct sim_ctx ctx = cmd->ctx;

	if (ctx.kind == SIM_CTX_CURRENT)
		ctx.kind = SIM_CTX_IRQ;
	return sim_xe_g2h(cmd_xe(cmd), argv[2], &ctx);
}

static int sim_path_tlb_inval(const struct sim_cmd *cmd, int argc, char **argv)
{
	struct xe_gt *gt = xe_device_get_gt(cmd_xe(cmd), cmd->gt);

	if (!sim_path_name_ok(argv[2]))
		return -EINVAL;
	if (!gt)
		return -ENODEV;
	return sim_xe_tlb_invalidate_ioctl(cmd_xe(cmd), gt, argv[2]);
}

static int sim_path_vm_create(const struct sim_cmd *cmd, int argc, char **argv)
{
	bool lr;

	if (!sim_path_name_ok(argv[2]) || sim_path_flag(argc, argv, 3, "lr", &lr))
		return -EINVAL;
	return sim_xe_vm_create(cmd_xe(cmd), argv[2], lr);
}

static int sim_path_vm_destroy(const struct sim_cmd *cmd, int argc, char **argv)
{
	return sim_xe_vm_destroy(cmd_xe(cmd), argv[2]);
}

static int sim_path_disp_commit(const struct sim_cmd *cmd, int argc, char **argv)
{
	bool nonblock;

	if (!sim_path_name_ok(argv[2]) || sim_path_flag(argc, argv, 3, "nonblock", &nonblock))
		return -EINVAL;
	return sim_xe_display_commit(cmd_xe(cmd), argv[2], nonblock);
}

static int sim_path_disp_flip_done(const struct sim_cmd *cmd, int argc, char **argv)
{
	return sim_xe_display_flip_done(cmd_xe(cmd), argv[2]);
}

static int sim_path_i915_tail(const struct sim_cmd *cmd, int argc, char **argv)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < cmd->repeat && !ret; i++)
		ret = sim_i915_tail_cmd(cmd->gpu, argv[0], &cmd->ctx,
					cmd->delay_ms > 0 ? cmd->delay_ms : 0);
	return ret;
}

/* gem_shrink DEV [EDEADLK|EINTR] */
static int sim_path_gem_shrink(const struct sim_cmd *cmd, int argc, char **argv)
{
	unsigned int i;
	int err = 0;

	if (argc > 2 && !strcmp(argv[2], "EDEADLK")) {
		err = -EDEADLK;
	} else if (argc > 2 && !strcmp(argv[2], "EINTR")) {
		err = -EINTR;
	} else if (argc > 2) {
		pr_info("gem_shrink: '%s' is not EDEADLK or EINTR\n", argv[2]);
		return -EINVAL;
	}
	for (i = 0; i < cmd->repeat; i++)
		sim_i915_gem_shrink_cmd(cmd->gpu, err);
	return 0;
}

#define XE_PATH(n, u, mn, mx, o, f) \
	{ .name = n, .usage = u, .min_args = mn, .max_args = mx, .opts = o, .exec = f, \
	  .xe_only = true }
#define I915_PATH(n, u, o) \
	{ .name = n, .usage = u, .min_args = 2, .max_args = 2, .opts = OPT_OP | (o), \
	  .exec = sim_path_i915_tail, .i915_only = true }

const struct sim_ctl_cmd sim_ctl_path_cmds[] = {
	XE_PATH("job_create", "job_create DEV JOB [QUEUE]", 3, 4, 0, sim_path_job_create),
	XE_PATH("job_destroy", "job_destroy DEV JOB", 3, 3, OPT_CTX, sim_path_job_destroy),
	XE_PATH("queue_suspend", "queue_suspend DEV QUEUE", 3, 3, 0, sim_path_queue_suspend),
	XE_PATH("g2h", "g2h DEV NAME", 3, 3, OPT_CTX, sim_path_g2h),
	XE_PATH("tlb_inval", "tlb_inval DEV NAME [gt=N]", 3, 3, OPT_GT, sim_path_tlb_inval),
	XE_PATH("vm_create", "vm_create DEV NAME [lr]", 3, 4, 0, sim_path_vm_create),
	XE_PATH("vm_destroy", "vm_destroy DEV NAME", 3, 3, 0, sim_path_vm_destroy),
	XE_PATH("disp_commit", "disp_commit DEV NAME [nonblock]", 3, 4, 0,
		sim_path_disp_commit),
	XE_PATH("disp_flip_done", "disp_flip_done DEV NAME", 3, 3, 0, sim_path_disp_flip_done),
	I915_PATH("hwm_read", "hwm_read DEV", 0),
	I915_PATH("context_revoke", "context_revoke DEV", 0),
	I915_PATH("context_unpin", "context_unpin DEV [delay_ms=N]", OPT_DELAY),
	I915_PATH("vma_bind", "vma_bind DEV", 0),
	{ .name = "gem_shrink", .usage = "gem_shrink DEV [EDEADLK|EINTR]", .min_args = 2,
	  .max_args = 3, .opts = OPT_N, .exec = sim_path_gem_shrink, .i915_only = true },
};
const unsigned int sim_nr_ctl_path_cmds = ARRAY_SIZE(sim_ctl_path_cmds);
