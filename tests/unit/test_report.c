// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the report formats (i915 text form, owners lines, losses). */
#include <time.h>

#include "model/allowlist.h"
#include "kernel/ksyms.h"
#include "output/report.h"
#include "unit.h"
#include "events.h"
#include "render.h"

static char *render(const struct wr_owners *ot, enum wr_format fmt, const struct wr_loss *loss)
{
	return render_opts(ot, (struct report_opts){ .format = fmt, .loss = loss,
						     .now_ns = test_clock + 2500000000ull });
}

static struct wr_owners *leaky_table(void)
{
	struct wr_owners *ot = owners__new(~0ull);

	GET(ot, 1, F_LEAKY);
	GET(ot, 1, F_GEM_FAULT);
	GET(ot, 1, F_LEAKY);
	PUT(ot, 1, F_GEM_FAULT);
	return ot;
}

static void text_has_the_i915_shape(void)
{
	struct wr_owners *ot = leaky_table();
	char *s = render(ot, WR_FMT_TEXT, NULL);

	CHECK_CONTAINS(s, "0000:00:02.0: i915 runtime PM, 3 gets, 1 puts");
	CHECK_CONTAINS(s, "Wakeref last acquired:\n"
		       "   intel_runtime_pm_get+0x10/0x40 [wakeref_sim]\n"
		       "   sim_leaky_path+0x10/0x80 [wakeref_sim]\n"
		       "   ksys_write+0x24/0xf0\n");
	CHECK_CONTAINS(s, "Wakeref count: 2\n");
	/* the two gets from one stack are merged, as the debug build does */
	CHECK_CONTAINS(s, "Wakeref x2 taken at:\n"
		       "   intel_runtime_pm_get+0x10/0x40 [wakeref_sim]\n"
		       "   sim_leaky_path+0x10/0x80 [wakeref_sim]\n");
	CHECK_CONTAINS(s, "by pid 1 [task1] via intel_runtime_pm_get, paired: same-function)");
	CHECK(!strstr(s, "Wakeref last released:"));	/* never went back to 0 */
	CHECK_CONTAINS(s, "Events: 0, ring-buffer drops: 0, recursion misses: 0");
	CHECK(!strstr(s, "WARNING"));
	free(s);
	owners__free(ot);
}

static void age_is_of_the_oldest_owner(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	char *s;

	GET(ot, 1, F_LEAKY);	/* test_clock advances 1 ms per event */
	s = render(ot, WR_FMT_TEXT, NULL);
	CHECK_CONTAINS(s, "(oldest 2.500s ago");
	/* no put on the device: no pairing to tell about */
	CHECK(!strstr(s, "paired:"));
	/* the verdict comes first: who holds it */
	CHECK_CONTAINS(s, ": 1 wakeref held, oldest 2.5 s, by sim_leaky_path (pid 1 task1)\n");
	CHECK(strstr(s, "1 wakeref held") < strstr(s, "i915 runtime PM"));
	free(s);
	owners__free(ot);
}

static void owners_lines_are_diffable(void)
{
	struct wr_owners *ot = leaky_table();
	char *s;

	apply(ot, RPM_DEV2, WR_EV_GET, WR_HOOK_I915_RPM_GET, WR_EVF_WAKELOCK, 1, F_CTL, ~0ull);
	s = render(ot, WR_FMT_OWNERS, NULL);
	CHECK_CONTAINS(s, "device 0000:00:02.0 driver=i915 count=2 ");
	CHECK_CONTAINS(s, "\nowner 0000:00:02.0 sim_leaky_path 2\n");
	CHECK_CONTAINS(s, "\nowner 0000:03:00.0 sim_ctl_write 1\n");
	CHECK(!strstr(s, "owner 0000:00:02.0 sim_gem_fault"));
	free(s);
	owners__free(ot);
}

