// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the GPU SVM view (userspace/model/svm_model.c,
 * output/svm_report.c): synthetic record streams in, oracle lines, text,
 * JSON and anomalies out.
 */
#include <stdlib.h>

#include "lib/json.h"
#include "kernel/ksyms.h"
#include "model/svm.h"
#include "unit.h"

#define MS		1000000ull
#define GPUSVM		0xffff888000001000ull
#define MM		0xffff888000002000ull
#define NOTIFIER	0xffff888000003000ull
#define RANGE		0xffff888000004000ull
#define RANGE2		0xffff888000005000ull
#define NSTART		0x200000ull
#define NLAST		0x3fffffull
#define IP_ALLOC	0xffffffffc0500010ull	/* sim_svm_fault+0x10 */

static uint64_t next_seq;

static struct wr_svm_record rec(uint16_t hook, uint64_t ts_ms)
{
	struct wr_svm_record r;

	memset(&r, 0, sizeof(r));
	r.hook = hook;
	r.ts_ns = ts_ms * MS;
	r.gpusvm = GPUSVM;
	strcpy(r.dev, "xe.0");
	strcpy(r.comm, "simuser");
	r.pid = 42;
	return r;
}

static void feed(struct svm_state *st, struct wr_svm_record *r)
{
	r->seq = next_seq++;
	svm_on_record(st, r, sizeof(*r));
}

static struct wr_svm_record range_rec(uint16_t hook, uint64_t ts_ms, uint64_t range,
				      uint64_t start, uint16_t flags)
{
	struct wr_svm_record r = rec(hook, ts_ms);

	r.range = range;
	r.notifier = NOTIFIER;
	r.start = start;
	r.last = start + 0xffff;
	r.nstart = NSTART;
	r.nlast = NLAST;
	r.flags = flags;
	r.flags_valid = (1u << WR_SVMF_NR) - 1;
	return r;
}

/* A GPU SVM with one notifier and a range at START, made as xe does. */
static struct svm_state *bound(uint64_t range, uint64_t start)
{
	struct svm_state *st = svm_state_new();
	struct wr_svm_record r = rec(WR_HOOK_SVM_INIT, 1);

	next_seq = 0;
	r.mm = MM;
	feed(st, &r);
	r = rec(WR_HOOK_SVM_NOTIFIER_INSERT, 2);
	r.notifier = NOTIFIER;
	r.start = r.nstart = NSTART;
	r.last = r.nlast = NLAST;
	feed(st, &r);
	r = rec(WR_HOOK_SVM_XE_RANGE_ALLOC, 3);
	r.range = range;
	r.nr_frames = 1;
	r.stack[0] = IP_ALLOC;
	feed(st, &r);
	r = range_rec(WR_HOOK_SVM_RANGE_INSERT, 4, range, start, WR_SVMF_MIGRATE_DEVMEM);
	feed(st, &r);
	r = range_rec(WR_HOOK_SVM_GET_PAGES, 5, range, start,
		      WR_SVMF_MIGRATE_DEVMEM | WR_SVMF_HAS_DMA_MAPPING);
	feed(st, &r);
	return st;
}

static struct ksyms *test_ksyms(void)
{
	struct ksyms *ks = ksyms__new();

	CHECK(ks);
	ksyms__add(ks, 0xffffffffc0500000ull, 0x80, "sim_svm_fault", "wakeref_sim");
	ksyms__add(ks, 0xffffffffc0500080ull, 0x80, "sim_last", "wakeref_sim");
	ksyms__finish(ks);
	return ks;
}

enum out { LINES, TEXT, JSON };

static char *render(struct svm_state *st, enum out what, uint64_t now_ms)
{
	struct ksyms *ks = test_ksyms();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct jw w;

	CHECK(f);
	if (what == LINES) {
		wr_svm_view.print_lines(f, st, ks);
	} else if (what == TEXT) {
		wr_svm_view.print_text(f, st, ks, now_ms * MS);
	} else {
		jw_init(&w, f);
		jw_object(&w, NULL);
		wr_svm_view.print_json(&w, st, ks, now_ms * MS);
		jw_end_object(&w);
	}
	fclose(f);
	ksyms__free(ks);
	return buf;
}

