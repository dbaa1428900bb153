// SPDX-License-Identifier: GPL-2.0
/*
 * trace_loop.c - what `wakeref trace` and `wakeref record` share: attach,
 * rebuild the owner table from live events, and print the leak report on
 * SIGINT/SIGTERM or after --duration (SIGUSR1: a snapshot, and go on).
 * With -o FILE every event also goes to a recording that `wakeref report
 * FILE` replays.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/explain_run.h"
#include "cmd/trace_loop.h"
#include "lib/log.h"
#include "record/recfile.h"
#include "output/report_cli.h"
#include "output/select.h"
#include "session/session.h"

struct trace_ctx {
	struct session *s;
	struct wr_rec_writer *rec;
	bool stream;		/* -f jsonl: print every event as it comes */
	struct wr_selection sel;	/* of those, --device and --pid's */
	int rec_error;
};

static void on_event(void *ctx, const struct wr_event *e, const struct wr_site *site,
		     int pairing)
{
	struct trace_ctx *tc = ctx;

	if (tc->stream && select__event(&tc->sel, e->dev, e->pid, e->tgid))
		report__event_jsonl(stdout, e, site, pairing, session__ksyms(tc->s));
	if (tc->rec && !tc->rec_error)
		tc->rec_error = recfile__write_event(tc->rec, e);
}

/* A view's record, after the view took it: into the recording too. */
static void on_record(void *ctx, unsigned int feature, const void *data, size_t size)
{
	struct trace_ctx *tc = ctx;
	const uint64_t *stack;
	int n;

	if (!tc->rec || tc->rec_error)
		return;
	n = views__frames(&tc->s->views, feature, data, size, &stack);
	tc->rec_error = n > 0 ? recfile__note_addrs(tc->rec, stack, n) : 0;
	if (!tc->rec_error)
		tc->rec_error = recfile__write_view(tc->rec, feature, data, size);
}

static void snap_view(void *ctx, unsigned int feature, const void *rec, size_t size)
{
	struct trace_ctx *tc = ctx;

	if (!tc->rec_error)
		tc->rec_error = recfile__write_view(tc->rec, feature, rec, size);
}

/*
 * The recording says which views were traced (a view record with nothing
 * after the feature), then what they held when tracing began (the GPUs
 * bound): its replay prints the views as this session does.
 */
static void record_views(struct trace_ctx *tc, const struct wr_view_set *vs)
{
	int i;

	for (i = 0; i < vs->nr && !tc->rec_error; i++)
		tc->rec_error = recfile__write_view(tc->rec, vs->ops[i]->feature, NULL, 0);
	views__snapshot(vs, snap_view, tc);
}

/* Everything that happened up to NOW, as a report on stdout. */
static void print_report(struct session *s, struct report_opts *ropts, struct wr_loss *loss,
			 uint64_t now)
{
	session__sync(s, loss);
	ropts->loss = loss;
	ropts->now_ns = now;
	ropts->views = &s->views;
	report__print(stdout, s->ot, session__ksyms(s), ropts);
	fflush(stdout);
}

static void usage(FILE *out, const struct trace_cmd *tc)
{
	fprintf(out, "Usage: wakeref %s [OPTIONS]%s\n\n%s"
		"SIGUSR1 prints the same report at once, between the lines\n"
		"\"=== wakeref snapshot N\" and \"=== end of snapshot N\", and goes on.\n\n"
		"  -d, --duration SECONDS   stop after SECONDS (default: until a signal)\n"
		"  -o, --output FILE        %s every event to FILE, for\n"
		"                           `wakeref report FILE` (on any machine)\n"
		REPORT_CLI_HELP
		EXPLAIN_RUN_HELP
		CLI_TRACE_HELP
		"  -h, --help\n", tc->name, tc->needs_output ? " -o FILE" : "", tc->about,
		tc->needs_output ? "record" : "also record");
}

int trace_loop(int argc, char **argv, const struct trace_cmd *cmd)
{
	static const struct option longopts[] = {
		{ "duration", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		CLI_TRACE_LONGOPTS,
		REPORT_CLI_LONGOPTS,
		EXPLAIN_RUN_LONGOPTS,
		{}
	};
	const char *explain = NULL, *explain_module = NULL;
	struct explain_run *ex = NULL;
	struct report_cli rc = { .ropts.format = WR_FMT_TEXT };
	struct session_opts sopts = { .on_event = on_event, .on_record = on_record };
	const char *output = NULL;
	struct trace_ctx tc = {};
	struct session s = {};
	uint64_t deadline = 0, start, now;
	int opt, err = 1, snapshots = 0;
	struct wr_loss loss;
	double duration = 0;

	while ((opt = cli__getopt(argc, argv, "d:o:h" CLI_TRACE_SHORTOPTS REPORT_CLI_SHORTOPTS,
				  longopts, &sopts, &rc)) != -1) {
		switch (opt) {
		case CLI_BAD_VALUE:
			return 2;
		case 'd':
			if (cli__parse_seconds("--duration", optarg, 0, false, &duration))
				return 2;
			break;
		case 'o':
			output = optarg;
			break;
		case EXPLAIN_OPT_FUNC:
			explain = optarg;
			break;
		case EXPLAIN_OPT_MODULE:
			explain_module = optarg;
			break;
		case 'h':
			usage(stdout, cmd);
			return 0;
		default:
			usage(stderr, cmd);
			return 2;
		}
	}
	if (cli__no_args(cmd->name, argc, argv, optind))
		return 2;
	if (!output && cmd->needs_output) {
		log_error("%s needs -o FILE, where to write the recording\n", cmd->name);
		return 2;
	}
	if (report_cli__finish(&rc))
		return 2;
	tc.stream = rc.ropts.format == WR_FMT_JSONL;
	tc.sel.device = rc.ropts.device;
	tc.sel.pid = rc.ropts.pid;
	sopts.keep = report__keeps(rc.ropts.format);
	sopts.ctx = &tc;
	tc.s = &s;
	wr_catch_signals();

	if (session__start(&s, &sopts))
		goto out;
	if (explain) {
		ex = explain_run__start(explain, explain_module, NULL, s.ks);
		if (!ex)
			goto out;
	}
	start = wr_now_ns();
	if (output) {
		tc.rec = recfile__create(output, s.t.cookie_mask, start);
		if (!tc.rec)
			goto out;
		record_views(&tc, &s.views);
	}
	log_info("tracing %d functions; Ctrl-C to stop and report\n", s.t.nr_attached);
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
	if (ex && explain_run__finish(ex, stdout) < 0)
		err = 1;
	if (tc.rec) {
		int werr = tc.rec_error ? tc.rec_error :
			   recfile__finish(tc.rec, session__ksyms(&s), &loss, now);

		tc.rec = NULL;
		if (werr) {
			log_error("writing %s failed: %s\n", output, strerror(-werr));
			err = 1;
		}
	}
out:
	if (tc.rec)
		recfile__finish(tc.rec, session__ksyms(&s), &loss, wr_now_ns());
	explain_run__stop(ex);
	session__stop(&s);
	report_cli__free(&rc);
	return err;
}