static void released_device_shows_count_zero(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	char *s;

	GET(ot, 1, F_CTL);
	PUT(ot, 1, F_CTL);
	s = render(ot, WR_FMT_TEXT, NULL);
	CHECK_CONTAINS(s, "Wakeref last released:\n   intel_runtime_pm_put_unchecked+0x10/0x40");
	CHECK_CONTAINS(s, "Wakeref count: 0\n");
	CHECK(!strstr(s, "taken at:"));
	free(s);
	owners__free(ot);
}

static void losses_degrade_the_report_loudly(void)
{
	struct wr_owners *ot = leaky_table();
	struct wr_loss loss = { .events = 10, .ringbuf_drops = 3, .recursion_misses = 1 };
	char *s;

	snprintf(loss.where, sizeof(loss.where), "i915_rpm_put_raw: 3 drops, 1 recursion misses");
	s = render(ot, WR_FMT_TEXT, &loss);
	CHECK_CONTAINS(s, "ring-buffer drops: 3, recursion misses: 1");
	CHECK_CONTAINS(s, "WARNING: events were lost (i915_rpm_put_raw: 3 drops");
	free(s);
	s = render(ot, WR_FMT_OWNERS, &loss);
	CHECK_CONTAINS(s, "loss events=10 ringbuf_drops=3 recursion_misses=1");
	free(s);
	owners__free(ot);
}

/* Kprobe misses are losses too; a kernel that does not count them says so, not 0. */
static void kprobe_misses_are_reported_or_said_unknown(void)
{
	struct wr_owners *ot = leaky_table();
	struct wr_loss loss = { .events = 10, .kprobe_misses = 4 };
	char *s;

	snprintf(loss.where, sizeof(loss.where), "xe_pm_runtime_put: 0 drops, 0 recursion "
		 "misses, 4 kprobe misses");
	s = render(ot, WR_FMT_TEXT, &loss);
	CHECK_CONTAINS(s, "stack errors: 0, kprobe misses: 4\n");
	CHECK_CONTAINS(s, "WARNING: events were lost (xe_pm_runtime_put: 0 drops, 0 recursion "
		       "misses, 4 kprobe misses)");
	free(s);
	s = render(ot, WR_FMT_OWNERS, &loss);
	CHECK_CONTAINS(s, "stack_errors=0 kprobe_misses=4\n");
	free(s);
	s = render(ot, WR_FMT_JSON, &loss);
	CHECK_CONTAINS(s, "\"kprobe_misses\":4,\"degraded\":true");
	free(s);

	loss.kprobe_misses = 0;
	loss.kprobe_misses_unreported = true;
	loss.where[0] = 0;
	s = render(ot, WR_FMT_TEXT, &loss);
	CHECK_CONTAINS(s, "kprobe misses: not reported by this kernel\n");
	CHECK(!strstr(s, "WARNING"));
	free(s);
	s = render(ot, WR_FMT_OWNERS, &loss);
	CHECK_CONTAINS(s, "kprobe_misses=unreported\n");
	free(s);
	s = render(ot, WR_FMT_JSON, &loss);
	CHECK_CONTAINS(s, "\"kprobe_misses\":null");
	free(s);
	owners__free(ot);
}

static void json_splits_i915_packed_counts(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	char *s;

	/* two wakelocks held before, one taken now: 0x30003 after it */
	apply_class(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 1, F_LEAKY, ~0ull, 0,
		    0x30003);
	s = render(ot, WR_FMT_JSON, NULL);
	CHECK_CONTAINS(s, "\"driver_count\":196611,\"driver_count_raw\":3,"
		       "\"driver_count_wakelocks\":3,");
	CHECK_CONTAINS(s, "\"held_before\":131074,\"held_before_raw\":2,"
		       "\"held_before_wakelocks\":2,");
	free(s);
	owners__free(ot);
}

static void no_events_says_so(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	char *s = render(ot, WR_FMT_TEXT, NULL);

	CHECK_CONTAINS(s, "No runtime-PM events seen.");
	free(s);
	owners__free(ot);
}

