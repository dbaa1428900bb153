// SPDX-License-Identifier: GPL-2.0
/*
 * test_callgraph.c - the call-graph classification (drivers/callgraph.c) on
 * edge lists, and the module reader (kernel/modelf.c, kernel/modfile.c) on
 * a relocatable object built at test time (CG_FIXTURE, fixtures/
 * callgraph_fixture.c), raw, xz and zstd, and corrupted.
 */
#include <elf.h>
#include <unistd.h>

#include "unit.h"
#include "drivers/callgraph.h"
#include "drivers/clones.h"
#include "kernel/modelf.h"
#include "kernel/modfile.h"

#ifndef CG_FIXTURE
#error "CG_FIXTURE: the path of the built fixture object (Makefile)"
#endif

#define C CG_CALL
#define J CG_JMP
#define NR(a) (sizeof(a) / sizeof((a)[0]))

/* classify EDGES and return the report (the caller frees it) */
static struct cg_report classify(const struct cg_edge *e, size_t nr)
{
	struct cg_report rep;

	CHECK(callgraph__classify("test", e, nr, &rep) == 0);
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
		/* the same, reached only through a pointer: no call names it */
		{ "by_pointer", "intel_runtime_pm_get", C },
		{ "by_pointer", "intel_runtime_pm_put_unchecked", J },
	};
	struct cg_report rep = classify(e, NR(e));

	CHECK_FUNC(&rep, "pair", "pair", true, CG_OK);
	CHECK_STR(how(&rep, "pair"), "same-function pair");
	/* called directly: the tracer puts it back, its jump pairs as a call */
	CHECK_FUNC(&rep, "tail", "pair", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "tail"), "tail call repaired");
	CHECK_FUNC(&rep, "by_pointer", "pair", false, CG_TAIL_CALL);
	CHECK_CONTAINS(how(&rep, "by_pointer"), "through a pointer");
	/* the figures are the binary's: both reach their put by a jump */
	CHECK(callgraph__find(&rep, "tail")->tail == CG_SIDE_PUT);
	/* callers of a function are not wakeref functions themselves */
	CHECK(!callgraph__find(&rep, "caller_a"));
	/* hook rows are what is traced, not listed */
	CHECK(!callgraph__find(&rep, "intel_runtime_pm_get"));
	CHECK_EQ_U64(rep.nr, 3);
	CHECK_EQ_U64(rep.unhandled, 1);
	CHECK_EQ_U64(rep.by_reason[CG_TAIL_CALL], 1);
	/* unhandled first */
	CHECK_STR(rep.funcs[0].name, "by_pointer");
	callgraph__free(&rep);
}

/*
 * A tail caller of drivers/tailcallers.c has a trampoline of its own in
 * its driver's module: reached through a pointer, its jump still pairs as a
 * call, and its foo.cold part's too.  The same name in another module has
 * none.
 */
static void test_own_trampoline(void)
{
	static const struct cg_edge e[] = {
		{ "guc_context_revoke", "intel_runtime_pm_get", C },
		{ "guc_context_revoke", "intel_runtime_pm_put_unchecked", J },
		{ "set_wedged_work", "intel_runtime_pm_get", C },
		{ "set_wedged_work", "set_wedged_work.cold", J },
		{ "set_wedged_work.cold", "intel_runtime_pm_put_unchecked", J },
	};
	struct cg_report rep;

	CHECK(callgraph__classify("i915", e, NR(e), &rep) == 0);
	CHECK_FUNC(&rep, "guc_context_revoke", "pair", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "guc_context_revoke"), "gives it a trampoline");
	CHECK_EQ_U64(rep.unhandled, 0);
	callgraph__free(&rep);
	CHECK(callgraph__classify("xe", e, NR(e), &rep) == 0);
	CHECK_FUNC(&rep, "guc_context_revoke", "pair", false, CG_TAIL_CALL);
	callgraph__free(&rep);
}

/*
 * The four functions Debian's kernels left unpaired, shaped as their
 * binaries are: a pair whose other side the build compiled out (6.18 xe:
 * no CONFIG_INTEL_MEI_LB, no xe_late_bind_work) never runs; where the work
 * is built (7.3) its tail jump has a trampoline; a work that is built but
 * carries no put stays unhandled.  7.3's PCI error path wedges the device
 * like xe_device_declare_wedged.  6.12 xe's audio put_power, reached only
 * through the component ops, jumps to the display put: its trampoline
 * makes it the owner, paired by the display-power class.
 */
