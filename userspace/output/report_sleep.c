// SPDX-License-Identifier: GPL-2.0
/*
 * report_sleep.c - a device's system sleep and unbind in the text, JSON and
 * owners reports (report_sleep.h).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/drivers.h"
#include "drivers/hooks.h"
#include "kernel/ksyms.h"
#include "lib/text.h"
#include "model/site.h"
#include "model/sleep.h"
#include "output/report_sleep.h"

static const char *fn_name(const struct ksyms *ks, uint64_t addr)
{
	const struct ksym *s = addr ? ksyms__find(ks, addr) : NULL;

	return s ? s->name : "?";
}

static const char *hook_fn(uint16_t hook)
{
	return hook < WR_HOOK__COUNT ? wr_hooks[hook].func : "?";
}

static void print_frames(FILE *out, const struct ksyms *ks, const uint64_t *ip, uint32_t nr)
{
	char buf[512];
	uint32_t i;

	for (i = 0; i < nr; i++) {
		site__snprint_frame(ks, ip, i, buf, sizeof(buf));
		fprintf(out, "   %s\n", buf);
	}
}

/* The driver's count as i915 WARNs it, or xe's usage count. */
static void print_driver_count(FILE *out, const struct wr_device *d, const struct wr_held_at *h)
{
	const struct wr_driver_info *di = drivers__info(d->driver);

	if (!h->have_count)
		return;
	if (di && di->wakelock_bias)
		fprintf(out, ", driver: raw-wakerefs=%d wakelocks=%d",
			h->driver_count & (WR_I915_WAKELOCK_BIAS - 1),
			h->driver_count / WR_I915_WAKELOCK_BIAS);
	else
		fprintf(out, ", driver count %d", h->driver_count);
}

static void print_held(FILE *out, const struct wr_device *d, const struct ksyms *ks,
		       const struct wr_held_at *h, const char *when)
{
	char safe[WR_SAFE_SIZE(WR_COMM_LEN)];
	size_t i;

	fprintf(out, "Held at %s (%s, pid %u [%s]): %zu wakeref%s", when, hook_fn(h->hook),
		h->pid, text__safe(h->comm, safe, sizeof(safe)), h->nr, h->nr == 1 ? "" : "s");
	print_driver_count(out, d, h);
	fputc('\n', out);
	for (i = 0; i < h->nr; i++) {
		const struct wr_owner *o = &h->owners[i];

		fprintf(out, "Wakeref held at %s, taken at:\n", when);
		print_frames(out, ks, o->frames, o->nr_frames);
		fprintf(out, " (by %s, pid %u [%s], %.3fs before%s)\n", fn_name(ks, o->caller),
			o->pid, text__safe(o->task->comm, safe, sizeof(safe)),
			h->ts_ns > o->ts_ns ? (h->ts_ns - o->ts_ns) / 1e9 : 0.0,
			o->asleep ? ", taken while suspended" : "");
	}
}

void report__sleep_text(FILE *out, const struct wr_device *d, const struct ksyms *ks)
{
	const struct wr_sleep *s = d->sleep;
	char safe[WR_SAFE_SIZE(WR_COMM_LEN)];
	size_t i;

	if (!sleep__any(d))
		return;
	if (s->suspends) {
		fprintf(out, "System suspend: %" PRIu64 " suspend%s (%" PRIu64 " failed), %" PRIu64
			" resume%s%s\n", s->suspends, s->suspends == 1 ? "" : "s", s->failed,
			s->resumes, s->resumes == 1 ? "" : "s", s->asleep ? ", asleep now" : "");
		print_held(out, d, ks, &s->at_suspend, "system suspend");
	}
	if (s->gets_asleep || s->puts_asleep) {
		fprintf(out, "WARNING: %" PRIu64 " get%s and %" PRIu64 " put%s while suspended "
			"(after the suspend callback returned, before a resume callback):\n",
			s->gets_asleep, s->gets_asleep == 1 ? "" : "s", s->puts_asleep,
			s->puts_asleep == 1 ? "" : "s");
		for (i = 0; i < s->nr_events; i++) {
			const struct wr_asleep_event *a = &s->events[i];

			fprintf(out, "Wakeref %s while suspended by %s, pid %u [%s]:\n",
				a->type == WR_EV_GET ? "taken" : "released", fn_name(ks, a->caller),
				a->pid, text__safe(a->comm, safe, sizeof(safe)));
			print_frames(out, ks, a->frames, a->nr_frames);
		}
		if (s->nr_events < s->gets_asleep + s->puts_asleep)
			fprintf(out, " (%" PRIu64 " more not kept)\n",
				s->gets_asleep + s->puts_asleep - s->nr_events);
	}
	if (s->at_release.taken)
		print_held(out, d, ks, &s->at_release, "unbind");
}

