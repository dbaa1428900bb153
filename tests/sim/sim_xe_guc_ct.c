// SPDX-License-Identifier: GPL-2.0
/*
 * The GuC command transport (xe_guc_ct.c, 6.12): H2G messages to the GuC,
 * G2H messages back, and the runtime-PM reference that outstanding G2H
 * credits hold.  An H2G that wants an answer reserves G2H credits
 * (__g2h_reserve_space(), inlined into guc_ct_send_locked()): the first
 * credit of an epoch (0 -> 1 outstanding) takes xe_pm_runtime_get_noresume().
 * The answer releases them (__g2h_release_space()): the last one (1 -> 0)
 * puts it, as the function's last act, so GCC makes it a tail call.  The
 * answer is read
 *
 *   - in hard IRQ, by the fast path (xe_guc_irq_handler() ->
 *     xe_guc_ct_fast_path() -> g2h_fast_path()), for TLB invalidation done
 *     messages only, and only while such a message is at the head;
 *   - in the G2H worker (g2h_worker_func() -> receive_g2h() ->
 *     dequeue_one_g2h()), for everything else, on ct->g2h_wq;
 *
 * and xe_guc_ct_stop() (GT reset, unload) drops outstanding credits with
 * their reference.  Both readers take xe_pm_runtime_get_if_active() around
 * their work and put it last.  A stand-in's shape follows the real one:
 * where the real code calls, it calls; where it ends with a put, it does.
 * This file is built with sibling calls (Kbuild), as xe is.
 *
 * The oracle: the credit epoch's reference is recorded in guc_ct_send_locked()
 * (its owner, the reserve being inlined there) and ended where it is put;
 * the readers' own references are recorded in their functions.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/workqueue.h>

#include "sim.h"
#include "sim_xe.h"
#include "sim_xe_gt.h"

static struct sim_gpu *ct_to_gpu(struct xe_guc_ct *ct)
{
	return sim_xe_to_gpu(ct_to_xe(ct));
}

static __always_inline bool g2h_has_room(struct xe_guc_ct *ct, u32 g2h_len)
{
	if (!g2h_len)
		return true;
	lockdep_assert_held(&ct->fast_lock);
	return ct->ctbs.g2h.info.space > g2h_len;
}

/* inlined into guc_ct_send_locked() in the shipping binaries */
static __always_inline void __g2h_reserve_space(struct xe_guc_ct *ct, u32 g2h_len, u32 num_g2h)
{
	struct sim_gpu *gpu = ct_to_gpu(ct);

	if (!g2h_len)
		return;
	lockdep_assert_held(&ct->fast_lock);
	if (!ct->g2h_outstanding) {
		sim_oracle_arm_get(gpu, SIM_UNIT_XE);
		xe_pm_runtime_get_noresume(ct_to_xe(ct));
		ct->sim_oracle_id = sim_oracle_hold(gpu, _THIS_IP_, SIM_UNIT_XE, "g2h_credits",
						    1);
	}
	ct->ctbs.g2h.info.space -= g2h_len;
	ct->g2h_outstanding += num_g2h;
}

static __sim_frame void __g2h_release_space(struct xe_guc_ct *ct, u32 g2h_len)
{
	lockdep_assert_held(&ct->fast_lock);
	if (ct->ctbs.g2h.info.space + g2h_len >
	    ct->ctbs.g2h.info.size - ct->ctbs.g2h.info.resv_space || !ct->g2h_outstanding) {
		pr_info("%s: invalid G2H release: %u + %u, outstanding %u\n",
			dev_name(ct_to_xe(ct)->drm.dev), ct->ctbs.g2h.info.space, g2h_len,
			ct->g2h_outstanding);
		return;
	}
	ct->ctbs.g2h.info.space += g2h_len;
	if (!--ct->g2h_outstanding) {
		sim_oracle_put(ct_to_gpu(ct), fetch_and_zero(&ct->sim_oracle_id));
		xe_pm_runtime_put(ct_to_xe(ct));
	}
}

static void g2h_release_space(struct xe_guc_ct *ct, u32 g2h_len)
{
	spin_lock_irq(&ct->fast_lock);
	__g2h_release_space(ct, g2h_len);
	spin_unlock_irq(&ct->fast_lock);
}

/* the CTB write: the GuC sees the message (sim_xe_guc_fw.c) */
static int h2g_write(struct xe_guc_ct *ct, const u32 *action, u32 len, u32 g2h_len)
{
	lockdep_assert_held(&ct->lock);
	sim_guc_fw_h2g(ct_to_guc(ct), action, len, g2h_len);
	return 0;
}

