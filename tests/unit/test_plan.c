// SPDX-License-Identifier: GPL-2.0
/*
 * The fallback order after a failure (attach/plan.c): what the plan does
 * with a row whose attach failed, or when the object failed to load, what
 * it tells the tracer to do next, and what it says.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "attach/plan.h"
#include "lib/log.h"
#include "unit.h"
#include "fake_plan.h"

static struct wr_ap_resolved plan[WR_HOOK__COUNT];
static char *log_buf;
static size_t log_len;
static FILE *log_f;

/* A plan of FEATURES chosen with O's switches on every row present, messages captured. */
static void setup(unsigned int features, struct wr_plan_opts o, enum wr_tp_state tp)
{
	o.features = features;
	fake_plan(plan, tp);
	attach_plan__choose(plan, &o);
	log_f = open_memstream(&log_buf, &log_len);
	log_set_stream(log_f);
}

static const char *logged(void)
{
	fflush(log_f);
	return log_buf;
}

static void teardown(void)
{
	log_set_stream(NULL);
	fclose(log_f);
	free(log_buf);
	log_buf = NULL;
}

enum {
	FEXIT_TO_KPROBE, VIEW_ROW_SKIPPED, EPERM_TO_TRACEPOINTS, EPERM_NOTHING_LEFT,
	ENOENT_TO_TRACEPOINT, ENOENT_STANDS, TRACEPOINT_LAST, NR_FAILURES
};

/* A row of a plan chosen so, refused at attach: what the plan does and says. */
static const struct failure_case {
	const char *name;
	unsigned int features;
	struct wr_plan_opts opts;
	enum wr_tp_state tp;
	enum wr_hook hook;	/* the row whose attach failed */
	enum wr_mode before;	/* its mode then */
	int err;
	enum wr_next next;	/* what the tracer does next */
	enum wr_mode after;	/* the row's mode now */
	const char *why;	/* its why now; NULL: as it was */
	const char *said;
} failures[NR_FAILURES] = {
	[FEXIT_TO_KPROBE] = {
		"a refused fexit falls back to its kprobe", WR_FEAT_OWNERS, {}, WR_TP_OK,
		WR_HOOK_I915_RPM_GET, WR_MODE_FEXIT, -EINVAL, WR_NEXT_RELOAD, WR_MODE_KRETPROBE,
		"fexit refused at attach (Invalid argument): kprobe, by i915:intel_runtime_pm_get",
		"wakeref: intel_runtime_pm_get [i915]: fexit refused at attach (Invalid "
		"argument)\n" },
	[VIEW_ROW_SKIPPED] = {
		"a view's row has no fallback: skipped", WR_FEAT_USERFAULT, {}, WR_TP_OK,
		WR_HOOK_UF_XE_GEM_FAULT, WR_MODE_FEXIT, -E2BIG, WR_NEXT_SKIP, WR_MODE_NONE,
		"fexit refused at attach (Argument list too long), and no fallback",
		"wakeref: xe_gem_fault [xe]: fexit refused at attach (Argument list too long)\n"
		"wakeref: xe_gem_fault is not traced: userfault\n" },
	[EPERM_TO_TRACEPOINTS] = {
		"EPERM: no kprobes at all, tracepoints", WR_FEAT_OWNERS, { .no_fentry = true },
		WR_TP_OK, WR_HOOK_XE_PUT, WR_MODE_KPROBE, -EPERM, WR_NEXT_RELOAD,
		WR_MODE_TRACEPOINT,
		"kprobes refused at attach (Operation not permitted): tracepoint "
		"xe:xe_pm_runtime_put",
		"wakeref: a kprobe on xe_pm_runtime_put [xe] was refused (Operation not "
		"permitted): no kprobes, tracepoints where rows have one\n" },
	[EPERM_NOTHING_LEFT] = {
		"EPERM without tracepoints: nothing left", WR_FEAT_OWNERS, { .no_fentry = true },
		WR_TP_ABSENT, WR_HOOK_XE_PUT, WR_MODE_KPROBE, -EPERM, WR_NEXT_FAIL, WR_MODE_NONE,
		"kprobes refused at attach (Operation not permitted), and no tracepoint "
		"xe:xe_pm_runtime_put on this kernel",
		"wakeref: a kprobe on xe_pm_runtime_put [xe] was refused (Operation not "
		"permitted): no kprobes, tracepoints where rows have one\n" },
	[ENOENT_TO_TRACEPOINT] = {
		"another error: this row to its tracepoint", WR_FEAT_OWNERS,
		{ .no_fentry = true }, WR_TP_OK, WR_HOOK_XE_PUT, WR_MODE_KPROBE, -ENOENT,
		WR_NEXT_RELOAD, WR_MODE_TRACEPOINT,
		"no fentry, kprobe refused at attach (No such file or directory): tracepoint "
		"xe:xe_pm_runtime_put",
		"wakeref: cannot attach a kprobe to xe_pm_runtime_put [xe]: No such file or "
		"directory; using tracepoint xe:xe_pm_runtime_put\n" },
	[ENOENT_STANDS] = {
		"another error, no tracepoint: the error stands", WR_FEAT_OWNERS,
		{ .no_fentry = true }, WR_TP_OK, WR_HOOK_I915_RPM_PUT_RAW, WR_MODE_KPROBE, -ENOENT,
		WR_NEXT_FAIL, WR_MODE_KPROBE, NULL,
		"wakeref: cannot attach a kprobe to intel_runtime_pm_put_raw [i915]: No such file "
		"or directory\n" },
	[TRACEPOINT_LAST] = {
		"a tracepoint is the last resort", WR_FEAT_OWNERS,
		{ .no_fentry = true, .no_kprobe = true }, WR_TP_OK, WR_HOOK_XE_PUT,
		WR_MODE_TRACEPOINT, -ENOENT, WR_NEXT_FAIL, WR_MODE_TRACEPOINT, NULL,
		"wakeref: cannot attach wr_tp_rpm to tracepoint xe:xe_pm_runtime_put: No such "
		"file or directory (is tracefs mounted on /sys/kernel/tracing?)\n" },
};

