// SPDX-License-Identifier: GPL-2.0
/*
 * svm_model.c - the GPU SVM state, rebuilt record by record (see svm.h).
 *
 * What drm_gpusvm keeps, and how it is seen (bpf/README.md, GPU SVM):
 *  - a GPU SVM lives from drm_gpusvm_init (or xe_svm_init, where the
 *    former cannot be traced) to the return of drm_gpusvm_fini; one met
 *    first in a range record existed before wakeref attached ("adopted");
 *  - a notifier is registered with the MM (mmu_interval_notifier_insert)
 *    when its first range is made, and stays in the GPU SVM's list until
 *    it is unregistered (mmu_interval_notifier_remove) and its last range
 *    is gone: drm_gpusvm_range_remove unregisters it after its last range,
 *    drm_gpusvm_fini before removing its ranges;
 *  - a range is in the tree from drm_gpusvm_range_find_or_insert to
 *    drm_gpusvm_range_remove; xe's ranges are memory from
 *    xe_svm_range_alloc to xe_svm_range_free (the last reference);
 *  - its flags are those the BPF side read from the range after each call.
 * Records whose objects are unknown are dropped quietly: a lost record
 * (counted by its sequence gap) can explain them, and the view says so.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/settings.h"
#include "model/svm.h"

static uint64_t env_threshold_ns(void)
{
	const char *v = settings__get(WR_SET_SVM_GC_THRESHOLD_MS);
	uint64_t ms;

	if (!v)
		return SVM_DEFAULT_GC_THRESHOLD_MS * 1000000ull;
	/* at most a day: more would overflow nanoseconds in the age checks */
	if (settings__parse_u64(v, 86400000, &ms)) {
		log_error("WAKEREF_SVM_GC_THRESHOLD_MS='%s' is not a number of milliseconds "
			  "(0..86400000); using %d\n", v, SVM_DEFAULT_GC_THRESHOLD_MS);
		ms = SVM_DEFAULT_GC_THRESHOLD_MS;
	}
	return ms * 1000000ull;
}

struct svm_state *svm_state_new(void)
{
	struct svm_state *st = calloc(1, sizeof(*st));

	if (st)
		st->gc_threshold_ns = env_threshold_ns();
	return st;
}

static void gpusvm_free(struct svm_gpusvm *g)
{
	free(g->ranges);
	free(g->notifiers);
	free(g);
}

void svm_state_free(struct svm_state *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->nr_svms; i++)
		gpusvm_free(st->svms[i]);
	free(st->svms);
	free(st->devs);
	free(st->anomalies);
	free(st);
}

