// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of pairing by object on xe's real-shaped paths (site.c,
 * model/objctx.c, drivers/objlinks.c), with stacks as Debian's xe.ko makes
 * them: two GTs' GuC CTs and their G2H credits, the G2H readers' own
 * references (the fast path in hard IRQ, its put a tail jump whose stack
 * names xe_guc_irq_handler; the worker's receive_g2h, tail-called by its
 * work), an exec-queue message whose processing sends a request (a credit)
 * before its tail-jumped put, and 7.x display commits whose tails run in
 * another order than the commits.  Each checks which get every put ended.
 */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "kernel/ksyms.h"
#include "model/site.h"
#include "unit.h"

#define K_GET_NORESUME	0xffffffffc0600005ull
#define K_PUT		0xffffffffc0600105ull
#define K_GET		0xffffffffc0600185ull
#define K_GET_IF_ACTIVE	0xffffffffc06001c5ull
#define F_ADD_MSG	0xffffffffc0600700ull
#define F_PROCESS_MSG	0xffffffffc0600800ull
#define F_SUSPEND	0xffffffffc0600900ull
#define F_MSG_WORK	0xffffffffc0600a00ull
#define F_CT_SEND	0xffffffffc0600b00ull
#define F_RELEASE	0xffffffffc0600c00ull
#define F_FAST_PATH	0xffffffffc0600d00ull
#define F_GUC_IRQ	0xffffffffc0600e00ull
#define F_RECEIVE	0xffffffffc0600f00ull
#define F_WORKER_FUNC	0xffffffffc0601000ull
#define F_FENCE_SIGNAL	0xffffffffc0601100ull
#define F_FENCE_INIT	0xffffffffc0601200ull
#define F_BIND_IOCTL	0xffffffffc0601300ull
#define F_GT_IRQ	0xffffffffc0601400ull
#define F_XE_DISP_GET	0xffffffffc0601500ull
#define F_XE_DISP_PUT	0xffffffffc0601600ull
#define F_DISP_GET	0xffffffffc0601700ull
#define F_DISP_PUT	0xffffffffc0601800ull
#define F_COMMIT	0xffffffffc0601900ull
#define F_COMMIT_TAIL	0xffffffffc0601a00ull
#define F_COMMIT_WORK	0xffffffffc0601b00ull
#define F_ATOMIC_IOCTL	0xffffffffc0601c00ull
#define F_JOB_CREATE	0xffffffffc0601d00ull
#define F_FREE_JOB	0xffffffffc0601f00ull
#define F_SCHED_WORK	0xffffffffc0601f80ull
#define K_IOCTL		0xffffffff81001230ull
#define K_WORK		0xffffffff81001420ull
#define K_IRQ		0xffffffff81001620ull
#define K_THUNK		0xffffffff81001e00ull
#define A_BPF		0xffffffffc0100010ull
#define XE_DEV		0xffff888099990000ull
#define CT0		0xffff888100c70000ull	/* the primary GT's CT */
#define CT1		0xffff888100c71000ull	/* the media GT's */

static struct ksyms *load(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms-xe-paths.txt"));

	CHECK(ks != NULL);
	return ks;
}

/* One event of PID on CPU; FRAMES 0-terminated, innermost first (a BPF frame goes on top). */
static int feed(struct wr_owners *ot, const struct ksyms *ks, uint8_t type, uint16_t hook,
		uint32_t flags, uint32_t pid, uint32_t cpu, uint64_t cookie,
		const uint64_t *frames)
{
	struct wr_event e = mk_event(XE_DEV, type, hook, flags | WR_EVF_NO_COUNT, pid, cookie);
	uint64_t buf[WR_MAX_FRAMES];
	struct wr_site site;
	int n = 0;

	e.driver = WR_DRV_XE;
	e.cpu = cpu;
	if (type != WR_EV_OBJ) {
		e.stack[0] = A_BPF;
		for (n = 0; frames[n]; n++)
			e.stack[n + 1] = frames[n];
		n++;
	} else {
		e.obj = 0;
	}
	e.nr_frames = n;
	return site__apply(ot, ks, &e, buf, &site);
}

#define OBJ(hook, pid, cpu, obj) feed(ot, ks, WR_EV_OBJ, hook, 0, pid, cpu, obj, NULL)
#define EV(type, hook, flags, pid, cpu, ...) \
	feed(ot, ks, type, hook, flags, pid, cpu, 0, (const uint64_t[]){ __VA_ARGS__, 0 })

