// SPDX-License-Identifier: GPL-2.0
/* rcache.c - what reports keep between reports of one table (see rcache.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/ksyms.h"
#include "model/allowlist.h"
#include "output/rcache.h"

void rcache__init(struct wr_rcache *rc)
{
	memset(rc, 0, sizeof(*rc));
}

static void frag_free(struct wr_frag *f)
{
	free(f->s);
	memset(f, 0, sizeof(*f));
}

static void device_free(struct wr_rc_device *e)
{
	size_t i;
	int k;

	for (i = 0; e->g && i < e->groups.nr; i++)
		for (k = 0; k < WR_GF__COUNT; k++)
			frag_free(&e->g[i].frag[k]);
	free(e->g);
	if (e->grouped)
		groups__free(&e->groups);
	for (k = 0; k < WR_DF__COUNT; k++)
		frag_free(&e->frag[k]);
	memset(e, 0, sizeof(*e));
}

/* Forget everything, keep the arrays. */
static void empty(struct wr_rcache *rc)
{
	size_t i;

	for (i = 0; i < rc->nr_dev; i++)
		device_free(&rc->dev[i]);
	rc->nr_dev = 0;
	frag_free(&rc->pairs);
	rc->ot = NULL;
}

void rcache__free(struct wr_rcache *rc)
{
	empty(rc);
	free(rc->dev);
	memset(rc, 0, sizeof(*rc));
}

void rcache__sync(struct wr_rcache *rc, const struct wr_owners *ot, const struct ksyms *ks,
		  const struct wr_allowlist *allow)
{
	uint64_t ks_id = ks ? ksyms__id(ks) : 0;

	if (rc->ot == ot && rc->ot_id == ot->id && rc->gen == ot->gen && rc->ks_id == ks_id &&
	    rc->allow == allow)
		return;
	empty(rc);
	rc->ot = ot;
	rc->ot_id = ot->id;
	rc->gen = ot->gen;
	rc->ks_id = ks_id;
	rc->allow = allow;
}

/* The names a group is shown or hidden by, and what the allowlist says of them. */
static void name_group(struct wr_rcache *rc, struct wr_rc_group *e, const struct wr_group *g,
		       const struct ksyms *ks)
{
	const struct wr_owner *o = g->oldest;
	const struct ksym *s = o->caller ? ksyms__find(ks, o->caller) : NULL;

	e->g = g;
	e->owner = s ? s->name : NULL;
	e->via = groups__via(ks, o);
	e->allowed_below = allowlist__allowed_below(rc->allow, e->owner, e->via,
						    &e->allowed_any);
}

struct wr_rc_device *rcache__device(struct wr_rcache *rc, const struct wr_device *d,
				    const struct ksyms *ks)
{
	struct wr_rc_device *e, *grown;
	size_t i;

	for (i = 0; i < rc->nr_dev; i++)
		if (rc->dev[i].d == d)
			return rc->dev[i].grouped ? &rc->dev[i] : NULL;
	if (rc->nr_dev == rc->cap_dev) {
		grown = realloc(rc->dev, (rc->cap_dev ? 2 * rc->cap_dev : 4) * sizeof(*grown));
		if (!grown)
			return NULL;
		rc->dev = grown;
		rc->cap_dev = rc->cap_dev ? 2 * rc->cap_dev : 4;
	}
	e = &rc->dev[rc->nr_dev++];
	memset(e, 0, sizeof(*e));
	e->d = d;
	/* a device whose groups could not be made is tried again at the next report */
	if (groups__build(d, &e->groups)) {
		rc->nr_dev--;
		return NULL;
	}
	e->grouped = true;
	e->g = calloc(e->groups.nr ? e->groups.nr : 1, sizeof(*e->g));
	if (!e->g) {
		device_free(e);
		rc->nr_dev--;
		return NULL;
	}
	for (i = 0; i < e->groups.nr; i++)
		name_group(rc, &e->g[i], &e->groups.v[i], ks);
	return e;
}

bool rcache__shown(const struct wr_rc_group *g, uint64_t now_ns, uint64_t min_age_ns)
{
	const struct wr_owner *o = g->g->oldest;
	uint64_t age = now_ns > o->ts_ns ? now_ns - o->ts_ns : 0;

	if (age < min_age_ns)
		return false;
	return !g->allowed_any && age >= g->allowed_below;
}

const struct wr_frag *rcache__frag(struct wr_frag *f, wr_frag_fn *make, const void *arg)
{
	FILE *mem;

	if (f->made)
		return f;
	mem = open_memstream(&f->s, &f->len);
	if (mem) {
		make(mem, arg);
		f->made = !fclose(mem);
	}
	if (f->made)
		return f;
	frag_free(f);
	return NULL;
}

void rcache__put(FILE *out, struct wr_frag *f, wr_frag_fn *make, const void *arg)
{
	if (f && rcache__frag(f, make, arg))
		fwrite(f->s, 1, f->len, out);
	else
		make(out, arg);
}
