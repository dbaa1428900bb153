// SPDX-License-Identifier: GPL-2.0
/*
 * The report cache (output/rcache.c): the daemon's dumps made from what it
 * keeps between them must be the reports made the simple way.  Randomized
 * tables (two devices, stacks of every shape, frameless owners, tasks with
 * escapes and spaces in their names, system calls, ioctls and DRM clients,
 * contexts, modules outside the driver, puts paired every way, uncertain
 * owners) are reported again and again through one cache while the table
 * changes and the clock moves (an allowlist rule with an age hides a group
 * and shows it again); every report is checked against a reference made
 * here, by a different and plain method: owners grouped by comparing their
 * frames one by one, each owner's lines made on their own, nothing kept.
 */
#include "unit.h"
#include "events.h"

#include "kernel/ksyms.h"
#include "lib/json.h"
#include "lib/text.h"
#include "model/allowlist.h"
#include "model/groups.h"
#include "model/site.h"
#include "model/who.h"
#include "drivers/drivers.h"
#include "drivers/hooks.h"
#include "output/rcache.h"
#include "output/report.h"

/* xorshift: the same tables on every run, a seed each */
static uint64_t rnd_state;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (uint32_t)(rnd_state >> 11);
}

/* addresses of fixtures/kallsyms.txt: owners, contexts, other modules */
static const uint64_t callers[] = {
	F_GEM_FAULT, F_LEAKY, F_CTL, 0xffffffffc0200300ull /* sim_work_fn */,
	0xffffffffc0500000ull /* azx_probe_continue [snd_hda_intel] */, 0,
};
static const uint64_t frames_pool[] = {
	A_KSYS_WRITE, 0xffffffff81003010ull /* process_one_work */,
	0xffffffff81003410ull /* do_syscall_64 */, 0xffffffff81003810ull /* irq */,
	0xffffffffc0300010ull /* intel_display_power_get [i915] */, 0xffffffff81001510ull,
	0xffffffffc0200190ull, 0x1234ull /* no symbol */,
};

static void random_event(struct wr_owners *ot, bool put)
{
	uint32_t r = rnd(), k;
	uint64_t caller = callers[r % 6], frames[8];
	struct wr_event e = mk_event(r & 0x100 ? RPM_DEV : RPM_DEV2,
				     put ? WR_EV_PUT : WR_EV_GET,
				     put ? WR_HOOK_I915_RPM_PUT_UNCHECKED : WR_HOOK_I915_RPM_GET,
				     r & 0x200 ? WL : 0, 100 + rnd() % 9, 0);
	struct wr_site site = { .frames = frames, .caller = caller };

	/* 0 frames (an unwinder that failed), or the hook, the caller, then a few */
	site.nr_frames = r & 0x400 ? 0 : 2 + rnd() % 5;
	frames[0] = put ? A_RPM_PUT : A_RPM_GET;
	frames[1] = caller + 0x10;
	for (k = 2; k < site.nr_frames; k++)
		frames[k] = frames_pool[rnd() % 8] + k;
	if (r & 0x800)
		site.api = 0xffffffffc0300000ull;	/* through a driver layer */
	if (r & 0x1000) {
		e.flags |= WR_EVF_SYSCALL;
		e.sys_nr = r & 0x2000 ? WR_NR_IOCTL : 1 + rnd() % 3;
		e.ioctl_cmd = 0xc0106440 + rnd() % 4;
		e.client = r & 0x4000 ? rnd() % 3 : 0xffff888099990000ull;
		e.flags |= r & 0x4000 ? WR_EVF_CLIENT_ID : 0;
	}
	if (r & 0x8000)
		e.tgid = 99;
	if (r & 0x10000)
		snprintf(e.comm, sizeof(e.comm), "k w\x1b[2J\xff%u", e.pid);
	else if (r & 0x20000)
		snprintf(e.comm, sizeof(e.comm), "one name");	/* for many tasks */
	e.driver = r & 0x100 ? WR_DRV_I915 : WR_DRV_XE;
	e.wakeref_count = rnd() % 40;
	owners__apply(ot, &e, &site);
}

