// SPDX-License-Identifier: GPL-2.0
/*
 * report_text.c - the text report.
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
 * point and how the owners were paired.  All but the ages comes from
 * fragments the report cache keeps while the table is unchanged
 * (rcache.h): a daemon answers dumps many times a second.
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
#include "output/rcache.h"
#include "output/report_sleep.h"

static void print_frames(FILE *out, const struct ksyms *ks, const uint64_t *ip, uint32_t nr)
{
	char buf[512];
	uint32_t i;

	for (i = 0; i < nr; i++) {
		site__snprint_frame(ks, ip, i, buf, sizeof(buf));
		fprintf(out, "   %s\n", buf);
	}
}

/* What the fragments of a group or a device are made from (rcache.h). */
struct frag_arg {
	const struct ksyms *ks;
	const struct wr_device *d;
	const struct wr_rc_group *g;
	const struct wr_frames *frames;
};

static void make_frames(FILE *out, const void *arg)
{
	const struct frag_arg *a = arg;

	print_frames(out, a->ks, a->frames->ip, a->frames->nr);
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

/* A group up to its age: how many, the stack, " (oldest " */
static void make_group_head(FILE *out, const void *arg)
{
	const struct frag_arg *a = arg;
	const struct wr_owner *o = a->g->g->oldest;

	fprintf(out, "Wakeref x%zu taken at:\n", a->g->g->n);
	print_frames(out, a->ks, o->frames, o->nr_frames);
	fputs(" (oldest ", out);
}

/*
 * The rest of a group, after its age: who took it, during what, how it was
 * paired (when the device saw puts, so that it says something).
 */
static void make_group_tail(FILE *out, const void *arg)
{
	const struct frag_arg *a = arg;
	const struct wr_group *g = a->g->g;
	const struct wr_owner *o = g->oldest;
	char safe[WR_SAFE_SIZE(sizeof(o->task->comm))];
	char during[160];
	struct wr_who w;

	who__of(a->ks, o, a->d->driver, &w);
	fprintf(out, "s ago by pid %u [%s]", o->pid, text__safe(o->task->comm, safe, sizeof(safe)));
	if (o->task->tgid && o->task->tgid != o->pid)
		fprintf(out, " tgid %u", o->task->tgid);
	if (who__during(&w, during, sizeof(during)) > 0)
		fprintf(out, " in %s", during);
	if (w.module)
		fprintf(out, ", owner in %s, outside %s", w.module,
			w.driver_module ? w.driver_module : "the driver");
	fprintf(out, " via %s", a->g->via);
	if (a->d->puts > 0)
		fprintf(out, ", paired: %s", owners__pairing_name(g->weakest));
	fprintf(out, ")\n");
	if (g->uncertain)
		fprintf(out, " (%zu of them uncertain: events were lost, and a lost put may have "
			"ended them)\n", g->uncertain);
}

/* A group, from what the cache keeps of it but its age. */
static void print_group(FILE *out, const struct ksyms *ks, const struct wr_device *d,
			struct wr_rc_group *g, uint64_t now_ns)
{
	const struct wr_owner *o = g->g->oldest;
	struct frag_arg a = { .ks = ks, .d = d, .g = g };

	rcache__put(out, &g->frag[WR_GF_TEXT_HEAD], make_group_head, &a);
	fprintf(out, "%.3f", now_ns > o->ts_ns ? (now_ns - o->ts_ns) / 1e9 : 0.0);
	rcache__put(out, &g->frag[WR_GF_TEXT_TAIL], make_group_tail, &a);
}

static void print_device_text(FILE *out, const struct wr_device *d, const struct ksyms *ks,
			      const struct report_opts *opts)
{
	struct frag_arg a = { .ks = ks, .d = d };
	struct wr_rc_device *e;
	size_t hidden = 0;
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
	e = rcache__device(opts->cache, d, ks);
	if (d->last_acquired.nr) {
		fprintf(out, "Wakeref last acquired:\n");
		a.frames = &d->last_acquired;
		rcache__put(out, e ? &e->frag[WR_DF_ACQUIRED] : NULL, make_frames, &a);
	}
	if (d->last_released.nr) {
		fprintf(out, "Wakeref last released:\n");
		a.frames = &d->last_released;
		rcache__put(out, e ? &e->frag[WR_DF_RELEASED] : NULL, make_frames, &a);
	}
	fprintf(out, "Wakeref count: %" PRIu64 "%s\n", d->nr_owners,
		d->unbound ? " (unbound: its driver is gone)" : "");
	if (!d->nr_owners)
		goto sleep;
	if (!e) {
		fprintf(out, " (out of memory listing owners)\n");
		goto sleep;
	}
	for (i = 0; i < e->groups.nr; i++) {
		if (rcache__shown(&e->g[i], opts->now_ns, opts->min_age_ns))
			print_group(out, ks, d, &e->g[i], opts->now_ns);
		else
			hidden += e->g[i].g->n;
	}
	if (hidden)
		fprintf(out, " (%zu more held by known long-lived holders or younger than "
			"--min-age; --all shows them)\n", hidden);
	print_by_text(out, d, ks, opts);
sleep:
	report__sleep_text(out, d, ks);
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
