// SPDX-License-Identifier: GPL-2.0
/*
 * report_text.c - the text report and the "owners" lines.
 *
 * The text form follows i915's print_intel_runtime_pm_wakeref() of the
 * debug builds, so that people who know those reports read these at once:
 *
 *   Wakeref last acquired:      stack of the get that took the count 0 -> 1
 *   Wakeref last released:      stack of the put that took it back to 0
 *   Wakeref count: N
 *   Wakeref xN taken at:        one block per distinct stack, 3-space indent,
 *      func+0xoff/0xsize [mod]  frames as %pS prints them
 *
 * Each block ends with what the debug build cannot say: age, task, entry
 * point and how the owners were paired.  The "owners" lines are stable and
 * sorted, for comparison with the simulated driver's oracle.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/text.h"
#include "drivers/drivers.h"
#include "drivers/hooks.h"
#include "kernel/ksyms.h"
#include "model/groups.h"
#include "model/who.h"
#include "output/by.h"
#include "model/site.h"
#include "model/view.h"
#include "output/filter.h"
#include "output/format.h"
#include "output/gpus.h"

static void print_frames(FILE *out, const struct ksyms *ks, const uint64_t *ip, uint32_t nr)
{
	char buf[512];
	uint32_t i;

	for (i = 0; i < nr; i++) {
		site__snprint_frame(ks, ip, i, buf, sizeof(buf));
		fprintf(out, "   %s\n", buf);
	}
}

/* i915 counts in two halves; xe's count is the PM core's usage count. */
static void print_count(FILE *out, const struct wr_device *d, const char *what, int64_t v)
{
	const struct wr_driver_info *di = drivers__info(d->driver);

	if (di && di->wakelock_bias)
		fprintf(out, "%s=%#llx (%lld raw, %lld wakelocks)", what, (long long)v,
			(long long)(v & (WR_I915_WAKELOCK_BIAS - 1)),
			(long long)(v / WR_I915_WAKELOCK_BIAS));
	else
		fprintf(out, "%s=%lld", what, (long long)v);
}

static void print_ground_truth(FILE *out, const struct wr_device *d, const struct ksyms *ks)
{
	const struct wr_driver_info *di = drivers__info(d->driver);
	char safe[WR_SAFE_SIZE(sizeof(d->diverged.comm))];
	const struct ksym *s;

	if (!d->have_count)
		return;
	fprintf(out, "  driver ");
	print_count(out, d, di ? di->count_name : "count", d->wakeref_count);
	if (di && di->own_count)
		fprintf(out, ", PM usage_count=%d", d->usage_count);
	fputc('\n', out);
	if (d->held_before) {
		fprintf(out, "  held before tracing began: ");
		print_count(out, d, "count", d->held_before);
		fputc('\n', out);
	}
	if (!d->diverged.seq)
		return;
	s = ksyms__find(ks, d->diverged.caller);
	fprintf(out, "  DIVERGENCE: the owners explain ");
	print_count(out, d, "count", d->diverged.expected);
	fprintf(out, " but the driver says ");
	print_count(out, d, "count", d->diverged.driver);
	fprintf(out, ",\n  since event #%" PRIu64 ": %s from %s, pid %u [%s]: an event was "
		"missed or a path is not traced\n", d->diverged.seq,
		d->diverged.hook < WR_HOOK__COUNT ? wr_hooks[d->diverged.hook].func : "?",
		s ? s->name : "?", d->diverged.pid,
		text__safe(d->diverged.comm, safe, sizeof(safe)));
}

/* --by KEY: the shown owners counted per key, biggest first */
static void print_by_text(FILE *out, const struct wr_device *d, const struct ksyms *ks,
			  const struct report_opts *opts)
{
	struct wr_by_counts bc;
	size_t i;

	if (opts->by == WR_BY_STACK || by__count(d, ks, opts, &bc))
		return;
	fprintf(out, "Owners by %s:\n", who__by_name(opts->by));
	for (i = 0; i < bc.nr; i++)
		fprintf(out, "  %6zu  %s\n", bc.v[i].n, bc.v[i].key);
	by__free(&bc);
}