/* The simple reference: owners grouped by comparing frames, biggest first. */
struct ref_group {
	const struct wr_owner *oldest;
	size_t n, uncertain;
	enum wr_pairing weakest;
};

static bool ref_same_stack(const struct wr_owner *a, const struct wr_owner *b)
{
	uint32_t i;

	if (a->nr_frames != b->nr_frames)
		return false;
	for (i = 0; i < a->nr_frames; i++)
		if (a->frames[i] != b->frames[i])
			return false;
	return true;
}

static int ref_cmp(const void *x, const void *y)
{
	const struct ref_group *a = x, *b = y;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return a->oldest->seq < b->oldest->seq ? -1 : 1;
}

static struct ref_group *ref_groups(const struct wr_device *d, size_t *nr)
{
	struct ref_group *v = calloc(d->nr_owners + 1, sizeof(*v));
	const struct wr_owner *o;
	size_t i;

	*nr = 0;
	for (o = d->head; o; o = o->next) {
		for (i = 0; i < *nr && !ref_same_stack(v[i].oldest, o); i++)
			;
		if (i == *nr)
			v[(*nr)++].oldest = o;
		v[i].n++;
		v[i].uncertain += o->uncertain;
		if (o->pairing > v[i].weakest)
			v[i].weakest = o->pairing;
	}
	qsort(v, *nr, sizeof(*v), ref_cmp);
	return v;
}

static const char *ref_name(const struct ksyms *ks, uint64_t addr)
{
	const struct ksym *s = addr ? ksyms__find(ks, addr) : NULL;

	return s ? s->name : NULL;
}

static bool ref_shown(const struct report_opts *ro, const struct ksyms *ks,
		      const struct ref_group *g)
{
	const struct wr_owner *o = g->oldest;
	uint64_t age = ro->now_ns > o->ts_ns ? ro->now_ns - o->ts_ns : 0;

	return age >= ro->min_age_ns &&
	       !allowlist__match(ro->allow, ref_name(ks, o->caller), groups__via(ks, o), age);
}

