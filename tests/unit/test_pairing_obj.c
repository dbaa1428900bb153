// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of pairing by object (site.c, owners.c): xe's jobs take a
 * wakeref in xe_sched_job_create() and release it in xe_sched_job_destroy()
 * from the scheduler's free_job work, in whatever order jobs complete.  The
 * object rows (drivers/hooks.c) announce the job: create's return value,
 * destroy's argument.  Every put must end its own job's get.
 */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "kernel/ksyms.h"
#include "model/site.h"
#include "unit.h"

#define K_GET_NORESUME	0xffffffffc0600005ull
#define K_PUT		0xffffffffc0600105ull
#define F_JOB_CREATE	0xffffffffc0600200ull
#define F_JOB_DESTROY	0xffffffffc0600300ull
#define F_EXEC_IOCTL	0xffffffffc0600400ull
#define F_FREE_JOB	0xffffffffc0600500ull
#define F_MIGRATE_COPY	0xffffffffc0600600ull
#define K_IOCTL		0xffffffff81001230ull
#define K_WORK		0xffffffff81001420ull
#define A_BPF		0xffffffffc0100010ull
#define F_ADD_MSG	0xffffffffc0600700ull
#define F_PROCESS_MSG	0xffffffffc0600800ull
#define F_SUSPEND	0xffffffffc0600900ull
#define XE_DEV		0xffff888099990000ull

static struct ksyms *load(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms-xe-real.txt"));

	CHECK(ks != NULL);
	return ks;
}

