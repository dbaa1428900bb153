/* SPDX-License-Identifier: GPL-2.0 */
/* trace_loop.h - the tracing loop `wakeref trace` and `wakeref record` share. */
#ifndef WR_CMD_TRACE_LOOP_H
#define WR_CMD_TRACE_LOOP_H

#include <stdbool.h>

struct trace_cmd {
	const char *name;	/* "trace" */
	const char *about;	/* what it does, for --help: lines ending in \n */
	bool needs_output;	/* record: -o FILE is required */
};

/* Parse the options, trace, report: the exit status. */
int trace_loop(int argc, char **argv, const struct trace_cmd *cmd);

#endif
