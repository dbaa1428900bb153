// SPDX-License-Identifier: GPL-2.0
/* cmd_metrics.c - `wakeref metrics`: the daemon's Prometheus metrics (client.c). */
#include "cmd/client.h"
#include "cmd/commands.h"

static const struct client_cmd metrics = {
	.name = "metrics",
	.about = "The running daemon's Prometheus metrics, in the text exposition format\n"
		 "(what --metrics-port and --metrics-file export).\n",
};

int cmd_metrics(int argc, char **argv)
{
	return client_ask(argc, argv, &metrics);
}
