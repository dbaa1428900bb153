// SPDX-License-Identifier: GPL-2.0
/*
 * report_json.c - machine-readable reports: one JSON document (-f json, as
 * bpftool -j), or JSON Lines (-f jsonl: every event as it happens, then one
 * line per device, per owner group and for the losses).
 */
#include <string.h>

#include "drivers/drivers.h"
#include "drivers/hooks.h"
#include "drivers/ioctls.h"
#include "model/groups.h"
#include "lib/json.h"
#include "kernel/ksyms.h"
#include "output/report.h"
#include "output/filter.h"
#include "model/who.h"
#include "output/by.h"
#include "output/format.h"
#include "output/gpus.h"
#include "output/rcache.h"
#include "output/report_sleep.h"
#include "model/site.h"
#include "model/sleep.h"
#include "model/view.h"

/* NAME: the frames, each as %pS prints it, a frame the tracer put back marked so */
static void put_frames(struct jw *w, const char *name, const struct ksyms *ks,
		       const uint64_t *ip, uint32_t nr)
{
	char buf[512];
	uint32_t i;

	jw_array(w, name);
	for (i = 0; i < nr; i++) {
		site__snprint_frame(ks, ip, i, buf, sizeof(buf));
		jw_string(w, NULL, buf);
	}
	jw_end_array(w);
}

static void put_stack(struct jw *w, const struct ksyms *ks, const uint64_t *ip, uint32_t nr)
{
	put_frames(w, "stack", ks, ip, nr);
}

static const char *sym_name(const struct ksyms *ks, uint64_t addr)
{
	const struct ksym *s = addr ? ksyms__find(ks, addr) : NULL;

	return s ? s->name : "?";
}

/* who took it, during what (model/who.h); absent fields: not known or not so */
static void put_who(struct jw *w, const struct ksyms *ks, const struct wr_device *d,
		    const struct wr_owner *o)
{
	struct wr_who who;

	who__of(ks, o, d->driver, &who);
	jw_u64(w, "tgid", o->task->tgid);
	if (who.sys_nr >= 0) {
		jw_u64(w, "syscall_nr", who.sys_nr);
		jw_string(w, "syscall", who.syscall ? who.syscall : "?");
	}
	if (who.sys_nr == WR_NR_IOCTL) {
		jw_hex(w, "ioctl_cmd", who.ioctl_cmd);
		if (who.ioctl)
			jw_string(w, "ioctl", who.ioctl);
	}
	if (who.client && who.client_is_id)
		jw_u64(w, "drm_client_id", who.client);
	else if (who.client)
		jw_hex(w, "drm_file", who.client);
	if (who.ctx.kind != WR_CTX_NONE)
		jw_string(w, "context", context__kind_name(who.ctx.kind));
	if (who.ctx.fn)
		jw_string(w, "context_fn", who.ctx.fn->name);
	if (who.module) {
		jw_string(w, "module", who.module);
		jw_bool(w, "outside_driver", true);
	}
}

struct group_arg {
	const struct ksyms *ks;
	const struct wr_device *d;
	const struct wr_rc_group *g;
};

/* A group's members before its age: how many, whose, how paired */
static void make_group_head(FILE *out, const void *arg)
{
	const struct group_arg *a = arg;
	const struct wr_group *g = a->g->g;
	const struct wr_owner *o = g->oldest;
	struct jw w;

	jw_init_members(&w, out);
	jw_u64(&w, "count", g->n);
	jw_string(&w, "owner", a->g->owner ? a->g->owner : "?");
	jw_string(&w, "via", a->g->via);
	jw_string(&w, "pairing", owners__pairing_name(g->weakest));
	jw_string(&w, "kind", (o->flags & WR_EVF_WAKELOCK) ? "wakelock" :
		  drivers__info(a->d->driver) ? drivers__info(a->d->driver)->ref_kind : "?");
	jw_u64(&w, "uncertain", g->uncertain);
}

/* and after it: the task, during what, the stack */
static void make_group_tail(FILE *out, const void *arg)
{
	const struct group_arg *a = arg;
	const struct wr_owner *o = a->g->g->oldest;
	struct jw w;

	jw_init_members(&w, out);
	jw_u64(&w, "pid", o->pid);
	jw_string(&w, "comm", o->task->comm);
	put_who(&w, a->ks, a->d, o);
	put_stack(&w, a->ks, o->frames, o->nr_frames);
}

