// SPDX-License-Identifier: GPL-2.0
/*
 * parallel.c - a few threads, each taking the next job of a list.  For
 * work that mostly waits in the kernel (a link's attach or detach: a
 * trampoline update, a kprobe's registration, RCU grace periods), where
 * the waits of several jobs overlap.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "lib/clock.h"
#include "lib/parallel.h"

struct parallel_job {
	void (*fn)(void *ctx, int i);
	void *ctx;
	double *took;
	int n;
	atomic_int next;
};

static void *worker(void *arg)
{
	struct parallel_job *job = arg;
	double t0;
	int i;

	while ((i = atomic_fetch_add(&job->next, 1)) < job->n) {
		t0 = clock_now_s();
		job->fn(job->ctx, i);
		if (job->took)
			job->took[i] = clock_now_s() - t0;
	}
	return NULL;
}

void parallel__run(int n, int threads, void (*fn)(void *ctx, int i), void *ctx, double *took)
{
	struct parallel_job job = { .fn = fn, .ctx = ctx, .took = took, .n = n };
	pthread_t th[16];
	int i, started = 0;

	atomic_init(&job.next, 0);
	if (threads > 16)
		threads = 16;
	/* this thread is one of them */
	for (i = 1; i < threads && i < n; i++) {
		if (pthread_create(&th[started], NULL, worker, &job))
			break;
		started++;
	}
	worker(&job);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
}
