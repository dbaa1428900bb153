// SPDX-License-Identifier: GPL-2.0
/* cmd_stats.c - `wakeref stats`: the daemon's events, losses and attach plan (client.c). */
#include "cmd/client.h"
#include "cmd/commands.h"

static const struct client_cmd stats = {
	.name = "stats",
	.about = "The running daemon's counts: its uptime, events, ring-buffer drops and\n"
		 "other losses, gets and puts per device, and its attach plan.\n",
};

int cmd_stats(int argc, char **argv)
{
	return client_ask(argc, argv, &stats);
}
