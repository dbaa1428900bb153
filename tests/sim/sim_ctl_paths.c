// SPDX-License-Identifier: GPL-2.0
/*
 * The ctl commands of the drivers' cross-function and tail-call paths
 * (sim_paths.h).
 *
 * i915 (ctx=current|task:NAME|wq, n=N):
 *   hwm_read DEV                 the hwmon energy read
 *   context_revoke DEV           a context's revoke through its ops
 *   context_unpin DEV [delay_ms=N]  its last unpin: the scheduling disable,
 *                                through the delayed work if N > 0
 *   vma_bind DEV                 a PPGTT bind through the vma's and vm's ops
 * Each returns once the driver is done, works included.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": ctl: " fmt

#include "sim.h"
#include "sim_ctl.h"
#include "sim_paths.h"

static int sim_path_i915_tail(const struct sim_cmd *cmd, int argc, char **argv)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < cmd->repeat && !ret; i++)
		ret = sim_i915_tail_cmd(cmd->gpu, argv[0], &cmd->ctx,
					cmd->delay_ms > 0 ? cmd->delay_ms : 0);
	return ret;
}

#define I915_PATH(n, u, o) \
	{ .name = n, .usage = u, .min_args = 2, .max_args = 2, .opts = OPT_OP | (o), \
	  .exec = sim_path_i915_tail, .i915_only = true }

const struct sim_ctl_cmd sim_ctl_path_cmds[] = {
	I915_PATH("hwm_read", "hwm_read DEV", 0),
	I915_PATH("context_revoke", "context_revoke DEV", 0),
	I915_PATH("context_unpin", "context_unpin DEV [delay_ms=N]", OPT_DELAY),
	I915_PATH("vma_bind", "vma_bind DEV", 0),
};
const unsigned int sim_nr_ctl_path_cmds = ARRAY_SIZE(sim_ctl_path_cmds);
