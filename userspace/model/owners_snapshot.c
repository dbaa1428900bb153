// SPDX-License-Identifier: GPL-2.0
/*
 * owners_snapshot.c - the owner table as a list of items and back, exactly:
 * counters, baselines, divergence, learned pairs, every owner in order.
 * The daemon's journal starts over from a snapshot when it grows too big,
 * so that its size follows what is held, not how long the daemon has run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/owners.h"
#include "model/owners_snapshot.h"

struct snap_table {
	uint64_t seq, events, nested, cookie_mask;
	int32_t nr_learned;
	uint32_t pad;
	struct wr_learned learned[WR_MAX_LEARNED];
};

struct snap_owner {
	uint64_t dev_obj;
	struct wr_owner o;		/* its pointers are not used */
	uint64_t ip[WR_MAX_FRAMES];	/* its stack */
};

int owners__snapshot(const struct wr_owners *ot, owners_snap_fn emit, void *ctx)
{
	const struct wr_device *d;
	const struct wr_owner *o;
	struct snap_table t = {
		.seq = ot->seq, .events = ot->events, .nested = ot->nested,
		.cookie_mask = ot->cookie_mask, .nr_learned = ot->nr_learned,
	};
	int err;

	memcpy(t.learned, ot->learned, sizeof(t.learned));
	err = emit(ctx, WR_SNAP_TABLE, &t, sizeof(t));
	for (d = ot->devices; d && !err; d = d->next) {
		struct wr_device copy = *d;

		copy.next = NULL;
		copy.head = copy.tail = NULL;
		copy.sleep = NULL;	/* system sleep state is not compacted: sleep.h */
		err = emit(ctx, WR_SNAP_DEVICE, &copy, sizeof(copy));
		for (o = d->head; o && !err; o = o->next) {
			struct snap_owner so = { .dev_obj = d->obj, .o = *o };

			so.o.prev = so.o.next = NULL;
			so.o.frames = NULL;
			memcpy(so.ip, o->frames, o->nr_frames * sizeof(so.ip[0]));
			err = emit(ctx, WR_SNAP_OWNER, &so, sizeof(so));
		}
	}
	return err;
}

static struct wr_device *find(struct wr_owners *ot, uint64_t obj, struct wr_device ***tail)
{
	struct wr_device *d;

	*tail = &ot->devices;
	for (d = ot->devices; d; d = d->next) {
		if (d->obj == obj)
			return d;
		*tail = &d->next;
	}
	return NULL;
}

int owners__restore(struct wr_owners *ot, uint32_t kind, const void *p, size_t size)
{
	struct wr_device *d, **tail;
	struct wr_owner *o;

	ot->gen++;
	switch (kind) {
	case WR_SNAP_TABLE: {
		struct snap_table t;

		if (size != sizeof(t))
			return -EINVAL;
		memcpy(&t, p, sizeof(t));
		if (t.nr_learned < 0 || t.nr_learned > WR_MAX_LEARNED)
			return -EINVAL;
		ot->seq = t.seq;
		ot->events = t.events;
		ot->nested = t.nested;
		ot->nr_learned = t.nr_learned;
		memcpy(ot->learned, t.learned, sizeof(ot->learned));
		return 0;
	}
	case WR_SNAP_DEVICE:
		if (size != sizeof(*d))
			return -EINVAL;
		d = malloc(sizeof(*d));
		if (!d)
			return -ENOMEM;
		memcpy(d, p, sizeof(*d));
		if (find(ot, d->obj, &tail)) {
			free(d);
			return -EEXIST;
		}
		d->next = NULL;
		d->head = d->tail = NULL;
		d->sleep = NULL;
		*tail = d;
		return 0;
	case WR_SNAP_OWNER: {
		struct snap_owner so;

		if (size != sizeof(so))
			return -EINVAL;
		memcpy(&so, p, sizeof(so));
		if (so.o.nr_frames > WR_MAX_FRAMES)
			return -EINVAL;
		d = find(ot, so.dev_obj, &tail);
		if (!d)
			return -ENOENT;
		o = owners__alloc_owner(ot);
		if (!o)
			return -ENOMEM;
		*o = so.o;
		o->frames = stacks__get(&ot->stacks, so.ip, so.o.nr_frames);
		if (!o->frames)
			o->nr_frames = 0;
		/* appended in order; nr_owners came with the device */
		o->next = NULL;
		o->prev = d->tail;
		if (d->tail)
			d->tail->next = o;
		else
			d->head = o;
		d->tail = o;
		return 0;
	}
	}
	return -EINVAL;
}
