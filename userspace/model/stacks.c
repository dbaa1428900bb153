// SPDX-License-Identifier: GPL-2.0
/* stacks.c - interned kernel stacks (see stacks.h). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model/stacks.h"

struct wr_stack {
	struct wr_stack *next;
	uint64_t hash;
	uint32_t refs, nr;
	uint64_t ip[];
};

static uint64_t hash_ips(const uint64_t *ip, uint32_t nr)
{
	uint64_t h = 0xcbf29ce484222325ull ^ nr;
	uint32_t i;

	for (i = 0; i < nr; i++)
		h = (h ^ ip[i]) * 0x100000001b3ull;
	return h ^ (h >> 29);
}

static int grow(struct wr_stacks *t)
{
	size_t n = t->nr_buckets ? t->nr_buckets * 2 : 256, i;
	struct wr_stack **b = calloc(n, sizeof(*b)), *s, *next;

	if (!b)
		return -1;
	for (i = 0; i < t->nr_buckets; i++) {
		for (s = t->bucket[i]; s; s = next) {
			next = s->next;
			s->next = b[s->hash & (n - 1)];
			b[s->hash & (n - 1)] = s;
		}
	}
	free(t->bucket);
	t->bucket = b;
	t->nr_buckets = n;
	return 0;
}

const uint64_t *stacks__get(struct wr_stacks *t, const uint64_t *ip, uint32_t nr)
{
	uint64_t h = hash_ips(ip, nr);
	struct wr_stack *s;

	if (!nr)
		return NULL;
	if (t->nr >= t->nr_buckets && grow(t))
		return NULL;
	for (s = t->bucket[h & (t->nr_buckets - 1)]; s; s = s->next) {
		if (s->hash == h && s->nr == nr && !memcmp(s->ip, ip, nr * sizeof(*ip))) {
			t->nr_idle -= !s->refs++;
			return s->ip;
		}
	}
	s = malloc(sizeof(*s) + nr * sizeof(*ip));
	if (!s)
		return NULL;
	s->hash = h;
	s->refs = 1;
	s->nr = nr;
	memcpy(s->ip, ip, nr * sizeof(*ip));
	s->next = t->bucket[h & (t->nr_buckets - 1)];
	t->bucket[h & (t->nr_buckets - 1)] = s;
	t->nr++;
	return s->ip;
}

/*
 * A device that goes idle drops its owner's last reference at every put,
 * and the next get brings the same stack back: stacks without references
 * stay, and go all at once when there are more than this.
 */
#define WR_STACKS_MAX_IDLE	1024

static void sweep_idle(struct wr_stacks *t)
{
	struct wr_stack *s, **pp;
	size_t i;

	for (i = 0; i < t->nr_buckets; i++) {
		for (pp = &t->bucket[i]; (s = *pp);) {
			if (s->refs) {
				pp = &s->next;
				continue;
			}
			*pp = s->next;
			free(s);
			t->nr--;
		}
	}
	t->nr_idle = 0;
}

void stacks__put(struct wr_stacks *t, const uint64_t *ip)
{
	struct wr_stack *s;

	if (!ip)
		return;
	s = (struct wr_stack *)((const char *)ip - offsetof(struct wr_stack, ip));
	if (--s->refs)
		return;
	if (++t->nr_idle > WR_STACKS_MAX_IDLE)
		sweep_idle(t);
}

void stacks__free(struct wr_stacks *t)
{
	struct wr_stack *s, *next;
	size_t i;

	for (i = 0; i < t->nr_buckets; i++)
		for (s = t->bucket[i]; s; s = next) {
			next = s->next;
			free(s);
		}
	free(t->bucket);
	memset(t, 0, sizeof(*t));
}