static void test_real_leftovers(void)
{
	static const struct cg_edge lb_618[] = {
		{ "xe_late_bind_fw_load", "xe_pm_runtime_get_noresume", C },
		{ "xe_late_bind_fw_load", "queue_work_on", C },
	};
	static const struct cg_edge lb_73[] = {
		{ "xe_late_bind_fw_load", "xe_pm_runtime_get_noresume", C },
		{ "xe_late_bind_fw_load", "queue_work_on", C },
		{ "xe_late_bind_work", "msleep", C },
		{ "xe_late_bind_work", "xe_pm_runtime_put", J },
	};
	static const struct cg_edge lb_noput[] = {
		{ "xe_late_bind_fw_load", "xe_pm_runtime_get_noresume", C },
		{ "xe_late_bind_work", "msleep", C },
	};
	static const struct cg_edge wedge[] = {
		{ "prepare_device_for_reset", "xe_pm_runtime_get_noresume", C },
		{ "prepare_device_for_reset", "pci_disable_device", J },
		{ "xe_pci_error_detected", "prepare_device_for_reset", C },
		{ "xe_device_wedged_fini", "xe_pm_runtime_put", J },
	};
	static const struct cg_edge audio[] = {
		{ "i915_audio_component_get_power", "intel_display_power_get", C },
		{ "i915_audio_component_put_power", "intel_display_power_put_unchecked", J },
		{ "intel_display_power_get", "xe_pm_runtime_resume_and_get", C },
		{ "intel_display_power_put_unchecked", "xe_pm_runtime_put", C },
	};
	struct cg_report rep;

	CHECK(callgraph__classify("xe", lb_618, NR(lb_618), &rep) == 0);
	CHECK_FUNC(&rep, "xe_late_bind_fw_load", "take", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "xe_late_bind_fw_load"),
		       "compiled out of this build (no xe_late_bind_work here)");
	callgraph__free(&rep);
	CHECK(callgraph__classify("xe", lb_73, NR(lb_73), &rep) == 0);
	CHECK_FUNC(&rep, "xe_late_bind_fw_load", "take", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "xe_late_bind_fw_load"), "declared pair late-bind (other side");
	CHECK_FUNC(&rep, "xe_late_bind_work", "release", true, CG_OK);
	callgraph__free(&rep);
	CHECK(callgraph__classify("xe", lb_noput, NR(lb_noput), &rep) == 0);
	CHECK_FUNC(&rep, "xe_late_bind_fw_load", "take", false, CG_PAIR_DEAD);
	callgraph__free(&rep);
	CHECK(callgraph__classify("xe", wedge, NR(wedge), &rep) == 0);
	CHECK_FUNC(&rep, "prepare_device_for_reset", "take", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "prepare_device_for_reset"), "declared pair wedged");
	CHECK_FUNC(&rep, "xe_device_wedged_fini", "release", true, CG_OK);
	CHECK_EQ_U64(rep.unhandled, 0);
	callgraph__free(&rep);
	/*
	 * The audio component's ops are API layers (drivers/layers.c: the sound
	 * driver that calls them owns the wakeref), in xe and i915 alike; in xe
	 * the put's tail jump also gets its frame back from a trampoline.
	 */
	CHECK(callgraph__classify("xe", audio, NR(audio), &rep) == 0);
	CHECK_FUNC(&rep, "i915_audio_component_put_power", "layer", true, CG_OK);
	CHECK_EQ_U64(rep.unhandled, 0);
	callgraph__free(&rep);
	CHECK(callgraph__classify("i915", audio, NR(audio), &rep) == 0);
	CHECK_FUNC(&rep, "i915_audio_component_put_power", "layer", true, CG_OK);
	callgraph__free(&rep);
}

