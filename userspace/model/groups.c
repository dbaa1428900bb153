// SPDX-License-Identifier: GPL-2.0
/* groups.c - owners grouped by identical stack (see groups.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/hooks.h"
#include "model/groups.h"
#include "model/stacks.h"
#include "kernel/ksyms.h"

static int cmp_stack(const void *a, const void *b)
{
	const struct wr_owner *x = *(const struct wr_owner * const *)a;
	const struct wr_owner *y = *(const struct wr_owner * const *)b;
	int r;

	if (x->nr_frames != y->nr_frames)
		return x->nr_frames < y->nr_frames ? -1 : 1;
	/*
	 * Stacks are interned (stacks.h): one pointer, one stack, and most
	 * comparisons are among owners of one site.  An owner without frames
	 * has frames == NULL: memcmp() may not see it.
	 */
	r = x->frames == y->frames || !x->nr_frames ? 0 :
	    memcmp(x->frames, y->frames, x->nr_frames * sizeof(x->frames[0]));
	if (r)
		return r;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool same_stack(const struct wr_owner *x, const struct wr_owner *y)
{
	return x->nr_frames == y->nr_frames &&
	       (x->frames == y->frames || !x->nr_frames ||
		!memcmp(x->frames, y->frames, x->nr_frames * sizeof(x->frames[0])));
}

/* biggest first; among equals, the oldest first */
static int cmp_group(const void *a, const void *b)
{
	const struct wr_group *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return x->oldest->seq < y->oldest->seq ? -1 : x->oldest->seq > y->oldest->seq;
}

static void finish_group(struct wr_group *grp)
{
	size_t k;

	grp->oldest = grp->owners[0];
	grp->weakest = WR_PAIR_EXACT;
	grp->uncertain = 0;
	for (k = 0; k < grp->n; k++) {
		grp->uncertain += grp->owners[k]->uncertain;
		if (grp->owners[k]->pairing > grp->weakest)
			grp->weakest = grp->owners[k]->pairing;
	}
}

/* Sorted by stack, then cut where the stack changes: N log N stack compares. */
static void group_by_sort(struct wr_groups *g, size_t n)
{
	size_t i, start;

	qsort(g->all, n, sizeof(*g->all), cmp_stack);
	for (start = 0, i = 1; i <= n; i++) {
		struct wr_group *grp;

		if (i < n && same_stack(g->all[start], g->all[i]))
			continue;
		grp = &g->v[g->nr++];
		grp->owners = g->all + start;
		grp->n = i - start;
		finish_group(grp);
		start = i;
	}
}

/*
 * The same groups without sorting, for owners listed in the order of their
 * seq (a device's list is): each owner's group found by the hash of its
 * interned stack, then every group's owners laid out together, still in
 * seq order, the groups in the order of their first owners.  A daemon
 * answers dumps of 10,000 owners many times a second.  0; 1: the list is
 * not in seq order; -ENOMEM.
 */
static uint32_t *find_slot(uint32_t *slot, size_t mask, const struct wr_groups *g,
			   const struct wr_owner *o)
{
	uint64_t h = o->nr_frames ? stacks__hash_of(o->frames) : 0;
	size_t k;

	for (k = (h * 0x9e3779b97f4a7c15ull) >> 32 & mask;; k = (k + 1) & mask)
		if (!slot[k] || same_stack(g->v[slot[k] - 1].oldest, o))
			return &slot[k];
}

static int group_by_hash(const struct wr_device *d, struct wr_groups *g)
{
	size_t mask = 63, i = 0, k, at, cap = 0;
	uint32_t *slot, *id, *s;
	struct wr_group *grown;
	struct wr_owner *o, *prev = NULL;
	int err = -ENOMEM;

	slot = calloc(mask + 1, sizeof(*slot));	/* 1 + group, 0: free */
	id = malloc((d->nr_owners ? d->nr_owners : 1) * sizeof(*id));
	if (!slot || !id)
		goto out;
	for (o = d->head; o; prev = o, o = o->next, i++) {
		if (i >= d->nr_owners || (prev && prev->seq >= o->seq)) {
			err = 1;
			goto out;
		}
		s = find_slot(slot, mask, g, o);
		if (!*s) {
			if (g->nr == cap) {
				cap = cap ? 2 * cap : 16;
				grown = realloc(g->v, cap * sizeof(*g->v));
				if (!grown)
					goto out;
				g->v = grown;
			}
			g->v[g->nr].oldest = o;		/* its first owner, for now */
			g->v[g->nr].n = 0;
			*s = ++g->nr;
			if (2 * g->nr > mask) {		/* half full: twice the slots */
				free(slot);
				mask = mask * 2 + 1;
				slot = calloc(mask + 1, sizeof(*slot));
				if (!slot)
					goto out;
				for (k = 0; k < g->nr; k++)
					*find_slot(slot, mask, g, g->v[k].oldest) = k + 1;
				s = find_slot(slot, mask, g, o);
			}
		}
		id[i] = *s - 1;
		g->v[id[i]].n++;
	}
	if (i != d->nr_owners) {
		err = 1;
		goto out;
	}
	for (k = 0, at = 0; k < g->nr; k++) {
		g->v[k].owners = g->all + at;
		at += g->v[k].n;
		g->v[k].n = 0;
	}
	for (o = d->head, i = 0; o; o = o->next, i++)
		g->v[id[i]].owners[g->v[id[i]].n++] = o;
	for (k = 0; k < g->nr; k++)
		finish_group(&g->v[k]);
	err = 0;
out:
	free(slot);
	free(id);
	return err;
}

int groups__build(const struct wr_device *d, struct wr_groups *g)
{
	size_t n = 0;
	struct wr_owner *o;
	int err;

	memset(g, 0, sizeof(*g));
	g->all = malloc((d->nr_owners ? d->nr_owners : 1) * sizeof(*g->all));
	if (!g->all)
		return -ENOMEM;
	err = group_by_hash(d, g);
	if (err) {
		free(g->v);
		g->v = malloc((d->nr_owners ? d->nr_owners : 1) * sizeof(*g->v));
		if (!g->v) {
			groups__free(g);
			return -ENOMEM;
		}
		g->nr = 0;
		for (o = d->head; o; o = o->next)
			g->all[n++] = o;
		group_by_sort(g, n);
	}
	if (g->nr)	/* a device without owners may have no array: qsort() wants one */
		qsort(g->v, g->nr, sizeof(*g->v), cmp_group);
	return 0;
}

void groups__free(struct wr_groups *g)
{
	free(g->all);
	free(g->v);
	memset(g, 0, sizeof(*g));
}

const char *groups__via(const struct ksyms *ks, const struct wr_owner *o)
{
	const struct ksym *s = o->api ? ksyms__find(ks, o->api) : NULL;

	if (s)
		return s->name;
	return o->hook < WR_HOOK__COUNT ? wr_hooks[o->hook].func : "?";
}
