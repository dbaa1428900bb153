// SPDX-License-Identifier: GPL-2.0
/*
 * `--explain FUNC` without a kernel: the callees it plans from a call graph
 * (attach/leakpath_plan.c), errno names (lib/errname.c) and the answer it
 * prints (output/leakpath_print.c) from counts as bpf/leakpath.bpf.c leaves
 * them.
 */
#include <errno.h>
#include <stdlib.h>

#include "attach/leakpath_plan.h"
#include "wakeref.h"
#include "lib/errname.h"
#include "output/leakpath_print.h"
#include "unit.h"
#include "leakpath.skel.h"

/* i915_gem_shrink as the sim's module has it, and one unrelated function */
static const struct cg_edge shrink_edges[] = {
	{ "i915_gem_shrink", "__fentry__", CG_CALL },
	{ "i915_gem_shrink", "__kmalloc_noprof", CG_CALL },
	{ "i915_gem_shrink", "intel_runtime_pm_get_if_in_use", CG_CALL },
	{ "i915_gem_shrink", "i915_gem_object_lock", CG_CALL },
	{ "i915_gem_shrink", "i915_gem_object_lock", CG_CALL },
	{ "i915_gem_shrink", "i915_gem_shrink.cold", CG_JMP },
	{ "i915_gem_shrink.cold", "intel_runtime_pm_put_unchecked", CG_CALL },
	{ "i915_gem_shrink", "__x86_return_thunk", CG_JMP },
	{ "i915_gem_shrink", "__SCT__tp_func_i915_gem_shrink", CG_CALL },
	{ "i915_gem_shrink_all", "i915_gem_shrink", CG_CALL },
	{ "i915_gem_shrinker_scan", "intel_runtime_pm_get", CG_CALL },
};
#define NR_EDGES (sizeof(shrink_edges) / sizeof(shrink_edges[0]))

static size_t find(const struct lp_plan *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		if (!strcmp(p->v[i].name, name))
			return i;
	return (size_t)-1;
}

/* its calls, its cold part's, each once, gets first, helpers and callers left out */
static void plan_callees(void)
{
	struct lp_plan p;
	size_t i;

	CHECK_EQ_U64(lp_plan__build(&p, "i915_gem_shrink", shrink_edges, NR_EDGES), 0);
	CHECK_EQ_U64(p.nr, 4);
	CHECK_STR(p.v[0].name, "intel_runtime_pm_get_if_in_use");
	CHECK_EQ_U64(p.v[0].role, LP_ROLE_GET);
	CHECK_EQ_U64(p.v[0].get_kind, WR_RET_I915_COOKIE);
	CHECK_STR(p.v[1].name, "intel_runtime_pm_put_unchecked");
	CHECK_EQ_U64(p.v[1].role, LP_ROLE_PUT);
	i = find(&p, "i915_gem_object_lock");
	CHECK(i != (size_t)-1 && p.v[i].role == LP_ROLE_CALLEE);
	CHECK(find(&p, "__kmalloc_noprof") != (size_t)-1);
	CHECK(find(&p, "__fentry__") == (size_t)-1);
	CHECK(find(&p, "__x86_return_thunk") == (size_t)-1);
	CHECK(find(&p, "__SCT__tp_func_i915_gem_shrink") == (size_t)-1);
	CHECK(find(&p, "i915_gem_shrink.cold") == (size_t)-1);
	CHECK(find(&p, "intel_runtime_pm_get") == (size_t)-1);
	for (i = 0; i < p.nr; i++)
		CHECK_EQ_U64(p.v[i].slot, (uint64_t)-1);
	lp_plan__free(&p);
}

/* a function that calls nothing there: -ENOENT, the plan left empty */
static void plan_nothing(void)
{
	struct lp_plan p;

	CHECK_EQ_U64(lp_plan__build(&p, "no_such_function", shrink_edges, NR_EDGES),
		     (uint64_t)-ENOENT);
	CHECK_EQ_U64(p.nr, 0);
	CHECK(p.v == NULL);
	/* "i915_gem_shrink_all" is not a part of "i915_gem_shrink" */
	CHECK_EQ_U64(lp_plan__build(&p, "i915_gem_shrink_all", shrink_edges, NR_EDGES), 0);
	CHECK_EQ_U64(p.nr, 1);
	CHECK_STR(p.v[0].name, "i915_gem_shrink");
	lp_plan__free(&p);
}

static void errno_names(void)
{
	char buf[48];

	CHECK_STR(errname(-35), "EDEADLK");
	CHECK_STR(errname(12), "ENOMEM");
	CHECK_STR(errname(-517), "EPROBE_DEFER");
	CHECK_STR(errname(-512), "ERESTARTSYS");
	CHECK(errname(-520) == NULL);
	CHECK(errname(-4000) == NULL);
	CHECK(errname(0) == NULL);
	CHECK_STR(leakpath__err_str(-4, buf, sizeof(buf)), "-EINTR (-4)");
	CHECK_STR(leakpath__err_str(-4000, buf, sizeof(buf)), "-4000");
}

