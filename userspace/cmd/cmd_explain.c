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
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "attach/leakpath.h"
#include "attach/tracer.h"
#include "output/leakpath_print.h"
#include "kernel/kbtf.h"
#include "kernel/ksyms.h"
#include "kernel/modelf.h"
#include "kernel/modfind.h"
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

/* FUNC's module file: --module, else under /lib/modules/RELEASE; malloc'd. */
static char *module_file(const struct explain_opts *o, const char *mod)
{
	const char *names[1] = { mod };
	char dir[512], *path = NULL;
	struct utsname u;

	if (o->module_file)
		return strdup(o->module_file);
	if (!strcmp(mod, "vmlinux")) {
		log_error("explain: %s is in vmlinux, not a module: explain reads a driver "
			  "module's call graph (--module FILE)\n", o->func);
		return NULL;
	}
	if (uname(&u))
		return NULL;
	snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release);
	if (modfind__find(dir, names, 1, &path, 1) != 1) {
		log_error("explain: no file of module %s under %s; name it with --module FILE\n",
			  mod, dir);
		return NULL;
	}
	return path;
}

/* The plan: FUNC's module, its callees from the module file. 0, or 2 (said). */
static int plan(const struct explain_opts *o, struct kbtf *kb, struct lp_plan *p)
{
	struct modelf *elf = NULL;
	char mod[64], err[256], *path = NULL;
	int ret = 2, e;

	if (!kbtf__find_func_module(kb, o->func, mod, sizeof(mod))) {
		log_error("explain: %s is no function of the running kernel's BTF (is its module "
			  "loaded? is the name exact, as in a report?)\n", o->func);
		return 2;
	}
	path = module_file(o, mod);
	if (!path)
		return 2;
	elf = modelf__open(path, err, sizeof(err));
	if (!elf) {
		log_error("explain: %s: %s\n", path, err);
		goto out;
	}
	e = lp_plan__build(p, o->func, elf->edges, elf->nr_edges);
	if (e == -ENOENT) {
		log_error("explain: %s calls nothing in %s: is that file the module %s is in "
			  "(%s)?\n", o->func, path, o->func, mod);
		goto out;
	}
	if (e) {
		log_error("explain: out of memory\n");
		goto out;
	}
	snprintf(p->module, sizeof(p->module), "%s", mod);
	/* gets sort first */
	if (p->v[0].role != LP_ROLE_GET) {
		log_error("explain: %s calls no runtime-PM get itself: explain the function that "
			  "takes the wakeref (the owner a report names)\n", o->func);
		goto out;
	}
	ret = 0;
out:
	modelf__close(elf);
	free(path);
	return ret;
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
	struct leakpath *lp = NULL;
	struct lp_plan p = {};
	struct lp_result r;
	struct ksyms *ks = NULL;
	struct kbtf *kb = NULL;
	char why[512];
	int ret, status;

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
	if (plan(&o, kb, &p))
		goto out;
	lp = leakpath__open(&p, kb, ks, why, sizeof(why));
	if (!lp) {
		log_error("explain: %s\n", why);
		goto out;
	}
	log_info("explaining %s [%s]: %u gets, %u puts, %u callees watched\n", p.func, p.module,
		 lp_plan__watched(&p, LP_ROLE_GET), lp_plan__watched(&p, LP_ROLE_PUT),
		 lp_plan__watched(&p, LP_ROLE_CALLEE));
	wr_catch_signals();
	status = run(&o);
	if (status < 0)
		goto out;
	if (leakpath__read(lp, &r)) {
		log_error("explain: cannot read the BPF maps\n");
		goto out;
	}
	leakpath__print(stdout, &p, &r);
	ret = r.stats.leaks ? WR_EXIT_LEAK : status;
out:
	leakpath__close(lp);
	lp_plan__free(&p);
	ksyms__free(ks);
	kbtf__close(kb);
	return ret;
}
