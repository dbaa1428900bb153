// SPDX-License-Identifier: GPL-2.0
/*
 * leakpath.c - load and attach bpf/leakpath.bpf.c for a plan (leakpath.h).
 *
 * Each slot program is loaded against one function of one BTF object (the
 * module's, never a bare name: i915 and xe share many), through section
 * handlers of its own ("wakeref.lp_entry", "wakeref.lp_exit"), so that it
 * loads whether or not a tracer has its fentry/fexit handlers registered.
 * libbpf loads every program of an object or none, so each callee is first
 * checked alone (kbtf__check_fentry()): one the kernel refuses is listed,
 * not loaded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "attach/handlers.h"
#include "attach/leakpath.h"
#include "kernel/kbtf.h"
#include "kernel/ksyms.h"
#include "lib/log.h"
#include "leakpath.skel.h"

#define LP_PROGS	(2 + LP_GET_SLOTS + LP_PUT_SLOTS + LP_CALLEE_SLOTS)

struct lp_target {
	struct bpf_program *prog;
	int btf_fd, btf_id;
	const char *what;		/* the function, for messages */
	struct lp_callee *callee;	/* NULL: FUNC */
};

struct leakpath {
	struct leakpath_bpf *skel;
	struct lp_plan *plan;
	struct lp_target targets[LP_PROGS];
	int nr_targets;
	struct bpf_link *links[LP_PROGS];
	int handlers[2];
};

/* "vmlinux", FUNC's module, else any module: where NAME's BTF is */
static bool find_module(struct kbtf *kb, const char *func_mod, const char *name, char *mod,
			size_t len)
{
	if (kbtf__has_func(kb, NULL, name)) {
		snprintf(mod, len, "vmlinux");
		return true;
	}
	if (kbtf__has_func(kb, func_mod, name)) {
		snprintf(mod, len, "%s", func_mod);
		return true;
	}
	return kbtf__find_func_module(kb, name, mod, len);
}

static enum lp_ret_kind ret_kind(const struct kbtf_ret *r)
{
	if (r->is_ptr)
		return LP_RET_PTR;
	if (!r->is_signed || r->is_bool)
		return LP_RET_NONE;
	if (r->size > 0 && r->size <= 4)
		return LP_RET_INT;
	return r->size == 8 ? LP_RET_LONG : LP_RET_NONE;
}

static const char *prog_name(enum lp_role role, int slot, char *buf, size_t len)
{
	static const char *const prefix[] = {
		[LP_ROLE_CALLEE] = "lp_callee", [LP_ROLE_GET] = "lp_get", [LP_ROLE_PUT] = "lp_put",
	};

	snprintf(buf, len, "%s_%d", prefix[role], slot);
	return buf;
}

/* One callee: its module, its kind, a slot, and whether the kernel allows it. */
static void resolve(struct leakpath *lp, struct kbtf *kb, const struct ksyms *ks,
		    struct lp_callee *c, int *next)
{
	static const int max[] = {
		[LP_ROLE_CALLEE] = LP_CALLEE_SLOTS, [LP_ROLE_GET] = LP_GET_SLOTS,
		[LP_ROLE_PUT] = LP_PUT_SLOTS,
	};
	struct kbtf_ret r;
	int err;

	if (!find_module(kb, lp->plan->module, c->name, c->module, sizeof(c->module))) {
		c->state = ksyms__addr(ks, c->name, NULL) ? LP_NO_BTF : LP_NOT_IN_KALLSYMS;
		return;
	}
	if (!kbtf__func_ret_type(kb, c->module, c->name, &r))
		snprintf(c->ret_type, sizeof(c->ret_type), "%s", r.name);
	if (c->role == LP_ROLE_CALLEE) {
		c->ret_kind = ret_kind(&r);
		if (c->ret_kind == LP_RET_NONE) {
			c->state = LP_NO_ERROR_RETURN;
			return;
		}
	}
	if (next[c->role] >= max[c->role]) {
		c->state = LP_NO_SLOT;
		return;
	}
	err = kbtf__check_fentry(kb, c->module, c->name, c->role != LP_ROLE_PUT);
	if (err) {
		c->state = LP_NOT_TRACEABLE;
		c->err = err;
		return;
	}
	c->state = LP_WATCHED;
	c->slot = next[c->role]++;
}

static int add_target(struct leakpath *lp, struct kbtf *kb, const char *prog, const char *mod,
		      const char *func, struct lp_callee *c)
{
	struct lp_target *tg = &lp->targets[lp->nr_targets];
	int err;

	tg->prog = bpf_object__find_program_by_name(lp->skel->obj, prog);
	if (!tg->prog)
		return -ENOENT;
	err = kbtf__target(kb, mod, func, &tg->btf_fd, &tg->btf_id);
	if (err)
		return err;
	tg->what = func;
	tg->callee = c;
	bpf_program__set_autoload(tg->prog, true);
	lp->nr_targets++;
	return 0;
}

static int prepare_load(struct bpf_program *prog, struct bpf_prog_load_opts *opts, long cookie)
{
	const struct leakpath *lp = (const struct leakpath *)cookie;
	int i;

	for (i = 0; i < lp->nr_targets; i++) {
		if (lp->targets[i].prog != prog)
			continue;
		opts->attach_btf_obj_fd = lp->targets[i].btf_fd;
		opts->attach_btf_id = lp->targets[i].btf_id;
		return 0;
	}
	return -EINVAL;
}