static void malformed_records_are_counted_not_trusted(void)
{
	struct svm_state *st = svm_state_new();
	struct wr_svm_record r = rec(WR_HOOK_SVM_INIT, 1);
	char *s;

	s = render(st, TEXT, 10);
	CHECK_STR(s, "");				/* nothing traced, nothing said */
	free(s);
	r.mm = MM;
	svm_on_record(st, &r, sizeof(r) - 1);		/* short */
	r.hook = WR_HOOK_XE_PUT;			/* not an SVM hook */
	svm_on_record(st, &r, sizeof(r));
	r.hook = WR_HOOK_SVM_INIT;
	r.nr_frames = WR_MAX_FRAMES + 1;		/* more frames than it can hold */
	svm_on_record(st, &r, sizeof(r));
	svm_on_record(st, "x", 1);
	CHECK_EQ_U64(st->received, 4);
	CHECK_EQ_U64(st->malformed, 4);
	CHECK_EQ_U64(st->nr_svms, 0);
	s = render(st, LINES, 10);
	CHECK_STR(s, "");
	free(s);
	s = render(st, TEXT, 10);
	CHECK_CONTAINS(s, "GPU SVM records: 4, lost 0, malformed 4\n");
	CHECK_CONTAINS(s, "WARNING: GPU SVM records were lost (ring buffer full) or malformed");
	free(s);
	svm_state_free(st);
}

static void insert_then_remove_matches_the_oracle(void)
{
	struct svm_state *st = bound(RANGE, NSTART);
	struct wr_svm_record r;
	char *s;

	/* xe_svm_init returns after drm_gpusvm_init: the same GPU SVM, once */
	r = rec(WR_HOOK_SVM_XE_INIT, 6);
	r.mm = MM;
	feed(st, &r);
	s = render(st, LINES, 10);
	CHECK_STR(s, "svm xe.0 gpusvms=1\n"
		  "svm xe.0 gpusvm=0xffff888000001000 notifiers=1 ranges=1\n"
		  "svm xe.0 notifier 0x200000-0x3fffff\n"
		  "svm xe.0 range 0x200000-0x20ffff flags=has_dma_mapping,migrate_devmem\n"
		  "svm_stats xe.0 invalidations=0 releases=0 unmapped=0 removed=0\n");
	free(s);
	CHECK_EQ_U64(st->devs[0].st.gpusvms_made, 1);
	CHECK_EQ_U64(st->devs[0].st.get_pages, 1);
	/* range_remove, then the notifier with its last range, then the free */
	r = range_rec(WR_HOOK_SVM_RANGE_REMOVE, 7, RANGE, NSTART, 0);
	feed(st, &r);
	s = render(st, LINES, 10);
	CHECK_CONTAINS(s, "notifiers=1 ranges=0\n");	/* still registered */
	free(s);
	r = rec(WR_HOOK_SVM_NOTIFIER_REMOVE, 8);
	r.notifier = NOTIFIER;
	feed(st, &r);
	r = rec(WR_HOOK_SVM_XE_RANGE_FREE, 9);
	r.range = RANGE;
	feed(st, &r);
	s = render(st, LINES, 10);
	CHECK_STR(s, "svm xe.0 gpusvms=1\n"
		  "svm xe.0 gpusvm=0xffff888000001000 notifiers=0 ranges=0\n"
		  "svm_stats xe.0 invalidations=0 releases=0 unmapped=0 removed=0\n");
	free(s);
	CHECK_EQ_U64(st->svms[0]->nr_ranges, 0);
	CHECK_EQ_U64(svm_lost(st), 0);
	svm_state_free(st);
}