static void divergence_and_old_references_are_reported(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	char *s;

	/* one wakelock held before tracing; then a get the tracer did not see */
	apply_class(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WR_EVF_WAKELOCK, 1, F_CTL,
		    ~0ull, 0, 2 * (1 + WR_I915_WAKELOCK_BIAS));
	apply_class(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WR_EVF_WAKELOCK, 1, F_LEAKY,
		    ~0ull, 0, 4 * (1 + WR_I915_WAKELOCK_BIAS));
	s = render(ot, WR_FMT_TEXT, NULL);
	CHECK_CONTAINS(s, "  driver wakeref_count=0x40004 (4 raw, 4 wakelocks), PM usage_count=-1\n");
	CHECK_CONTAINS(s, "  held before tracing began: count=0x10001 (1 raw, 1 wakelocks)\n");
	CHECK_CONTAINS(s, "  DIVERGENCE: the owners explain count=0x30003 (3 raw, 3 wakelocks) but "
		       "the driver says count=0x40004 (4 raw, 4 wakelocks),\n"
		       "  since event #2: intel_runtime_pm_get from sim_leaky_path, pid 1 [task1]");
	free(s);
	s = render(ot, WR_FMT_OWNERS, NULL);
	CHECK_CONTAINS(s, " held_before=65537 diverged=1 tail_calls=0 calls_unseen=0 repaired=0 uncertain=0 overlaps=0\n");
	free(s);
	owners__free(ot);
}

static void json_document(void)
{
	struct wr_owners *ot = leaky_table();
	char *s = render(ot, WR_FMT_JSON, NULL);

	CHECK(s[0] == '{' && s[strlen(s) - 2] == '}' && s[strlen(s) - 1] == '\n');
	CHECK_CONTAINS(s, "{\"version\":1,\"devices\":[{\"device\":\"0000:00:02.0\","
		       "\"driver\":\"i915\"");
	CHECK_CONTAINS(s, "\"count\":2,\"gets\":3,\"puts\":1");
	CHECK_CONTAINS(s, "\"owners\":[{\"count\":2,\"owner\":\"sim_leaky_path\","
		       "\"via\":\"intel_runtime_pm_get\",\"pairing\":\"same-function\","
		       "\"kind\":\"wakelock\"");
	CHECK_CONTAINS(s, "\"stack\":[\"intel_runtime_pm_get+0x10/0x40 [wakeref_sim]\",");
	CHECK_CONTAINS(s, "\"loss\":{\"events\":0,");
	free(s);
	owners__free(ot);
}

static void jsonl_one_record_a_line(void)
{
	struct wr_owners *ot = leaky_table();
	char *s = render(ot, WR_FMT_JSONL, NULL), *line;
	int n = 0;

	for (line = strtok(s, "\n"); line; line = strtok(NULL, "\n"), n++)
		CHECK(line[0] == '{' && line[strlen(line) - 1] == '}');
	CHECK_EQ_U64(n, 3);	/* device, one owner group, loss */
	free(s);
	owners__free(ot);
}

static void folded_root_first(void)
{
	struct wr_owners *ot = leaky_table();
	char *s = render(ot, WR_FMT_FOLDED, NULL);

	CHECK_STR(s, "0000:00:02.0;ksys_write;sim_leaky_path [wakeref_sim];"
		  "intel_runtime_pm_get [wakeref_sim] 2\n");
	free(s);
	owners__free(ot);
}

static void allowlist_and_min_age_hide_owners(void)
{
	struct wr_owners *ot = leaky_table();
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	struct report_opts opts = { .format = WR_FMT_TEXT, .now_ns = test_clock + 1000 };
	struct wr_allowlist al;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	CHECK(!allowlist__parse(&al, "sim_leaky_*\n", "t"));
	opts.allow = &al;
	f = open_memstream(&buf, &len);
	report__print(f, ot, ks, &opts);
	fclose(f);
	CHECK(!strstr(buf, "taken at:"));
	CHECK_CONTAINS(buf, "Wakeref count: 2\n (2 more held by known long-lived holders or "
		       "younger than --min-age; --all shows them)");
	free(buf);
	opts.allow = NULL;
	opts.min_age_ns = 10000000000ull;
	buf = NULL;
	f = open_memstream(&buf, &len);
	report__print(f, ot, ks, &opts);
	fclose(f);
	CHECK(!strstr(buf, "taken at:"));
	free(buf);
	allowlist__free(&al);
	ksyms__free(ks);
	owners__free(ot);
}

