// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of recordings: what is written reads back as the same report,
 * and every kind of damage is refused with a reason, never a crash.
 */
#include <errno.h>
#include <unistd.h>

#include <sys/stat.h>

#include <time.h>
#include "kernel/ksyms.h"
#include "record/recfile.h"
#include "record/replay.h"
#include "model/site.h"
#include "model/userfault.h"
#include "model/view.h"
#include "lib/log.h"
#include "unit.h"
#include "events.h"

#define REC "build/unit/test.rec"

/* The recordings go under build/unit, whatever BUILD the binary was made in. */
__attribute__((constructor)) static void make_dirs(void)
{
	mkdir("build", 0755);
	mkdir("build/unit", 0755);
}

static struct wr_event ev(uint8_t type, uint16_t hook, uint64_t caller)
{
	struct wr_event e = mk_event(RPM_DEV, type, hook, WR_EVF_WAKELOCK, 7,
				     type == WR_EV_PUT ? 0 : ~0ull);

	e.stack[0] = 0xffffffffc0100010ull;	/* a BPF program frame */
	e.stack[1] = type == WR_EV_PUT ? A_RPM_PUT : A_RPM_GET;
	e.stack[2] = caller + 0x10;
	e.stack[3] = A_KSYS_WRITE;
	e.nr_frames = 4;
	return e;
}

/* Write three events live-style, applying them to TABLE as the tracer would. */
static void write_recording(struct ksyms *ks, struct wr_owners *table, uint64_t *stop)
{
	struct wr_event e[3] = {
		ev(WR_EV_GET, WR_HOOK_I915_RPM_GET, F_LEAKY),
		ev(WR_EV_GET, WR_HOOK_I915_RPM_GET, F_GEM_FAULT),
		ev(WR_EV_PUT, WR_HOOK_I915_RPM_PUT_UNCHECKED, F_GEM_FAULT),
	};
	struct wr_loss loss = { .events = 3, .ringbuf_drops = 1, .kprobe_misses_unreported = true };
	struct wr_rec_writer *w = recfile__create(REC, ~0ull, test_clock);
	uint64_t frames[WR_MAX_FRAMES];
	struct wr_site site;
	int i;

	CHECK(w != NULL);
	snprintf(loss.where, sizeof(loss.where), "i915_rpm_get: 1 drops, 0 recursion misses");
	for (i = 0; i < 3; i++) {
		CHECK(!recfile__write_event(w, &e[i]));
		site__apply(table, ks, &e[i], frames, &site);
	}
	*stop = test_clock + 5000000000ull;
	CHECK(!recfile__finish(w, ks, &loss, *stop));
}

static char *render(const struct wr_owners *ot, const struct ksyms *ks, uint64_t now,
		    const struct wr_loss *loss)
{
	struct report_opts opts = { .format = WR_FMT_TEXT, .now_ns = now, .loss = loss };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	report__print(f, ot, ks, &opts);
	fclose(f);
	return buf;
}

static void replay_gives_the_identical_report(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	struct wr_owners *live = owners__new(~0ull);
	struct wr_loss loss = { .events = 3, .ringbuf_drops = 1, .kprobe_misses_unreported = true };
	struct wr_replay r;
	char *a, *b;
	uint64_t stop;

	write_recording(ks, live, &stop);
	snprintf(loss.where, sizeof(loss.where), "i915_rpm_get: 1 drops, 0 recursion misses");
	a = render(live, ks, stop, &loss);
	CHECK(!replay__file(REC, WR_KEEP_NONE, &r));
	CHECK_EQ_U64(r.info.nr_events, 3);
	CHECK_EQ_U64(r.info.end.stop_ns, stop);
	CHECK(r.info.nr_modules >= 0);
	b = render(r.ot, r.ks, r.info.end.stop_ns, &r.info.loss);
	CHECK_STR(b, a);
	CHECK_CONTAINS(b, "sim_leaky_path+0x10/0x80 [wakeref_sim]");
	CHECK_CONTAINS(b, "WARNING: events were lost (i915_rpm_get: 1 drops");
	CHECK_CONTAINS(b, "kprobe misses: not reported by this kernel");
	free(a);
	free(b);
	replay__free(&r);
	owners__free(live);
	ksyms__free(ks);
}