static void partial_unmap_and_invalidation(void)
{
	struct svm_state *st = bound(RANGE, NSTART);
	struct wr_svm_record r;
	char *s;

	r = rec(WR_HOOK_SVM_INVALIDATE_EXIT, 10);
	r.notifier = NOTIFIER;
	r.start = NSTART + 0x8000;
	r.last = NSTART + 0xffff;
	r.event = WR_SVM_EV_UNMAP;
	r.ret = 1;
	r.held_ns = 5000;
	/* the driver's calls within it come first, flags read back after each */
	feed(st, &(struct wr_svm_record){ 0 });		/* a malformed one in between */
	{
		struct wr_svm_record u = range_rec(WR_HOOK_SVM_RANGE_UNMAPPED, 10, RANGE, NSTART,
						   WR_SVMF_MIGRATE_DEVMEM | WR_SVMF_UNMAPPED |
						   WR_SVMF_PARTIAL_UNMAP);

		feed(st, &u);
	}
	feed(st, &r);
	s = render(st, LINES, 20);
	CHECK_CONTAINS(s, "svm xe.0 range 0x200000-0x20ffff flags=migrate_devmem,partial_unmap,"
		       "unmapped\n");
	CHECK_CONTAINS(s, "svm_stats xe.0 invalidations=1 releases=0 unmapped=1 removed=0\n");
	free(s);
	CHECK_EQ_U64(st->devs[0].st.ranges_hit, 1);
	CHECK_EQ_U64(st->devs[0].st.by_event[WR_SVM_EV_UNMAP], 1);
	CHECK_EQ_U64(st->hist[svm_hist_bucket(5000)], 1);
	CHECK_EQ_U64(st->recent[0].ranges_hit, 1);
	s = render(st, JSON, 20);
	CHECK_CONTAINS(s, "\"event\":\"unmap\",\"start\":\"0x208000\",\"last\":\"0x20ffff\","
		       "\"ranges_hit\":1,\"locked_ns\":5000");
	CHECK_CONTAINS(s, "\"flags\":[\"migrate_devmem\",\"partial_unmap\",\"unmapped\"]");
	free(s);
	/* the collector takes it */
	r = range_rec(WR_HOOK_SVM_XE_GC, 30, RANGE, NSTART,
		      WR_SVMF_MIGRATE_DEVMEM | WR_SVMF_UNMAPPED | WR_SVMF_PARTIAL_UNMAP);
	feed(st, &r);
	r = range_rec(WR_HOOK_SVM_RANGE_REMOVE, 30, RANGE, NSTART, 0);
	feed(st, &r);
	s = render(st, LINES, 40);
	CHECK_CONTAINS(s, "notifiers=1 ranges=0\n");
	CHECK_CONTAINS(s, "removed=1\n");
	free(s);
	svm_state_free(st);
}

static void fini_with_leftovers_is_an_anomaly(void)
{
	struct svm_state *st = bound(RANGE, NSTART);
	struct wr_svm_record r;
	char *s;

	/* a second range: removed by fini, but a reference keeps it (never freed) */
	r = rec(WR_HOOK_SVM_XE_RANGE_ALLOC, 6);
	r.range = RANGE2;
	feed(st, &r);
	r = range_rec(WR_HOOK_SVM_RANGE_INSERT, 6, RANGE2, NSTART + 0x10000, 0);
	feed(st, &r);
	r = rec(WR_HOOK_SVM_FINI_ENTER, 100);
	feed(st, &r);
	r = rec(WR_HOOK_SVM_NOTIFIER_REMOVE, 100);
	r.notifier = NOTIFIER;
	feed(st, &r);
	r = range_rec(WR_HOOK_SVM_RANGE_REMOVE, 100, RANGE2, NSTART + 0x10000, 0);
	feed(st, &r);
	r = rec(WR_HOOK_SVM_FINI_EXIT, 101);
	feed(st, &r);
	CHECK_EQ_U64(st->nr_svms, 0);
	CHECK_EQ_U64(st->devs[0].st.fini_ranges, 2);
	CHECK_EQ_U64(st->devs[0].st.fini_notifiers, 1);
	/* RANGE still in the tree, RANGE2 not freed, the notifier with RANGE */
	CHECK_EQ_U64(st->nr_anomalies, 3);
	CHECK_EQ_U64(svm_nr_anomalies(st, 200 * MS), 3);
	s = render(st, LINES, 200);
	CHECK_STR(s, "svm xe.0 gpusvms=0\n"
		  "svm_stats xe.0 invalidations=0 releases=0 unmapped=0 removed=0\n");
	free(s);
	s = render(st, TEXT, 200);
	CHECK_CONTAINS(s, "  alive-after-fini: xe.0: range 0x200000-0x20ffff of gpusvm "
		       "0xffff888000001000 still there when drm_gpusvm_fini returned 0.099s ago; "
		       "made at:\n     sim_svm_fault+0x10/0x80 [wakeref_sim]\n");
	CHECK_CONTAINS(s, "range 0x210000-0x21ffff of gpusvm 0xffff888000001000 removed but never "
		       "freed (a reference is held)");
	CHECK_CONTAINS(s, "  alive-after-fini: xe.0: notifier 0x200000-0x3fffff");
	CHECK_CONTAINS(s, "GPU SVM anomalies: 3\n");
	free(s);
	s = render(st, JSON, 200);
	CHECK_CONTAINS(s, "\"kind\":\"alive-after-fini\",\"device\":\"xe.0\",\"gpusvm\":"
		       "\"0xffff888000001000\",\"what\":\"range\",\"start\":\"0x200000\"");
	CHECK_CONTAINS(s, "\"removed_not_freed\":true");
	CHECK_CONTAINS(s, "\"stack\":[\"sim_svm_fault+0x10/0x80 [wakeref_sim]\"]");
	free(s);
	svm_state_free(st);
}

