// SPDX-License-Identifier: GPL-2.0
/*
 * callgraph_judge.c - the verdict on one function of a solved call graph
 * (callgraph_graph.h): whether the owner pairing of model/site.c and
 * model/owners.c ties its gets and puts together, and if not, why.
 *
 * The pairing it mirrors: an event's owner is the first stack frame above
 * the traced function that is not an API layer; a put ends an owner of the
 * same function first, else one of the declared pair class that the owner's
 * name or an API frame of the chain gives.  What a function reaches by a
 * tail jump is seen from its callers.
 */
#include <stdio.h>
#include <string.h>

#include "drivers/callgraph_graph.h"
#include "drivers/hooks.h"
#include "drivers/objlinks.h"

/* "a, b, c +N" into BUF: up to three names */
static void append_name(char *buf, size_t len, int *count, const char *name)
{
	size_t used = strlen(buf);

	if (++*count <= 3)
		snprintf(buf + used, len - used, "%s%s", *count > 1 ? ", " : "", name);
}

static void finish_list(char *buf, size_t len, int count)
{
	size_t used = strlen(buf);

	if (count > 3)
		snprintf(buf + used, len - used, " +%d", count - 3);
}

/* the names on the other side of pair class ROW's class */
static void other_side(int row, char *buf, size_t len)
{
	const struct wr_declared_pair *p = &wr_declared_pairs[row];
	int i, j, count = 0;

	buf[0] = 0;
	for (i = 0; i < wr_nr_declared_pairs; i++) {
		const struct wr_declared_pair *q = &wr_declared_pairs[i];
		const char *name = q->api ? q->api : q->caller;
		bool seen = false;

		if (q->pair_class != p->pair_class || q->side == p->side)
			continue;
		for (j = 0; j < i; j++)
			seen |= wr_declared_pairs[j].pair_class == q->pair_class &&
				wr_declared_pairs[j].side == q->side &&
				!strcmp(wr_declared_pairs[j].api ? wr_declared_pairs[j].api :
					wr_declared_pairs[j].caller, name);
		if (!seen)
			append_name(buf, len, &count, name);
	}
	finish_list(buf, len, count);
}

/* The direct callers of node IDX into BUF; how many. */
static int callers_of(const struct graph *g, size_t idx, char *buf, size_t len)
{
	size_t i, last = (size_t)-1;
	int count = 0;

	buf[0] = 0;
	for (i = 0; i < g->nr_edges; i++) {
		if (g->edges[i].to != idx || g->edges[i].from == last)
			continue;
		last = g->edges[i].from;	/* a call and a jmp from one caller: once */
		append_name(buf, len, &count, g->nodes[last].name);
	}
	finish_list(buf, len, count);
	if (!count)
		snprintf(buf, len, "none here: through a pointer or from another module");
	return count;
}

static const char *side_name(int side)
{
	return side == WR_SIDE_GET ? "get" : "put";
}

/* What one function's edges say about its pairing, before it is written down. */
struct verdict {
	enum cg_reason reason;
	size_t culprit;		/* the callee or relative the reason names */
	int side;
	int declared_row;	/* a declared pair that pairs it, or NO_ROW */
	int lost_row;		/* a pair class a tail-jumping layer loses, or NO_ROW */
	int dead_row;		/* a pair class whose other side nothing carries */
	bool same_fn;
};

static void fail(struct verdict *v, enum cg_reason r, size_t culprit, int side)
{
	/* the cold part first, then a wrapper, a tail call, a missing pair */
	static const int rank[CG_REASON__COUNT] = {
		[CG_COLD_PART] = 1, [CG_THROUGH_WRAPPER] = 2, [CG_TAIL_CALL] = 3,
		[CG_RELEASE_UNDECLARED] = 4, [CG_TAKE_UNDECLARED] = 4, [CG_PAIR_DEAD] = 5,
	};

	if (v->reason == CG_OK || rank[r] < rank[v->reason]) {
		v->reason = r;
		v->culprit = culprit;
		v->side = side;
	}
}

/* Does a get (SIDE 0) or put (1) of the module carry the class of ROW? */
static bool class_alive(const struct graph *g, int side, int row)
{
	int c = wr_declared_pairs[row].pair_class;

	return c > 0 && c < MAX_CLASSES && g->alive[side][c];
}

/* OWNER: the name the model gives IDX's frames (foo for foo.cold) */
static void judge_edges(const struct graph *g, size_t idx, const char *owner, unsigned int owned,
			struct verdict *v)
{
	const struct node *n = &g->nodes[idx];
	size_t i;
	int s;

