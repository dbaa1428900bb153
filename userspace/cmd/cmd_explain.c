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
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "cmd/explain_run.h"
#include "session/session.h"
#include "attach/tracer.h"
#include "model/groups.h"
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
		"Usage: wakeref explain [FUNC] [OPTIONS] [-- CMD ARGS]\n\n"
		"Follows every call of FUNC, a driver function that takes a runtime-PM\n"
		"wakeref (the owner a report names), and the calls it makes, and names\n"
		"each path by which it returned still holding the wakeref: the error a\n"
		"callee returned after the get (a negative errno or an ERR_PTR), how\n"
		"often, of how many calls.  Runs until CMD exits, --duration passes or\n"
		"Ctrl-C.  FUNC's callees are read from its module's file.  Without FUNC,\n"
		"a first run (CMD, or --duration) traces the owners, and a second one\n"
		"explains the top owner's function.\n\n"
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
	if (o->cmd && o->duration) {
		log_error("explain: --duration or a command, not both\n");
		return 2;
	}
	return -1;
}

/* Has ARM passed, or a signal come, or the command ended?  Polls S (may be NULL). */
static bool waiting(struct session *s, pid_t pid, int *status, double *waited, double duration)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };

	if (wr_stop)
		return false;
	if (pid > 0) {
		pid_t r = waitpid(pid, status, s ? WNOHANG : 0);

		if (r == pid || (r < 0 && errno != EINTR))
			return false;
	} else if (duration && *waited >= duration) {
		return false;
	}
	if (s)
		session__poll(s, 100);
	else if (pid <= 0)
		nanosleep(&tick, NULL);
	*waited += 0.1;
	return true;
}

/*
 * Run CMD to its end, or wait DURATION (0: until a signal), polling S if
 * not NULL; CMD's status, 0 without one, -1 (said) if it cannot run.
 */
static int run(const struct explain_opts *o, struct session *s)
{
	double waited = 0;
	int status = 0;
	pid_t pid = 0;

	if (!o->cmd)
		log_info("Ctrl-C to stop%s\n", o->duration ? " (or --duration)" : "");
	if (o->cmd) {
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
	}
	while (waiting(s, pid, &status, &waited, o->duration))
		;
	if (pid > 0 && wr_stop) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (!pid)
		return 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/*
 * Without FUNC: trace the owners over one run (CMD, or --duration), and
 * take the function of the biggest group still held (the oldest owner's of
 * it): the top owner of the report.  0, or 2 (said).
 */
static int top_owner(const struct explain_opts *o, char *func, size_t len)
{
	struct session_opts sopts = {};
	struct session s = {};
	const struct wr_device *d;
	const struct ksym *sym;
	struct wr_loss loss;
	size_t best = 0, i;
	int ret = 2;

	if (!o->cmd && !o->duration) {
		log_error("explain: without FUNC, a first run finds the top owner: give a command "
			  "(-- CMD) or --duration\n");
		return 2;
	}
	if (session__start(&s, &sopts))
		return 2;
	log_info("explain: no FUNC: a first run finds the top owner\n");
	if (run(o, &s) < 0)
		goto out;
	session__sync(&s, &loss);
	func[0] = 0;
	for (d = s.ot->devices; d; d = d->next) {
		struct wr_groups g;

		if (groups__build(d, &g))
			goto out;
		for (i = 0; i < g.nr; i++) {
			if (g.v[i].n <= best || !g.v[i].oldest->caller)
				continue;
			sym = ksyms__find(session__ksyms(&s), g.v[i].oldest->caller);
			if (!sym)
				continue;
			best = g.v[i].n;
			snprintf(func, len, "%s", sym->name);
		}
		groups__free(&g);
	}
	if (!func[0]) {
		log_error("explain: no wakeref was held after the first run: no owner to "
			  "explain\n");
		goto out;
	}
	log_info("explain: the top owner is %s (%zu held); a second run explains it\n", func,
		 best);
	ret = 0;
out:
	session__stop(&s);
	return ret;
}

int cmd_explain(int argc, char **argv)
{
	struct explain_opts o = { .kallsyms = "/proc/kallsyms" };
	struct explain_run *ex = NULL;
	char top[128];
	struct ksyms *ks = NULL;
	struct kbtf *kb = NULL;
	int ret, status;
	long long leaks;

	wr_catch_signals();
	ret = parse(argc, argv, &o);
	if (ret >= 0)
		return ret;
	ret = 2;
	if (tracer__check_privileges())
		return 2;
	if (!o.func && top_owner(&o, top, sizeof(top)))
		return 2;
	if (!o.func)
		o.func = top;
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
	status = run(&o, NULL);
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
