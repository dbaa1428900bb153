// SPDX-License-Identifier: GPL-2.0
/* explain_run.c - `--explain FUNC` for the commands (see explain_run.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "cmd/explain_run.h"
#include "attach/leakpath.h"
#include "output/leakpath_print.h"
#include "kernel/kbtf.h"
#include "kernel/modelf.h"
#include "kernel/modfind.h"
#include "lib/log.h"

struct explain_run {
	struct lp_plan plan;
	struct leakpath *lp;
	struct kbtf *own_kb;	/* opened here when the caller had none */
};

/* FUNC's module file: MODULE_FILE, else under /lib/modules/RELEASE; malloc'd. */
static char *module_file(const char *func, const char *module_file, const char *mod)
{
	const char *names[1] = { mod };
	char dir[512], *path = NULL;
	struct utsname u;

	if (module_file)
		return strdup(module_file);
	if (!strcmp(mod, "vmlinux")) {
		log_error("explain: %s is in vmlinux, not a module: explain reads a driver "
			  "module's call graph (name one with --module FILE)\n", func);
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

/* The plan: FUNC's module, its callees from the module file; 0 or -1 (said). */
static int plan(struct lp_plan *p, const char *func, const char *mfile, struct kbtf *kb)
{
	struct modelf *elf = NULL;
	char mod[64], err[256], *path;
	int ret = -1, e;

	if (!kbtf__find_func_module(kb, func, mod, sizeof(mod))) {
		log_error("explain: %s is no function of the running kernel's BTF (is its module "
			  "loaded? is the name exact, as in a report?)\n", func);
		return -1;
	}
	path = module_file(func, mfile, mod);
	if (!path)
		return -1;
	elf = modelf__open(path, err, sizeof(err));
	if (!elf) {
		log_error("explain: %s: %s\n", path, err);
		goto out;
	}
	e = lp_plan__build(p, func, elf->edges, elf->nr_edges);
	if (e == -ENOENT) {
		log_error("explain: %s calls nothing in %s: is that file the module %s is in "
			  "(%s)?\n", func, path, func, mod);
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
			  "takes the wakeref (the owner a report names)\n", func);
		goto out;
	}
	ret = 0;
out:
	modelf__close(elf);
	free(path);
	return ret;
}

struct explain_run *explain_run__start(const char *func, const char *mfile, struct kbtf *kb,
				       const struct ksyms *ks)
{
	struct explain_run *e = calloc(1, sizeof(*e));
	char why[512];

	if (!e) {
		log_error("explain: out of memory\n");
		return NULL;
	}
	/* a tracer closes its BTF once started (attach/tracer.c): read our own */
	if (!kb) {
		kb = e->own_kb = kbtf__open();
		if (!kb) {
			log_error("explain: cannot read the kernel's BTF\n");
			goto fail;
		}
	}
	if (plan(&e->plan, func, mfile, kb))
		goto fail;
	e->lp = leakpath__open(&e->plan, kb, ks, why, sizeof(why));
	if (!e->lp) {
		log_error("explain: %s\n", why);
		goto fail;
	}
	log_info("explaining %s [%s]: %u gets, %u puts, %u callees watched\n", func,
		 e->plan.module, lp_plan__watched(&e->plan, LP_ROLE_GET),
		 lp_plan__watched(&e->plan, LP_ROLE_PUT),
		 lp_plan__watched(&e->plan, LP_ROLE_CALLEE));
	return e;
fail:
	explain_run__stop(e);
	return NULL;
}

long long explain_run__finish(struct explain_run *e, FILE *out)
{
	struct lp_result r;

	if (leakpath__read(e->lp, &r)) {
		log_error("explain: cannot read the BPF maps\n");
		return -1;
	}
	leakpath__print(out, &e->plan, &r);
	fflush(out);
	return (long long)r.stats.leaks;
}

void explain_run__stop(struct explain_run *e)
{
	if (!e)
		return;
	leakpath__close(e->lp);
	lp_plan__free(&e->plan);
	kbtf__close(e->own_kb);
	free(e);
}
