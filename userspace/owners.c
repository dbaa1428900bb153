// SPDX-License-Identifier: GPL-2.0
/* owners.c - the owner table and its pairing model (see owners.h). */
#include <stdlib.h>
#include <string.h>

#include "owners.h"

struct wr_owners *owners__new(uint64_t cookie_mask)
{
	struct wr_owners *ot = calloc(1, sizeof(*ot));

	if (ot)
		ot->cookie_mask = cookie_mask;
	return ot;
}

void owners__free(struct wr_owners *ot)
{
	struct wr_device *d, *dn;
	struct wr_owner *o, *on;

	if (!ot)
		return;
	for (d = ot->devices; d; d = dn) {
		dn = d->next;
		for (o = d->head; o; o = on) {
			on = o->next;
			free(o);
		}
		free(d);
	}
	free(ot);
}

const char *owners__pairing_name(enum wr_pairing p)
{
	switch (p) {
	case WR_PAIR_EXACT:	return "exact";
	case WR_PAIR_SAME_FN:	return "same-function";
	case WR_PAIR_FALLBACK:	return "fallback";
	default:		return "?";
	}
}

const char *owners__driver_name(uint8_t driver)
{
	switch (driver) {
	case WR_DRV_I915:	return "i915";
	case WR_DRV_XE:		return "xe";
	default:		return "?";
	}
}

static struct wr_device *get_device(struct wr_owners *ot, const struct wr_event *e)
{
	struct wr_device *d, **tail = &ot->devices;

	for (d = ot->devices; d; d = d->next) {
		if (d->obj == e->obj)
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

/* Shipping kernels return -1 (u32 or u64) or ERR_PTR(-ENOENT): not an identity. */
static bool cookie_is_real(const struct wr_owners *ot, uint64_t cookie)
{
	return cookie && cookie != ot->cookie_mask && cookie != ot->cookie_mask - 1;
}

static void save_frames(struct wr_frames *dst, const struct wr_site *site)
{
	dst->nr = site->nr_frames > WR_MAX_FRAMES ? WR_MAX_FRAMES : site->nr_frames;
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

static int apply_get(struct wr_owners *ot, struct wr_device *d, const struct wr_event *e,
		     const struct wr_site *site)
{
	struct wr_owner *o = calloc(1, sizeof(*o));

	if (!o)
		return -1;
	o->seq = ++ot->seq;
	o->ts_ns = e->ts_ns;
	o->cookie = e->cookie;
	o->caller = site->caller;
	o->pid = e->pid;
	o->tgid = e->tgid;
	memcpy(o->comm, e->comm, sizeof(o->comm));
	o->comm[sizeof(o->comm) - 1] = 0;
	o->hook = e->hook;
	o->flags = e->flags & WR_EVF_WAKELOCK;
	o->pairing = cookie_is_real(ot, e->cookie) ? WR_PAIR_EXACT : WR_PAIR_SAME_FN;
	o->nr_frames = site->nr_frames > WR_MAX_FRAMES ? WR_MAX_FRAMES : site->nr_frames;
	memcpy(o->frames, site->frames, o->nr_frames * sizeof(o->frames[0]));
	if (!d->nr_owners)
		save_frames(&d->last_acquired, site);
	link_owner(d, o);
	d->gets++;
	return -1;
}

static bool same_kind(const struct wr_owner *o, const struct wr_event *e)
{
	return o->flags == (e->flags & WR_EVF_WAKELOCK);
}

/* The owner a put releases, and how it was chosen (see owners.h). */
static struct wr_owner *match_put(struct wr_owners *ot, struct wr_device *d,
				  const struct wr_event *e, const struct wr_site *site,
				  enum wr_pairing *how)
{
	struct wr_owner *o, *fn_any = NULL, *task = NULL, *oldest = NULL;

	if (cookie_is_real(ot, e->cookie)) {
		for (o = d->tail; o; o = o->prev)
			if (o->cookie == e->cookie && same_kind(o, e)) {
				*how = WR_PAIR_EXACT;
				return o;
			}
	}
	for (o = d->tail; o; o = o->prev) {
		if (!same_kind(o, e))
			continue;
		if (site->caller && o->caller == site->caller) {
			if (o->pid == e->pid) {
				*how = WR_PAIR_SAME_FN;
				return o;
			}
			if (!fn_any)
				fn_any = o;
		}
		if (!task && o->pid == e->pid)
			task = o;
		oldest = o;
	}
	if (fn_any) {
		*how = WR_PAIR_SAME_FN;
		return fn_any;
	}
	*how = WR_PAIR_FALLBACK;
	return task ? task : oldest;
}

static int apply_put(struct wr_owners *ot, struct wr_device *d, const struct wr_event *e,
		     const struct wr_site *site)
{
	enum wr_pairing how;
	struct wr_owner *o = match_put(ot, d, e, site, &how), *other;

	d->puts++;
	if (!o) {
		d->unmatched_puts++;
		return -1;
	}
	if (how == WR_PAIR_FALLBACK) {
		/* any owner of this kind could have been the one released */
		for (other = d->head; other; other = other->next)
			if (other != o && same_kind(other, e))
				other->pairing = WR_PAIR_FALLBACK;
	}
	d->paired[how]++;
	unlink_owner(d, o);
	free(o);
	if (!d->nr_owners)
		save_frames(&d->last_released, site);
	return how;
}

/* The driver's count after the event; puts read it before they ran. */
static void note_counts(struct wr_device *d, const struct wr_event *e)
{
	int32_t count = e->wakeref_count;
	int32_t usage = e->usage_count;

	if (e->flags & WR_EVF_NO_COUNT)
		return;
	if (e->flags & WR_EVF_COUNT_BEFORE) {
		count -= e->flags & WR_EVF_WAKELOCK ? 1 + WR_I915_WAKELOCK_BIAS : 1;
		if (usage > 0)
			usage--;
	}
	d->wakeref_count = count;
	d->usage_count = usage;
	d->have_count = true;
}

int owners__apply(struct wr_owners *ot, const struct wr_event *e, const struct wr_site *site)
{
	struct wr_device *d = get_device(ot, e);
	int ret = -1;

	if (!d)
		return -1;
	ot->events++;
	if (e->dev[0])
		memcpy(d->name, e->dev, sizeof(d->name));
	d->name[sizeof(d->name) - 1] = 0;
	d->last_ts = e->ts_ns;
	switch (e->type) {
	case WR_EV_GET:
		ret = apply_get(ot, d, e, site);
		break;
	case WR_EV_GET_FAILED:
		d->failed_gets++;
		break;
	case WR_EV_PUT:
		ret = apply_put(ot, d, e, site);
		break;
	}
	note_counts(d, e);
	return ret;
}