/* A declared pair names the source function: its GCC clones too, not its look-alikes. */
static void test_clone_names(void)
{
	static const struct cg_edge e[] = {
		{ "xe_eu_stall_stream_ioctl", "xe_pm_runtime_get", C },
		{ "xe_eu_stall_disable_locked.isra.0", "xe_pm_runtime_put", C },
		{ "xe_eu_stall_disable_lockedx", "xe_pm_runtime_put", C },
	};
	struct cg_report rep = classify(e, NR(e));

	CHECK(clones__same_function("foo.isra.0", "foo"));
	CHECK(clones__same_function("foo.constprop.0.isra.12", "foo"));
	CHECK(clones__same_function("foo", "foo"));
	CHECK(!clones__same_function("foo.cold", "foo"));
	CHECK(!clones__same_function("foo.part.", "foo"));
	CHECK(!clones__same_function("foobar", "foo"));
	CHECK_FUNC(&rep, "xe_eu_stall_disable_locked.isra.0", "release", true, CG_OK);
	/* no pair names it: a thin put taken for its own owner */
	CHECK_FUNC(&rep, "xe_eu_stall_disable_lockedx", "wrapper", false, CG_WRAPPER);
	callgraph__free(&rep);
}

static void test_one_sided(void)
{
	static const struct cg_edge e[] = {
		{ "xe_sched_job_create", "xe_pm_runtime_get_noresume", C },
		{ "xe_sched_job_create", "kmalloc", C },
		{ "xe_sched_job_destroy", "xe_pm_runtime_put", C },
		{ "xe_sched_job_destroy", "kfree", C },
		/* no declared pair names these */
		{ "foo_create", "xe_pm_runtime_get_noresume", C },
		{ "foo_create", "kmalloc", C },
		{ "foo_destroy", "xe_pm_runtime_put", C },
		{ "foo_destroy", "kfree", C },
		{ "by_jump", "kfree", C },
		{ "by_jump", "xe_pm_runtime_put", J },
		/* declared by name (thin, yet owners by design, not wrappers) */
		{ "__gt_unpark", "intel_runtime_pm_get", C },
		{ "__gt_park", "intel_runtime_pm_put_unchecked", C },
	};
	struct cg_report rep = classify(e, NR(e));

	CHECK_FUNC(&rep, "foo_create", "take", false, CG_TAKE_UNDECLARED);
	CHECK_FUNC(&rep, "foo_destroy", "release", false, CG_RELEASE_UNDECLARED);
	/* a real pair, declared by name, and followed by its object */
	CHECK_FUNC(&rep, "xe_sched_job_create", "take", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "xe_sched_job_create"), "declared pair sched-job");
	CHECK_CONTAINS(how(&rep, "xe_sched_job_create"), "by object");
	CHECK_FUNC(&rep, "xe_sched_job_destroy", "release", true, CG_OK);
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

/*
 * ... and kept where the layer jumps to it: the layer's callers call it, so
 * the tracer puts its frame back and its class with it.
 */
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
	CHECK(!strstr(how(&rep, "intel_display_power_put_unchecked"), "lost"));
	CHECK_FUNC(&rep, "releases", "release", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "releases"), "declared pair display-power");
	CHECK_FUNC(&rep, "takes", "take", true, CG_OK);
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
	/* put back by the tracer, a jump wrapper is the owner as a calling one is */
	CHECK_FUNC(&rep, "w_put", "wrapper", false, CG_WRAPPER);
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
		{ "user", "bar", C },
		/* the same, reached only through a pointer: its cold part's jump is lost */
		{ "baz", "intel_runtime_pm_get", C },
		{ "baz", "baz.cold", J },
		{ "baz.cold", "intel_runtime_pm_put_unchecked", J },
	};
	struct cg_report rep = classify(e, NR(e));

	/* one function, in foo's frame: the model names foo the owner of both */
	CHECK_FUNC(&rep, "foo", "pair", true, CG_OK);
	CHECK_FUNC(&rep, "foo.cold", "pair", true, CG_OK);
	/* bar's callers name bar when its cold part jumps to the put */
	CHECK_FUNC(&rep, "bar", "pair", true, CG_OK);
	CHECK_FUNC(&rep, "bar.cold", "pair", true, CG_OK);
	CHECK_CONTAINS(how(&rep, "bar.cold"), "tail call repaired");
	CHECK_FUNC(&rep, "baz", "pair", false, CG_TAIL_CALL);
	CHECK_FUNC(&rep, "baz.cold", "pair", false, CG_TAIL_CALL);
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

/* --- the reader, on the fixture ---------------------------------------- */

