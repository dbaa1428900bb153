// SPDX-License-Identifier: GPL-2.0
/*
 * report_owners.c - -f owners: "key=value" lines, stable and sorted, for
 * comparison with the simulated driver's oracle and for scripts (igt's
 * hooks, CI): per device its counters, its owners counted per calling
 * function, a "who" line per owner (the task, the system call or ioctl,
 * the context), the uncertain ones; which get each put ended
 * (report_pairs.c); the views' lines; the losses.
 *
 * Everything but the views and the losses is kept by the report cache
 * while the table is unchanged (rcache.h), and a "who" line is made once
 * for all the owners it is the line of (10,000 owners of one leaky path
 * are one line written 10,000 times).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/ksyms.h"
#include "lib/text.h"
#include "model/view.h"
#include "model/who.h"
#include "output/format.h"
#include "output/rcache.h"
#include "output/report_sleep.h"

/* the most owners whose -f owners lines the report cache keeps */
#define WR_OWNERS_KEPT	10000

struct owners_arg {
	const struct wr_owners *ot;
	const struct wr_device *d;
	const struct ksyms *ks;
};

/* The owners of one calling function: counted by address, named once. */
struct caller_count {
	uint64_t caller;
	const char *name;
	size_t n;
};

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct caller_count *)a)->name,
		      ((const struct caller_count *)b)->name);
}

/*
 * The distinct callers of D's owners, counted, each named, sorted by name:
 * an owner costs a probe, not a symbol lookup and its share of a sort of
 * every owner's name (a daemon answers dumps of 10,000 owners many times a
 * second).  The number of them in *NR; NULL: no memory.
 */
static struct caller_count *count_callers(const struct wr_device *d, const struct ksyms *ks,
					  size_t *nr)
{
	struct caller_count *v = NULL, *grown;
	size_t mask = 63, cap = 0, k, i;
	uint32_t *slot = calloc(mask + 1, sizeof(*slot));	/* 1 + index in v, 0: free */
	const struct wr_owner *o;

	*nr = 0;
	if (!slot)
		return NULL;
	for (o = d->head; o; o = o->next) {
		for (k = (o->caller * 0x9e3779b97f4a7c15ull) >> 40 & mask;
		     slot[k] && v[slot[k] - 1].caller != o->caller; k = (k + 1) & mask)
			;
		if (slot[k]) {
			v[slot[k] - 1].n++;
			continue;
		}
		if (*nr == cap) {
			cap = cap ? 2 * cap : 16;
			grown = realloc(v, cap * sizeof(*v));
			if (!grown)
				goto fail;
			v = grown;
		}
		v[*nr] = (struct caller_count){ .caller = o->caller, .n = 1 };
		slot[k] = ++*nr;
		if (2 * *nr > mask) {		/* half full: twice the slots */
			free(slot);
			mask = mask * 2 + 1;
			slot = calloc(mask + 1, sizeof(*slot));
			if (!slot)
				goto fail;
			for (i = 0; i < *nr; i++) {
				for (k = (v[i].caller * 0x9e3779b97f4a7c15ull) >> 40 & mask; slot[k];
				     k = (k + 1) & mask)
					;
				slot[k] = i + 1;
			}
		}
	}
	free(slot);
	for (i = 0; i < *nr; i++) {
		const struct ksym *s = ksyms__find(ks, v[i].caller);

		v[i].name = s && v[i].caller ? s->name : "?";
	}
	qsort(v, *nr, sizeof(*v), cmp_name);
	return v ? v : calloc(1, sizeof(*v));
fail:
	free(slot);
	free(v);
	*nr = 0;
	return NULL;
}

/*
 * What a "who" line says of an owner: equal keys, equal lines.  Stacks
 * and tasks are interned (one pointer, one stack or task).
 */
struct who_key {
	const uint64_t *frames;
	const struct wr_task *task;	/* interned too (model/tasks.h) */
	uint64_t caller;
	uint32_t nr_frames, pid;
};

static void who_key_of(const struct wr_owner *o, struct who_key *k)
{
	memset(k, 0, sizeof(*k));	/* the padding too: keys are compared whole */
	k->frames = o->frames;
	k->task = o->task;
	k->caller = o->caller;
	k->nr_frames = o->nr_frames;
	k->pid = o->pid;
}