static void gc_backlog_over_the_threshold(void)
{
	struct svm_state *st;
	struct wr_svm_record r;
	char *s;

	setenv("WAKEREF_SVM_GC_THRESHOLD_MS", "500", 1);
	st = bound(RANGE, NSTART);
	unsetenv("WAKEREF_SVM_GC_THRESHOLD_MS");
	CHECK_EQ_U64(st->gc_threshold_ns, 500 * MS);
	r = range_rec(WR_HOOK_SVM_RANGE_UNMAPPED, 1000, RANGE, NSTART,
		      WR_SVMF_MIGRATE_DEVMEM | WR_SVMF_UNMAPPED);
	feed(st, &r);
	CHECK_EQ_U64(svm_gc_backlog(st, 1499 * MS), 0);
	CHECK_EQ_U64(svm_gc_backlog(st, 1500 * MS), 1);
	CHECK_EQ_U64(svm_nr_anomalies(st, 1600 * MS), 1);
	/* a later flag update does not restart the clock */
	r.ts_ns = 1200 * MS;
	feed(st, &r);
	CHECK_EQ_U64(svm_gc_backlog(st, 1500 * MS), 1);
	s = render(st, TEXT, 1600);
	CHECK_CONTAINS(s, "  gc-backlog: xe.0: range 0x200000-0x20ffff of gpusvm 0xffff888000001000 "
		       "flags=migrate_devmem,unmapped unmapped 0.600s ago and not removed "
		       "(threshold 500 ms); made at:\n     sim_svm_fault+0x10/0x80 [wakeref_sim]\n");
	free(s);
	r = range_rec(WR_HOOK_SVM_RANGE_REMOVE, 1700, RANGE, NSTART, 0);
	feed(st, &r);
	CHECK_EQ_U64(svm_nr_anomalies(st, 5000 * MS), 0);
	svm_state_free(st);

	setenv("WAKEREF_SVM_GC_THRESHOLD_MS", "soon", 1);
	st = svm_state_new();
	unsetenv("WAKEREF_SVM_GC_THRESHOLD_MS");
	CHECK_EQ_U64(st->gc_threshold_ns, SVM_DEFAULT_GC_THRESHOLD_MS * MS);
	svm_state_free(st);
	/* negative and past-the-bound values do not wrap into huge thresholds */
	{
		static const char *const bad[] = { "-5", "86400001", "18446744073709551615", "1e3",
						   "" };
		size_t i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			setenv("WAKEREF_SVM_GC_THRESHOLD_MS", bad[i], 1);
			st = svm_state_new();
			CHECK_EQ_U64(st->gc_threshold_ns, SVM_DEFAULT_GC_THRESHOLD_MS * MS);
			svm_state_free(st);
		}
		unsetenv("WAKEREF_SVM_GC_THRESHOLD_MS");
	}
}

