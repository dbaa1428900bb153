// SPDX-License-Identifier: GPL-2.0
/*
 * reread.c - kallsyms read again in a thread.  Once the programs are
 * attached, their symbols and their trampolines' are in kallsyms, and an
 * event's frames must be told from the driver's with them.  The read took
 * 0.7 to 1 s of every start under emulation; in a thread it overlaps with
 * the command being traced, and the first event waits only for what is
 * left of it.  Read when the session starts, not when the first event
 * comes: a module unloaded by then (its unbind reported after) must still
 * be in the table.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "kernel/ksyms.h"
#include "session/reread.h"
#include "session/session.h"

enum { RUNNING, DONE, ABANDONED };

struct ks_reread {
	pthread_t thread;
	const char *path;
	struct ksyms *ks;
	uint64_t ns;
	atomic_int state;
};

static void *reread_main(void *arg)
{
	struct ks_reread *r = arg;
	uint64_t t0 = wr_now_ns();

	r->ks = wr_load_symbols(r->path);
	r->ns = wr_now_ns() - t0;
	/* nobody will wait for it: what it read is this thread's to free */
	if (atomic_exchange(&r->state, DONE) == ABANDONED) {
		ksyms__free(r->ks);
		free(r);
	}
	return NULL;
}

struct ks_reread *reread__start(const char *path)
{
	struct ks_reread *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->path = path;
	atomic_init(&r->state, RUNNING);
	if (pthread_create(&r->thread, NULL, reread_main, r)) {
		free(r);
		return NULL;
	}
	return r;
}

struct ksyms *reread__finish(struct ks_reread *r, double *secs)
{
	struct ksyms *ks;

	pthread_join(r->thread, NULL);
	ks = r->ks;
	*secs = r->ns / 1e9;
	free(r);
	return ks;
}

void reread__abandon(struct ks_reread *r)
{
	pthread_detach(r->thread);
	/* already done: nothing runs to free it */
	if (atomic_exchange(&r->state, ABANDONED) == DONE) {
		ksyms__free(r->ks);
		free(r);
	}
}