/* the plan as leakpath.c leaves it: the lock watched in slot 1, kmalloc not */
static void resolved(struct lp_plan *p)
{
	size_t i;

	CHECK_EQ_U64(lp_plan__build(p, "i915_gem_shrink", shrink_edges, NR_EDGES), 0);
	snprintf(p->module, sizeof(p->module), "i915");
	for (i = 0; i < p->nr; i++) {
		p->v[i].state = LP_WATCHED;
		p->v[i].slot = 0;
	}
	i = find(p, "i915_gem_object_lock");
	p->v[i].slot = 1;
	i = find(p, "__kmalloc_noprof");
	p->v[i].state = LP_NO_BTF;
	p->v[i].slot = -1;
}

static char *print(const struct lp_plan *p, const struct lp_result *r)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	leakpath__print(f, p, r);
	fclose(f);
	return buf;
}

/* two paths, biggest first; the callee named by its slot */
static void prints_paths(void)
{
	struct lp_result r = { .stats = { .calls = 9, .leaks = 4 } };
	struct lp_plan p;
	char *s;

	resolved(&p);
	r.paths[r.nr_paths++] = (struct lp_leak){ .slot = -1, .err = 0, .leaks = 1,
						  .func_ret = 0 };
	r.paths[r.nr_paths++] = (struct lp_leak){ .slot = 1, .err = -35, .leaks = 3,
						  .func_ret = -35 };
	r.stats.errs_clean[1] = 2;
	lp_result__sort(&r);
	CHECK_EQ_U64(r.paths[0].slot, 1);
	s = print(&p, &r);
	CHECK_CONTAINS(s, "explain i915_gem_shrink [i915]: 9 calls, 4 returned holding");
	CHECK_CONTAINS(s, "\n  i915_gem_shrink leaked its wakeref after i915_gem_object_lock() "
		       "returned -EDEADLK (-35), 3 times of 9 calls; i915_gem_shrink returned "
		       "-EDEADLK (-35)\n  i915_gem_shrink leaked its wakeref with no callee "
		       "error after its get, 1 time of 9 calls; i915_gem_shrink returned 0\n");
	CHECK_CONTAINS(s, "  i915_gem_object_lock() failed 2 times in calls that put their "
		       "wakeref\n");
	CHECK(!strstr(s, "no leak path"));
	CHECK_CONTAINS(s, "  watched gets: intel_runtime_pm_get_if_in_use\n");
	CHECK_CONTAINS(s, "  not watched:\n    __kmalloc_noprof: no BTF");
	lp_plan__free(&p);
}

/* the negative control: calls, no leak */
static void prints_no_leak(void)
{
	struct lp_result r = { .stats = { .calls = 3 } };
	struct lp_plan p;
	char *s;

	resolved(&p);
	s = print(&p, &r);
	CHECK_CONTAINS(s, ": 3 calls, 0 returned holding");
	CHECK_CONTAINS(s, "  no leak path: i915_gem_shrink put every wakeref it took\n");
	CHECK(!strstr(s, "leaked its wakeref"));
	lp_plan__free(&p);
}

/*
 * The object has every slot leakpath.c names, no more: its program names,
 * counted against wr_leakpath.h's.  Opened from the skeleton's bytes, not
 * loaded (no privilege needed).
 */
static void object_has_every_slot(void)
{
	static const struct { const char *prefix; int n; } kinds[] = {
		{ "lp_get", LP_GET_SLOTS }, { "lp_put", LP_PUT_SLOTS },
		{ "lp_callee", LP_CALLEE_SLOTS },
	};
	LIBBPF_OPTS(bpf_object_open_opts, o, .object_name = "leakpath_bpf");
	struct bpf_program *prog;
	struct bpf_object *obj;
	const void *bytes;
	size_t len, k;
	char name[32];
	int i, total = 0;

	bytes = leakpath_bpf__elf_bytes(&len);
	obj = bpf_object__open_mem(bytes, len, &o);
	CHECK(obj != NULL);
	if (!obj)
		return;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (i = 0; i < kinds[k].n; i++) {
			snprintf(name, sizeof(name), "%s_%d", kinds[k].prefix, i);
			CHECK(bpf_object__find_program_by_name(obj, name) != NULL);
		}
		snprintf(name, sizeof(name), "%s_%d", kinds[k].prefix, kinds[k].n);
		CHECK(bpf_object__find_program_by_name(obj, name) == NULL);
	}
	CHECK(bpf_object__find_program_by_name(obj, "lp_func_entry") != NULL);
	CHECK(bpf_object__find_program_by_name(obj, "lp_func_exit") != NULL);
	bpf_object__for_each_program(prog, obj)
		total++;
	CHECK_EQ_U64(total, 2 + LP_GET_SLOTS + LP_PUT_SLOTS + LP_CALLEE_SLOTS);
	bpf_object__close(obj);
}

UNIT_MAIN("leakpath", T(object_has_every_slot), T(plan_callees), T(plan_nothing), T(errno_names), T(prints_paths),
	  T(prints_no_leak))
