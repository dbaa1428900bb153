/* SPDX-License-Identifier: GPL-2.0 */
/*
 * callgraph_graph.h - the call graph callgraph.c classifies, inside drivers/
 * only: one node per name, edges by index, and what each node is to a
 * wakeref once solved (callgraph_graph.c); the verdict on one function is
 * callgraph_judge.c's.
 */
#ifndef WR_DRIVERS_CALLGRAPH_GRAPH_H
#define WR_DRIVERS_CALLGRAPH_GRAPH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "drivers/callgraph.h"
#include "drivers/pairs.h"

#define NO_ROW		INT_MAX
#define SIDE_BIT(s)	((s) == WR_SIDE_GET ? CG_SIDE_GET : CG_SIDE_PUT)

struct node {
	const char *name;
	size_t first, nr;	/* its edges in the sorted copy */
	bool hook, layer;
	unsigned int target;	/* CG_SIDE_*: what a call to it does */
	bool indirect;		/* a layer with no get/put call: through a pointer */
	bool wrapper, call_wrapper;	/* call_wrapper: its frame stays, taken for the owner */
	/*
	 * Its tail jumps are seen as calls: something here calls it, and the
	 * tracer puts a tail-jumping function back from its caller's call
	 * instruction (WR_EVF_TAIL_CALL).  Through a pointer it cannot.
	 */
	bool tail_repaired;
	/* it (or, for foo.cold, foo) has a trampoline of its own (drivers/tailcallers.c) */
	bool own_tramp;
	/* declared-pair rows its frames give a get/put, on its worst and best path */
	int row_worst[2], row_best[2];
};

struct edge {
	size_t from, to;
	enum cg_edge_kind kind;		/* as the pairing sees it (repair_tail_jumps()) */
	enum cg_edge_kind raw_kind;	/* as the binary has it */
};

#define MAX_CLASSES	64

struct graph {
	const char *module;	/* the module the edges are of; NULL: any */
	struct node *nodes;
	size_t nr_nodes;
	struct edge *edges;
	size_t nr_edges;
	/* a get/put of the module carries the pair class, per side */
	bool alive[2][MAX_CLASSES];
};

/* Nodes for every name of NR edges IN, edges by index.  0, or -ENOMEM. */
int cg_graph__build(struct graph *g, const char *module, const struct cg_edge *in, size_t nr);
/* Hooks, layers, wrappers, their sides and pair rows; the classes alive. */
void cg_graph__solve(struct graph *g);
void cg_graph__free(struct graph *g);

/* The node named NAME, or (size_t)-1. */
size_t cg_graph__node(const struct graph *g, const char *name);
/* The first declared-pair row naming NAME on SIDE, as API or caller; NO_ROW. */
int cg_graph__declared_row(const char *name, int side, bool api);
/* The declared row a get/put of SIDE carries from below a call to T. */
int cg_graph__path_row(const struct node *t, int side, bool worst);
/* CG_SIDE_*: what node IDX's own calls and jumps do */
unsigned int cg_graph__sides(const struct graph *g, size_t idx);
bool cg_graph__is_cold(const char *name);
/* foo of foo.cold, else IDX */
size_t cg_graph__cold_parent(const struct graph *g, size_t idx);

/* The verdict on node IDX (not a hook), written into F. */
void cg_judge__func(const struct graph *g, size_t idx, struct cg_func *f);

#endif
