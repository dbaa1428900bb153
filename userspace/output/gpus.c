// SPDX-License-Identifier: GPL-2.0
/* gpus.c - the verdict per GPU, first in every report (see gpus.h). */
#include <stdio.h>
#include <string.h>

#include "drivers/drivers.h"
#include "kernel/ksyms.h"
#include "lib/text.h"
#include "lib/json.h"
#include "model/who.h"
#include "output/gpus.h"

static const struct wr_device *device_of(const struct wr_owners *ot, const char *name)
{
	const struct wr_device *d;

	for (d = ot ? ot->devices : NULL; d; d = d->next)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

static const char *status_name(const struct wr_gpu_state *g)
{
	static const char *const names[] = { "active", "resuming", "suspended", "suspending",
					     "blocked" };

	if (g->have_k && g->k.runtime_status >= 0 && g->k.runtime_status < 5)
		return names[g->k.runtime_status];
	return g->sys.status;
}

int gpus__stuck(const struct wr_gpu_states *s)
{
	char r[WR_MAX_REASONS][WR_REASON_LEN];
	int i, n = 0;

	for (i = 0; s && i < s->nr; i++)
		n += gpustate__reasons(&s->v[i], r, WR_MAX_REASONS) > 0;
	return n;
}

void gpus__verdict(char *buf, size_t len, const struct wr_gpu_state *g,
		   const struct wr_owners *ot, const struct ksyms *ks, uint64_t now_ns)
{
	char r[WR_MAX_REASONS][WR_REASON_LEN];
	const struct wr_device *d = device_of(ot, g->sys.name);
	const struct wr_owner *o = d ? d->head : NULL;
	int held = gpustate__held(g), n = gpustate__reasons(g, r, WR_MAX_REASONS);
	size_t at;

	if (!gpustate__awake(g)) {
		snprintf(buf, len, "suspended");
		return;
	}
	if (!n) {
		snprintf(buf, len, "%s, nothing holds it: can suspend", status_name(g));
		return;
	}
	if (held > 0)
		at = snprintf(buf, len, "cannot suspend: %d wakeref%s held", held,
			      held == 1 ? "" : "s");
	else
		at = snprintf(buf, len, "cannot suspend: %s", r[0]);
	if (at >= len)
		return;
	if (o) {
		const struct ksym *s = ksyms__find(ks, o->caller);
		char safe[WR_SAFE_SIZE(sizeof(o->task->comm))];

		snprintf(buf + at, len - at, ", oldest %.1f s, by %s (pid %u %s)",
			 now_ns > o->ts_ns ? (now_ns - o->ts_ns) / 1e9 : 0.0,
			 s && o->caller ? s->name : "?", o->pid,
			 text__safe(o->task->comm, safe, sizeof(safe)));
	} else if (held > 0) {
		snprintf(buf + at, len - at, ", taken before wakeref attached: owner unknown");
	}
}

static void print_state_line(FILE *out, const struct wr_gpu_state *g)
{
	fprintf(out, "  runtime %s, control=%s", status_name(g), g->sys.control);
	if (g->have_k) {
		fprintf(out, ", PM usage count %d", g->k.usage_count);
		if (g->k.flags & WR_PMS_USE_AUTOSUSPEND)
			fprintf(out, ", autosuspend delay %d ms", g->k.autosuspend_delay);
		if (g->k.last_busy_ns && g->k.now_ns > g->k.last_busy_ns)
			fprintf(out, ", last busy %.1f s ago",
				(g->k.now_ns - g->k.last_busy_ns) / 1e9);
	} else if (g->sys.usage >= 0) {
		fprintf(out, ", PM usage count %d", g->sys.usage);
	}
	fprintf(out, "\n");
}

void gpus__print_text(FILE *out, const struct wr_gpu_states *s, const struct wr_owners *ot,
		      const struct ksyms *ks, uint64_t now_ns)
{
	char r[WR_MAX_REASONS][WR_REASON_LEN], v[320];
	int i, j, n;

	if (!s || !s->read)
		return;
	if (!s->nr) {
		fprintf(out, "No GPU bound to i915 or xe.\n\n");
		return;
	}
	for (i = 0; i < s->nr; i++) {
		const struct wr_gpu_state *g = &s->v[i];
		const char *why = gpustate__no_count_why(g, s);

		gpus__verdict(v, sizeof(v), g, ot, ks, now_ns);
		fprintf(out, "%s (%s): %s\n", g->sys.name, g->sys.driver, v);
		n = gpustate__reasons(g, r, WR_MAX_REASONS);
		for (j = 0; j < n; j++)
			fprintf(out, "  - %s\n", r[j]);
		print_state_line(out, g);
		if (why)
			fprintf(out, "  driver's count unknown: %s\n", why);
	}
	fprintf(out, "\n");
}

static void put_count(struct jw *w, const struct wr_gpu_state *g)
{
	const struct wr_driver_info *di = drivers__info(g->driver);

	if (!gpustate__have_count(g)) {
		jw_null(w, "driver_count");
		return;
	}
	if (!di || !di->wakelock_bias) {
		jw_i64(w, "driver_count", g->k.driver_count);
		return;
	}
	jw_object(w, "driver_count");
	jw_u64(w, "packed", (uint32_t)g->k.driver_count);
	jw_i64(w, "raw", gpustate__raw(g->k.driver_count));
	jw_i64(w, "wakelocks", gpustate__wakelocks(g->k.driver_count));
	jw_end_object(w);
}

void gpus__print_json(struct jw *w, const struct wr_gpu_states *s, const struct wr_owners *ot,
		      const struct ksyms *ks, uint64_t now_ns)
{
	char r[WR_MAX_REASONS][WR_REASON_LEN], v[320];
	int i, j, n;

	if (!s || !s->read)
		return;
	jw_array(w, "gpus");
	for (i = 0; i < s->nr; i++) {
		const struct wr_gpu_state *g = &s->v[i];
		const char *why = gpustate__no_count_why(g, s);

		n = gpustate__reasons(g, r, WR_MAX_REASONS);
		gpus__verdict(v, sizeof(v), g, ot, ks, now_ns);
		jw_object(w, NULL);
		jw_string(w, "device", g->sys.name);
		jw_string(w, "driver", g->sys.driver);
		jw_string(w, "runtime_status", status_name(g));
		jw_string(w, "control", g->sys.control);
		jw_bool(w, "can_suspend", !n);
		jw_string(w, "verdict", v);
		jw_array(w, "reasons");
		for (j = 0; j < n; j++)
			jw_string(w, NULL, r[j]);
		jw_end_array(w);
		put_count(w, g);
		if (gpustate__held(g) >= 0)
			jw_i64(w, "held", gpustate__held(g));
		else
			jw_null(w, "held");
		if (why)
			jw_string(w, "driver_count_unknown", why);
		if (g->have_k) {
			jw_i64(w, "usage_count", g->k.usage_count);
			jw_i64(w, "child_count", g->k.child_count);
			jw_i64(w, "disable_depth", g->k.disable_depth);
			jw_i64(w, "runtime_error", g->k.runtime_error);
			if (g->k.flags & WR_PMS_USE_AUTOSUSPEND)
				jw_i64(w, "autosuspend_delay_ms", g->k.autosuspend_delay);
			else
				jw_null(w, "autosuspend_delay_ms");
		} else if (g->sys.usage >= 0) {
			jw_i64(w, "usage_count", g->sys.usage);
		} else {
			jw_null(w, "usage_count");
		}
		jw_end_object(w);
	}
	jw_end_array(w);
}

void gpus__print_owner_verdicts(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
				uint64_t now_ns)
{
	const struct wr_device *d;

	for (d = ot->devices; d; d = d->next) {
		const struct wr_owner *o = d->head;
		const struct ksym *s = o ? ksyms__find(ks, o->caller) : NULL;
		char safe[WR_SAFE_SIZE(sizeof(o->task->comm))];
		char during[160];
		struct wr_who w;

		if (!o) {
			fprintf(out, "%s: no wakeref held since tracing began\n", d->name);
			continue;
		}
		who__of(ks, o, d->driver, &w);
		fprintf(out, "%s: %llu wakeref%s held, oldest %.1f s, by %s",
			d->name, (unsigned long long)d->nr_owners, d->nr_owners == 1 ? "" : "s",
			now_ns > o->ts_ns ? (now_ns - o->ts_ns) / 1e9 : 0.0,
			s && o->caller ? s->name : "?");
		/* an owner outside the GPU driver: the audio component, mei, ... */
		if (w.module)
			fprintf(out, " [%s, outside %s]", w.module,
				w.driver_module ? w.driver_module : "the driver");
		fprintf(out, " (pid %u %s", o->pid, text__safe(o->task->comm, safe, sizeof(safe)));
		if (who__during(&w, during, sizeof(during)) > 0)
			fprintf(out, ", %s", during);
		fprintf(out, ")\n");
	}
	if (ot->devices)
		fprintf(out, "\n");
}
