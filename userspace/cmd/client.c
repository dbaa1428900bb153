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
#include "lib/log.h"
#include "output/report.h"

static void usage(FILE *out, const struct client_cmd *cc)
{
	fprintf(out, "Usage: wakeref %s [--socket PATH]%s\n\n%s\n"
		"      --socket PATH        the daemon's control socket\n"
		"                           (default %s)\n%s"
		"  -h, --help\n", cc->name, cc->formats ? " [-j | -f FORMAT]" : "", cc->about,
		WR_CONTROL_SOCKET, cc->formats ?
		"  -j, --json               as -f json\n"
		"  -f, --format FORMAT      text (default), json, jsonl, folded, perfetto,\n"
		"                           owners\n" :
		"");
}

int client_ask(int argc, char **argv, const struct client_cmd *cc)
{
	/* the format options first: a client without formats starts past them */
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "socket", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const char *sock = WR_CONTROL_SOCKET, *fmt = "text", *what = cc->name;
	char req[64];
	enum wr_format f;
	int opt;

	while ((opt = getopt_long(argc, argv, cc->formats ? "f:jh" : "h",
				  longopts + (cc->formats ? 0 : 2), NULL)) != -1) {
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
		snprintf(req, sizeof(req), "dump %s", fmt);
	}
	return control__request(sock, req, stdout) ? 1 : 0;
}
