// SPDX-License-Identifier: GPL-2.0
/*
 * TLB invalidation fences (xe_gt_tlb_invalidation.c, 6.12 names) and the
 * page-table update's fence that asks for one (xe_pt.c).  Each fence holds
 * a runtime-PM reference from xe_gt_tlb_invalidation_fence_init()
 * (get_noresume) until __invalidation_fence_signal() puts it, which
 * happens when
 *
 *   - the GuC answers (TLB_INVALIDATION_DONE, seqno S): every pending fence
 *     of that GT up to S, oldest first, from the G2H fast path in hard IRQ
 *     or from the G2H worker (xe_guc_tlb_invalidation_done_handler());
 *   - it timed out: xe_gt_tlb_fence_timeout(), a delayed work on system_percpu_wq
 *     armed when a fence became pending, signals the pending fences older
 *     than the timeout (the tlb_timeout_ms parameter; xe: 250 ms and the
 *     CT's queueing time) with -ETIME;
 *   - the GT is reset (xe_gt_tlb_invalidation_reset(), also at unload), or
 *     the H2G could not be sent.
 *
 * Each GT has its own seqnos and pending list: fences of two GTs end in any
 * order.  The request goes out through the CT (sim_xe_guc_ct.c), whose G2H
 * credit takes a reference of its own.
 *
 * ctl "tlb_inval DEV NAME [gt=N]": a VM bind's page-table update that needs
 * an invalidation on GT N (default 0), as xe_pt.c makes one: an
 * invalidation_fence whose bind job already finished, so
 * invalidation_fence_init() runs invalidation_fence_work_func() at once.
 * The GuC request is NAME, for "g2h DEV NAME".  Under the ioctl's reference
 * (sim_xe_ioctl.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "sim.h"
#include "sim_xe.h"
#include "sim_xe_gt.h"

#define FENCE_STACK_BIT		DMA_FENCE_FLAG_USER_BITS

static long tlb_timeout_jiffies(struct xe_gt *gt)
{
	return msecs_to_jiffies(sim_tlb_timeout_ms);
}

static const char *invalidation_fence_get_driver_name(struct dma_fence *dma_fence)
{
	return "xe";
}

static const char *invalidation_fence_get_timeline_name(struct dma_fence *dma_fence)
{
	return "invalidation_fence";
}

static const struct dma_fence_ops invalidation_fence_ops = {
	.get_driver_name = invalidation_fence_get_driver_name,
	.get_timeline_name = invalidation_fence_get_timeline_name,
};

__sim_frame void xe_gt_tlb_invalidation_fence_init(struct xe_gt *gt,
						   struct xe_gt_tlb_invalidation_fence *fence,
						   bool stack)
{
	struct sim_gpu *gpu = sim_xe_to_gpu(gt_to_xe(gt));

	sim_oracle_arm_get(gpu, SIM_UNIT_XE);
	xe_pm_runtime_get_noresume(gt_to_xe(gt));
	fence->sim_oracle_id = sim_oracle_hold(gpu, _THIS_IP_, SIM_UNIT_XE, "tlb_fence", 1);

	spin_lock_irq(&gt->tlb_invalidation.lock);
	dma_fence_init(&fence->base, &invalidation_fence_ops, &gt->tlb_invalidation.lock,
		       dma_fence_context_alloc(1), 1);
	spin_unlock_irq(&gt->tlb_invalidation.lock);
	INIT_LIST_HEAD(&fence->link);
	if (stack)
		set_bit(FENCE_STACK_BIT, &fence->base.flags);
	else
		dma_fence_get(&fence->base);
	fence->gt = gt;
}

/* inlined into __invalidation_fence_signal() in the shipping binaries */
static __always_inline void
xe_gt_tlb_invalidation_fence_fini(struct xe_gt_tlb_invalidation_fence *fence)
{
	if (!fence->gt) {
		pr_info("TLB fence signalled twice\n");
		return;
	}
	sim_oracle_put(sim_xe_to_gpu(gt_to_xe(fence->gt)), fetch_and_zero(&fence->sim_oracle_id));
	xe_pm_runtime_put(gt_to_xe(fence->gt));
	fence->gt = NULL;
}

