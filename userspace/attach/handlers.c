// SPDX-License-Identifier: GPL-2.0
/* handlers.c - libbpf's table of custom section handlers, kept usable. */
#include <errno.h>
#include <pthread.h>
#include <bpf/libbpf.h>

#include "attach/handlers.h"

/*
 * libbpf 1.1 shrinks its table of custom handlers with realloc() when one is
 * unregistered; at zero entries that frees the table but keeps the pointer,
 * and the next registration reallocs freed memory (the daemon crashed in
 * realloc() when it re-attached to a reloaded module).  A handler for a
 * section no program has stays registered for the life of the process, so
 * the table never shrinks to zero.
 */
static int keep_table(void)
{
	static int keeper;
	LIBBPF_OPTS(libbpf_prog_handler_opts, kopts);

	if (keeper <= 0)
		keeper = libbpf_register_prog_handler("wakeref.never", BPF_PROG_TYPE_TRACING,
						      BPF_TRACE_FENTRY, &kopts);
	return keeper > 0 ? 0 : -EINVAL;
}


static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

void handlers__lock(void)
{
	pthread_mutex_lock(&table_lock);
}

void handlers__unlock(void)
{
	pthread_mutex_unlock(&table_lock);
}

int handlers__register(const char *sec, enum bpf_prog_type type, enum bpf_attach_type attach,
		       const struct libbpf_prog_handler_opts *opts)
{
	int id;

	handlers__lock();
	id = keep_table() ? -EINVAL : libbpf_register_prog_handler(sec, type, attach, opts);
	handlers__unlock();
	return id;
}

void handlers__unregister(int id)
{
	if (id <= 0)
		return;
	handlers__lock();
	libbpf_unregister_prog_handler(id);
	handlers__unlock();
}
