// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_hang.c - `wakeref hang`: attach to a machine that is already stuck.
 * At once, without waiting for an event: per GPU whether it can suspend and
 * every reason it cannot (the driver's own count, the PM core's, control,
 * disable depth, children), read by the state reader.  Then it watches for
 * a while and reports again, with the owners of the wakerefs taken since.
 * Exit 3 when a GPU stays awake with something holding it, as `ci` does.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "cmd/explain_run.h"
#include "drivers/drivers.h"
#include "output/gpus.h"
#include "lib/log.h"
#include "model/view.h"
#include "output/report_cli.h"
#include "session/gpus.h"
#include "session/session.h"

static void usage(FILE *out)
{
	fprintf(out, "Usage: wakeref hang [OPTIONS]\n\n"
		"Attach to a machine whose GPU does not suspend.  At once, per GPU: whether\n"
		"it can suspend, every reason it cannot (the driver's own count, read without\n"
		"waiting for an event, the PM usage count, control=on, ...).  Then watch for\n"
		"--duration and report again, with the owners of the wakerefs taken since.\n"
		"Exit status: 3 when a GPU stays awake with something holding it, or a view\n"
		"finds what keeps one awake (a userfault object left by a runtime suspend,\n"
		"an SVM garbage-collector backlog, ranges alive after fini), else 0.\n\n"
		"  -d, --duration SECONDS   how long to watch (default 5; 0: the state only,\n"
		"                           nothing traced)\n"
		REPORT_CLI_HELP
		EXPLAIN_RUN_HELP
		CLI_TRACE_HELP
		"  -h, --help\n");
}

/* --device NAME: that GPU's state only (NAME NULL: every one) */
static void keep_device(struct wr_gpu_states *st, const char *name, bool say)
{
	int i, n = 0;

	if (!name)
		return;
	for (i = 0; i < st->nr; i++)
		if (!strcmp(st->v[i].sys.name, name))
			st->v[n++] = st->v[i];
	if (!n && st->nr && say)
		log_warn("--device %s: no GPU of that name is bound to i915 or xe (%s is)\n",
			 name, st->v[0].sys.name);
	st->nr = n;
}

int cmd_hang(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "duration", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		CLI_TRACE_LONGOPTS,
		REPORT_CLI_LONGOPTS,
		EXPLAIN_RUN_LONGOPTS,
		{}
	};
	const char *explain = NULL, *explain_module = NULL;
	struct explain_run *ex = NULL;
	struct report_cli rc = { .ropts.format = WR_FMT_TEXT };
	struct wr_gpu_states at, end;
	struct session_opts sopts = {};
	double duration = 5;
	int opt, ret = 1;
	bool traced;
	struct session s = {};
	struct wr_loss loss;
	uint64_t deadline;

	while ((opt = cli__getopt(argc, argv, "d:h" CLI_TRACE_SHORTOPTS REPORT_CLI_SHORTOPTS,
				  longopts, &sopts, &rc)) != -1) {
		switch (opt) {
		case CLI_BAD_VALUE:
			return 2;
		case 'd':
			if (cli__parse_seconds("--duration", optarg, 0, true, &duration))
				return 2;
			break;
		case EXPLAIN_OPT_FUNC:
			explain = optarg;
			break;
		case EXPLAIN_OPT_MODULE:
			explain_module = optarg;
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
	session__read_gpus(&at);
	keep_device(&at, rc.ropts.device, true);
	if (rc.ropts.format == WR_FMT_TEXT) {
		printf("At attach:\n");
		gpus__print_text(stdout, &at, NULL, NULL, wr_now_ns());
		fflush(stdout);
	}
	traced = duration > 0 && !session__start(&s, &sopts);
	if (traced && explain) {
		ex = explain_run__start(explain, explain_module, NULL, s.ks);
		if (!ex)
			goto out;
	}
	if (traced) {
		log_info("tracing %d functions for %.1f s\n", s.t.nr_attached, duration);
		deadline = wr_now_ns() + (uint64_t)(duration * 1e9);
		while (!wr_stop && wr_now_ns() < deadline)
			session__poll(&s, 100);
		session__sync(&s, &loss);
	} else {
		/* the state above needs no tracing: still answer with it */
		if (duration > 0)
			log_warn("nothing traced: the report has the GPUs' state only\n");
		session__stop(&s);
		memset(&s, 0, sizeof(s));
		memset(&loss, 0, sizeof(loss));
		s.ot = owners__new(~0ULL);
		if (!s.ot)
			goto out;
	}
	session__read_gpus(&end);
	if (rc.ropts.format == WR_FMT_TEXT && traced)
		printf("After %.1f s:\n", duration);
	rc.ropts.loss = &loss;
	rc.ropts.now_ns = wr_now_ns();
	rc.ropts.views = traced ? &s.views : NULL;
	rc.ropts.gpus = &end;
	/* untraced, the text above is the whole answer */
	if (traced || rc.ropts.format != WR_FMT_TEXT)
		report__print(stdout, s.ot, traced ? session__ksyms(&s) : NULL, &rc.ropts);
	/* --device: the answer is about that GPU; a view's finding counts too */
	keep_device(&end, rc.ropts.device, false);
	ret = gpus__stuck(&end) || (traced && views__nr_anomalies(&s.views, rc.ropts.now_ns)) ?
	      3 : 0;
	if (ex && explain_run__finish(ex, stdout) > 0)
		ret = 3;
out:
	if (traced)
		session__stop(&s);
	else
		owners__free(s.ot);
	session__gpus_close();
	explain_run__stop(ex);
	report_cli__free(&rc);
	return ret;
}
