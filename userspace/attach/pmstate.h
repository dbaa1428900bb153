/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmstate.h - each GPU's runtime-PM state and its driver's own count, read
 * at once by a BPF program (bpf/pmstate.bpf.c) that a read of the device's
 * power/runtime_active_time triggers: no runtime-PM event is needed, so a
 * machine that was stuck before wakeref attached is read as it is.
 */
#ifndef WR_ATTACH_PMSTATE_H
#define WR_ATTACH_PMSTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/devices.h"
#include "wr_pmstate.h"

struct pmstate_reader;

/* Load and attach the program; NULL when it cannot, WHY says why. */
struct pmstate_reader *pmstate__open(char *why, size_t len);
/*
 * Read device NAME: its sysfs state into ST and, when the program saw the
 * read, its kernel state into OUT (returns true).  R may be NULL (sysfs only).
 */
bool pmstate__read(struct pmstate_reader *r, const char *name, struct wr_pm_state *st,
		   struct wr_pmstate *out);
/* Every GPU bound to i915 or xe into OUT; R NULL: sysfs only, WHY says why. */
struct wr_gpu_states;
void pmstate__collect(struct pmstate_reader *r, const char *why, struct wr_gpu_states *out);
void pmstate__close(struct pmstate_reader *r);

#endif
