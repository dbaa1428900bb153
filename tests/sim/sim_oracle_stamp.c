// SPDX-License-Identifier: GPL-2.0
/*
 * When the oracle's references were taken and let go, to the nanosecond, so
 * that the scenario runner can line its pairs up with wakeref's
 * (tests/scenario/scn_pairs.c).  wakeref stamps a get when the entry point
 * returns (fexit) and a put when it is entered (fentry).  The oracle, though,
 * records a reference after the driver call that took it returned, often
 * several calls up, and must end a record before the call that puts it: a
 * function whose last act is the put (a tail call) has nothing after it.
 *
 * So the driver code arms the oracle in the context that is about to call,
 * and the entry points stamp what is armed there:
 *
 *   sim_oracle_arm_get(gpu, unit)  before a call that takes a reference of
 *                                  UNIT; each get entry point of that unit
 *                                  stamps it as it returns (the last one
 *                                  wins); sim_oracle_hold() and _note()
 *                                  read the stamp and disarm it
 *   sim_oracle_arm_put(gpu, owner) before the call that puts OWNER's
 *                                  reference (already off the owners list):
 *                                  the first put entry point of its unit
 *                                  stamps it as it is entered, logs the pair
 *                                  (sim_oracle_pairs.c) and disarms it
 *
 * "The context" is the task, or for an interrupt the CPU and its level
 * (softirq, hard IRQ), and the device: the same call chain.  A get arm
 * replaces an older one of the same context and unit (the driver reads one
 * before it arms the next).  With nothing armed an entry point costs one
 * atomic read (the bench op arms nothing).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/hardirq.h>
#include <linux/ktime.h>
#include <linux/smp.h>
#include <linux/spinlock.h>

#include "sim.h"

#define SIM_ARMS	64

struct sim_arm {
	bool used;
	bool put;
	const struct task_struct *task;
	int cpu;			/* interrupts: where; else -1 */
	u8 level;			/* 0 task, 1 softirq, 2 hard IRQ */
	struct sim_gpu *gpu;
	enum sim_unit unit;
	u64 seq;			/* newer arms win */
	struct sim_stamp at;		/* get: the stamp, 0 ns until the get returned */
	struct sim_owner *owner;	/* put: the record it ends */
	bool free_owner;		/* put: the stamp frees the record */
};

static struct sim_arm sim_arms[SIM_ARMS];
static DEFINE_SPINLOCK(sim_arms_lock);
static atomic_t sim_nr_arms = ATOMIC_INIT(0);
static u64 sim_arm_seq;

static void sim_arm_here(struct sim_arm *here)
{
	here->task = current;
	here->level = in_hardirq() ? 2 : in_serving_softirq() ? 1 : 0;
	here->cpu = here->level ? raw_smp_processor_id() : -1;
}

static bool sim_arm_match(const struct sim_arm *a, const struct sim_arm *here,
			  struct sim_gpu *gpu, enum sim_unit unit, bool put)
{
	return a->used && a->put == put && a->gpu == gpu && a->unit == unit &&
	       a->task == here->task && a->level == here->level && a->cpu == here->cpu;
}

/* The newest arm of this context; with sim_arms_lock held. */
static struct sim_arm *sim_arm_find(struct sim_gpu *gpu, enum sim_unit unit, bool put)
{
	struct sim_arm here, *found = NULL;
	unsigned int i;

	sim_arm_here(&here);
	for (i = 0; i < SIM_ARMS; i++) {
		struct sim_arm *a = &sim_arms[i];

		if (sim_arm_match(a, &here, gpu, unit, put) && (!found || a->seq > found->seq))
			found = a;
	}
	return found;
}

static void sim_arm_free(struct sim_arm *a)
{
	a->used = false;
	atomic_dec(&sim_nr_arms);
}

/*
 * A slot for a new arm, taken (sim_arm_free() gives it back): a free one, or
 * the oldest get arm (left by a get that kept nothing).  NULL if all are puts.
 */
static struct sim_arm *sim_arm_take(void)
{
	struct sim_arm *oldest = NULL;
	unsigned int i;

	for (i = 0; i < SIM_ARMS; i++) {
		struct sim_arm *a = &sim_arms[i];

		if (!a->used) {
			oldest = a;
			break;
		}
		if (!a->put && (!oldest || a->seq < oldest->seq))
			oldest = a;
	}
	if (!oldest)
		return NULL;
	if (oldest->used)
		sim_arm_free(oldest);
	oldest->used = true;
	oldest->seq = ++sim_arm_seq;
	sim_arm_here(oldest);
	atomic_inc(&sim_nr_arms);
	return oldest;
}

