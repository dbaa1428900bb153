// SPDX-License-Identifier: GPL-2.0
/* owners.c - the owner table and its pairing model (see owners.h). */
#include <stdlib.h>
#include <string.h>

#include "drivers/drivers.h"
#include "drivers/pairs.h"
#include "model/owners.h"
#include "model/sleep.h"

struct wr_owners *owners__new(uint64_t cookie_mask)
{
	static uint64_t tables;
	struct wr_owners *ot = calloc(1, sizeof(*ot));

	if (!ot)
		return NULL;
	ot->cookie_mask = cookie_mask;
	ot->id = ++tables;
	return ot;
}

/*
 * Owners live in blocks, without malloc's header each (16 of a 112-byte
 * chunk: 100,000 owners take 9.2 MiB, not 10.7), and come and go at the
 * event rate: a released one is kept for the next get.  A block is freed
 * with the table.
 */
#define WR_OWNER_BLOCK	255

struct wr_owner_block {
	struct wr_owner_block *next;
	struct wr_owner o[WR_OWNER_BLOCK];
};

/* In line: a put's path, and a get's below, at every event */
static inline void release_owner(struct wr_owners *ot, struct wr_owner *o)
{
	o->seq = 0;		/* owners__last_get() must not find it */
	stacks__put(&ot->stacks, o->frames);
	o->frames = NULL;
	tasks__put(&ot->tasks, o->task);
	o->task = NULL;
	o->next = ot->spare;
	ot->spare = o;
	ot->nr_spare++;
}

/* A new block's owners, spare; false: no memory */
static bool new_block(struct wr_owners *ot)
{
	struct wr_owner_block *b = calloc(1, sizeof(*b));
	int i;

	if (!b)
		return false;
	b->next = ot->blocks;
	ot->blocks = b;
	for (i = WR_OWNER_BLOCK - 1; i >= 0; i--) {
		b->o[i].next = ot->spare;
		ot->spare = &b->o[i];
	}
	ot->nr_spare += WR_OWNER_BLOCK;
	return true;
}

static inline struct wr_owner *alloc_owner(struct wr_owners *ot)
{
	struct wr_owner *o;

	if (!ot->spare && !new_block(ot))
		return NULL;
	o = ot->spare;
	ot->spare = o->next;
	ot->nr_spare--;
	ot->gen++;
	return o;		/* apply_get() sets every field */
}

struct wr_owner *owners__alloc_owner(struct wr_owners *ot)
{
	return alloc_owner(ot);
}

void owners__free(struct wr_owners *ot)
{
	struct wr_device *d, *dn;
	struct wr_owner_block *b, *bn;

	if (!ot)
		return;
	free(ot->history.holds);
	free(ot->history.samples);
	for (d = ot->devices; d; d = dn) {
		dn = d->next;
		sleep__free(ot, d->sleep);
		free(d);
	}
	for (b = ot->blocks; b; b = bn) {	/* every owner, held or spare */
		bn = b->next;
		free(b);
	}
	stacks__free(&ot->stacks);
	tasks__free(&ot->tasks);
	free(ot);
}

int owners__forget_driver(struct wr_owners *ot, uint8_t driver)
{
	struct wr_device **pd = &ot->devices, *d;
	struct wr_owner *o, *on;
	int n = 0;

	if (ot->history.holds || ot->history.samples)
		return 0;		/* the timeline points at its devices */
	ot->gen++;
	while ((d = *pd)) {
		if (d->driver != driver) {
			pd = &d->next;
			continue;
		}
		for (o = d->head; o; o = on) {
			on = o->next;
			release_owner(ot, o);
			n++;
		}
		if (sleep__unbind_left_any(d)) {
			/*
			 * what unbind left is the report: the owners went with the
			 * module; a device whose unbind left nothing goes with it
			 */
			d->head = d->tail = NULL;
			d->nr_owners = 0;
			d->traced_weight = 0;
			d->obj = 0;
			d->unbound = true;
			pd = &d->next;
			continue;
		}
		*pd = d->next;
		sleep__free(ot, d->sleep);
		free(d);
	}
	ot->last_device = NULL;	/* gone, or unbound */
	return n;
}

