/* SPDX-License-Identifier: GPL-2.0 */
/*
 * callgraph.h - what wakeref makes of a driver's own call graph (callgraph.c):
 * from a plain list of (function, callee, call or jump) edges, which
 * functions take or release a runtime-PM wakeref, which reach a get or put
 * by a tail jump, which wrap the API, and whether the owner pairing of
 * model/site.c and model/owners.c ties their gets and puts together.
 *
 * Names are symbol names as kallsyms shows them: "foo.cold" and
 * "foo.part.0" are functions of their own, as they are in a stack.
 */
#ifndef WR_DRIVERS_CALLGRAPH_H
#define WR_DRIVERS_CALLGRAPH_H

#include <stdbool.h>
#include <stddef.h>

enum cg_edge_kind {
	CG_CALL,	/* call: the caller's frame stays on the stack */
	CG_JMP,		/* jmp or jcc to a function: a tail call, no frame */
};

struct cg_edge {
	const char *func;
	const char *callee;
	enum cg_edge_kind kind;
};

/* what a function does to a wakeref, as bits */
#define CG_SIDE_GET	1u
#define CG_SIDE_PUT	2u

enum cg_kind {
	CG_KIND_LAYER,		/* an API layer of drivers/layers.c */
	CG_KIND_WRAPPER,	/* calls nothing but gets, or nothing but puts */
	CG_KIND_PAIR,		/* takes and releases */
	CG_KIND_TAKE,		/* takes, never releases */
	CG_KIND_RELEASE,	/* releases, never takes */
};

/* Why a function's gets or puts are not paired; the first one found. */
enum cg_reason {
	CG_OK,
	CG_TAIL_CALL,		/* reaches a get/put by jmp: its callers are seen instead */
	CG_RELEASE_UNDECLARED,	/* releases what it never takes, no declared pair */
	CG_TAKE_UNDECLARED,	/* takes what it never releases, no declared pair */
	CG_WRAPPER,		/* a wrapper not in the layer table: taken for the owner */
	CG_THROUGH_WRAPPER,	/* takes or releases through such a wrapper */
	CG_COLD_PART,		/* foo.cold does what foo pairs with */
	CG_PAIR_DEAD,		/* declared, but no get/put of the other side carries it */
	CG_REASON__COUNT
};

struct cg_func {
	const char *name;	/* the edges' string */
	enum cg_kind kind;
	unsigned int sides;	/* CG_SIDE_*: what it does, by any callee */
	unsigned int direct;	/* CG_SIDE_*: by calling a hook row itself */
	unsigned int tail;	/* CG_SIDE_*: reached by a tail jump */
	unsigned int direct_tail;	/* ... to a hook row itself */
	bool handled;
	enum cg_reason reason;
	char how[512];
};

struct cg_report {
	struct cg_func *funcs;	/* unhandled first, then by kind and name */
	size_t nr;
	unsigned int unhandled;
	unsigned int by_reason[CG_REASON__COUNT];
};

/* The figures of a report: by any get/put, or by the hook rows only (DIRECT). */
struct cg_counts {
	unsigned int take, release, release_only, tail, tail_put, wrappers, layers;
};

/*
 * Classify the functions of NR edges of MODULE (NULL: the tail-caller table
 * of any driver applies).  The report's names point into EDGES' strings.
 * 0, or -ENOMEM.
 */
int callgraph__classify(const char *module, const struct cg_edge *edges, size_t nr,
			struct cg_report *rep);
void callgraph__free(struct cg_report *rep);
const struct cg_func *callgraph__find(const struct cg_report *rep, const char *name);
void callgraph__count(const struct cg_report *rep, bool direct, struct cg_counts *c);
const char *callgraph__kind_name(enum cg_kind kind);
const char *callgraph__reason_name(enum cg_reason reason);

#endif
