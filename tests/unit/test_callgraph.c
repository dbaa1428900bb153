// SPDX-License-Identifier: GPL-2.0
/* test_callgraph.c - the call-graph classification (drivers/callgraph.c) on edge lists. */
#include "unit.h"
#include "drivers/callgraph.h"

#define C CG_CALL
#define J CG_JMP
#define NR(a) (sizeof(a) / sizeof((a)[0]))

/* classify EDGES and return the report (the caller frees it) */
static struct cg_report classify(const struct cg_edge *e, size_t nr)
{
	struct cg_report rep;

	CHECK(callgraph__classify(e, nr, &rep) == 0);
	return rep;
}

static const struct cg_func *must_find(const struct cg_report *rep, const char *name)
{
	const struct cg_func *f = callgraph__find(rep, name);

	if (!f)
		printf("    %s: not in the report\n", name);
	return f;
}

#define CHECK_FUNC(rep, name, kind_, handled_, reason_) do {			\
	const struct cg_func *_f = must_find(rep, name);			\
	CHECK(_f != NULL);							\
	if (_f) {								\
		CHECK_STR(callgraph__kind_name(_f->kind), kind_);		\
		CHECK(_f->handled == (handled_));				\
		CHECK_STR(callgraph__reason_name(_f->reason),			\
			  callgraph__reason_name(reason_));			\
	}									\
} while (0)

static const char *how(const struct cg_report *rep, const char *name)
{
	const struct cg_func *f = callgraph__find(rep, name);

	return f ? f->how : NULL;
}

static void test_same_function_and_tail_call(void)
{
	static const struct cg_edge e[] = {
		{ "pair", "intel_runtime_pm_get", C },
		{ "pair", "intel_runtime_pm_put_unchecked", C },
		{ "tail", "intel_runtime_pm_get", C },
		{ "tail", "intel_runtime_pm_put_unchecked", J },
		{ "caller_a", "tail", C },
		{ "caller_b", "tail", C },
	};
	struct cg_report rep = classify(e, NR(e));

	CHECK_FUNC(&rep, "pair", "pair", true, CG_OK);
	CHECK_STR(how(&rep, "pair"), "same-function pair");
	CHECK_FUNC(&rep, "tail", "pair", false, CG_TAIL_CALL);
	CHECK_CONTAINS(how(&rep, "tail"), "caller_a, caller_b");
	/* callers of a function are not wakeref functions themselves */
	CHECK(!callgraph__find(&rep, "caller_a"));
	/* hook rows are what is traced, not listed */
	CHECK(!callgraph__find(&rep, "intel_runtime_pm_get"));
	CHECK_EQ_U64(rep.nr, 2);
	CHECK_EQ_U64(rep.unhandled, 1);
	CHECK_EQ_U64(rep.by_reason[CG_TAIL_CALL], 1);
	/* unhandled first */
	CHECK_STR(rep.funcs[0].name, "tail");
	callgraph__free(&rep);
}

static void test_one_sided(void)
{
	static const struct cg_edge e[] = {
		{ "xe_sched_job_create", "xe_pm_runtime_get_noresume", C },
		{ "xe_sched_job_create", "kmalloc", C },
		{ "xe_sched_job_destroy", "xe_pm_runtime_put", C },
		{ "xe_sched_job_destroy", "kfree", C },
		{ "by_jump", "kfree", C },
		{ "by_jump", "xe_pm_runtime_put", J },
		/* declared by name (thin, yet owners by design, not wrappers) */
		{ "__gt_unpark", "intel_runtime_pm_get", C },
		{ "__gt_park", "intel_runtime_pm_put_unchecked", C },
	};
	struct cg_report rep = classify(e, NR(e));

	CHECK_FUNC(&rep, "xe_sched_job_create", "take", false, CG_TAKE_UNDECLARED);
	CHECK_FUNC(&rep, "xe_sched_job_destroy", "release", false, CG_RELEASE_UNDECLARED);
	CHECK_FUNC(&rep, "by_jump", "release", false, CG_TAIL_CALL);
	CHECK_CONTAINS(how(&rep, "by_jump"), "releases what it never takes, by a tail call");
	CHECK_FUNC(&rep, "__gt_unpark", "take", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "__gt_unpark"), "other side: __gt_park");
	CHECK_FUNC(&rep, "__gt_park", "release", true, CG_OK);
	callgraph__free(&rep);
}

