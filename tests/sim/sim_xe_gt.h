/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An xe GT's GuC, its command transport (CT) and its TLB invalidations, with
 * the 6.12 names and signatures (xe_gt_types.h, xe_guc_types.h,
 * xe_guc_ct_types.h, xe_gt_tlb_invalidation_types.h): names and types are
 * real, layouts and contents are a subset.  Each xe device has a primary GT
 * and a media GT (MTL and later), each with its own GuC and CT.
 *
 *   sim_xe_guc_ct.c   the CT: H2G sends that reserve G2H credits (one
 *                     runtime-PM reference per credit epoch), the G2H fast
 *                     path (hard IRQ) and worker that release them
 *   sim_xe_guc_fw.c   the GuC firmware's side: it takes the H2G requests
 *                     that want an answer and answers them when a scenario
 *                     says so (ctl "g2h")
 *   sim_xe_tlb.c      TLB invalidation fences: a reference per fence, put
 *                     when the fence is signalled (G2H done, timeout, reset)
 */
#ifndef WAKEREF_SIM_XE_GT_H
#define WAKEREF_SIM_XE_GT_H

#include <linux/dma-fence.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "sim_xe.h"

#define SIM_XE_MAX_GT		2
#define SIM_NAME_LEN		32	/* a scenario's name for an object */

/* GuC actions (abi/guc_actions_abi.h) */
#define XE_GUC_ACTION_SCHED_CONTEXT_MODE_SET	0x1002
#define XE_GUC_ACTION_SCHED_CONTEXT_MODE_DONE	0x1004
#define XE_GUC_ACTION_TLB_INVALIDATION		0x7000
#define XE_GUC_ACTION_TLB_INVALIDATION_DONE	0x7001

/* what a reply to each H2G takes of the G2H buffer, in dwords (xe_guc_ct.h) */
#define G2H_LEN_DW_SCHED_CONTEXT_MODE_SET	4
#define G2H_LEN_DW_TLB_INVALIDATE		3

#define GUC_INTR_GUC2HOST	BIT(15)
#define TLB_INVALIDATION_SEQNO_MAX	0x100000

enum xe_guc_ct_state {
	XE_GUC_CT_STATE_NOT_INITIALIZED = 0,
	XE_GUC_CT_STATE_DISABLED,
	XE_GUC_CT_STATE_STOPPED,
	XE_GUC_CT_STATE_ENABLED,
};

/* One G2H message: the simulation's form of a CTB entry. */
struct sim_g2h_msg {
	u32 action;
	u32 data;		/* TLB_INVALIDATION_DONE: the seqno */
	u32 len;		/* dwords, header included */
};

#define SIM_G2H_RING	64

struct xe_guc_ct {
	struct mutex lock;		/* sends and dequeue_one_g2h() */
	spinlock_t fast_lock;		/* G2H credits and reads */
	struct {
		struct {
			struct {
				u32 size, resv_space, space;
			} info;
		} g2h;
	} ctbs;
	u32 g2h_outstanding;
	enum xe_guc_ct_state state;
	wait_queue_head_t wq;
	struct workqueue_struct *g2h_wq;
	struct work_struct g2h_worker;
	struct sim_g2h_msg fast_msg, msg;
	/* the G2H buffer the GuC writes (sim_xe_guc_fw.c), read from head */
	struct sim_g2h_msg sim_ring[SIM_G2H_RING];
	unsigned int sim_head, sim_tail;
	u64 sim_oracle_id;		/* the record of the credit epoch's reference */
};

/* The GuC's H2G requests still waiting for their answer (sim_xe_guc_fw.c). */
struct sim_guc_fw {
	spinlock_t lock;
	struct list_head requests;	/* struct sim_guc_request, oldest first */
	char next_name[SIM_NAME_LEN];	/* the name of the next request (ctl) */
};

struct xe_guc {
	struct xe_guc_ct ct;
	struct sim_guc_fw sim_fw;
};

struct xe_gt_tlb_invalidation_fence {
	struct dma_fence base;		/* first, as in xe */
	struct xe_gt *gt;
	struct list_head link;
	int seqno;
	ktime_t invalidation_time;
	u64 sim_oracle_id;		/* the record of its reference */
};

