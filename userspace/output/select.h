/* SPDX-License-Identifier: GPL-2.0 */
/*
 * select.h - --device and --pid: the part of an owner table (and of the
 * GPUs' states) a report is about, as a table of its own that every format
 * prints unchanged.
 */
#ifndef WR_OUTPUT_SELECT_H
#define WR_OUTPUT_SELECT_H

#include <stdbool.h>
#include <stdint.h>

#include "model/gpustate.h"
#include "model/owners.h"

struct wr_selection {
	const char *device;	/* NULL: every device */
	uint32_t pid;		/* 0: every task (a pid or a thread group id) */
};

struct wr_selected {
	struct wr_owners ot;		/* shallow: devices, owners and history copied */
	struct wr_gpu_states gpus;
	void *mem;
};

static inline bool select__any(const struct wr_selection *sel)
{
	return sel && (sel->device || sel->pid);
}

/*
 * OT (and GPUS, may be NULL) narrowed to SEL into OUT, which borrows the
 * stacks and strings of OT: valid while OT is.  -ENOMEM.
 */
int select__owners(const struct wr_owners *ot, const struct wr_gpu_states *gpus,
		   const struct wr_selection *sel, struct wr_selected *out);
void select__free(struct wr_selected *out);
/* An event of device DEV from PID/TGID passes SEL. */
bool select__event(const struct wr_selection *sel, const char *dev, uint32_t pid, uint32_t tgid);

#endif
