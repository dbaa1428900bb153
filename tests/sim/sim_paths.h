/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The drivers' cross-function and tail-call paths, each in a file of its
 * own with the real functions' names and shapes, and what the ctl commands
 * of sim_ctl_paths.c call in them:
 *
 *   sim_i915_tail.c       i915 functions that end with a tail-called put
 */
#ifndef WAKEREF_SIM_PATHS_H
#define WAKEREF_SIM_PATHS_H

#include "sim.h"

/* sim_i915_tail.c: hwm_read, context_revoke, context_unpin, vma_bind */
int sim_i915_tail_cmd(struct sim_gpu *gpu, const char *name, const struct sim_ctx *ctx,
		      unsigned int delay_ms);

#endif /* WAKEREF_SIM_PATHS_H */
