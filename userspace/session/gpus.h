/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gpus.h - every GPU's state read at once, for the commands that answer
 * before (or without) any runtime-PM event: the state reader
 * (attach/pmstate.h) is loaded at the first read and kept until the end.
 */
#ifndef WR_SESSION_GPUS_H
#define WR_SESSION_GPUS_H

#include "model/gpustate.h"

/* Every GPU bound to i915 or xe; the kernel's side when the reader loads. */
void session__read_gpus(struct wr_gpu_states *out);
void session__gpus_close(void);
/*
 * The reader loaded on a thread of its own (session__start() for ci and
 * top: beside the tracer's start); joined by the next read or the close.
 */
void session__gpus_prefetch(void);

#endif