static bool grow(void **arr, size_t *cap, size_t nr, size_t elem)
{
	size_t ncap;
	void *p;

	if (nr < *cap)
		return true;
	ncap = *cap ? 2 * *cap : 8;
	p = realloc(*arr, ncap * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = ncap;
	return true;
}

int svm_device_of(struct svm_state *st, const char *name)
{
	char buf[WR_DEV_LEN];
	struct svm_device *d;
	size_t i;

	memcpy(buf, name, sizeof(buf));
	buf[sizeof(buf) - 1] = '\0';
	if (!buf[0])
		strcpy(buf, "?");
	for (i = 0; i < st->nr_devs; i++)
		if (!strcmp(st->devs[i].name, buf))
			return i;
	d = realloc(st->devs, (st->nr_devs + 1) * sizeof(*d));
	if (!d)
		return -1;
	st->devs = d;
	memset(&d[st->nr_devs], 0, sizeof(*d));
	strcpy(d[st->nr_devs].name, buf);
	return st->nr_devs++;
}

static struct svm_dev_stats *dev_stats(struct svm_state *st, int dev)
{
	static struct svm_dev_stats sink;	/* out of memory: counted nowhere */

	return dev >= 0 && (size_t)dev < st->nr_devs ? &st->devs[dev].st : &sink;
}

struct svm_gpusvm *svm_find_gpusvm(const struct svm_state *st, uint64_t ptr)
{
	size_t i;

	for (i = 0; ptr && i < st->nr_svms; i++)
		if (st->svms[i]->ptr == ptr)
			return st->svms[i];
	return NULL;
}

static void copy_stack(struct svm_stack *s, const struct wr_svm_record *r)
{
	int n = r->nr_frames > 0 ? r->nr_frames : 0;

	if (n > WR_MAX_FRAMES)
		n = WR_MAX_FRAMES;
	s->nr = n;
	memcpy(s->ip, r->stack, n * sizeof(s->ip[0]));
}

/* The GPU SVM of R, made (adopted) if unknown; NULL without memory. */
struct svm_gpusvm *svm_add_gpusvm(struct svm_state *st, uint64_t ptr)
{
	struct svm_gpusvm *g;

	if (!grow((void **)&st->svms, &st->cap_svms, st->nr_svms, sizeof(*st->svms)))
		return NULL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->ptr = ptr;
	st->svms[st->nr_svms++] = g;
	return g;
}

static struct svm_gpusvm *gpusvm_of(struct svm_state *st, const struct wr_svm_record *r)
{
	struct svm_gpusvm *g = svm_find_gpusvm(st, r->gpusvm);

	if (g || !r->gpusvm)
		return g;
	g = svm_add_gpusvm(st, r->gpusvm);
	if (!g)
		return NULL;
	g->dev = svm_device_of(st, r->dev);
	g->init_ns = r->ts_ns;
	return g;
}

static void gpusvm_drop(struct svm_state *st, struct svm_gpusvm *g)
{
	size_t i;

	for (i = 0; i < st->nr_svms; i++) {
		if (st->svms[i] != g)
			continue;
		st->svms[i] = st->svms[--st->nr_svms];
		gpusvm_free(g);
		return;
	}
}

static struct svm_range *find_range(const struct svm_gpusvm *g, uint64_t ptr)
{
	size_t i;

	for (i = 0; g && i < g->nr_ranges; i++)
		if (g->ranges[i].ptr == ptr)
			return &g->ranges[i];
	return NULL;
}

/* A range by address in whichever GPU SVM has it (free and GC records). */
static struct svm_range *find_any_range(const struct svm_state *st, uint64_t ptr,
					struct svm_gpusvm **gp)
{
	struct svm_range *rg;
	size_t i;

	for (i = 0; i < st->nr_svms; i++) {
		rg = find_range(st->svms[i], ptr);
		if (rg) {
			*gp = st->svms[i];
			return rg;
		}
	}
	return NULL;
}

struct svm_range *svm_add_range(struct svm_gpusvm *g, uint64_t ptr)
{
	struct svm_range *rg;

	if (!grow((void **)&g->ranges, &g->cap_ranges, g->nr_ranges, sizeof(*g->ranges)))
		return NULL;
	rg = &g->ranges[g->nr_ranges++];
	memset(rg, 0, sizeof(*rg));
	rg->ptr = ptr;
	return rg;
}

static void drop_range(struct svm_gpusvm *g, struct svm_range *rg)
{
	*rg = g->ranges[--g->nr_ranges];
}

static struct svm_notifier *find_notifier(const struct svm_gpusvm *g, uint64_t ptr)
{
	size_t i;

	for (i = 0; g && i < g->nr_notifiers; i++)
		if (g->notifiers[i].ptr == ptr)
			return &g->notifiers[i];
	return NULL;
}

struct svm_notifier *svm_add_notifier(struct svm_gpusvm *g, uint64_t ptr)
{
	struct svm_notifier *n;

	if (!grow((void **)&g->notifiers, &g->cap_notifiers, g->nr_notifiers,
		  sizeof(*g->notifiers)))
		return NULL;
	n = &g->notifiers[g->nr_notifiers++];
	memset(n, 0, sizeof(*n));
	n->ptr = ptr;
	return n;
}

/* The notifier PTR of G, made if unknown (with R's notifier interval). */
static struct svm_notifier *notifier_of(struct svm_gpusvm *g, uint64_t ptr,
					const struct wr_svm_record *r)
{
	struct svm_notifier *n = find_notifier(g, ptr);

	if (n || !ptr)
		return n;
	n = svm_add_notifier(g, ptr);
	if (!n)
		return NULL;
	n->start = r->nstart;
	n->last = r->nlast;
	n->registered = true;
	n->created_ns = r->ts_ns;
	return n;
}

static size_t notifier_ranges(const struct svm_gpusvm *g, uint64_t notifier)
{
	size_t i, n = 0;

	for (i = 0; i < g->nr_ranges; i++)
		n += g->ranges[i].in_tree && g->ranges[i].notifier == notifier;
	return n;
}

/* Gone from the GPU SVM's list: unregistered, and its last range removed. */
static void notifier_settle(struct svm_gpusvm *g, uint64_t ptr)
{
	struct svm_notifier *n = find_notifier(g, ptr);

	if (n && !n->registered && !notifier_ranges(g, ptr))
		*n = g->notifiers[--g->nr_notifiers];
}

size_t svm_nr_live_ranges(const struct svm_gpusvm *g)
{
	size_t i, n = 0;

	for (i = 0; i < g->nr_ranges; i++)
		n += g->ranges[i].in_tree;
	return n;
}

static struct svm_anomaly *add_anomaly(struct svm_state *st, enum svm_anomaly_kind kind,
				       const struct svm_gpusvm *g, uint64_t ts_ns)
{
	struct svm_anomaly *a;

	if (st->nr_anomalies >= SVM_MAX_ANOMALIES) {
		st->anomalies_dropped++;
		return NULL;
	}
	if (!st->anomalies) {
		st->anomalies = calloc(SVM_MAX_ANOMALIES, sizeof(*st->anomalies));
		if (!st->anomalies) {
			st->anomalies_dropped++;
			return NULL;
		}
	}
	a = &st->anomalies[st->nr_anomalies++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->dev = g->dev;
	a->gpusvm = g->ptr;
	a->ts_ns = ts_ns;
	return a;
}

static void range_flags(struct svm_range *rg, const struct wr_svm_record *r)
{
	uint16_t valid = r->flags_valid & ((1u << WR_SVMF_NR) - 1);

	rg->flags = (rg->flags & ~valid) | (r->flags & valid);
	rg->flags_known |= valid;
	if (!(rg->flags & WR_SVMF_UNMAPPED))
		rg->unmapped_ns = 0;
	else if (!rg->unmapped_ns)
		rg->unmapped_ns = r->ts_ns;
}

/*
 * The range of R with R's flags; INSERT (find_or_insert) puts it in the tree,
 * as does its first sight (a range from before wakeref attached, or whose
 * insert was lost).  Others only update it: a removed range that is not
 * freed yet stays out of the tree.
 */
static struct svm_range *range_of(struct svm_state *st, const struct wr_svm_record *r,
				  bool insert)
{
	struct svm_gpusvm *g = gpusvm_of(st, r);
	struct svm_range *rg;

	if (!g || !r->range)
		return NULL;
	rg = find_range(g, r->range);
	if (!rg) {
		rg = svm_add_range(g, r->range);
		if (!rg)
			return NULL;
		rg->created_ns = r->ts_ns;
		insert = true;
	}
	if (insert && !rg->in_tree) {
		rg->in_tree = true;
		rg->notifier = r->notifier;
		if (!rg->stack.nr) {
			copy_stack(&rg->stack, r);
			rg->pid = r->pid;
			memcpy(rg->comm, r->comm, sizeof(rg->comm));
		}
		notifier_of(g, r->notifier, r);
	}
	rg->start = r->start;
	rg->last = r->last;
	range_flags(rg, r);
	return rg;
}

static void on_init(struct svm_state *st, const struct wr_svm_record *r)
{
	struct svm_gpusvm *g;

	if (r->hook == WR_HOOK_SVM_INIT)
		st->saw_init_hook = true;
	if (!r->mm) {
		/* a userptr-only GPU SVM: no notifiers, no ranges; counted once */
		if (r->hook == WR_HOOK_SVM_INIT || !st->saw_init_hook)
			st->simple_gpusvms++;
		return;
	}
	g = svm_find_gpusvm(st, r->gpusvm);
	/* xe_svm_init returns after drm_gpusvm_init: the same GPU SVM */
	if (g && g->seen_init && r->hook == WR_HOOK_SVM_XE_INIT)
		return;
	if (g)
		gpusvm_drop(st, g);	/* its fini was lost: start afresh */
	g = gpusvm_of(st, r);
	if (!g)
		return;
	g->seen_init = true;
	g->mm = r->mm;
	g->pid = r->pid;
	memcpy(g->comm, r->comm, sizeof(g->comm));
	copy_stack(&g->stack, r);
	dev_stats(st, g->dev)->gpusvms_made++;
}

static struct svm_anomaly *fini_leftover(struct svm_state *st, const struct svm_gpusvm *g,
					 const struct wr_svm_record *r, bool is_range,
					 uint64_t ptr, uint64_t start, uint64_t last,
					 const struct svm_stack *stack)
{
	struct svm_anomaly *a = add_anomaly(st, SVM_AN_ALIVE_AFTER_FINI, g, r->ts_ns);

	if (!a)
		return NULL;
	a->is_range = is_range;
	a->ptr = ptr;
	a->start = start;
	a->last = last;
	a->stack = *stack;
	return a;
}

/*
 * drm_gpusvm_fini removes every notifier and range: what is left at its
 * return is leaked (or its removal was lost: the view says when records were).
 */
static void on_fini(struct svm_state *st, const struct wr_svm_record *r)
{
	struct svm_gpusvm *g = svm_find_gpusvm(st, r->gpusvm);
	struct svm_anomaly *a;
	size_t i;

	if (!g)
		return;
	if (r->hook == WR_HOOK_SVM_FINI_ENTER) {
		g->in_fini = true;
		g->fini_ranges = svm_nr_live_ranges(g);
		g->fini_notifiers = g->nr_notifiers;
		dev_stats(st, g->dev)->fini_ranges += g->fini_ranges;
		dev_stats(st, g->dev)->fini_notifiers += g->fini_notifiers;
		return;
	}
	for (i = 0; i < g->nr_ranges; i++) {
		const struct svm_range *rg = &g->ranges[i];

		a = fini_leftover(st, g, r, true, rg->ptr, rg->start, rg->last, &rg->stack);
		if (a) {
			a->not_freed = !rg->in_tree;
			a->flags = rg->flags;
		}
	}
	for (i = 0; i < g->nr_notifiers; i++)
		fini_leftover(st, g, r, false, g->notifiers[i].ptr, g->notifiers[i].start,
			      g->notifiers[i].last, &g->notifiers[i].stack);
	dev_stats(st, g->dev)->gpusvms_fini++;
	gpusvm_drop(st, g);
}

static void on_notifier(struct svm_state *st, const struct wr_svm_record *r)
{
	struct svm_gpusvm *g;
	struct svm_notifier *n;

	if (r->hook == WR_HOOK_SVM_NOTIFIER_INSERT) {
		if (r->ret)
			return;		/* not registered */
		g = gpusvm_of(st, r);
		n = g ? notifier_of(g, r->notifier, r) : NULL;
		if (!n)
			return;
		n->registered = true;
		if (!n->stack.nr)
			copy_stack(&n->stack, r);
		return;
	}
	g = svm_find_gpusvm(st, r->gpusvm);
	n = find_notifier(g, r->notifier);
	if (!n)
		return;
	n->registered = false;
	notifier_settle(g, r->notifier);
}

int svm_hist_bucket(uint64_t ns)
{
	uint64_t us = ns / 1000;
	int b = 0;

	while (us && b < SVM_HIST_BUCKETS - 1) {
		us >>= 1;
		b++;
	}
	return b;
}

static void on_invalidate(struct svm_state *st, const struct wr_svm_record *r)
{
	struct svm_gpusvm *g = gpusvm_of(st, r);
	struct svm_dev_stats *ds;
	struct svm_inval *iv;
	uint32_t hit = 0;
	size_t i;

	if (!g)
		return;
	ds = dev_stats(st, g->dev);
	if (!r->ret) {
		ds->skipped++;
		return;
	}
	for (i = 0; i < g->nr_ranges; i++) {
		const struct svm_range *rg = &g->ranges[i];

		hit += rg->in_tree && rg->notifier == r->notifier && rg->start <= r->last &&
		       rg->last >= r->start;
	}
	ds->invalidations++;
	ds->by_event[r->event < WR_SVM_EV__COUNT ? r->event : WR_SVM_EV_OTHER]++;
	ds->releases += r->event == WR_SVM_EV_RELEASE;
	ds->ranges_hit += hit;
	if (r->held_ns)
		st->hist[svm_hist_bucket(r->held_ns)]++;
	else
		st->no_lock_time++;	/* the driver's callback is not traced */
	iv = &st->recent[st->nr_invalidations++ % SVM_RECENT_INVALIDATIONS];
	iv->ts_ns = r->ts_ns;
	iv->dev = g->dev;
	iv->gpusvm = g->ptr;
	iv->start = r->start;
	iv->last = r->last;
	iv->event = r->event;
	iv->ranges_hit = hit;
	iv->held_ns = r->held_ns;
}

static void on_get_pages(struct svm_state *st, struct svm_gpusvm *g, struct svm_range *rg,
			 const struct wr_svm_record *r)
{
	struct svm_dev_stats *ds = dev_stats(st, g->dev);
	struct svm_anomaly *a;

	/* 6.18-7.2 run both: drm_gpusvm_range_get_pages wraps drm_gpusvm_get_pages */
	if (r->hook == WR_HOOK_SVM_GET_PAGES)
		st->new_pages_api = true;
	else if (st->new_pages_api)
		return;
	rg->get_pages++;
	ds->get_pages++;
	if (r->ret >= 0) {
		rg->fails_in_row = 0;
		return;
	}
	ds->get_pages_failed++;
	rg->last_err = r->ret;
	if (++rg->fails_in_row < SVM_STORM_FAILURES || rg->storm)
		return;
	rg->storm = true;
	a = add_anomaly(st, SVM_AN_RETRY_STORM, g, r->ts_ns);
	if (!a)
		return;
	a->is_range = true;
	a->ptr = rg->ptr;
	a->start = rg->start;
	a->last = rg->last;
	a->flags = rg->flags;
	a->count = rg->fails_in_row;
	a->err = r->ret;
	a->stack = rg->stack;
}

static void on_range(struct svm_state *st, const struct wr_svm_record *r)
{
	struct svm_gpusvm *g = svm_find_gpusvm(st, r->gpusvm);
	struct svm_range *rg;
	uint64_t notifier;

	switch (r->hook) {
	case WR_HOOK_SVM_RANGE_INSERT:
		if (r->ret) {
			g = gpusvm_of(st, r);
			if (g)
				dev_stats(st, g->dev)->faults_failed++;
			return;
		}
		range_of(st, r, true);
		return;
	case WR_HOOK_SVM_RANGE_REMOVE:
		rg = find_range(g, r->range);
		if (!rg)
			return;
		notifier = rg->notifier;
		rg->in_tree = false;
		range_flags(rg, r);
		if (!rg->seen_alloc)
			drop_range(g, rg);	/* no free will be seen */
		notifier_settle(g, notifier);
		return;
	case WR_HOOK_SVM_RANGE_UNMAPPED:
		rg = range_of(st, r, false);
		if (rg)
			dev_stats(st, svm_find_gpusvm(st, r->gpusvm)->dev)->unmapped++;
		return;
	case WR_HOOK_SVM_RANGE_GET_PAGES:
	case WR_HOOK_SVM_GET_PAGES:
		rg = range_of(st, r, false);
		if (rg)
			on_get_pages(st, svm_find_gpusvm(st, r->gpusvm), rg, r);
		return;
	case WR_HOOK_SVM_RANGE_EVICT:
		rg = range_of(st, r, false);
		if (rg)
			dev_stats(st, svm_find_gpusvm(st, r->gpusvm)->dev)->evictions++;
		return;
	case WR_HOOK_SVM_XE_GC:
		rg = range_of(st, r, false);
		if (rg)
			dev_stats(st, svm_find_gpusvm(st, r->gpusvm)->dev)->gc_removed++;
		return;
	default:			/* unmap pages: flags only */
		range_of(st, r, false);
		return;
	}
}

static void on_xe_range(struct svm_state *st, const struct wr_svm_record *r)
{
	struct svm_gpusvm *g;
	struct svm_range *rg;
	uint64_t notifier;

	switch (r->hook) {
	case WR_HOOK_SVM_XE_RANGE_ALLOC:
		g = gpusvm_of(st, r);
		rg = g ? find_range(g, r->range) : NULL;
		if (rg && !rg->in_tree)
			drop_range(g, rg);	/* its free was lost: the address is reused */
		else if (rg)
			return;
		rg = g ? svm_add_range(g, r->range) : NULL;
		if (!rg)
			return;
		rg->seen_alloc = true;
		rg->created_ns = r->ts_ns;
		rg->pid = r->pid;
		memcpy(rg->comm, r->comm, sizeof(rg->comm));
		copy_stack(&rg->stack, r);
		return;
	case WR_HOOK_SVM_XE_RANGE_FREE:
		rg = find_any_range(st, r->range, &g);
		if (!rg)
			return;
		notifier = rg->notifier;
		drop_range(g, rg);
		notifier_settle(g, notifier);
		return;
	}
}

void svm_on_record(struct svm_state *st, const void *data, size_t size)
{
	struct wr_svm_record r;

	st->received++;
	if (size < sizeof(r)) {
		st->malformed++;
		return;
	}
	memcpy(&r, data, sizeof(r));
	if (r.hook < WR_HOOK_SVM_INIT || r.hook > WR_HOOK_SVM_XE_GC || r.nr_frames >
	    WR_MAX_FRAMES) {
		st->malformed++;
		return;
	}
	if (r.seq > st->max_seq)
		st->max_seq = r.seq;
	r.dev[sizeof(r.dev) - 1] = '\0';
	r.comm[sizeof(r.comm) - 1] = '\0';
	switch (r.hook) {
	case WR_HOOK_SVM_INIT:
	case WR_HOOK_SVM_XE_INIT:
		on_init(st, &r);
		break;
	case WR_HOOK_SVM_FINI_ENTER:
	case WR_HOOK_SVM_FINI_EXIT:
		on_fini(st, &r);
		break;
	case WR_HOOK_SVM_NOTIFIER_INSERT:
	case WR_HOOK_SVM_NOTIFIER_REMOVE:
		on_notifier(st, &r);
		break;
	case WR_HOOK_SVM_INVALIDATE_EXIT:
		on_invalidate(st, &r);
		break;
	case WR_HOOK_SVM_XE_RANGE_ALLOC:
	case WR_HOOK_SVM_XE_RANGE_FREE:
		on_xe_range(st, &r);
		break;
	case WR_HOOK_SVM_XE_INVALIDATE:
		break;			/* timing only, folded into the exit record */
	default:
		on_range(st, &r);
		break;
	}
}

uint64_t svm_lost(const struct svm_state *st)
{
	uint64_t asked = st->received ? st->max_seq + 1 : 0;

	return asked > st->received ? asked - st->received : 0;
}

size_t svm_gc_backlog(const struct svm_state *st, uint64_t now_ns)
{
	size_t i, j, n = 0;

	for (i = 0; i < st->nr_svms; i++)
		for (j = 0; j < st->svms[i]->nr_ranges; j++) {
			const struct svm_range *rg = &st->svms[i]->ranges[j];

			n += rg->in_tree && rg->unmapped_ns && now_ns > rg->unmapped_ns &&
			     now_ns - rg->unmapped_ns >= st->gc_threshold_ns;
		}
	return n;
}

int svm_nr_anomalies(void *state, uint64_t now_ns)
{
	const struct svm_state *st = state;

	return st->nr_anomalies + st->anomalies_dropped + svm_gc_backlog(st, now_ns);
}

const char *svm_flags_str(uint16_t flags, char *buf, size_t size)
{
	static const char *const names[WR_SVMF_NR] = {
		"has_devmem_pages", "has_dma_mapping", "migrate_devmem", "partial_unmap",
		"unmapped",
	};
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < WR_SVMF_NR; i++)
		if (flags & (1u << i))
			len += snprintf(buf + len, len < size ? size - len : 0, "%s%s",
					len ? "," : "", names[i]);
	return len ? buf : "-";
}

const char *svm_event_name(unsigned int ev)
{
	static const char *const names[WR_SVM_EV__COUNT] = {
		"unmap", "clear", "protection_vma", "protection_page", "soft_dirty", "release",
		"migrate", "exclusive", "other",
	};

	return ev < WR_SVM_EV__COUNT ? names[ev] : "other";
}
