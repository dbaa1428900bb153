/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stacks.h - kernel stacks interned: owners taken from one place share one
 * copy of their stack, so that 100,000 owners from a handful of call sites
 * cost a handful of stacks (the daemon's memory follows the sites, not the
 * owners).
 */
#ifndef WR_STACKS_H
#define WR_STACKS_H

#include <stddef.h>
#include <stdint.h>

/* One interned stack (the table's; in the header for the in-line paths below). */
struct wr_stack {
	struct wr_stack *next;
	uint64_t hash;
	uint32_t refs, nr;
	uint64_t ip[];
};

struct wr_stacks {
	struct wr_stack **bucket;
	size_t nr_buckets;
	size_t nr;		/* distinct stacks held */
	size_t nr_idle;		/* of them, without a reference: kept for the next get */
	uint64_t gen;		/* unique to the table and its stacks since it last freed one */
};

/*
 * A caller's memo of one stack it interns again and again (model/site.c
 * keeps one per stack it has seen): the stack's hash, and its interned
 * copy as long as the table it is in has freed no stack since.
 */
struct wr_stack_memo {
	uint64_t hash;			/* 0: not known yet */
	const struct wr_stacks *t;
	uint64_t gen;			/* t->gen when ip was interned */
	const uint64_t *ip;
};

static inline struct wr_stack *stacks__of(const uint64_t *ip)
{
	return (struct wr_stack *)((const char *)ip - offsetof(struct wr_stack, ip));
}

/* The interned copy of IP[0..NR), one more reference to it; NULL: no memory (or NR 0). */
const uint64_t *stacks__get(struct wr_stacks *t, const uint64_t *ip, uint32_t nr);
const uint64_t *stacks__get_memo_slow(struct wr_stacks *t, const uint64_t *ip, uint32_t nr,
				      struct wr_stack_memo *m);
/*
 * The same, for a stack that M (NULL: none) remembers: IP[0..NR) must be
 * the stack M was first used for.  M is filled for the next time.  In
 * line: M's stack still interned is a get at every event's path.
 */
static inline const uint64_t *stacks__get_memo(struct wr_stacks *t, const uint64_t *ip,
					       uint32_t nr, struct wr_stack_memo *m)
{
	/* m->gen is never 0 once m->ip is set: t->gen is not 0 either */
	if (nr && m && m->ip && m->t == t && m->gen == t->gen) {
		struct wr_stack *s = stacks__of(m->ip);

		t->nr_idle -= !s->refs++;
		return s->ip;
	}
	return stacks__get_memo_slow(t, ip, nr, m);
}
/* The hash of IP, an interned copy (from stacks__get()): equal stacks, equal hashes. */
uint64_t stacks__hash_of(const uint64_t *ip);
/*
 * A device that goes idle drops its owner's last reference at every put,
 * and the next get brings the same stack back: stacks without references
 * stay, and go all at once when there are more than this.
 */
#define WR_STACKS_MAX_IDLE	1024

void stacks__sweep_idle(struct wr_stacks *t);
/* Drop a reference taken by stacks__get (NULL is fine).  In line: every put's. */
static inline void stacks__put(struct wr_stacks *t, const uint64_t *ip)
{
	if (ip && !--stacks__of(ip)->refs && ++t->nr_idle > WR_STACKS_MAX_IDLE)
		stacks__sweep_idle(t);
}
void stacks__free(struct wr_stacks *t);

#endif
