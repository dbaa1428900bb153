// SPDX-License-Identifier: GPL-2.0
/*
 * pairs.c - declared asynchronous pairs: gets and puts the drivers make in
 * different functions by design (pairs.h).  Each class names both sides
 * with the drivers' real function names; drivers/README.md says where each
 * comes from.
 */
#include <stddef.h>

#include "drivers/pairs.h"

enum {
	/* i915 */
	PAIR_GT_PARK = 1,	/* __gt_unpark's display power, released by __gt_park */
	PAIR_GT_WAKEREF,	/* GT/engine wakeref: first get ... last put */
	PAIR_DISPLAY_ASYNC,	/* raw wakeref of an async display put ... its work */
	PAIR_WAKEREF_AUTO,	/* userfault timer: intel_wakeref_auto ... timeout */
	PAIR_DISPLAY_INIT,	/* power domains' init/disable wakerefs */
	PAIR_DISPLAY,		/* display power domain get ... put */
	PAIR_ATOMIC_COMMIT,	/* intel_atomic_commit ... its commit tail (work) */
	PAIR_VMA_RESOURCE,	/* vma resource unbind ... unhold */
	PAIR_PXP_PROTO_CTX,	/* protected proto-context ... its close */
	PAIR_PXP_CTX,		/* protected context ... its release work or invalidation */
	/* xe */
	PAIR_XE_G2H,		/* GuC CT G2H credits: first reserve ... last release */
	PAIR_XE_TLB_FENCE,	/* TLB invalidation fence init ... signal */
	PAIR_XE_TLB_JOB,	/* TLB invalidation job create ... destroy */
	PAIR_XE_SCHED_JOB,	/* job create ... destroy (free_job work) */
	PAIR_XE_QUEUE_MSG,	/* exec-queue message add ... processed */
	PAIR_XE_GT_RESET,	/* GT reset queued ... its worker */
	PAIR_XE_SRIOV_RESTART,	/* PF restart queued ... its worker */
	PAIR_XE_VM_LR,		/* long-running VM create ... its destroy work */
	PAIR_XE_DMA_BUF,	/* dma-buf attach ... detach */
	PAIR_XE_WEDGED,		/* device declared wedged ... drmm release */
	PAIR_XE_OA,		/* OA stream open ... destroy */
	PAIR_XE_FORCEWAKE,	/* debugfs forcewake_all open ... release */
	PAIR_XE_EU_STALL,	/* EU stall sampling enable ... disable */
	PAIR_XE_PMU,		/* perf event init ... destroy */
	PAIR_XE_PXP_QUEUE,	/* PXP exec queue add ... remove or invalidation */
	PAIR_XE_SVM_DEVMEM,	/* SVM VRAM populate ... devmem release */
	PAIR_XE_LATE_BIND,	/* late-bind firmware load queued ... its work */
	PAIR__COUNT
};

static const struct {
	const char *name;
	bool fifo;
	const char *built_with;	/* in the module exactly when the class's code is */
	const char *why;	/* what a build without it never reaches */
} classes[PAIR__COUNT] = {
	[PAIR_GT_PARK] = { "gt-unpark/park" },
	[PAIR_GT_WAKEREF] = { "gt-wakeref" },
	/* the work puts the older slot first (its own new reference last) */
	[PAIR_DISPLAY_ASYNC] = { "display-async-put", true },
	[PAIR_WAKEREF_AUTO] = { "userfault-wakeref-auto", true },
	[PAIR_DISPLAY_INIT] = { "display-init" },
	[PAIR_DISPLAY] = { "display-power" },
	[PAIR_ATOMIC_COMMIT] = { "atomic-commit", true },
	[PAIR_VMA_RESOURCE] = { "vma-resource", true },
	/*
	 * Without CONFIG_DRM_I915_PXP (Debian 6.1) intel_pxp.h makes
	 * intel_pxp_is_enabled() false: proto_context_set_protected() fails
	 * before its get, so no proto-context's pxp_wakeref is ever set, and
	 * proto_context_close()'s "if (pc->pxp_wakeref)" put never runs.
	 */
	[PAIR_PXP_PROTO_CTX] = { "pxp-proto-context", false, "intel_pxp_start",
				 "without CONFIG_DRM_I915_PXP no proto-context takes a pxp_wakeref" },
	[PAIR_PXP_CTX] = { "pxp-context" },
	[PAIR_XE_G2H] = { "guc-ct-g2h-credits" },
	[PAIR_XE_TLB_FENCE] = { "tlb-invalidation-fence", true },
	[PAIR_XE_TLB_JOB] = { "tlb-invalidation-job", true },
	[PAIR_XE_SCHED_JOB] = { "sched-job", true },
	[PAIR_XE_QUEUE_MSG] = { "exec-queue-msg", true },
	[PAIR_XE_GT_RESET] = { "gt-reset" },
	[PAIR_XE_SRIOV_RESTART] = { "sriov-pf-restart" },
	[PAIR_XE_VM_LR] = { "lr-vm" },
	[PAIR_XE_DMA_BUF] = { "dma-buf-attach" },
	[PAIR_XE_WEDGED] = { "wedged" },
	[PAIR_XE_OA] = { "oa-stream" },
	[PAIR_XE_FORCEWAKE] = { "debugfs-forcewake" },
	[PAIR_XE_EU_STALL] = { "eu-stall" },
	[PAIR_XE_PMU] = { "pmu-event" },
	[PAIR_XE_PXP_QUEUE] = { "pxp-queue" },
	[PAIR_XE_SVM_DEVMEM] = { "svm-devmem" },
	/*
	 * Without CONFIG_INTEL_MEI_LB (Debian 6.18) xe_late_bind_init() only
	 * logs: the work is never initialised (xe_late_bind_work is compiled
	 * out) and component_added never set, so xe_late_bind_fw_load()
	 * returns -ENODEV before its get.
	 */
	[PAIR_XE_LATE_BIND] = { "late-bind", false, "xe_late_bind_work",
				"without CONFIG_INTEL_MEI_LB xe_late_bind_fw_load() returns "
				"before its get" },
};