/* inlined into guc_ct_send_locked() in the shipping binaries */
static __always_inline int __guc_ct_send_locked(struct xe_guc_ct *ct, const u32 *action,
						u32 len, u32 g2h_len, u32 num_g2h)
{
	int ret;

	lockdep_assert_held(&ct->lock);
	if (ct->state == XE_GUC_CT_STATE_DISABLED)
		return -ENODEV;
	if (ct->state == XE_GUC_CT_STATE_STOPPED)
		return -ECANCELED;

	if (g2h_len)
		spin_lock_irq(&ct->fast_lock);
	ret = g2h_has_room(ct, g2h_len) ? 0 : -EBUSY;
	if (ret)
		goto out_unlock;
	ret = h2g_write(ct, action, len, g2h_len);
	if (ret)
		goto out_unlock;
	__g2h_reserve_space(ct, g2h_len, num_g2h);
out_unlock:
	if (g2h_len)
		spin_unlock_irq(&ct->fast_lock);
	return ret;
}

/*
 * xe waits here for credits, reading G2H itself when they are short; the
 * simulation's G2H buffer is big enough for its scenarios: it says so.
 */
static __sim_frame int guc_ct_send_locked(struct xe_guc_ct *ct, const u32 *action, u32 len,
					  u32 g2h_len, u32 num_g2h)
{
	int ret;

	lockdep_assert_held(&ct->lock);
	ret = __guc_ct_send_locked(ct, action, len, g2h_len, num_g2h);
	if (ret == -EBUSY)
		pr_info("%s: no G2H credits left (%u outstanding): answer some first\n",
			dev_name(ct_to_xe(ct)->drm.dev), ct->g2h_outstanding);
	return ret;
}

static int guc_ct_send(struct xe_guc_ct *ct, const u32 *action, u32 len, u32 g2h_len,
		       u32 num_g2h)
{
	int ret;

	mutex_lock(&ct->lock);
	ret = guc_ct_send_locked(ct, action, len, g2h_len, num_g2h);
	mutex_unlock(&ct->lock);
	return ret;
}

__sim_frame int xe_guc_ct_send(struct xe_guc_ct *ct, const u32 *action, u32 len, u32 g2h_len,
			       u32 num_g2h)
{
	return guc_ct_send(ct, action, len, g2h_len, num_g2h);
}

__sim_frame int xe_guc_ct_send_locked(struct xe_guc_ct *ct, const u32 *action, u32 len,
				      u32 g2h_len, u32 num_g2h)
{
	return guc_ct_send_locked(ct, action, len, g2h_len, num_g2h);
}

/* The head G2H message, if any (the fast path reads only what it handles). */
static int g2h_read(struct xe_guc_ct *ct, struct sim_g2h_msg *msg, bool fast_path)
{
	lockdep_assert_held(&ct->fast_lock);
	if (ct->state == XE_GUC_CT_STATE_DISABLED)
		return -ENODEV;
	if (ct->state == XE_GUC_CT_STATE_STOPPED)
		return -ECANCELED;
	if (!sim_guc_fw_read_g2h(ct, msg, fast_path))
		return 0;
	return msg->len;
}

static void g2h_fast_path(struct xe_guc_ct *ct, struct sim_g2h_msg *msg, u32 len)
{
	struct xe_guc *guc = ct_to_guc(ct);

	switch (msg->action) {
	case XE_GUC_ACTION_TLB_INVALIDATION_DONE:
		__g2h_release_space(ct, len);
		xe_guc_tlb_invalidation_done_handler(guc, &msg->data, 1);
		break;
	default:
		pr_info("G2H fast path: not possible\n");
	}
}

/* In the IRQ handler: the G2H messages that must not wait (TLB done). */
static __sim_frame void xe_guc_ct_fast_path(struct xe_guc_ct *ct)
{
	struct xe_device *xe = ct_to_xe(ct);
	struct sim_gpu *gpu = sim_xe_to_gpu(xe);
	bool ongoing;
	u64 id = 0;
	int len;

	sim_oracle_arm_get(gpu, SIM_UNIT_XE);
	ongoing = xe_pm_runtime_get_if_active(ct_to_xe(ct));
	if (ongoing)
		id = sim_oracle_hold(gpu, _THIS_IP_, SIM_UNIT_XE, "g2h_fast_path", 1);
	if (!ongoing && xe_pm_read_callback_task(ct_to_xe(ct)) == NULL)
		return;

	spin_lock(&ct->fast_lock);
	do {
		len = g2h_read(ct, &ct->fast_msg, true);
		if (len > 0)
			g2h_fast_path(ct, &ct->fast_msg, len);
	} while (len > 0);
	spin_unlock(&ct->fast_lock);

	if (ongoing) {
		sim_oracle_put(gpu, id);
		xe_pm_runtime_put(xe);
	}
}

static int parse_g2h_event(struct xe_guc_ct *ct, struct sim_g2h_msg *msg, u32 len)
{
	lockdep_assert_held(&ct->lock);
	switch (msg->action) {
	case XE_GUC_ACTION_SCHED_CONTEXT_MODE_DONE:
	case XE_GUC_ACTION_TLB_INVALIDATION_DONE:
		g2h_release_space(ct, len);
	}
	return 0;
}

static int process_g2h_msg(struct xe_guc_ct *ct, struct sim_g2h_msg *msg, u32 len)
{
	switch (msg->action) {
	case XE_GUC_ACTION_SCHED_CONTEXT_MODE_DONE:
		/* xe_guc_sched_done_handler(): the queue's state, no reference */
		return 0;
	case XE_GUC_ACTION_TLB_INVALIDATION_DONE:
		return xe_guc_tlb_invalidation_done_handler(ct_to_guc(ct), &msg->data, 1);
	default:
		pr_info("unexpected G2H action 0x%04x\n", msg->action);
		return 0;
	}
}

