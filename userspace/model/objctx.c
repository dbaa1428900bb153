// SPDX-License-Identifier: GPL-2.0
/*
 * objctx.c - objects announced by the drivers' functions (WR_EV_OBJ), per
 * task, waiting for the get or put made inside the function (owners.h).
 *
 * A task may be inside several such functions at once: an exec-queue
 * message's processing sends the GuC a request (guc_ct_send_locked, whose
 * first credit takes a reference for the CT), then ends with the message's
 * put; the G2H readers release credits (__g2h_release_space) and signal
 * fences (__invalidation_fence_signal) between their own get and put.  So
 * each task keeps the objects of the functions it entered, innermost last;
 * a get or put taken by one of them means the functions entered after it
 * have returned.  Hard IRQ code runs as the task it interrupted and nests
 * on top of it; the idle tasks (pid 0) are one per CPU.
 */
#include <string.h>

#include "model/owners.h"

#define PROBE	8	/* slots a task may be in, from its hash on */

static bool is_task(const struct wr_obj_task *t, uint32_t pid, uint32_t cpu)
{
	return t->nr && t->pid == pid && (pid || t->cpu == cpu);
}

/*
 * The task's slot: one of PROBE from its hash on.  Tasks whose hashes meet
 * (a kworker whose commit tail waits for a flip, and the G2H worker) must
 * not lose each other's objects: a new task takes a free slot, else the one
 * whose last announce is the oldest.  NEW: a slot for a new task.
 */
static struct wr_obj_task *slot(struct wr_owners *ot, uint32_t pid, uint32_t cpu, bool new)
{
	uint32_t key = pid ? pid : 0x80000000u | cpu;
	uint32_t h = (key * 0x9e3779b1u) >> 26, i;
	struct wr_obj_task *t, *lru = NULL;

	/* no task waits for an object: the usual, and eight probes saved an event */
	if (!new && !ot->nr_obj_tasks)
		return NULL;
	for (i = 0; i < PROBE; i++) {
		t = &ot->obj_tasks[(h + i) % WR_OBJ_CTX];
		if (is_task(t, pid, cpu))
			return t;
		if (!new)
			continue;
		if (!t->nr)
			lru = !lru || lru->nr ? t : lru;
		else if (!lru || (lru->nr && t->used < lru->used))
			lru = t;
	}
	return lru;
}

void owners__obj_announce(struct wr_owners *ot, uint32_t pid, uint32_t cpu, uint16_t hook,
			  uint64_t obj)
{
	struct wr_obj_task *t = slot(ot, pid, cpu, false);
	struct wr_obj_ctx *c;

	ot->objs_seen++;
	if (!t) {
		t = slot(ot, pid, cpu, true);
		ot->nr_obj_tasks += !t->nr;	/* else it takes the place of another */
		t->pid = pid;
		t->cpu = cpu;
		t->nr = 0;		/* free, or the least recently used task's */
	}
	t->used = ot->events + 1;
	if (t->nr == WR_OBJ_DEPTH) {
		/* the outermost is the oldest: a function entered long ago */
		memmove(&t->ctx[0], &t->ctx[1], sizeof(t->ctx[0]) * (WR_OBJ_DEPTH - 1));
		t->nr--;
	}
	c = &t->ctx[t->nr++];
	c->obj = obj;
	c->seq = ot->events + 1;
	c->hook = hook;
	c->touched = false;
	c->got = false;
}

struct wr_obj_task *owners__obj_task(struct wr_owners *ot, uint32_t pid, uint32_t cpu)
{
	return slot(ot, pid, cpu, false);
}

void owners__obj_take(struct wr_owners *ot, struct wr_obj_task *t, int i, bool keep)
{
	ot->objs_bound++;
	if (keep) {
		t->ctx[i].got = true;
		t->nr = i + 1;
		return;
	}
	ot->nr_obj_tasks -= t->nr && !i;
	t->nr = i;
}

void owners__obj_touch(struct wr_obj_task *t)
{
	int i;

	for (i = 0; i < t->nr; i++)
		t->ctx[i].touched = true;
}
