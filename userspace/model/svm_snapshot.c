// SPDX-License-Identifier: GPL-2.0
/*
 * svm_snapshot.c - the GPU SVM view's state as records that a new state
 * takes through on_record and becomes equal to it: the state's counts and
 * histogram, each device's counts, each recent invalidation, each GPU SVM
 * with its notifiers and ranges (in their order), each stored anomaly.
 * The daemon's journal restarts from them when compacted, so a restarted
 * daemon keeps the table.
 *
 * Read back from a file, each is checked as any record is: a device index
 * is sent as a name, a range or notifier needs its GPU SVM, and one that
 * does not hold up is counted malformed.
 */
#include <stdlib.h>
#include <string.h>

#include "model/svm.h"

#define SVM_SNAP_MAGIC	0x50414e53u	/* "SNAP" */

enum {
	SVM_SNAP_STATE = 1, SVM_SNAP_DEV, SVM_SNAP_INVAL, SVM_SNAP_GPUSVM, SVM_SNAP_NOTIFIER,
	SVM_SNAP_RANGE, SVM_SNAP_ANOMALY,
};

struct svm_snap_hdr {
	uint32_t magic;
	uint32_t kind;
	char dev[WR_DEV_LEN];	/* the device an index stood for */
	uint64_t gpusvm;	/* the GPU SVM of a notifier or range */
	uint32_t index;		/* of a recent invalidation */
	uint32_t pad;
};

struct svm_snap_state {
	struct svm_snap_hdr h;
	uint64_t anomalies_dropped, nr_invalidations, hist[SVM_HIST_BUCKETS];
	uint64_t no_lock_time, received, malformed, max_seq, simple_gpusvms;
	uint8_t saw_init_hook, new_pages_api, pad[6];
};

struct svm_snap_dev {
	struct svm_snap_hdr h;
	struct svm_dev_stats st;
};

struct svm_snap_inval {
	struct svm_snap_hdr h;
	struct svm_inval iv;
};

struct svm_snap_gpusvm {
	struct svm_snap_hdr h;
	struct svm_gpusvm g;	/* pointers and counts of its arrays zero */
};

struct svm_snap_notifier {
	struct svm_snap_hdr h;
	struct svm_notifier n;
};

struct svm_snap_range {
	struct svm_snap_hdr h;
	struct svm_range r;
};

struct svm_snap_anomaly {
	struct svm_snap_hdr h;
	struct svm_anomaly a;
};

#define NOT_BPF(t) _Static_assert(sizeof(t) != sizeof(struct wr_svm_record) && \
				  sizeof(t) <= 960, #t)
NOT_BPF(struct svm_snap_state);
NOT_BPF(struct svm_snap_dev);
NOT_BPF(struct svm_snap_inval);
NOT_BPF(struct svm_snap_gpusvm);
NOT_BPF(struct svm_snap_notifier);
NOT_BPF(struct svm_snap_range);
NOT_BPF(struct svm_snap_anomaly);

typedef void (*emit_fn)(void *ctx, const void *rec, size_t size);

static void hdr(struct svm_snap_hdr *h, uint32_t kind, const struct svm_state *st, int dev,
		uint64_t gpusvm)
{
	h->magic = SVM_SNAP_MAGIC;
	h->kind = kind;
	if (dev >= 0 && (size_t)dev < st->nr_devs)
		memcpy(h->dev, st->devs[dev].name, sizeof(h->dev));
	h->gpusvm = gpusvm;
}

static void snap_gpusvm(const struct svm_state *st, const struct svm_gpusvm *g, emit_fn emit,
			void *ctx)
{
	union {
		struct svm_snap_gpusvm g;
		struct svm_snap_notifier n;
		struct svm_snap_range r;
	} u;
	size_t i;

	memset(&u, 0, sizeof(u));
	hdr(&u.g.h, SVM_SNAP_GPUSVM, st, g->dev, g->ptr);
	u.g.g = *g;
	u.g.g.ranges = NULL;
	u.g.g.notifiers = NULL;
	u.g.g.nr_ranges = u.g.g.cap_ranges = u.g.g.nr_notifiers = u.g.g.cap_notifiers = 0;
	emit(ctx, &u.g, sizeof(u.g));
	for (i = 0; i < g->nr_notifiers; i++) {
		memset(&u, 0, sizeof(u));
		hdr(&u.n.h, SVM_SNAP_NOTIFIER, st, -1, g->ptr);
		u.n.n = g->notifiers[i];
		emit(ctx, &u.n, sizeof(u.n));
	}
	for (i = 0; i < g->nr_ranges; i++) {
		memset(&u, 0, sizeof(u));
		hdr(&u.r.h, SVM_SNAP_RANGE, st, -1, g->ptr);
		u.r.r = g->ranges[i];
		emit(ctx, &u.r, sizeof(u.r));
	}
}

