// SPDX-License-Identifier: GPL-2.0
/*
 * bench_replay.c - userspace figures for `make bench`: owner-table replay
 * speed from a large recording, and the time to produce a report and the
 * resident memory with many outstanding owners.  Prints one JSON object.
 *
 *   bench_replay KALLSYMS EVENTS OUTSTANDING [FILE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "ksyms.h"
#include "recfile.h"
#include "replay.h"
#include "report.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Six call sites with distinct stacks, from the fixture symbol table. */
static const uint64_t sites[6] = {
	0xffffffffc0200080ull, 0xffffffffc0200100ull, 0xffffffffc0200180ull,
	0xffffffff81001210ull, 0xffffffff81001300ull, 0xffffffff81001500ull,
};

static void fill(struct wr_event *e, uint64_t ts, int type, int site, int pid)
{
	int i;

	e->ts_ns = ts;
	e->obj = 0xffff888012340000ull;
	e->type = type;
	e->hook = type == WR_EV_PUT ? WR_HOOK_I915_RPM_PUT_UNCHECKED : WR_HOOK_I915_RPM_GET;
	e->driver = WR_DRV_I915;
	e->flags = WR_EVF_WAKELOCK | (type == WR_EV_PUT ? WR_EVF_COUNT_BEFORE : 0);
	e->pid = e->tgid = pid;
	e->usage_count = -1;
	snprintf(e->comm, sizeof(e->comm), "bench%d", pid);
	snprintf(e->dev, sizeof(e->dev), "0000:00:02.0");
	e->stack[0] = 0xffffffffc0100010ull;	/* BPF program */
	e->stack[1] = type == WR_EV_PUT ? 0xffffffffc0200050ull : 0xffffffffc0200010ull;
	e->stack[2] = sites[site] + 0x10;
	for (i = 3; i < 12; i++)
		e->stack[i] = sites[(site + i) % 6] + 0x20 + i;
	e->nr_frames = 12;
}

int main(int argc, char **argv)
{
	const char *path = argc > 4 ? argv[4] : "build/bench/replay.rec";
	long events, outstanding, i, held = 0;
	struct wr_rec_writer *w;
	struct wr_replay r;
	struct wr_event e = {};
	struct ksyms *ks;
	struct rusage ru;
	struct wr_loss loss = {};
	struct report_opts ro = { .format = WR_FMT_TEXT };
	double t0, t1, t2;
	FILE *null;

	if (argc < 4) {
		fprintf(stderr, "usage: bench_replay KALLSYMS EVENTS OUTSTANDING [FILE]\n");
		return 2;
	}
	ks = ksyms__load(argv[1]);
	events = atol(argv[2]);
	outstanding = atol(argv[3]);
	w = recfile__create(path, ~0ull, 1);
	if (!ks || !w)
		return 1;
	/* balanced get/put pairs, then OUTSTANDING gets that stay */
	for (i = 0; i < events - outstanding; i++) {
		int site = (i / 2) % 6, put = i % 2 && held;

		fill(&e, 1000 + i, put ? WR_EV_PUT : WR_EV_GET, site, 100 + site);
		held += put ? -1 : 1;
		recfile__write_event(w, &e);
	}
	for (i = 0; i < outstanding; i++) {
		fill(&e, 1000 + events + i, WR_EV_GET, i % 6, 100 + i % 6);
		recfile__write_event(w, &e);
	}
	loss.events = events;
	recfile__finish(w, ks, &loss, 1000 + 2 * events);

	t0 = now_s();
	if (replay__file(path, false, &r))
		return 1;
	t1 = now_s();
	null = fopen("/dev/null", "w");
	ro.now_ns = r.info.end.stop_ns;
	ro.loss = &r.info.loss;
	report__print(null, r.ot, r.ks, &ro);
	fclose(null);
	t2 = now_s();
	getrusage(RUSAGE_SELF, &ru);
	printf("{\"events\":%ld,\"outstanding\":%llu,\"replay_s\":%.3f,\"events_per_s\":%.0f,"
	       "\"report_s\":%.3f,\"max_rss_kib\":%ld}\n", events,
	       (unsigned long long)r.ot->devices->nr_owners, t1 - t0, events / (t1 - t0), t2 - t1,
	       ru.ru_maxrss);
	replay__free(&r);
	ksyms__free(ks);
	unlink(path);
	return 0;
}
