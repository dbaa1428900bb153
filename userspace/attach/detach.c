// SPDX-License-Identifier: GPL-2.0
/*
 * detach.c - destroy many BPF links at once.  Detaching one link waits for
 * the kernel (a trampoline update, or a kprobe's unregistration, each with
 * its RCU grace periods): one after the other, dozens of them took seconds
 * under emulation, with nothing said.  Several threads, each closing the
 * next link of the list, let those waits overlap (measured in
 * userspace/README.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "attach/detach.h"
#include "lib/log.h"

#define DETACH_THREADS 8

struct detach_job {
	struct bpf_link **links;
	double *took;
	int n;
	atomic_int next;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *detach_worker(void *arg)
{
	struct detach_job *job = arg;
	double t0;
	int i;

	while ((i = atomic_fetch_add(&job->next, 1)) < job->n) {
		t0 = now_s();
		bpf_link__destroy(job->links[i]);
		if (job->took)
			job->took[i] = now_s() - t0;
	}
	return NULL;
}

void detach__links(struct bpf_link **links, int n, double *took)
{
	struct detach_job job = { .links = links, .took = took, .n = n };
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

/*
 * The lock a background detach holds (detach__lock()) and every tracing
 * start waits for (detach__wait_others()): a second run does not attach
 * while the kernel is still busy detaching the first.
 */
#define DETACH_LOCK_DIR		"/run/wakeref"
#define DETACH_LOCK		DETACH_LOCK_DIR "/detach.lock"

static int lock_open(void)
{
	int fd = open(DETACH_LOCK, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0 && errno == ENOENT) {
		/* the daemon's directory (daemon/control.h), made as it makes it */
		mkdir("/run", 0755);
		if (!mkdir(DETACH_LOCK_DIR, 0711) || errno == EEXIST)
			fd = open(DETACH_LOCK, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	}
	return fd < 0 ? -errno : fd;
}

int detach__lock(void)
{
	int fd = lock_open();

	if (fd < 0)
		return fd;
	while (flock(fd, LOCK_EX)) {
		if (errno != EINTR) {
			close(fd);
			return -errno;
		}
	}
	return fd;
}

void detach__wait_others(void)
{
	int fd = lock_open();

	if (fd < 0)
		return;
	if (flock(fd, LOCK_SH | LOCK_NB) && errno == EWOULDBLOCK) {
		log_info("waiting for an earlier wakeref to finish detaching ...\n");
		while (flock(fd, LOCK_SH) && errno == EINTR)
			;
	}
	close(fd);
}