void svm_snapshot(void *state, emit_fn emit, void *ctx)
{
	const struct svm_state *st = state;
	union {
		struct svm_snap_state s;
		struct svm_snap_dev d;
		struct svm_snap_inval i;
		struct svm_snap_anomaly a;
	} u;
	size_t i;

	memset(&u, 0, sizeof(u));
	hdr(&u.s.h, SVM_SNAP_STATE, st, -1, 0);
	u.s.anomalies_dropped = st->anomalies_dropped;
	u.s.nr_invalidations = st->nr_invalidations;
	memcpy(u.s.hist, st->hist, sizeof(u.s.hist));
	u.s.no_lock_time = st->no_lock_time;
	u.s.received = st->received;
	u.s.malformed = st->malformed;
	u.s.max_seq = st->max_seq;
	u.s.simple_gpusvms = st->simple_gpusvms;
	u.s.saw_init_hook = st->saw_init_hook;
	u.s.new_pages_api = st->new_pages_api;
	emit(ctx, &u.s, sizeof(u.s));
	for (i = 0; i < st->nr_devs; i++) {	/* first: the others name them */
		memset(&u, 0, sizeof(u));
		hdr(&u.d.h, SVM_SNAP_DEV, st, i, 0);
		u.d.st = st->devs[i].st;
		emit(ctx, &u.d, sizeof(u.d));
	}
	for (i = 0; i < SVM_RECENT_INVALIDATIONS && i < st->nr_invalidations; i++) {
		memset(&u, 0, sizeof(u));
		hdr(&u.i.h, SVM_SNAP_INVAL, st, st->recent[i].dev, 0);
		u.i.h.index = i;
		u.i.iv = st->recent[i];
		emit(ctx, &u.i, sizeof(u.i));
	}
	for (i = 0; i < st->nr_svms; i++)
		snap_gpusvm(st, st->svms[i], emit, ctx);
	for (i = 0; i < st->nr_anomalies; i++) {
		memset(&u, 0, sizeof(u));
		hdr(&u.a.h, SVM_SNAP_ANOMALY, st, st->anomalies[i].dev, 0);
		u.a.a = st->anomalies[i];
		emit(ctx, &u.a, sizeof(u.a));
	}
}

/* The index of the device a record names: -1 for none (or out of memory). */
static int dev_named(struct svm_state *st, const char *name)
{
	return name[0] ? svm_device_of(st, name) : -1;
}

static bool good_stack(struct svm_stack *s)
{
	if (s->nr < 0)
		s->nr = 0;
	return s->nr <= WR_MAX_FRAMES;
}

static bool restore_state(struct svm_state *st, const struct svm_snap_state *s)
{
	st->anomalies_dropped = s->anomalies_dropped;
	st->nr_invalidations = s->nr_invalidations;
	memcpy(st->hist, s->hist, sizeof(st->hist));
	st->no_lock_time = s->no_lock_time;
	st->received = s->received;
	st->malformed = s->malformed;
	st->max_seq = s->max_seq;
	st->simple_gpusvms = s->simple_gpusvms;
	st->saw_init_hook = s->saw_init_hook;
	st->new_pages_api = s->new_pages_api;
	return true;
}

static bool restore_gpusvm(struct svm_state *st, int dev, const struct svm_gpusvm *in)
{
	struct svm_gpusvm *g;

	if (!in->ptr || svm_find_gpusvm(st, in->ptr) || in->stack.nr > WR_MAX_FRAMES)
		return false;
	g = svm_add_gpusvm(st, in->ptr);
	if (!g)
		return true;	/* out of memory: as for any record */
	*g = *in;
	g->dev = dev;
	if (g->stack.nr < 0)
		g->stack.nr = 0;
	g->comm[WR_COMM_LEN - 1] = 0;
	g->ranges = NULL;
	g->notifiers = NULL;
	g->nr_ranges = g->cap_ranges = g->nr_notifiers = g->cap_notifiers = 0;
	return true;
}

