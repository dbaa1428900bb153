// SPDX-License-Identifier: GPL-2.0
/*
 * objlinks.c - the object rows whose functions link a get to its put in
 * more than one way (objlinks.h).  Read from Debian's xe.ko (6.12.118 and
 * 7.3.4, objdump -dr) and the xe sources:
 *
 * - guc_exec_queue_process_msg() is called through ops->process_msg and
 *   ends with "jmp xe_pm_runtime_put"; xe_sched_job_destroy() is reached
 *   from the free_job work through ops->free_job, then two tail jumps
 *   (guc_exec_queue_free_job -> kref release -> the put).
 * - the GuC CT (struct xe_guc_ct, one per GT) holds a reference while G2H
 *   credits are outstanding: taken in guc_ct_send_locked() (the reserve is
 *   inlined there), put by __g2h_release_space() and on a state change
 *   (guc_ct_change_state(), inlined into xe_guc_ct_stop() up to 6.18).
 *   Its two readers take a reference of their own around their work,
 *   get_if_active first and the put last, by a tail jump:
 *   xe_guc_ct_fast_path() (hard IRQ, itself tail-jumped to by
 *   xe_guc_irq_handler(), so the put's stack names that function) and
 *   receive_g2h() (tail-called by g2h_worker_func(), a work).  Both have
 *   the CT as their argument: the CT is their object, each of a link of
 *   its own (not the credits').
 */
#include <stddef.h>

#include "drivers/hooks.h"
#include "drivers/objlinks.h"

/*
 * One CT's fast path (its GT's interrupt) and worker (a work item) each
 * run once at a time, but both at once: a link each.
 */
enum { LINK_NONE, LINK_G2H_CREDITS, LINK_G2H_FAST_PATH, LINK_G2H_WORKER };

static const struct wr_obj_link links[WR_HOOK__COUNT] = {
	[WR_HOOK_OBJ_XE_JOB_DESTROY] = { .tail_put = true },
	[WR_HOOK_OBJ_XE_MSG_PROCESS] = { .tail_put = true },
	[WR_HOOK_OBJ_XE_CT_SEND] = { .link = LINK_G2H_CREDITS },
	[WR_HOOK_OBJ_XE_CT_RELEASE] = { .link = LINK_G2H_CREDITS },
	[WR_HOOK_OBJ_XE_CT_STOP] = { .link = LINK_G2H_CREDITS },
	[WR_HOOK_OBJ_XE_CT_CHANGE_STATE] = { .link = LINK_G2H_CREDITS },
	[WR_HOOK_OBJ_XE_CT_FAST_PATH] = { LINK_G2H_FAST_PATH, true, true },
	[WR_HOOK_OBJ_XE_CT_RECEIVE] = { LINK_G2H_WORKER, true, true },
};

const struct wr_obj_link *objlinks__of(uint16_t hook)
{
	const struct wr_obj_link *l = hook < WR_HOOK__COUNT ? &links[hook] : NULL;

	return l && (l->link || l->both || l->tail_put) ? l : NULL;
}
