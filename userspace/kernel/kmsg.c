// SPDX-License-Identifier: GPL-2.0
/* kmsg.c - kernel log records with monotonic times (see kmsg.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kernel/kmsg.h"
#include "lib/log.h"

/*
 * At level info (without a level a write is a warning); with its newline: a
 * record without one stays open for a continuation, unread.
 */
#define SYNC_LEVEL	"<6>"
#define SYNC_MSG	"wakeref: kernel log clock mark %d\n"

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* One record in BUF: its stamp (µs) and message; 0, or -1 if malformed. */
static int parse(char *buf, uint64_t *ts_us, const char **msg)
{
	char *semi = strchr(buf, ';'), *nl;
	unsigned long long us;

	if (!semi || sscanf(buf, "%*u,%*u,%llu", &us) != 1)
		return -1;
	*ts_us = us;
	*msg = semi + 1;
	nl = strchr(semi + 1, '\n');	/* continuation lines follow: not the message */
	if (nl)
		*nl = '\0';
	return 0;
}

/* one record, or -errno (-EAGAIN: none waiting) */
static ssize_t next(struct wr_kmsg *k, char *buf, size_t len)
{
	ssize_t n;

	for (;;) {
		n = read(k->fd, buf, len - 1);
		if (n >= 0) {
			buf[n] = '\0';
			return n;
		}
		if (errno == EPIPE)	/* overwritten before read: go on with the next */
			continue;
		if (errno == EINTR)
			continue;
		return -errno;
	}
}

static void sync_clocks(struct wr_kmsg *k)
{
	char want[64], buf[8192];
	uint64_t t0, t1, us;
	const char *msg;
	int tries;

	snprintf(want, sizeof(want), SYNC_LEVEL SYNC_MSG, (int)getpid());
	t0 = mono_ns();
	if (write(k->fd, want, strlen(want)) < 0)
		return;		/* no right to write: the clocks taken as one */
	t1 = mono_ns();
	/* as read back: no level, no newline (parse() cuts it) */
	memmove(want, want + strlen(SYNC_LEVEL), strlen(want) - strlen(SYNC_LEVEL) + 1);
	want[strlen(want) - 1] = '\0';
	for (tries = 0; tries < 1000; tries++) {
		if (next(k, buf, sizeof(buf)) < 0) {
			usleep(1000);	/* not stored yet: give it a moment */
			continue;
		}
		if (!parse(buf, &us, &msg) && !strcmp(msg, want)) {
			k->offset_ns = (int64_t)(t0 / 2 + t1 / 2) - (int64_t)(us * 1000);
			k->synced = true;
			return;
		}
	}
}

int kmsg__open(struct wr_kmsg *k)
{
	memset(k, 0, sizeof(*k));
	k->fd = open("/dev/kmsg", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (k->fd < 0)
		k->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k->fd < 0) {
		int err = -errno;

		log_error("cannot read the kernel log (/dev/kmsg): %s\n", strerror(-err));
		return err;
	}
	if (lseek(k->fd, 0, SEEK_END) < 0) {
		int err = -errno;

		log_error("/dev/kmsg: %s\n", strerror(-err));
		close(k->fd);
		k->fd = -1;
		return err;
	}
	sync_clocks(k);
	if (!k->synced)
		log_warn("/dev/kmsg: could not place the kernel log's clock against "
			 "CLOCK_MONOTONIC: igt markers are placed as if they were one\n");
	return 0;
}

int kmsg__read(struct wr_kmsg *k, int (*fn)(void *ctx, uint64_t ts_ns, const char *msg),
	       void *ctx)
{
	char buf[8192];
	const char *msg;
	uint64_t us;
	int err;

	if (k->fd < 0)
		return 0;
	while (next(k, buf, sizeof(buf)) >= 0) {
		if (parse(buf, &us, &msg))
			continue;
		err = fn(ctx, (uint64_t)((int64_t)(us * 1000) + k->offset_ns), msg);
		if (err)
			return err;
	}
	return 0;
}

void kmsg__close(struct wr_kmsg *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}