static void put_held(struct jw *w, const struct ksyms *ks, const struct wr_held_at *h,
		     const char *key)
{
	char buf[512];
	uint32_t k;
	size_t i;

	jw_object(w, key);
	jw_string(w, "hook", hook_fn(h->hook));
	jw_u64(w, "ts_ns", h->ts_ns);
	jw_u64(w, "pid", h->pid);
	jw_string(w, "comm", h->comm);
	if (h->have_count)
		jw_i64(w, "driver_count", h->driver_count);
	jw_u64(w, "count", h->nr);
	jw_array(w, "owners");
	for (i = 0; i < h->nr; i++) {
		const struct wr_owner *o = &h->owners[i];

		jw_object(w, NULL);
		jw_string(w, "owner", fn_name(ks, o->caller));
		jw_u64(w, "pid", o->pid);
		jw_string(w, "comm", o->task->comm);
		jw_u64(w, "ts_ns", o->ts_ns);
		jw_bool(w, "taken_while_suspended", o->asleep);
		jw_array(w, "stack");
		for (k = 0; k < o->nr_frames; k++) {
			site__snprint_frame(ks, o->frames, k, buf, sizeof(buf));
			jw_string(w, NULL, buf);
		}
		jw_end_array(w);
		jw_end_object(w);
	}
	jw_end_array(w);
	jw_end_object(w);
}

void report__sleep_json(struct jw *w, const struct wr_device *d, const struct ksyms *ks)
{
	const struct wr_sleep *s = d->sleep;
	char buf[512];
	uint32_t k;
	size_t i;

	if (!sleep__any(d))
		return;
	jw_object(w, "sleep");
	jw_u64(w, "suspends", s->suspends);
	jw_u64(w, "failed_suspends", s->failed);
	jw_u64(w, "resumes", s->resumes);
	jw_bool(w, "asleep", s->asleep);
	if (s->at_suspend.taken)
		put_held(w, ks, &s->at_suspend, "held_at_suspend");
	jw_u64(w, "gets_while_suspended", s->gets_asleep);
	jw_u64(w, "puts_while_suspended", s->puts_asleep);
	jw_array(w, "while_suspended");
	for (i = 0; i < s->nr_events; i++) {
		const struct wr_asleep_event *a = &s->events[i];

		jw_object(w, NULL);
		jw_string(w, "type", a->type == WR_EV_GET ? "get" : "put");
		jw_string(w, "hook", hook_fn(a->hook));
		jw_string(w, "function", fn_name(ks, a->caller));
		jw_u64(w, "ts_ns", a->ts_ns);
		jw_u64(w, "pid", a->pid);
		jw_string(w, "comm", a->comm);
		jw_array(w, "stack");
		for (k = 0; k < a->nr_frames; k++) {
			site__snprint_frame(ks, a->frames, k, buf, sizeof(buf));
			jw_string(w, NULL, buf);
		}
		jw_end_array(w);
		jw_end_object(w);
	}
	jw_end_array(w);
	if (s->at_release.taken)
		put_held(w, ks, &s->at_release, "held_at_unbind");
	jw_end_object(w);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "KEY DEV FUNC N" per owning function, sorted */
static void print_held_lines(FILE *out, const char *key, const char *dev,
			     const struct wr_held_at *h, const struct ksyms *ks)
{
	const char **names;
	size_t i, j;

	if (!h->nr)
		return;
	names = calloc(h->nr, sizeof(*names));
	if (!names)
		return;
	for (i = 0; i < h->nr; i++)
		names[i] = fn_name(ks, h->owners[i].caller);
	qsort(names, h->nr, sizeof(*names), cmp_str);
	for (i = 0; i < h->nr; i = j) {
		for (j = i + 1; j < h->nr && !strcmp(names[i], names[j]); j++)
			;
		fprintf(out, "%s %s %s %zu\n", key, dev, names[i], j - i);
	}
	free(names);
}

void report__sleep_lines(FILE *out, const struct wr_device *d, const struct ksyms *ks)
{
	const struct wr_sleep *s = d->sleep;
	const char *dev = d->name[0] ? d->name : "?";
	size_t i;

	if (!sleep__any(d))
		return;
	if (s->suspends) {
		fprintf(out, "suspend %s suspends=%" PRIu64 " resumes=%" PRIu64 " failed=%" PRIu64
			" held=%zu\n", dev, s->suspends, s->resumes, s->failed, s->at_suspend.nr);
		print_held_lines(out, "suspend_owner", dev, &s->at_suspend, ks);
	}
	for (i = 0; i < s->nr_events; i++)
		fprintf(out, "asleep %s %s %s\n", dev,
			s->events[i].type == WR_EV_GET ? "get" : "put",
			fn_name(ks, s->events[i].caller));
	fprintf(out, "asleep_count %s gets=%" PRIu64 " puts=%" PRIu64 "\n", dev, s->gets_asleep,
		s->puts_asleep);
	if (s->at_release.taken) {
		fprintf(out, "unbind %s held=%zu\n", dev, s->at_release.nr);
		print_held_lines(out, "unbind_owner", dev, &s->at_release, ks);
	}
}
