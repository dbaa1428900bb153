// SPDX-License-Identifier: GPL-2.0
/*
 * rings.c - the tracer's ring buffers: the owner events' one, whose records
 * go to the tracer's on_event (and feed the fast unwinder's learner), and
 * one per view (userfault, SVM), whose records go to on_record.
 */
#include <errno.h>
#include <time.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "attach/ringbuf.h"

#include "lib/log.h"
#include "kernel/unwind.h"
#include "attach/tracer_int.h"

const char *const wr_map_names[WR_MAP__COUNT] = {
	[WR_MAP_EVENTS] = "events",
	[WR_MAP_UF] = "uf_events",
	[WR_MAP_SVM] = "svm_events",
	[WR_MAP_STATS] = "wr_stats",
	[WR_MAP_UNWIND] = "wr_unwind",
};

/* The ring buffer of each feature other than the owners. */
static const struct view_ring {
	unsigned int feature;
	enum wr_map map;
} view_rings[] = {
	{ WR_FEAT_USERFAULT, WR_MAP_UF },
	{ WR_FEAT_SVM, WR_MAP_SVM },
};

#define TURN_OVER	(-E2BIG)	/* from a sample callback: the turn's time is up */

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* After a record: stop the turn when its time is up (looked at every 256). */
static int turn_check(struct tracer *t)
{
	if (!t->turn_end_ns || ++t->turn_records & 255 || mono_ns() < t->turn_end_ns)
		return 0;
	return TURN_OVER;
}

static int on_view_sample(void *ctx, void *data, size_t size)
{
	const struct tracer_ring *ring = ctx;
	const struct tracer_opts *o = &ring->t->opts;

	if (o->on_record)
		o->on_record(o->ctx, ring->feature, data, size);
	return turn_check(ring->t);
}

static int add_view_rings(struct tracer *t)
{
	size_t i;
	int err;

	for (i = 0; i < sizeof(view_rings) / sizeof(view_rings[0]); i++) {
		enum wr_map map = view_rings[i].map;
		struct tracer_ring *ring = &t->rings[map];
		int fd = t->map_fd[map];

		if (fd < 0 || (t->opts.features && !(t->opts.features & view_rings[i].feature)))
			continue;
		ring->t = t;
		ring->feature = view_rings[i].feature;
		err = ringbuf__add(t->rb, fd, on_view_sample, ring);
		if (err) {
			log_error("cannot map the %s ring buffer: %s\n", wr_map_names[map],
				  strerror(-err));
			return err;
		}
	}
	return 0;
}

static int on_sample(void *ctx, void *data, size_t size)
{
	struct tracer *t = ctx;

	if (size < sizeof(struct wr_event)) {
		t->malformed++;
		return 0;
	}
	if (t->unwinder && (((const struct wr_event *)data)->flags & WR_EVF_UNWIND_MISS))
		unwind__learn(t->unwinder, data);
	t->opts.on_event(t->opts.ctx, data);
	return turn_check(t);
}

int tracer__open_rings(struct tracer *t)
{
	int err;

	if (t->map_fd[WR_MAP_EVENTS] < 0) {
		log_error("internal error: no events ring buffer\n");
		return -ENOENT;
	}
	t->rb = ringbuf__new(t->map_fd[WR_MAP_EVENTS], on_sample, t);
	if (!t->rb) {
		err = -errno;
		log_error("cannot map the ring buffer: %s\n", strerror(-err));
		return err;
	}
	return add_view_rings(t);
}

/*
 * The programs wake us only when a ring buffer fills up (wakeup_flags() in
 * wr_common.bpf.h): after a quiet wait, read what came anyway.
 */
int tracer__poll(struct tracer *t, int timeout_ms)
{
	int n;

	/* a storm never empties the ring buffer: a turn reads for 20 ms at most */
	t->turn_end_ns = mono_ns() + (timeout_ms + 20) * 1000000ull;
	t->turn_records = 0;
	n = ringbuf__poll(t->rb, timeout_ms);
	if (n == 0)
		n = ringbuf__consume(t->rb);
	t->turn_end_ns = 0;
	return n == -EINTR || n == TURN_OVER ? 0 : n;
}

int tracer__poll_fd(const struct tracer *t)
{
	return t->rb ? ringbuf__epoll_fd(t->rb) : -1;
}

int tracer__drain(struct tracer *t)
{
	return t->rb ? ringbuf__consume(t->rb) : 0;
}

int tracer__drain_for(struct tracer *t, unsigned int max_ms)
{
	int n;

	if (!t->rb)
		return 0;
	t->turn_end_ns = mono_ns() + max_ms * 1000000ull;
	t->turn_records = 0;
	n = ringbuf__consume(t->rb);
	t->turn_end_ns = 0;
	return n == TURN_OVER ? (int)t->turn_records : n;
}