static uint64_t last_seq(const struct wr_owners *ot)
{
	return ot->devices->tail->seq;
}

static bool holds(const struct wr_device *d, uint64_t seq)
{
	const struct wr_owner *o;

	for (o = d->head; o; o = o->next)
		if (o->seq == seq)
			return true;
	return false;
}

/* A bind's TLB invalidation on the GT of CT: its fence, then its request's first credit. */
static void bind(struct wr_owners *ot, const struct ksyms *ks, uint32_t pid, uint64_t ct,
		 uint64_t fence, uint64_t *fence_seq, uint64_t *credit_seq)
{
	OBJ(WR_HOOK_OBJ_XE_TLB_FENCE_INIT, pid, 0, fence);
	EV(WR_EV_GET, WR_HOOK_XE_GET_NORESUME, 0, pid, 0, K_GET_NORESUME, F_FENCE_INIT + 0x40,
	   F_BIND_IOCTL + 0x30, K_IOCTL);
	*fence_seq = last_seq(ot);
	OBJ(WR_HOOK_OBJ_XE_CT_SEND, pid, 0, ct);
	if (credit_seq) {
		EV(WR_EV_GET, WR_HOOK_XE_GET_NORESUME, 0, pid, 0, K_GET_NORESUME,
		   F_CT_SEND + 0x80, F_BIND_IOCTL + 0x50, K_IOCTL);
		*credit_seq = last_seq(ot);
	}
}

/*
 * The GuC of CT answers FENCE: the fast path in hard IRQ on CPU, as the
 * interrupted task PID: its own get, the last credit released (a call),
 * the fence signalled, and its put, jumped to from xe_guc_ct_fast_path,
 * itself jumped to from xe_guc_irq_handler: the tracer puts that one back.
 */
static void fast_path(struct wr_owners *ot, const struct ksyms *ks, uint32_t pid, uint32_t cpu,
		      uint64_t ct, uint64_t fence, int *credit_how, int *fence_how, int *put_how)
{
	OBJ(WR_HOOK_OBJ_XE_CT_FAST_PATH, pid, cpu, ct);
	EV(WR_EV_GET, WR_HOOK_XE_GET_IF_ACTIVE, 0, pid, cpu, K_GET_IF_ACTIVE, F_FAST_PATH + 0x30,
	   F_GT_IRQ + 0x60, K_IRQ);
	OBJ(WR_HOOK_OBJ_XE_CT_RELEASE, pid, cpu, ct);
	*credit_how = EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_TAIL_CALL, pid, cpu, K_PUT, F_RELEASE,
			 F_FAST_PATH + 0x90, F_GT_IRQ + 0x60, K_IRQ);
	OBJ(WR_HOOK_OBJ_XE_TLB_FENCE_SIGNAL, pid, cpu, fence);
	*fence_how = EV(WR_EV_PUT, WR_HOOK_XE_PUT, 0, pid, cpu, K_PUT, F_FENCE_SIGNAL + 0x30,
			F_FAST_PATH + 0xb0, F_GT_IRQ + 0x60, K_IRQ);
	*put_how = EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_TAIL_CALL, pid, cpu, K_PUT, F_GUC_IRQ,
		      F_GT_IRQ + 0x60, K_IRQ);
}

/*
 * Two GTs: a fence and a credit on each; the media GT answers first, in
 * hard IRQ, while the primary GT's worker... is not there yet.  Each put
 * ends the get of its own object: the media GT's credit, not the primary
 * GT's (newer or older); the fast path's own reference, whose put names
 * xe_guc_irq_handler.
 */