static bool has_edge(const struct modelf *m, const char *func, const char *callee,
		     enum cg_edge_kind kind)
{
	size_t i;

	for (i = 0; i < m->nr_edges; i++)
		if (!strcmp(m->edges[i].func, func) && !strcmp(m->edges[i].callee, callee) &&
		    m->edges[i].kind == kind)
			return true;
	return false;
}

static struct modelf *open_fixture(const char *suffix)
{
	char path[512], err[256] = "";
	struct modelf *m;

	snprintf(path, sizeof(path), "%s%s", CG_FIXTURE, suffix);
	m = modelf__open(path, err, sizeof(err));
	if (!m)
		printf("    %s: %s\n", path, err);
	return m;
}

static void test_fixture_edges(void)
{
	struct modelf *m = open_fixture("");

	CHECK(m != NULL);
	if (!m)
		return;
	CHECK_STR(m->compression, "none");
	CHECK(has_edge(m, "fx_pair", "intel_runtime_pm_put_unchecked", C));
	CHECK(has_edge(m, "fx_tail", "intel_runtime_pm_get", C));
	CHECK(has_edge(m, "fx_tail", "intel_runtime_pm_put_unchecked", J));
	CHECK(has_edge(m, "fx_release_tail", "xe_pm_runtime_put", J));
	CHECK(!has_edge(m, "fx_release_tail", "xe_pm_runtime_put", C));
	/* static callees: no relocation, found by walking the instructions */
	CHECK(has_edge(m, "fx_uses_wrapper", "fx_display_rpm_get", C));
	CHECK(has_edge(m, "fx_uses_wrapper", "fx_display_rpm_put", C));
	CHECK(m->stats.local_calls >= 2);
	/* a section-symbol relocation to the cold part, and the put there */
	CHECK(has_edge(m, "fx_cold_user", "fx_cold_user.cold", J));
	CHECK(has_edge(m, "fx_cold_user.cold", "intel_runtime_pm_put_unchecked", C));
	/* the conditional tail call */
	CHECK(has_edge(m, "fx_jcc_put", "xe_pm_runtime_put", J));
	CHECK(m->stats.jccs >= 1);
	/* every function walked to its end: the walk never lost step */
	CHECK(m->stats.decoded >= 10);
	CHECK_EQ_U64(m->stats.undecoded, 0);
	modelf__close(m);
}

static void test_fixture_classified(void)
{
	struct modelf *m = open_fixture("");
	struct cg_report rep;

	CHECK(m != NULL);
	if (!m)
		return;
	rep = classify(m->edges, m->nr_edges);
	CHECK_FUNC(&rep, "fx_pair", "pair", true, CG_OK);
	CHECK_FUNC(&rep, "fx_tail", "pair", false, CG_TAIL_CALL);
	CHECK_FUNC(&rep, "fx_job_create", "take", false, CG_TAKE_UNDECLARED);
	CHECK_FUNC(&rep, "fx_job_destroy", "release", false, CG_RELEASE_UNDECLARED);
	CHECK_FUNC(&rep, "fx_release_tail", "release", false, CG_TAIL_CALL);
	CHECK_FUNC(&rep, "fx_display_rpm_get", "wrapper", false, CG_WRAPPER);
	CHECK_FUNC(&rep, "fx_display_rpm_put", "wrapper", false, CG_WRAPPER);
	CHECK_FUNC(&rep, "fx_uses_wrapper", "pair", false, CG_THROUGH_WRAPPER);
	CHECK_FUNC(&rep, "fx_cold_user", "pair", true, CG_OK);
	CHECK_FUNC(&rep, "fx_cold_user.cold", "pair", true, CG_OK);
	CHECK_FUNC(&rep, "fx_jcc_put", "wrapper", false, CG_TAIL_CALL);
	callgraph__free(&rep);
	modelf__close(m);
}

