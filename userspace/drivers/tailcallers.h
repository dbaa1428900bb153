/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tailcallers.h - driver functions that end with a tail jump to a put and
 * that the tracer gives a trampoline of their own (tailcallers.c).
 */
#ifndef WR_DRIVERS_TAILCALLERS_H
#define WR_DRIVERS_TAILCALLERS_H

#include <stdbool.h>
#include <stddef.h>

struct wr_tail_caller {
	const char *module;	/* the driver module that defines it */
	const char *func;	/* its kallsyms and BTF name */
};

extern const struct wr_tail_caller wr_tail_callers[];
extern const size_t wr_nr_tail_callers;

/* Does the tracer give MODULE's FUNC a trampoline (NULL MODULE: any driver's)? */
bool tailcallers__traced(const char *module, const char *func);

#endif