static void perfetto_timeline(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	char *s;

	owners__keep_history(ot, 16);
	GET(ot, 1, F_GEM_FAULT);
	GET(ot, 2, F_LEAKY);
	PUT(ot, 1, F_GEM_FAULT);
	s = render(ot, WR_FMT_PERFETTO, NULL);
	CHECK_CONTAINS(s, "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[{\"name\":"
		       "\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":"
		       "\"0000:00:02.0\"}}");
	/* the held one runs to the end, the ended one has its real duration */
	CHECK_CONTAINS(s, "{\"name\":\"sim_leaky_path\",\"cat\":\"wakeref\",\"ph\":\"X\"");
	CHECK_CONTAINS(s, "\"paired\":\"still held\"");
	CHECK_CONTAINS(s, "\"dur\":2000.000000,\"pid\":1,\"tid\":1,\"args\":{\"via\":"
		       "\"intel_runtime_pm_get\",\"paired\":\"same-function\"}");
	CHECK_CONTAINS(s, "\"ph\":\"C\"");
	CHECK_CONTAINS(s, "\"args\":{\"outstanding\":2,");
	CHECK_CONTAINS(s, "\"history_dropped\":0}");
	free(s);
	owners__free(ot);
}

static void history_is_bounded_and_says_so(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	int i;

	owners__keep_history(ot, 4);
	for (i = 0; i < 10; i++) {
		GET(ot, 1, F_CTL);
		PUT(ot, 1, F_CTL);
	}
	CHECK_EQ_U64(ot->history.nr_holds, 4);
	CHECK_EQ_U64(ot->history.nr_samples, 4);
	CHECK_EQ_U64(ot->history.dropped, 6 + 16);
	owners__free(ot);
}

/*
 * -f owners keeps the ended holds: one "pair" line per put, in the order of
 * the puts, with both events' times; a put of a reference from before
 * tracing is "unmatched"; past the bound the lines stop and "cut" counts.
 */
static void owners_lines_list_the_pairs(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t get1, get2;
	char *s, line[160];

	CHECK_EQ_U64(report__keeps(WR_FMT_OWNERS), WR_KEEP_PAIRS);
	CHECK_EQ_U64(report__keeps(WR_FMT_TEXT), WR_KEEP_NONE);
	owners__keep(ot, WR_KEEP_PAIRS);
	/* two wakelocks held before tracing (the first event's count says so) */
	apply_class(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 1, F_LEAKY, ~0ull, 0,
		    3 * (1 + WR_I915_WAKELOCK_BIAS));
	get1 = test_clock;
	apply(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET_RAW, 0, 2, F_GEM_FAULT, ~0ull);
	get2 = test_clock;
	PUT(ot, 1, F_LEAKY);
	apply(ot, RPM_DEV, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_RAW, 0, 2, F_GEM_FAULT, ~0ull);
	PUT(ot, 1, F_CTL);		/* no owner there: one from before */
	s = render(ot, WR_FMT_OWNERS, NULL);
	CHECK_CONTAINS(s, "\npairs kept=3 cut=0\n");
	snprintf(line, sizeof(line), "\npair 0000:00:02.0 %llu %llu sim_leaky_path wakelock "
		 "same-function 0 0\n", (unsigned long long)get1,
		 (unsigned long long)get2 + 1000000);
	CHECK_CONTAINS(s, line);
	snprintf(line, sizeof(line), "\npair 0000:00:02.0 %llu %llu sim_gem_fault raw "
		 "same-function 0 0\n", (unsigned long long)get2,
		 (unsigned long long)get2 + 2000000);
	CHECK_CONTAINS(s, line);
	snprintf(line, sizeof(line), "\npair 0000:00:02.0 - %llu - wakelock unmatched - 0\n",
		 (unsigned long long)get2 + 3000000);
	CHECK_CONTAINS(s, line);
	/* before the losses, after the owners */
	CHECK(strstr(s, "\npairs ") > strstr(s, "\ndevice "));
	CHECK(strstr(s, "\npairs ") < strstr(s, "\nloss "));
	free(s);
	owners__free(ot);

	/* bounded: the first holds are kept, the rest counted */
	ot = owners__new(~0ull);
	owners__keep_pairs(ot, 2);
	GET(ot, 1, F_CTL);
	PUT(ot, 1, F_CTL);
	GET(ot, 1, F_CTL);
	PUT(ot, 1, F_CTL);
	GET(ot, 1, F_CTL);
	PUT(ot, 1, F_CTL);
	CHECK_EQ_U64(ot->history.nr_samples, 0);
	s = render(ot, WR_FMT_OWNERS, NULL);
	CHECK_CONTAINS(s, "\npairs kept=2 cut=1\n");
	free(s);
	/* a table that keeps no history prints no pairs */
	owners__free(ot);
	ot = leaky_table();
	s = render(ot, WR_FMT_OWNERS, NULL);
	CHECK(!strstr(s, "\npair"));
	free(s);
	owners__free(ot);
}