	for (i = n->first; i < n->first + n->nr; i++) {
		const struct edge *e = &g->edges[i];
		const struct node *t = &g->nodes[e->to];

		for (s = WR_SIDE_GET; s <= WR_SIDE_PUT; s++) {
			int row = cg_graph__path_row(t, s, true);

			if (!(t->target & SIDE_BIT(s)))
				continue;
			/* through a wrapper: it is the owner, only a pair class helps */
			if (t->call_wrapper && row == NO_ROW) {
				fail(v, CG_THROUGH_WRAPPER, e->to, s);
				continue;
			}
			/* an API that takes and releases: its pairs move to the caller whole */
			if (e->kind == CG_JMP && t->target == (CG_SIDE_GET | CG_SIDE_PUT))
				continue;
			if (e->kind == CG_CALL && !t->call_wrapper &&
			    owned == (CG_SIDE_GET | CG_SIDE_PUT)) {
				v->same_fn = true;
				continue;
			}
			if (e->kind == CG_CALL && !t->call_wrapper) {
				int own = cg_graph__declared_row(owner, s, false);

				row = own < row ? own : row;
			}
			if (row != NO_ROW && !class_alive(g, !s, row)) {
				fail(v, CG_PAIR_DEAD, e->to, s);
				v->dead_row = row;
				continue;
			}
			if (row != NO_ROW) {
				v->declared_row = row < v->declared_row ? row : v->declared_row;
				continue;
			}
			/* the API's pair class, lost where the API tail-jumps to its hook */
			if (cg_graph__path_row(t, s, false) != NO_ROW)
				v->lost_row = cg_graph__path_row(t, s, false);
			else if (t->layer && cg_graph__declared_row(t->name, s, true) != NO_ROW)
				v->lost_row = cg_graph__declared_row(t->name, s, true);
			if (e->kind == CG_JMP)
				fail(v, CG_TAIL_CALL, e->to, s);
			else
				fail(v, s == WR_SIDE_PUT ? CG_RELEASE_UNDECLARED :
				     CG_TAKE_UNDECLARED, e->to, s);
		}
	}
}

/*
 * foo and foo.cold, the part of foo GCC moves out of line: one function,
 * run in foo's frame.  The tracer's model names foo the owner of a frame in
 * foo.cold (model/site.c), so they are judged together: *PARENT and *COLD,
 * or (size_t)-1 for the one the graph lacks.
 */
static void cold_pair(const struct graph *g, size_t idx, size_t *parent, size_t *cold)
{
	char name[256];

	*parent = cg_graph__cold_parent(g, idx);
	*cold = (size_t)-1;
	if (*parent != idx)
		*cold = idx;
	else if (cg_graph__is_cold(g->nodes[idx].name))
		*parent = (size_t)-1;	/* foo is not in the graph: the part alone */
	else if (snprintf(name, sizeof(name), "%s.cold", g->nodes[idx].name) <
		 (int)sizeof(name))
		*cold = cg_graph__node(g, name);
	if (*parent == (size_t)-1) {
		*parent = idx;
		*cold = (size_t)-1;
	}
}

/* What the tracer adds to a handled function: its tail jump put back, its object. */
static void append_facts(const struct graph *g, size_t idx, struct cg_func *f)
{
	const struct wr_attach_point *ap = hooks__find(g->nodes[idx].name);
	size_t len = strlen(f->how);

	if (f->handled && g->nodes[idx].own_tramp && len < sizeof(f->how))
		len += snprintf(f->how + len, sizeof(f->how) - len, "; tail call repaired (the "
				"tracer gives it a trampoline, which calls it)");
	else if (f->handled && g->nodes[idx].tail_repaired && len < sizeof(f->how))
		len += snprintf(f->how + len, sizeof(f->how) - len, "; tail call repaired (its "
				"callers' calls name it)");
	if (ap && ap->role == WR_ROLE_OBJ && len < sizeof(f->how))
		snprintf(f->how + len, sizeof(f->how) - len, "; its %s paired by object (%s)",
			 objlinks__both(ap->hook) ? "get and put" : ap->obj_put ? "put" : "get",
			 ap->obj_ret ? "the value it returns" : "an argument");
}

static void describe(const struct graph *g, size_t idx, const struct verdict *v,
		     struct cg_func *f)
{
	const char *culprit = v->reason != CG_OK ? g->nodes[v->culprit].name : "";
	char list[160], lost[96] = "";

