// SPDX-License-Identifier: GPL-2.0
/*
 * An xe device's GTs (a primary and a media one, as on MTL and later), each
 * with a GuC whose CT is enabled at probe, and the interrupt that tells the
 * driver a G2H answer is there:
 *
 *   xelp_irq_handler() -> gt_irq_handler() -> xe_guc_irq_handler() (xe_irq.c)
 *
 * run in hard IRQ by the simulation's irq_work (sim_ctx.c).  Quiescing (ctl
 * "reset", unload) does what a GT reset does to outstanding work: the CT
 * stops, dropping its G2H credits and their reference (xe_guc_ct_stop()),
 * unanswered requests are lost, every pending TLB fence signals
 * (xe_gt_tlb_invalidation_reset()); then the CT is enabled again.
 *
 * ctl "g2h DEV NAME [ctx=irq|wq]": the GuC answers its request NAME
 * (sim_xe_guc_fw.c) and raises the interrupt (ctx=irq, the default), or only
 * the G2H worker runs (ctx=wq); the write returns once the worker ran.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/irqreturn.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "sim.h"
#include "sim_xe.h"
#include "sim_xe_gt.h"

struct xe_gt *xe_device_get_gt(struct xe_device *xe, u8 id)
{
	return id < SIM_XE_MAX_GT ? xe->sim_gt[id] : NULL;
}

/* xe_irq.c: the GT's interrupt vectors; the GuC's is the one simulated */
static __sim_frame void gt_irq_handler(struct xe_device *xe, u32 guc_iir[SIM_XE_MAX_GT])
{
	struct xe_gt *gt;
	u8 id;

	for (id = 0; (gt = xe_device_get_gt(xe, id)); id++) {
		if (guc_iir[id])
			xe_guc_irq_handler(&gt->uc.guc, guc_iir[id]);
	}
}

static __sim_frame irqreturn_t xelp_irq_handler(int irq, void *arg)
{
	struct xe_device *xe = arg;
	u32 guc_iir[SIM_XE_MAX_GT] = {};
	u8 id;

	for (id = 0; id < SIM_XE_MAX_GT; id++)
		guc_iir[id] = READ_ONCE(xe->sim_guc_iir[id]);
	gt_irq_handler(xe, guc_iir);
	for (id = 0; id < SIM_XE_MAX_GT; id++)
		WRITE_ONCE(xe->sim_guc_iir[id], 0);
	return IRQ_HANDLED;
}

static void sim_xe_irq(void *arg)
{
	xelp_irq_handler(0, arg);
}

/* The GuC answers request @name; the driver hears of it in @ctx. */
int sim_xe_g2h(struct xe_device *xe, const char *name, const struct sim_ctx *ctx)
{
	struct xe_guc *guc = NULL;
	int ret;

	if (ctx->kind != SIM_CTX_IRQ && ctx->kind != SIM_CTX_WQ) {
		pr_info("g2h: the GuC's answer comes in ctx=irq or ctx=wq (the G2H worker)\n");
		return -EINVAL;
	}
	ret = sim_guc_fw_answer(xe, name, &guc);
	if (ret)
		return ret;
	if (ctx->kind == SIM_CTX_IRQ) {
		WRITE_ONCE(xe->sim_guc_iir[guc_to_gt(guc)->info.id], GUC_INTR_GUC2HOST);
		ret = sim_ctx_run(ctx, sim_xe_irq, xe);
	} else {
		queue_work(guc->ct.g2h_wq, &guc->ct.g2h_worker);
	}
	sim_guc_ct_flush(&guc->ct);
	return ret;
}

static void sim_xe_gt_free(struct xe_gt *gt)
{
	if (gt->uc.guc.ct.g2h_wq)
		destroy_workqueue(gt->uc.guc.ct.g2h_wq);
	kfree(gt);
}

int sim_xe_gt_init(struct xe_device *xe)
{
	struct xe_gt *gt;
	u8 id;

	for (id = 0; id < SIM_XE_MAX_GT; id++) {
		gt = kzalloc(sizeof(*gt), GFP_KERNEL);
		if (!gt)
			goto err;
		xe->sim_gt[id] = gt;
		gt->sim_xe = xe;
		gt->info.id = id;
		xe_guc_ct_init(&gt->uc.guc.ct);
		sim_guc_fw_init(&gt->uc.guc.sim_fw);
		gt->uc.guc.ct.g2h_wq = alloc_ordered_workqueue("xe-g2h-wq", WQ_MEM_RECLAIM);
		if (!gt->uc.guc.ct.g2h_wq)
			goto err;
		xe_gt_tlb_invalidation_init(gt);
		xe_guc_ct_enable(&gt->uc.guc.ct);
	}
	return 0;
err:
	sim_xe_gt_fini(xe);
	return -ENOMEM;
}

/* What a GT reset does to outstanding work; the CT is enabled again. */
void sim_xe_gt_quiesce(struct xe_device *xe)
{
	struct xe_gt *gt;
	u8 id;

	for (id = 0; (gt = xe_device_get_gt(xe, id)); id++) {
		cancel_delayed_work_sync(&gt->tlb_invalidation.fence_tdr);
		xe_guc_ct_stop(&gt->uc.guc.ct);
		sim_guc_fw_forget(&gt->uc.guc);
		xe_gt_tlb_invalidation_reset(gt);
		xe_guc_ct_enable(&gt->uc.guc.ct);
	}
}

void sim_xe_gt_fini(struct xe_device *xe)
{
	u8 id;

	for (id = 0; id < SIM_XE_MAX_GT; id++) {
		if (!xe->sim_gt[id])
			continue;
		xe_guc_ct_fini(&xe->sim_gt[id]->uc.guc.ct);
		sim_xe_gt_free(xe->sim_gt[id]);
		xe->sim_gt[id] = NULL;
	}
}
