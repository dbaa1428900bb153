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

/*
 * An owner in a journal: the layout struct wr_owner had until it shrank
 * (its task and call interned), kept so that a daemon upgraded across
 * that change still reads the journal the old one wrote.
 */
struct snap_owner_rec {
	uint64_t prev, next;		/* not used */
	uint64_t seq;
	uint64_t ts_ns;
	uint64_t cookie;
	uint64_t caller;
	uint64_t api;
	int32_t pair_class;
	uint64_t obj;
	uint32_t pid, tgid;
	uint32_t cpu;
	char comm[WR_COMM_LEN];
	uint16_t hook;
	uint32_t flags;
	int32_t sys_nr;
	uint32_t ioctl_cmd;
	uint64_t client;
	bool client_is_id;
	bool uncertain;
	int32_t pairing;
	uint32_t nr_frames;
	uint64_t frames;		/* not used */
};

_Static_assert(sizeof(struct snap_owner_rec) == 152, "the journal's owner record changed");

struct snap_owner {
	uint64_t dev_obj;
	struct snap_owner_rec o;
	uint64_t ip[WR_MAX_FRAMES];	/* its stack */
};

static void owner_to_rec(const struct wr_owner *o, struct snap_owner_rec *r)
{
	const struct wr_task *t = o->task;

	r->seq = o->seq;
	r->ts_ns = o->ts_ns;
	r->cookie = o->cookie;
	r->caller = o->caller;
	r->api = o->api;
	r->pair_class = o->pair_class;
	r->obj = o->obj;
	r->pid = o->pid;
	r->tgid = t->tgid;
	r->cpu = o->cpu;
	memcpy(r->comm, t->comm, sizeof(r->comm));
	r->hook = o->hook;
	r->flags = o->flags;
	r->sys_nr = t->sys_nr;
	r->ioctl_cmd = t->ioctl_cmd;
	r->client = t->client;
	r->client_is_id = t->client_is_id;
	r->uncertain = o->uncertain;
	r->pairing = o->pairing;
	r->nr_frames = o->nr_frames;
}

/* O from R, but its stack (its task unknown when there is no memory) */
static void rec_to_owner(struct wr_owners *ot, const struct snap_owner_rec *r, struct wr_owner *o)
{
	struct wr_task key;
	const struct wr_task *t;

	memset(key.pad, 0, sizeof(key.pad));
	key.client = r->client;
	key.tgid = r->tgid;
	key.sys_nr = r->sys_nr;
	key.ioctl_cmd = r->ioctl_cmd;
	key.client_is_id = r->client_is_id;
	memcpy(key.comm, r->comm, sizeof(key.comm));
	key.comm[sizeof(key.comm) - 1] = 0;
	t = tasks__get(&ot->tasks, &key);
	o->task = t ? t : &tasks__unknown;
	o->seq = r->seq;
	o->ts_ns = r->ts_ns;
	o->cookie = r->cookie;
	o->caller = r->caller;
	o->api = r->api;
	o->pair_class = r->pair_class;
	o->obj = r->obj;
	o->pid = r->pid;
	o->cpu = r->cpu;
	o->hook = r->hook;
	o->flags = r->flags;
	o->uncertain = r->uncertain;
	o->pairing = r->pairing;
	o->nr_frames = r->nr_frames;
	/* not in the record: a spare owner must not bring its last value */
	o->asleep = false;
}

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
			struct snap_owner so = { .dev_obj = d->obj };

			owner_to_rec(o, &so.o);
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
		rec_to_owner(ot, &so.o, o);
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