static bool restore_notifier(struct svm_state *st, uint64_t gpusvm, struct svm_notifier *in)
{
	struct svm_gpusvm *g = svm_find_gpusvm(st, gpusvm);
	struct svm_notifier *n;

	if (!g || !in->ptr || !good_stack(&in->stack))
		return false;
	n = svm_add_notifier(g, in->ptr);
	if (n)
		*n = *in;
	return true;
}

static bool restore_range(struct svm_state *st, uint64_t gpusvm, struct svm_range *in)
{
	struct svm_gpusvm *g = svm_find_gpusvm(st, gpusvm);
	struct svm_range *r;

	if (!g || !in->ptr || !good_stack(&in->stack))
		return false;
	r = svm_add_range(g, in->ptr);
	if (r) {
		*r = *in;
		r->comm[WR_COMM_LEN - 1] = 0;
	}
	return true;
}

static bool restore_anomaly(struct svm_state *st, int dev, struct svm_anomaly *in)
{
	if (in->kind != SVM_AN_ALIVE_AFTER_FINI && in->kind != SVM_AN_RETRY_STORM)
		return false;
	if (!good_stack(&in->stack))
		return false;
	if (st->nr_anomalies >= SVM_MAX_ANOMALIES)
		return false;
	if (!st->anomalies) {
		st->anomalies = calloc(SVM_MAX_ANOMALIES, sizeof(*st->anomalies));
		if (!st->anomalies)
			return true;
	}
	in->dev = dev;
	st->anomalies[st->nr_anomalies++] = *in;
	return true;
}

bool svm_snapshot_restore(struct svm_state *st, const void *data, size_t size)
{
	union {
		struct svm_snap_hdr h;
		struct svm_snap_state s;
		struct svm_snap_dev d;
		struct svm_snap_inval i;
		struct svm_snap_gpusvm g;
		struct svm_snap_notifier n;
		struct svm_snap_range r;
		struct svm_snap_anomaly a;
	} u;
	static const size_t sizes[] = {
		[SVM_SNAP_STATE] = sizeof(u.s), [SVM_SNAP_DEV] = sizeof(u.d),
		[SVM_SNAP_INVAL] = sizeof(u.i), [SVM_SNAP_GPUSVM] = sizeof(u.g),
		[SVM_SNAP_NOTIFIER] = sizeof(u.n), [SVM_SNAP_RANGE] = sizeof(u.r),
		[SVM_SNAP_ANOMALY] = sizeof(u.a),
	};
	bool ok = false;
	int dev;

	if (!data || size < sizeof(u.h))
		return false;
	memcpy(&u.h, data, sizeof(u.h));
	if (u.h.magic != SVM_SNAP_MAGIC)
		return false;
	if (u.h.kind < SVM_SNAP_STATE || u.h.kind > SVM_SNAP_ANOMALY || size != sizes[u.h.kind])
		goto out;
	memcpy(&u, data, size);
	u.h.dev[WR_DEV_LEN - 1] = 0;
	dev = dev_named(st, u.h.dev);
	if (dev == -1 && u.h.dev[0])
		goto out;	/* out of memory */
	switch (u.h.kind) {
	case SVM_SNAP_STATE:
		ok = restore_state(st, &u.s);
		break;
	case SVM_SNAP_DEV:
		ok = dev >= 0;
		if (ok)
			st->devs[dev].st = u.d.st;
		break;
	case SVM_SNAP_INVAL:
		ok = u.h.index < SVM_RECENT_INVALIDATIONS;
		if (ok) {
			st->recent[u.h.index] = u.i.iv;
			st->recent[u.h.index].dev = dev;
		}
		break;
	case SVM_SNAP_GPUSVM:
		ok = restore_gpusvm(st, dev, &u.g.g);
		break;
	case SVM_SNAP_NOTIFIER:
		ok = restore_notifier(st, u.h.gpusvm, &u.n.n);
		break;
	case SVM_SNAP_RANGE:
		ok = restore_range(st, u.h.gpusvm, &u.r.r);
		break;
	case SVM_SNAP_ANOMALY:
		ok = restore_anomaly(st, dev, &u.a.a);
		break;
	}
out:
	if (!ok)
		st->malformed++;
	return true;
}