/* Case C: its checks, naming it when one fails; the plan is left for more. */
static void run_case(const struct failure_case *c)
{
	struct wr_ap_resolved *r = &plan[c->hook];
	int failed_before = unit_failed;

	unit_failed = 0;
	setup(c->features, c->opts, c->tp);
	CHECK_EQ_U64(r->mode, c->before);
	CHECK_EQ_U64(attach_plan__attach_failed(plan, c->hook, c->err), c->next);
	CHECK_EQ_U64(r->mode, c->after);
	if (c->why)
		CHECK_STR(r->why, c->why);
	CHECK_STR(logged(), c->said);
	teardown();
	if (unit_failed)
		printf("    in case \"%s\"\n", c->name);
	unit_failed |= failed_before;
}

static void refused_attaches_move_down_the_order(void)
{
	int i;

	for (i = 0; i < NR_FAILURES; i++)
		run_case(&failures[i]);
}

/* EPERM moves every kprobe row, not only the refused one. */
static void refusing_kprobes_moves_every_row(void)
{
	run_case(&failures[EPERM_TO_TRACEPOINTS]);
	CHECK_EQ_U64(plan[WR_HOOK_XE_GET].mode, WR_MODE_TRACEPOINT);
	CHECK_EQ_U64(plan[WR_HOOK_I915_RPM_GET].mode, WR_MODE_NONE);
	CHECK_STR(plan[WR_HOOK_I915_RPM_GET].why, "kprobes refused at attach (Operation not "
		  "permitted), and no tracepoint");
}

/* Another error is this function's: the other kprobe rows stay. */
static void one_refused_kprobe_moves_its_row_only(void)
{
	run_case(&failures[ENOENT_TO_TRACEPOINT]);
	CHECK_EQ_U64(plan[WR_HOOK_XE_GET].mode, WR_MODE_KRETPROBE);
	CHECK_EQ_U64(plan[WR_HOOK_I915_RPM_PUT_RAW].mode, WR_MODE_KPROBE);
}

