// SPDX-License-Identifier: GPL-2.0
/*
 * callgraph.c - classify a module's functions by what they do to a wakeref
 * and by whether wakeref's owner pairing can follow them (callgraph.h): the
 * graph is solved by callgraph_graph.c, each function judged by
 * callgraph_judge.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/callgraph_graph.h"

static int cmp_func(const void *a, const void *b)
{
	const struct cg_func *x = a, *y = b;

	if (x->handled != y->handled)
		return x->handled ? 1 : -1;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return strcmp(x->name, y->name);
}

int callgraph__classify(const char *module, const struct cg_edge *edges, size_t nr,
			struct cg_report *rep)
{
	struct graph g = {};
	size_t i;
	int err;

	memset(rep, 0, sizeof(*rep));
	err = cg_graph__build(&g, module, edges, nr);
	if (err)
		goto out;
	cg_graph__solve(&g);
	rep->funcs = calloc(g.nr_nodes + 1, sizeof(*rep->funcs));
	if (!rep->funcs) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < g.nr_nodes; i++) {
		const struct node *n = &g.nodes[i];
		struct cg_func *f = &rep->funcs[rep->nr];
		size_t j;
		bool wakeref = n->layer && n->nr;

		if (n->hook)
			continue;
		for (j = n->first; !wakeref && j < n->first + n->nr; j++)
			wakeref = g.nodes[g.edges[j].to].target;
		if (!wakeref)
			continue;
		cg_judge__func(&g, i, f);
		rep->nr++;
		if (!f->handled) {
			rep->unhandled++;
			rep->by_reason[f->reason]++;
		}
	}
	qsort(rep->funcs, rep->nr, sizeof(*rep->funcs), cmp_func);
out:
	cg_graph__free(&g);
	return err;
}

void callgraph__free(struct cg_report *rep)
{
	free(rep->funcs);
	memset(rep, 0, sizeof(*rep));
}

const struct cg_func *callgraph__find(const struct cg_report *rep, const char *name)
{
	size_t i;

	for (i = 0; i < rep->nr; i++)
		if (!strcmp(rep->funcs[i].name, name))
			return &rep->funcs[i];
	return NULL;
}

void callgraph__count(const struct cg_report *rep, bool direct, struct cg_counts *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < rep->nr; i++) {
		const struct cg_func *f = &rep->funcs[i];
		unsigned int sides = direct ? f->direct : f->sides;
		unsigned int tail = direct ? f->direct_tail : f->tail;

		c->take += !!(sides & CG_SIDE_GET);
		c->release += !!(sides & CG_SIDE_PUT);
		c->release_only += sides == CG_SIDE_PUT;
		c->tail += !!tail;
		c->tail_put += !!(tail & CG_SIDE_PUT);
		c->wrappers += f->kind == CG_KIND_WRAPPER;
		c->layers += f->kind == CG_KIND_LAYER;
	}
}

const char *callgraph__kind_name(enum cg_kind kind)
{
	switch (kind) {
	case CG_KIND_LAYER:	return "layer";
	case CG_KIND_WRAPPER:	return "wrapper";
	case CG_KIND_PAIR:	return "pair";
	case CG_KIND_TAKE:	return "take";
	case CG_KIND_RELEASE:	return "release";
	}
	return "?";
}

const char *callgraph__reason_name(enum cg_reason reason)
{
	switch (reason) {
	case CG_OK:			return "handled";
	case CG_TAIL_CALL:		return "tail call";
	case CG_RELEASE_UNDECLARED:	return "release without a declared pair";
	case CG_TAKE_UNDECLARED:	return "take without a declared pair";
	case CG_WRAPPER:		return "wrapper not in the layer table";
	case CG_THROUGH_WRAPPER:	return "through a wrapper not in the layer table";
	case CG_COLD_PART:		return "cold part";
	case CG_PAIR_DEAD:		return "declared pair with no live other side";
	default:			return "?";
	}
}
