// SPDX-License-Identifier: GPL-2.0
/*
 * client.c - what the daemon's clients share (`wakeref dump [-j|-f FORMAT]`,
 * `wakeref stats`, `wakeref metrics`): their options, and one request on
 * the control socket whose answer goes to stdout.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/client.h"
#include "daemon/control.h"
#include "daemon/request.h"
#include "lib/log.h"
#include "output/report.h"

static void usage(FILE *out, const struct client_cmd *cc)
{
	fprintf(out, "Usage: wakeref %s [--socket PATH]%s\n\n%s\n"
		"      --socket PATH        the daemon's control socket\n"
		"                           (default %s)\n%s"
		"  -h, --help\n", cc->name,
		cc->formats ? " [-j | -f FORMAT] [--device NAME] [--pid PID]" : "", cc->about,
		WR_CONTROL_SOCKET, cc->formats ?
		"  -j, --json               as -f json\n"
		"  -f, --format FORMAT      text (default), json, jsonl, folded, perfetto,\n"
		"                           owners\n"
		"      --device NAME        that device only (0000:00:02.0)\n"
		"      --pid PID            owners that task (a pid or a process's) took only\n" :
		"");
}

int client_ask(int argc, char **argv, const struct client_cmd *cc)
{
	/* the format options first: a client without formats starts past them */
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "device", required_argument, NULL, 'D' },
		{ "pid", required_argument, NULL, 'P' },
		{ "socket", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const char *sock = WR_CONTROL_SOCKET, *fmt = "text", *what = cc->name;
	struct wr_dump_req dr = {};
	char req[160], older[256];
	enum wr_format f;
	uint64_t n;
	int opt;

	while ((opt = getopt_long(argc, argv, cc->formats ? "f:jh" : "h",
				  longopts + (cc->formats ? 0 : 4), NULL)) != -1) {
		switch (opt) {
		case 'S':
			if (control__check_path("--socket", optarg))
				return 2;
			sock = optarg;
			break;
		case 'f':
			fmt = optarg;
			break;
		case 'j':
			fmt = "json";
			break;
		case 'D':
			/* one word of the request: a device's name has no space */
			if (!optarg[0] || strlen(optarg) > 63 || strpbrk(optarg, " \t\n")) {
				log_error("bad --device '%s': want a device's name, as reports "
					  "print it (0000:00:02.0)\n", optarg);
				return 2;
			}
			snprintf(dr.device, sizeof(dr.device), "%s", optarg);
			break;
		case 'P':
			if (cli__parse_count("--pid", optarg, 1, 0x7fffffff, "a process id", &n))
				return 2;
			dr.pid = n;
			break;
		case 'h':
			usage(stdout, cc);
			return 0;
		default:
			usage(stderr, cc);
			return 2;
		}
	}
	if (cli__no_args(what, argc, argv, optind))
		return 2;
	if (!cc->formats) {
		snprintf(req, sizeof(req), "%s", what);
	} else {
		if (report__parse_format(fmt, &f)) {
			log_error("unknown format '%s'\n", fmt);
			return 2;
		}
		snprintf(dr.format, sizeof(dr.format), "%s", fmt);
		if (request__dump_line(req, sizeof(req), &dr)) {
			log_error("bad --device or -f: too long for a request\n");
			return 2;
		}
	}
	/* a daemon older than the filters refuses them: never a whole dump */
	snprintf(older, sizeof(older), "the daemon on %s is older than this client and "
		 "cannot narrow a dump by --device or --pid: restart it with this version, "
		 "or ask without them", sock);
	return control__ask(sock, req, dr.device[0] || dr.pid ? older : NULL, stdout) ? 1 : 0;
}