/* The text report from "Wakeref count:" to the device's last group. */
static char *ref_text(const struct wr_device *d, const struct ksyms *ks,
		      const struct report_opts *ro)
{
	size_t nr, i, len, hidden = 0;
	struct ref_group *g = ref_groups(d, &nr);
	char *s = NULL, buf[512], during[160];
	FILE *f = open_memstream(&s, &len);
	uint32_t k;

	fprintf(f, "Wakeref count: %" PRIu64 "\n", d->nr_owners);
	for (i = 0; i < nr; i++) {
		const struct wr_owner *o = g[i].oldest;
		char safe[WR_SAFE_SIZE(sizeof(o->task->comm))];
		struct wr_who w;

		if (!ref_shown(ro, ks, &g[i])) {
			hidden += g[i].n;
			continue;
		}
		who__of(ks, o, d->driver, &w);
		fprintf(f, "Wakeref x%zu taken at:\n", g[i].n);
		for (k = 0; k < o->nr_frames; k++) {
			site__snprint_frame(ks, o->frames, k, buf, sizeof(buf));
			fprintf(f, "   %s\n", buf);
		}
		fprintf(f, " (oldest %.3fs ago by pid %u [%s]",
			ro->now_ns > o->ts_ns ? (ro->now_ns - o->ts_ns) / 1e9 : 0.0, o->pid,
			text__safe(o->task->comm, safe, sizeof(safe)));
		if (o->task->tgid && o->task->tgid != o->pid)
			fprintf(f, " tgid %u", o->task->tgid);
		if (who__during(&w, during, sizeof(during)) > 0)
			fprintf(f, " in %s", during);
		if (w.module)
			fprintf(f, ", owner in %s, outside %s", w.module,
				w.driver_module ? w.driver_module : "the driver");
		fprintf(f, " via %s", groups__via(ks, o));
		if (d->puts)
			fprintf(f, ", paired: %s", owners__pairing_name(g[i].weakest));
		fprintf(f, ")\n");
		if (g[i].uncertain)
			fprintf(f, " (%zu of them uncertain: events were lost, and a lost put may "
				"have ended them)\n", g[i].uncertain);
	}
	if (hidden)
		fprintf(f, " (%zu more held by known long-lived holders or younger than "
			"--min-age; --all shows them)\n", hidden);
	fclose(f);
	free(g);
	return s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

/* -f owners: a device's "owner", "who" and "uncertain" lines, each owner on its own. */
static char *ref_owner_lines(const struct wr_device *d, const struct ksyms *ks)
{
	const char *dev = d->name[0] ? d->name : "?", **names;
	const struct wr_owner *o;
	size_t n = 0, i, j, len;
	char *s = NULL;
	FILE *f = open_memstream(&s, &len);

	names = calloc(d->nr_owners + 1, sizeof(*names));
	for (o = d->head; o; o = o->next)
		names[n++] = ref_name(ks, o->caller) ? ref_name(ks, o->caller) : "?";
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && !strcmp(names[i], names[j]); j++)
			;
		fprintf(f, "owner %s %s %zu\n", dev, names[i], j - i);
	}
	for (o = d->head; o; o = o->next) {
		char safe[WR_SAFE_SIZE(sizeof(o->task->comm))], *c;
		struct wr_who w;

		who__of(ks, o, d->driver, &w);
		text__safe(o->task->comm, safe, sizeof(safe));
		for (c = safe; *c; c++)
			*c = *c == ' ' ? '_' : *c;
		fprintf(f, "who %s %s pid=%u tgid=%u comm=%s", dev,
			ref_name(ks, o->caller) ? ref_name(ks, o->caller) : "?", o->pid, o->task->tgid,
			safe);
		if (w.sys_nr >= 0)
			fprintf(f, " syscall=%s", w.syscall ? w.syscall : "?");
		if (w.sys_nr == WR_NR_IOCTL)
			fprintf(f, " ioctl=%s cmd=0x%x", w.ioctl ? w.ioctl : "?", w.ioctl_cmd);
		if (w.client && w.client_is_id)
			fprintf(f, " client=%" PRIu64, w.client);
		else if (w.client)
			fprintf(f, " client=0x%" PRIx64, w.client);
		if (w.ctx.kind != WR_CTX_NONE)
			fprintf(f, " context=%s", context__kind_name(w.ctx.kind));
		if (w.ctx.fn)
			fprintf(f, " context_fn=%s", w.ctx.fn->name);
		if (w.module)
			fprintf(f, " module=%s", w.module);
		fputc('\n', f);
	}
	for (o = d->head; o; o = o->next)
		if (o->uncertain)
			fprintf(f, "uncertain %s %s\n", dev,
				ref_name(ks, o->caller) ? ref_name(ks, o->caller) : "?");
	fclose(f);
	free(names);
	return s;
}