struct xe_gt {
	u64 sim_pad;
	struct xe_device *sim_xe;	/* xe: gt->tile->xe */
	struct {
		u8 id;
	} info;
	struct {
		struct xe_guc guc;
	} uc;
	struct {
		int seqno;
		int seqno_recv;
		struct list_head pending_fences;
		spinlock_t pending_lock;
		spinlock_t lock;	/* the fences' dma_fence lock */
		struct delayed_work fence_tdr;
	} tlb_invalidation;
};

static inline struct xe_device *gt_to_xe(struct xe_gt *gt)
{
	return gt->sim_xe;
}

static inline struct xe_gt *guc_to_gt(struct xe_guc *guc)
{
	return container_of(guc, struct xe_gt, uc.guc);
}

static inline struct xe_device *guc_to_xe(struct xe_guc *guc)
{
	return gt_to_xe(guc_to_gt(guc));
}

static inline struct xe_guc *ct_to_guc(struct xe_guc_ct *ct)
{
	return container_of(ct, struct xe_guc, ct);
}

static inline struct xe_gt *ct_to_gt(struct xe_guc_ct *ct)
{
	return guc_to_gt(ct_to_guc(ct));
}

static inline struct xe_device *ct_to_xe(struct xe_guc_ct *ct)
{
	return gt_to_xe(ct_to_gt(ct));
}

/* xe_device.h: GT @id of the device, NULL past the last */
struct xe_gt *xe_device_get_gt(struct xe_device *xe, u8 id);

/* sim_xe_guc_ct.c */
void xe_guc_ct_init(struct xe_guc_ct *ct);
int xe_guc_ct_enable(struct xe_guc_ct *ct);
void xe_guc_ct_stop(struct xe_guc_ct *ct);
void xe_guc_ct_fini(struct xe_guc_ct *ct);
int xe_guc_ct_send(struct xe_guc_ct *ct, const u32 *action, u32 len, u32 g2h_len,
		   u32 num_g2h);
int xe_guc_ct_send_locked(struct xe_guc_ct *ct, const u32 *action, u32 len, u32 g2h_len,
			  u32 num_g2h);
void xe_guc_irq_handler(struct xe_guc *guc, const u16 iir);
void sim_guc_ct_flush(struct xe_guc_ct *ct);

/* sim_xe_guc_fw.c: the firmware's side */
void sim_guc_fw_init(struct sim_guc_fw *fw);
void sim_guc_fw_h2g(struct xe_guc *guc, const u32 *action, u32 len, u32 g2h_len);
bool sim_guc_fw_write_g2h(struct xe_guc_ct *ct, const struct sim_g2h_msg *msg);
bool sim_guc_fw_read_g2h(struct xe_guc_ct *ct, struct sim_g2h_msg *msg, bool fast_path);
void sim_guc_fw_name_next(struct xe_guc *guc, const char *name);
void sim_guc_fw_forget(struct xe_guc *guc);
int sim_guc_fw_answer(struct xe_device *xe, const char *name, struct xe_guc **guc);
bool sim_guc_fw_pending(struct xe_device *xe, const char *name);

/* sim_xe_tlb.c */
int xe_gt_tlb_invalidation_init(struct xe_gt *gt);
void xe_gt_tlb_invalidation_fence_init(struct xe_gt *gt,
				       struct xe_gt_tlb_invalidation_fence *fence, bool stack);
int xe_gt_tlb_invalidation_range(struct xe_gt *gt, struct xe_gt_tlb_invalidation_fence *fence,
				 u64 start, u64 end, u32 asid);
void xe_gt_tlb_invalidation_reset(struct xe_gt *gt);
int xe_guc_tlb_invalidation_done_handler(struct xe_guc *guc, u32 *msg, u32 len);

/* sim_xe_gt.c: the device's GTs, their interrupt */
struct sim_ctx;
int sim_xe_gt_init(struct xe_device *xe);
void sim_xe_gt_quiesce(struct xe_device *xe);
void sim_xe_gt_fini(struct xe_device *xe);
int sim_xe_g2h(struct xe_device *xe, const char *name, const struct sim_ctx *ctx);

/* sim_xe_tlb.c: the bind ioctl, whose page-table update needs invalidation @name */
int sim_xe_tlb_invalidate_ioctl(struct xe_device *xe, struct xe_gt *gt, const char *name);

#endif /* WAKEREF_SIM_XE_GT_H */
