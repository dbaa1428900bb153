// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_top.c - `wakeref top`: a live view, refreshed every --interval, of
 * each GPU: runtime status, wakerefs held, the oldest owner and its age,
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
#include "session/session.h"

#define TOP_MAX_DEVICES 16

struct prev_counts {
	uint64_t obj, gets, puts;
};

static const struct wr_owner *oldest_owner(const struct wr_device *d)
{
	const struct wr_owner *o, *old = NULL;

	for (o = d->head; o; o = o->next)
		if (!old || o->ts_ns < old->ts_ns)
			old = o;
	return old;
}

static void draw(struct session *s, struct prev_counts *prev, double interval, bool tty)
{
	const struct wr_device *d;
	struct wr_pm_state st;
	struct wr_loss loss;
	uint64_t now;
	int i;

	session__sync(s, &loss);
	now = wr_now_ns();
	if (tty)
		printf("\033[H\033[2J");
	printf("wakeref top - %d functions traced, %llu events, %llu dropped, %llu recursion "
	       "misses\n\n", s->t.nr_attached, (unsigned long long)loss.events,
	       (unsigned long long)loss.ringbuf_drops,
	       (unsigned long long)loss.recursion_misses);
	printf("%-20s %-5s %-10s %5s %8s %8s %9s  %s\n", "DEVICE", "DRV", "STATUS", "HELD",
	       "GETS/s", "PUTS/s", "OLDEST", "OLDEST OWNER");
	for (d = s->ot->devices, i = 0; d && i < TOP_MAX_DEVICES; d = d->next, i++) {
		const struct wr_owner *o = oldest_owner(d);
		const struct ksym *k = o && o->caller ?
				       ksyms__find(session__ksyms(s), o->caller) : NULL;
		char age[16] = "-";

		if (!devices__read(d->name, &st))
			snprintf(st.status, sizeof(st.status), "?");
		if (o)
			snprintf(age, sizeof(age), "%.1fs", (now - o->ts_ns) / 1e9);
		if (prev[i].obj != d->obj)
			prev[i] = (struct prev_counts){ d->obj, d->gets, d->puts };
		printf("%-20.20s %-5s %-10s %5llu %8.1f %8.1f %9s  %s\n", d->name,
		       owners__driver_name(d->driver), st.status,
		       (unsigned long long)d->nr_owners, (d->gets - prev[i].gets) / interval,
		       (d->puts - prev[i].puts) / interval, age, k ? k->name : "-");
		prev[i].gets = d->gets;
		prev[i].puts = d->puts;
	}
	if (!s->ot->devices)
		printf("(no runtime-PM event yet)\n");
	fflush(stdout);
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: wakeref top [OPTIONS]\n\n"
		"A live view of every GPU's wakerefs, refreshed every -i seconds: runtime\n"
		"status, wakerefs held, get and put rates, the oldest owner and its age.\n\n"
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
	struct session_opts sopts = {};
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
	return ret;
}