/* -f json: the device's "owners" array. */
static char *ref_json_owners(const struct wr_device *d, const struct ksyms *ks,
			     const struct report_opts *ro)
{
	size_t nr, i, len;
	struct ref_group *g = ref_groups(d, &nr);
	char *s = NULL, buf[512];
	FILE *f = open_memstream(&s, &len);
	const struct wr_driver_info *di = drivers__info(d->driver);
	struct jw w;
	uint32_t k;

	jw_init(&w, f);
	jw_object(&w, NULL);
	jw_array(&w, "owners");
	for (i = 0; i < nr; i++) {
		const struct wr_owner *o = g[i].oldest;
		struct wr_who who;

		if (!ref_shown(ro, ks, &g[i]))
			continue;
		who__of(ks, o, d->driver, &who);
		jw_object(&w, NULL);
		jw_u64(&w, "count", g[i].n);
		jw_string(&w, "owner", ref_name(ks, o->caller) ? ref_name(ks, o->caller) : "?");
		jw_string(&w, "via", groups__via(ks, o));
		jw_string(&w, "pairing", owners__pairing_name(g[i].weakest));
		jw_string(&w, "kind", (o->flags & WR_EVF_WAKELOCK) ? "wakelock" :
			  di ? di->ref_kind : "?");
		jw_u64(&w, "uncertain", g[i].uncertain);
		jw_double(&w, "oldest_age_s",
			  ro->now_ns > o->ts_ns ? (ro->now_ns - o->ts_ns) / 1e9 : 0);
		jw_u64(&w, "pid", o->pid);
		jw_string(&w, "comm", o->task->comm);
		jw_u64(&w, "tgid", o->task->tgid);
		if (who.sys_nr >= 0) {
			jw_u64(&w, "syscall_nr", who.sys_nr);
			jw_string(&w, "syscall", who.syscall ? who.syscall : "?");
		}
		if (who.sys_nr == WR_NR_IOCTL) {
			jw_hex(&w, "ioctl_cmd", who.ioctl_cmd);
			if (who.ioctl)
				jw_string(&w, "ioctl", who.ioctl);
		}
		if (who.client && who.client_is_id)
			jw_u64(&w, "drm_client_id", who.client);
		else if (who.client)
			jw_hex(&w, "drm_file", who.client);
		if (who.ctx.kind != WR_CTX_NONE)
			jw_string(&w, "context", context__kind_name(who.ctx.kind));
		if (who.ctx.fn)
			jw_string(&w, "context_fn", who.ctx.fn->name);
		if (who.module) {
			jw_string(&w, "module", who.module);
			jw_bool(&w, "outside_driver", true);
		}
		jw_array(&w, "stack");
		for (k = 0; k < o->nr_frames; k++) {
			site__snprint_frame(ks, o->frames, k, buf, sizeof(buf));
			jw_string(&w, NULL, buf);
		}
		jw_end_array(&w);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	fclose(f);
	free(g);
	memmove(s, s + 1, strlen(s));	/* without the brace that opened it */
	return s;
}

static char *report(const struct wr_owners *ot, const struct ksyms *ks,
		    struct report_opts ro, enum wr_format fmt)
{
	char *s = NULL;
	size_t len;
	FILE *f = open_memstream(&s, &len);

	ro.format = fmt;
	report__print(f, ot, ks, &ro);
	fclose(f);
	return s;
}

/* NEEDLE in HAY, said briefly when not: where the two part */
static void check_has(const char *what, const char *hay, const char *needle)
{
	size_t best = 0, i;
	const char *p;

	if (strstr(hay, needle))
		return;
	for (p = hay; *p; p++) {
		for (i = 0; p[i] && needle[i] && p[i] == needle[i]; i++)
			;
		if (i > best)
			best = i;
	}
	printf("    %s: the reference is not in the report; they agree for %zu of its "
	       "%zu bytes, then the reference has:\n%.200s\n", what, best, strlen(needle),
	       needle + best);
	unit_failed = 1;
}

static void check_table(const struct wr_owners *ot, const struct ksyms *ks,
			const struct report_opts *ro, const char *const *got)
{
	const struct wr_device *d;
	char *ref;

	for (d = ot->devices; d; d = d->next) {
		ref = ref_text(d, ks, ro);
		check_has("text", got[0], ref);
		free(ref);
		ref = ref_json_owners(d, ks, ro);
		check_has("json", got[1], ref);
		free(ref);
		ref = ref_owner_lines(d, ks);
		check_has("owners", got[2], ref);
		free(ref);
	}
}

/*
 * One cache kept across reports, as the daemon keeps it, while events come,
 * lost puts are reconciled and the clock moves: every report is the
 * reference's, and the one made without the cache.
 */
static void cached_reports_are_the_reference(void)
{
	static const enum wr_format fmts[3] = { WR_FMT_TEXT, WR_FMT_JSON, WR_FMT_OWNERS };
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	struct wr_allowlist allow = { 0 };
	struct wr_loss loss = { .events = 7 };
	int round, i, k, checked = 0, young = 0, old = 0;
	uint64_t seed;

	CHECK(ks);
	CHECK(!allowlist__parse(&allow, "sim_work_fn 1500ms\nazx_*\n", "test"));
	for (seed = 1; seed <= 6; seed++) {
		struct wr_owners *ot = owners__new(~0ull);
		struct report_opts ro = { .loss = &loss, .allow = &allow };
		struct wr_rcache rc;

		rnd_state = seed * 0x9e3779b97f4a7c15ull;
		rcache__init(&rc);
		for (i = 0; i < 400 + (int)(seed * 150); i++)
			random_event(ot, rnd() % 3 == 0);
		for (round = 0; round < 8; round++) {
			char *got[3], *fresh;

			ro.now_ns = test_clock + round * 700000000ull;
			ro.min_age_ns = seed % 2 ? 50000000ull * round : 0;
			for (k = 0; k < 3; k++) {
				ro.cache = &rc;
				got[k] = report(ot, ks, ro, fmts[k]);
				ro.cache = NULL;
				fresh = report(ot, ks, ro, fmts[k]);
				CHECK(got[k] && fresh && !strcmp(got[k], fresh));
				free(fresh);
			}
			check_table(ot, ks, &ro, (const char *const *)got);
			/* sim_work_fn is allowed while younger than 1.5 s: hidden, then shown */
			if (strstr(got[2], " sim_work_fn ")) {
				young += !strstr(got[1], "\"owner\":\"sim_work_fn\"");
				old += !!strstr(got[1], "\"owner\":\"sim_work_fn\"");
			}
			for (k = 0; k < 3; k++)
				free(got[k]);
			checked++;
			/*
			 * The table changes between some reports, not between
			 * others: gets and puts, or puts alone (no owner made)
			 */
			if (round % 3 == 1)
				for (i = 0; i < 20; i++)
					random_event(ot, rnd() % 2);
			if (round == 6)
				for (i = 0; i < 20; i++)
					random_event(ot, true);
			if (round == 4)
				owners__reconcile(ot, 5);
		}
		rcache__free(&rc);
		owners__free(ot);
	}
	CHECK_EQ_U64(checked, 6 * 8);
	CHECK(young > 0 && old > 0);
	allowlist__free(&allow);
	ksyms__free(ks);
}

/* An unchanged table is answered from the cache: nothing is made again. */
static void unchanged_table_is_kept(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	struct wr_owners *ot = owners__new(~0ull);
	struct report_opts ro = { .now_ns = test_clock };
	struct wr_rcache rc;
	const char *kept;
	char *a, *b;
	int i;

	rnd_state = 42;
	for (i = 0; i < 200; i++)
		random_event(ot, false);
	rcache__init(&rc);
	ro.cache = &rc;
	a = report(ot, ks, ro, WR_FMT_OWNERS);
	CHECK(rc.nr_dev > 0 && rc.dev[0].frag[WR_DF_OWNERS].made);
	kept = rc.dev[0].frag[WR_DF_OWNERS].s;
	b = report(ot, ks, ro, WR_FMT_OWNERS);
	CHECK(a && b && !strcmp(a, b));
	CHECK(rc.dev[0].frag[WR_DF_OWNERS].s == kept);	/* the same text, not made again */
	free(b);
	random_event(ot, false);
	b = report(ot, ks, ro, WR_FMT_OWNERS);
	CHECK(a && b && strcmp(a, b));			/* a new owner: made again */
	free(a);
	free(b);
	rcache__free(&rc);
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * A device of many owners: its -f owners lines (9 MB at 100,000) are made
 * at each dump, not kept for the daemon's life; the same bytes as a report
 * without a cache.
 */
static void many_owners_lines_are_not_kept(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	struct wr_owners *ot = owners__new(~0ull);
	struct report_opts ro = { .now_ns = test_clock }, bare = ro;
	struct wr_rcache rc;
	uint64_t n = 0;
	char *a, *b;

	rnd_state = 7;
	while (!ot->devices || ot->devices->nr_owners <= 10000) {
		random_event(ot, false);
		CHECK(++n < 100000);
		if (n >= 100000)
			goto out;
	}
	rcache__init(&rc);
	ro.cache = &rc;
	a = report(ot, ks, ro, WR_FMT_OWNERS);
	b = report(ot, ks, bare, WR_FMT_OWNERS);
	CHECK(a && b && !strcmp(a, b));
	CHECK(rc.nr_dev > 0 && !rc.dev[0].frag[WR_DF_OWNERS].made);
	free(a);
	free(b);
	rcache__free(&rc);
out:
	owners__free(ot);
	ksyms__free(ks);
}

UNIT_MAIN("rcache",
	T(cached_reports_are_the_reference),
	T(unchanged_table_is_kept),
	T(many_owners_lines_are_not_kept))
