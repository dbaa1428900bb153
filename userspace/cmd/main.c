// SPDX-License-Identifier: GPL-2.0
/*
 * wakeref - who holds the runtime-PM wakerefs of an i915/xe GPU.
 *
 * main.c only dispatches to the subcommands; each lives in its own file.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"
#include "lib/log.h"

#ifndef WAKEREF_VERSION
#define WAKEREF_VERSION "0.1"
#endif

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "trace", cmd_trace, "trace gets and puts live; report the owners on exit" },
	{ "record", cmd_record, "trace, and write every event to a recording (-o FILE)" },
	{ "report", cmd_report, "replay a recording: the same report, on any machine" },
	{ "daemon", cmd_daemon, "trace as a service: dumps on request, metrics, SIGUSR1" },
	{ "dump", cmd_dump, "ask the daemon for its report (-j: JSON)" },
	{ "stats", cmd_stats, "ask the daemon for events, losses and the attach plan" },
	{ "metrics", cmd_metrics, "ask the daemon for Prometheus metrics" },
	{ "userfault", cmd_userfault, "the userfault lists (i915 GGTT/lmem, xe VRAM), live" },
	{ "svm", cmd_svm, "the GPU SVM notifiers, ranges and invalidations, live" },
	{ "top", cmd_top, "a live view of every GPU: held, oldest owner, rates" },
	{ "ci", cmd_ci, "run a command; fail (exit 3) if a GPU then stays awake, and say who" },
	{ "hang", cmd_hang, "attach to a stuck machine: PM state, old and new holders" },
	{ "explain", cmd_explain, "which error path of a function leaks its wakeref, how often" },
	{ "doctor", cmd_doctor, "check every traced function against the running kernel" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "Usage: wakeref COMMAND [OPTIONS]\n\n"
		"Rebuilds who holds the runtime-PM wakerefs of i915/xe devices, live,\n"
		"on shipping kernels.\n\nCommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\nwakeref help COMMAND (or wakeref COMMAND --help) shows the options of "
		"COMMAND.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	/* "wakeref help CMD" is "wakeref CMD --help" */
	if (argc == 3 && !strcmp(argv[1], "help")) {
		static char help_opt[] = "--help";
		char *args[] = { argv[2], help_opt, NULL };

		for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (!strcmp(argv[2], commands[i].name))
				return commands[i].fn(2, args);
		log_error("unknown command '%s'\n\n", argv[2]);
		usage(stderr);
		return 2;
	}
	if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("wakeref %s\n", WAKEREF_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	log_error("unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