/* Returns less than zero on error, 0 on done, 1 on more available */
static int dequeue_one_g2h(struct xe_guc_ct *ct)
{
	int len, ret;

	lockdep_assert_held(&ct->lock);
	spin_lock_irq(&ct->fast_lock);
	len = g2h_read(ct, &ct->msg, false);
	spin_unlock_irq(&ct->fast_lock);
	if (len <= 0)
		return len;
	ret = parse_g2h_event(ct, &ct->msg, len);
	if (ret < 0)
		return ret;
	ret = process_g2h_msg(ct, &ct->msg, len);
	if (ret < 0)
		return ret;
	return 1;
}

static __sim_frame void receive_g2h(struct xe_guc_ct *ct)
{
	struct sim_gpu *gpu = ct_to_gpu(ct);
	bool ongoing;
	u64 id = 0;
	int ret;

	sim_oracle_arm_get(gpu, SIM_UNIT_XE);
	ongoing = xe_pm_runtime_get_if_active(ct_to_xe(ct));
	if (ongoing)
		id = sim_oracle_hold(gpu, _THIS_IP_, SIM_UNIT_XE, "g2h_worker", 1);
	if (!ongoing && xe_pm_read_callback_task(ct_to_xe(ct)) == NULL)
		return;

	do {
		mutex_lock(&ct->lock);
		ret = dequeue_one_g2h(ct);
		mutex_unlock(&ct->lock);
	} while (ret == 1);

	if (ongoing) {
		sim_oracle_put(gpu, id);
		xe_pm_runtime_put(ct_to_xe(ct));
	}
}

static __sim_frame void g2h_worker_func(struct work_struct *w)
{
	struct xe_guc_ct *ct = container_of(w, struct xe_guc_ct, g2h_worker);

	receive_g2h(ct);
}

static inline void xe_guc_ct_irq_handler(struct xe_guc_ct *ct)
{
	if (ct->state != XE_GUC_CT_STATE_ENABLED)
		return;
	wake_up_all(&ct->wq);
	queue_work(ct->g2h_wq, &ct->g2h_worker);
	xe_guc_ct_fast_path(ct);
}

/* xe_guc.c: the GuC's interrupt, hard IRQ */
__sim_frame void xe_guc_irq_handler(struct xe_guc *guc, const u16 iir)
{
	if (iir & GUC_INTR_GUC2HOST)
		xe_guc_ct_irq_handler(&guc->ct);
}

/* guc_ct_change_state(), inlined into its callers in 6.12 */
static __always_inline void guc_ct_change_state(struct xe_guc_ct *ct,
						enum xe_guc_ct_state state)
{
	mutex_lock(&ct->lock);		/* serialise dequeue_one_g2h() */
	spin_lock_irq(&ct->fast_lock);	/* serialise the fast path */

	if (ct->g2h_outstanding) {
		sim_oracle_put(ct_to_gpu(ct), fetch_and_zero(&ct->sim_oracle_id));
		xe_pm_runtime_put(ct_to_xe(ct));
	}
	ct->g2h_outstanding = 0;
	ct->ctbs.g2h.info.space = ct->ctbs.g2h.info.size - ct->ctbs.g2h.info.resv_space;
	ct->state = state;

	spin_unlock_irq(&ct->fast_lock);
	mutex_unlock(&ct->lock);
}

__sim_frame int xe_guc_ct_enable(struct xe_guc_ct *ct)
{
	guc_ct_change_state(ct, XE_GUC_CT_STATE_ENABLED);
	wake_up_all(&ct->wq);
	return 0;
}

/* GT reset, unload: outstanding credits and their reference are dropped */
__sim_frame void xe_guc_ct_stop(struct xe_guc_ct *ct)
{
	guc_ct_change_state(ct, XE_GUC_CT_STATE_STOPPED);
	cancel_work_sync(&ct->g2h_worker);
}

void xe_guc_ct_init(struct xe_guc_ct *ct)
{
	mutex_init(&ct->lock);
	spin_lock_init(&ct->fast_lock);
	init_waitqueue_head(&ct->wq);
	INIT_WORK(&ct->g2h_worker, g2h_worker_func);
	ct->ctbs.g2h.info.size = SIM_G2H_RING * 16;
	ct->ctbs.g2h.info.resv_space = 16;
	ct->ctbs.g2h.info.space = ct->ctbs.g2h.info.size - ct->ctbs.g2h.info.resv_space;
	ct->state = XE_GUC_CT_STATE_DISABLED;
}

void xe_guc_ct_fini(struct xe_guc_ct *ct)
{
	cancel_work_sync(&ct->g2h_worker);
}

/* The simulation's wait for the G2H worker, once a scenario raised an answer. */
void sim_guc_ct_flush(struct xe_guc_ct *ct)
{
	flush_work(&ct->g2h_worker);
}