static __sim_frame void
__invalidation_fence_signal(struct xe_device *xe, struct xe_gt_tlb_invalidation_fence *fence)
{
	bool stack = test_bit(FENCE_STACK_BIT, &fence->base.flags);

	xe_gt_tlb_invalidation_fence_fini(fence);
	dma_fence_signal(&fence->base);
	if (!stack)
		dma_fence_put(&fence->base);
}

static void
invalidation_fence_signal(struct xe_device *xe, struct xe_gt_tlb_invalidation_fence *fence)
{
	list_del(&fence->link);
	__invalidation_fence_signal(xe, fence);
}

static __sim_frame void xe_gt_tlb_fence_timeout(struct work_struct *work)
{
	struct xe_gt *gt = container_of(work, struct xe_gt, tlb_invalidation.fence_tdr.work);
	struct xe_device *xe = gt_to_xe(gt);
	struct xe_gt_tlb_invalidation_fence *fence, *next;

	spin_lock_irq(&gt->tlb_invalidation.pending_lock);
	list_for_each_entry_safe(fence, next, &gt->tlb_invalidation.pending_fences, link) {
		s64 since_inval_ms = ktime_ms_delta(ktime_get(), fence->invalidation_time);

		if (msecs_to_jiffies(since_inval_ms) < tlb_timeout_jiffies(gt))
			break;

		pr_info("%s: GT%u: TLB invalidation fence timeout, seqno=%d recv=%d\n",
			dev_name(xe->drm.dev), gt->info.id, fence->seqno,
			gt->tlb_invalidation.seqno_recv);
		fence->base.error = -ETIME;
		invalidation_fence_signal(xe, fence);
	}
	if (!list_empty(&gt->tlb_invalidation.pending_fences))
		queue_delayed_work(system_percpu_wq, &gt->tlb_invalidation.fence_tdr,
				   tlb_timeout_jiffies(gt));
	spin_unlock_irq(&gt->tlb_invalidation.pending_lock);
}

int xe_gt_tlb_invalidation_init(struct xe_gt *gt)
{
	gt->tlb_invalidation.seqno = 1;
	INIT_LIST_HEAD(&gt->tlb_invalidation.pending_fences);
	spin_lock_init(&gt->tlb_invalidation.pending_lock);
	spin_lock_init(&gt->tlb_invalidation.lock);
	INIT_DELAYED_WORK(&gt->tlb_invalidation.fence_tdr, xe_gt_tlb_fence_timeout);
	return 0;
}

/* A GT reset (and unload): the CT is stopped, every pending fence signals. */
__sim_frame void xe_gt_tlb_invalidation_reset(struct xe_gt *gt)
{
	struct xe_gt_tlb_invalidation_fence *fence, *next;
	int pending_seqno;

	mutex_lock(&gt->uc.guc.ct.lock);
	spin_lock_irq(&gt->tlb_invalidation.pending_lock);
	cancel_delayed_work(&gt->tlb_invalidation.fence_tdr);
	if (gt->tlb_invalidation.seqno == 1)
		pending_seqno = TLB_INVALIDATION_SEQNO_MAX - 1;
	else
		pending_seqno = gt->tlb_invalidation.seqno - 1;
	WRITE_ONCE(gt->tlb_invalidation.seqno_recv, pending_seqno);

	list_for_each_entry_safe(fence, next, &gt->tlb_invalidation.pending_fences, link)
		invalidation_fence_signal(gt_to_xe(gt), fence);
	spin_unlock_irq(&gt->tlb_invalidation.pending_lock);
	mutex_unlock(&gt->uc.guc.ct.lock);
}

static bool tlb_invalidation_seqno_past(struct xe_gt *gt, int seqno)
{
	int seqno_recv = READ_ONCE(gt->tlb_invalidation.seqno_recv);

	if (seqno - seqno_recv < -(TLB_INVALIDATION_SEQNO_MAX / 2))
		return false;
	if (seqno - seqno_recv > (TLB_INVALIDATION_SEQNO_MAX / 2))
		return true;
	return seqno_recv >= seqno;
}