/* xz and zstd: the same edges as the object itself */
static void test_compressed(void)
{
	static const char *const suffixes[] = { ".xz", ".zst" };
	static const char *const names[] = { "xz", "zstd" };
	struct modelf *raw = open_fixture("");
	size_t i, j;

	CHECK(raw != NULL);
	for (i = 0; raw && i < NR(suffixes); i++) {
		struct modelf *m = open_fixture(suffixes[i]);

		CHECK(m != NULL);
		if (!m)
			continue;
		CHECK_STR(m->compression, names[i]);
		CHECK_EQ_U64(m->size, raw->size);
		CHECK_EQ_U64(m->nr_edges, raw->nr_edges);
		for (j = 0; j < m->nr_edges && j < raw->nr_edges; j++) {
			CHECK_STR(m->edges[j].func, raw->edges[j].func);
			CHECK_STR(m->edges[j].callee, raw->edges[j].callee);
		}
		modelf__close(m);
	}
	modelf__close(raw);
}

/* the bytes of the fixture file itself, compressed or not */
static void *read_fixture_raw(const char *suffix, size_t *size)
{
	char path[512];
	unsigned char *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s%s", CG_FIXTURE, suffix);
	f = fopen(path, "rb");
	CHECK(f != NULL);
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n > 0 ? n : 1);
	*size = fread(buf, 1, n > 0 ? n : 0, f);
	fclose(f);
	return buf;
}

static void *read_fixture(const char *suffix, size_t *size)
{
	const char *comp;
	char path[512], err[256];
	void *buf = NULL;

	snprintf(path, sizeof(path), "%s%s", CG_FIXTURE, suffix);
	CHECK(modfile__read(path, MODFILE_MAX_SIZE, &buf, size, &comp, err, sizeof(err)) == 0);
	return buf;
}

/* NULL and a message, never a crash: IMAGE is freed by the reader */
static bool rejects(void *image, size_t size, const char *want)
{
	char err[256] = "";
	struct modelf *m = modelf__from_image(image, size, err, sizeof(err));

	if (m) {
		modelf__close(m);
		return false;
	}
	if (want && !strstr(err, want)) {
		printf("    error \"%s\", expected \"%s\"\n", err, want);
		return false;
	}
	return err[0] != 0;
}

static void *copy(const void *p, size_t n)
{
	void *c = malloc(n ? n : 1);

	memcpy(c, p, n);
	return c;
}

static Elf64_Shdr *shdr(unsigned char *img, const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	Elf64_Shdr *sh = (Elf64_Shdr *)(img + eh->e_shoff);
	const char *names = (const char *)img + sh[eh->e_shstrndx].sh_offset;
	int i;

	for (i = 0; i < eh->e_shnum; i++)
		if (!strcmp(names + sh[i].sh_name, name))
			return &sh[i];
	return NULL;
}

static void test_corrupt(void)
{
	size_t size, n;
	unsigned char *img = read_fixture("", &size), *c;
	Elf64_Shdr *sh, *text;
	Elf64_Rela *rela;

	if (!img)
		return;
	CHECK(rejects(copy(img, 0), 0, "not an ELF file"));
	CHECK(rejects(copy("\x7f" "ELF", 4), 4, NULL));
	/* truncated anywhere: the section headers are at the end */
	for (n = 1; n < size; n += 97)
		CHECK(rejects(copy(img, n), n, NULL));
	CHECK(rejects(copy(img, size - 1), size - 1, NULL));
	/* a section past the end of the file */
	c = copy(img, size);
	sh = shdr(c, ".text");
	CHECK(sh != NULL);
	if (sh)
		sh->sh_offset = size + 4096;
	CHECK(rejects(c, size, "outside the file"));
	/* a relocation past the end of its section */
	c = copy(img, size);
	sh = shdr(c, ".rela.text");
	text = shdr(c, ".text");
	CHECK(sh && text);
	if (sh && text) {
		rela = (Elf64_Rela *)(c + sh->sh_offset);
		rela[1].r_offset = text->sh_size + 100;
	}
	CHECK(rejects(c, size, "past the end of section .text"));
	/* ... and one whose symbol does not exist */
	c = copy(img, size);
	sh = shdr(c, ".rela.text");
	if (sh) {
		rela = (Elf64_Rela *)(c + sh->sh_offset);
		rela[0].r_info = ELF64_R_INFO(100000, ELF64_R_TYPE(rela[0].r_info));
	}
	CHECK(rejects(c, size, "bad symbol index"));
	/* not x86-64 */
	c = copy(img, size);
	((Elf64_Ehdr *)c)->e_machine = EM_AARCH64;
	CHECK(rejects(c, size, "not an x86-64 kernel module"));
	free(img);
}