static uint8_t *slurp(size_t *len)
{
	FILE *f = fopen(REC, "rb");
	uint8_t *buf = malloc(1 << 20);

	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static int read_buf(const uint8_t *buf, size_t len)
{
	struct wr_rec_info info;
	struct ksyms *ks;
	int err = recfile__read_mem(buf, len, "damaged", &info, &ks, NULL, NULL);

	ksyms__free(ks);
	return err;
}

static void damage_is_refused(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	struct wr_owners *live = owners__new(~0ull);
	uint8_t *buf, *copy;
	size_t len, cut;
	uint64_t stop;

	write_recording(ks, live, &stop);
	buf = slurp(&len);
	copy = malloc(len);
	CHECK(!read_buf(buf, len));
	/* every truncation point */
	for (cut = 0; cut < len; cut++)
		if (!read_buf(buf, cut)) {
			printf("    truncated at %zu of %zu was accepted\n", cut, len);
			unit_failed = 1;
			break;
		}
	/* bad magic, version, a record length past the end, an unknown type */
	memcpy(copy, buf, len);
	copy[0] ^= 0xff;
	CHECK(read_buf(copy, len) == -EINVAL);
	memcpy(copy, buf, len);
	copy[8] = 9;
	CHECK(read_buf(copy, len) == -EINVAL);
	memcpy(copy, buf, len);
	memset(copy + sizeof(struct wr_rec_header) + 4, 0xff, 4);
	CHECK(read_buf(copy, len) == -EINVAL);
	memcpy(copy, buf, len);
	memset(copy + sizeof(struct wr_rec_header), 0x7f, 1);
	CHECK(read_buf(copy, len) == -EINVAL);
	free(copy);
	free(buf);
	owners__free(live);
	ksyms__free(ks);

}

/*
 * Rewrite the recording at REC as OUT, with one more module record ("wakeref")
 * first: with its end record's events_end set to EVENTS_END (or kept where
 * it points, if ~0), or, if V1, as version 1 wrote it (whole events, a
 * shorter end record).  Returns the size of OUT.
 */
static size_t rewrite(const char *out, int version, uint64_t events_end)
{
	bool v1 = version == 1;
	int64_t delta = 0;	/* how much the events grew or shrank */
	size_t len, pos = sizeof(struct wr_rec_header), n = 0;
	uint8_t *buf = slurp(&len), *o = calloc(1, 2 * len + 4096);
	uint32_t mod[2] = { WR_REC_MODULE, 8 };
	struct wr_rec_header h;
	FILE *f;

	memcpy(&h, buf, sizeof(h));
	if (version)
		h.version = version;
	memcpy(o, &h, sizeof(h));
	n = sizeof(h);
	memcpy(o + n, mod, sizeof(mod));
	memcpy(o + n + 8, "wakeref", 8);
	n += 16;
	while (pos + 8 <= len) {
		uint32_t hdr[2];

		memcpy(hdr, buf + pos, sizeof(hdr));
		if (version && version < 3 && hdr[0] == WR_REC_EVENT) {
			/* versions 1 and 2: the head ends before client, sys_nr, ioctl_cmd */
			uint32_t frames = hdr[1] - WR_REC_EVENT_HEAD;
			uint32_t old[2] = { WR_REC_EVENT, WR_REC_EVENT_HEAD_V2 +
					    (v1 ? sizeof(((struct wr_event *)0)->stack) : frames) };

			memcpy(o + n, old, sizeof(old));
			memcpy(o + n + 8, buf + pos + 8, WR_REC_EVENT_HEAD_V2);
			memcpy(o + n + 8 + WR_REC_EVENT_HEAD_V2, buf + pos + 8 + WR_REC_EVENT_HEAD,
			       frames);			/* v1: the rest stays 0 */
			n += 8 + old[1];
			delta += (int64_t)old[1] - hdr[1];
		} else if (hdr[0] == WR_REC_END) {
			struct wr_rec_end end;
			uint32_t e[2] = { WR_REC_END, v1 ? WR_REC_END_V1_SIZE : sizeof(end) };

			memcpy(&end, buf + pos + 8, sizeof(end));
			end.events_end = events_end != ~0ull ? events_end :
					 end.events_end + 16 + delta;
			memcpy(o + n, e, sizeof(e));
			memcpy(o + n + 8, &end, e[1]);
			n += 8 + e[1];
		} else {
			memcpy(o + n, buf + pos, 8 + hdr[1]);
			n += 8 + hdr[1];
		}
		pos += 8 + hdr[1];
	}
	f = fopen(out, "wb");
	fwrite(o, n, 1, f);
	fclose(f);
	free(o);
	free(buf);
	return n;
}

/* The report of the recording at PATH, and its module count in *NR_MODULES. */
static char *replay_render(const char *path, int *nr_modules)
{
	struct wr_replay r;
	char *out;

	if (replay__file(path, WR_KEEP_NONE, &r))
		return strdup("(refused)");
	out = render(r.ot, r.ks, r.info.end.stop_ns, &r.info.loss);
	*nr_modules = r.info.nr_modules;
	replay__free(&r);
	return out;
}

/*
 * Events are written cut after their frames, and the end record says where
 * they end; a version-1 recording (whole events) and one without that
 * offset read as the same report; a wrong offset is refused.
 */
static void compact_and_version1_recordings_agree(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	struct wr_owners *live = owners__new(~0ull);
	struct wr_rec_end end;
	char *want, *got;
	uint8_t *buf;
	size_t len, v1_len;
	uint64_t stop;
	uint32_t hdr[2];
	int mods = -1, mods2 = -1;

	write_recording(ks, live, &stop);
	buf = slurp(&len);
	/* the first record after the modules: an event of 4 frames */
	memcpy(&end, buf + len - sizeof(end), sizeof(end));
	CHECK(end.events_end > sizeof(struct wr_rec_header) && end.events_end < len);
	memcpy(hdr, buf + end.events_end - (8 + WR_REC_EVENT_HEAD + 4 * 8), sizeof(hdr));
	CHECK_EQ_U64(hdr[0], WR_REC_EVENT);
	CHECK_EQ_U64(hdr[1], WR_REC_EVENT_HEAD + 4 * 8);
	want = replay_render(REC, &mods);
	CHECK_CONTAINS(want, "sim_leaky_path+0x10/0x80 [wakeref_sim]");

	/* with one module more: the same report, the module counted once */
	rewrite("build/unit/v2.rec", 0, ~0ull);
	got = replay_render("build/unit/v2.rec", &mods2);
	CHECK_STR(got, want);
	CHECK_EQ_U64(mods2, mods + 1);
	free(got);

	/* version 2: events without client, sys_nr and ioctl_cmd */
	CHECK(rewrite("build/unit/v2old.rec", 2, ~0ull) < len);
	got = replay_render("build/unit/v2old.rec", &mods2);
	CHECK_STR(got, want);
	free(got);

	v1_len = rewrite("build/unit/v1.rec", 1, ~0ull);
	CHECK(v1_len > len + 3 * (sizeof(struct wr_event) - WR_REC_EVENT_HEAD - 4 * 8) - 16 -
		       4 * (WR_REC_EVENT_HEAD - WR_REC_EVENT_HEAD_V2));
	got = replay_render("build/unit/v1.rec", &mods2);
	CHECK_STR(got, want);
	CHECK_EQ_U64(mods2, mods + 1);
	free(got);

	rewrite("build/unit/nosplit.rec", 0, 0);
	got = replay_render("build/unit/nosplit.rec", &mods2);
	CHECK_STR(got, want);
	CHECK_EQ_U64(mods2, mods + 1);
	free(got);

	/* pointing at the end record: the symbols would be read as events */
	rewrite("build/unit/badsplit.rec", 0, len + 16 - 8 - sizeof(end));
	got = replay_render("build/unit/badsplit.rec", &mods2);
	CHECK_STR(got, "(refused)");
	free(got);
	/* pointing one event early: an event among the symbols */
	rewrite("build/unit/badsplit.rec", 0,
		end.events_end + 16 - (8 + WR_REC_EVENT_HEAD + 4 * 8));
	got = replay_render("build/unit/badsplit.rec", &mods2);
	CHECK_STR(got, "(refused)");
	free(got);

	free(want);
	free(buf);
	owners__free(live);
	ksyms__free(ks);
}

static void missing_file(void)
{
	struct wr_replay r;

	CHECK(replay__file("build/unit/no-such.rec", WR_KEEP_NONE, &r) < 0);
}

/* `wakeref report FIFO` waited forever for a writer; a directory, a device too. */
static void only_regular_files_are_read(void)
{
	const char *fifo = "build/unit/report.fifo";
	struct wr_replay r;
	time_t start = time(NULL);

	unlink(fifo);
	CHECK(mkfifo(fifo, 0600) == 0);
	log_set_stream(fopen("/dev/null", "w"));
	CHECK(replay__file(fifo, false, &r) == -EINVAL);
	CHECK(replay__file("build/unit", false, &r) == -EINVAL);
	CHECK(replay__file("/dev/zero", false, &r) == -EINVAL);
	log_set_stream(NULL);
	CHECK(time(NULL) - start < 2);
	unlink(fifo);
}

static int count(void *ctx, const struct wr_event *e)
{
	(void)e;
	(*(int *)ctx)++;
	return 0;
}

static const struct recfile_journal_ops count_ops = { .event = count };

/* A crashed daemon's journal: complete events are kept, appending resumes. */
static void journal_survives_a_crash(void)
{
	struct wr_event e = ev(WR_EV_GET, WR_HOOK_I915_RPM_GET, F_LEAKY);
	struct wr_rec_writer *w = recfile__create(REC, ~0ull, 1);
	struct wr_rec_header h;
	uint64_t valid;
	int n = 0, i;
	FILE *f;

	CHECK(w != NULL);
	recfile__unbuffered(w);
	for (i = 0; i < 3; i++)
		CHECK(!recfile__write_event(w, &e));
	/* the crash: half an event at the end, no symbols, no end record */
	f = fopen(REC, "ab");
	fwrite(&e, 100, 1, f);
	fclose(f);
	recfile__close(w);
	CHECK(!recfile__read_journal(REC, &h, &count_ops, &n, &valid));
	CHECK_EQ_U64(n, 3);
	w = recfile__append(REC, valid);
	CHECK(w != NULL);
	CHECK(!recfile__write_event(w, &e));
	recfile__close(w);
	n = 0;
	CHECK(!recfile__read_journal(REC, &h, &count_ops, &n, &valid));
	CHECK_EQ_U64(n, 4);
	CHECK(recfile__read_journal(FIXTURE("kallsyms.txt"), &h, &count_ops, &n, &valid) ==
	      -EINVAL);
}

struct views_seen {
	int events, views;
	uint32_t feature;
	char data[16];
};

static int count_event(void *ctx, const struct wr_event *e)
{
	(void)e;
	((struct views_seen *)ctx)->events++;
	return 0;
}

static int count_view(void *ctx, uint32_t feature, const void *data, size_t size)
{
	struct views_seen *v = ctx;

	v->views++;
	v->feature = feature;
	snprintf(v->data, sizeof(v->data), "%.*s", (int)size, (const char *)data);
	return 0;
}

static const struct recfile_journal_ops view_ops = { .event = count_event, .view = count_view };

static void journal_keeps_view_records(void)
{
	struct wr_event e = ev(WR_EV_GET, WR_HOOK_I915_RPM_GET, F_LEAKY);
	struct wr_rec_writer *w = recfile__create(REC, ~0ull, 1);
	struct views_seen seen = {};
	struct wr_rec_header h;
	char big[WR_REC_VIEW_MAX + 1] = "";
	uint64_t valid;

	CHECK(w != NULL);
	recfile__unbuffered(w);
	CHECK(!recfile__write_event(w, &e));
	CHECK(!recfile__write_view(w, WR_FEAT_SVM, "range", 5));
	CHECK(!recfile__write_event(w, &e));
	recfile__close(w);
	CHECK(!recfile__read_journal(REC, &h, &view_ops, &seen, &valid));
	CHECK_EQ_U64(seen.events, 2);
	CHECK_EQ_U64(seen.views, 1);
	CHECK_EQ_U64(seen.feature, WR_FEAT_SVM);
	CHECK_STR(seen.data, "range");
	/* too big for a journal: refused, not cut */
	w = recfile__append(REC, valid);
	CHECK(recfile__write_view(w, WR_FEAT_SVM, big, sizeof(big)) == -E2BIG);
	recfile__close(w);
}

static void snap_to(void *ctx, unsigned int feature, const void *rec, size_t size)
{
	CHECK(!recfile__write_view(ctx, feature, rec, size));
}

/*
 * A recording keeps the views traced: which ones (a record with no data),
 * what they held at the start (a GPU's empty lists), and the replay prints
 * them as the live session did, without this machine's GPUs.
 */
static void recordings_keep_the_views(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	struct wr_event e = ev(WR_EV_GET, WR_HOOK_I915_RPM_GET, F_LEAKY);
	struct wr_loss loss = {};
	struct report_opts o = { .format = WR_FMT_TEXT, .now_ns = test_clock + 1000000000ull };
	struct wr_rec_writer *w = recfile__create(REC, ~0ull, test_clock);
	struct wr_owners *live = owners__new(~0ull);
	uint64_t frames[WR_MAX_FRAMES];
	struct wr_view_set vs;
	struct wr_site site;
	struct wr_replay r;
	char *a = NULL, *b = NULL;
	size_t la, lb;
	FILE *f;
	int i;

	CHECK(ks && w && live && !views__create_unseeded(&vs, views__all_features()));
	for (i = 0; i < vs.nr; i++)
		if (vs.ops[i]->feature == WR_FEAT_USERFAULT)
			CHECK(!uf_model_add_device(vs.state[i], "0000:00:02.0", WR_DRV_I915));
	for (i = 0; i < vs.nr; i++)
		CHECK(!recfile__write_view(w, vs.ops[i]->feature, NULL, 0));
	views__snapshot(&vs, snap_to, w);
	CHECK(!recfile__write_event(w, &e));
	site__apply(live, ks, &e, frames, &site);
	CHECK(!recfile__finish(w, ks, &loss, o.now_ns));

	o.views = &vs;
	o.loss = &loss;
	f = open_memstream(&a, &la);
	report__print(f, live, ks, &o);
	fclose(f);
	CHECK(!replay__file(REC, WR_KEEP_NONE, &r));
	CHECK_EQ_U64(r.views.features, vs.features);
	o.views = &r.views;
	o.loss = &r.info.loss;
	f = open_memstream(&b, &lb);
	report__print(f, r.ot, r.ks, &o);
	fclose(f);
	CHECK_CONTAINS(a, "0000:00:02.0: i915 userfault lists, ggtt 0 lmem 0;");
	CHECK_STR(b, a);
	free(a);
	free(b);
	replay__free(&r);
	views__destroy(&vs);
	owners__free(live);
	ksyms__free(ks);
}

UNIT_MAIN("recfile", T(recordings_keep_the_views),
	  T(only_regular_files_are_read), T(replay_gives_the_identical_report), T(damage_is_refused),
	  T(compact_and_version1_recordings_agree),
	  T(missing_file), T(journal_survives_a_crash), T(journal_keeps_view_records))