static __sim_frame int send_tlb_invalidation(struct xe_guc *guc,
					     struct xe_gt_tlb_invalidation_fence *fence,
					     u32 *action, int len)
{
	struct xe_gt *gt = guc_to_gt(guc);
	struct xe_device *xe = gt_to_xe(gt);
	int seqno, ret;

	/* the seqnos rely on the GuC doing invalidations in order */
	mutex_lock(&guc->ct.lock);
	seqno = gt->tlb_invalidation.seqno;
	fence->seqno = seqno;
	action[1] = seqno;
	ret = xe_guc_ct_send_locked(&guc->ct, action, len, G2H_LEN_DW_TLB_INVALIDATE, 1);
	if (!ret) {
		spin_lock_irq(&gt->tlb_invalidation.pending_lock);
		/* the seqno may have been answered while we took the lock */
		if (tlb_invalidation_seqno_past(gt, seqno)) {
			__invalidation_fence_signal(xe, fence);
		} else {
			fence->invalidation_time = ktime_get();
			list_add_tail(&fence->link, &gt->tlb_invalidation.pending_fences);
			if (list_is_singular(&gt->tlb_invalidation.pending_fences))
				queue_delayed_work(system_percpu_wq,
						   &gt->tlb_invalidation.fence_tdr,
						   tlb_timeout_jiffies(gt));
		}
		spin_unlock_irq(&gt->tlb_invalidation.pending_lock);
	} else {
		__invalidation_fence_signal(xe, fence);
	}
	if (!ret) {
		gt->tlb_invalidation.seqno = (gt->tlb_invalidation.seqno + 1) %
			TLB_INVALIDATION_SEQNO_MAX;
		if (!gt->tlb_invalidation.seqno)
			gt->tlb_invalidation.seqno = 1;
	}
	mutex_unlock(&guc->ct.lock);
	return ret;
}

/* a full invalidation: the simulated GT has no range-based one */
__sim_frame int xe_gt_tlb_invalidation_range(struct xe_gt *gt,
					     struct xe_gt_tlb_invalidation_fence *fence,
					     u64 start, u64 end, u32 asid)
{
	u32 action[3] = { XE_GUC_ACTION_TLB_INVALIDATION, 0 /* the seqno */, 0 };

	return send_tlb_invalidation(&gt->uc.guc, fence, action, ARRAY_SIZE(action));
}

/* G2H TLB_INVALIDATION_DONE: hard IRQ (fast path) or the G2H worker */
__sim_frame int xe_guc_tlb_invalidation_done_handler(struct xe_guc *guc, u32 *msg, u32 len)
{
	struct xe_gt *gt = guc_to_gt(guc);
	struct xe_device *xe = gt_to_xe(gt);
	struct xe_gt_tlb_invalidation_fence *fence, *next;
	unsigned long flags;

	if (unlikely(len != 1))
		return -EPROTO;

	/*
	 * The fast path and the worker may see the answers in another order:
	 * every pending seqno up to this one is done.
	 */
	spin_lock_irqsave(&gt->tlb_invalidation.pending_lock, flags);
	if (tlb_invalidation_seqno_past(gt, msg[0])) {
		spin_unlock_irqrestore(&gt->tlb_invalidation.pending_lock, flags);
		return 0;
	}
	WRITE_ONCE(gt->tlb_invalidation.seqno_recv, msg[0]);

	list_for_each_entry_safe(fence, next, &gt->tlb_invalidation.pending_fences, link) {
		if (!tlb_invalidation_seqno_past(gt, fence->seqno))
			break;
		invalidation_fence_signal(xe, fence);
	}

	if (!list_empty(&gt->tlb_invalidation.pending_fences))
		mod_delayed_work(system_percpu_wq, &gt->tlb_invalidation.fence_tdr,
				 tlb_timeout_jiffies(gt));
	else
		cancel_delayed_work(&gt->tlb_invalidation.fence_tdr);

	spin_unlock_irqrestore(&gt->tlb_invalidation.pending_lock, flags);
	return 0;
}

