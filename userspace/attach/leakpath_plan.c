// SPDX-License-Identifier: GPL-2.0
/* leakpath_plan.c - the functions `--explain FUNC` watches (see leakpath_plan.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach/leakpath_plan.h"
#include "drivers/hooks.h"

/*
 * Calls the compiler or the architecture adds, and static call trampolines
 * (__SCT__*, a tracepoint's or preempt_schedule's): no error path of the
 * driver's goes through them, and none is a traceable function.
 */
static bool helper(const char *name)
{
	static const char *const prefixes[] = {
		"__x86_", "__fentry__", "__stack_chk_fail", "__sanitizer_", "__ubsan_",
		"__asan_", "__kasan_", "__kcsan_", "__tsan_", "__cfi_", "__pfx_", "__SCT__",
	};
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* FUNC itself, or one of its split parts: "FUNC.cold", "FUNC.part.0" */
static bool part_of(const char *name, const char *func)
{
	size_t n = strlen(func);

	if (strncmp(name, func, n))
		return false;
	return !name[n] || !strcmp(name + n, ".cold") || !strncmp(name + n, ".part.", 6);
}

static enum lp_role role_of(const char *name, unsigned char *get_kind)
{
	const struct wr_attach_point *ap = hooks__find(name);

	*get_kind = 0;
	if (!ap || !hooks__is_rpm(ap))
		return LP_ROLE_CALLEE;
	if (ap->role == WR_ROLE_GET || ap->role == WR_ROLE_GET_COND) {
		*get_kind = ap->ret;
		return LP_ROLE_GET;
	}
	return ap->role == WR_ROLE_PUT ? LP_ROLE_PUT : LP_ROLE_CALLEE;
}

static int by_role(const void *a, const void *b)
{
	const struct lp_callee *x = a, *y = b;
	static const int order[] = { [LP_ROLE_GET] = 0, [LP_ROLE_PUT] = 1, [LP_ROLE_CALLEE] = 2 };

	if (order[x->role] != order[y->role])
		return order[x->role] - order[y->role];
	return strcmp(x->name, y->name);
}

int lp_plan__build(struct lp_plan *p, const char *func, const struct cg_edge *edges, size_t nr)
{
	size_t i, j;

	memset(p, 0, sizeof(*p));
	snprintf(p->func, sizeof(p->func), "%s", func);
	p->v = calloc(nr ? nr : 1, sizeof(*p->v));
	if (!p->v)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		const struct cg_edge *e = &edges[i];
		struct lp_callee *c;

		if (!part_of(e->func, func) || part_of(e->callee, func) || helper(e->callee))
			continue;
		for (j = 0; j < p->nr; j++)
			if (!strcmp(p->v[j].name, e->callee))
				break;
		if (j < p->nr)
			continue;
		c = &p->v[p->nr++];
		snprintf(c->name, sizeof(c->name), "%s", e->callee);
		c->role = role_of(c->name, &c->get_kind);
		c->slot = -1;
	}
	if (!p->nr) {
		lp_plan__free(p);
		snprintf(p->func, sizeof(p->func), "%s", func);
		return -ENOENT;
	}
	qsort(p->v, p->nr, sizeof(*p->v), by_role);
	return 0;
}

void lp_plan__free(struct lp_plan *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}

const struct lp_callee *lp_plan__slot(const struct lp_plan *p, enum lp_role role, int slot)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		if (p->v[i].role == role && p->v[i].state == LP_WATCHED && p->v[i].slot == slot)
			return &p->v[i];
	return NULL;
}

unsigned int lp_plan__watched(const struct lp_plan *p, enum lp_role role)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < p->nr; i++)
		n += p->v[i].role == role && p->v[i].state == LP_WATCHED;
	return n;
}

const char *lp_plan__state_name(enum lp_state st)
{
	static const char *const names[LP_STATE__COUNT] = {
		[LP_WATCHED] = "watched",
		[LP_NO_ERROR_RETURN] = "returns no error",
		[LP_NO_BTF] = "no BTF (a compiler clone, or its module has none)",
		[LP_NOT_IN_KALLSYMS] = "not in kallsyms (inlined or discarded)",
		[LP_NOT_TRACEABLE] = "not traceable",
		[LP_NO_SLOT] = "no slot left",
		[LP_ATTACH_FAILED] = "attach failed",
	};

	return st < LP_STATE__COUNT ? names[st] : "?";
}

static int by_leaks(const void *a, const void *b)
{
	const struct lp_leak *x = a, *y = b;

	if (x->leaks != y->leaks)
		return x->leaks < y->leaks ? 1 : -1;
	return x->slot - y->slot;
}

void lp_result__sort(struct lp_result *r)
{
	qsort(r->paths, r->nr_paths, sizeof(r->paths[0]), by_leaks);
}
