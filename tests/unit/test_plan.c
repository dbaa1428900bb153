// SPDX-License-Identifier: GPL-2.0
/*
 * The fallback order after a failure (attach/plan.c): what the plan does
 * with a row whose attach failed, or when the object failed to load, what
 * it tells the tracer to do next, and what it says.
 */
#include <errno.h>
#include <stdlib.h>

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

static void refused_fexit_falls_back_to_its_kprobe(void)
{
	setup(WR_FEAT_OWNERS, (struct wr_plan_opts){ 0 }, WR_TP_OK);
	CHECK_EQ_U64(plan[WR_HOOK_I915_RPM_GET].mode, WR_MODE_FEXIT);
	CHECK_EQ_U64(attach_plan__attach_failed(plan, WR_HOOK_I915_RPM_GET, -EINVAL),
		     WR_NEXT_RELOAD);
	CHECK_EQ_U64(plan[WR_HOOK_I915_RPM_GET].mode, WR_MODE_KRETPROBE);
	CHECK_STR(plan[WR_HOOK_I915_RPM_GET].why, "fexit refused at attach (Invalid argument): "
		  "kprobe, by i915:intel_runtime_pm_get");
	CHECK_STR(logged(), "wakeref: intel_runtime_pm_get [i915]: fexit refused at attach "
		  "(Invalid argument)\n");
	teardown();
}

/* A view's row has no fallback: it is not traced, the others go on. */
static void refused_view_row_is_skipped(void)
{
	setup(WR_FEAT_USERFAULT, (struct wr_plan_opts){ 0 }, WR_TP_OK);
	CHECK_EQ_U64(plan[WR_HOOK_UF_XE_GEM_FAULT].mode, WR_MODE_FEXIT);
	CHECK_EQ_U64(attach_plan__attach_failed(plan, WR_HOOK_UF_XE_GEM_FAULT, -E2BIG),
		     WR_NEXT_SKIP);
	CHECK_EQ_U64(plan[WR_HOOK_UF_XE_GEM_FAULT].mode, WR_MODE_NONE);
	CHECK_STR(plan[WR_HOOK_UF_XE_GEM_FAULT].why, "fexit refused at attach (Argument list too "
		  "long), and no fallback");
	CHECK_STR(logged(), "wakeref: xe_gem_fault [xe]: fexit refused at attach (Argument list "
		  "too long)\nwakeref: xe_gem_fault is not traced: userfault\n");
	teardown();
}

/* EPERM: no kprobe can be used, every kprobe row moves to its tracepoint or to none. */
static void kprobes_refused_everywhere(void)
{
	setup(WR_FEAT_OWNERS, (struct wr_plan_opts){ .no_fentry = true }, WR_TP_OK);
	CHECK_EQ_U64(plan[WR_HOOK_XE_PUT].mode, WR_MODE_KPROBE);
	CHECK_EQ_U64(attach_plan__attach_failed(plan, WR_HOOK_XE_PUT, -EPERM), WR_NEXT_RELOAD);
	CHECK_EQ_U64(plan[WR_HOOK_XE_PUT].mode, WR_MODE_TRACEPOINT);
	CHECK_EQ_U64(plan[WR_HOOK_XE_GET].mode, WR_MODE_TRACEPOINT);
	CHECK_EQ_U64(plan[WR_HOOK_I915_RPM_GET].mode, WR_MODE_NONE);
	CHECK_STR(plan[WR_HOOK_I915_RPM_GET].why, "kprobes refused at attach (Operation not "
		  "permitted), and no tracepoint");
	CHECK_STR(logged(), "wakeref: a kprobe on xe_pm_runtime_put [xe] was refused (Operation "
		  "not permitted): no kprobes, tracepoints where rows have one\n");
	teardown();

	/* ... and with no tracepoint either, nothing is left */
	setup(WR_FEAT_OWNERS, (struct wr_plan_opts){ .no_fentry = true }, WR_TP_ABSENT);
	CHECK_EQ_U64(attach_plan__attach_failed(plan, WR_HOOK_XE_PUT, -EPERM), WR_NEXT_FAIL);
	teardown();
}

/* Another error is this function's: only its row moves, to its tracepoint if it has one. */
static void one_refused_kprobe_moves_its_row(void)
{
	setup(WR_FEAT_OWNERS, (struct wr_plan_opts){ .no_fentry = true }, WR_TP_OK);
	CHECK_EQ_U64(attach_plan__attach_failed(plan, WR_HOOK_XE_PUT, -ENOENT), WR_NEXT_RELOAD);
	CHECK_EQ_U64(plan[WR_HOOK_XE_PUT].mode, WR_MODE_TRACEPOINT);
	CHECK_EQ_U64(plan[WR_HOOK_XE_GET].mode, WR_MODE_KRETPROBE);
	CHECK_STR(plan[WR_HOOK_XE_PUT].why, "no fentry, kprobe refused at attach (No such file "
		  "or directory): tracepoint xe:xe_pm_runtime_put");
	CHECK_STR(logged(), "wakeref: cannot attach a kprobe to xe_pm_runtime_put [xe]: No such "
		  "file or directory; using tracepoint xe:xe_pm_runtime_put\n");
	CHECK_EQ_U64(attach_plan__attach_failed(plan, WR_HOOK_I915_RPM_PUT_RAW, -ENOENT),
		     WR_NEXT_FAIL);
	CHECK_CONTAINS(logged(), "wakeref: cannot attach a kprobe to intel_runtime_pm_put_raw "
		       "[i915]: No such file or directory\n");
	teardown();
}

static void tracepoint_is_the_last_resort(void)
{
	setup(WR_FEAT_OWNERS, (struct wr_plan_opts){ .no_fentry = true, .no_kprobe = true },
	      WR_TP_OK);
	CHECK_EQ_U64(plan[WR_HOOK_XE_PUT].mode, WR_MODE_TRACEPOINT);
	CHECK_EQ_U64(attach_plan__attach_failed(plan, WR_HOOK_XE_PUT, -ENOENT), WR_NEXT_FAIL);
	CHECK_EQ_U64(plan[WR_HOOK_XE_PUT].mode, WR_MODE_TRACEPOINT);
	CHECK_STR(logged(), "wakeref: cannot attach wr_tp_rpm to tracepoint xe:xe_pm_runtime_put: "
		  "No such file or directory (is tracefs mounted on /sys/kernel/tracing?)\n");
	teardown();
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
		  "(root, CAP_BPF+CAP_PERFMON, or a lockdown policy?)\n");
	teardown();
}

UNIT_MAIN("plan", T(refused_fexit_falls_back_to_its_kprobe), T(refused_view_row_is_skipped),
	  T(kprobes_refused_everywhere), T(one_refused_kprobe_moves_its_row),
	  T(tracepoint_is_the_last_resort), T(failed_load_falls_back_to_kprobes))