	if (v->lost_row != NO_ROW)
		snprintf(lost, sizeof(lost), "; the API's declared pair %s is lost: the API "
			 "tail-jumps to its hook",
			 pairs__class_name(wr_declared_pairs[v->lost_row].pair_class));
	switch (v->reason) {
	case CG_OK:
		if (v->declared_row != NO_ROW) {
			other_side(v->declared_row, list, sizeof(list));
			snprintf(f->how, sizeof(f->how), "%sdeclared pair %s (other side: %s)",
				 v->same_fn ? "same-function pair; " : "",
				 pairs__class_name(wr_declared_pairs[v->declared_row].pair_class),
				 list);
		} else {
			snprintf(f->how, sizeof(f->how), "same-function pair");
		}
		break;
	case CG_TAIL_CALL:
		callers_of(g, cg_graph__cold_parent(g, idx), list, sizeof(list));
		if (f->kind == CG_KIND_PAIR)
			snprintf(f->how, sizeof(f->how), "tail call to %s: its %s is seen from its "
				 "callers (%s), not from it%s", culprit, side_name(v->side), list,
				 lost);
		else
			snprintf(f->how, sizeof(f->how), "%s, by a tail call to %s: seen from its "
				 "callers (%s)%s", v->side == WR_SIDE_PUT ?
				 "releases what it never takes" : "takes what it never releases",
				 culprit, list, lost);
		break;
	case CG_RELEASE_UNDECLARED:
		snprintf(f->how, sizeof(f->how), "releases what it never takes (by %s); "
			 "no declared pair names it or its API%s", culprit, lost);
		break;
	case CG_TAKE_UNDECLARED:
		snprintf(f->how, sizeof(f->how), "takes what it never releases (by %s); "
			 "no declared pair names it or its API%s", culprit, lost);
		break;
	case CG_THROUGH_WRAPPER:
		snprintf(f->how, sizeof(f->how), "its %s goes through %s, a wrapper not in the "
			 "API layer table: the owner is %s", side_name(v->side), culprit, culprit);
		break;
	case CG_COLD_PART:
		snprintf(f->how, sizeof(f->how), "cold part of %s, a symbol of its own: its %s "
			 "is not paired with %s's", culprit, side_name(v->side), culprit);
		break;
	case CG_PAIR_DEAD:
		snprintf(f->how, sizeof(f->how), "declared pair %s (by %s), but no %s of this "
			 "module carries it: its APIs tail-jump to the hook or are inlined",
			 pairs__class_name(wr_declared_pairs[v->dead_row].pair_class), culprit,
			 side_name(!v->side));
		break;
	default:
		break;
	}
	append_facts(g, idx, f);
}

static void judge_layer(const struct node *n, struct cg_func *f)
{
	int s, row = NO_ROW;

	f->handled = true;
	for (s = WR_SIDE_GET; s <= WR_SIDE_PUT; s++)
		if ((n->target & SIDE_BIT(s)) && n->row_worst[s] == NO_ROW &&
		    cg_graph__declared_row(n->name, s, true) != NO_ROW)
			row = cg_graph__declared_row(n->name, s, true);
	if (row != NO_ROW)
		snprintf(f->how, sizeof(f->how), "API layer; its tail jump leaves no frame, so "
			 "the declared pair %s is lost there",
			 pairs__class_name(wr_declared_pairs[row].pair_class));
	else if (n->indirect)
		snprintf(f->how, sizeof(f->how), "API layer (its %s is reached through a "
			 "pointer)", n->target & CG_SIDE_GET ? "get" : "put");
	else
		snprintf(f->how, sizeof(f->how), "API layer");
}

/* The callees' sides, by any path and by the hook rows, by call and by jump. */
static void edge_sides(const struct graph *g, const struct node *n, struct cg_func *f,
		       unsigned int *owned)
{
	size_t i;

	*owned = 0;
	for (i = n->first; i < n->first + n->nr; i++) {
		const struct edge *e = &g->edges[i];
		const struct node *t = &g->nodes[e->to];

		f->sides |= t->target;
		if (t->hook)
			f->direct |= t->target;
		if (e->raw_kind == CG_JMP) {
			f->tail |= t->target;
			if (t->hook)
				f->direct_tail |= t->target;
		}
		if (e->kind == CG_CALL && !t->call_wrapper)
			*owned |= t->target;
	}
}

/* The pair class every get/put of wrapper N carries, if its other side is alive. */
static int wrapper_class(const struct graph *g, const struct node *n)
{
	int s = n->target & CG_SIDE_GET ? WR_SIDE_GET : WR_SIDE_PUT, row = n->row_worst[s];

	return row != NO_ROW && class_alive(g, !s, row) ? wr_declared_pairs[row].pair_class :
								NO_ROW;
}

/*
 * A wrapper that calls leaves its frame: it is taken for the owner.  One
 * that jumps leaves none: its callers are, and are judged on their own;
 * called through a pointer or from another module, it is seen from callers
 * that cannot be known here.
 */
