/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loss.h - what was lost between the kernel and the owner table: counted by
 * the tracer (attach/), shown by every report format (output/).
 */
#ifndef WR_LOSS_H
#define WR_LOSS_H

#include <stdbool.h>
#include <stdint.h>

/* What was lost on the way; printed in every report. */
struct wr_loss {
	uint64_t events;
	uint64_t ringbuf_drops;
	uint64_t recursion_misses;
	uint64_t stack_errors;
	uint64_t kprobe_misses;		/* kprobe hits the kernel missed (re-entrancy) */
	bool kprobe_misses_unreported;	/* kprobes were attached, this kernel does not count */
	char where[256];	/* programs that lost events, e.g. "i915_rpm_put_raw: 3 drops" */
};

#endif