/* xe_pt.c: the fence a page-table update hands out */
struct invalidation_fence {
	struct xe_gt_tlb_invalidation_fence base;	/* first: freed as a dma_fence */
	struct xe_gt *gt;
	struct dma_fence *fence;
	struct dma_fence_cb cb;
	struct work_struct work;
	u64 start, end;
	u32 asid;
};

static __sim_frame void invalidation_fence_work_func(struct work_struct *w)
{
	struct invalidation_fence *ifence = container_of(w, struct invalidation_fence, work);

	xe_gt_tlb_invalidation_range(ifence->gt, &ifence->base, ifence->start, ifence->end,
				     ifence->asid);
}

static void invalidation_fence_cb(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	struct invalidation_fence *ifence = container_of(cb, struct invalidation_fence, cb);

	queue_work(system_percpu_wq, &ifence->work);
	dma_fence_put(ifence->fence);
}

static __sim_frame void invalidation_fence_init(struct xe_gt *gt,
						struct invalidation_fence *ifence,
						struct dma_fence *fence, u64 start, u64 end,
						u32 asid)
{
	int ret;

	xe_gt_tlb_invalidation_fence_init(gt, &ifence->base, false);

	ifence->fence = fence;
	ifence->gt = gt;
	ifence->start = start;
	ifence->end = end;
	ifence->asid = asid;

	INIT_WORK(&ifence->work, invalidation_fence_work_func);
	ret = dma_fence_add_callback(fence, &ifence->cb, invalidation_fence_cb);
	if (ret == -ENOENT) {
		dma_fence_put(ifence->fence);	/* usually dropped in the callback */
		invalidation_fence_work_func(&ifence->work);
	} else if (ret) {
		dma_fence_put(&ifence->base.base);	/* the caller's reference */
		dma_fence_put(&ifence->base.base);	/* the creation's */
	}
}

/* The bind job's fence: already signalled when its invalidation is asked for. */
static const char *sim_bind_fence_name(struct dma_fence *f)
{
	return "sim_bind";
}

static const struct dma_fence_ops sim_bind_fence_ops = {
	.get_driver_name = sim_bind_fence_name,
	.get_timeline_name = sim_bind_fence_name,
};

static DEFINE_SPINLOCK(sim_bind_fence_lock);

/* A bind's page-table update on GT @gt that needs an invalidation named @name. */
static int sim_xe_tlb_invalidate(struct xe_gt *gt, const char *name)
{
	struct invalidation_fence *ifence;
	struct dma_fence *job_fence;

	ifence = kzalloc(sizeof(*ifence), GFP_KERNEL);
	job_fence = kzalloc(sizeof(*job_fence), GFP_KERNEL);
	if (!ifence || !job_fence) {
		kfree(ifence);
		kfree(job_fence);
		return -ENOMEM;
	}
	dma_fence_init(job_fence, &sim_bind_fence_ops, &sim_bind_fence_lock,
		       dma_fence_context_alloc(1), 1);
	dma_fence_signal(job_fence);

	sim_guc_fw_name_next(&gt->uc.guc, name);
	invalidation_fence_init(gt, ifence, job_fence, 0, SZ_2M, 0);
	sim_guc_fw_name_next(&gt->uc.guc, NULL);
	/* the page-table update's reference; the fence's own goes at its signal */
	dma_fence_put(&ifence->base.base);
	return 0;
}

struct sim_bind_args {
	struct xe_gt *gt;
	const char *name;
};

/* xe_vm.c: the bind ioctl, whose page-table update wants an invalidation */
static __sim_frame long xe_vm_bind_ioctl(struct xe_device *xe, void *data)
{
	struct sim_bind_args *args = data;

	return sim_xe_tlb_invalidate(args->gt, args->name);
}

int sim_xe_tlb_invalidate_ioctl(struct xe_device *xe, struct xe_gt *gt, const char *name)
{
	struct sim_bind_args args = { gt, name };

	if (sim_guc_fw_pending(xe, name)) {
		pr_info("%s: GuC request %s is not answered yet\n", dev_name(xe->drm.dev), name);
		return -EEXIST;
	}
	return xe_drm_ioctl(xe, xe_vm_bind_ioctl, &args);
}
