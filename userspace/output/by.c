// SPDX-License-Identifier: GPL-2.0
/* by.c - owners counted per --by key (see by.h). */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "model/groups.h"
#include "output/by.h"
#include "output/filter.h"

static int cmp_count(const void *a, const void *b)
{
	const struct wr_by_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int add(struct wr_by_counts *bc, size_t cap, const char *key, const struct wr_owner *o)
{
	size_t i;

	for (i = 0; i < bc->nr; i++) {
		if (!strcmp(bc->v[i].key, key)) {
			bc->v[i].n++;
			if (o->seq < bc->v[i].oldest->seq)
				bc->v[i].oldest = o;
			return 0;
		}
	}
	if (bc->nr == cap)
		return -ENOMEM;
	snprintf(bc->v[bc->nr].key, sizeof(bc->v[bc->nr].key), "%s", key);
	bc->v[bc->nr].n = 1;
	bc->v[bc->nr].oldest = o;
	bc->nr++;
	return 0;
}

int by__count(const struct wr_device *d, const struct ksyms *ks, const struct report_opts *opts,
	      struct wr_by_counts *bc)
{
	size_t cap = d->nr_owners ? d->nr_owners : 1, i, k;
	struct wr_groups g;
	int err = 0;

	memset(bc, 0, sizeof(*bc));
	bc->v = calloc(cap, sizeof(*bc->v));
	if (!bc->v || groups__build(d, &g)) {
		free(bc->v);
		bc->v = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < g.nr && !err; i++) {
		if (!filter__group_shown(opts, &g.v[i], ks))
			continue;
		for (k = 0; k < g.v[i].n && !err; k++) {
			char key[160];

			who__key(ks, g.v[i].owners[k], d->driver, opts->by, key, sizeof(key));
			err = add(bc, cap, key, g.v[i].owners[k]);
		}
	}
	groups__free(&g);
	qsort(bc->v, bc->nr, sizeof(*bc->v), cmp_count);
	return err;
}

void by__free(struct wr_by_counts *bc)
{
	free(bc->v);
	bc->v = NULL;
	bc->nr = 0;
}
