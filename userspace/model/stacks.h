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

struct wr_stack;

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

/* The interned copy of IP[0..NR), one more reference to it; NULL: no memory (or NR 0). */
const uint64_t *stacks__get(struct wr_stacks *t, const uint64_t *ip, uint32_t nr);
/*
 * The same, for a stack that M (NULL: none) remembers: IP[0..NR) must be
 * the stack M was first used for.  M is filled for the next time.
 */
const uint64_t *stacks__get_memo(struct wr_stacks *t, const uint64_t *ip, uint32_t nr,
				 struct wr_stack_memo *m);
/* The hash of IP, an interned copy (from stacks__get()): equal stacks, equal hashes. */
uint64_t stacks__hash_of(const uint64_t *ip);
/* Drop a reference taken by stacks__get (NULL is fine). */
void stacks__put(struct wr_stacks *t, const uint64_t *ip);
void stacks__free(struct wr_stacks *t);

#endif
