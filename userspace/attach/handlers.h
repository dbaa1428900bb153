/* SPDX-License-Identifier: GPL-2.0 */
/* handlers.h - libbpf's table of custom section handlers, kept usable (handlers.c). */
#ifndef WR_ATTACH_HANDLERS_H
#define WR_ATTACH_HANDLERS_H

/*
 * Register, once per process, a handler no program uses, so that libbpf's
 * table of handlers never shrinks to zero entries.  0, or -EINVAL.
 */
int handlers__keep_table(void);

#endif
