/* SPDX-License-Identifier: GPL-2.0 */
/* tailcall.h - the tail callers' trampolines (tailcall.c). */
#ifndef WR_ATTACH_TAILCALL_H
#define WR_ATTACH_TAILCALL_H

struct tracer;

/* The fexit slots loaded against the table's functions this kernel has; 0 or -ENOENT. */
int tracer__configure_tails(struct tracer *t);
/* Attach them; a failure is a warning, the pairing goes on without it. */
void tracer__attach_tails(struct tracer *t);
void tracer__detach_tails(struct tracer *t);

#endif
