// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_hang.c - `wakeref hang`: attach to a machine that is already stuck,
 * watch for a while, and say per GPU: its runtime-PM state in sysfs, the
 * driver's own count and what of it was held before wakeref attached, and
 * the owners taken since.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "drivers/drivers.h"
#include "kernel/devices.h"
#include "lib/log.h"
#include "output/report_cli.h"
#include "session/session.h"

static void print_state(const struct wr_pm_state *st, const struct wr_owners *ot)
{
	const struct wr_device *d;

	for (d = ot->devices; d && strcmp(d->name, st->name); d = d->next)
		;
	printf("%s (%s): runtime %s, control=%s, PM usage count %s", st->name, st->driver,
	       st->status, st->control, st->usage >= 0 ? "" : "unknown");
	if (st->usage >= 0)
		printf("%d", st->usage);
	printf(", active %ld ms, suspended %ld ms\n", st->active_ms, st->suspended_ms);
	if (!d || !d->have_count) {
		printf("  no runtime-PM event since attach: the driver's count and the holders "
		       "from before are unknown\n");
		return;
	}
	if (drivers__info(d->driver) && drivers__info(d->driver)->wakelock_bias)
		printf("  driver wakeref_count=%#x: held before attach %#llx (%lld raw, %lld "
		       "wakelocks), %llu owners since\n", (unsigned int)d->wakeref_count,
		       (long long)d->held_before,
		       (long long)(d->held_before & (WR_I915_WAKELOCK_BIAS - 1)),
		       (long long)(d->held_before / WR_I915_WAKELOCK_BIAS),
		       (unsigned long long)d->nr_owners);
	else
		printf("  usage count %d: %lld held before attach, %llu owners since\n",
		       d->wakeref_count, (long long)d->held_before,
		       (unsigned long long)d->nr_owners);
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: wakeref hang [OPTIONS]\n\n"
		"Attach to a machine whose GPU does not suspend, watch for --duration,\n"
		"then report each GPU's runtime-PM state, the wakerefs held before wakeref\n"
		"attached (from the driver's own count), and the owners seen since.\n\n"
		"  -d, --duration SECONDS   how long to watch (default 5)\n"
		REPORT_CLI_HELP
		CLI_TRACE_HELP
		"  -h, --help\n");
}

int cmd_hang(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "duration", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		CLI_TRACE_LONGOPTS,
		REPORT_CLI_LONGOPTS,
		{}
	};
	struct report_cli rc = { .ropts.format = WR_FMT_TEXT };
	struct wr_pm_state st[WR_MAX_DEVICES];
	struct session_opts sopts = {};
	double duration = 5;
	int opt, i, n, ret = 1;
	struct session s = {};
	struct wr_loss loss;
	uint64_t deadline;

	while ((opt = cli__getopt(argc, argv, "d:h" CLI_TRACE_SHORTOPTS REPORT_CLI_SHORTOPTS,
				  longopts, &sopts, &rc)) != -1) {
		switch (opt) {
		case CLI_BAD_VALUE:
			return 2;
		case 'd':
			if (cli__parse_seconds("--duration", optarg, 0, false, &duration))
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
	if (cli__no_args("hang", argc, argv, optind) || report_cli__finish(&rc))
		return 2;
	wr_catch_signals();
	if (session__start(&s, &sopts))
		goto out;
	log_info("tracing %d functions for %.1f s\n", s.t.nr_attached, duration);
	deadline = wr_now_ns() + (uint64_t)(duration * 1e9);
	while (!wr_stop && wr_now_ns() < deadline)
		session__poll(&s, 100);
	session__sync(&s, &loss);
	n = devices__discover(st, WR_MAX_DEVICES);
	if (!n)
		printf("No GPU bound to i915 or xe found in sysfs.\n");
	for (i = 0; i < n; i++)
		print_state(&st[i], s.ot);
	printf("\n");
	rc.ropts.loss = &loss;
	rc.ropts.now_ns = wr_now_ns();
	rc.ropts.views = &s.views;
	report__print(stdout, s.ot, session__ksyms(&s), &rc.ropts);
	ret = 0;
out:
	session__stop(&s);
	report_cli__free(&rc);
	return ret;
}