static void credits_and_readers_per_gt(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t fa, ca, fm, cm, fa2, reader;
	int credit, fence, put;
	struct wr_device *d;

	bind(ot, ks, 101, CT0, 0xffff888100f00000ull, &fa, &ca);
	bind(ot, ks, 102, CT1, 0xffff888100f10000ull, &fm, &cm);
	bind(ot, ks, 101, CT0, 0xffff888100f20000ull, &fa2, NULL);	/* credits outstanding */
	d = ot->devices;
	CHECK_EQ_U64(d->nr_owners, 5);
	fast_path(ot, ks, 0, 1, CT1, 0xffff888100f10000ull, &credit, &fence, &put);
	CHECK_EQ_U64(credit, WR_PAIR_OBJECT);
	CHECK_EQ_U64(fence, WR_PAIR_OBJECT);
	CHECK_EQ_U64(put, WR_PAIR_OBJECT);
	CHECK(!holds(d, cm) && !holds(d, fm));
	CHECK(holds(d, ca) && holds(d, fa) && holds(d, fa2));
	CHECK_EQ_U64(d->nr_owners, 3);
	/* then the primary GT: its worker reads both answers, its put from the work */
	OBJ(WR_HOOK_OBJ_XE_CT_RECEIVE, 7, 0, CT0);
	EV(WR_EV_GET, WR_HOOK_XE_GET_IF_ACTIVE, 0, 7, 0, K_GET_IF_ACTIVE, F_RECEIVE + 0x30,
	   K_WORK);
	reader = last_seq(ot);
	OBJ(WR_HOOK_OBJ_XE_CT_RELEASE, 7, 0, CT0);
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_TAIL_CALL, 7, 0, K_PUT, F_RELEASE,
			F_RECEIVE + 0x70, K_WORK), WR_PAIR_OBJECT);
	CHECK(!holds(d, ca) && holds(d, reader));
	OBJ(WR_HOOK_OBJ_XE_TLB_FENCE_SIGNAL, 7, 0, 0xffff888100f20000ull);
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, 0, 7, 0, K_PUT, F_FENCE_SIGNAL + 0x30,
			F_RECEIVE + 0x90, K_WORK), WR_PAIR_OBJECT);
	CHECK(!holds(d, fa2) && holds(d, fa));
	OBJ(WR_HOOK_OBJ_XE_TLB_FENCE_SIGNAL, 7, 0, 0xffff888100f00000ull);
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, 0, 7, 0, K_PUT, F_FENCE_SIGNAL + 0x30,
			F_RECEIVE + 0x90, K_WORK), WR_PAIR_OBJECT);
	/* g2h_worker_func tail-called receive_g2h, entered through a pointer */
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_CALL_UNSEEN, 7, 0, K_PUT, K_WORK),
		     WR_PAIR_OBJECT);
	CHECK_EQ_U64(d->nr_owners, 0);
	CHECK_EQ_U64(d->paired[WR_PAIR_FALLBACK], 0);
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * A queue suspend's message (guc_exec_queue_add_msg) is processed by the
 * scheduler's work through ops->process_msg: the scheduling disable it
 * sends takes the CT's first credit, then "jmp xe_pm_runtime_put" ends the
 * message's reference.  The put is the message's, not the credit's.
 */