/* A failed load, no row refused on its own: every fentry/fexit row falls back. */
static void failed_load_falls_back_to_kprobes(void)
{
	setup(WR_FEAT_OWNERS, (struct wr_plan_opts){ 0 }, WR_TP_OK);
	CHECK_EQ_U64(plan[WR_HOOK_I915_DISP_PUT].mode, WR_MODE_FENTRY);
	CHECK_EQ_U64(attach_plan__load_failed(plan, NULL, -EINVAL), WR_NEXT_RELOAD);
	CHECK_EQ_U64(plan[WR_HOOK_I915_RPM_GET].mode, WR_MODE_KRETPROBE);
	CHECK_EQ_U64(plan[WR_HOOK_XE_PUT].mode, WR_MODE_KPROBE);
	CHECK_STR(plan[WR_HOOK_XE_PUT].why, "fentry programs failed to load (Invalid argument): "
		  "kprobe, by xe:xe_pm_runtime_put");
	CHECK_EQ_U64(plan[WR_HOOK_I915_DISP_PUT].mode, WR_MODE_NONE);	/* fentry only */
	CHECK_STR(logged(), "wakeref: the BPF programs failed to load: Invalid argument; trying "
		  "kprobes\n");
	teardown();

	/* no kprobes, no tracepoint: nothing to try */
	setup(WR_FEAT_OWNERS, (struct wr_plan_opts){ .no_kprobe = true }, WR_TP_ABSENT);
	CHECK_EQ_U64(attach_plan__load_failed(plan, NULL, -EPERM), WR_NEXT_FAIL);
	CHECK_STR(logged(), "wakeref: the BPF programs failed to load: Operation not permitted "
		  "(CO-RE against a module's types needs CAP_SYS_ADMIN besides CAP_BPF and "
		  "CAP_PERFMON: libbpf opens the kernel's BTF objects by id; or a lockdown "
		  "policy)\n");
	teardown();
}

/* A failed load drops the optional rows first (the userfault lists at attach): fentry stays. */
static void failed_load_drops_optional_rows_first(void)
{
	setup(WR_FEAT_OWNERS | WR_FEAT_USERFAULT, (struct wr_plan_opts){ 0 }, WR_TP_OK);
	CHECK_EQ_U64(plan[WR_HOOK_UF_I915_LISTED].mode, WR_MODE_FENTRY);
	CHECK_EQ_U64(attach_plan__load_failed(plan, NULL, -EINVAL), WR_NEXT_RELOAD);
	CHECK_EQ_U64(plan[WR_HOOK_UF_I915_LISTED].mode, WR_MODE_NONE);
	CHECK_EQ_U64(plan[WR_HOOK_UF_XE_LISTED].mode, WR_MODE_NONE);
	CHECK_STR(plan[WR_HOOK_UF_XE_LISTED].why, "the BPF programs failed to load (Invalid "
		  "argument): loaded again without uf_xe_listed");
	CHECK_EQ_U64(plan[WR_HOOK_I915_DISP_PUT].mode, WR_MODE_FENTRY);
	CHECK_EQ_U64(plan[WR_HOOK_UF_XE_GEM_FAULT].mode, WR_MODE_FEXIT);
	CHECK_STR(logged(), "wakeref: the BPF programs failed to load: Invalid argument; trying "
		  "without the optional ones\n");
	teardown();

	/* failing again without them: then the rest falls back */
	setup(WR_FEAT_OWNERS | WR_FEAT_USERFAULT, (struct wr_plan_opts){ 0 }, WR_TP_OK);
	CHECK_EQ_U64(attach_plan__load_failed(plan, NULL, -EINVAL), WR_NEXT_RELOAD);
	CHECK_EQ_U64(attach_plan__load_failed(plan, NULL, -EINVAL), WR_NEXT_RELOAD);
	CHECK_EQ_U64(plan[WR_HOOK_XE_PUT].mode, WR_MODE_KPROBE);
	teardown();
}

