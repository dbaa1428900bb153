// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_ci.c - `wakeref ci [--settle S] [--json FILE] -- CMD ARGS...`: attach,
 * run the command, then give every GPU up to the settle time to reach
 * runtime "suspended".  One that does not gets the leak report and the exit
 * status 3 (WR_EXIT_LEAK); otherwise the command's own status is returned.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "kernel/devices.h"
#include "lib/log.h"
#include "output/report_cli.h"
#include "session/session.h"

#define WR_EXIT_LEAK 3

/* Every GPU: those seen in events and those sysfs shows bound to a driver. */
static int gpus(const struct wr_owners *ot, struct wr_pm_state *st, int max)
{
	const struct wr_device *d;
	int n = devices__discover(st, max), i;

	for (d = ot->devices; d && n < max; d = d->next) {
		for (i = 0; i < n && strcmp(st[i].name, d->name); i++)
			;
		if (i == n && devices__read(d->name, &st[n]))
			n++;
	}
	return n;
}

/* Wait until every GPU is suspended or the settle time is over. */
static int settle(struct session *s, double seconds, struct wr_pm_state *st, int *nr)
{
	uint64_t deadline = wr_now_ns() + (uint64_t)(seconds * 1e9);
	int i, awake;

	do {
		session__poll(s, 100);
		*nr = gpus(s->ot, st, WR_MAX_DEVICES);
		for (awake = 0, i = 0; i < *nr; i++)
			awake += strcmp(st[i].status, "suspended") != 0;
	} while (awake && !wr_stop && wr_now_ns() < deadline);
	return awake;
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: wakeref ci [OPTIONS] -- CMD [ARGS...]\n\n"
		"Trace while CMD runs, then wait up to --settle seconds for every GPU to\n"
		"runtime-suspend.  Exit status: CMD's own, or 3 when a GPU stays awake,\n"
		"with the report of who holds it (and 1 when wakeref itself fails).\n\n"
		"      --settle SECONDS     how long a GPU may take to suspend (default 15:\n"
		"                           i915's autosuspend delay is 10 s)\n"
		"      --json FILE          also write the report as JSON to FILE\n"
		REPORT_CLI_HELP
		CLI_TRACE_HELP
		"  -h, --help\n");
}

int cmd_ci(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "settle", required_argument, NULL, 's' },
		{ "json", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_TRACE_LONGOPTS,
		REPORT_CLI_LONGOPTS,
		{}
	};
	struct report_cli rc = { .ropts.format = WR_FMT_TEXT };
	struct wr_pm_state st[WR_MAX_DEVICES];
	struct session_opts sopts = {};
	const char *json = NULL;
	double settle_s = 15;
	int opt, status, awake, nr = 0, i, ret = 1;
	struct session s = {};
	struct wr_loss loss;
	pid_t pid;

	while ((opt = cli__getopt(argc, argv, "+h" CLI_TRACE_SHORTOPTS REPORT_CLI_SHORTOPTS,
				  longopts, &sopts, &rc)) != -1) {
		switch (opt) {
		case CLI_BAD_VALUE:
			return 2;
		case 's':
			if (cli__parse_seconds("--settle", optarg, 0, true, &settle_s))
				return 2;
			break;
		case 'j':
			json = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		log_error("ci needs a command to run: wakeref ci -- CMD ARGS...\n");
		return 2;
	}
	if (report_cli__finish(&rc))
		return 2;
	wr_catch_signals();
	if (session__start(&s, &sopts))
		goto out;
	log_info("tracing %d functions; running %s\n", s.t.nr_attached, argv[optind]);
	pid = fork();
	if (pid < 0) {
		log_error("fork: %s\n", strerror(errno));
		goto out;
	}
	if (!pid) {
		execvp(argv[optind], argv + optind);
		log_error("cannot run %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, WNOHANG) == 0)
		session__poll(&s, 100);
	awake = settle(&s, settle_s, st, &nr);
	session__sync(&s, &loss);
	rc.ropts.loss = &loss;
	rc.ropts.now_ns = wr_now_ns();
	rc.ropts.views = &s.views;
	for (i = 0; i < nr; i++)
		log_info("%s (%s): runtime %s, control=%s%s\n", st[i].name, st[i].driver,
			 st[i].status, st[i].control, !strcmp(st[i].control, "on") ?
			 " (runtime PM forbidden: it cannot suspend)" : "");
	if (awake) {
		log_warn("%d GPU(s) still awake %.1f s after %s ended: who holds "
			 "them follows\n", awake, settle_s, argv[optind]);
		report__print(stdout, s.ot, session__ksyms(&s), &rc.ropts);
	}
	if (json) {
		FILE *f = fopen(json, "w");
		struct report_opts jo = rc.ropts;

		jo.format = WR_FMT_JSON;
		if (!f) {
			log_error("cannot write %s: %s\n", json, strerror(errno));
			goto out;
		}
		report__print(f, s.ot, session__ksyms(&s), &jo);
		fclose(f);
	}
	if (awake)
		ret = WR_EXIT_LEAK;
	else
		ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (!awake)
		log_info("every GPU suspended; %s exited with %d\n", argv[optind], ret);
out:
	session__stop(&s);
	report_cli__free(&rc);
	return ret;
}
