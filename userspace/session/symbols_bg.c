// SPDX-License-Identifier: GPL-2.0
/* symbols_bg.c - kallsyms read beside a session's start (see symbols_bg.h). */
#include <string.h>

#include "lib/clock.h"
#include "lib/log.h"
#include "session/session.h"
#include "session/symbols_bg.h"

static void *read_them(void *arg)
{
	struct symbols_bg *b = arg;
	double t0 = clock_now_s(), u0, s0;

	clock_thread_cpu_s(&u0, &s0);
	b->ks = wr_load_symbols(b->path);
	b->took = clock_now_s() - t0;
	clock_thread_cpu_s(&b->user, &b->sys);
	b->user -= u0;
	b->sys -= s0;
	return NULL;
}

void symbols_bg__start(struct symbols_bg *b, const char *path, bool thread)
{
	memset(b, 0, sizeof(*b));
	b->path = path;
	b->started = thread && !pthread_create(&b->th, NULL, read_them, b);
}

struct ksyms *symbols_bg__wait(struct symbols_bg *b)
{
	if (b->done)
		return b->ks;
	if (b->started)
		pthread_join(b->th, NULL);
	else
		read_them(b);
	b->done = true;
	log_verbose("read %s in %.2f s%s (CPU: user %.2f s, kernel %.2f s)\n", b->path,
		    b->took, b->started ? " (beside the start)" : "", b->user, b->sys);
	return b->ks;
}