static void format_names(void)
{
	enum wr_format f;

	CHECK(!report__parse_format("owners", &f) && f == WR_FMT_OWNERS);
	CHECK(!report__parse_format("text", &f) && f == WR_FMT_TEXT);
	CHECK(report__parse_format("xml", &f) == -1);
}

/* -f jsonl: an object event says its function and object; a put for one says it too. */
static void jsonl_names_objects(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	struct wr_event e = mk_event(0, WR_EV_OBJ, WR_HOOK_OBJ_XE_JOB_DESTROY, WR_EVF_NO_COUNT, 7,
				     0xffff888100220000ull);
	uint64_t frames[3] = { A_RPM_PUT, F_CTL + 0x10, A_KSYS_WRITE };
	struct wr_site site = {};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CHECK(ks && f);
	report__event_jsonl(f, &e, &site, -1, ks);
	e = mk_event(RPM_DEV, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_UNCHECKED, WR_EVF_WAKELOCK, 7, 0);
	site.frames = frames;
	site.nr_frames = 3;
	site.caller = F_CTL;
	site.obj = 0xffff888100220000ull;
	report__event_jsonl(f, &e, &site, WR_PAIR_OBJECT, ks);
	fclose(f);
	CHECK_CONTAINS(buf, "{\"type\":\"object\",\"ts_ns\":");
	CHECK_CONTAINS(buf, "\"hook\":\"xe_sched_job_destroy\",\"object\":\"0xffff888100220000\",\"pid\":7}\n");
	CHECK_CONTAINS(buf, "\"pairing\":\"object\",\"object\":\"0xffff888100220000\"");
	free(buf);
	ksyms__free(ks);
}

/* Owners a lost put may have ended are said so in text, JSON and the owners lines. */
static void uncertain_owners_are_marked_everywhere(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	char *s;

	apply_class(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET_RAW, 0, 1, F_GEM_FAULT, ~0ull, 0, 1);
	apply_class(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET_RAW, 0, 2, F_LEAKY, ~0ull, 0, 2);
	apply_class(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WR_EVF_WAKELOCK, 3, F_CTL, ~0ull,
		    0, 2 + WR_I915_WAKELOCK_BIAS);
	owners__reconcile(ot, 1);
	s = render(ot, WR_FMT_OWNERS, NULL);
	CHECK_CONTAINS(s, "uncertain 0000:00:02.0 sim_gem_fault\n");
	CHECK_CONTAINS(s, "uncertain 0000:00:02.0 sim_leaky_path\n");
	CHECK(!strstr(s, "uncertain 0000:00:02.0 sim_ctl_write"));
	CHECK_CONTAINS(s, " repaired=0 uncertain=2 overlaps=0\n");
	free(s);
	s = render(ot, WR_FMT_TEXT, NULL);
	CHECK_CONTAINS(s, ", 2 uncertain after lost events");
	CHECK_CONTAINS(s, " (1 of them uncertain: events were lost");
	free(s);
	s = render(ot, WR_FMT_JSON, NULL);
	CHECK_CONTAINS(s, "\"uncertain_after_loss\":2");
	CHECK_CONTAINS(s, "\"kind\":\"raw\",\"uncertain\":1");
	free(s);
	owners__free(ot);
}

