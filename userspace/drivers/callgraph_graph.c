// SPDX-License-Identifier: GPL-2.0
/*
 * callgraph_graph.c - the call graph of one module, solved for what each
 * function is to a wakeref (callgraph_graph.h): the hook rows, the API
 * layers and what side a call to them is on, the wrappers (functions that
 * call nothing but gets, or nothing but puts), the declared pair rows a get
 * or put carries up each path, and the pair classes some get and some put
 * of the module carry at all.
 *
 * A tail jump leaves no frame: an API layer that jumps to its hook gives
 * no pair class (site.c takes it from the frames of the stack).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/callgraph_graph.h"
#include "drivers/clones.h"
#include "drivers/hooks.h"
#include "drivers/layers.h"
#include "drivers/tailcallers.h"

#define NO_PATH		(-1)	/* no path of that side yet */

/* Compiler, tracing and mitigation helpers: a wrapper may call these too. */
static bool is_helper(const char *name)
{
	static const char *const prefixes[] = {
		"__fentry__", "__x86_return_thunk", "__x86_indirect_", "__stack_chk_fail",
		"__sanitizer_cov_", "__ubsan_handle_", "__asan_", "__kasan_", "__kcsan_",
		"__tsan_", "__cfi_",
	};
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* The first declared-pair row naming NAME as API or as caller, on SIDE. */
int cg_graph__declared_row(const char *name, int side, bool api)
{
	int i;

	for (i = 0; i < wr_nr_declared_pairs; i++) {
		const struct wr_declared_pair *p = &wr_declared_pairs[i];
		const char *n = api ? p->api : p->caller;

		if ((int)p->side == side && n && clones__same_function(name, n))
			return i;
	}
	return NO_ROW;
}

/*
 * The side an API layer is on for its caller: its name says (the async
 * display put takes a raw wakeref for its work, but its caller releases),
 * else its declared-pair rows; 0: what it calls says.
 */
static unsigned int layer_side(const char *name)
{
	unsigned int sides = 0;
	int side;

	if (strstr(name, "_put"))
		return CG_SIDE_PUT;
	if (strstr(name, "_get"))
		return CG_SIDE_GET;
	for (side = WR_SIDE_GET; side <= WR_SIDE_PUT; side++)
		if (cg_graph__declared_row(name, side, true) != NO_ROW)
			sides |= SIDE_BIT(side);
	return sides;
}

/* foo.cold: the part of foo GCC moves out of line, run in foo's frame */
bool cg_graph__is_cold(const char *name)
{
	size_t len = strlen(name);

	return len > 5 && !strcmp(name + len - 5, ".cold");
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t cg_graph__node(const struct graph *g, const char *name)
{
	size_t lo = 0, hi = g->nr_nodes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(g->nodes[mid].name, name);

		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

static int cmp_edge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* Nodes for every name, edges by index, sorted by caller. */
/*
 * A function that jumps to a get or put and that something in the module
 * calls directly is put back into the event's stack by the tracer, from the
 * call before its caller's return address: to the pairing its jump is a
 * call.  Reached only through a pointer or from another module, it is not,
 * unless the tracer gives it a trampoline of its own (drivers/tailcallers.c):
 * the trampoline calls it directly, on every path.  foo.cold jumps from
 * foo's frame: foo's trampoline is its own.
 */
static void repair_tail_jumps(struct graph *g, size_t nr)
{
	bool *called = calloc(g->nr_nodes ? g->nr_nodes : 1, sizeof(*called));
	size_t i;

	if (!called)
		return;		/* judged without the repair: more is unhandled, nothing hidden */
	for (i = 0; i < nr; i++)
		if (g->edges[i].kind == CG_CALL && g->edges[i].from != g->edges[i].to)
			called[g->edges[i].to] = true;
	for (i = 0; i < nr; i++) {
		struct edge *e = &g->edges[i];

		struct node *f = &g->nodes[e->from];

		f->own_tramp = tailcallers__traced(g->module, f->name) ||
			       (cg_graph__is_cold(f->name) &&
				tailcallers__traced(g->module,
						    g->nodes[cg_graph__cold_parent(g, e->from)].name));
		/* foo.cold jumps from foo's frame: foo's caller names foo */
		if (e->kind != CG_JMP || cg_graph__is_cold(g->nodes[e->to].name) ||
		    (!called[cg_graph__cold_parent(g, e->from)] && !f->own_tramp))
			continue;
		e->kind = CG_CALL;
		f->tail_repaired = true;
	}
	free(called);
}

int cg_graph__build(struct graph *g, const char *module, const struct cg_edge *in, size_t nr)
{
	const char **names;
	size_t i, n = 0;

	g->module = module;
	names = malloc((2 * nr + 1) * sizeof(*names));
	g->edges = malloc((nr + 1) * sizeof(*g->edges));
	g->nodes = calloc(2 * nr + 1, sizeof(*g->nodes));
	if (!names || !g->edges || !g->nodes)
		goto nomem;
	for (i = 0; i < nr; i++) {
		names[n++] = in[i].func;
		names[n++] = in[i].callee;
	}
	qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++)
		if (!g->nr_nodes || strcmp(g->nodes[g->nr_nodes - 1].name, names[i]))
			g->nodes[g->nr_nodes++].name = names[i];
	for (i = 0; i < nr; i++) {
		g->edges[i].from = cg_graph__node(g, in[i].func);
		g->edges[i].to = cg_graph__node(g, in[i].callee);
		g->edges[i].kind = in[i].kind;
		g->edges[i].raw_kind = in[i].kind;
	}
	repair_tail_jumps(g, nr);
	qsort(g->edges, nr, sizeof(*g->edges), cmp_edge);
	g->nr_edges = 0;
	for (i = 0; i < nr; i++)
		if (!g->nr_edges || cmp_edge(&g->edges[g->nr_edges - 1], &g->edges[i]))
			g->edges[g->nr_edges++] = g->edges[i];
	for (i = 0; i < g->nr_edges; i++) {
		struct node *f = &g->nodes[g->edges[i].from];

		if (!f->nr)
			f->first = i;
		f->nr++;
	}
	free(names);
	return 0;
nomem:
	free(names);
	return -ENOMEM;
}

static void graph_init_roles(struct graph *g)
{
	size_t i;
	int s;

	for (i = 0; i < g->nr_nodes; i++) {
		struct node *n = &g->nodes[i];
		const struct wr_attach_point *ap = hooks__find(n->name);

		n->hook = ap && hooks__is_rpm(ap);
		n->layer = !n->hook && layers__is_api(n->name);
		if (n->hook)
			n->target = ap->role == WR_ROLE_PUT ? CG_SIDE_PUT : CG_SIDE_GET;
		for (s = 0; s < 2; s++)
			n->row_worst[s] = n->row_best[s] = NO_ROW;
	}
}

/* The declared row a get/put of SIDE carries from below a call to T. */
int cg_graph__path_row(const struct node *t, int side, bool worst)
{
	if (t->hook)
		return NO_ROW;
	return worst ? t->row_worst[side] : t->row_best[side];
}

/*
 * Not a wrapper whatever it calls: foo.cold (foo's frame), and an owner a
 * declared pair names.
 */
static bool named_owner(const struct node *n)
{
	return cg_graph__is_cold(n->name) ||
	       cg_graph__declared_row(n->name, WR_SIDE_GET, false) != NO_ROW ||
	       cg_graph__declared_row(n->name, WR_SIDE_PUT, false) != NO_ROW;
}

/* Sides, wrapper status and rows of one node from its callees; true if changed. */
static bool node_update(struct graph *g, struct node *n)
{
	unsigned int sides = 0, old_target = n->target;
	int worst[2] = { NO_PATH, NO_PATH }, best[2] = { NO_ROW, NO_ROW }, s;
	bool thin = true, any_call = false, changed;
	size_t i;

	for (i = n->first; i < n->first + n->nr; i++) {
		const struct edge *e = &g->edges[i];
		const struct node *t = &g->nodes[e->to];

		if (!t->target) {
			if (!is_helper(t->name) && t != n)
				thin = false;
			continue;
		}
		sides |= t->target;
		any_call |= e->kind == CG_CALL;
		for (s = WR_SIDE_GET; s <= WR_SIDE_PUT; s++) {
			int w = cg_graph__path_row(t, s, true), b = cg_graph__path_row(t, s, false);

			if (!(t->target & SIDE_BIT(s)))
				continue;
			/* a layer's own frame stays when it calls, not when it jumps */
			if (n->layer && e->kind == CG_CALL) {
				int own = cg_graph__declared_row(n->name, s, true);

				w = own < w ? own : w;
				b = own < b ? own : b;
			}
			worst[s] = w > worst[s] ? w : worst[s];
			best[s] = b < best[s] ? b : best[s];
		}
	}
	n->wrapper = false;
	n->call_wrapper = false;
	if (n->layer) {
		n->indirect = !sides;
		n->target = layer_side(n->name) ? layer_side(n->name) : sides;
		for (s = WR_SIDE_GET; s <= WR_SIDE_PUT; s++)
			if (worst[s] == NO_PATH && (n->target & SIDE_BIT(s)))
				worst[s] = best[s] = cg_graph__declared_row(n->name, s, true);
	} else if (sides && thin && sides != (CG_SIDE_GET | CG_SIDE_PUT) && !named_owner(n)) {
		n->wrapper = true;
		n->call_wrapper = any_call;
		n->target = sides;
	} else {
		n->target = 0;
	}
	changed = n->target != old_target;
	for (s = 0; s < 2; s++) {
		int w = worst[s] == NO_PATH ? NO_ROW : worst[s];

		changed |= n->row_worst[s] != w || n->row_best[s] != best[s];
		n->row_worst[s] = w;
		n->row_best[s] = best[s];
	}
	return changed;
}

static void graph_propagate(struct graph *g)
{
	size_t i, round;
	bool changed = true;

	/* wrappers of wrappers: a chain can be no longer than the graph */
	for (round = 0; changed && round <= g->nr_nodes; round++) {
		changed = false;
		for (i = 0; i < g->nr_nodes; i++)
			if (!g->nodes[i].hook)
				changed |= node_update(g, &g->nodes[i]);
	}
}

/*
 * The declared row a SIDE edge E of N gives its get/put, on the best path;
 * OWNER is N's name, or foo's for foo.cold (the model names foo).
 */
static int edge_row(const struct node *n, const char *owner, const struct node *t,
		    const struct edge *e, int side)
{
	int row = cg_graph__path_row(t, side, false);

	if (e->kind == CG_CALL && !n->layer && !t->call_wrapper) {
		int own = cg_graph__declared_row(owner, side, false);

		row = own < row ? own : row;
	}
	return row;
}

static void mark_alive(struct graph *g, int row, int side)
{
	int c = row == NO_ROW ? 0 : wr_declared_pairs[row].pair_class;

	if (c > 0 && c < MAX_CLASSES)
		g->alive[side][c] = true;
}

/* Which pair classes some get, and some put, of the module carries. */
static void graph_alive(struct graph *g)
{
	size_t i, j;
	int s;

	for (i = 0; i < g->nr_nodes; i++) {
		const struct node *n = &g->nodes[i];

		if (n->hook)
			continue;
		/* what a layer's own frame gives, whichever side it is on for its caller */
		for (s = WR_SIDE_GET; s <= WR_SIDE_PUT; s++)
			if (n->layer)
				mark_alive(g, n->row_best[s], s);
		for (j = n->first; j < n->first + n->nr; j++) {
			const struct node *t = &g->nodes[g->edges[j].to];

			for (s = WR_SIDE_GET; s <= WR_SIDE_PUT; s++)
				if (t->target & SIDE_BIT(s))
					mark_alive(g, edge_row(n, g->nodes[cg_graph__cold_parent(g, i)].name, t,
							&g->edges[j], s), s);
		}
	}
}

/* what a node's own calls and jumps do, whatever it is */
unsigned int cg_graph__sides(const struct graph *g, size_t idx)
{
	const struct node *n = &g->nodes[idx];
	unsigned int sides = 0;
	size_t i;

	for (i = n->first; i < n->first + n->nr; i++)
		sides |= g->nodes[g->edges[i].to].target;
	return sides;
}

/* foo of foo.cold (the part GCC moves out of line, foo's frame), else IDX */
size_t cg_graph__cold_parent(const struct graph *g, size_t idx)
{
	const char *name = g->nodes[idx].name;
	size_t len = strlen(name), parent;
	char base[256];

	if (!cg_graph__is_cold(name) || len - 5 >= sizeof(base))
		return idx;
	memcpy(base, name, len - 5);
	base[len - 5] = 0;
	parent = cg_graph__node(g, base);
	return parent == (size_t)-1 ? idx : parent;
}

void cg_graph__solve(struct graph *g)
{
	graph_init_roles(g);
	graph_propagate(g);
	graph_alive(g);
}

void cg_graph__free(struct graph *g)
{
	free(g->nodes);
	free(g->edges);
	memset(g, 0, sizeof(*g));
}