/* Members kept in F, or made where they go without F or when they cannot be kept. */
static void put_members(struct jw *w, struct wr_frag *f, wr_frag_fn *make, const void *a)
{
	if (f && rcache__frag(f, make, a)) {
		jw_members(w, f->s, f->len);
		return;
	}
	jw_members_lead(w);
	make(w->out, a);
}

/* A group's members: what the report cache keeps of it, and its age. */
static void put_group(struct jw *w, const struct wr_device *d, struct wr_rc_group *g,
		      const struct ksyms *ks, uint64_t now_ns)
{
	const struct wr_owner *o = g->g->oldest;
	struct group_arg a = { .ks = ks, .d = d, .g = g };

	put_members(w, &g->frag[WR_GF_JSON_HEAD], make_group_head, &a);
	jw_ns_as_s(w, "oldest_age_s", now_ns > o->ts_ns ? now_ns - o->ts_ns : 0);
	put_members(w, &g->frag[WR_GF_JSON_TAIL], make_group_tail, &a);
}

struct frames_arg {
	const struct ksyms *ks;
	const char *name;
	const struct wr_frames *frames;
};

static void make_frames(FILE *out, const void *arg)
{
	const struct frames_arg *a = arg;
	struct jw w;

	jw_init_members(&w, out);
	put_frames(&w, a->name, a->ks, a->frames->ip, a->frames->nr);
}

/*
 * A device's "last" stack: the frames are named and escaped once per table
 * generation, as the text report's are (a dump of an unchanged table would
 * otherwise look up and escape both stacks again each time).
 */
static void put_last(struct jw *w, struct wr_rc_device *e, enum wr_dev_frag k,
		     const char *name, const struct ksyms *ks, const struct wr_frames *frames)
{
	struct frames_arg a = { .ks = ks, .name = name, .frames = frames };

	put_members(w, e ? &e->frag[k] : NULL, make_frames, &a);
}

/* E: what the report cache keeps of D, NULL: nothing (no memory) */
static void put_device_fields(struct jw *w, const struct wr_device *d, struct wr_rc_device *e,
			      const struct ksyms *ks)
{
	bool bias;
	int i;

	jw_string(w, "device", d->name[0] ? d->name : "?");
	jw_string(w, "driver", owners__driver_name(d->driver));
	jw_hex(w, "obj", d->obj);
	jw_u64(w, "count", d->nr_owners);
	jw_u64(w, "gets", d->gets);
	jw_u64(w, "puts", d->puts);
	jw_u64(w, "failed_gets", d->failed_gets);
	jw_u64(w, "unmatched_puts", d->unmatched_puts);
	jw_u64(w, "tail_calls_repaired", d->tail_calls);
	jw_u64(w, "calls_not_checked", d->calls_unseen);
	jw_u64(w, "repaired_after_loss", d->repaired);
	jw_u64(w, "uncertain_after_loss", d->uncertain);
	jw_object(w, "paired");
	for (i = 0; i < WR_PAIR__COUNT; i++)
		jw_u64(w, owners__pairing_name(i), d->paired[i]);
	jw_end_object(w);
	bias = drivers__info(d->driver) && drivers__info(d->driver)->wakelock_bias;
	if (d->have_count) {
		jw_i64(w, "driver_count", d->wakeref_count);
		/* i915 packs its count: raw references below the bias, wakelocks above */
		if (bias) {
			jw_i64(w, "driver_count_raw", d->wakeref_count & (WR_I915_WAKELOCK_BIAS - 1));
			jw_i64(w, "driver_count_wakelocks",
			       (uint32_t)d->wakeref_count / WR_I915_WAKELOCK_BIAS);
		}
		jw_i64(w, "usage_count", d->usage_count);
	} else {
		jw_null(w, "driver_count");
		jw_null(w, "usage_count");
	}
	jw_i64(w, "held_before", d->held_before);
	if (bias) {
		jw_i64(w, "held_before_raw", d->held_before & (WR_I915_WAKELOCK_BIAS - 1));
		jw_i64(w, "held_before_wakelocks", d->held_before / WR_I915_WAKELOCK_BIAS);
	}
	/* the text form's "Wakeref last acquired/released" stacks: empty before any */
	put_last(w, e, WR_DF_JSON_ACQUIRED, "last_acquired", ks, &d->last_acquired);
	put_last(w, e, WR_DF_JSON_RELEASED, "last_released", ks, &d->last_released);
	if (!d->diverged.seq) {
		jw_null(w, "divergence");
		return;
	}
	jw_object(w, "divergence");
	jw_u64(w, "since_event", d->diverged.seq);
	jw_string(w, "hook", d->diverged.hook < WR_HOOK__COUNT ?
		  wr_hooks[d->diverged.hook].func : "?");
	jw_string(w, "caller", sym_name(ks, d->diverged.caller));
	jw_i64(w, "expected", d->diverged.expected);
	jw_i64(w, "driver", d->diverged.driver);
	jw_end_object(w);
}