static int register_handlers(struct leakpath *lp)
{
	static const char *const sections[2] = { "wakeref.lp_entry", "wakeref.lp_exit" };
	static const enum bpf_attach_type types[2] = { BPF_TRACE_FENTRY, BPF_TRACE_FEXIT };
	LIBBPF_OPTS(libbpf_prog_handler_opts, hopts, .cookie = (long)lp,
		    .prog_prepare_load_fn = prepare_load);
	int i;

	for (i = 0; i < 2; i++) {
		lp->handlers[i] = handlers__register(sections[i], BPF_PROG_TYPE_TRACING, types[i],
						     &hopts);
		if (lp->handlers[i] <= 0)
			return -EINVAL;
	}
	return 0;
}

static int configure(struct leakpath *lp, struct kbtf *kb, const struct ksyms *ks)
{
	struct lp_plan *p = lp->plan;
	struct bpf_program *prog;
	int next[3] = {}, err;
	char name[32];
	size_t i;

	bpf_object__for_each_program(prog, lp->skel->obj)
		bpf_program__set_autoload(prog, false);
	err = add_target(lp, kb, "lp_func_entry", p->module, p->func, NULL);
	if (!err)
		err = add_target(lp, kb, "lp_func_exit", p->module, p->func, NULL);
	if (err)
		return err;
	for (i = 0; i < p->nr; i++) {
		struct lp_callee *c = &p->v[i];

		resolve(lp, kb, ks, c, next);
		if (c->state != LP_WATCHED)
			continue;
		if (c->role == LP_ROLE_CALLEE)
			lp->skel->rodata->callee_kind[c->slot] = c->ret_kind;
		else if (c->role == LP_ROLE_GET)
			lp->skel->rodata->get_kind[c->slot] = c->get_kind;
		err = add_target(lp, kb, prog_name(c->role, c->slot, name, sizeof(name)),
				 c->module, c->name, c);
		if (err) {
			c->state = LP_NOT_TRACEABLE;
			c->err = err;
			c->slot = -1;
		}
	}
	return 0;
}

static void attach(struct leakpath *lp)
{
	int i;

	for (i = 0; i < lp->nr_targets; i++) {
		struct lp_target *tg = &lp->targets[i];

		lp->links[i] = bpf_program__attach_trace(tg->prog);
		if (lp->links[i]) {
			log_verbose("explain: %s on %s\n", bpf_program__name(tg->prog), tg->what);
			continue;
		}
		if (tg->callee) {
			tg->callee->state = LP_ATTACH_FAILED;
			tg->callee->err = -(errno ? errno : EINVAL);
		}
	}
}

struct leakpath *leakpath__open(struct lp_plan *plan, struct kbtf *kb, const struct ksyms *ks,
				char *why, size_t len)
{
	struct leakpath *lp = calloc(1, sizeof(*lp));
	int err;

	if (!lp) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	lp->plan = plan;
	err = kbtf__check_fentry(kb, plan->module, plan->func, true);
	if (err) {
		snprintf(why, len, "%s [%s] cannot be traced (%s): is it inlined, or notrace?",
			 plan->func, plan->module, strerror(-err));
		goto fail;
	}
	if (register_handlers(lp)) {
		snprintf(why, len, "cannot register the BPF section handlers");
		goto fail;
	}
	lp->skel = leakpath_bpf__open();
	if (!lp->skel) {
		snprintf(why, len, "cannot open the BPF object: %s", strerror(errno));
		goto fail;
	}
	err = configure(lp, kb, ks);
	if (err) {
		snprintf(why, len, "cannot set up the BPF programs for %s: %s", plan->func,
			 strerror(-err));
		goto fail;
	}
	err = leakpath_bpf__load(lp->skel);
	if (err) {
		snprintf(why, len, "cannot load the BPF programs for %s: %s", plan->func,
			 strerror(-err));
		goto fail;
	}
	attach(lp);
	if (!lp->links[0] || !lp->links[1]) {
		snprintf(why, len, "cannot attach to %s [%s]: %s", plan->func, plan->module,
			 strerror(errno ? errno : EINVAL));
		goto fail;
	}
	return lp;
fail:
	leakpath__close(lp);
	return NULL;
}

int leakpath__read(struct leakpath *lp, struct lp_result *out)
{
	struct lp_path_key key, next, *prev = NULL;
	struct lp_path_val val;
	struct bpf_map *map = lp->skel->maps.paths;

	memset(out, 0, sizeof(*out));
	out->stats = lp->skel->bss->stats;
	while (!bpf_map__get_next_key(map, prev, &next, sizeof(next))) {
		key = next;
		prev = &key;
		if (bpf_map__lookup_elem(map, &key, sizeof(key), &val, sizeof(val), 0))
			continue;
		if (out->nr_paths == LP_MAX_PATHS)
			break;
		out->paths[out->nr_paths++] = (struct lp_leak){
			.slot = key.slot, .err = key.err, .leaks = val.leaks,
			.func_ret = val.func_ret,
		};
	}
	lp_result__sort(out);
	return 0;
}

void leakpath__close(struct leakpath *lp)
{
	int i;

	if (!lp)
		return;
	for (i = 0; i < LP_PROGS; i++)
		bpf_link__destroy(lp->links[i]);
	leakpath_bpf__destroy(lp->skel);
	for (i = 0; i < 2; i++)
		handlers__unregister(lp->handlers[i]);
	free(lp);
}