/* random damage: an error or a result, never a crash (a crash fails the run) */
static void test_fuzz(void)
{
	size_t size, i, k, ok = 0, bad = 0;
	unsigned char *img = read_fixture("", &size);
	uint32_t seed = 12345;

	if (!img)
		return;
	for (i = 0; i < 3000; i++) {
		unsigned char *c = copy(img, size);
		char err[256] = "";
		struct modelf *m;

		for (k = 0; k < 1 + i % 8; k++) {
			seed = seed * 1103515245 + 12345;
			c[(seed >> 8) % size] ^= 1u << (seed % 8);
		}
		m = modelf__from_image(c, size, err, sizeof(err));
		if (m)
			ok++;
		else if (err[0])
			bad++;
		modelf__close(m);
	}
	CHECK_EQ_U64(ok + bad, 3000);	/* every failure says why */
	CHECK(bad > 0);
	free(img);
}

/* PREFIX bytes of the fixture's SUFFIX copy into a temporary file: its path */
static const char *cut_copy(const char *suffix, size_t prefix, char *path, size_t len)
{
	size_t size;
	void *buf = read_fixture_raw(suffix, &size);
	FILE *f;
	int fd;

	snprintf(path, len, "/tmp/wakeref-unit-XXXXXX");
	fd = mkstemp(path);
	CHECK(fd >= 0 && buf);
	if (fd < 0 || !buf) {
		free(buf);
		return NULL;
	}
	f = fdopen(fd, "w");
	fwrite(buf, 1, prefix < size ? prefix : size, f);
	fclose(f);
	free(buf);
	return path;
}

static int read_path(const char *path, size_t limit, char *err, size_t errlen)
{
	const char *comp;
	void *buf = NULL;
	size_t size;
	int rc = modfile__read(path, limit, &buf, &size, &comp, err, errlen);

	CHECK(rc ? buf == NULL : buf != NULL);
	free(buf);
	return rc;
}

static void test_decompress_bounds(void)
{
	static const char *const suffixes[] = { ".xz", ".zst" };
	char path[512], tmp[64], err[256];
	size_t i, size;
	void *buf;

	for (i = 0; i < NR(suffixes); i++) {
		/* the compressed file fits the limit, what it decompresses to does not */
		snprintf(path, sizeof(path), "%s%s", CG_FIXTURE, suffixes[i]);
		buf = read_fixture_raw(suffixes[i], &size);
		free(buf);
		err[0] = 0;
		CHECK(read_path(path, size + 16, err, sizeof(err)) == -1);
		CHECK_CONTAINS(err, "decompresses to more than");
		/* the stream cut short */
		err[0] = 0;
		if (cut_copy(suffixes[i], size / 2, tmp, sizeof(tmp))) {
			CHECK(read_path(tmp, MODFILE_MAX_SIZE, err, sizeof(err)) == -1);
			CHECK_CONTAINS(err, "truncated");
			unlink(tmp);
		}
		/* ... or past its magic only */
		err[0] = 0;
		if (cut_copy(suffixes[i], 6, tmp, sizeof(tmp))) {
			CHECK(read_path(tmp, MODFILE_MAX_SIZE, err, sizeof(err)) == -1);
			CHECK(err[0] != 0);
			unlink(tmp);
		}
	}
	/* larger than the limit before any decompression */
	err[0] = 0;
	CHECK(read_path(CG_FIXTURE, 100, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "larger than 100 bytes");
	/* a missing file, a directory: one line saying so */
	err[0] = 0;
	CHECK(read_path("/nonexistent/x.ko", MODFILE_MAX_SIZE, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "No such file");
	err[0] = 0;
	CHECK(read_path("/", MODFILE_MAX_SIZE, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "not a regular file");
}

UNIT_MAIN("callgraph",
	  T(test_same_function_and_tail_call), T(test_own_trampoline), T(test_one_sided),
	  T(test_real_leftovers),
	  T(test_layer_declared), T(test_clone_names),
	  T(test_layer_tail_jump), T(test_wrappers), T(test_cold_part), T(test_indirect_layer),
	  T(test_jump_to_both_sides), T(test_counts), T(test_empty),
	  T(test_fixture_edges), T(test_fixture_classified), T(test_compressed),
	  T(test_corrupt), T(test_fuzz), T(test_decompress_bounds))
