// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_ci.c - `wakeref ci [--settle S] [--json FILE] -- CMD ARGS...`: attach,
 * run the command, then give every GPU up to the settle time to reach
 * runtime "suspended".  One that does not gets the leak report and the exit
 * status 3 (WR_EXIT_LEAK); otherwise the command's own status is returned.
 * With no GPU bound to i915 or xe there is nothing to trace: the command
 * still runs, and its status is returned (--require-gpu makes it an error).
 * igt's markers in the kernel log name the test and subtest during which
 * each wakeref still held was taken (model/igt.h); --leak-dir DIR writes
 * one file of them per subtest.
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
#include "cmd/explain_run.h"
#include "kernel/devices.h"
#include "kernel/kmsg.h"
#include "lib/log.h"
#include "model/igt.h"
#include "model/view.h"
#include "output/igt_leaks.h"
#include "output/report_cli.h"
#include "session/gpus.h"
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

/* The report as JSON into PATH; untraced: the GPUs and no owner. */
static int write_json(const char *path, struct session *s, const struct report_opts *ro,
		      struct wr_gpu_states *gpus, bool traced)
{
	FILE *f = fopen(path, "w");
	struct report_opts jo = *ro;

	if (!f) {
		log_error("cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!traced) {
		session__read_gpus(gpus);
		jo.gpus = gpus;
		jo.now_ns = wr_now_ns();
	}
	jo.format = WR_FMT_JSON;
	jo.ref_tracker = NULL;	/* compared once, after the report on stdout */
	report__print(f, s->ot, traced ? session__ksyms(s) : NULL, &jo);
	fclose(f);
	return 0;
}

static int igt_marker(void *ctx, uint64_t ts_ns, const char *msg)
{
	return igt__marker(ctx, ts_ns, msg) < 0 ? -ENOMEM : 0;
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: wakeref ci [OPTIONS] -- CMD [ARGS...]\n\n"
		"Trace while CMD runs, then wait up to --settle seconds for every GPU to\n"
		"runtime-suspend.  Exit status: CMD's own, or 3 when a GPU stays awake or\n"
		"a view finds what keeps one awake (objects left on a userfault list by a\n"
		"runtime suspend, an SVM garbage-collector backlog, ranges alive after\n"
		"fini), with the report of who holds it (and 1 when wakeref itself fails).\n\n"
		"      --settle SECONDS     how long a GPU may take to suspend (default 15:\n"
		"                           i915's autosuspend delay is 10 s)\n"
		"      --json FILE          also write the report as JSON to FILE\n"
		"      --require-gpu        fail (exit 1, CMD not run) when no GPU is bound to\n"
		"                           i915 or xe; by default CMD runs untraced\n"
		"      --leak-dir DIR       one file per igt subtest in DIR (from igt's kernel\n"
		"                           log markers) with the wakerefs taken during it\n"
		REPORT_CLI_HELP
		EXPLAIN_RUN_HELP
		CLI_TRACE_HELP
		"  -h, --help\n");
}