/*
 * The daemon answers dumps in its loop: a table of 10,000 owners must render
 * fast enough for many dumps a second.  The figures are printed; the check
 * is generous (a loaded CI host), a quadratic merge would fail it.
 */
static void ten_thousand_owners_render_fast(void)
{
	static const enum wr_format fmts[] = { WR_FMT_TEXT, WR_FMT_OWNERS, WR_FMT_JSON };
	static const char *const names[] = { "text", "owners", "json" };
	struct wr_owners *ot = owners__new(~0ull);
	struct timespec a, b;
	size_t i, len = 0;
	double ms;
	char *s;

	for (i = 0; i < 10000; i++)
		apply(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 1 + i % 7,
		      i % 2 ? F_LEAKY : F_GEM_FAULT, 0x1000 + i);
	for (i = 0; i < 3; i++) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		s = render(ot, fmts[i], NULL);
		clock_gettime(CLOCK_MONOTONIC, &b);
		ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
		len = s ? strlen(s) : 0;
		printf("    10,000 owners, %s: %.2f ms, %zu bytes\n", names[i], ms, len);
		CHECK(ms < 500);
		free(s);
	}
	owners__free(ot);
}

/* Owners without frames (an unwinder that failed) group together, safely. */
static void frameless_owners_group(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	struct wr_site site = { .nr_frames = 0 };
	struct wr_event e;
	char *s;
	int i;

	for (i = 0; i < 3; i++) {
		e = mk_event(RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 1, 0x100 + i);
		CHECK(owners__apply(ot, &e, &site) == -1);
	}
	s = render(ot, WR_FMT_TEXT, NULL);
	CHECK_CONTAINS(s, "Wakeref count: 3\n");
	CHECK_CONTAINS(s, "Wakeref x3 taken at:\n");
	free(s);
	owners__free(ot);
}

/* A process names itself: its name reaches root's terminal escaped, JSON stays UTF-8. */
static void task_names_are_escaped(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t frames[3] = { A_RPM_GET, F_LEAKY + 0x10, A_KSYS_WRITE };
	struct wr_site site = { .frames = frames, .nr_frames = 3, .caller = F_LEAKY };
	struct wr_event e = mk_event(RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 1, ~0ull);
	char *s;

	snprintf(e.comm, sizeof(e.comm), "\x1b[2J\xff\xc2\x9bx");
	owners__apply(ot, &e, &site);
	s = render(ot, WR_FMT_TEXT, NULL);
	CHECK_CONTAINS(s, "[\\x1b[2J\\xff\\xc2\\x9bx]");
	CHECK(!strchr(s, 0x1b) && !strchr(s, (char)0xff));
	free(s);
	s = render(ot, WR_FMT_JSON, NULL);
	CHECK_CONTAINS(s, "\"comm\":\"\\u001b[2J\\ufffd\\u009bx\"");
	CHECK(!strchr(s, 0x1b) && !strchr(s, (char)0xff));
	free(s);
	owners__free(ot);
}

/* -f ref_tracker: lib/ref_tracker.c's form, one block per stack */
static void ref_tracker_form(void)
{
	struct wr_owners *ot = leaky_table();
	char *s;

	GET(ot, 2, F_GEM_FAULT);
	s = render(ot, WR_FMT_REF_TRACKER, NULL);
	CHECK_STR(s, "intel_runtime_pm@ffff888012340000 has 2/3 users at\n"
		     "     intel_runtime_pm_get+0x10/0x40 [wakeref_sim]\n"
		     "     sim_leaky_path+0x10/0x80 [wakeref_sim]\n"
		     "     ksys_write+0x24/0xf0\n"
		     "\n"
		     "intel_runtime_pm@ffff888012340000 has 1/3 users at\n"
		     "     intel_runtime_pm_get+0x10/0x40 [wakeref_sim]\n"
		     "     sim_gem_fault+0x10/0x80 [wakeref_sim]\n"
		     "     ksys_write+0x24/0xf0\n"
		     "\n");
	free(s);
	owners__free(ot);
	/* nothing held: nothing printed, as the kernel prints an empty directory */
	ot = owners__new(~0ull);
	GET(ot, 1, F_LEAKY);
	PUT(ot, 1, F_LEAKY);
	s = render(ot, WR_FMT_REF_TRACKER, NULL);
	CHECK_STR(s, "");
	free(s);
	owners__free(ot);
}