static void histogram_buckets(void)
{
	struct svm_state *st = bound(RANGE, NSTART);
	struct wr_svm_record r;
	char *s;

	CHECK_EQ_U64(svm_hist_bucket(0), 0);
	CHECK_EQ_U64(svm_hist_bucket(999), 0);
	CHECK_EQ_U64(svm_hist_bucket(1000), 1);		/* [1, 2) us */
	CHECK_EQ_U64(svm_hist_bucket(1999), 1);
	CHECK_EQ_U64(svm_hist_bucket(2000), 2);		/* [2, 4) us */
	CHECK_EQ_U64(svm_hist_bucket(3999), 2);
	CHECK_EQ_U64(svm_hist_bucket(4000), 3);
	CHECK_EQ_U64(svm_hist_bucket(1000000), 10);	/* 1 ms: [512, 1024) us */
	CHECK_EQ_U64(svm_hist_bucket(~0ull), SVM_HIST_BUCKETS - 1);
	r = rec(WR_HOOK_SVM_INVALIDATE_EXIT, 10);
	r.notifier = NOTIFIER;
	r.start = 0;
	r.last = 0xfff;
	r.event = WR_SVM_EV_CLEAR;
	r.ret = 1;
	r.held_ns = 3000;
	feed(st, &r);
	r.event = WR_SVM_EV_RELEASE;
	r.start = 0;
	r.last = ~0ull;
	r.held_ns = 1500;
	feed(st, &r);
	r.held_ns = 0;					/* the driver's callback not traced */
	feed(st, &r);
	r.ret = 0;					/* not blockable: not an invalidation */
	feed(st, &r);
	CHECK_EQ_U64(st->hist[2], 1);
	CHECK_EQ_U64(st->hist[1], 1);
	CHECK_EQ_U64(st->no_lock_time, 1);
	CHECK_EQ_U64(st->devs[0].st.invalidations, 3);
	CHECK_EQ_U64(st->devs[0].st.releases, 2);
	CHECK_EQ_U64(st->devs[0].st.skipped, 1);
	CHECK_EQ_U64(st->devs[0].st.ranges_hit, 2);	/* the releases hit the range */
	s = render(st, TEXT, 20);
	CHECK_CONTAINS(s, "          1 - 1       us        1 |########################################\n");
	CHECK_CONTAINS(s, "          2 - 3       us        1 |");
	CHECK_CONTAINS(s, "  1 invalidations without the time locked: the driver's ops->invalidate is "
		       "not traced\n");
	CHECK_CONTAINS(s, "invalidations: 3 (clear 1, release 2, not blockable 1), ranges hit 2\n");
	free(s);
	s = render(st, JSON, 20);
	CHECK_CONTAINS(s, "\"lock_held_us\":[{\"from_us\":1,\"below_us\":2,\"count\":1},"
		       "{\"from_us\":2,\"below_us\":4,\"count\":1}]");
	free(s);
	svm_state_free(st);
}

static void lost_records_say_the_state_may_be_wrong(void)
{
	struct svm_state *st = bound(RANGE, NSTART);
	struct wr_svm_record r = range_rec(WR_HOOK_SVM_RANGE_UNMAPPED, 10, RANGE, NSTART, 0);
	char *s;

	next_seq += 2;					/* two records the ring had no room for */
	feed(st, &r);
	CHECK_EQ_U64(svm_lost(st), 2);
	s = render(st, TEXT, 20);
	CHECK_CONTAINS(s, "GPU SVM records: 6, lost 2, malformed 0\n");
	CHECK_CONTAINS(s, "this GPU SVM state may be wrong");
	free(s);
	s = render(st, JSON, 20);
	CHECK_CONTAINS(s, "\"lost_records\":2,\"malformed_records\":0,\"state_may_be_wrong\":true");
	free(s);
	svm_state_free(st);
}