/* --by KEY: "by": { "key": KEY, "groups": [ { "key", "count", "owner" } ] } */
static void put_by(struct jw *w, const struct wr_device *d, const struct ksyms *ks,
		   const struct report_opts *opts)
{
	struct wr_by_counts bc;
	size_t i;

	if (opts->by == WR_BY_STACK || by__count(d, ks, opts, &bc))
		return;
	jw_object(w, "by");
	jw_string(w, "key", who__by_name(opts->by));
	jw_array(w, "groups");
	for (i = 0; i < bc.nr; i++) {
		jw_object(w, NULL);
		jw_string(w, "key", bc.v[i].key);
		jw_u64(w, "count", bc.v[i].n);
		jw_string(w, "oldest_owner", sym_name(ks, bc.v[i].oldest->caller));
		jw_end_object(w);
	}
	jw_end_array(w);
	jw_end_object(w);
	by__free(&bc);
}

static void put_loss(struct jw *w, const struct wr_loss *l)
{
	jw_u64(w, "events", l->events);
	jw_u64(w, "ringbuf_drops", l->ringbuf_drops);
	jw_u64(w, "recursion_misses", l->recursion_misses);
	jw_u64(w, "stack_errors", l->stack_errors);
	if (l->kprobe_misses_unreported)
		jw_null(w, "kprobe_misses");	/* this kernel does not count them */
	else
		jw_u64(w, "kprobe_misses", l->kprobe_misses);
	jw_bool(w, "degraded", l->ringbuf_drops || l->recursion_misses || l->kprobe_misses);
	jw_string(w, "where", l->where);
}

