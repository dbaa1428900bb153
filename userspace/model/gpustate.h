/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gpustate.h - each GPU's runtime-PM state as read at once (sysfs and the
 * state reader's BPF program), and the judgement on it: whether it can
 * runtime-suspend and, if not, every reason why, one a line.
 */
#ifndef WR_GPUSTATE_H
#define WR_GPUSTATE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/devices.h"
#include "wr_pmstate.h"

#define WR_REASON_LEN	160
#define WR_MAX_REASONS	8

struct wr_gpu_state {
	struct wr_pm_state sys;		/* sysfs: status, control, times */
	struct wr_pmstate k;		/* the kernel's, when have_k */
	bool have_k;
	uint8_t driver;			/* enum wr_driver, 0: unknown */
};

struct wr_gpu_states {
	int nr;
	struct wr_gpu_state v[WR_MAX_DEVICES];
	char why_no_k[160];		/* why the kernel state is unknown, "" when read */
	bool read;			/* the states were read at all */
};

/* i915's packed count: raw references below the bias, wakelocks above. */
static inline int gpustate__raw(int32_t count) { return count & 0xffff; }
static inline int gpustate__wakelocks(int32_t count) { return (uint32_t)count >> 16; }

/* The driver's own count is known. */
bool gpustate__have_count(const struct wr_gpu_state *g);
/* Wakerefs the driver holds (i915: raw references; xe: the usage count less control=on's). */
int gpustate__held(const struct wr_gpu_state *g);
/* Not runtime-suspended. */
bool gpustate__awake(const struct wr_gpu_state *g);
/* Every reason it cannot suspend, at most MAX lines; 0 when it can or is suspended. */
int gpustate__reasons(const struct wr_gpu_state *g, char (*out)[WR_REASON_LEN], int max);
/* Why the driver's count is not known (NULL when it is). */
const char *gpustate__no_count_why(const struct wr_gpu_state *g, const struct wr_gpu_states *all);

#endif
