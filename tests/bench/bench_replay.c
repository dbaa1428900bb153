// SPDX-License-Identifier: GPL-2.0
/*
 * bench_replay.c - userspace figures for `make bench`: owner-table replay
 * speed from a large recording, and the time to produce a report and the
 * resident memory with many outstanding owners.  Prints one JSON object.
 *
 *   bench_replay gen KALLSYMS EVENTS OUTSTANDING FILE [tail]
 *                                                       write a recording; tail:
 *                                                       every put reached by a
 *                                                       tail jump, its function
 *                                                       put back (WR_EVF_TAIL_CALL)
 *   bench_replay run FILE                               replay it, one JSON line
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "kernel/ksyms.h"
#include "record/recfile.h"
#include "record/replay.h"
#include "output/report.h"

/*
 * CPU time of this process: the figure is "events per second of one core",
 * which other load on the machine does not change the way it changes wall
 * time.
 */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Six call sites with distinct stacks, from the fixture symbol table. */
static const uint64_t sites[6] = {
	0xffffffffc0200080ull, 0xffffffffc0200100ull, 0xffffffffc0200180ull,
	0xffffffff81001210ull, 0xffffffff81001300ull, 0xffffffff81001500ull,
};

static void fill(struct wr_event *e, uint64_t ts, int type, int site, int pid, bool tail)
{
	int i, first = 3;

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
	/* the site's function jumped to the put: put back at its first byte, its caller above */
	if (tail && type == WR_EV_PUT) {
		e->flags |= WR_EVF_TAIL_CALL;
		e->stack[2] = sites[site];
		e->stack[3] = sites[(site + 3) % 6] + 0x20 + 3;
		first = 4;
	}
	for (i = first; i < 12; i++)
		e->stack[i] = sites[(site + i) % 6] + 0x20 + i;
	e->nr_frames = 12;
}

/* The recording: balanced get/put pairs, then OUTSTANDING gets that stay. */
static int generate(const char *kallsyms, long events, long outstanding, const char *path,
		    bool tail)
{
	struct ksyms *ks = ksyms__load(kallsyms);
	struct wr_rec_writer *w = recfile__create(path, ~0ull, 1);
	struct wr_loss loss = {};
	struct wr_event e = {};
	long i, held = 0;

	if (!ks || !w)
		return 1;
	for (i = 0; i < events - outstanding; i++) {
		int site = (i / 2) % 6, put = i % 2 && held;

		fill(&e, 1000 + i, put ? WR_EV_PUT : WR_EV_GET, site, 100 + site, tail);
		held += put ? -1 : 1;
		recfile__write_event(w, &e);
	}
	for (i = 0; i < outstanding; i++) {
		fill(&e, 1000 + events + i, WR_EV_GET, i % 6, 100 + i % 6, tail);
		recfile__write_event(w, &e);
	}
	loss.events = events;
	i = recfile__finish(w, ks, &loss, 1000 + 2 * events);
	ksyms__free(ks);
	return i ? 1 : 0;
}

/* Replay it and report, in this process alone: its RSS is the reader's. */
static int run(const char *path)
{
	struct report_opts ro = { .format = WR_FMT_TEXT };
	struct wr_replay r;
	struct rusage ru;
	double t0, t1, t2;
	FILE *null;

	t0 = now_s();
	if (replay__file(path, WR_KEEP_NONE, &r))
		return 1;
	t1 = now_s();
	null = fopen("/dev/null", "w");
	ro.now_ns = r.info.end.stop_ns;
	ro.loss = &r.info.loss;
	report__print(null, r.ot, r.ks, &ro);
	fclose(null);
	t2 = now_s();
	getrusage(RUSAGE_SELF, &ru);
	printf("{\"events\":%llu,\"outstanding\":%llu,\"replay_s\":%.3f,\"events_per_s\":%.0f,"
	       "\"report_s\":%.3f,\"max_rss_kib\":%ld,\"clock\":\"cpu\"}\n",
	       (unsigned long long)r.info.nr_events,
	       (unsigned long long)(r.ot->devices ? r.ot->devices->nr_owners : 0), t1 - t0,
	       r.info.nr_events / (t1 - t0), t2 - t1, ru.ru_maxrss);
	replay__free(&r);
	return 0;
}

int main(int argc, char **argv)
{
	if ((argc == 6 || (argc == 7 && !strcmp(argv[6], "tail"))) && !strcmp(argv[1], "gen"))
		return generate(argv[2], atol(argv[3]), atol(argv[4]), argv[5], argc == 7);
	if (argc == 3 && !strcmp(argv[1], "run"))
		return run(argv[2]);
	fprintf(stderr, "usage: bench_replay gen KALLSYMS EVENTS OUTSTANDING FILE [tail]\n"
		"       bench_replay run FILE\n");
	return 2;
}
