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
};

/* The interned copy of IP[0..NR), one more reference to it; NULL: no memory (or NR 0). */
const uint64_t *stacks__get(struct wr_stacks *t, const uint64_t *ip, uint32_t nr);
/* Drop a reference taken by stacks__get (NULL is fine). */
void stacks__put(struct wr_stacks *t, const uint64_t *ip);
void stacks__free(struct wr_stacks *t);

#endif
