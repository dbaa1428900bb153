// SPDX-License-Identifier: GPL-2.0
/*
 * view_loop.c - what `wakeref userfault` and `wakeref svm` share: one state
 * view alone.  With --daemon the running daemon answers from what it has traced since it
 * started; otherwise wakeref traces that view alone (for --duration, or
 * until Ctrl-C/SIGTERM) and prints it, SIGUSR1 printing it at once.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/view_loop.h"
#include "daemon/control.h"
#include "lib/log.h"
#include "session/session.h"

static void usage(FILE *out, const struct view_cmd *vc)
{
	fprintf(out,
		"Usage: wakeref %s [-j] [-d SECONDS] [--daemon [--socket PATH]] [OPTIONS]\n\n"
		"%sSIGUSR1 prints it now and goes on; --daemon asks the running daemon\n"
		"instead, which has traced it since it started.\n\n"
		"  -j, --json               one JSON document\n"
		"  -d, --duration SECONDS   stop after SECONDS\n"
		"      --daemon             ask the daemon (wakeref daemon)\n"
		"      --socket PATH        its control socket (default %s)\n"
		CLI_TRACE_HELP
		"  -h, --help\n", vc->name, vc->about, WR_CONTROL_SOCKET);
}

int view_loop(int argc, char **argv, const struct view_cmd *vc)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "duration", required_argument, NULL, 'd' },
		{ "daemon", no_argument, NULL, 'D' },
		{ "socket", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		CLI_TRACE_LONGOPTS,
		{}
	};
	const char *name = vc->name;
	const struct wr_view_ops *ops = views__find(name);
	const char *sock = WR_CONTROL_SOCKET, *fmt = "text";
	struct session_opts sopts = {};
	double duration = 0;
	bool daemon = false;
	struct session s = {};
	struct wr_loss loss;
	uint64_t end = 0;
	char req[96];
	int opt, snap = 0, ret = 1;

	while ((opt = cli__getopt(argc, argv, "jd:h" CLI_TRACE_SHORTOPTS,
				  longopts, &sopts, NULL)) != -1) {
		switch (opt) {
		case CLI_BAD_VALUE:
			return 2;
		case 'j':
			fmt = "json";
			break;
		case 'd':
			if (cli__parse_seconds("--duration", optarg, 0, false, &duration))
				return 2;
			break;
		case 'D':
			daemon = true;
			break;
		case 'S':
			if (control__check_path("--socket", optarg))
				return 2;
			sock = optarg;
			break;
		case 'h':
			usage(stdout, vc);
			return 0;
		default:
			usage(stderr, vc);
			return 2;
		}
	}
	if (cli__no_args(name, argc, argv, optind))
		return 2;
	if (daemon && (duration || sopts.no_fentry || sopts.no_kprobe || sopts.no_module_btf ||
		       sopts.ringbuf_bytes || sopts.kallsyms)) {
		log_error("--daemon asks the running daemon, which traces with its "
			  "own options: drop -d and the tracing options\n");
		return 2;
	}
	if (daemon) {
		snprintf(req, sizeof(req), "view %s %s", name, fmt);
		return control__request(sock, req, stdout) ? 1 : 0;
	}
	if (!ops) {
		log_error("this build has no %s view\n", name);
		return 1;
	}
	sopts.features = ops->feature;
	wr_catch_signals();
	if (session__start(&s, &sopts))
		goto out;
	log_info("tracing %s: %d functions; Ctrl-C to print\n", name, s.t.nr_attached);
	if (duration > 0)
		end = wr_now_ns() + (uint64_t)(duration * 1e9);
	while (!wr_stop && (!end || wr_now_ns() < end)) {
		if (session__poll(&s, 100) < 0)
			goto out;
		while (snap < wr_usr1) {
			snap++;
			session__sync(&s, &loss);
			printf("=== wakeref snapshot %d\n", snap);
			view__answer(&s.views, name, fmt, session__ksyms(&s), wr_now_ns(), stdout);
			printf("=== end of snapshot %d\n", snap);
			fflush(stdout);
		}
	}
	session__sync(&s, &loss);
	view__answer(&s.views, name, fmt, session__ksyms(&s), wr_now_ns(), stdout);
	if (loss.ringbuf_drops || loss.recursion_misses)
		log_warn("WARNING: events were lost (%s): the %s state may be "
			 "wrong\n", loss.where, name);
	ret = 0;
out:
	session__stop(&s);
	return ret;
}
