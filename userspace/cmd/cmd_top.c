// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_top.c - `wakeref top`: a live view, refreshed every --interval, of
 * every bound GPU: runtime status, the driver's own count and what of it
 * was held before attach, owners since, the oldest owner and its age,
 * get/put rates, and what was lost.  -n N stops after N refreshes (batch
 * mode, as top -b -n); on a terminal the screen is redrawn in place.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "kernel/devices.h"
#include "kernel/ksyms.h"
#include "lib/log.h"
#include "drivers/drivers.h"
#include "session/gpus.h"
#include "session/session.h"

#define TOP_MAX_DEVICES 16

struct prev_counts {
	uint64_t obj, gets, puts;
};

static const struct wr_owner *oldest_owner(const struct wr_device *d)
{
	const struct wr_owner *o, *old = NULL;

	for (o = d ? d->head : NULL; o; o = o->next)
		if (!old || o->ts_ns < old->ts_ns)
			old = o;
	return old;
}

static const struct wr_device *device_of(const struct wr_owners *ot, const char *name)
{
	const struct wr_device *d;

	for (d = ot->devices; d && strcmp(d->name, name); d = d->next)
		;
	return d;
}

/* Gets and puts per second of D since the last refresh (PREV keyed by the device). */
static void rates(const struct wr_device *d, struct prev_counts *prev, double interval,
		  double *gets, double *puts)
{
	int i, free_slot = -1;

	*gets = *puts = 0;
	if (!d)
		return;
	for (i = 0; i < TOP_MAX_DEVICES && prev[i].obj != d->obj; i++)
		if (free_slot < 0 && !prev[i].obj)
			free_slot = i;
	if (i == TOP_MAX_DEVICES) {
		if (free_slot < 0)
			return;
		i = free_slot;
		prev[i] = (struct prev_counts){ d->obj, d->gets, d->puts };
	}
	*gets = (d->gets - prev[i].gets) / interval;
	*puts = (d->puts - prev[i].puts) / interval;
	prev[i].gets = d->gets;
	prev[i].puts = d->puts;
}

/*
 * One row: HELD is the driver's own count read now (i915: raw references;
 * xe: the usage count less control=on's), TRACED the owners seen since
 * attach, BEFORE what of HELD no owner explains: taken before wakeref attached.
 */
static void row(struct session *s, const char *name, const char *drv, const char *status,
		int held, const struct wr_device *d, struct prev_counts *prev, double interval,
		uint64_t now)
{
	const struct wr_owner *o = oldest_owner(d);
	const struct ksym *k = o && o->caller ? ksyms__find(session__ksyms(s), o->caller) : NULL;
	long long traced = d ? (long long)d->nr_owners : 0;
	char age[16] = "-", hs[24] = "?", bs[24] = "?";
	double gets, puts;

	if (held >= 0) {
		snprintf(hs, sizeof(hs), "%d", held);
		snprintf(bs, sizeof(bs), "%lld", held > traced ? held - traced : 0);
	} else if (d && d->have_baseline) {
		snprintf(bs, sizeof(bs), "%lld",
			 (long long)(d->baseline & (WR_I915_WAKELOCK_BIAS - 1)));
	}
	if (o)
		snprintf(age, sizeof(age), "%.1fs", (now - o->ts_ns) / 1e9);
	rates(d, prev, interval, &gets, &puts);
	printf("%-20.20s %-5s %-10s %5s %6s %6lld %8.1f %8.1f %9s  %s\n", name, drv, status, hs,
	       bs, traced, gets, puts, age, k ? k->name : "-");
}