static uint64_t who_hash(const struct who_key *k)
{
	const unsigned char *p = (const unsigned char *)k;
	uint64_t h = 14695981039346656037ull;
	size_t i;

	for (i = 0; i < sizeof(*k); i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

static void who_line(FILE *out, const struct wr_device *d, const struct ksyms *ks,
		     const char *dev, const struct wr_owner *o)
{
	const struct ksym *s = ksyms__find(ks, o->caller);
	char safe[WR_SAFE_SIZE(sizeof(o->task->comm))];
	struct wr_who w;
	char *c;

	who__of(ks, o, d->driver, &w);
	text__safe(o->task->comm, safe, sizeof(safe));
	for (c = safe; *c; c++)		/* one word: key=value fields */
		if (*c == ' ')
			*c = '_';
	fprintf(out, "who %s %s pid=%u tgid=%u comm=%s", dev,
		s && o->caller ? s->name : "?", o->pid, o->task->tgid, safe);
	if (w.sys_nr >= 0)
		fprintf(out, " syscall=%s", w.syscall ? w.syscall : "?");
	if (w.sys_nr == WR_NR_IOCTL)
		fprintf(out, " ioctl=%s cmd=0x%x", w.ioctl ? w.ioctl : "?", w.ioctl_cmd);
	if (w.client && w.client_is_id)
		fprintf(out, " client=%" PRIu64, w.client);
	else if (w.client)
		fprintf(out, " client=0x%" PRIx64, w.client);
	if (w.ctx.kind != WR_CTX_NONE)
		fprintf(out, " context=%s", context__kind_name(w.ctx.kind));
	if (w.ctx.fn)
		fprintf(out, " context_fn=%s", w.ctx.fn->name);
	if (w.module)
		fprintf(out, " module=%s", w.module);
	fputc('\n', out);
}

/* The distinct lines made so far: their keys, and where each is in the text. */
struct who_memo {
	struct who_key *keys;
	size_t *off, *len;
	uint32_t *slot;		/* 1 + index, 0: free */
	size_t nr, cap, mask;
	char *text;
	size_t text_len;
	FILE *mem;
};

static int memo_grow(struct who_memo *m)
{
	size_t cap = m->cap ? 2 * m->cap : 64, i, k;
	struct who_key *keys = realloc(m->keys, cap * sizeof(*keys));
	size_t *off, *len;

	if (keys)
		m->keys = keys;
	off = keys ? realloc(m->off, cap * sizeof(*off)) : NULL;
	if (off)
		m->off = off;
	len = off ? realloc(m->len, cap * sizeof(*len)) : NULL;
	if (!len)
		return -1;
	m->len = len;
	m->cap = cap;
	free(m->slot);
	m->mask = 2 * cap - 1;		/* at most half full */
	m->slot = calloc(m->mask + 1, sizeof(*m->slot));
	if (!m->slot)
		return -1;
	for (i = 0; i < m->nr; i++) {
		for (k = who_hash(&m->keys[i]) & m->mask; m->slot[k]; k = (k + 1) & m->mask)
			;
		m->slot[k] = i + 1;
	}
	return 0;
}

/*
 * A "who" line for every owner of D, in the order of the list; each
 * distinct one made once into a text of its own and copied from there.
 * Without memory for that, each is made where it goes.
 */
static void who_lines(FILE *out, const struct wr_device *d, const struct ksyms *ks,
		      const char *dev)
{
	struct who_memo m = { 0 };
	const struct wr_owner *o;
	struct who_key key;
	size_t k, i;
	bool ok;
	long at;

	m.mem = open_memstream(&m.text, &m.text_len);
	ok = m.mem != NULL;
	for (o = d->head; o; o = o->next) {
		if (ok && m.nr == m.cap)
			ok = !memo_grow(&m);
		if (!ok) {
			who_line(out, d, ks, dev, o);
			continue;
		}
		who_key_of(o, &key);
		for (k = who_hash(&key) & m.mask; m.slot[k]; k = (k + 1) & m.mask)
			if (!memcmp(&m.keys[m.slot[k] - 1], &key, sizeof(key)))
				break;
		if (!m.slot[k]) {
			at = ftell(m.mem);
			who_line(m.mem, d, ks, dev, o);
			if (at < 0 || fflush(m.mem)) {
				who_line(out, d, ks, dev, o);
				continue;
			}
			m.keys[m.nr] = key;
			m.off[m.nr] = at;
			m.len[m.nr] = m.text_len - at;
			m.slot[k] = ++m.nr;
		}
		i = m.slot[k] - 1;
		fwrite(m.text + m.off[i], 1, m.len[i], out);
	}
	if (m.mem)
		fclose(m.mem);
	free(m.text);
	free(m.keys);
	free(m.off);
	free(m.len);
	free(m.slot);
}

/*
 * The device's lines: "device", then "owner DEV CALLER COUNT", one line per
 * (device, calling function), sorted, a "who" line per owner, an
 * "uncertain" line per owner a lost put may have ended.  A fragment the
 * report cache keeps (nothing in it depends on the clock).
 */
static void make_device_owners(FILE *out, const void *arg)
{
	const struct wr_device *d = ((const struct owners_arg *)arg)->d;
	const struct ksyms *ks = ((const struct owners_arg *)arg)->ks;
	const char *dev = d->name[0] ? d->name : "?", *name = NULL;
	struct caller_count *callers;
	const struct ksym *s;
	struct wr_owner *o;
	size_t n, i, start, count;
	uint64_t last = 0;

	fprintf(out, "device %s driver=%s count=%" PRIu64 " wakeref_count=%d usage_count=%d"
		" gets=%" PRIu64 " puts=%" PRIu64 " failed_gets=%" PRIu64
		" unmatched_puts=%" PRIu64 " fallback_puts=%" PRIu64 " held_before=%lld"
		" diverged=%d tail_calls=%" PRIu64 " calls_unseen=%" PRIu64 " repaired=%" PRIu64
		" uncertain=%" PRIu64 " overlaps=%" PRIu64 "\n",
		dev, owners__driver_name(d->driver), d->nr_owners,
		d->have_count ? d->wakeref_count : -1, d->usage_count, d->gets, d->puts,
		d->failed_gets, d->unmatched_puts, d->paired[WR_PAIR_FALLBACK],
		(long long)d->held_before, d->diverged.seq != 0, d->tail_calls, d->calls_unseen,
		d->repaired, d->uncertain, d->overlaps);
	callers = count_callers(d, ks, &n);
	if (!callers)
		return;
	/* callers of one name (static functions of two modules, unknown ones) are one line */
	for (start = 0, i = 1, count = n ? callers[0].n : 0; i <= n; i++) {
		if (i < n && !strcmp(callers[start].name, callers[i].name)) {
			count += callers[i].n;
			continue;
		}
		fprintf(out, "owner %s %s %zu\n", dev, callers[start].name, count);
		start = i;
		count = i < n ? callers[i].n : 0;
	}
	/* one line per owner: who, during what, each distinct line made once */
	who_lines(out, d, ks, dev);
	/* the owners a lost put may have ended, by the same names */
	for (o = d->head; o; o = o->next) {
		if (!o->uncertain)
			continue;
		if (o->caller != last || !name) {
			s = o->caller ? ksyms__find(ks, o->caller) : NULL;
			name = s ? s->name : "?";
			last = o->caller;
		}
		fprintf(out, "uncertain %s %s\n", dev, name);
	}
	free(callers);
}
static void make_pair_lines(FILE *out, const void *arg)
{
	const struct owners_arg *a = arg;

	report__pair_lines(out, a->ot, a->ks);
}

void report__owners(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
		    const struct report_opts *opts, const struct wr_loss *loss)
{
	struct owners_arg a = { .ot = ot, .ks = ks };
	struct wr_rc_device *e;

	for (a.d = ot->devices; a.d; a.d = a.d->next) {
		e = rcache__device(opts->cache, a.d, ks);
		/*
		 * A device's lines are kept for the next dump up to
		 * WR_OWNERS_KEPT owners (about a megabyte): 100,000 owners'
		 * are 9 MB, which the daemon would hold as long as its table
		 * does not change (issue #22: its RSS at 100k owners).
		 */
		rcache__put(out, e && a.d->nr_owners <= WR_OWNERS_KEPT ? &e->frag[WR_DF_OWNERS] : NULL,
			    make_device_owners, &a);
		report__sleep_lines(out, a.d, ks);
	}
	rcache__put(out, &opts->cache->pairs, make_pair_lines, &a);
	views__print_lines(out, opts->views, ks);
	fprintf(out, "loss events=%" PRIu64 " ringbuf_drops=%" PRIu64
		" recursion_misses=%" PRIu64 " stack_errors=%" PRIu64,
		loss->events, loss->ringbuf_drops, loss->recursion_misses,
		loss->stack_errors);
	if (loss->kprobe_misses_unreported)
		fprintf(out, " kprobe_misses=unreported\n");
	else
		fprintf(out, " kprobe_misses=%" PRIu64 "\n", loss->kprobe_misses);
}
