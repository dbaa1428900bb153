/* SPDX-License-Identifier: GPL-2.0 */
/* client.h - one request to the running daemon (dump, stats, metrics). */
#ifndef WR_CMD_CLIENT_H
#define WR_CMD_CLIENT_H

#include <stdbool.h>

struct client_cmd {
	const char *name;	/* the command, and the request it sends */
	const char *about;	/* what the daemon answers, for --help: ends in \n */
	bool formats;		/* dump: -j and -f FORMAT choose the answer's format */
};

/* Parse the options, ask, copy the answer to stdout: the exit status. */
int client_ask(int argc, char **argv, const struct client_cmd *cmd);

#endif