static void draw(struct session *s, struct prev_counts *prev, double interval, bool tty)
{
	struct wr_gpu_states gs;
	const struct wr_device *d;
	struct wr_loss loss;
	uint64_t now;
	int i;

	session__sync(s, &loss);
	session__read_gpus(&gs);
	now = wr_now_ns();
	if (tty)
		printf("\033[H\033[2J");
	printf("wakeref top - %d functions traced, %llu events, %llu dropped, %llu recursion "
	       "misses\n\n", s->t.nr_attached, (unsigned long long)loss.events,
	       (unsigned long long)loss.ringbuf_drops,
	       (unsigned long long)loss.recursion_misses);
	printf("%-20s %-5s %-10s %5s %6s %6s %8s %8s %9s  %s\n", "DEVICE", "DRV", "STATUS",
	       "HELD", "BEFORE", "TRACED", "GETS/s", "PUTS/s", "OLDEST", "OLDEST OWNER");
	/* every bound GPU, events or not; then any other device events came from */
	for (i = 0; i < gs.nr; i++) {
		const struct wr_gpu_state *g = &gs.v[i];
		const char *drv = g->driver ? drivers__name(g->driver) : g->sys.driver;

		row(s, g->sys.name, drv, g->have_k && g->k.runtime_status == 2 ? "suspended" :
		    g->sys.status, gpustate__held(g), device_of(s->ot, g->sys.name), prev,
		    interval, now);
	}
	for (d = s->ot->devices; d; d = d->next) {
		struct wr_pm_state st;

		for (i = 0; i < gs.nr && strcmp(gs.v[i].sys.name, d->name); i++)
			;
		if (i < gs.nr)
			continue;
		if (!devices__read(d->name, &st))
			snprintf(st.status, sizeof(st.status), "?");
		row(s, d->name, owners__driver_name(d->driver), st.status, -1, d, prev, interval,
		    now);
	}
	if (!gs.nr && !s->ot->devices)
		printf("(no GPU bound to i915 or xe, no runtime-PM event)\n");
	fflush(stdout);
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: wakeref top [OPTIONS]\n\n"
		"A live view of every GPU bound to i915 or xe, refreshed every -i seconds:\n"
		"runtime status, wakerefs the driver holds (HELD, its own count, read at\n"
		"once), of those the ones taken before wakeref attached (BEFORE), owners seen\n"
		"since (TRACED), get and put rates, the oldest owner and its age.\n\n"
		"  -i, --interval SECONDS   time between refreshes (default 1, at least 0.1)\n"
		"  -n, --iterations N       stop after N refreshes (default: until Ctrl-C)\n"
		CLI_TRACE_HELP
		"  -h, --help\n");
}

int cmd_top(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		CLI_TRACE_LONGOPTS,
		{}
	};
	struct prev_counts prev[TOP_MAX_DEVICES] = {};
	struct session_opts sopts = { .prefetch_gpus = true };
	double interval = 1;
	uint64_t iterations = 0, done = 0;
	struct session s = {};
	bool tty = isatty(STDOUT_FILENO);
	int opt, ret = 1;
	uint64_t next;

	while ((opt = cli__getopt(argc, argv, "i:n:h" CLI_TRACE_SHORTOPTS,
				  longopts, &sopts, NULL)) != -1) {
		switch (opt) {
		case CLI_BAD_VALUE:
			return 2;
		case 'i':
			if (cli__parse_seconds("--interval", optarg, 0.1, true, &interval))
				return 2;
			break;
		case 'n':
			if (cli__parse_count("--iterations", optarg, 1, UINT32_MAX, "refreshes",
					     &iterations))
				return 2;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (cli__no_args("top", argc, argv, optind))
		return 2;
	wr_catch_signals();
	if (session__start(&s, &sopts))
		goto out;
	log_info("tracing %d functions\n", s.t.nr_attached);
	next = wr_now_ns() + (uint64_t)(interval * 1e9);
	while (!wr_stop && (!iterations || done < iterations)) {
		if (session__poll(&s, 100) < 0)
			goto out;
		if (wr_now_ns() < next)
			continue;
		draw(&s, prev, interval, tty);
		done++;
		next += (uint64_t)(interval * 1e9);
	}
	ret = 0;
out:
	session__stop(&s);
	session__gpus_close();
	return ret;
}