#define GET_API(c, f, w)	{ c, WR_SIDE_GET, f, NULL, w }
#define PUT_API(c, f, w)	{ c, WR_SIDE_PUT, f, NULL, w }
#define GET_BY(c, f, w)		{ c, WR_SIDE_GET, NULL, f, w }
#define PUT_BY(c, f, w)		{ c, WR_SIDE_PUT, NULL, f, w }

const struct wr_declared_pair wr_declared_pairs[] = {
	GET_BY(PAIR_GT_PARK, "__gt_unpark", "GT unpark takes display power"),
	PUT_BY(PAIR_GT_PARK, "__gt_park", "GT park puts it back (async)"),
	GET_API(PAIR_GT_WAKEREF, "__intel_wakeref_get_first", "first GT get"),
	PUT_API(PAIR_GT_WAKEREF, "____intel_wakeref_put_last", "last GT put"),
	PUT_API(PAIR_GT_WAKEREF, "__intel_wakeref_put_last", "last GT put"),
	PUT_API(PAIR_GT_WAKEREF, "__intel_wakeref_put_work", "async last GT put"),
	/*
	 * The async display put: its raw wakeref is taken by the put, by the
	 * work when it requeues itself, and released by the work, a flush, or
	 * a display get that takes the pending domain back (the grab).
	 */
	GET_API(PAIR_DISPLAY_ASYNC, "__intel_display_power_put_async",
		"raw wakeref kept for a delayed display put"),
	GET_API(PAIR_DISPLAY_ASYNC, "intel_display_power_put_async_work",
		"the work requeued, on a raw wakeref of its own"),
	PUT_API(PAIR_DISPLAY_ASYNC, "intel_display_power_put_async_work", "the delayed put's work"),
	PUT_API(PAIR_DISPLAY_ASYNC, "intel_display_power_flush_work",
		"a flush runs the delayed put"),
	PUT_API(PAIR_DISPLAY_ASYNC, "intel_display_power_grab_async_put_ref",
		"a get takes the pending domain back"),
	PUT_API(PAIR_DISPLAY_ASYNC, "cancel_async_put_work", "the pending put cancelled"),
	PUT_API(PAIR_DISPLAY_ASYNC, "intel_display_power_get",
		"a put inside a display get: the grab, inlined"),
	PUT_API(PAIR_DISPLAY_ASYNC, "intel_display_power_get_if_enabled", ""),
	PUT_API(PAIR_DISPLAY_ASYNC, "intel_display_power_get_in_set", ""),
	PUT_API(PAIR_DISPLAY_ASYNC, "intel_display_power_get_in_set_if_enabled", ""),
	/* userfault wakeref: armed by a fault, ended by its timer, a cancel or fini */
	GET_API(PAIR_WAKEREF_AUTO, "intel_wakeref_auto", "userfault wakeref"),
	PUT_API(PAIR_WAKEREF_AUTO, "wakeref_auto_timeout", "its timer"),
	PUT_API(PAIR_WAKEREF_AUTO, "intel_wakeref_auto", "cancelled (timeout 0)"),
	PUT_API(PAIR_WAKEREF_AUTO, "intel_wakeref_auto_fini", "at driver release"),
	/* POWER_DOMAIN_INIT: taken at init/disable/resume, given back at enable/suspend/remove */
	GET_BY(PAIR_DISPLAY_INIT, "intel_power_domains_init_hw", "init power domain"),
	GET_BY(PAIR_DISPLAY_INIT, "intel_power_domains_disable", ""),
	GET_BY(PAIR_DISPLAY_INIT, "intel_power_domains_resume", ""),
	PUT_BY(PAIR_DISPLAY_INIT, "intel_power_domains_enable", ""),
	PUT_BY(PAIR_DISPLAY_INIT, "intel_power_domains_suspend", ""),
	PUT_BY(PAIR_DISPLAY_INIT, "intel_power_domains_driver_remove", ""),
	/* 7.x: the same, named after the display power code they moved to */
	GET_BY(PAIR_DISPLAY_INIT, "__intel_display_power_init_hw", ""),
	GET_BY(PAIR_DISPLAY_INIT, "intel_display_power_disable", ""),
	GET_BY(PAIR_DISPLAY_INIT, "intel_display_power_resume_early", ""),
	PUT_BY(PAIR_DISPLAY_INIT, "intel_display_power_enable", ""),
	PUT_BY(PAIR_DISPLAY_INIT, "intel_display_power_suspend_late", ""),
	PUT_BY(PAIR_DISPLAY_INIT, "intel_display_power_driver_remove", ""),
	GET_API(PAIR_DISPLAY, "intel_display_power_get", "display power get"),
	GET_API(PAIR_DISPLAY, "intel_display_power_get_if_enabled", ""),
	GET_API(PAIR_DISPLAY, "intel_display_power_get_in_set", ""),
	GET_API(PAIR_DISPLAY, "intel_display_power_get_in_set_if_enabled", ""),
	PUT_API(PAIR_DISPLAY, "intel_display_power_put_unchecked", "display put"),
	PUT_API(PAIR_DISPLAY, "intel_display_power_put", ""),
	PUT_API(PAIR_DISPLAY, "intel_display_power_put_mask_in_set", ""),
	PUT_API(PAIR_DISPLAY, "__intel_display_power_put_async", "async display put"),
	GET_BY(PAIR_ATOMIC_COMMIT, "intel_atomic_commit", "atomic commit"),
	PUT_BY(PAIR_ATOMIC_COMMIT, "intel_atomic_commit_tail", "its commit tail"),
	GET_BY(PAIR_VMA_RESOURCE, "i915_vma_resource_unbind", "GGTT unbind"),
	PUT_BY(PAIR_VMA_RESOURCE, "__i915_vma_resource_unhold", "resource unheld"),
	PUT_BY(PAIR_VMA_RESOURCE, "i915_vma_resource_unhold", ""),
	GET_BY(PAIR_PXP_PROTO_CTX, "proto_context_set_protected", "protected proto-context"),
	GET_BY(PAIR_PXP_PROTO_CTX, "set_proto_ctx_param", ""),
	PUT_BY(PAIR_PXP_PROTO_CTX, "proto_context_close", ""),
	GET_BY(PAIR_PXP_CTX, "i915_gem_create_context", "protected context"),
	PUT_BY(PAIR_PXP_CTX, "i915_gem_context_release_work", ""),
	PUT_BY(PAIR_PXP_CTX, "intel_pxp_invalidate", ""),
	/* xe */
	GET_BY(PAIR_XE_G2H, "guc_ct_send_locked", "first G2H credit reserved"),
	GET_BY(PAIR_XE_G2H, "__g2h_reserve_space", ""),
	GET_BY(PAIR_XE_G2H, "g2h_reserve_space", ""),
	PUT_BY(PAIR_XE_G2H, "__g2h_release_space", "last G2H credit released (IRQ)"),
	PUT_BY(PAIR_XE_G2H, "guc_ct_change_state", "credits dropped on a state change"),
	PUT_BY(PAIR_XE_G2H, "guc_action_disable_ct", ""),
	PUT_BY(PAIR_XE_G2H, "xe_guc_ct_stop", ""),
	PUT_BY(PAIR_XE_G2H, "xe_guc_ct_disable", ""),
	PUT_BY(PAIR_XE_G2H, "xe_guc_ct_enable", ""),
	PUT_BY(PAIR_XE_G2H, "xe_guc_ct_init", ""),
	PUT_BY(PAIR_XE_G2H, "xe_guc_ct_init_post_hwconfig", ""),
	GET_BY(PAIR_XE_TLB_FENCE, "xe_gt_tlb_invalidation_fence_init", "TLB invalidation"),
	GET_BY(PAIR_XE_TLB_FENCE, "xe_tlb_inval_fence_init", ""),
	PUT_BY(PAIR_XE_TLB_FENCE, "__invalidation_fence_signal", "its fence signalled"),
	PUT_BY(PAIR_XE_TLB_FENCE, "xe_tlb_inval_fence_signal", ""),
	GET_BY(PAIR_XE_TLB_JOB, "xe_tlb_inval_job_create", "TLB invalidation job"),
	PUT_BY(PAIR_XE_TLB_JOB, "xe_tlb_inval_job_destroy", ""),
	GET_BY(PAIR_XE_SCHED_JOB, "xe_sched_job_create", "a job"),
	PUT_BY(PAIR_XE_SCHED_JOB, "xe_sched_job_destroy", "the job freed"),
	GET_BY(PAIR_XE_QUEUE_MSG, "guc_exec_queue_add_msg", "exec-queue message"),
	PUT_BY(PAIR_XE_QUEUE_MSG, "guc_exec_queue_process_msg", "processed"),
	GET_BY(PAIR_XE_GT_RESET, "xe_gt_reset_async", "GT reset queued"),
	PUT_BY(PAIR_XE_GT_RESET, "gt_reset_worker", ""),
	PUT_BY(PAIR_XE_GT_RESET, "xe_gt_fini", ""),
	PUT_BY(PAIR_XE_GT_RESET, "xe_gt_init", ""),
	GET_BY(PAIR_XE_SRIOV_RESTART, "xe_gt_sriov_pf_restart", "PF restart queued"),
	PUT_BY(PAIR_XE_SRIOV_RESTART, "pf_worker_restart_func", ""),
	PUT_BY(PAIR_XE_SRIOV_RESTART, "xe_gt_sriov_pf_stop_prepare", ""),
	PUT_BY(PAIR_XE_SRIOV_RESTART, "pf_fini_action", ""),
	PUT_BY(PAIR_XE_SRIOV_RESTART, "xe_gt_sriov_pf_init", ""),
	GET_BY(PAIR_XE_VM_LR, "xe_vm_create", "long-running VM"),
	PUT_BY(PAIR_XE_VM_LR, "vm_destroy_work_func", ""),
	GET_BY(PAIR_XE_DMA_BUF, "xe_dma_buf_attach", "dma-buf attached"),
	PUT_BY(PAIR_XE_DMA_BUF, "xe_dma_buf_detach", ""),
	GET_BY(PAIR_XE_WEDGED, "xe_device_declare_wedged", "device wedged"),
	/* 7.x PCI error recovery wedges the device the same way (xe_pci_error.c) */
	GET_BY(PAIR_XE_WEDGED, "prepare_device_for_reset", "wedged for a PCI slot reset"),
	PUT_BY(PAIR_XE_WEDGED, "xe_device_wedged_fini", ""),
	GET_BY(PAIR_XE_OA, "xe_oa_stream_open_ioctl", "OA stream"),
	PUT_BY(PAIR_XE_OA, "xe_oa_stream_destroy", ""),
	GET_BY(PAIR_XE_FORCEWAKE, "forcewake_open", "debugfs forcewake_all"),
	PUT_BY(PAIR_XE_FORCEWAKE, "forcewake_release", ""),
	GET_BY(PAIR_XE_EU_STALL, "xe_eu_stall_stream_ioctl", "EU stall sampling"),
	PUT_BY(PAIR_XE_EU_STALL, "xe_eu_stall_disable_locked", ""),
	GET_BY(PAIR_XE_PMU, "xe_pmu_event_init", "perf event"),
	PUT_BY(PAIR_XE_PMU, "xe_pmu_event_destroy", ""),
	GET_BY(PAIR_XE_PXP_QUEUE, "xe_pxp_exec_queue_add", "PXP queue"),
	PUT_BY(PAIR_XE_PXP_QUEUE, "xe_pxp_exec_queue_remove", ""),
	PUT_BY(PAIR_XE_PXP_QUEUE, "pxp_invalidate_queues", ""),
	GET_BY(PAIR_XE_SVM_DEVMEM, "xe_drm_pagemap_populate_mm", "SVM VRAM"),
	PUT_BY(PAIR_XE_SVM_DEVMEM, "xe_svm_devmem_release", ""),
	GET_BY(PAIR_XE_LATE_BIND, "xe_late_bind_fw_load", "late-bind firmware"),
	GET_BY(PAIR_XE_LATE_BIND, "xe_late_bind_init", ""),
	PUT_BY(PAIR_XE_LATE_BIND, "xe_late_bind_work", ""),
};
const int wr_nr_declared_pairs = sizeof(wr_declared_pairs) / sizeof(wr_declared_pairs[0]);

const char *pairs__class_name(int pair_class)
{
	return pair_class > 0 && pair_class < PAIR__COUNT ? classes[pair_class].name : "none";
}

bool pairs__class_fifo(int pair_class)
{
	return pair_class > 0 && pair_class < PAIR__COUNT && classes[pair_class].fifo;
}

const char *pairs__class_built_with(int pair_class, const char **why)
{
	if (pair_class <= 0 || pair_class >= PAIR__COUNT || !classes[pair_class].built_with)
		return NULL;
	if (why)
		*why = classes[pair_class].why;
	return classes[pair_class].built_with;
}

int pairs__nr_classes(void)
{
	return PAIR__COUNT;
}