/* a get or put at F (+0x10), reached by a tail jump from G: the tracer put G back at its first byte */
static void apply_tailed(struct wr_owners *ot, uint8_t type, uint64_t caller, uint64_t jumper)
{
	struct wr_event e = mk_event(RPM_DEV, type, type == WR_EV_PUT ?
				     WR_HOOK_I915_RPM_PUT_UNCHECKED : WR_HOOK_I915_RPM_GET,
				     WL | WR_EVF_TAIL_CALL, 1, type == WR_EV_PUT ? 0 : ~0ull);
	uint64_t frames[4] = { type == WR_EV_PUT ? A_RPM_PUT : A_RPM_GET, jumper,
			       caller + 0x10, A_KSYS_WRITE };
	struct wr_site site = { .frames = frames, .nr_frames = 4, .caller = jumper };

	owners__apply(ot, &e, &site);
}

/*
 * A frame the tracer put back after a tail call (WR_EVF_TAIL_CALL) is shown
 * as such in every stack printed, a get's and a put's (at the function's
 * first byte, or its body's where a trampoline called it): the device's last
 * get and put and the owners' stacks, in text, JSON, ref_tracker.
 */
static void restored_frames_are_marked_everywhere(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	char *s;

	apply_tailed(ot, WR_EV_GET, F_CTL, F_LEAKY);
	/* the put's, by a trampoline: at the body's first byte, past endbr64 and __fentry__ */
	apply_tailed(ot, WR_EV_PUT, F_CTL, F_GEM_FAULT + 9);
	s = render(ot, WR_FMT_TEXT, NULL);
	CHECK_CONTAINS(s, "Wakeref last acquired:\n"
		       "   intel_runtime_pm_get+0x10/0x40 [wakeref_sim]\n"
		       "   sim_leaky_path+0x0/0x80 [wakeref_sim] (tail call)\n"
		       "   sim_ctl_write+0x10/0x180 [wakeref_sim]\n");
	CHECK_CONTAINS(s, "Wakeref last released:\n"
		       "   intel_runtime_pm_put_unchecked+0x10/0x40 [wakeref_sim]\n"
		       "   sim_gem_fault+0x9/0x80 [wakeref_sim] (tail call)\n"
		       "   sim_ctl_write+0x10/0x180 [wakeref_sim]\n");
	free(s);
	s = render(ot, WR_FMT_JSON, NULL);
	CHECK_CONTAINS(s, "\"last_acquired\":[\"intel_runtime_pm_get+0x10/0x40 [wakeref_sim]\","
		       "\"sim_leaky_path+0x0/0x80 [wakeref_sim] (tail call)\",");
	CHECK_CONTAINS(s, "\"last_released\":[\"intel_runtime_pm_put_unchecked+0x10/0x40 "
		       "[wakeref_sim]\",\"sim_gem_fault+0x9/0x80 [wakeref_sim] (tail call)\",");
	free(s);
	/* an owner's own stack, held */
	apply_tailed(ot, WR_EV_GET, F_CTL, F_LEAKY);
	s = render(ot, WR_FMT_JSON, NULL);
	CHECK_CONTAINS(s, "\"stack\":[\"intel_runtime_pm_get+0x10/0x40 [wakeref_sim]\","
		       "\"sim_leaky_path+0x0/0x80 [wakeref_sim] (tail call)\",");
	free(s);
	s = render(ot, WR_FMT_TEXT, NULL);
	CHECK_CONTAINS(s, "taken at:\n   intel_runtime_pm_get+0x10/0x40 [wakeref_sim]\n"
		       "   sim_leaky_path+0x0/0x80 [wakeref_sim] (tail call)\n");
	free(s);
	s = render(ot, WR_FMT_REF_TRACKER, NULL);
	/* five spaces a frame, as the kernel's stack_trace_snprint(..., 4) */
	CHECK_CONTAINS(s, "\n     sim_leaky_path+0x0/0x80 [wakeref_sim] (tail call)\n"
		       "     sim_ctl_write+0x10/0x180 [wakeref_sim]\n");
	free(s);
	owners__free(ot);
}