void sim_oracle_arm_get(struct sim_gpu *gpu, enum sim_unit unit)
{
	struct sim_arm *a;
	unsigned long flags;

	spin_lock_irqsave(&sim_arms_lock, flags);
	a = sim_arm_find(gpu, unit, false);
	if (a)
		a->seq = ++sim_arm_seq;
	else
		a = sim_arm_take();
	if (a) {
		a->put = false;
		a->gpu = gpu;
		a->unit = unit;
		a->at.ns = 0;
		a->owner = NULL;
	}
	spin_unlock_irqrestore(&sim_arms_lock, flags);
	if (!a)
		pr_info_ratelimited("oracle: every stamp slot is taken by a put\n");
}

static struct sim_stamp sim_stamp_now(void)
{
	return (struct sim_stamp){ .ns = ktime_get_ns(), .cpu = raw_smp_processor_id() };
}

/* The stamp of the last get armed here (disarmed), or now if there is none. */
struct sim_stamp sim_oracle_armed_get(struct sim_gpu *gpu, enum sim_unit unit)
{
	struct sim_stamp at = {};
	struct sim_arm *a;
	unsigned long flags;

	spin_lock_irqsave(&sim_arms_lock, flags);
	a = sim_arm_find(gpu, unit, false);
	if (a) {
		at = a->at;
		sim_arm_free(a);
	}
	spin_unlock_irqrestore(&sim_arms_lock, flags);
	return at.ns ? at : sim_stamp_now();
}

/* A get entry point of UNIT, as it returns with a reference. */
void sim_oracle_stamp_get(struct sim_gpu *gpu, enum sim_unit unit)
{
	struct sim_stamp at;
	struct sim_arm *a;
	unsigned long flags;

	if (!atomic_read(&sim_nr_arms))
		return;
	at = sim_stamp_now();
	spin_lock_irqsave(&sim_arms_lock, flags);
	a = sim_arm_find(gpu, unit, false);
	if (a)
		a->at = at;
	spin_unlock_irqrestore(&sim_arms_lock, flags);
}

void sim_oracle_arm_put(struct sim_gpu *gpu, struct sim_owner *owner, bool free_owner)
{
	struct sim_arm *a;
	unsigned long flags;

	spin_lock_irqsave(&sim_arms_lock, flags);
	a = sim_arm_take();
	if (a) {
		a->put = true;
		a->gpu = gpu;
		a->unit = owner->unit;
		a->at.ns = 0;
		a->owner = owner;
		a->free_owner = free_owner;
	}
	spin_unlock_irqrestore(&sim_arms_lock, flags);
	if (a)
		return;
	/* no slot: the pair is logged now, a little before its put */
	pr_info_ratelimited("oracle: no stamp slot left for a put\n");
	sim_pairs_add(gpu, owner, &(struct sim_stamp){ ktime_get_ns(), raw_smp_processor_id() });
	if (free_owner)
		sim_oracle_free(owner);
}

/*
 * After the call that was to put OWNER: false if no entry point took the arm
 * (a put of another unit than the record's); its pair is logged now, just
 * after the put.
 */
bool sim_oracle_disarm_put(struct sim_gpu *gpu, struct sim_owner *owner)
{
	struct sim_arm *a = NULL;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&sim_arms_lock, flags);
	for (i = 0; i < SIM_ARMS; i++) {
		if (sim_arms[i].used && sim_arms[i].put && sim_arms[i].owner == owner) {
			a = &sim_arms[i];
			sim_arm_free(a);
			break;
		}
	}
	spin_unlock_irqrestore(&sim_arms_lock, flags);
	if (!a)
		return true;
	sim_pairs_add(gpu, owner, &(struct sim_stamp){ ktime_get_ns(), raw_smp_processor_id() });
	return false;
}

/* A put entry point of UNIT, first thing: end the record armed here. */
void sim_oracle_stamp_put(struct sim_gpu *gpu, enum sim_unit unit)
{
	struct sim_owner *owner = NULL;
	bool free_owner = false;
	struct sim_stamp at;
	struct sim_arm *a;
	unsigned long flags;

	if (!atomic_read(&sim_nr_arms))
		return;
	at = sim_stamp_now();
	spin_lock_irqsave(&sim_arms_lock, flags);
	a = sim_arm_find(gpu, unit, true);
	if (a) {
		owner = a->owner;
		free_owner = a->free_owner;
		sim_arm_free(a);
	}
	spin_unlock_irqrestore(&sim_arms_lock, flags);
	if (!owner)
		return;
	sim_pairs_add(gpu, owner, &at);
	if (free_owner)
		sim_oracle_free(owner);
}
