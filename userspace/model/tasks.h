/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tasks.h - who took an owner's wakeref and during what (the thread group,
 * comm, system call, ioctl and DRM client of struct wr_event), interned:
 * owners taken by one task in one call share one copy, so that 100,000
 * owners cost a pointer each for it, not 48 bytes.
 */
#ifndef WR_TASKS_H
#define WR_TASKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wakeref.h"

struct wr_task {
	/* the key: every byte up to next, padding included (zeroed) */
	uint64_t client;		/* DRM ioctl: struct drm_file * or client id, 0: none */
	uint32_t tgid;
	int32_t sys_nr;			/* the system call of the get, -1: none */
	uint32_t ioctl_cmd;		/* sys_nr is ioctl: its cmd */
	bool client_is_id;
	char pad[3];
	char comm[WR_COMM_LEN];
	/* the table's */
	struct wr_task *next;
	uint64_t hash;
	uint32_t refs;
};

#define WR_TASKS_RECENT	64

struct wr_tasks {
	struct wr_task **bucket;
	size_t nr_buckets;
	size_t nr;			/* distinct ones held */
	size_t nr_idle;			/* of them, without a reference: kept for a get */
	/* the last one got per thread group (a slot per hash of tgid): the next get's likeliest */
	struct wr_task *recent[WR_TASKS_RECENT];
};

/* Shared by owners that could not get theirs (no memory): nothing known. */
extern const struct wr_task tasks__unknown;

#define WR_TASK_KEY_WORDS	5	/* the key, in 64-bit words */

/* The same key: five words compared in line (a get per event's path) */
static inline bool tasks__same(const struct wr_task *a, const struct wr_task *b)
{
	const uint64_t *x = (const uint64_t *)a, *y = (const uint64_t *)b;

	return !((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3]) | (x[4] ^ y[4]));
}

const struct wr_task *tasks__get_slow(struct wr_tasks *t, const struct wr_task *key);

/*
 * The interned copy of KEY (every field up to next set, pad zeroed; comm
 * terminated), one more reference to it; NULL: no memory.
 */
static inline const struct wr_task *tasks__get(struct wr_tasks *t, const struct wr_task *key)
{
	struct wr_task *s = t->recent[(key->tgid * 0x9e3779b1u) >> 26];

	if (s && tasks__same(s, key)) {
		t->nr_idle -= !s->refs++;
		return s;
	}
	return tasks__get_slow(t, key);
}

/* the idle ones go all at once past this many (as stacks.h's) */
#define WR_TASKS_MAX_IDLE	1024

void tasks__sweep_idle(struct wr_tasks *t);

/* Drop a reference taken by tasks__get (NULL is fine).  In line: every put's. */
static inline void tasks__put(struct wr_tasks *t, const struct wr_task *task)
{
	struct wr_task *s = (struct wr_task *)task;

	if (s && s != &tasks__unknown && !--s->refs && ++t->nr_idle > WR_TASKS_MAX_IDLE)
		tasks__sweep_idle(t);
}

void tasks__free(struct wr_tasks *t);

#endif
