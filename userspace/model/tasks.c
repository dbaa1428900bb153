// SPDX-License-Identifier: GPL-2.0
/* tasks.c - who took a wakeref and during what, interned (see tasks.h). */
#include <stdlib.h>
#include <string.h>

#include "model/tasks.h"

#define KEY_BYTES	offsetof(struct wr_task, next)
#define MIX		0x9e3779b97f4a7c15ull

const struct wr_task tasks__unknown = { .sys_nr = -1 };

static uint64_t hash_key(const struct wr_task *k)
{
	const unsigned char *p = (const unsigned char *)k;
	uint64_t h = 0, w;
	size_t i;

	for (i = 0; i < KEY_BYTES; i += sizeof(w)) {
		memcpy(&w, p + i, sizeof(w));
		h = (h ^ w) * MIX;
	}
	return h ^ h >> 29;
}

static int grow(struct wr_tasks *t)
{
	size_t n = t->nr_buckets ? 2 * t->nr_buckets : 256, i;
	struct wr_task **b = calloc(n, sizeof(*b)), *s, *next;

	if (!b)
		return -1;
	for (i = 0; i < t->nr_buckets; i++)
		for (s = t->bucket[i]; s; s = next) {
			next = s->next;
			s->next = b[s->hash & (n - 1)];
			b[s->hash & (n - 1)] = s;
		}
	free(t->bucket);
	t->bucket = b;
	t->nr_buckets = n;
	return 0;
}

_Static_assert(KEY_BYTES == WR_TASK_KEY_WORDS * sizeof(uint64_t), "the key is five words");

const struct wr_task *tasks__get_slow(struct wr_tasks *t, const struct wr_task *key)
{
	struct wr_task **recent = &t->recent[(key->tgid * 0x9e3779b1u) >> 26];
	struct wr_task *s;
	uint64_t h;

	h = hash_key(key);
	if (t->nr >= t->nr_buckets && grow(t))
		return NULL;
	for (s = t->bucket[h & (t->nr_buckets - 1)]; s; s = s->next)
		if (s->hash == h && tasks__same(s, key))
			goto found;
	s = malloc(sizeof(*s));
	if (!s)
		return NULL;
	memcpy(s, key, KEY_BYTES);
	s->hash = h;
	s->refs = 0;
	s->next = t->bucket[h & (t->nr_buckets - 1)];
	t->bucket[h & (t->nr_buckets - 1)] = s;
	t->nr++;
	t->nr_idle++;
found:
	t->nr_idle -= !s->refs++;
	*recent = s;
	return s;
}

/* tasks__put() made more than WR_TASKS_MAX_IDLE tasks idle: they go */
void tasks__sweep_idle(struct wr_tasks *t)
{
	struct wr_task *s, **pp;
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
	memset(t->recent, 0, sizeof(t->recent));
}

void tasks__free(struct wr_tasks *t)
{
	struct wr_task *s, *next;
	size_t i;

	for (i = 0; i < t->nr_buckets; i++)
		for (s = t->bucket[i]; s; s = next) {
			next = s->next;
			free(s);
		}
	free(t->bucket);
	memset(t, 0, sizeof(*t));
}