static char *render_sel(const struct wr_owners *ot, enum wr_format fmt, const char *device,
			uint32_t pid)
{
	return render_opts(ot, (struct report_opts){ .format = fmt, .device = device, .pid = pid,
						     .now_ns = test_clock + 2500000000ull });
}

/* --device and --pid: that device's, that task's owners only, in every format */
static void device_and_pid_select(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	char *s;

	owners__keep(ot, WR_KEEP_HISTORY);
	GET(ot, 1, F_LEAKY);
	GET(ot, 2, F_GEM_FAULT);
	apply(ot, RPM_DEV2, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 2, F_CTL, ~0ull);
	apply(ot, RPM_DEV2, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_UNCHECKED, WL, 2, F_CTL, 0);
	apply(ot, RPM_DEV2, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 3, F_LEAKY, ~0ull);

	s = render_sel(ot, WR_FMT_TEXT, "0000:03:00.0", 0);
	CHECK_CONTAINS(s, "0000:03:00.0: i915 runtime PM, 2 gets, 1 puts");
	CHECK(!strstr(s, "0000:00:02.0"));
	free(s);
	s = render_sel(ot, WR_FMT_OWNERS, NULL, 2);
	CHECK_CONTAINS(s, "owner 0000:00:02.0 sim_gem_fault 1\n");
	CHECK(!strstr(s, "sim_leaky_path"));	/* pid 1's, pid 3's */
	free(s);
	s = render_sel(ot, WR_FMT_JSON, "0000:00:02.0", 1);
	CHECK_CONTAINS(s, "\"device\":\"0000:00:02.0\"");
	CHECK(!strstr(s, "0000:03:00.0"));
	CHECK_CONTAINS(s, "\"owner\":\"sim_leaky_path\"");
	CHECK(!strstr(s, "\"owner\":\"sim_gem_fault\""));	/* pid 2's */
	free(s);
	s = render_sel(ot, WR_FMT_PERFETTO, "0000:00:02.0", 0);
	CHECK(!strstr(s, "0000:03:00.0"));
	free(s);
	/* the whole table is untouched */
	s = render_sel(ot, WR_FMT_OWNERS, NULL, 0);
	CHECK_CONTAINS(s, "owner 0000:03:00.0 sim_leaky_path 1\n");
	CHECK_CONTAINS(s, "owner 0000:00:02.0 sim_leaky_path 1\n");
	free(s);
	owners__free(ot);
}

UNIT_MAIN("report", T(ref_tracker_form), T(restored_frames_are_marked_everywhere), T(device_and_pid_select),
	  T(uncertain_owners_are_marked_everywhere), T(jsonl_names_objects),
	  T(text_has_the_i915_shape), T(age_is_of_the_oldest_owner),
	  T(json_splits_i915_packed_counts),
	  T(owners_lines_are_diffable), T(released_device_shows_count_zero),
	  T(losses_degrade_the_report_loudly), T(kprobe_misses_are_reported_or_said_unknown),
	  T(no_events_says_so),
	  T(divergence_and_old_references_are_reported), T(json_document),
	  T(jsonl_one_record_a_line), T(folded_root_first), T(allowlist_and_min_age_hide_owners),
	  T(perfetto_timeline), T(history_is_bounded_and_says_so),
	  T(owners_lines_list_the_pairs), T(format_names), T(ten_thousand_owners_render_fast),
	  T(frameless_owners_group), T(task_names_are_escaped))
