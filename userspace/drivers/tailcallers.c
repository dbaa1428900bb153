// SPDX-License-Identifier: GPL-2.0
/*
 * tailcallers.c - driver functions whose put is a tail jump
 * ("jmp intel_runtime_pm_put_unchecked", "jmp xe_pm_runtime_put") and that
 * are reached through a pointer (a work function, an ops table, a timer) or
 * by another tail jump, on the shipping kernels `doctor --callgraph` reads.
 *
 * The put has no frame of such a function, and the call before the put's
 * return address is an indirect call (or names the function that jumped
 * to it): repair_tail() (bpf/wr_unwind.bpf.h) cannot put it back.  The
 * tracer attaches an empty fexit program to each (bpf/wr_tailcall.bpf.h):
 * the trampoline then calls the function, so the put's return address
 * follows the trampoline's direct call of it, which repair_tail() reads
 * like any caller's.  Exact, per call, with no state kept.  A foo.cold
 * part runs in foo's frame: foo's trampoline covers its tail jumps too.
 *
 * One row per function that takes a wakeref and tail-jumps to its put (the
 * pair is then the function's own), or that releases what another took and
 * that a declared pair of drivers/pairs.c names (its frame is what the pair
 * needs); one that only releases, with no declared pair, would gain nothing.
 * Names absent from the running kernel are skipped at attach.
 * tools/callgraph-test.sh checks that each kernel's unhandled list knows the
 * rest; a new tail caller shows there, with doctor's reason.
 */
#include <string.h>

#include "drivers/tailcallers.h"

const struct wr_tail_caller wr_tail_callers[] = {
	/* i915 */
	{ "i915", "do_sched_disable" },		/* jumped to by guc_context_sched_disable */
	{ "i915", "gen6_alloc_va_range" },	/* vm->allocate_va_range */
	{ "i915", "gsc_work" },			/* work */
	{ "i915", "guc_context_revoke" },	/* ce->ops->revoke */
	{ "i915", "guc_context_sched_disable" },	/* ce->ops->sched_disable (6.1) */
	{ "i915", "guc_log_copy_debuglogs_for_relay" },	/* jumped to by its callers */
	{ "i915", "i915_ttm_unmap_virtual" },	/* obj->ops->unmap_virtual */
	{ "i915", "intel_pxp_resume_complete" },	/* jumped to by i915_pm_complete */
	{ "i915", "intel_wedge_me" },		/* delayed work */
	{ "i915", "pxp_session_work" },		/* work */
	{ "i915", "set_wedged_work" },		/* work; jumped to by intel_wedge_me */
	/* xe */
	{ "xe", "__guc_exec_queue_destroy_async" },	/* work */
	{ "xe", "__guc_exec_queue_fini_async" },	/* work */
	{ "xe", "ggtt_node_remove_work_func" },	/* work */
	/*
	 * the audio component's put_power op (6.12: HDA calls it through
	 * i915_audio_component_ops): a put-only wrapper that jumps to
	 * intel_display_power_put_unchecked; i915's is called directly too
	 */
	{ "xe", "i915_audio_component_put_power" },
	{ "xe", "gsc_work" },			/* work; its .cold part jumps too (7.x) */
	{ "xe", "pxp_events_work" },		/* work (7.x) */
	{ "xe", "pxp_irq_work" },		/* work (6.18) */
	{ "xe", "xe_devcoredump_deferred_snap_work" },	/* work */
	{ "xe", "xe_guc_ct_fast_path" },	/* jumped to by xe_guc_irq_handler */
	{ "xe", "xe_shrinker_pm" },		/* jumped to from the shrinker's ops */
	{ "xe", "xe_sysctrl_work" },		/* work (7.x) */
	/* xe, the put side of a declared pair */
	{ "xe", "gt_reset_worker" },		/* gt-reset: work */
	{ "xe", "intel_power_domains_enable" },	/* display-init: jumped to (6.12-6.18) */
	{ "xe", "pf_fini_action" },		/* sriov-restart: devm action (6.18+) */
	{ "xe", "xe_device_wedged_fini" },	/* wedged: drmm action */
	{ "xe", "xe_late_bind_work" },		/* late-bind: work (7.x) */
	{ "xe", "xe_svm_devmem_release" },	/* svm-devmem: drm_pagemap ops (6.18+) */
};

const size_t wr_nr_tail_callers = sizeof(wr_tail_callers) / sizeof(wr_tail_callers[0]);

bool tailcallers__traced(const char *module, const char *func)
{
	size_t i;

	for (i = 0; i < wr_nr_tail_callers; i++)
		if ((!module || !strcmp(module, wr_tail_callers[i].module)) &&
		    !strcmp(func, wr_tail_callers[i].func))
			return true;
	return false;
}