void owners__keep_history(struct wr_owners *ot, size_t max)
{
	ot->gen++;
	ot->history.enabled = true;
	ot->history.samples_on = true;
	ot->history.max = max;
}

void owners__keep_pairs(struct wr_owners *ot, size_t max)
{
	ot->gen++;
	ot->history.enabled = true;
	ot->history.max = max;
}

void owners__keep(struct wr_owners *ot, enum wr_keep keep)
{
	if (keep == WR_KEEP_HISTORY)
		owners__keep_history(ot, WR_KEEP_HISTORY_MAX);
	else if (keep == WR_KEEP_PAIRS)
		owners__keep_pairs(ot, WR_KEEP_PAIRS_MAX);
}

/* Grow ARRAY (of SIZE-byte items) to hold one more; false when full. */
static bool history_room(struct wr_history *h, void **array, size_t nr, size_t *cap,
			 size_t size)
{
	void *grown;
	size_t want;

	if (nr < *cap)
		return true;
	if (nr >= h->max) {
		h->dropped++;
		h->dropped_holds += array == (void **)&h->holds;
		return false;
	}
	want = *cap ? *cap * 2 : 1024;
	if (want > h->max)
		want = h->max;
	grown = realloc(*array, want * size);
	if (!grown) {
		h->dropped++;
		h->dropped_holds += array == (void **)&h->holds;
		return false;
	}
	*array = grown;
	*cap = want;
	return true;
}

static struct wr_hold *new_hold(struct wr_owners *ot)
{
	struct wr_history *h = &ot->history;

	if (!h->enabled || !history_room(h, (void **)&h->holds, h->nr_holds, &h->cap_holds,
					 sizeof(*h->holds)))
		return NULL;
	return memset(&h->holds[h->nr_holds++], 0, sizeof(*h->holds));
}

static void record_hold(struct wr_owners *ot, const struct wr_device *d,
			const struct wr_owner *o, const struct wr_event *put, enum wr_pairing how)
{
	struct wr_hold *x = new_hold(ot);

	if (!x)
		return;
	x->start_ns = o->ts_ns;
	x->end_ns = put->ts_ns;
	x->get_cpu = o->cpu;
	x->put_cpu = put->cpu;
	x->caller = o->caller;
	x->api = o->api;
	x->dev = d;
	x->pid = o->pid;
	x->flags = o->flags;
	x->hook = o->hook;
	x->pairing = how;
}

/* A put that ended a reference from before tracing: a hold with no start. */
static void record_unmatched(struct wr_owners *ot, const struct wr_device *d,
			     const struct wr_event *e)
{
	struct wr_hold *x = new_hold(ot);

	if (!x)
		return;
	x->end_ns = e->ts_ns;
	x->put_cpu = e->cpu;
	x->dev = d;
	x->pid = e->pid;
	x->flags = e->flags & WR_EVF_WAKELOCK;
	x->hook = e->hook;
	x->unmatched = true;
}

static void record_sample(struct wr_owners *ot, const struct wr_device *d, uint64_t ts_ns)
{
	struct wr_history *h = &ot->history;
	struct wr_sample *x;

	if (!h->samples_on || !history_room(h, (void **)&h->samples, h->nr_samples,
					 &h->cap_samples, sizeof(*h->samples)))
		return;
	x = &h->samples[h->nr_samples++];
	x->ts_ns = ts_ns;
	x->dev = d;
	x->count = d->nr_owners;
	x->driver_count = d->wakeref_count;
}

const char *owners__pairing_name(enum wr_pairing p)
{
	switch (p) {
	case WR_PAIR_EXACT:	return "exact";
	case WR_PAIR_OBJECT:	return "object";
	case WR_PAIR_SAME_FN:	return "same-function";
	case WR_PAIR_DECLARED:	return "declared";
	case WR_PAIR_LEARNED:	return "learned";
	case WR_PAIR_FALLBACK:	return "fallback";
	default:		return "?";
	}
}