/* PAIRED: the device saw puts, so how they were paired says something */
static void print_group(FILE *out, const struct ksyms *ks, const struct wr_device *d,
			const struct wr_group *g, uint64_t now_ns, bool paired)
{
	const struct wr_owner *o = g->oldest;
	char safe[WR_SAFE_SIZE(sizeof(o->task->comm))];
	char during[160];
	struct wr_who w;

	who__of(ks, o, d->driver, &w);
	fprintf(out, "Wakeref x%zu taken at:\n", g->n);
	print_frames(out, ks, o->frames, o->nr_frames);
	fprintf(out, " (oldest %.3fs ago by pid %u [%s]",
		now_ns > o->ts_ns ? (now_ns - o->ts_ns) / 1e9 : 0.0, o->pid,
		text__safe(o->task->comm, safe, sizeof(safe)));
	if (o->task->tgid && o->task->tgid != o->pid)
		fprintf(out, " tgid %u", o->task->tgid);
	if (who__during(&w, during, sizeof(during)) > 0)
		fprintf(out, " in %s", during);
	if (w.module)
		fprintf(out, ", owner in %s, outside %s", w.module,
			w.driver_module ? w.driver_module : "the driver");
	fprintf(out, " via %s", groups__via(ks, o));
	if (paired)
		fprintf(out, ", paired: %s", owners__pairing_name(g->weakest));
	fprintf(out, ")\n");
	if (g->uncertain)
		fprintf(out, " (%zu of them uncertain: events were lost, and a lost put may have "
			"ended them)\n", g->uncertain);
}

static void print_device_text(FILE *out, const struct wr_device *d, const struct ksyms *ks,
			      const struct report_opts *opts)
{
	size_t hidden = 0;
	struct wr_groups g;
	size_t i;

	fprintf(out, "%s: %s runtime PM, %" PRIu64 " gets, %" PRIu64 " puts",
		d->name[0] ? d->name : "?", owners__driver_name(d->driver), d->gets, d->puts);
	fprintf(out, " (%" PRIu64 " exact, %" PRIu64 " object, %" PRIu64 " same-function, %"
		PRIu64 " declared, %" PRIu64 " learned, %" PRIu64 " fallback",
		d->paired[WR_PAIR_EXACT], d->paired[WR_PAIR_OBJECT], d->paired[WR_PAIR_SAME_FN], d->paired[WR_PAIR_DECLARED], d->paired[WR_PAIR_LEARNED],
		d->paired[WR_PAIR_FALLBACK]);
	if (d->unmatched_puts && d->by_tracepoint)
		fprintf(out, ", %" PRIu64 " unmatched: of a wakeref taken before tracing or by a "
			"get variant that has no tracepoint", d->unmatched_puts);
	else if (d->unmatched_puts)
		fprintf(out, ", %" PRIu64 " of a wakeref taken before tracing", d->unmatched_puts);
	fprintf(out, "), %" PRIu64 " failed conditional gets", d->failed_gets);
	if (d->tail_calls)
		fprintf(out, ", %" PRIu64 " tail calls repaired", d->tail_calls);
	if (d->repaired)
		fprintf(out, ", %" PRIu64 " ended by lost puts (the driver's count says so)",
			d->repaired);
	if (d->uncertain)
		fprintf(out, ", %" PRIu64 " uncertain after lost events", d->uncertain);
	if (d->calls_unseen)
		fprintf(out, ", %" PRIu64 " entered by an indirect call (not checked for a tail "
			"call)", d->calls_unseen);
	fputc('\n', out);
	if (d->paired[WR_PAIR_EXACT])
		fprintf(out, "  pairing by cookie: this kernel returns real cookies (debug build)\n");
	print_ground_truth(out, d, ks);
	if (d->last_acquired.nr) {
		fprintf(out, "Wakeref last acquired:\n");
		print_frames(out, ks, d->last_acquired.ip, d->last_acquired.nr);
	}
	if (d->last_released.nr) {
		fprintf(out, "Wakeref last released:\n");
		print_frames(out, ks, d->last_released.ip, d->last_released.nr);
	}
	fprintf(out, "Wakeref count: %" PRIu64 "\n", d->nr_owners);
	if (!d->nr_owners)
		return;
	if (groups__build(d, &g)) {
		fprintf(out, " (out of memory listing owners)\n");
		return;
	}
	for (i = 0; i < g.nr; i++) {
		if (filter__group_shown(opts, &g.v[i], ks))
			print_group(out, ks, d, &g.v[i], opts->now_ns, d->puts > 0);
		else
			hidden += g.v[i].n;
	}
	groups__free(&g);
	if (hidden)
		fprintf(out, " (%zu more held by known long-lived holders or younger than "
			"--min-age; --all shows them)\n", hidden);
	print_by_text(out, d, ks, opts);
}