int cmd_ci(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "settle", required_argument, NULL, 's' },
		{ "json", required_argument, NULL, 'j' },
		{ "require-gpu", no_argument, NULL, 'r' },
		{ "leak-dir", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		CLI_TRACE_LONGOPTS,
		REPORT_CLI_LONGOPTS,
		EXPLAIN_RUN_LONGOPTS,
		{}
	};
	const char *explain = NULL, *explain_module = NULL;
	struct explain_run *ex = NULL;
	struct report_cli rc = { .ropts.format = WR_FMT_TEXT };
	struct wr_pm_state st[WR_MAX_DEVICES];
	struct wr_gpu_states end = {};
	bool require_gpu = false, traced = true;
	struct session_opts sopts = { .prefetch_gpus = true };
	const char *json = NULL, *leak_dir = NULL;
	struct wr_kmsg kmsg = { .fd = -1 };
	struct wr_igt igt;
	double settle_s = 15;
	int opt, status, awake, anomalies, nr = 0, i, ret = 1;
	bool answered = false;		/* traced, and the report and status are out */
	struct session s = {};
	struct wr_loss loss;
	long long leaks;
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
		case 'r':
			require_gpu = true;
			break;
		case 'L':
			leak_dir = optarg;
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
	if (optind >= argc) {
		log_error("ci needs a command to run: wakeref ci -- CMD ARGS...\n");
		return 2;
	}
	if (report_cli__finish(&rc))
		return 2;
	igt__init(&igt);
	wr_catch_signals();
	if (!devices__discover(st, WR_MAX_DEVICES)) {
		if (require_gpu) {
			log_error("no GPU is bound to i915 or xe (neither driver is loaded, or it "
				  "bound no device): nothing to trace, %s not run "
				  "(--require-gpu)\n", argv[optind]);
			goto out;
		}
		log_warn("no GPU is bound to i915 or xe (neither driver is loaded, or it bound "
			 "no device): nothing traced; running %s anyway\n", argv[optind]);
		traced = false;
		s.ot = owners__new(~0ULL);
		if (!s.ot)
			goto out;
	} else if (session__start(&s, &sopts)) {
		goto out;
	} else if (explain && !(ex = explain_run__start(explain, explain_module, NULL,
						     s.ks))) {
		goto out;
	} else {
		log_info("tracing %d functions; running %s\n", s.t.nr_attached, argv[optind]);
		/* igt's markers in the kernel log: which test each leak is from */
		if (kmsg__open(&kmsg))
			log_warn("no igt test names for the leaks\n");
	}
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
	if (!traced) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		log_info("nothing was traced; %s exited with %d\n", argv[optind], ret);
		if (json)
			write_json(json, &s, &rc.ropts, &end, false);
		goto out;
	}
	while (waitpid(pid, &status, WNOHANG) == 0)
		session__poll(&s, 100);
	awake = settle(&s, settle_s, st, &nr);
	session__sync(&s, &loss);
	if (kmsg__read(&kmsg, igt_marker, &igt))
		log_warn("out of memory reading igt's markers\n");
	session__read_gpus(&end);
	rc.ropts.loss = &loss;
	rc.ropts.now_ns = wr_now_ns();
	rc.ropts.views = &s.views;
	rc.ropts.gpus = &end;
	for (i = 0; i < nr; i++)
		log_info("%s (%s): runtime %s, control=%s%s\n", st[i].name, st[i].driver,
			 st[i].status, st[i].control, !strcmp(st[i].control, "on") ?
			 " (runtime PM forbidden: it cannot suspend)" : "");
	/* what the views find keeps a GPU awake, or is wrong, fails the job as a held wakeref */
	anomalies = views__nr_anomalies(&s.views, rc.ropts.now_ns);
	if (awake)
		log_warn("%d GPU(s) still awake %.1f s after %s ended: who holds "
			 "them follows\n", awake, settle_s, argv[optind]);
	if (anomalies)
		log_warn("%d anomal%s in the userfault and SVM views (objects left on a "
			 "userfault list by a runtime suspend, SVM ranges waiting for the "
			 "garbage collector or alive after fini): the report says which\n",
			 anomalies, anomalies == 1 ? "y" : "ies");
	if (awake || anomalies) {
		report__print(stdout, s.ot, session__ksyms(&s), &rc.ropts);
		igt_leaks__print(stdout, s.ot, &igt);
		if (leak_dir && igt_leaks__write_dir(leak_dir, s.ot, session__ksyms(&s), &igt))
			goto out;
	}
	if (json && write_json(json, &s, &rc.ropts, &end, true))
		goto out;
	leaks = ex ? explain_run__finish(ex, stdout) : 0;
	if (leaks < 0)
		goto out;
	if (awake || anomalies || leaks)
		ret = WR_EXIT_LEAK;
	else
		ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (!awake && !anomalies && !leaks)
		log_info("every GPU suspended; %s exited with %d\n", argv[optind], ret);
	answered = true;
out:
	kmsg__close(&kmsg);
	igt__free(&igt);
	/* the answer is out: a stop that leaves with the answer can detach after exit */
	if (answered && !session__stop_after_exit(&s)) {
		fflush(stdout);
		_exit(ret);
	}
	if (traced)
		session__stop(&s);
	else
		owners__free(s.ot);
	session__gpus_close();
	explain_run__stop(ex);
	report_cli__free(&rc);
	return ret;
}
