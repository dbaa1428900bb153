// SPDX-License-Identifier: GPL-2.0
/*
 * The GuC firmware's side of the command transport, which the simulation
 * has to play: it takes each H2G request that wants an answer (a scheduling
 * change, a TLB invalidation) as the driver writes it, under the name the
 * scenario gave it, and answers it when the scenario says so (ctl "g2h DEV
 * NAME"): the answer goes into the CT's G2H buffer and the GuC interrupt is
 * raised, in hard IRQ (ctx=irq, the default: the fast path reads a TLB
 * invalidation done at the head, and queues the G2H worker for the rest) or
 * as the G2H worker alone (ctx=wq, as when the fast path found nothing).
 * The write returns once the worker ran.  Answers may come in any order.
 *
 * None of this is driver code: it stands where the hardware is.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "sim.h"
#include "sim_xe.h"
#include "sim_xe_gt.h"

struct sim_guc_request {
	struct list_head link;
	char name[SIM_NAME_LEN];
	u32 action;
	u32 data;
	u32 g2h_len;
};

void sim_guc_fw_init(struct sim_guc_fw *fw)
{
	spin_lock_init(&fw->lock);
	INIT_LIST_HEAD(&fw->requests);
	fw->next_name[0] = '\0';
}

/* The next request that wants an answer is NAME (process context, ctl). */
void sim_guc_fw_name_next(struct xe_guc *guc, const char *name)
{
	strscpy(guc->sim_fw.next_name, name ? name : "", sizeof(guc->sim_fw.next_name));
}

/* The driver wrote an H2G (h2g_write(), under ct->lock). */
void sim_guc_fw_h2g(struct xe_guc *guc, const u32 *action, u32 len, u32 g2h_len)
{
	struct sim_guc_fw *fw = &guc->sim_fw;
	struct sim_guc_request *req;
	unsigned long flags;

	if (!g2h_len)
		return;		/* nothing to answer */
	req = kzalloc(sizeof(*req), GFP_ATOMIC);
	if (!req) {
		pr_info("GuC: no memory for a request: it will not be answered\n");
		return;
	}
	strscpy(req->name, fw->next_name[0] ? fw->next_name : "?", sizeof(req->name));
	fw->next_name[0] = '\0';
	req->action = action[0];
	req->data = len > 1 ? action[1] : 0;
	req->g2h_len = g2h_len;
	spin_lock_irqsave(&fw->lock, flags);
	list_add_tail(&req->link, &fw->requests);
	spin_unlock_irqrestore(&fw->lock, flags);
}

/* The answer to ACTION, as the GuC writes it. */
static u32 sim_guc_answer_action(u32 action)
{
	switch (action) {
	case XE_GUC_ACTION_SCHED_CONTEXT_MODE_SET:
		return XE_GUC_ACTION_SCHED_CONTEXT_MODE_DONE;
	case XE_GUC_ACTION_TLB_INVALIDATION:
		return XE_GUC_ACTION_TLB_INVALIDATION_DONE;
	default:
		return 0;
	}
}

/* Into the G2H buffer; false when it is full. */
bool sim_guc_fw_write_g2h(struct xe_guc_ct *ct, const struct sim_g2h_msg *msg)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&ct->fast_lock, flags);
	ok = ct->sim_tail - ct->sim_head < SIM_G2H_RING;
	if (ok)
		ct->sim_ring[ct->sim_tail++ % SIM_G2H_RING] = *msg;
	spin_unlock_irqrestore(&ct->fast_lock, flags);
	return ok;
}

/*
 * The driver reads the head of the G2H buffer (g2h_read(), fast_lock held);
 * the fast path takes only a TLB invalidation done and leaves the rest.
 */
bool sim_guc_fw_read_g2h(struct xe_guc_ct *ct, struct sim_g2h_msg *msg, bool fast_path)
{
	const struct sim_g2h_msg *head;

	lockdep_assert_held(&ct->fast_lock);
	if (ct->sim_head == ct->sim_tail)
		return false;
	head = &ct->sim_ring[ct->sim_head % SIM_G2H_RING];
	if (fast_path && head->action != XE_GUC_ACTION_TLB_INVALIDATION_DONE)
		return false;
	*msg = *head;
	ct->sim_head++;
	return true;
}

/* Unanswered requests of a stopped CT are dropped (a GT reset, unload). */
void sim_guc_fw_forget(struct xe_guc *guc)
{
	struct sim_guc_fw *fw = &guc->sim_fw;
	struct sim_guc_request *req, *tmp;
	unsigned long flags;
	LIST_HEAD(gone);

	spin_lock_irqsave(&fw->lock, flags);
	list_splice_init(&fw->requests, &gone);
	spin_unlock_irqrestore(&fw->lock, flags);
	list_for_each_entry_safe(req, tmp, &gone, link)
		kfree(req);
	spin_lock_irqsave(&guc->ct.fast_lock, flags);
	guc->ct.sim_head = guc->ct.sim_tail;
	spin_unlock_irqrestore(&guc->ct.fast_lock, flags);
}

static struct sim_guc_request *sim_guc_take(struct xe_guc *guc, const char *name)
{
	struct sim_guc_fw *fw = &guc->sim_fw;
	struct sim_guc_request *req, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&fw->lock, flags);
	list_for_each_entry(req, &fw->requests, link) {
		if (!strcmp(req->name, name)) {
			list_del(&req->link);
			found = req;
			break;
		}
	}
	spin_unlock_irqrestore(&fw->lock, flags);
	return found;
}

/*
 * Answer the request NAME of any GT of XE: its G2H goes into that GT's CT;
 * *@guc says which, for the interrupt.
 */
int sim_guc_fw_answer(struct xe_device *xe, const char *name, struct xe_guc **guc)
{
	struct sim_guc_request *req = NULL;
	struct sim_g2h_msg msg;
	struct xe_gt *gt;
	u8 id;

	for (id = 0; !req && (gt = xe_device_get_gt(xe, id)); id++) {
		req = sim_guc_take(&gt->uc.guc, name);
		*guc = &gt->uc.guc;
	}
	if (!req) {
		pr_info("%s: the GuC has no request '%s' to answer\n", dev_name(xe->drm.dev),
			name);
		return -ENOENT;
	}
	msg.action = sim_guc_answer_action(req->action);
	msg.data = req->data;
	msg.len = req->g2h_len;
	kfree(req);
	if (!sim_guc_fw_write_g2h(&(*guc)->ct, &msg)) {
		pr_info("%s: the G2H buffer is full\n", dev_name(xe->drm.dev));
		return -ENOSPC;
	}
	return 0;
}

/* Is a request NAME waiting for its answer on a GT of XE? */
bool sim_guc_fw_pending(struct xe_device *xe, const char *name)
{
	struct sim_guc_request *req;
	unsigned long flags;
	bool found = false;
	struct xe_gt *gt;
	u8 id;

	for (id = 0; !found && (gt = xe_device_get_gt(xe, id)); id++) {
		spin_lock_irqsave(&gt->uc.guc.sim_fw.lock, flags);
		list_for_each_entry(req, &gt->uc.guc.sim_fw.requests, link)
			found |= !strcmp(req->name, name);
		spin_unlock_irqrestore(&gt->uc.guc.sim_fw.lock, flags);
	}
	return found;
}