const char *owners__driver_name(uint8_t driver)
{
	return drivers__name(driver);
}

static struct wr_device *find_device(struct wr_owners *ot, const struct wr_event *e)
{
	struct wr_device *d, **tail = &ot->devices;

	for (d = ot->devices; d; d = d->next) {
		if (d->obj == e->obj && !d->unbound)
			return d;
		tail = &d->next;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->obj = e->obj;
	d->driver = e->driver;
	d->usage_count = -1;
	*tail = d;
	return d;
}

/*
 * Events come in runs of one device: the last one's is looked at first.
 * A device is the only one of its object that is not unbound (a new one
 * is made only when none is), so the memo finds what the list would.
 */
static inline struct wr_device *get_device(struct wr_owners *ot, const struct wr_event *e)
{
	struct wr_device *d = ot->last_device;

	if (d && d->obj == e->obj && !d->unbound)
		return d;
	d = find_device(ot, e);
	ot->last_device = d;
	return d;
}

struct wr_device *owners__device(struct wr_owners *ot, const struct wr_event *e)
{
	return get_device(ot, e);
}

/* Shipping kernels return -1 (u32 or u64) or ERR_PTR(-ENOENT): not an identity. */
static bool cookie_is_real(const struct wr_owners *ot, uint64_t cookie)
{
	return cookie && cookie != ot->cookie_mask && cookie != ot->cookie_mask - 1;
}

static void save_frames(struct wr_frames *dst, const struct wr_site *site)
{
	dst->nr = site->nr_frames > WR_MAX_FRAMES ? WR_MAX_FRAMES : site->nr_frames;
	/* GCC makes it one rep movsq: a loop took five instructions a frame */
	if (dst->nr)
		memcpy(dst->ip, site->frames, dst->nr * sizeof(dst->ip[0]));
}

static void link_owner(struct wr_device *d, struct wr_owner *o)
{
	o->prev = d->tail;
	o->next = NULL;
	if (d->tail)
		d->tail->next = o;
	else
		d->head = o;
	d->tail = o;
	d->nr_owners++;
}

static void unlink_owner(struct wr_device *d, struct wr_owner *o)
{
	if (o->prev)
		o->prev->next = o->next;
	else
		d->head = o->next;
	if (o->next)
		o->next->prev = o->prev;
	else
		d->tail = o->prev;
	d->nr_owners--;
}

static struct wr_last_get *last_get_slot(struct wr_owners *ot, uint32_t pid)
{
	return &ot->last_get[(pid * 0x9e3779b1u) >> 26];
}

static void note_last_get(struct wr_owners *ot, struct wr_owner *o)
{
	struct wr_last_get *l = last_get_slot(ot, o->pid);

	l->owner = o;
	l->seq = o->seq;
	l->pid = o->pid;
}

struct wr_owner *owners__last_get(struct wr_owners *ot, uint32_t pid)
{
	struct wr_last_get *l = last_get_slot(ot, pid);

