// SPDX-License-Identifier: GPL-2.0
/*
 * detach.c - destroy many BPF links at once.  Detaching one link waits for
 * the kernel (a trampoline update, or a kprobe's unregistration, each with
 * its RCU grace periods): one after the other, dozens of them took seconds
 * under emulation, with nothing said.  Several threads, each closing the
 * next link of the list, let those waits overlap.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <bpf/libbpf.h>

#include "attach/detach.h"

#define DETACH_THREADS 8

struct detach_job {
	struct bpf_link **links;
	int n;
	atomic_int next;
};

static void *detach_worker(void *arg)
{
	struct detach_job *job = arg;
	int i;

	while ((i = atomic_fetch_add(&job->next, 1)) < job->n)
		bpf_link__destroy(job->links[i]);
	return NULL;
}

void detach__links(struct bpf_link **links, int n)
{
	struct detach_job job = { .links = links, .n = n };
	pthread_t th[DETACH_THREADS];
	int i, started = 0;

	atomic_init(&job.next, 0);
	for (i = 0; i < DETACH_THREADS && i + 1 < n; i++) {
		if (pthread_create(&th[started], NULL, detach_worker, &job))
			break;
		started++;
	}
	/* this thread works too: with no thread started it does it all */
	detach_worker(&job);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
}
