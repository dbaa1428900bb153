// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_record.c - `wakeref record -o FILE`: trace as `wakeref trace` does
 * (trace_loop.c), and write every event to a self-contained recording that
 * `wakeref report FILE` replays on any machine.
 */
#include "cmd/commands.h"
#include "cmd/trace_loop.h"

static const struct trace_cmd record = {
	.name = "record",
	.about = "Trace runtime-PM gets and puts, write every event to FILE, and print,\n"
		 "on Ctrl-C, SIGTERM or after --duration, the wakerefs still held per\n"
		 "device and who took them.  `wakeref report FILE` replays the recording,\n"
		 "on any machine.\n",
	.needs_output = true,
};

int cmd_record(int argc, char **argv)
{
	return trace_loop(argc, argv, &record);
}