static void judge_wrapper(const struct graph *g, size_t idx, struct cg_func *f)
{
	const struct node *n = &g->nodes[idx];
	char list[160];

	f->kind = CG_KIND_WRAPPER;
	if (n->call_wrapper && wrapper_class(g, n) != NO_ROW) {
		f->handled = true;
		snprintf(f->how, sizeof(f->how), "wrapper, the owner of what it does, paired by "
			 "declared pair %s", pairs__class_name(wrapper_class(g, n)));
		append_facts(g, idx, f);
		return;
	}
	if (n->call_wrapper) {
		f->reason = CG_WRAPPER;
		snprintf(f->how, sizeof(f->how), "wrapper not in the API layer table: its "
			 "frame is taken for the owner of every %s it makes",
			 side_name(n->target & CG_SIDE_GET ? WR_SIDE_GET : WR_SIDE_PUT));
		return;
	}
	f->handled = callers_of(g, idx, list, sizeof(list));
	f->reason = f->handled ? CG_OK : CG_TAIL_CALL;
	if (f->handled)
		snprintf(f->how, sizeof(f->how), "tail-jump wrapper: no frame, its callers "
			 "(%s) are the owners", list);
	else
		snprintf(f->how, sizeof(f->how), "tail-jump wrapper: no frame, and no caller "
			 "here (through a pointer or from another module): the owner is unknown");
}

/*
 * A declared pair whose other side nothing carries, in a build that left
 * that side's code out (drivers/pairs.c names the function such a build
 * lacks): this side is never reached either, and the tracer sees nothing
 * of it.  Says so in F and returns true.
 */
static bool compiled_out(const struct graph *g, int row, struct cg_func *f)
{
	int c = wr_declared_pairs[row].pair_class;
	const char *why = "", *marker = pairs__class_built_with(c, &why);

	if (!marker || cg_graph__node(g, marker) != (size_t)-1)
		return false;
	snprintf(f->how, sizeof(f->how), "declared pair %s, compiled out of this build (no %s "
		 "here): %s, so this never runs", pairs__class_name(c), marker, why);
	return true;
}

/* An object row names N for the side it does (drivers/hooks.c, WR_ROLE_OBJ). */
static bool by_object(const struct node *n, unsigned int sides)
{
	const struct wr_attach_point *ap = hooks__find(n->name);

	return ap && ap->role == WR_ROLE_OBJ &&
	       (sides & (objlinks__both(ap->hook) ? CG_SIDE_GET | CG_SIDE_PUT :
			 ap->obj_put ? CG_SIDE_PUT : CG_SIDE_GET));
}

void cg_judge__func(const struct graph *g, size_t idx, struct cg_func *f)
{
	const struct node *n = &g->nodes[idx];
	struct verdict v = { CG_OK, 0, 0, NO_ROW, NO_ROW, NO_ROW, false };
	size_t parent, cold;
	unsigned int owned;

	f->name = n->name;
	edge_sides(g, n, f, &owned);
	if (n->layer) {
		f->kind = CG_KIND_LAYER;
		judge_layer(n, f);
		return;
	}
	if (n->wrapper) {
		judge_wrapper(g, idx, f);
		return;
	}
	cold_pair(g, idx, &parent, &cold);
	if (cold != (size_t)-1) {
		/* what the other half does is this function's too */
		struct cg_func other = {};
		unsigned int other_owned;

		edge_sides(g, &g->nodes[parent == idx ? cold : parent], &other, &other_owned);
		f->sides |= other.sides;
		f->direct |= other.direct;
		f->tail |= other.tail;
		f->direct_tail |= other.direct_tail;
		owned |= other_owned;
	}
	f->kind = f->sides == (CG_SIDE_GET | CG_SIDE_PUT) ? CG_KIND_PAIR :
		  f->sides == CG_SIDE_GET ? CG_KIND_TAKE : CG_KIND_RELEASE;
	judge_edges(g, parent, g->nodes[parent].name, owned, &v);
	if (cold != (size_t)-1)
		judge_edges(g, cold, g->nodes[parent].name, owned, &v);
	f->handled = v.reason == CG_OK;
	f->reason = v.reason;
	describe(g, idx, &v, f);
	if (v.reason == CG_PAIR_DEAD && compiled_out(g, v.dead_row, f)) {
		f->handled = true;
		f->reason = CG_OK;
	}
	/* followed by its object: its get or put pairs whatever its frames say */
	if (!f->handled && by_object(n, f->sides)) {
		f->handled = true;
		f->reason = CG_OK;
	}
}

