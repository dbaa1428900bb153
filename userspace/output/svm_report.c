// SPDX-License-Identifier: GPL-2.0
/*
 * svm_report.c - the GPU SVM view's output (svm.h): the oracle's lines for
 * -f owners, text for humans, JSON; and its struct wr_view_ops.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/drivers.h"
#include "kernel/devices.h"
#include "lib/text.h"
#include "lib/json.h"
#include "kernel/ksyms.h"
#include "model/svm.h"

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_gpusvm(const void *a, const void *b)
{
	return cmp_u64((*(struct svm_gpusvm *const *)a)->ptr, (*(struct svm_gpusvm *const *)b)->ptr);
}

static int cmp_range(const void *a, const void *b)
{
	return cmp_u64(((const struct svm_range *)a)->start, ((const struct svm_range *)b)->start);
}

static int cmp_notifier(const void *a, const void *b)
{
	return cmp_u64(((const struct svm_notifier *)a)->start,
		       ((const struct svm_notifier *)b)->start);
}

static const struct svm_state *sort_state(const struct svm_state *st)
{
	size_t i;

	/* the oracle's order: by address; sorting in place changes nothing else */
	if (st->nr_svms)
		qsort(st->svms, st->nr_svms, sizeof(*st->svms), cmp_gpusvm);
	for (i = 0; i < st->nr_svms; i++) {
		struct svm_gpusvm *g = st->svms[i];

		if (g->nr_ranges)
			qsort(g->ranges, g->nr_ranges, sizeof(*g->ranges), cmp_range);
		if (g->nr_notifiers)
			qsort(g->notifiers, g->nr_notifiers, sizeof(*g->notifiers), cmp_notifier);
	}
	return st;
}

