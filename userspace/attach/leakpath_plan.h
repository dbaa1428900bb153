/* SPDX-License-Identifier: GPL-2.0 */
/*
 * leakpath_plan.h - what `--explain FUNC` watches (leakpath_plan.c): FUNC's
 * callees from its module's call graph (kernel/modelf.c), each a get, a put
 * or another callee (by the hook table), and, once resolved against the
 * running kernel (leakpath.c), whether and in which slot of
 * bpf/leakpath.bpf.c it is watched, or why not.  The result of a run is
 * here too, for the printer (output/leakpath_print.c).
 */
#ifndef WR_ATTACH_LEAKPATH_PLAN_H
#define WR_ATTACH_LEAKPATH_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/callgraph.h"
#include "wr_leakpath.h"

enum lp_role {
	LP_ROLE_CALLEE,		/* watched for an error return */
	LP_ROLE_GET,		/* a runtime-PM get row of the hook table */
	LP_ROLE_PUT,		/* a runtime-PM put row */
};

enum lp_state {
	LP_WATCHED,
	LP_NO_ERROR_RETURN,	/* void, bool, unsigned: it cannot return an errno */
	LP_NO_BTF,		/* in kallsyms, not in BTF: a compiler clone, or no module BTF */
	LP_NOT_IN_KALLSYMS,	/* not a function the kernel has (inlined, discarded) */
	LP_NOT_TRACEABLE,	/* the kernel refuses a trampoline on it (notrace, ...) */
	LP_NO_SLOT,		/* more of its kind than bpf/leakpath.bpf.c has slots */
	LP_ATTACH_FAILED,
	LP_STATE__COUNT
};

struct lp_callee {
	char name[128];
	enum lp_role role;
	unsigned char get_kind;		/* enum wr_ret_kind, for a get */
	unsigned char ret_kind;		/* enum lp_ret_kind, for a callee */
	char module[64];		/* "vmlinux" or the module's name */
	char ret_type[48];		/* what it returns, as BTF names it */
	enum lp_state state;
	int err;			/* -errno of the refusal, LP_NOT_TRACEABLE/ATTACH_FAILED */
	int slot;			/* in its role's slots; -1: none */
};

struct lp_plan {
	char func[128];
	char module[64];		/* FUNC's */
	struct lp_callee *v;		/* gets, puts, then callees; each name once */
	size_t nr;
};

/*
 * The callees of FUNC among NR EDGES: the functions FUNC calls or jumps
 * to, and those its split parts (FUNC.cold, FUNC.part.N) do, each once,
 * compiler and arch helpers left out.  0, -ENOENT when FUNC calls nothing
 * in EDGES, -ENOMEM.
 */
int lp_plan__build(struct lp_plan *p, const char *func, const struct cg_edge *edges,
		   size_t nr);
void lp_plan__free(struct lp_plan *p);
/* The watched function of ROLE in SLOT, NULL if none. */
const struct lp_callee *lp_plan__slot(const struct lp_plan *p, enum lp_role role, int slot);
/* How many of ROLE are watched. */
unsigned int lp_plan__watched(const struct lp_plan *p, enum lp_role role);
const char *lp_plan__state_name(enum lp_state st);

/* What a run found: the counts and the leak paths, biggest first. */
struct lp_leak {
	int slot;			/* callee slot; -1: no callee error */
	int err;
	uint64_t leaks;
	int64_t func_ret;
};

struct lp_result {
	struct lp_stats stats;
	struct lp_leak paths[LP_MAX_PATHS];
	int nr_paths;
};

/* Sort R's paths, most leaks first. */
void lp_result__sort(struct lp_result *r);

#endif