static void get_pages_retry_storm(void)
{
	struct svm_state *st = bound(RANGE, NSTART);
	struct wr_svm_record r;
	int i;

	/* 6.18: drm_gpusvm_range_get_pages wraps drm_gpusvm_get_pages, one call */
	r = range_rec(WR_HOOK_SVM_RANGE_GET_PAGES, 6, RANGE, NSTART, WR_SVMF_HAS_DMA_MAPPING);
	feed(st, &r);
	CHECK_EQ_U64(st->devs[0].st.get_pages, 1);
	r = range_rec(WR_HOOK_SVM_GET_PAGES, 7, RANGE, NSTART, 0);
	r.ret = -14;
	for (i = 0; i < SVM_STORM_FAILURES - 1; i++)
		feed(st, &r);
	CHECK_EQ_U64(st->nr_anomalies, 0);
	r.ret = 0;					/* a success ends the run */
	feed(st, &r);
	r.ret = -11;
	for (i = 0; i < SVM_STORM_FAILURES + 3; i++)
		feed(st, &r);
	CHECK_EQ_U64(st->nr_anomalies, 1);		/* once per range */
	CHECK(st->anomalies[0].kind == SVM_AN_RETRY_STORM);
	CHECK_EQ_U64(st->anomalies[0].count, SVM_STORM_FAILURES);
	CHECK_EQ_U64(st->anomalies[0].err, (uint64_t)-11);
	CHECK_EQ_U64(st->devs[0].st.get_pages_failed, 2 * SVM_STORM_FAILURES + 2);
	svm_state_free(st);
}

static void adopted_gpusvm_and_flags_per_layout(void)
{
	struct svm_state *st = svm_state_new();
	struct wr_svm_record r;
	char *s;

	/* a GPU SVM from before attach, first met in a range record */
	r = range_rec(WR_HOOK_SVM_RANGE_INSERT, 5, RANGE, NSTART, WR_SVMF_MIGRATE_DEVMEM);
	r.flags_valid = WR_SVMF_MIGRATE_DEVMEM | WR_SVMF_UNMAPPED | WR_SVMF_PARTIAL_UNMAP;
	feed(st, &r);
	/* 7.3: the pages' flags alone; the range's own are left as they were */
	r = range_rec(WR_HOOK_SVM_UNMAP_PAGES, 6, RANGE, NSTART, WR_SVMF_HAS_DMA_MAPPING);
	r.flags_valid = WR_SVMF_HAS_DMA_MAPPING | WR_SVMF_HAS_DEVMEM_PAGES;
	feed(st, &r);
	s = render(st, LINES, 10);
	CHECK_STR(s, "svm xe.0 gpusvms=1\n"
		  "svm xe.0 gpusvm=0xffff888000001000 notifiers=1 ranges=1\n"
		  "svm xe.0 notifier 0x200000-0x3fffff\n"
		  "svm xe.0 range 0x200000-0x20ffff flags=has_dma_mapping,migrate_devmem\n"
		  "svm_stats xe.0 invalidations=0 releases=0 unmapped=0 removed=0\n");
	free(s);
	s = render(st, TEXT, 10);
	CHECK_CONTAINS(s, "made before wakeref attached");
	free(s);
	svm_state_free(st);
}

struct snap_recs {
	uint8_t rec[256][1024];
	size_t size[256];
	int nr;
};

static void keep_rec(void *ctx, const void *rec, size_t size)
{
	struct snap_recs *r = ctx;

	CHECK(r->nr < 256 && size <= sizeof(r->rec[0]));
	if (r->nr >= 256 || size > sizeof(r->rec[0]))
		return;
	memcpy(r->rec[r->nr], rec, size);
	r->size[r->nr++] = size;
}

/* ST snapshot and replayed into a new state: every output the same. */
static struct svm_state *round_trip(struct svm_state *st, uint64_t now_ms)
{
	static struct snap_recs r;
	struct svm_state *back = svm_state_new();
	enum out what;
	char *a, *b;
	int i;

	r.nr = 0;
	wr_svm_view.snapshot(st, keep_rec, &r);
	CHECK(r.nr > 1);
	for (i = 0; i < r.nr; i++)
		wr_svm_view.on_record(back, r.rec[i], r.size[i]);
	CHECK_EQ_U64(back->malformed, st->malformed);
	CHECK_EQ_U64(svm_lost(back), svm_lost(st));
	CHECK_EQ_U64(svm_nr_anomalies(back, now_ms * MS), svm_nr_anomalies(st, now_ms * MS));
	for (what = LINES; what <= JSON; what++) {
		a = render(st, what, now_ms);
		b = render(back, what, now_ms);
		CHECK_STR(b, a);
		free(a);
		free(b);
	}
	return back;
}