/* A declared pair through an API layer, kept where the layer calls its hook. */
static void test_layer_declared(void)
{
	static const struct cg_edge e[] = {
		{ "intel_display_power_get", "intel_runtime_pm_get", C },
		{ "intel_display_power_put_unchecked", "intel_runtime_pm_put_unchecked", C },
		{ "takes", "intel_display_power_get", C },
		{ "takes", "kmalloc", C },
		{ "releases", "intel_display_power_put_unchecked", C },
		{ "releases", "kfree", C },
		/* a thin one: the owner, yet paired by the class */
		{ "thin", "intel_display_power_get", C },
	};
	struct cg_report rep = classify(e, NR(e));

	CHECK_FUNC(&rep, "thin", "wrapper", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "thin"), "paired by declared pair display-power");
	CHECK_FUNC(&rep, "intel_display_power_get", "layer", true, CG_OK);
	CHECK_FUNC(&rep, "takes", "take", true, CG_OK);
	CHECK_FUNC(&rep, "releases", "release", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "releases"), "declared pair display-power");
	CHECK_EQ_U64(rep.unhandled, 0);
	callgraph__free(&rep);
}

/* ... and lost where the layer jumps to it: no frame carries the class. */
static void test_layer_tail_jump(void)
{
	static const struct cg_edge e[] = {
		{ "intel_display_power_get", "intel_runtime_pm_get", C },
		{ "intel_display_power_put_unchecked", "mutex_lock", C },
		{ "intel_display_power_put_unchecked", "intel_runtime_pm_put_unchecked", J },
		{ "takes", "intel_display_power_get", C },
		{ "takes", "kmalloc", C },
		{ "releases", "intel_display_power_put_unchecked", C },
		{ "releases", "kfree", C },
	};
	struct cg_report rep = classify(e, NR(e));

	CHECK_FUNC(&rep, "intel_display_power_put_unchecked", "layer", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "intel_display_power_put_unchecked"), "is lost there");
	CHECK_FUNC(&rep, "releases", "release", false, CG_RELEASE_UNDECLARED);
	CHECK_CONTAINS(how(&rep, "releases"), "declared pair display-power is lost");
	CHECK_FUNC(&rep, "takes", "take", false, CG_PAIR_DEAD);
	callgraph__free(&rep);
}

static void test_wrappers(void)
{
	static const struct cg_edge e[] = {
		/* 7.x xe display: the get wrapper calls, the put wrapper jumps */
		{ "w_get", "__fentry__", C },
		{ "w_get", "xe_pm_runtime_resume_and_get", C },
		{ "w_get", "__x86_return_thunk", J },
		{ "w_put", "xe_pm_runtime_put", J },
		{ "user", "w_get", C },
		{ "user", "w_put", C },
		/* a jump wrapper nothing here calls */
		{ "w_orphan", "xe_pm_runtime_put", J },
		/* calls something else too: not a wrapper */
		{ "fat", "xe_pm_runtime_get", C },
		{ "fat", "kmalloc", C },
	};
	struct cg_report rep = classify(e, NR(e));

	CHECK_FUNC(&rep, "w_get", "wrapper", false, CG_WRAPPER);
	CHECK_FUNC(&rep, "w_put", "wrapper", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "w_put"), "(user)");
	CHECK_FUNC(&rep, "w_orphan", "wrapper", false, CG_TAIL_CALL);
	CHECK_FUNC(&rep, "user", "pair", false, CG_THROUGH_WRAPPER);
	CHECK_CONTAINS(how(&rep, "user"), "the owner is w_get");
	CHECK_FUNC(&rep, "fat", "take", false, CG_TAKE_UNDECLARED);
	callgraph__free(&rep);
}

