// SPDX-License-Identifier: GPL-2.0
/* stacks.c - interned kernel stacks (see stacks.h). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model/stacks.h"

static uint64_t hash_ips(const uint64_t *ip, uint32_t nr)
{
	uint64_t h = 0xcbf29ce484222325ull ^ nr;
	uint32_t i;

	for (i = 0; i < nr; i++)
		h = (h ^ ip[i]) * 0x100000001b3ull;
	h ^= h >> 29;
	return h ? h : 1;	/* 0 means "not known" to a memo */
}

/* Generations of every table: a memo of a freed table never matches a new one. */
static uint64_t last_gen;

static void new_gen(struct wr_stacks *t)
{
	t->gen = ++last_gen;
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

/* stacks__get_memo() when M does not hold the stack: looked up by hash, or made */
const uint64_t *stacks__get_memo_slow(struct wr_stacks *t, const uint64_t *ip, uint32_t nr,
				      struct wr_stack_memo *m)
{
	struct wr_stack *s;
	uint64_t h;

	if (!nr)
		return NULL;
	if (!t->gen)
		new_gen(t);
	if (m && m->ip && m->t == t && m->gen == t->gen) {
		s = stacks__of(m->ip);
		t->nr_idle -= !s->refs++;
		return s->ip;
	}
	h = m && m->hash ? m->hash : hash_ips(ip, nr);
	if (t->nr >= t->nr_buckets && grow(t))
		return NULL;
	for (s = t->bucket[h & (t->nr_buckets - 1)]; s; s = s->next) {
		if (s->hash == h && s->nr == nr && !memcmp(s->ip, ip, nr * sizeof(*ip))) {
			t->nr_idle -= !s->refs++;
			goto found;
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
found:
	if (m) {
		m->hash = h;
		m->t = t;
		m->gen = t->gen;
		m->ip = s->ip;
	}
	return s->ip;
}

uint64_t stacks__hash_of(const uint64_t *ip)
{
	return stacks__of(ip)->hash;
}

const uint64_t *stacks__get(struct wr_stacks *t, const uint64_t *ip, uint32_t nr)
{
	return stacks__get_memo_slow(t, ip, nr, NULL);
}

/* stacks__put() made more than WR_STACKS_MAX_IDLE stacks idle: they go */
void stacks__sweep_idle(struct wr_stacks *t)
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
	new_gen(t);	/* the memos of the stacks freed */
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