/* The -v lines the guest tests read ("wakeref: attached ..."), for each mode. */
static void attached_rows_are_described(void)
{
	static const struct {
		enum wr_hook hook;
		const char *module;
		enum wr_mode mode;
		const char *line;
	} rows[] = {
		{ WR_HOOK_I915_RPM_GET, "wakeref_sim", WR_MODE_KRETPROBE,
		  "wr_kprobe+wr_kretprobe to wakeref_sim:intel_runtime_pm_get as kretprobe" },
		{ WR_HOOK_XE_PUT, "wakeref_sim", WR_MODE_KPROBE,
		  "wr_kprobe to wakeref_sim:xe_pm_runtime_put as kprobe" },
		{ WR_HOOK_PM_RESUME, "vmlinux", WR_MODE_KPROBE,
		  "wr_learn to vmlinux:__pm_runtime_resume as kprobe" },
		{ WR_HOOK_XE_GET, "wakeref_sim", WR_MODE_TRACEPOINT,
		  "wr_tp_rpm to xe:xe_pm_runtime_get as tracepoint" },
		{ WR_HOOK_SVM_XE_INIT, "wakeref_sim", WR_MODE_FEXIT,
		  "svm_xe_init to wakeref_sim:xe_svm_init as fexit" },
		{ WR_HOOK_I915_RPM_PUT_RAW, "i915", WR_MODE_FENTRY,
		  "i915_rpm_put_raw to i915:intel_runtime_pm_put_raw as fentry" },
	};
	char line[256], target[160];
	size_t i;

	fake_plan(plan, WR_TP_OK);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct wr_ap_resolved *r = &plan[rows[i].hook];

		snprintf(r->module, sizeof(r->module), "%s", rows[i].module);
		r->mode = rows[i].mode;
		attach_plan__describe(r, line, sizeof(line));
		CHECK_STR(line, rows[i].line);
	}
	/* a kprobe on vmlinux takes the bare name */
	attach_plan__kprobe_target(&plan[WR_HOOK_PM_RESUME], target, sizeof(target));
	CHECK_STR(target, "__pm_runtime_resume");
	attach_plan__kprobe_target(&plan[WR_HOOK_XE_PUT], target, sizeof(target));
	CHECK_STR(target, "wakeref_sim:xe_pm_runtime_put");
}

/*
 * Object rows go by kprobe (a return value by kretprobe), never by fentry;
 * a container_of row needs its member's offset; no kprobes, no objects.
 */
static void object_rows_go_by_kprobe(void)
{
	struct wr_plan_opts o = {};

	setup(0, o, WR_TP_OK);
	CHECK_EQ_U64(plan[WR_HOOK_OBJ_XE_JOB_CREATE].mode, WR_MODE_KRETPROBE);
	CHECK_STR(attach_plan__prog(wr_hooks + WR_HOOK_OBJ_XE_JOB_CREATE, WR_MODE_KRETPROBE, true),
		  "wr_kretprobe");
	CHECK_EQ_U64(plan[WR_HOOK_OBJ_XE_DMA_BUF_DETACH].mode, WR_MODE_KPROBE);
	/* fake_plan resolves no BTF offsets: 0 is an offset, -ENOENT is none */
	teardown();
	fake_plan(plan, WR_TP_OK);
	plan[WR_HOOK_OBJ_XE_JOB_DESTROY].obj_off = -2;
	attach_plan__choose(plan, &o);
	CHECK_EQ_U64(plan[WR_HOOK_OBJ_XE_JOB_DESTROY].mode, WR_MODE_NONE);
	CHECK_CONTAINS(plan[WR_HOOK_OBJ_XE_JOB_DESTROY].why, "no struct xe_sched_job member "
		       "refcount");
	o.no_kprobe = true;
	fake_plan(plan, WR_TP_OK);
	attach_plan__choose(plan, &o);
	CHECK_EQ_U64(plan[WR_HOOK_OBJ_XE_JOB_CREATE].mode, WR_MODE_NONE);
	CHECK_CONTAINS(plan[WR_HOOK_OBJ_XE_JOB_CREATE].why, "pair by class");
	/* the rpm rows themselves are unchanged by --no-kprobe's object rows */
	CHECK_EQ_U64(plan[WR_HOOK_XE_GET].mode, WR_MODE_FEXIT);
}