static void print_loss_text(FILE *out, const struct wr_loss *l)
{
	fprintf(out, "Events: %" PRIu64 ", ring-buffer drops: %" PRIu64
		", recursion misses: %" PRIu64 ", stack errors: %" PRIu64 ", ",
		l->events, l->ringbuf_drops, l->recursion_misses, l->stack_errors);
	if (l->kprobe_misses_unreported)
		fprintf(out, "kprobe misses: not reported by this kernel\n");
	else
		fprintf(out, "kprobe misses: %" PRIu64 "\n", l->kprobe_misses);
	if (l->ringbuf_drops || l->recursion_misses || l->kprobe_misses)
		fprintf(out, "WARNING: events were lost (%s): the owners above may be wrong; "
			"see --ringbuf-size\n", l->where[0] ? l->where : "unknown programs");
}

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

/* "owner DEV CALLER COUNT", one line per (device, calling function), sorted. */
static void print_device_owners(FILE *out, const struct wr_device *d, const struct ksyms *ks)
{
	const char *dev = d->name[0] ? d->name : "?";
	struct caller_count *callers;
	struct wr_owner *o;
	size_t n, i, start, count;

	fprintf(out, "device %s driver=%s count=%" PRIu64 " wakeref_count=%d usage_count=%d"
		" gets=%" PRIu64 " puts=%" PRIu64 " failed_gets=%" PRIu64
		" unmatched_puts=%" PRIu64 " fallback_puts=%" PRIu64 " held_before=%lld"
		" diverged=%d tail_calls=%" PRIu64 " calls_unseen=%" PRIu64 " repaired=%" PRIu64
		" uncertain=%" PRIu64 "\n",
		dev, owners__driver_name(d->driver), d->nr_owners,
		d->have_count ? d->wakeref_count : -1, d->usage_count, d->gets, d->puts,
		d->failed_gets, d->unmatched_puts, d->paired[WR_PAIR_FALLBACK],
		(long long)d->held_before, d->diverged.seq != 0, d->tail_calls, d->calls_unseen,
		d->repaired, d->uncertain);
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
	/* one line per owner: who, during what */
	for (o = d->head; o; o = o->next) {
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
	/* the owners a lost put may have ended, by the same names */
	for (o = d->head; o; o = o->next) {
		const struct ksym *s;

		if (!o->uncertain)
			continue;
		s = ksyms__find(ks, o->caller);
		fprintf(out, "uncertain %s %s\n", dev, s && o->caller ? s->name : "?");
	}
	free(callers);
}

void report__text(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
		  const struct report_opts *opts, const struct wr_loss *loss)
{
	const struct wr_device *d;

	if (opts->gpus)
		gpus__print_text(out, opts->gpus, ot, ks, opts->now_ns);
	else
		gpus__print_owner_verdicts(out, ot, ks, opts->now_ns);
	for (d = ot->devices; d; d = d->next) {
		print_device_text(out, d, ks, opts);
		fputc('\n', out);
	}
	if (!ot->devices)
		fprintf(out, "No runtime-PM events seen.\n");
	views__print_text(out, opts->views, ks, opts->now_ns);
	print_loss_text(out, loss);
}

void report__owners(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
		    const struct report_opts *opts, const struct wr_loss *loss)
{
	const struct wr_device *d;

	for (d = ot->devices; d; d = d->next)
		print_device_owners(out, d, ks);
	report__pair_lines(out, ot, ks);
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