/* The daemon's journal compacts to a snapshot: the table, history and anomalies kept. */
static void snapshot_rebuilds_the_state(void)
{
	struct svm_state *st = bound(RANGE, NSTART), *back;
	struct wr_svm_record r, u;
	char *a, *b;
	int i;

	r = rec(WR_HOOK_SVM_INVALIDATE_EXIT, 10);
	r.notifier = NOTIFIER;
	r.start = NSTART + 0x8000;
	r.last = NSTART + 0xffff;
	r.event = WR_SVM_EV_UNMAP;
	r.ret = 1;
	r.held_ns = 5000;
	u = range_rec(WR_HOOK_SVM_RANGE_UNMAPPED, 10, RANGE, NSTART,
		      WR_SVMF_MIGRATE_DEVMEM | WR_SVMF_UNMAPPED | WR_SVMF_PARTIAL_UNMAP);
	feed(st, &u);
	feed(st, &r);
	r = rec(WR_HOOK_SVM_XE_RANGE_ALLOC, 11);
	r.range = RANGE2;
	feed(st, &r);
	r = range_rec(WR_HOOK_SVM_RANGE_INSERT, 11, RANGE2, NSTART + 0x10000, 0);
	feed(st, &r);
	r = range_rec(WR_HOOK_SVM_GET_PAGES, 12, RANGE2, NSTART + 0x10000, 0);
	r.ret = -11;
	for (i = 0; i < SVM_STORM_FAILURES + 1; i++)
		feed(st, &r);
	CHECK_EQ_U64(st->nr_anomalies, 1);
	back = round_trip(st, 2000);	/* 2 s: the unmapped range is a GC backlog too */
	/* and both go on alike: the collector takes the unmapped range */
	r = range_rec(WR_HOOK_SVM_RANGE_REMOVE, 30, RANGE, NSTART, 0);
	feed(st, &r);
	r.seq--;
	svm_on_record(back, &r, sizeof(r));
	a = render(st, TEXT, 2000);
	b = render(back, TEXT, 2000);
	CHECK_STR(b, a);
	free(a);
	free(b);
	svm_state_free(back);
	/* after fini with leftovers: the stored anomalies */
	r = rec(WR_HOOK_SVM_FINI_ENTER, 100);
	feed(st, &r);
	r = rec(WR_HOOK_SVM_FINI_EXIT, 101);
	feed(st, &r);
	CHECK(st->nr_anomalies > 1);
	svm_state_free(round_trip(st, 200));
	svm_state_free(st);
}

/* Snapshot records read back from a file are checked like any record. */
static void bad_snapshot_records_are_malformed(void)
{
	static struct snap_recs r;
	struct svm_state *st = bound(RANGE, NSTART), *back = svm_state_new();
	uint8_t bad[1024];
	int i, range = -1;

	r.nr = 0;
	wr_svm_view.snapshot(st, keep_rec, &r);
	for (i = 0; i < r.nr; i++)
		if (r.size[i] > 8 && r.rec[i][4] == 6)	/* the range */
			range = i;
	CHECK(range >= 0);
	if (range < 0)
		return;
	/* a range before its GPU SVM, a cut one, an unknown kind */
	wr_svm_view.on_record(back, r.rec[range], r.size[range]);
	wr_svm_view.on_record(back, r.rec[range], r.size[range] - 8);
	memcpy(bad, r.rec[range], r.size[range]);
	bad[4] = 99;
	wr_svm_view.on_record(back, bad, r.size[range]);
	CHECK_EQ_U64(back->malformed, 3);
	CHECK_EQ_U64(back->nr_svms, 0);
	svm_state_free(st);
	svm_state_free(back);
}

UNIT_MAIN("svm",
	  T(malformed_records_are_counted_not_trusted),
	  T(insert_then_remove_matches_the_oracle),
	  T(partial_unmap_and_invalidation),
	  T(fini_with_leftovers_is_an_anomaly),
	  T(gc_backlog_over_the_threshold),
	  T(histogram_buckets),
	  T(lost_records_say_the_state_may_be_wrong),
	  T(get_pages_retry_storm),
	  T(snapshot_rebuilds_the_state),
	  T(bad_snapshot_records_are_malformed),
	  T(adopted_gpusvm_and_flags_per_layout))
