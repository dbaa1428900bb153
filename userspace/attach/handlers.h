/* SPDX-License-Identifier: GPL-2.0 */
/* handlers.h - libbpf's table of custom section handlers, kept usable (handlers.c). */
#ifndef WR_ATTACH_HANDLERS_H
#define WR_ATTACH_HANDLERS_H

#include <bpf/libbpf.h>

/*
 * libbpf_register_prog_handler() and _unregister_, under the lock below;
 * the first registration also registers, once per process, a handler no
 * program uses, so that libbpf's table never shrinks to zero entries.  The
 * handler's id, or -errno.
 */
int handlers__register(const char *sec, enum bpf_prog_type type, enum bpf_attach_type attach,
		       const struct libbpf_prog_handler_opts *opts);
void handlers__unregister(int id);

/*
 * Held while the table changes and while another thread opens an object,
 * which reads it (the GPU state reader, loaded beside a start): libbpf
 * reallocs the table unlocked.
 */
void handlers__lock(void);
void handlers__unlock(void);

#endif
