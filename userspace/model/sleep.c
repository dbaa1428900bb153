// SPDX-License-Identifier: GPL-2.0
/*
 * sleep.c - a device's system sleep and unbind (sleep.h).  A suspend
 * callback's entry copies the owners held then; its return, when it
 * succeeded, puts the device asleep until a resume callback's entry; a get
 * or put in between is flagged; the end of unbind copies what is still held.
 */
#include <stdlib.h>
#include <string.h>

#include "drivers/hooks.h"
#include "model/sleep.h"

static void held_free(struct wr_owners *ot, struct wr_held_at *h)
{
	size_t i;

	for (i = 0; i < h->nr; i++)
		stacks__put(&ot->stacks, h->owners[i].frames);
	free(h->owners);
	memset(h, 0, sizeof(*h));
}

/* Copy D's owners into H (an earlier copy is replaced). */
static void held_take(struct wr_owners *ot, struct wr_held_at *h, const struct wr_device *d,
		      const struct wr_event *e)
{
	const struct wr_owner *o;
	size_t n = 0;

	held_free(ot, h);
	h->taken = true;
	h->ts_ns = e->ts_ns;
	h->hook = e->hook;
	h->pid = e->pid;
	memcpy(h->comm, e->comm, sizeof(h->comm));
	h->comm[sizeof(h->comm) - 1] = 0;
	h->have_count = !(e->flags & WR_EVF_NO_COUNT);
	h->driver_count = e->wakeref_count;
	if (!d->nr_owners)
		return;
	h->owners = calloc(d->nr_owners, sizeof(*h->owners));
	if (!h->owners)
		return;		/* no memory: the moment is kept, not its owners */
	for (o = d->head; o && n < d->nr_owners; o = o->next) {
		struct wr_owner *c = &h->owners[n++];

		*c = *o;
		c->prev = c->next = NULL;
		c->frames = o->nr_frames ? stacks__get(&ot->stacks, o->frames, o->nr_frames) : NULL;
		if (!c->frames)
			c->nr_frames = 0;
	}
	h->nr = n;
}

static struct wr_sleep *sleep_of(struct wr_device *d)
{
	if (!d->sleep)
		d->sleep = calloc(1, sizeof(*d->sleep));
	return d->sleep;
}

/*
 * The device of a step: its driver object, else its name (i915's callbacks
 * take the struct device), else, for a step seen at return, the device
 * whose suspend callback the same task is in.
 */
static struct wr_device *phase_device(struct wr_owners *ot, const struct wr_event *e)
{
	struct wr_device *d;

	if (e->obj)
		return owners__device(ot, e);
	for (d = ot->devices; e->dev[0] && d; d = d->next)
		if (d->obj && !strncmp(d->name, e->dev, sizeof(d->name)))
			return d;
	for (d = ot->devices; !e->dev[0] && d; d = d->next)
		if (d->sleep && d->sleep->suspend_pid == e->pid)
			return d;
	return NULL;
}

void sleep__apply(struct wr_owners *ot, const struct wr_event *e)
{
	enum wr_phase phase = e->hook < WR_HOOK__COUNT ? wr_hooks[e->hook].phase : WR_PHASE_NONE;
	struct wr_device *d = phase_device(ot, e);
	struct wr_sleep *s;

	if (!d || !(s = sleep_of(d)))
		return;		/* a device nothing was seen of holds no owner */
	ot->gen++;		/* what reports show changes: their cache is stale */
	if (e->dev[0] && !d->name[0])
		memcpy(d->name, e->dev, sizeof(d->name) - 1);
	switch (phase) {
	case WR_PHASE_SUSPEND:
		s->suspends++;
		s->suspend_pid = e->pid ? e->pid : (uint32_t)-1;
		held_take(ot, &s->at_suspend, d, e);
		break;
	case WR_PHASE_SUSPENDED:
		s->suspend_pid = 0;
		if ((int32_t)e->cookie) {
			s->failed++;
			break;
		}
		s->asleep = true;
		s->asleep_since_ns = e->ts_ns;
		break;
	case WR_PHASE_RESUME:
		if (s->asleep)
			s->resumes++;
		s->asleep = false;
		break;
	case WR_PHASE_RELEASE:
		s->asleep = false;
		held_take(ot, &s->at_release, d, e);
		break;
	case WR_PHASE_NONE:
		break;
	}
}

void sleep__note(struct wr_owners *ot, struct wr_device *d, const struct wr_event *e,
		 const struct wr_site *site, struct wr_owner *owner)
{
	struct wr_sleep *s = d->sleep;
	struct wr_asleep_event *a;

	if (!s || !s->asleep)
		return;
	if (owner)
		owner->asleep = true;
	if (e->type == WR_EV_GET)
		s->gets_asleep++;
	else
		s->puts_asleep++;
	if (s->nr_events >= WR_ASLEEP_MAX)
		return;
	if (s->nr_events == s->cap_events) {
		size_t cap = s->cap_events ? s->cap_events * 2 : 4;
		void *p = realloc(s->events, cap * sizeof(*s->events));

		if (!p)
			return;
		s->events = p;
		s->cap_events = cap;
	}
	a = &s->events[s->nr_events++];
	memset(a, 0, sizeof(*a));
	a->ts_ns = e->ts_ns;
	a->type = e->type;
	a->hook = e->hook;
	a->caller = site->caller;
	a->api = site->api;
	a->pid = e->pid;
	memcpy(a->comm, e->comm, sizeof(a->comm));
	a->comm[sizeof(a->comm) - 1] = 0;
	a->nr_frames = site->nr_frames > WR_MAX_FRAMES ? WR_MAX_FRAMES : site->nr_frames;
	a->frames = a->nr_frames ? stacks__get(&ot->stacks, site->frames, a->nr_frames) : NULL;
	if (!a->frames)
		a->nr_frames = 0;
}

void sleep__free(struct wr_owners *ot, struct wr_sleep *s)
{
	size_t i;

	if (!s)
		return;
	held_free(ot, &s->at_suspend);
	held_free(ot, &s->at_release);
	for (i = 0; i < s->nr_events; i++)
		stacks__put(&ot->stacks, s->events[i].frames);
	free(s->events);
	free(s);
}

bool sleep__unbind_left_any(const struct wr_device *d)
{
	const struct wr_held_at *h = d->sleep ? &d->sleep->at_release : NULL;

	return h && h->taken && (h->nr || (h->have_count && h->driver_count));
}

bool sleep__any(const struct wr_device *d)
{
	const struct wr_sleep *s = d->sleep;

	return s && (s->suspends || s->gets_asleep || s->puts_asleep || s->at_release.taken);
}
