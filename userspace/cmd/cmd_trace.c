// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_trace.c - `wakeref trace` and `wakeref record`: attach, rebuild the
 * owner table from live events, and print the leak report on SIGINT/SIGTERM
 * or after --duration.  `record -o FILE` (or `trace -o FILE`) also writes
 * every event to a recording that `wakeref report FILE` replays.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "record/recfile.h"
#include "output/report_cli.h"
#include "session/session.h"

struct trace_ctx {
	struct session *s;
	struct wr_rec_writer *rec;
	bool stream;		/* -f jsonl: print every event as it comes */
	int rec_error;
};

static void on_event(void *ctx, const struct wr_event *e, const struct wr_site *site,
		     int pairing)
{
	struct trace_ctx *tc = ctx;

	if (tc->stream)
		report__event_jsonl(stdout, e, site, pairing, session__ksyms(tc->s));
	if (tc->rec && !tc->rec_error)
		tc->rec_error = recfile__write_event(tc->rec, e);
}

/* Everything that happened up to NOW, as a report on stdout. */
static void print_report(struct session *s, struct report_opts *ropts, struct wr_loss *loss,
			 uint64_t now)
{
	session__sync(s, loss);
	ropts->loss = loss;
	ropts->now_ns = now;
	ropts->views = &s->views;
	report__print(stdout, s->ot, s->ks, ropts);
	fflush(stdout);
}

static void usage(FILE *out, const char *cmd)
{
	fprintf(out,
		"Usage: wakeref %s [OPTIONS]%s\n\n"
		"Trace runtime-PM gets and puts and print, on Ctrl-C, SIGTERM or after\n"
		"--duration, the wakerefs still held per device and who took them.\n"
		"SIGUSR1 prints the same report at once, between the lines\n"
		"\"=== wakeref snapshot N\" and \"=== end of snapshot N\", and goes on.\n\n"
		"  -d, --duration SECONDS   stop after SECONDS (default: until a signal)\n"
		"  -o, --output FILE        also record every event to FILE, for\n"
		"                           `wakeref report FILE` (on any machine)\n"
		REPORT_CLI_HELP
		"      --ringbuf-size BYTES ring buffer size (default 8 MiB, rounded to a\n"
		"                           power of two)\n"
		"      --kallsyms FILE      symbol table (default /proc/kallsyms)\n"
		"  -v, --verbose            say what is attached where\n"
		"      --no-fentry          kprobes only (also WAKEREF_NO_FENTRY=1)\n"
		"      --no-kprobe          no kprobes: where fentry cannot be used, a function's\n"
		"                           tracepoint if it has one (also WAKEREF_NO_KPROBE=1)\n"
		"      --no-module-btf      act as if modules had no BTF (WAKEREF_NO_MODULE_BTF=1)\n"
		"  -h, --help\n", cmd, strcmp(cmd, "record") ? "" : " -o FILE");
}

static int trace_main(int argc, char **argv, const char *cmd)
{
	static const struct option longopts[] = {
		{ "duration", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "ringbuf-size", required_argument, NULL, 'R' },
		{ "kallsyms", required_argument, NULL, 'K' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "no-fentry", no_argument, NULL, 'F' },
		{ "no-module-btf", no_argument, NULL, 'B' },
		{ "no-kprobe", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		REPORT_CLI_LONGOPTS,
		{}
	};
	struct report_cli rc = { .ropts.format = WR_FMT_TEXT };
	struct session_opts sopts = { .on_event = on_event };
	const char *output = NULL;
	struct trace_ctx tc = {};
	struct session s = {};
	uint64_t deadline = 0, start, now;
	int opt, err = 1, snapshots = 0, r;
	struct wr_loss loss;
	double duration = 0;
	char *end;

	while ((opt = getopt_long(argc, argv, "d:o:vh" REPORT_CLI_SHORTOPTS, longopts,
				  NULL)) != -1) {
		r = report_cli__option(&rc, opt, optarg);
		if (r < 0)
			return 2;
		if (r)
			continue;
		switch (opt) {
		case 'd':
			if (wr_parse_seconds("--duration", optarg, 0, &duration))
				return 2;
			break;
		case 'o':
			output = optarg;
			break;
		case 'R':
			sopts.ringbuf_bytes = strtoull(optarg, &end, 0);
			if (*end || sopts.ringbuf_bytes < 4096 || sopts.ringbuf_bytes > (1ull << 30)) {
				fprintf(stderr, "wakeref: bad --ringbuf-size '%s': want 4096 .. 1G "
					"bytes\n", optarg);
				return 2;
			}
			break;
		case 'K':
			sopts.kallsyms = optarg;
			break;
		case 'v':
			sopts.verbose = true;
			break;
		case 'F':
			sopts.no_fentry = true;
			break;
		case 'B':
			sopts.no_module_btf = true;
			break;
		case 'P':
			sopts.no_kprobe = true;
			break;
		case 'h':
			usage(stdout, cmd);
			return 0;
		default:
			usage(stderr, cmd);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "wakeref: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (!output && !strcmp(cmd, "record")) {
		fprintf(stderr, "wakeref: record needs -o FILE, where to write the recording\n");
		return 2;
	}
	if (report_cli__finish(&rc))
		return 2;
	tc.stream = rc.ropts.format == WR_FMT_JSONL;
	sopts.keep = report__keeps(rc.ropts.format);
	sopts.ctx = &tc;
	tc.s = &s;
	wr_catch_signals();

	if (session__start(&s, &sopts))
		goto out;
	start = wr_now_ns();
	if (output) {
		tc.rec = recfile__create(output, s.t.cookie_mask, start);
		if (!tc.rec)
			goto out;
	}
	fprintf(stderr, "wakeref: tracing %d functions; Ctrl-C to stop and report\n",
		s.t.nr_attached);
	if (duration)
		deadline = start + (uint64_t)(duration * 1e9);
	while (!wr_stop && (!deadline || wr_now_ns() < deadline)) {
		if (session__poll(&s, 100) < 0)
			goto out;
		while (snapshots < wr_usr1) {
			snapshots++;
			printf("=== wakeref snapshot %d\n", snapshots);
			print_report(&s, &rc.ropts, &loss, wr_now_ns());
			printf("=== end of snapshot %d\n", snapshots);
			fflush(stdout);
		}
	}
	now = wr_now_ns();
	print_report(&s, &rc.ropts, &loss, now);
	err = 0;
	if (tc.rec) {
		int werr = tc.rec_error ? tc.rec_error :
			   recfile__finish(tc.rec, session__ksyms(&s), &loss, now);

		tc.rec = NULL;
		if (werr) {
			fprintf(stderr, "wakeref: writing %s failed: %s\n", output, strerror(-werr));
			err = 1;
		}
	}
out:
	if (tc.rec)
		recfile__finish(tc.rec, session__ksyms(&s), &loss, wr_now_ns());
	session__stop(&s);
	report_cli__free(&rc);
	return err;
}

int cmd_trace(int argc, char **argv)
{
	return trace_main(argc, argv, "trace");
}

int cmd_record(int argc, char **argv)
{
	return trace_main(argc, argv, "record");
}
