// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_trace.c - `wakeref trace`: attach, rebuild the owner table from live
 * events, and print the leak report on SIGINT/SIGTERM or after --duration.
 * The loop is trace_loop.c, shared with `wakeref record`.
 */
#include "cmd/commands.h"
#include "cmd/trace_loop.h"

static const struct trace_cmd trace = {
	.name = "trace",
	.about = "Trace runtime-PM gets and puts and print, on Ctrl-C, SIGTERM or after\n"
		 "--duration, the wakerefs still held per device and who took them.\n",
};

int cmd_trace(int argc, char **argv)
{
	return trace_loop(argc, argv, &trace);
}