void report__json(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
		  const struct report_opts *opts, const struct wr_loss *loss)
{
	const struct wr_device *d;
	struct jw w;
	size_t i;

	jw_init(&w, out);
	jw_object(&w, NULL);
	jw_u64(&w, "version", 1);
	gpus__print_json(&w, opts->gpus, ot, ks, opts->now_ns);
	jw_array(&w, "devices");
	for (d = ot->devices; d; d = d->next) {
		struct wr_rc_device *e;

		e = rcache__device(opts->cache, d, ks);
		jw_object(&w, NULL);
		put_device_fields(&w, d, e, ks);
		jw_array(&w, "owners");
		for (i = 0; e && i < e->groups.nr; i++) {
			if (!rcache__shown(&e->g[i], opts->now_ns, opts->min_age_ns))
				continue;
			jw_object(&w, NULL);
			put_group(&w, d, &e->g[i], ks, opts->now_ns);
			jw_end_object(&w);
		}
		jw_end_array(&w);
		put_by(&w, d, ks, opts);
		report__sleep_json(&w, d, ks);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	views__print_json(&w, opts->views, ks, opts->now_ns);
	jw_object(&w, "loss");
	put_loss(&w, loss);
	jw_end_object(&w);
	jw_end_object(&w);
}

void report__jsonl(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
		   const struct report_opts *opts, const struct wr_loss *loss)
{
	const struct wr_device *d;
	struct jw w;
	size_t i;

	jw_init(&w, out);
	for (d = ot->devices; d; d = d->next) {
		struct wr_rc_device *e;

		e = rcache__device(opts->cache, d, ks);
		jw_object(&w, NULL);
		jw_string(&w, "type", "device");
		put_device_fields(&w, d, e, ks);
		jw_end_object(&w);
		if (sleep__any(d)) {
			jw_object(&w, NULL);
			jw_string(&w, "type", "sleep");
			jw_string(&w, "device", d->name);
			report__sleep_json(&w, d, ks);
			jw_end_object(&w);
		}
		for (i = 0; e && i < e->groups.nr; i++) {
			if (!rcache__shown(&e->g[i], opts->now_ns, opts->min_age_ns))
				continue;
			jw_object(&w, NULL);
			jw_string(&w, "type", "owner");
			jw_string(&w, "device", d->name);
			put_group(&w, d, &e->g[i], ks, opts->now_ns);
			jw_end_object(&w);
		}
	}
	jw_object(&w, NULL);
	jw_string(&w, "type", "loss");
	put_loss(&w, loss);
	jw_end_object(&w);
}

/* a get's system call, raw: the report's owners name it (put_who()) */
static void put_event_syscall(struct jw *w, const struct wr_event *e)
{
	if (!(e->flags & WR_EVF_SYSCALL))
		return;
	jw_u64(w, "tgid", e->tgid);
	jw_u64(w, "syscall_nr", e->sys_nr);
	if (e->sys_nr != WR_NR_IOCTL)
		return;
	jw_hex(w, "ioctl_cmd", e->ioctl_cmd);
	if (ioctls__name(e->driver, e->ioctl_cmd))
		jw_string(w, "ioctl", ioctls__name(e->driver, e->ioctl_cmd));
	if (e->client && (e->flags & WR_EVF_CLIENT_ID))
		jw_u64(w, "drm_client_id", e->client);
	else if (e->client)
		jw_hex(w, "drm_file", e->client);
}

void report__event_jsonl(FILE *out, const struct wr_event *e, const struct wr_site *site,
			 int pairing, const struct ksyms *ks)
{
	static const char *const types[] = {
		[WR_EV_GET] = "get", [WR_EV_GET_FAILED] = "get_failed", [WR_EV_PUT] = "put",
		[WR_EV_OBJ] = "object", [WR_EV_PHASE] = "phase",
	};
	struct jw w;

	jw_init(&w, out);
	jw_object(&w, NULL);
	jw_string(&w, "type", e->type <= WR_EV_PHASE && types[e->type] ? types[e->type] : "?");
	if (e->type == WR_EV_PHASE) {
		/* a system sleep or unbind step */
		jw_u64(&w, "ts_ns", e->ts_ns);
		jw_string(&w, "device", e->dev);
		jw_string(&w, "hook", e->hook < WR_HOOK__COUNT ? wr_hooks[e->hook].func : "?");
		jw_string(&w, "phase", e->hook < WR_HOOK__COUNT ?
			  hooks__phase_name(wr_hooks[e->hook].phase) : "?");
		jw_i64(&w, "ret", (int64_t)e->cookie);
		jw_u64(&w, "pid", e->pid);
		jw_end_object(&w);
		return;
	}
	if (e->type == WR_EV_OBJ) {
		/* a function that links a get to its put, entered or returned, and its object */
		jw_u64(&w, "ts_ns", e->ts_ns);
		jw_string(&w, "hook", e->hook < WR_HOOK__COUNT ? wr_hooks[e->hook].func : "?");
		jw_hex(&w, "object", e->cookie);
		jw_u64(&w, "pid", e->pid);
		jw_end_object(&w);
		return;
	}
	jw_u64(&w, "ts_ns", e->ts_ns);
	jw_string(&w, "device", e->dev);
	jw_string(&w, "driver", owners__driver_name(e->driver));
	jw_string(&w, "hook", e->hook < WR_HOOK__COUNT ? wr_hooks[e->hook].func : "?");
	jw_string(&w, "owner", sym_name(ks, site->caller));
	jw_u64(&w, "pid", e->pid);
	jw_string(&w, "comm", e->comm);
	jw_u64(&w, "cpu", e->cpu);
	jw_i64(&w, "driver_count", e->wakeref_count);
	jw_i64(&w, "usage_count", e->usage_count);
	put_event_syscall(&w, e);
	if (e->type == WR_EV_PUT)
		jw_string(&w, "pairing", pairing >= 0 ? owners__pairing_name(pairing) :
			  "before-tracing");
	if (site->obj)
		jw_hex(&w, "object", site->obj);
	put_stack(&w, ks, site->frames, site->nr_frames);
	jw_end_object(&w);
}