static void message_put_after_its_request(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t msg, credit;
	struct wr_device *d;

	OBJ(WR_HOOK_OBJ_XE_MSG_ADD, 101, 0, 0xffff888100110000ull);
	EV(WR_EV_GET, WR_HOOK_XE_GET_NORESUME, 0, 101, 0, K_GET_NORESUME, F_ADD_MSG + 0x40,
	   F_SUSPEND + 0x30, K_IOCTL);
	msg = last_seq(ot);
	d = ot->devices;
	OBJ(WR_HOOK_OBJ_XE_MSG_PROCESS, 7, 1, 0xffff888100110000ull);
	OBJ(WR_HOOK_OBJ_XE_CT_SEND, 7, 1, CT0);
	EV(WR_EV_GET, WR_HOOK_XE_GET_NORESUME, 0, 7, 1, K_GET_NORESUME, F_CT_SEND + 0x80,
	   F_PROCESS_MSG + 0x50, F_MSG_WORK + 0x40, K_WORK);
	credit = last_seq(ot);
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_CALL_UNSEEN, 7, 1, K_PUT,
			F_MSG_WORK + 0x40, K_WORK), WR_PAIR_OBJECT);
	CHECK(!holds(d, msg) && holds(d, credit));
	/* the GuC's answer releases the credit, in the worker */
	OBJ(WR_HOOK_OBJ_XE_CT_RELEASE, 8, 0, CT0);
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_TAIL_CALL, 8, 0, K_PUT, F_RELEASE,
			F_RECEIVE + 0x70, K_WORK), WR_PAIR_OBJECT);
	CHECK_EQ_U64(d->nr_owners, 0);
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * An object row whose function made no get (credits already outstanding:
 * no first credit) stays pending; a later tail-jumped put of the task is
 * not its (its row's put is never a tail jump), and a failed conditional
 * get of a reader ends its row: the reader makes no put either.
 */
static void stale_objects_claim_nothing(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t credit;
	struct wr_device *d;

	OBJ(WR_HOOK_OBJ_XE_CT_SEND, 101, 0, CT0);
	EV(WR_EV_GET, WR_HOOK_XE_GET_NORESUME, 0, 101, 0, K_GET_NORESUME, F_CT_SEND + 0x80,
	   F_BIND_IOCTL + 0x50, K_IOCTL);
	credit = last_seq(ot);
	d = ot->devices;
	OBJ(WR_HOOK_OBJ_XE_CT_RELEASE, 7, 0, CT0);	/* not the last credit: no put */
	OBJ(WR_HOOK_OBJ_XE_CT_FAST_PATH, 7, 0, CT0);
	feed(ot, ks, WR_EV_GET_FAILED, WR_HOOK_XE_GET_IF_ACTIVE, 0, 7, 0, 0,
	     (const uint64_t[]){ K_GET_IF_ACTIVE, F_FAST_PATH + 0x30, K_IRQ, 0 });
	/* some other put of the task, a tail jump from a function with no object row */
	CHECK(EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_CALL_UNSEEN, 7, 0, K_PUT, K_WORK) !=
	      WR_PAIR_OBJECT);
	CHECK_EQ_U64(d->paired[WR_PAIR_OBJECT], 0);
	CHECK(!holds(d, credit));	/* the only owner: what the fallback ends */
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * 7.x display: intel_atomic_commit(dev, state, nonblock) takes
 * state->wakeref through intel_display_rpm_get and xe's op; each
 * nonblocking commit's tail (its work) puts it through the same layers.
 * Pipe B's flip completes first: its tail ends its own commit's get.
 */
static void commits_end_their_own_state(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t a, b;
	struct wr_device *d;

	OBJ(WR_HOOK_OBJ_XE_COMMIT, 101, 0, 0xffff888100aa0000ull);
	EV(WR_EV_GET, WR_HOOK_XE_GET, 0, 101, 0, K_GET, F_XE_DISP_GET, F_DISP_GET + 0x20,
	   F_COMMIT + 0x90, F_ATOMIC_IOCTL + 0x40, K_IOCTL);
	a = last_seq(ot);
	OBJ(WR_HOOK_OBJ_XE_COMMIT, 101, 0, 0xffff888100bb0000ull);
	EV(WR_EV_GET, WR_HOOK_XE_GET, 0, 101, 0, K_GET, F_XE_DISP_GET, F_DISP_GET + 0x20,
	   F_COMMIT + 0x90, F_ATOMIC_IOCTL + 0x40, K_IOCTL);
	b = last_seq(ot);
	d = ot->devices;
	CHECK_EQ_U64(ot->objs_bound, 2);
	OBJ(WR_HOOK_OBJ_XE_COMMIT_TAIL, 9, 1, 0xffff888100bb0000ull);
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_TAIL_CALL, 9, 1, K_PUT, F_DISP_PUT,
			F_COMMIT_TAIL + 0x60, F_COMMIT_WORK + 0x10, K_WORK), WR_PAIR_OBJECT);
	CHECK(!holds(d, b) && holds(d, a));
	OBJ(WR_HOOK_OBJ_XE_COMMIT_TAIL, 9, 1, 0xffff888100aa0000ull);
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_TAIL_CALL, 9, 1, K_PUT, F_DISP_PUT,
			F_COMMIT_TAIL + 0x60, F_COMMIT_WORK + 0x10, K_WORK), WR_PAIR_OBJECT);
	CHECK_EQ_U64(d->nr_owners, 0);
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * One GT's two readers at once: the G2H worker (its reference held, on CPU
 * 0) and the fast path in hard IRQ on CPU 1; the worker gets its put in
 * after the fast path took its get, and the fast path puts last.  Each put
 * ends its own reader's get, though both are for the one CT.
 */
static void readers_of_one_ct_at_once(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t worker, fast;
	struct wr_device *d;

	OBJ(WR_HOOK_OBJ_XE_CT_RECEIVE, 7, 0, CT1);
	EV(WR_EV_GET, WR_HOOK_XE_GET_IF_ACTIVE, 0, 7, 0, K_GET_IF_ACTIVE, F_RECEIVE + 0x30,
	   K_WORK);
	worker = last_seq(ot);
	d = ot->devices;
	OBJ(WR_HOOK_OBJ_XE_CT_FAST_PATH, 0, 1, CT1);
	EV(WR_EV_GET, WR_HOOK_XE_GET_IF_ACTIVE, 0, 0, 1, K_GET_IF_ACTIVE, F_FAST_PATH + 0x30,
	   F_GT_IRQ + 0x60, K_IRQ);
	fast = last_seq(ot);
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_CALL_UNSEEN, 7, 0, K_PUT, K_WORK),
		     WR_PAIR_OBJECT);
	CHECK(!holds(d, worker) && holds(d, fast));
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_TAIL_CALL, 0, 1, K_PUT, F_GUC_IRQ,
			F_GT_IRQ + 0x60, K_IRQ), WR_PAIR_OBJECT);
	CHECK_EQ_U64(d->nr_owners, 0);
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * Jobs of two queues freed out of order, a VM held throughout.  The free_job
 * work calls ops->free_job, guc_exec_queue_free_job jumps to the kref
 * release, xe_sched_job_destroy jumps to the put: the tracer puts back the
 * function the work's call named, or nothing (a retpoline thunk), never
 * destroy.  Each put still ends its own job's get.
 */