static void test_cold_part(void)
{
	static const struct cg_edge e[] = {
		{ "foo", "intel_runtime_pm_get", C },
		{ "foo", "intel_runtime_pm_put_unchecked", C },
		{ "foo", "foo.cold", J },
		{ "foo.cold", "intel_runtime_pm_put_unchecked", C },
		/* a cold part that does nothing but put is no wrapper: it has foo's frame */
		{ "bar", "intel_runtime_pm_get", C },
		{ "bar", "bar.cold", J },
		{ "bar.cold", "intel_runtime_pm_put_unchecked", J },
	};
	struct cg_report rep = classify(e, NR(e));

	CHECK_FUNC(&rep, "foo", "pair", true, CG_OK);
	CHECK_FUNC(&rep, "foo.cold", "release", false, CG_COLD_PART);
	CHECK_CONTAINS(how(&rep, "foo.cold"), "cold part of foo");
	CHECK_FUNC(&rep, "bar.cold", "release", false, CG_COLD_PART);
	CHECK_FUNC(&rep, "bar", "take", false, CG_TAKE_UNDECLARED);
	callgraph__free(&rep);
}

/* A layer reaching its hook through a pointer: its name gives the side. */
static void test_indirect_layer(void)
{
	static const struct cg_edge e[] = {
		{ "intel_display_rpm_get", "__fentry__", C },
		{ "intel_display_rpm_get", "__x86_indirect_thunk_rax", J },
		{ "intel_display_rpm_put", "__x86_indirect_thunk_rax", J },
		{ "user", "intel_display_rpm_get", C },
		{ "user", "intel_display_rpm_put", C },
	};
	struct cg_report rep = classify(e, NR(e));

	CHECK_FUNC(&rep, "intel_display_rpm_get", "layer", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "intel_display_rpm_get"), "through a pointer");
	CHECK_FUNC(&rep, "user", "pair", true, CG_OK);
	callgraph__free(&rep);
}

/* A tail jump to an API that takes and releases moves both to the caller. */
static void test_jump_to_both_sides(void)
{
	static const struct cg_edge e[] = {
		{ "both_api_get", "intel_runtime_pm_get", C },
		{ "mixed", "intel_runtime_pm_put_unchecked", C },
		{ "mixed", "intel_wakeref_auto", J },
		{ "intel_wakeref_auto", "intel_runtime_pm_get_if_in_use", C },
		{ "intel_wakeref_auto", "intel_runtime_pm_put_unchecked", C },
	};
	struct cg_report rep = classify(e, NR(e));
	const struct cg_func *f = must_find(&rep, "mixed");

	/* intel_wakeref_auto: a layer on the get side by its declared pair */
	CHECK(f && (f->sides & CG_SIDE_GET));
	CHECK(f && (f->tail & CG_SIDE_GET));
	callgraph__free(&rep);
}

static void test_counts(void)
{
	static const struct cg_edge e[] = {
		{ "a", "intel_runtime_pm_get", C },
		{ "a", "intel_runtime_pm_put_unchecked", J },
		{ "b", "intel_runtime_pm_put_unchecked", C },
		{ "intel_display_power_get", "intel_runtime_pm_get", C },
		{ "c", "intel_display_power_get", C },
		{ "w", "intel_runtime_pm_put_unchecked", J },
	};
	struct cg_report rep = classify(e, NR(e));
	struct cg_counts any, direct;

	callgraph__count(&rep, false, &any);
	callgraph__count(&rep, true, &direct);
	CHECK_EQ_U64(any.take, 3);	/* a, the layer, c */
	CHECK_EQ_U64(direct.take, 2);	/* a, the layer */
	CHECK_EQ_U64(any.release, 3);
	CHECK_EQ_U64(any.release_only, 2);
	CHECK_EQ_U64(any.tail, 2);
	CHECK_EQ_U64(any.tail_put, 2);
	CHECK_EQ_U64(any.layers, 1);
	CHECK_EQ_U64(any.wrappers, 3);	/* b, c, w: they call nothing else */
	callgraph__free(&rep);
}

static void test_empty(void)
{
	struct cg_report rep = classify(NULL, 0);

	CHECK_EQ_U64(rep.nr, 0);
	CHECK_EQ_U64(rep.unhandled, 0);
	callgraph__free(&rep);
}

UNIT_MAIN("callgraph",
	  T(test_same_function_and_tail_call), T(test_one_sided), T(test_layer_declared),
	  T(test_layer_tail_jump), T(test_wrappers), T(test_cold_part), T(test_indirect_layer),
	  T(test_jump_to_both_sides), T(test_counts), T(test_empty))
