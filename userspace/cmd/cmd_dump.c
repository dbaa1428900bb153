// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_dump.c - the daemon's clients: `wakeref dump [-j|-f FORMAT]`,
 * `wakeref stats` and `wakeref metrics`, one request each on the control
 * socket.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "daemon/control.h"
#include "output/report.h"

static int client(int argc, char **argv, const char *what)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 'S' },
		{ "format", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const char *sock = WR_CONTROL_SOCKET, *fmt = "text";
	char req[64];
	enum wr_format f;
	int opt;

	while ((opt = getopt_long(argc, argv, "f:jh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'S':
			sock = optarg;
			break;
		case 'f':
			fmt = optarg;
			break;
		case 'j':
			fmt = "json";
			break;
		case 'h':
			printf("Usage: wakeref %s [--socket PATH]%s\n\nAsk the running daemon.\n",
			       what, strcmp(what, "dump") ? "" : " [-j | -f FORMAT]");
			return 0;
		default:
			return 2;
		}
	}
	if (cli__no_args(what, argc, argv, optind))
		return 2;
	if (strcmp(what, "dump")) {
		snprintf(req, sizeof(req), "%s", what);
	} else {
		if (report__parse_format(fmt, &f)) {
			fprintf(stderr, "wakeref: unknown format '%s'\n", fmt);
			return 2;
		}
		snprintf(req, sizeof(req), "dump %s", fmt);
	}
	return control__request(sock, req, stdout) ? 1 : 0;
}

int cmd_dump(int argc, char **argv)
{
	return client(argc, argv, "dump");
}

int cmd_stats(int argc, char **argv)
{
	return client(argc, argv, "stats");
}

int cmd_metrics(int argc, char **argv)
{
	return client(argc, argv, "metrics");
}