static int feed(struct wr_owners *ot, const struct ksyms *ks, uint8_t type, uint16_t hook,
		uint32_t pid, uint64_t cookie, const uint64_t *frames)
{
	struct wr_event e = mk_event(XE_DEV, type, hook, WR_EVF_NO_COUNT, pid, cookie);
	uint64_t buf[WR_MAX_FRAMES];
	struct wr_site site;
	int n = 0;

	e.driver = WR_DRV_XE;
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

/* a job made by PID's exec ioctl: the get inside create, then create's return value */
static uint64_t create(struct wr_owners *ot, const struct ksyms *ks, uint32_t pid, uint64_t job,
		       uint64_t from)
{
	const uint64_t get[] = { K_GET_NORESUME, F_JOB_CREATE + 0x60, from + 0x30, K_IOCTL, 0 };

	feed(ot, ks, WR_EV_GET, WR_HOOK_XE_GET_NORESUME, pid, 0, get);
	feed(ot, ks, WR_EV_OBJ, WR_HOOK_OBJ_XE_JOB_CREATE, pid, job, NULL);
	return ot->devices->tail->seq;
}

/* the free_job work destroys JOB: destroy's argument, then the put inside it */
static int destroy(struct wr_owners *ot, const struct ksyms *ks, uint32_t pid, uint64_t job)
{
	const uint64_t put[] = { K_PUT, F_JOB_DESTROY + 0x40, F_FREE_JOB + 0x20, K_WORK, 0 };

	feed(ot, ks, WR_EV_OBJ, WR_HOOK_OBJ_XE_JOB_DESTROY, pid, job, NULL);
	return feed(ot, ks, WR_EV_PUT, WR_HOOK_XE_PUT, pid, 0, put);
}

static bool holds(const struct wr_device *d, uint64_t seq)
{
	const struct wr_owner *o;

	for (o = d->head; o; o = o->next)
		if (o->seq == seq)
			return true;
	return false;
}

static void jobs_end_their_own_gets(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t a, b, c;
	struct wr_device *d;

	a = create(ot, ks, 101, 0xffff8881000a0000ull, F_EXEC_IOCTL);
	b = create(ot, ks, 102, 0xffff8881000b0000ull, F_MIGRATE_COPY);
	c = create(ot, ks, 103, 0xffff8881000c0000ull, F_EXEC_IOCTL);
	d = ot->devices;
	CHECK_EQ_U64(d->nr_owners, 3);
	CHECK_EQ_U64(ot->objs_bound, 3);
	/* completion order b, a; c is still running */
	CHECK_EQ_U64(destroy(ot, ks, 7, 0xffff8881000b0000ull), WR_PAIR_OBJECT);
	CHECK(!holds(d, b) && holds(d, a) && holds(d, c));
	CHECK_EQ_U64(destroy(ot, ks, 7, 0xffff8881000a0000ull), WR_PAIR_OBJECT);
	CHECK(!holds(d, a) && holds(d, c));
	CHECK_EQ_U64(d->paired[WR_PAIR_OBJECT], 2);
	CHECK_EQ_U64(d->paired[WR_PAIR_FALLBACK], 0);
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * A job made before tracing began is destroyed: its put names an object no
 * owner has, so it may not end a traced job's get (all of those name their
 * own objects): it is a put of a reference from before.
 */
static void a_job_from_before_ends_no_traced_one(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t a;

	a = create(ot, ks, 101, 0xffff8881000a0000ull, F_EXEC_IOCTL);
	CHECK_EQ_U64(destroy(ot, ks, 7, 0xffff888100ff0000ull), (uint64_t)-1);
	CHECK(holds(ot->devices, a));
	CHECK_EQ_U64(ot->devices->unmatched_puts, 1);
	owners__free(ot);
	ksyms__free(ks);
}

/* An object announced for a function the next event is not inside is not taken. */
static void an_object_binds_only_inside_its_function(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	const uint64_t get[] = { K_GET_NORESUME, F_EXEC_IOCTL + 0x90, K_IOCTL, 0 };

	feed(ot, ks, WR_EV_GET, WR_HOOK_XE_GET_NORESUME, 101, 0, get);
	/* a return value of create with no get made inside create */
	feed(ot, ks, WR_EV_OBJ, WR_HOOK_OBJ_XE_JOB_CREATE, 101, 0xffff8881000a0000ull, NULL);
	CHECK_EQ_U64(ot->devices->head->obj, 0);
	CHECK_EQ_U64(ot->objs_bound, 0);
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * guc_exec_queue_process_msg() runs from the scheduler's work through a
 * pointer and ends with "jmp xe_pm_runtime_put": its put's stack has no
 * frame of it, and the tracer could not put one back (an indirect call).
 * The put is still its message's, being the worker's first get or put since
 * it was entered; after another one, it is not.
 */
static void tail_jumped_put_of_an_object(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	const uint64_t get[] = { K_GET_NORESUME, F_ADD_MSG + 0x40, F_SUSPEND + 0x30, K_IOCTL, 0 };
	const uint64_t put[] = { K_PUT, K_WORK, 0 };
	uint64_t m1, m2;

	feed(ot, ks, WR_EV_OBJ, WR_HOOK_OBJ_XE_MSG_ADD, 101, 0xffff888100110000ull, NULL);
	feed(ot, ks, WR_EV_GET, WR_HOOK_XE_GET_NORESUME, 101, 0, get);
	m1 = ot->devices->tail->seq;
	feed(ot, ks, WR_EV_OBJ, WR_HOOK_OBJ_XE_MSG_ADD, 102, 0xffff888100220000ull, NULL);
	feed(ot, ks, WR_EV_GET, WR_HOOK_XE_GET_NORESUME, 102, 0, get);
	m2 = ot->devices->tail->seq;
	CHECK_EQ_U64(ot->objs_bound, 2);
	/* the second message is processed first */
	feed(ot, ks, WR_EV_OBJ, WR_HOOK_OBJ_XE_MSG_PROCESS, 7, 0xffff888100220000ull, NULL);
	{
		struct wr_event e = mk_event(XE_DEV, WR_EV_PUT, WR_HOOK_XE_PUT,
					     WR_EVF_NO_COUNT | WR_EVF_CALL_UNSEEN, 7, 0);
		uint64_t buf[WR_MAX_FRAMES];
		struct wr_site site;

		e.driver = WR_DRV_XE;
		e.stack[0] = A_BPF;
		e.stack[1] = put[0];
		e.stack[2] = put[1];
		e.nr_frames = 3;
		CHECK_EQ_U64(site__apply(ot, ks, &e, buf, &site), WR_PAIR_OBJECT);
		CHECK(!holds(ot->devices, m2) && holds(ot->devices, m1));
		/* announced, then another put of the worker first: no longer provably its */
		feed(ot, ks, WR_EV_OBJ, WR_HOOK_OBJ_XE_MSG_PROCESS, 7, 0xffff888100110000ull, NULL);
		feed(ot, ks, WR_EV_PUT, WR_HOOK_XE_PUT, 7, 0, (const uint64_t[]){ K_PUT,
		     F_JOB_DESTROY + 0x40, K_WORK, 0 });
		CHECK(site__apply(ot, ks, &e, buf, &site) != WR_PAIR_OBJECT);
	}
	owners__free(ot);
	ksyms__free(ks);
}

UNIT_MAIN("pairing_obj", T(tail_jumped_put_of_an_object), T(jobs_end_their_own_gets), T(a_job_from_before_ends_no_traced_one),
	  T(an_object_binds_only_inside_its_function))
