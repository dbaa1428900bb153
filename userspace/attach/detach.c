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
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "attach/detach.h"
#include "lib/log.h"
#include "lib/parallel.h"

#define DETACH_THREADS 9

static void destroy_one(void *ctx, int i)
{
	bpf_link__destroy(((struct bpf_link **)ctx)[i]);
}

void detach__links(struct bpf_link **links, int n, double *took)
{
	parallel__run(n, DETACH_THREADS, destroy_one, links, took);
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