	if (l->pid != pid || !l->owner || l->owner->seq != l->seq || !l->seq)
		return NULL;
	ot->gen++;		/* the caller may change it */
	return l->owner;
}

/* The event's task and call, interned; never NULL (no memory: nothing known). */
static const struct wr_task *get_task(struct wr_owners *ot, const struct wr_event *e)
{
	struct wr_task key;
	const struct wr_task *t;

	memset(key.pad, 0, sizeof(key.pad));
	key.client = e->client;
	key.tgid = e->tgid;
	key.sys_nr = e->flags & WR_EVF_SYSCALL ? (int32_t)e->sys_nr : -1;
	key.ioctl_cmd = e->ioctl_cmd;
	key.client_is_id = e->flags & WR_EVF_CLIENT_ID;
	memcpy(key.comm, e->comm, sizeof(key.comm));
	key.comm[sizeof(key.comm) - 1] = 0;
	t = tasks__get(&ot->tasks, &key);
	return t ? t : &tasks__unknown;
}

static int apply_get(struct wr_owners *ot, struct wr_device *d, const struct wr_event *e,
		     const struct wr_site *site, int64_t weight)
{
	struct wr_owner *o = alloc_owner(ot);

	if (!o)
		return -1;
	o->seq = ++ot->seq;
	o->ts_ns = e->ts_ns;
	o->cookie = e->cookie;
	o->caller = site->caller;
	o->api = site->api;
	o->pair_class = site->pair_class;
	o->obj = site->obj;
	o->pid = e->pid;
	o->cpu = e->cpu;
	o->task = get_task(ot, e);
	o->hook = e->hook;
	o->flags = e->flags & WR_EVF_WAKELOCK;
	o->uncertain = false;
	o->asleep = false;
	o->pairing = cookie_is_real(ot, e->cookie) ? WR_PAIR_EXACT : WR_PAIR_SAME_FN;
	o->nr_frames = site->nr_frames > WR_MAX_FRAMES ? WR_MAX_FRAMES : site->nr_frames;
	o->frames = stacks__get_memo(&ot->stacks, site->frames, o->nr_frames,
				     o->nr_frames == site->nr_frames ? site->stack_memo : NULL);
	if (!o->frames)
		o->nr_frames = 0;	/* no memory: the owner stays, without its stack */
	if (!d->nr_owners)
		save_frames(&d->last_acquired, site);
	link_owner(d, o);
	note_last_get(ot, o);
	d->traced_weight += weight;
	d->gets++;
	return -1;
}

static bool same_kind(const struct wr_owner *o, const struct wr_event *e)
{
	return o->flags == (e->flags & WR_EVF_WAKELOCK);
}

static bool learned_pair(const struct wr_owners *ot, uint64_t get_caller, uint64_t put_caller)
{
	int i;

	for (i = 0; i < ot->nr_learned; i++)
		if (ot->learned[i].get_caller == get_caller &&
		    ot->learned[i].put_caller == put_caller)
			return true;
	return false;
}

/*
 * A put from one function with exactly one owner of its kind on the device,
 * and nothing held from before tracing, can only end that owner: remember
 * the two functions as a pair.
 */
static void learn(struct wr_owners *ot, const struct wr_device *d, const struct wr_event *e,
		  const struct wr_site *site)
{
	const struct wr_owner *o, *only = NULL;

	if (!site->caller || d->baseline > 0 || ot->nr_learned == WR_MAX_LEARNED)
		return;
	for (o = d->head; o; o = o->next) {
		if (!same_kind(o, e))
			continue;
		if (only)
			return;
		only = o;
	}
	if (!only || !only->caller || only->caller == site->caller ||
	    learned_pair(ot, only->caller, site->caller))
		return;
	ot->learned[ot->nr_learned].get_caller = only->caller;
	ot->learned[ot->nr_learned++].put_caller = site->caller;
}

/*
 * Whether a put for object OBJ (0: unknown) may end O: an owner whose get
 * was for a known object is ended only by a put for that object.
 */
static bool obj_allows(const struct wr_owner *o, uint64_t obj)
{
	return !o->obj || !obj;
}

/* The oldest owner of the put's kind and of CLASS, or NULL. */
static struct wr_owner *oldest_of_class(struct wr_device *d, const struct wr_event *e,
					int pair_class, uint64_t obj)
{
	struct wr_owner *o;

	for (o = d->head; o; o = o->next)
		if (same_kind(o, e) && o->pair_class == pair_class && obj_allows(o, obj))
			return o;
	return NULL;
}

/* The owner a put releases, and how it was chosen (see owners.h). */
static struct wr_owner *match_put(struct wr_owners *ot, struct wr_device *d,
				  const struct wr_event *e, const struct wr_site *site,
				  enum wr_pairing *how)
{
	struct wr_owner *o, *fn_any = NULL, *fn_other = NULL, *declared = NULL;
	struct wr_owner *learned = NULL, *task = NULL, *oldest = NULL;