static void jobs_freed_by_jumps_end_their_own(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t vm, j[3];
	struct wr_device *d;
	int i;

	EV(WR_EV_GET, WR_HOOK_XE_GET_NORESUME, 0, 101, 0, K_GET_NORESUME, F_BIND_IOCTL + 0x20,
	   K_IOCTL);
	vm = last_seq(ot);
	d = ot->devices;
	for (i = 0; i < 3; i++) {
		EV(WR_EV_GET, WR_HOOK_XE_GET_NORESUME, 0, 101, 0, K_GET_NORESUME,
		   F_JOB_CREATE + 0x60, F_BIND_IOCTL + 0x30, K_IOCTL);
		j[i] = last_seq(ot);
		OBJ(WR_HOOK_OBJ_XE_JOB_CREATE, 101, 0, 0xffff888100d00000ull + i * 0x1000);
	}
	/* the third job (another queue), then the first; their works' kworkers */
	OBJ(WR_HOOK_OBJ_XE_JOB_DESTROY, 8, 1, 0xffff888100d02000ull);
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_TAIL_CALL, 8, 1, K_PUT, F_FREE_JOB,
			F_SCHED_WORK + 0x50, K_WORK), WR_PAIR_OBJECT);
	OBJ(WR_HOOK_OBJ_XE_JOB_DESTROY, 9, 0, 0xffff888100d00000ull);
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, 0, 9, 0, K_PUT, K_THUNK, F_SCHED_WORK + 0x50,
			K_WORK), WR_PAIR_OBJECT);
	CHECK(!holds(d, j[2]) && !holds(d, j[0]) && holds(d, j[1]) && holds(d, vm));
	CHECK_EQ_U64(d->paired[WR_PAIR_FALLBACK], 0);
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * Two kworkers whose pids hash alike (9 and 64): the first is in a commit's
 * tail, waiting for the flip, when the second runs a G2H worker.  The
 * first's object is still there for its put.
 */
static void tasks_that_hash_alike_keep_their_objects(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	struct wr_device *d;

	OBJ(WR_HOOK_OBJ_XE_COMMIT, 101, 0, 0xffff888100aa0000ull);
	EV(WR_EV_GET, WR_HOOK_XE_GET, 0, 101, 0, K_GET, F_XE_DISP_GET, F_DISP_GET + 0x20,
	   F_COMMIT + 0x90, F_ATOMIC_IOCTL + 0x40, K_IOCTL);
	d = ot->devices;
	OBJ(WR_HOOK_OBJ_XE_COMMIT_TAIL, 9, 1, 0xffff888100aa0000ull);
	OBJ(WR_HOOK_OBJ_XE_CT_RECEIVE, 64, 0, CT0);
	EV(WR_EV_GET, WR_HOOK_XE_GET_IF_ACTIVE, 0, 64, 0, K_GET_IF_ACTIVE, F_RECEIVE + 0x30,
	   K_WORK);
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_CALL_UNSEEN, 64, 0, K_PUT, K_WORK),
		     WR_PAIR_OBJECT);
	CHECK_EQ_U64(EV(WR_EV_PUT, WR_HOOK_XE_PUT, WR_EVF_TAIL_CALL, 9, 1, K_PUT, F_DISP_PUT,
			F_COMMIT_TAIL + 0x60, F_COMMIT_WORK + 0x10, K_WORK), WR_PAIR_OBJECT);
	CHECK_EQ_U64(d->nr_owners, 0);
	owners__free(ot);
	ksyms__free(ks);
}

UNIT_MAIN("pairing_paths", T(tasks_that_hash_alike_keep_their_objects), T(jobs_freed_by_jumps_end_their_own), T(readers_of_one_ct_at_once),
	  T(credits_and_readers_per_gt), T(message_put_after_its_request),
	  T(stale_objects_claim_nothing), T(commits_end_their_own_state))