/*
 * With kprobe_multi the object rows share one link each way and its
 * program, no second one; they stay there only where a trampoline already
 * holds their module (or in vmlinux): a module traced by kprobes alone must
 * stay unloadable.
 */
static void object_rows_share_a_multi_link_where_held(void)
{
	struct wr_plan_opts o = { .kprobe_multi = true };
	struct wr_ap_resolved *get = &plan[WR_HOOK_OBJ_XE_JOB_CREATE];
	struct wr_ap_resolved *put = &plan[WR_HOOK_OBJ_XE_DMA_BUF_DETACH];
	char line[256];
	int i;

	fake_plan(plan, WR_TP_OK);
	attach_plan__choose(plan, &o);
	CHECK(get->multi && put->multi);
	CHECK(!plan[WR_HOOK_XE_GET].multi);
	CHECK_STR(attach_plan__row_prog(get, false), "wr_objret_multi");
	CHECK_STR(attach_plan__row_prog(put, false), "wr_obj_multi");
	CHECK(!attach_plan__has_return(get));
	attach_plan__describe(get, line, sizeof(line));
	CHECK_STR(line, "wr_objret_multi to xe:xe_sched_job_create as kretprobe");
	/* xe's get and put rows are fexit/fentry: xe is held, the rows stay */
	attach_plan__multi_where_held(plan);
	CHECK(get->multi && put->multi);
	/* no trampoline on xe (its rows by kprobe): a link each, xe unloadable */
	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (!strcmp(plan[i].module, "xe") && plan[i].mode != WR_MODE_NONE &&
		    !attach_plan__is_kprobe(plan[i].mode))
			plan[i].mode = WR_MODE_KPROBE;
	attach_plan__multi_where_held(plan);
	CHECK(!get->multi && !put->multi);
	CHECK_STR(attach_plan__row_prog(get, true), "wr_kretprobe");
	CHECK(attach_plan__has_return(get));
	/* in vmlinux, held or not */
	snprintf(put->module, sizeof(put->module), "vmlinux");
	put->multi = true;
	attach_plan__multi_where_held(plan);
	CHECK(put->multi);
	/* without the option, never */
	o.kprobe_multi = false;
	fake_plan(plan, WR_TP_OK);
	attach_plan__choose(plan, &o);
	CHECK(!get->multi && !put->multi);
}

/*
 * A plan guessed from BTF is kept when kallsyms gives every row the same
 * programs: mode, module, member offset; the words may differ.
 */
static void guessed_rows_compare_by_programs(void)
{
	struct wr_ap_resolved guess[WR_HOOK__COUNT], real[WR_HOOK__COUNT];
	struct wr_plan_opts o = { 0 };
	struct wr_ap_resolved *g = &guess[WR_HOOK_XE_GET], *r = &real[WR_HOOK_XE_GET];

	fake_plan(guess, WR_TP_OK);
	attach_plan__choose(guess, &o);
	memcpy(real, guess, sizeof(real));
	r->nr_modules = 2;
	snprintf(r->why, sizeof(r->why), "other words");
	CHECK(attach_plan__same_row(g, r));
	snprintf(r->module, sizeof(r->module), "wakeref_sim");
	CHECK(!attach_plan__same_row(g, r));
	*r = *g;
	r->obj_off = g->obj_off + 8;
	CHECK(!attach_plan__same_row(g, r));
	*r = *g;
	r->mode = WR_MODE_KPROBE;
	CHECK(!attach_plan__same_row(g, r));
	/* untraced either way: where BTF guessed it does not matter */
	g->mode = r->mode = WR_MODE_NONE;
	snprintf(g->module, sizeof(g->module), "vmlinux");
	CHECK(attach_plan__same_row(g, r));
}

UNIT_MAIN("plan", T(guessed_rows_compare_by_programs), T(object_rows_go_by_kprobe),
	  T(object_rows_share_a_multi_link_where_held), T(refused_attaches_move_down_the_order), T(refusing_kprobes_moves_every_row),
	  T(one_refused_kprobe_moves_its_row_only), T(failed_load_falls_back_to_kprobes),
	  T(failed_load_drops_optional_rows_first),
	  T(attached_rows_are_described))
