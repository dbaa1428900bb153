// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_explain.c - `wakeref explain FUNC [-- CMD ARGS]`: which error path of
 * FUNC returns with the wakeref it took still held.  FUNC's callees come
 * from its module's call graph (kernel/modelf.c, as for `doctor
 * --callgraph`); bpf/leakpath.bpf.c follows each call of FUNC (attach/
 * leakpath.c) until CMD exits, --duration passes or SIGINT, and the answer
 * names each leaking path by the callee error that led to it
 * (output/leakpath_print.c).  Exit 3 when FUNC leaked, else CMD's status
 * (0 without CMD); 2 on bad usage or what cannot be done here.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "cmd/explain_run.h"
#include "attach/tracer.h"
#include "kernel/kbtf.h"
#include "kernel/ksyms.h"
#include "lib/log.h"

#define WR_EXIT_LEAK	3

struct explain_opts {
	const char *func;
	const char *module_file;
	const char *kallsyms;
	double duration;
	char **cmd;		/* after "--", NULL: none */
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: wakeref explain FUNC [OPTIONS] [-- CMD ARGS]\n\n"
		"Follows every call of FUNC, a driver function that takes a runtime-PM\n"
		"wakeref (the owner a report names), and the calls it makes, and names\n"
		"each path by which it returned still holding the wakeref: the error a\n"
		"callee returned after the get (a negative errno or an ERR_PTR), how\n"
		"often, of how many calls.  Runs until CMD exits, --duration passes or\n"
		"Ctrl-C.  FUNC's callees are read from its module's file.\n\n"
		"  -m, --module FILE     FUNC's module file (.ko, .ko.xz, .ko.zst; default:\n"
		"                        found under /lib/modules/$(uname -r))\n"
		"  -d, --duration SECS   stop after SECS (without CMD)\n"
		"      --kallsyms FILE   symbol table (default /proc/kallsyms)\n"
		"  -v, --verbose         say what is attached where\n\n"
		"Exit status: 3 FUNC leaked, else CMD's status (0 without CMD); 2 bad\n"
		"usage, or FUNC cannot be explained here (said why).\n");
}

static int parse(int argc, char **argv, struct explain_opts *o)
{
	static const struct option longopts[] = {
		{ "module", required_argument, NULL, 'm' },
		{ "duration", required_argument, NULL, 'd' },
		{ "kallsyms", required_argument, NULL, 'k' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int opt;

	optind = 1;
	while (optind < argc) {
		if (!strcmp(argv[optind], "--")) {
			if (optind + 1 == argc) {
				log_error("explain: nothing after '--': name the command to run\n");
				return 2;
			}
			o->cmd = argv + optind + 1;
			break;
		}
		if (argv[optind][0] != '-') {
			if (o->func) {
				log_error("explain: one function at a time ('%s' and '%s'); a "
					  "command goes after '--'\n", o->func, argv[optind]);
				return 2;
			}
			o->func = argv[optind++];
			continue;
		}
		opt = getopt_long(argc, argv, "+m:d:vh", longopts, NULL);
		switch (opt) {
		case 'm':
			o->module_file = optarg;
			break;
		case 'd':
			if (cli__parse_seconds("--duration", optarg, 0, false, &o->duration))
				return 2;
			break;
		case 'k':
			o->kallsyms = optarg;
			break;
		case 'v':
			log_set_verbose(true);
			break;
		case 'h':
			usage(stdout);
			return 0;
		case -1:
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!o->func) {
		log_error("explain: name the function to explain, e.g. the owner a report names "
			  "(wakeref explain FUNC [-- CMD])\n");
		return 2;
	}
	if (o->cmd && o->duration) {
		log_error("explain: --duration or a command, not both\n");
		return 2;
	}
	return -1;
}

/* Run CMD to its end, or wait DURATION (0: until a signal); CMD's status. */
static int run(const struct explain_opts *o)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	double waited = 0;
	int status = 0;
	pid_t pid;

	if (!o->cmd) {
		log_info("explaining %s: Ctrl-C to stop%s\n", o->func,
			 o->duration ? " (or --duration)" : "");
		while (!wr_stop && (!o->duration || waited < o->duration)) {
			nanosleep(&tick, NULL);
			waited += 0.1;
		}
		return 0;
	}
	pid = fork();
	if (pid < 0) {
		log_error("fork: %s\n", strerror(errno));
		return -1;
	}
	if (!pid) {
		execvp(o->cmd[0], o->cmd);
		log_error("cannot run %s: %s\n", o->cmd[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int cmd_explain(int argc, char **argv)
{
	struct explain_opts o = { .kallsyms = "/proc/kallsyms" };
	struct explain_run *ex = NULL;
	struct ksyms *ks = NULL;
	struct kbtf *kb = NULL;
	int ret, status;
	long long leaks;

	ret = parse(argc, argv, &o);
	if (ret >= 0)
		return ret;
	ret = 2;
	if (tracer__check_privileges())
		return 2;
	kb = kbtf__open();
	if (!kb) {
		log_error("explain: the kernel has no BTF (/sys/kernel/btf/vmlinux): fentry "
			  "cannot be used here\n");
		return 2;
	}
	ks = ksyms__load(o.kallsyms);
	if (!ks) {
		log_error("explain: cannot read %s\n", o.kallsyms);
		goto out;
	}
	ex = explain_run__start(o.func, o.module_file, kb, ks);
	if (!ex)
		goto out;
	wr_catch_signals();
	status = run(&o);
	if (status < 0)
		goto out;
	leaks = explain_run__finish(ex, stdout);
	if (leaks < 0)
		goto out;
	ret = leaks ? WR_EXIT_LEAK : status;
out:
	explain_run__stop(ex);
	ksyms__free(ks);
	kbtf__close(kb);
	return ret;
}