/* Device indexes in name order. */
static size_t *dev_order(const struct svm_state *st)
{
	size_t *idx = calloc(st->nr_devs + 1, sizeof(*idx)), i, j, t;

	if (!idx)
		return NULL;
	for (i = 0; i < st->nr_devs; i++)
		idx[i] = i;
	for (i = 1; i < st->nr_devs; i++)
		for (j = i; j > 0 && strcmp(st->devs[idx[j - 1]].name, st->devs[idx[j]].name) > 0;
		     j--) {
			t = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
	return idx;
}

static size_t dev_gpusvms(const struct svm_state *st, size_t dev)
{
	size_t i, n = 0;

	for (i = 0; i < st->nr_svms; i++)
		n += st->svms[i]->dev == (int)dev;
	return n;
}

/* ---- -f owners: exactly the simulated driver's oracle lines (tests/sim/sim.h) */

static void print_lines(FILE *out, void *state, const struct ksyms *ks)
{
	const struct svm_state *st = sort_state(state);
	size_t *order = dev_order(st), d, i, j;
	char buf[96];

	for (d = 0; order && d < st->nr_devs; d++) {
		const struct svm_device *dev = &st->devs[order[d]];

		fprintf(out, "svm %s gpusvms=%zu\n", dev->name, dev_gpusvms(st, order[d]));
		for (i = 0; i < st->nr_svms; i++) {
			const struct svm_gpusvm *g = st->svms[i];

			if (g->dev != (int)order[d])
				continue;
			fprintf(out, "svm %s gpusvm=0x%016" PRIx64 " notifiers=%zu ranges=%zu\n",
				dev->name, g->ptr, g->nr_notifiers, svm_nr_live_ranges(g));
			for (j = 0; j < g->nr_notifiers; j++)
				fprintf(out, "svm %s notifier 0x%" PRIx64 "-0x%" PRIx64 "\n", dev->name,
					g->notifiers[j].start, g->notifiers[j].last);
			for (j = 0; j < g->nr_ranges; j++) {
				const struct svm_range *rg = &g->ranges[j];

				if (!rg->in_tree)
					continue;
				fprintf(out, "svm %s range 0x%" PRIx64 "-0x%" PRIx64 " flags=%s\n",
					dev->name, rg->start, rg->last,
					svm_flags_str(rg->flags, buf, sizeof(buf)));
			}
		}
		fprintf(out, "svm_stats %s invalidations=%" PRIu64 " releases=%" PRIu64
			" unmapped=%" PRIu64 " removed=%" PRIu64 "\n", dev->name,
			dev->st.invalidations, dev->st.releases, dev->st.unmapped,
			dev->st.gc_removed);
	}
	free(order);
}

/* ---- text */

static double ago(uint64_t now_ns, uint64_t ts_ns)
{
	return now_ns > ts_ns ? (now_ns - ts_ns) / 1e9 : 0.0;
}

static void print_stack(FILE *out, const struct ksyms *ks, const struct svm_stack *s,
			const char *indent)
{
	char buf[512];
	bool any = false;
	int i;

	for (i = 0; i < s->nr && s->ip[i]; i++) {
		const struct ksym *sym = ks ? ksyms__find(ks, s->ip[i]) : NULL;

		/* the tracer's own frames; unnamed ones before the first kernel frame */
		if (ksym__is_bpf(sym) || (!sym && !any))
			continue;
		any = true;
		ksyms__snprint(ks, s->ip[i], buf, sizeof(buf));
		fprintf(out, "%s%s\n", indent, buf);
	}
	if (!any)
		fprintf(out, "%s(no stack: made before wakeref attached, or not captured)\n",
			indent);
}

static const char *anomaly_name(enum svm_anomaly_kind kind)
{
	switch (kind) {
	case SVM_AN_GC_BACKLOG:		return "gc-backlog";
	case SVM_AN_ALIVE_AFTER_FINI:	return "alive-after-fini";
	case SVM_AN_RETRY_STORM:	return "get-pages-retry-storm";
	}
	return "?";
}

static const char *dev_name_of(const struct svm_state *st, int dev)
{
	return dev >= 0 && (size_t)dev < st->nr_devs ? st->devs[dev].name : "?";
}

static void print_hist(FILE *out, const struct svm_state *st)
{
	uint64_t max = 0;
	int b, bars;

	for (b = 0; b < SVM_HIST_BUCKETS; b++)
		if (st->hist[b] > max)
			max = st->hist[b];
	if (st->no_lock_time)
		fprintf(out, "  %" PRIu64 " invalidations without the time locked: the driver's "
			"ops->invalidate is not traced\n", st->no_lock_time);
	if (!max)
		return;
	fprintf(out, "  time under the notifier lock (from the driver's invalidate callback to the "
		"notifier's return):\n");
	for (b = 0; b < SVM_HIST_BUCKETS; b++) {
		if (!st->hist[b])
			continue;
		if (!b)
			fprintf(out, "    %10s < 1 us   ", "");
		else if (b == SVM_HIST_BUCKETS - 1)
			fprintf(out, "    %10llu us and up", 1ull << (b - 1));
		else
			fprintf(out, "    %7llu - %-7llu us", 1ull << (b - 1), (1ull << b) - 1);
		bars = (int)((st->hist[b] * 40 + max - 1) / max);
		fprintf(out, " %8" PRIu64 " |%.*s\n", st->hist[b], bars,
			"########################################");
	}
}

static void print_gpusvm_text(FILE *out, const struct svm_state *st,
			      const struct svm_gpusvm *g, const struct ksyms *ks, uint64_t now)
{
	char buf[96], safe[WR_SAFE_SIZE(sizeof(g->comm))];
	size_t j;

	fprintf(out, "  gpusvm 0x%016" PRIx64 " mm 0x%" PRIx64 ": %zu notifiers, %zu ranges, ",
		g->ptr, g->mm, g->nr_notifiers, svm_nr_live_ranges(g));
	if (g->seen_init)
		fprintf(out, "made %.3fs ago by pid %u [%s]%s\n", ago(now, g->init_ns), g->pid,
			text__safe(g->comm, safe, sizeof(safe)),
			g->in_fini ? ", in drm_gpusvm_fini" : "");
	else
		fprintf(out, "made before wakeref attached (first seen %.3fs ago): its older "
			"ranges are not known\n", ago(now, g->init_ns));
	for (j = 0; j < g->nr_notifiers; j++)
		fprintf(out, "    notifier 0x%" PRIx64 "-0x%" PRIx64 " age %.3fs%s\n",
			g->notifiers[j].start, g->notifiers[j].last,
			ago(now, g->notifiers[j].created_ns),
			g->notifiers[j].registered ? "" : ", unregistered from the mm");
	for (j = 0; j < g->nr_ranges; j++) {
		const struct svm_range *rg = &g->ranges[j];

		if (!rg->in_tree)
			continue;
		fprintf(out, "    range 0x%" PRIx64 "-0x%" PRIx64 " flags=%s age %.3fs",
			rg->start, rg->last, svm_flags_str(rg->flags, buf, sizeof(buf)),
			ago(now, rg->created_ns));
		if (rg->unmapped_ns)
			fprintf(out, ", unmapped %.3fs ago", ago(now, rg->unmapped_ns));
		fprintf(out, ", %u get-pages\n", rg->get_pages);
	}
}

static void print_dev_stats_text(FILE *out, const struct svm_dev_stats *ds)
{
	int e;

	fprintf(out, "  invalidations: %" PRIu64 " (", ds->invalidations);
	for (e = 0; e < WR_SVM_EV__COUNT; e++)
		if (ds->by_event[e])
			fprintf(out, "%s %" PRIu64 ", ", svm_event_name(e), ds->by_event[e]);
	fprintf(out, "not blockable %" PRIu64 "), ranges hit %" PRIu64 "\n", ds->skipped,
		ds->ranges_hit);
	fprintf(out, "  ranges: %" PRIu64 " set unmapped, %" PRIu64 " removed by the garbage "
		"collector, %" PRIu64 " evicted; get-pages %" PRIu64 " (%" PRIu64 " failed); "
		"GPU faults failed %" PRIu64 "\n", ds->unmapped, ds->gc_removed, ds->evictions,
		ds->get_pages, ds->get_pages_failed, ds->faults_failed);
}

static void print_anomaly_text(FILE *out, const struct svm_state *st,
			       const struct svm_anomaly *a, const struct ksyms *ks, uint64_t now)
{
	char buf[96];

	fprintf(out, "  %s: %s: %s 0x%" PRIx64 "-0x%" PRIx64 " of gpusvm 0x%016" PRIx64,
		anomaly_name(a->kind), dev_name_of(st, a->dev), a->is_range ? "range" : "notifier",
		a->start, a->last, a->gpusvm);
	switch (a->kind) {
	case SVM_AN_GC_BACKLOG:
		fprintf(out, " flags=%s unmapped %.3fs ago and not removed (threshold %" PRIu64
			" ms)", svm_flags_str(a->flags, buf, sizeof(buf)), ago(now, a->since_ns),
			st->gc_threshold_ns / 1000000);
		break;
	case SVM_AN_ALIVE_AFTER_FINI:
		fprintf(out, " %s when drm_gpusvm_fini returned %.3fs ago",
			a->not_freed ? "removed but never freed (a reference is held)" :
			"still there", ago(now, a->ts_ns));
		break;
	case SVM_AN_RETRY_STORM:
		fprintf(out, " flags=%s: %u failed get-pages calls in a row (last error %" PRId64
			") %.3fs ago", svm_flags_str(a->flags, buf, sizeof(buf)), a->count, a->err,
			ago(now, a->ts_ns));
		break;
	}
	fprintf(out, "; made at:\n");
	print_stack(out, ks, &a->stack, "     ");
}

/* The GC backlog now, as anomalies (not stored: they end when the range goes). */
static size_t backlog(const struct svm_state *st, uint64_t now, struct svm_anomaly **out)
{
	size_t n = svm_gc_backlog(st, now), k = 0, i, j;
	struct svm_anomaly *a;

	*out = NULL;
	if (!n)
		return 0;
	a = calloc(n, sizeof(*a));
	if (!a)
		return 0;
	for (i = 0; i < st->nr_svms; i++)
		for (j = 0; j < st->svms[i]->nr_ranges && k < n; j++) {
			const struct svm_range *rg = &st->svms[i]->ranges[j];

			if (!rg->in_tree || !rg->unmapped_ns || now <= rg->unmapped_ns ||
			    now - rg->unmapped_ns < st->gc_threshold_ns)
				continue;
			a[k].kind = SVM_AN_GC_BACKLOG;
			a[k].dev = st->svms[i]->dev;
			a[k].gpusvm = st->svms[i]->ptr;
			a[k].is_range = true;
			a[k].ptr = rg->ptr;
			a[k].start = rg->start;
			a[k].last = rg->last;
			a[k].flags = rg->flags;
			a[k].since_ns = rg->unmapped_ns;
			a[k].stack = rg->stack;
			k++;
		}
	*out = a;
	return k;
}

static void print_text(FILE *out, void *state, const struct ksyms *ks, uint64_t now)
{
	const struct svm_state *st = sort_state(state);
	size_t *order = dev_order(st), d, i, nb;
	struct svm_anomaly *bl;
	uint64_t lost = svm_lost(st);

	/* no xe device and nothing traced: nothing to say (a machine without GPU SVM) */
	if (!st->received && !st->nr_devs) {
		free(order);
		return;
	}
	fprintf(out, "\nGPU SVM (drm_gpusvm): %zu live on %zu devices\n", st->nr_svms,
		st->nr_devs);
	fprintf(out, "  checked for: ranges unmapped and not collected after %" PRIu64 " ms "
		"(WAKEREF_SVM_GC_THRESHOLD_MS), ranges alive after drm_gpusvm_fini, %d failed "
		"get-pages in a row\n", st->gc_threshold_ns / 1000000, SVM_STORM_FAILURES);
	if (!st->nr_devs)
		fprintf(out, "  no GPU SVM with an mm seen\n");
	for (d = 0; order && d < st->nr_devs; d++) {
		const struct svm_device *dev = &st->devs[order[d]];

		fprintf(out, "%s: %zu GPU SVMs (%" PRIu64 " made, %" PRIu64 " finished since "
			"attach, those with %" PRIu64 " ranges and %" PRIu64 " notifiers alive)\n",
			dev->name, dev_gpusvms(st, order[d]), dev->st.gpusvms_made,
			dev->st.gpusvms_fini, dev->st.fini_ranges, dev->st.fini_notifiers);
		for (i = 0; i < st->nr_svms; i++)
			if (st->svms[i]->dev == (int)order[d])
				print_gpusvm_text(out, st, st->svms[i], ks, now);
		print_dev_stats_text(out, &dev->st);
	}
	free(order);
	if (st->simple_gpusvms)
		fprintf(out, "  %" PRIu64 " userptr-only GPU SVMs (no mm) made: not shown\n",
			st->simple_gpusvms);
	print_hist(out, st);
	if (st->nr_invalidations) {
		uint64_t k = st->nr_invalidations > SVM_RECENT_INVALIDATIONS ?
			     st->nr_invalidations - SVM_RECENT_INVALIDATIONS : 0;

		fprintf(out, "  last invalidations:\n");
		for (; k < st->nr_invalidations; k++) {
			const struct svm_inval *iv = &st->recent[k % SVM_RECENT_INVALIDATIONS];

			fprintf(out, "    %.3fs ago %s %s 0x%" PRIx64 "-0x%" PRIx64 ": %u ranges "
				"hit, %.1f us locked\n", ago(now, iv->ts_ns),
				dev_name_of(st, iv->dev), svm_event_name(iv->event), iv->start,
				iv->last, iv->ranges_hit, iv->held_ns / 1e3);
		}
	}
	nb = backlog(st, now, &bl);
	if (nb || st->nr_anomalies || st->anomalies_dropped)
		fprintf(out, "GPU SVM anomalies: %zu\n", nb + st->nr_anomalies +
			(size_t)st->anomalies_dropped);
	else
		fprintf(out, "GPU SVM anomalies: none\n");
	for (i = 0; i < nb; i++)
		print_anomaly_text(out, st, &bl[i], ks, now);
	free(bl);
	for (i = 0; i < st->nr_anomalies; i++)
		print_anomaly_text(out, st, &st->anomalies[i], ks, now);
	if (st->anomalies_dropped)
		fprintf(out, "  ... and %" PRIu64 " more not kept\n", st->anomalies_dropped);
	fprintf(out, "GPU SVM records: %" PRIu64 ", lost %" PRIu64 ", malformed %" PRIu64 "\n",
		st->received, lost, st->malformed);
	if (lost || st->malformed)
		fprintf(out, "WARNING: GPU SVM records were lost (ring buffer full) or malformed: "
			"this GPU SVM state may be wrong\n");
}

/* ---- JSON */

static void json_stack(struct jw *w, const struct ksyms *ks, const struct svm_stack *s)
{
	char buf[512];
	bool any = false;
	int i;

	jw_array(w, "stack");
	for (i = 0; i < s->nr && s->ip[i]; i++) {
		const struct ksym *sym = ks ? ksyms__find(ks, s->ip[i]) : NULL;

		if (ksym__is_bpf(sym) || (!sym && !any))
			continue;
		any = true;
		ksyms__snprint(ks, s->ip[i], buf, sizeof(buf));
		jw_string(w, NULL, buf);
	}
	jw_end_array(w);
}

static void json_flags(struct jw *w, uint16_t flags)
{
	char buf[96], *tok, *save = NULL;

	jw_array(w, "flags");
	svm_flags_str(flags, buf, sizeof(buf));
	for (tok = strtok_r(buf, ",", &save); flags && tok; tok = strtok_r(NULL, ",", &save))
		jw_string(w, NULL, tok);
	jw_end_array(w);
}

static void json_gpusvm(struct jw *w, const struct svm_gpusvm *g, const struct ksyms *ks,
			uint64_t now)
{
	size_t j;

	jw_object(w, NULL);
	jw_hex(w, "gpusvm", g->ptr);
	jw_hex(w, "mm", g->mm);
	jw_bool(w, "seen_init", g->seen_init);
	jw_bool(w, "in_fini", g->in_fini);
	jw_double(w, "age_s", ago(now, g->init_ns));
	jw_array(w, "notifiers");
	for (j = 0; j < g->nr_notifiers; j++) {
		jw_object(w, NULL);
		jw_hex(w, "start", g->notifiers[j].start);
		jw_hex(w, "last", g->notifiers[j].last);
		jw_bool(w, "registered", g->notifiers[j].registered);
		jw_double(w, "age_s", ago(now, g->notifiers[j].created_ns));
		jw_end_object(w);
	}
	jw_end_array(w);
	jw_array(w, "ranges");
	for (j = 0; j < g->nr_ranges; j++) {
		const struct svm_range *rg = &g->ranges[j];

		if (!rg->in_tree)
			continue;
		jw_object(w, NULL);
		jw_hex(w, "start", rg->start);
		jw_hex(w, "last", rg->last);
		json_flags(w, rg->flags);
		jw_double(w, "age_s", ago(now, rg->created_ns));
		if (rg->unmapped_ns)
			jw_double(w, "unmapped_s", ago(now, rg->unmapped_ns));
		else
			jw_null(w, "unmapped_s");
		jw_u64(w, "get_pages", rg->get_pages);
		json_stack(w, ks, &rg->stack);
		jw_end_object(w);
	}
	jw_end_array(w);
	jw_end_object(w);
}

static void json_dev(struct jw *w, const struct svm_state *st, size_t dev,
		     const struct ksyms *ks, uint64_t now)
{
	const struct svm_dev_stats *ds = &st->devs[dev].st;
	size_t i;
	int e;

	jw_object(w, NULL);
	jw_string(w, "device", st->devs[dev].name);
	jw_array(w, "gpusvms");
	for (i = 0; i < st->nr_svms; i++)
		if (st->svms[i]->dev == (int)dev)
			json_gpusvm(w, st->svms[i], ks, now);
	jw_end_array(w);
	jw_object(w, "stats");
	jw_u64(w, "gpusvms_made", ds->gpusvms_made);
	jw_u64(w, "gpusvms_fini", ds->gpusvms_fini);
	jw_u64(w, "fini_ranges", ds->fini_ranges);
	jw_u64(w, "fini_notifiers", ds->fini_notifiers);
	jw_u64(w, "invalidations", ds->invalidations);
	jw_u64(w, "not_blockable", ds->skipped);
	jw_object(w, "by_event");
	for (e = 0; e < WR_SVM_EV__COUNT; e++)
		jw_u64(w, svm_event_name(e), ds->by_event[e]);
	jw_end_object(w);
	jw_u64(w, "releases", ds->releases);
	jw_u64(w, "ranges_hit", ds->ranges_hit);
	jw_u64(w, "unmapped", ds->unmapped);
	jw_u64(w, "gc_removed", ds->gc_removed);
	jw_u64(w, "evictions", ds->evictions);
	jw_u64(w, "get_pages", ds->get_pages);
	jw_u64(w, "get_pages_failed", ds->get_pages_failed);
	jw_u64(w, "faults_failed", ds->faults_failed);
	jw_end_object(w);
	jw_end_object(w);
}

static void json_anomaly(struct jw *w, const struct svm_state *st, const struct svm_anomaly *a,
			 const struct ksyms *ks, uint64_t now)
{
	jw_object(w, NULL);
	jw_string(w, "kind", anomaly_name(a->kind));
	jw_string(w, "device", dev_name_of(st, a->dev));
	jw_hex(w, "gpusvm", a->gpusvm);
	jw_string(w, "what", a->is_range ? "range" : "notifier");
	jw_hex(w, "start", a->start);
	jw_hex(w, "last", a->last);
	if (a->is_range)
		json_flags(w, a->flags);
	if (a->kind == SVM_AN_GC_BACKLOG)
		jw_double(w, "unmapped_s", ago(now, a->since_ns));
	else
		jw_double(w, "seen_s_ago", ago(now, a->ts_ns));
	if (a->kind == SVM_AN_ALIVE_AFTER_FINI)
		jw_bool(w, "removed_not_freed", a->not_freed);
	if (a->kind == SVM_AN_RETRY_STORM) {
		jw_u64(w, "failures_in_row", a->count);
		jw_i64(w, "last_error", a->err);
	}
	json_stack(w, ks, &a->stack);
	jw_end_object(w);
}

static void print_json(struct jw *w, void *state, const struct ksyms *ks, uint64_t now)
{
	const struct svm_state *st = sort_state(state);
	size_t *order = dev_order(st), d, i, nb;
	struct svm_anomaly *bl;
	uint64_t lost = svm_lost(st), k;
	int b;

	jw_u64(w, "gc_threshold_ms", st->gc_threshold_ns / 1000000);
	jw_u64(w, "retry_storm_failures", SVM_STORM_FAILURES);
	jw_u64(w, "records", st->received);
	jw_u64(w, "lost_records", lost);
	jw_u64(w, "malformed_records", st->malformed);
	jw_bool(w, "state_may_be_wrong", lost || st->malformed);
	jw_u64(w, "userptr_only_gpusvms", st->simple_gpusvms);
	jw_array(w, "devices");
	for (d = 0; order && d < st->nr_devs; d++)
		json_dev(w, st, order[d], ks, now);
	jw_end_array(w);
	free(order);
	jw_object(w, "invalidations");
	jw_u64(w, "count", st->nr_invalidations);
	jw_u64(w, "without_lock_time", st->no_lock_time);
	jw_array(w, "lock_held_us");
	for (b = 0; b < SVM_HIST_BUCKETS; b++) {
		if (!st->hist[b])
			continue;
		jw_object(w, NULL);
		jw_u64(w, "from_us", b ? 1ull << (b - 1) : 0);
		if (b < SVM_HIST_BUCKETS - 1)
			jw_u64(w, "below_us", 1ull << b);
		else
			jw_null(w, "below_us");
		jw_u64(w, "count", st->hist[b]);
		jw_end_object(w);
	}
	jw_end_array(w);
	jw_array(w, "recent");
	k = st->nr_invalidations > SVM_RECENT_INVALIDATIONS ?
	    st->nr_invalidations - SVM_RECENT_INVALIDATIONS : 0;
	for (; k < st->nr_invalidations; k++) {
		const struct svm_inval *iv = &st->recent[k % SVM_RECENT_INVALIDATIONS];

		jw_object(w, NULL);
		jw_string(w, "device", dev_name_of(st, iv->dev));
		jw_hex(w, "gpusvm", iv->gpusvm);
		jw_string(w, "event", svm_event_name(iv->event));
		jw_hex(w, "start", iv->start);
		jw_hex(w, "last", iv->last);
		jw_u64(w, "ranges_hit", iv->ranges_hit);
		jw_u64(w, "locked_ns", iv->held_ns);
		jw_double(w, "ago_s", ago(now, iv->ts_ns));
		jw_end_object(w);
	}
	jw_end_array(w);
	jw_end_object(w);
	nb = backlog(st, now, &bl);
	jw_array(w, "anomalies");
	for (i = 0; i < nb; i++)
		json_anomaly(w, st, &bl[i], ks, now);
	for (i = 0; i < st->nr_anomalies; i++)
		json_anomaly(w, st, &st->anomalies[i], ks, now);
	jw_end_array(w);
	jw_u64(w, "anomalies_not_kept", st->anomalies_dropped);
	free(bl);
}

/* ---- the view */

/*
 * The xe devices bound now, each with its GPU SVMs (none until a record
 * says otherwise): the view lists every one, as the driver would, not only
 * those with activity.
 */
static void *create(bool seed)
{
	struct svm_state *st = svm_state_new();
	struct wr_pm_state dev[WR_MAX_DEVICES];
	const struct wr_driver_info *di;
	int n, i;

	if (!st || !seed)
		return st;
	n = devices__discover(dev, WR_MAX_DEVICES);
	for (i = 0; i < n; i++) {
		di = drivers__by_bound(dev[i].driver);
		if (di && di->gpusvm && svm_device_of(st, dev[i].name) < 0) {
			svm_state_free(st);
			return NULL;
		}
	}
	return st;
}

static void destroy(void *state)
{
	svm_state_free(state);
}

static int frames(const void *data, size_t size, const uint64_t **stack)
{
	const struct wr_svm_record *r = data;

	if (size != sizeof(*r) || r->nr_frames <= 0)
		return 0;
	*stack = (const uint64_t *)r->stack;
	return r->nr_frames < WR_MAX_FRAMES ? r->nr_frames : WR_MAX_FRAMES;
}

static void on_record(void *state, const void *data, size_t size)
{
	/* the BPF side's records have their own size, a snapshot's never */
	if (size != sizeof(struct wr_svm_record) && svm_snapshot_restore(state, data, size))
		return;
	svm_on_record(state, data, size);
}

const struct wr_view_ops wr_svm_view = {
	.name = "svm",
	.feature = WR_FEAT_SVM,
	.create = create,
	.destroy = destroy,
	.on_record = on_record,
	.print_text = print_text,
	.print_lines = print_lines,
	.print_json = print_json,
	.frames = frames,
	.nr_anomalies = svm_nr_anomalies,
	.snapshot = svm_snapshot,
};
