// SPDX-License-Identifier: GPL-2.0
/* groups.c - owners grouped by identical stack (see groups.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/hooks.h"
#include "model/groups.h"
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

int groups__build(const struct wr_device *d, struct wr_groups *g)
{
	size_t n = 0, i, start;
	struct wr_owner *o;

	memset(g, 0, sizeof(*g));
	g->all = calloc(d->nr_owners ? d->nr_owners : 1, sizeof(*g->all));
	g->v = calloc(d->nr_owners ? d->nr_owners : 1, sizeof(*g->v));
	if (!g->all || !g->v) {
		groups__free(g);
		return -ENOMEM;
	}
	for (o = d->head; o; o = o->next)
		g->all[n++] = o;
	qsort(g->all, n, sizeof(*g->all), cmp_stack);
	for (start = 0, i = 1; i <= n; i++) {
		struct wr_group *grp;
		size_t k;

		if (i < n && same_stack(g->all[start], g->all[i]))
			continue;
		grp = &g->v[g->nr++];
		grp->owners = g->all + start;
		grp->n = i - start;
		grp->oldest = grp->owners[0];
		grp->weakest = WR_PAIR_EXACT;
		grp->uncertain = 0;
		for (k = 0; k < grp->n; k++) {
			grp->uncertain += grp->owners[k]->uncertain;
			if (grp->owners[k]->pairing > grp->weakest)
				grp->weakest = grp->owners[k]->pairing;
		}
		start = i;
	}
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