	if (cookie_is_real(ot, e->cookie)) {
		for (o = d->tail; o; o = o->prev)
			if (o->cookie == e->cookie && same_kind(o, e)) {
				*how = WR_PAIR_EXACT;
				return o;
			}
	}
	if (site->obj) {
		for (o = d->tail; o; o = o->prev)
			if (o->obj == site->obj && same_kind(o, e)) {
				*how = WR_PAIR_OBJECT;
				return o;
			}
	}
	/* a queue of references released in order: the oldest of the class */
	if (site->pair_class && pairs__class_fifo(site->pair_class)) {
		o = oldest_of_class(d, e, site->pair_class, site->obj);
		if (o) {
			*how = WR_PAIR_DECLARED;
			return o;
		}
	}
	for (o = d->tail; o; o = o->prev) {
		bool same_fn = site->caller && o->caller == site->caller;

		if (!same_kind(o, e) || !obj_allows(o, site->obj))
			continue;
		/*
		 * The class is part of a reference's identity: a function that
		 * holds its own wakeref and one of a layer's (vm_fault_gtt and
		 * intel_wakeref_auto) releases each through its own path.
		 */
		if (same_fn && o->pair_class == site->pair_class) {
			if (o->pid == e->pid) {
				*how = WR_PAIR_SAME_FN;
				return o;
			}
			if (!fn_any)
				fn_any = o;
		} else if (same_fn && !fn_other) {
			fn_other = o;
		}
		if (!declared && site->pair_class && o->pair_class == site->pair_class)
			declared = o;
		if (!learned && site->caller && learned_pair(ot, o->caller, site->caller))
			learned = o;
		if (!task && o->pid == e->pid)
			task = o;
		oldest = o;
	}
	if (fn_any) {
		*how = WR_PAIR_SAME_FN;
		return fn_any;
	}
	if (declared) {
		*how = WR_PAIR_DECLARED;
		return declared;
	}
	if (learned) {
		*how = WR_PAIR_LEARNED;
		return learned;
	}
	if (fn_other) {
		*how = WR_PAIR_SAME_FN;
		return fn_other;
	}
	*how = WR_PAIR_FALLBACK;
	return task ? task : oldest;
}

static int apply_put(struct wr_owners *ot, struct wr_device *d, const struct wr_event *e,
		     const struct wr_site *site, int64_t weight)
{
	bool unseen_gets = e->flags & WR_EVF_TRACEPOINT;
	enum wr_pairing how;
	struct wr_owner *o, *other;

	if (!unseen_gets)
		learn(ot, d, e, site);
	o = match_put(ot, d, e, site, &how);
	d->puts++;
	/*
	 * Nothing ties this put to a traced owner, but the driver still holds
	 * references from before tracing, or took some through a get that no
	 * tracepoint shows: it ends one of those.
	 */
	if (o && how == WR_PAIR_FALLBACK && (unseen_gets || d->baseline >= weight))
		o = NULL;
	if (!o) {
		/* a wakeref taken before tracing began */
		d->unmatched_puts++;
		d->baseline -= weight;
		record_unmatched(ot, d, e);
		return -1;
	}
	if (how == WR_PAIR_FALLBACK) {
		/* any owner of this kind could have been the one released */
		for (other = d->head; other; other = other->next)
			if (other != o && same_kind(other, e))
				other->pairing = WR_PAIR_FALLBACK;
	}
	d->paired[how]++;
	d->traced_weight -= weight;
	record_hold(ot, d, o, e, how);
	unlink_owner(d, o);
	release_owner(ot, o);
	if (!d->nr_owners)
		save_frames(&d->last_released, site);
	return how;
}

/* Of kind WAKELOCK, LOST puts are missing on D: repair or mark. */
static int reconcile_kind(struct wr_owners *ot, struct wr_device *d, bool wakelock,
			  int64_t lost, int64_t weight)
{
	struct wr_owner *o, *next;
	int64_t n = 0;
	int removed = 0;

	for (o = d->head; o; o = o->next)
		n += !!(o->flags & WR_EVF_WAKELOCK) == wakelock;
	if (!lost || !n)
		return 0;
	for (o = d->head; o; o = next) {
		next = o->next;
		if (!!(o->flags & WR_EVF_WAKELOCK) != wakelock)
			continue;
		if (n > lost) {
			if (!o->uncertain)
				ot->gen++;
			d->uncertain += !o->uncertain;
			o->uncertain = true;
			continue;
		}
		/* every owner of the kind is gone: the count leaves no doubt */
		ot->gen++;
		unlink_owner(d, o);
		d->traced_weight -= weight;
		d->repaired++;
		release_owner(ot, o);
		removed++;
	}
	return removed;
}

int owners__reconcile(struct wr_owners *ot, uint64_t lost)
{
	struct wr_device *d;
	int removed = 0;

	if (!lost)
		return 0;
	for (d = ot->devices; d; d = d->next) {
		int64_t diff = d->baseline + d->traced_weight - d->wakeref_count;
		int64_t wl = 0, raw = diff;

		if (!d->have_count || !d->diverged.seq || diff <= 0)
			continue;
		const struct wr_driver_info *di = drivers__info(d->driver);

		if (di && di->wakelock_bias) {
			wl = diff / (1 + WR_I915_WAKELOCK_BIAS);
			raw = diff - wl * (1 + WR_I915_WAKELOCK_BIAS);
			removed += reconcile_kind(ot, d, true, wl, 1 + WR_I915_WAKELOCK_BIAS);
			removed += reconcile_kind(ot, d, false, raw, 1);
		} else {
			/* one count, references of one kind (xe) */
			removed += reconcile_kind(ot, d, false, raw, 1);
		}
		if (d->baseline + d->traced_weight == d->wakeref_count && d->diverged.seq) {
			d->diverged.seq = 0;
			ot->gen++;
		}
	}
	return removed;
}

/* What a wakelock of DRIVER weighs in its count (i915 biases them) */
static int32_t wakelock_weight(uint8_t driver)
{
	const struct wr_driver_info *di = drivers__info(driver);

	return di && di->wakelock_bias ? 1 + WR_I915_WAKELOCK_BIAS : 1;
}

int64_t owners__weight(const struct wr_event *e)
{
	return e->flags & WR_EVF_WAKELOCK ? wakelock_weight(e->driver) : 1;
}

/*
 * owners__weight(), with the driver table's answer kept for the next
 * event: a lookup at every event was a tenth of the table's share.
 */
static inline int64_t event_weight(struct wr_owners *ot, const struct wr_event *e)
{
	if (!(e->flags & WR_EVF_WAKELOCK))
		return 1;
	if (ot->bias_driver != 1u + e->driver) {
		ot->bias_driver = 1u + e->driver;
		ot->wakelock_weight = wakelock_weight(e->driver);
	}
	return ot->wakelock_weight;
}

/*
 * Two CPUs' events this close may overlap: one's count read while the
 * other's put is still in flight (note_counts()).  Under emulation a
 * function runs for milliseconds; on hardware microseconds.
 */
#define WR_OVERLAP_NS	(10 * 1000 * 1000ull)

/*
 * The driver's count after the event (puts read it before they ran), and the
 * check of the rebuilt table against it.
 */
static void note_counts(struct wr_owners *ot, struct wr_device *d, const struct wr_event *e,
			const struct wr_site *site, int64_t weight)
{
	int32_t count = e->wakeref_count;
	int32_t usage = e->usage_count;
	int64_t expected;
	bool overlap;

	if (e->flags & WR_EVF_NO_COUNT)
		return;
	if ((e->flags & WR_EVF_COUNT_BEFORE) && e->type == WR_EV_PUT) {
		count -= weight;
		if (usage > 0)
			usage--;
	}
	/*
	 * Events of two CPUs reach the ring buffer in the order they reserved
	 * it, not the order they read the count: one can come after a newer
	 * one of another CPU, carrying the count from before that one.  Once
	 * both are applied, the newest count is the one to compare with: an
	 * older one would report a divergence that is only the order.
	 */
	if (d->have_count && e->ts_ns < d->count_ts_ns) {
		count = d->wakeref_count;
		usage = d->usage_count;
	}
	overlap = d->have_count && (e->flags & WR_EVF_COUNT_BEFORE) && e->cpu != d->count_cpu &&
		  (e->ts_ns > d->count_ts_ns ? e->ts_ns - d->count_ts_ns :
					       d->count_ts_ns - e->ts_ns) < WR_OVERLAP_NS;
	if (e->ts_ns >= d->count_ts_ns)
		d->count_cpu = e->cpu;
	d->count_ts_ns = e->ts_ns > d->count_ts_ns ? e->ts_ns : d->count_ts_ns;
	d->wakeref_count = count;
	d->usage_count = usage;
	d->have_count = true;
	if (!d->have_baseline) {
		d->baseline = count - d->traced_weight;
		/* a first event that put a reference from before tracing had it too */
		d->held_before = d->baseline + (d->unmatched_puts ? weight : 0);
		d->have_baseline = true;
	}
	expected = d->baseline + d->traced_weight;
	if (expected == count) {
		d->diverged.seq = 0;
		return;
	}
	/*
	 * A put reads the count as it enters: another CPU's put that entered
	 * just before and has not yet dropped its reference is in that count,
	 * and both puts then say the same "after".  A mismatch so explained is
	 * counted, not reported; the next event that is not so close to
	 * another CPU's tells (a lost event stays a mismatch at every one).
	 */
	if (overlap) {
		d->overlaps++;
		return;
	}
	if (!d->diverged.seq) {
		d->diverged.seq = ot->events;
		d->diverged.ts_ns = e->ts_ns;
		d->diverged.hook = e->hook;
		d->diverged.caller = site->caller;
		d->diverged.pid = e->pid;
		memcpy(d->diverged.comm, e->comm, sizeof(d->diverged.comm));
	}
	d->diverged.expected = expected;
	d->diverged.driver = count;
}

int owners__apply(struct wr_owners *ot, const struct wr_event *e, const struct wr_site *site)
{
	struct wr_device *d;
	uint64_t seq = ot->seq;
	int64_t weight;
	int ret = -1;

	if (e->type == WR_EV_PHASE) {
		ot->events++;
		sleep__apply(ot, e);
		return -1;
	}
	d = get_device(ot, e);
	if (!d)
		return -1;
	weight = event_weight(ot, e);
	ot->events++;
	ot->gen++;
	if (e->dev[0])
		memcpy(d->name, e->dev, sizeof(d->name));
	if (e->flags & WR_EVF_TRACEPOINT)	/* not a store at every event */
		d->by_tracepoint = true;
	if (site->call_unseen || (e->flags & WR_EVF_CALL_UNSEEN))
		d->calls_unseen++;
	else if (e->flags & WR_EVF_TAIL_CALL)
		d->tail_calls++;
	d->name[sizeof(d->name) - 1] = 0;
	d->last_ts = e->ts_ns;
	switch (e->type) {
	case WR_EV_GET:
		ret = apply_get(ot, d, e, site, weight);
		break;
	case WR_EV_GET_FAILED:
		d->failed_gets++;
		break;
	case WR_EV_PUT:
		ret = apply_put(ot, d, e, site, weight);
		break;
	}
	if (d->sleep && (e->type == WR_EV_GET || e->type == WR_EV_PUT))
		sleep__note(ot, d, e, site, e->type == WR_EV_GET && ot->seq != seq ? d->tail : NULL);
	note_counts(ot, d, e, site, weight);
	if (e->type != WR_EV_GET_FAILED)
		record_sample(ot, d, e->ts_ns);
	return ret;
}
