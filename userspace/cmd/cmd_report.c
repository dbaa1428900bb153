// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_report.c - `wakeref report FILE`: replay a recording through the same
 * owner table as live tracing and print the same report, on any machine.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"
#include "lib/log.h"
#include "record/replay.h"
#include "output/report_cli.h"

static void usage(FILE *out)
{
	fprintf(out, "Usage: wakeref report [OPTIONS] FILE\n\n"
		"Replay a recording made by `wakeref record -o FILE` and print its report,\n"
		"as of the moment recording stopped.\n\n"
		REPORT_CLI_HELP
		"  -i, --info               describe the recording instead\n"
		"  -h, --help\n");
}

static void print_info(const char *path, const struct wr_replay *r)
{
	const struct wr_rec_info *i = &r->info;

	printf("%s: wakeref recording v%u from %s, kernel %s\n", path, i->header.version,
	       i->header.host, i->header.release);
	printf("  %llu events over %.3f s, %d modules loaded, cookie mask %#llx\n",
	       (unsigned long long)i->nr_events,
	       i->end.stop_ns > i->header.start_ns ?
	       (i->end.stop_ns - i->header.start_ns) / 1e9 : 0.0, i->nr_modules,
	       (unsigned long long)i->header.cookie_mask);
	printf("  losses: %llu ring-buffer drops, %llu recursion misses, ",
	       (unsigned long long)i->loss.ringbuf_drops,
	       (unsigned long long)i->loss.recursion_misses);
	if (i->loss.kprobe_misses_unreported)
		printf("kprobe misses not reported by that kernel\n");
	else
		printf("%llu kprobe misses\n", (unsigned long long)i->loss.kprobe_misses);
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "info", no_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		REPORT_CLI_LONGOPTS,
		{}
	};
	struct report_cli rc = { .ropts.format = WR_FMT_TEXT };
	bool info = false;
	struct wr_replay r;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "ih" REPORT_CLI_SHORTOPTS, longopts, NULL)) != -1) {
		ret = report_cli__option(&rc, opt, optarg);
		if (ret < 0)
			return 2;
		if (ret)
			continue;
		switch (opt) {
		case 'i':
			info = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		log_error("report wants one recording file\n");
		usage(stderr);
		return 2;
	}
	if (report_cli__finish(&rc))
		return 2;
	if (replay__file(argv[optind], report__keeps(rc.ropts.format), &r)) {
		report_cli__free(&rc);
		return 1;
	}
	if (info) {
		print_info(argv[optind], &r);
	} else {
		rc.ropts.now_ns = r.info.end.stop_ns;
		rc.ropts.loss = &r.info.loss;
		rc.ropts.views = &r.views;
		report__print(stdout, r.ot, r.ks, &rc.ropts);
	}
	replay__free(&r);
	report_cli__free(&rc);
	return 0;
}
