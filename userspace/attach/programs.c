// SPDX-License-Identifier: GPL-2.0
/*
 * programs.c - which BPF programs load, and against what: the ones the plan
 * names for each row's mode (attach_plan__prog()), each fentry/fexit one
 * against the BTF object and type of its function, and the per-hook table
 * the generic kprobe and tracepoint programs read (hook_info).
 */
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib/log.h"
#include "kernel/kbtf.h"
#include "kernel/unwind.h"
#include "attach/handlers.h"
#include "attach/tailcall.h"
#include "attach/tracer_int.h"
#include "wakeref.skel.h"

/*
 * fentry/fexit programs are loaded against the BTF object of the module the
 * plan chose, never by a bare name: libbpf 1.1 has no "fentry/MOD:FUNC" and
 * would bind a name that several modules define (xe compiles i915's display
 * code) to whichever module BTF it finds first.  The section handlers below
 * replace libbpf's own for SEC("fentry") and SEC("fexit") while a tracer
 * runs (their cookie is the tracer) and put each program's target in its
 * load attributes.
 */
static int prepare_fentry(struct bpf_program *prog, struct bpf_prog_load_opts *opts, long cookie)
{
	struct tracer *t = (struct tracer *)cookie;
	int i;

	/* libbpf loads in table order: every program before PROG is loaded */
	tracer__load_progress(t, prog);
	for (i = 0; i < t->nr_targets; i++) {
		/* the skeleton's program, loaded by one of the halves (split_load.c) */
		if (strcmp(bpf_program__name(t->targets[i].prog), bpf_program__name(prog)))
			continue;
		opts->attach_btf_obj_fd = t->targets[i].btf_fd;
		opts->attach_btf_id = t->targets[i].btf_id;
		return 0;
	}
	log_error("internal error: BPF program %s has no target\n", bpf_program__name(prog));
	return -EINVAL;
}

int tracer__register_targets(struct tracer *t)
{
	static const char *const sections[2] = { "fentry", "fexit" };
	static const enum bpf_attach_type types[2] = { BPF_TRACE_FENTRY, BPF_TRACE_FEXIT };
	LIBBPF_OPTS(libbpf_prog_handler_opts, hopts, .cookie = (long)t,
		    .prog_prepare_load_fn = prepare_fentry);
	int i, id;

	for (i = 0; i < 2; i++) {
		id = handlers__register(sections[i], BPF_PROG_TYPE_TRACING, types[i], &hopts);
		if (id <= 0) {
			tracer__unregister_targets(t);
			log_error("cannot register the fentry section handlers\n");
			return -EINVAL;
		}
		t->target_handlers[i] = id;
	}
	return 0;
}

void tracer__unregister_targets(struct tracer *t)
{
	int i;

	for (i = 0; i < 2; i++) {
		handlers__unregister(t->target_handlers[i]);
		t->target_handlers[i] = 0;
	}
}

static struct wr_hook_info hook_info_of(const struct wr_ap_resolved *r)
{
	const struct wr_attach_point *ap = r->ap;
	struct wr_hook_info hi = {};

	switch (ap->role) {
	case WR_ROLE_GET:
	case WR_ROLE_GET_COND:
		hi.kind = WR_HK_GET;
		break;
	case WR_ROLE_PUT:
		hi.kind = WR_HK_PUT;
		break;
	case WR_ROLE_LEARN:
		hi.kind = WR_HK_LEARN;
		break;
	case WR_ROLE_ENTRY:
	case WR_ROLE_EXIT:
		hi.kind = WR_HK_NONE;	/* fentry/fexit only */
		break;
	case WR_ROLE_OBJ:
		hi.kind = ap->obj_ret ? WR_HK_OBJ_RET : WR_HK_OBJ_ARG;
		hi.obj_arg = ap->obj_arg;
		hi.obj_off = ap->obj_struct && r->obj_off > 0 ? r->obj_off : 0;
		break;
	case WR_ROLE_PHASE:
		hi.kind = ap->flags & WR_AP_AT_RETURN ? WR_HK_PHASE_RET : WR_HK_PHASE;
		hi.phase_arg = ap->phase_arg;
		break;
	}
	/* the PM core and helper rows have no driver: their events are i915's */
	hi.driver = ap->drv ? ap->drv : WR_DRV_I915;
	hi.ret = ap->ret;
	hi.flags = (ap->flags & WR_AP_WAKELOCK ? WR_HI_WAKELOCK : 0) |
		   (ap->flags & WR_AP_COOKIE_ARG ? WR_HI_COOKIE_ARG : 0);
	return hi;
}

/* Program NAME loads; NULL if the object has none (test_hooks checks that it has). */
static struct bpf_program *load_prog(struct tracer *t, const char *name)
{
	struct bpf_program *prog = name ? bpf_object__find_program_by_name(t->skel->obj, name) :
				       NULL;

	if (!prog) {
		log_error("internal error: no BPF program %s\n", name ? name : "(none named)");
		return NULL;
	}
	bpf_program__set_autoload(prog, true);
	return prog;
}

/* PROG, row R's fentry/fexit program, loads against R's function. */
static int add_target(struct tracer *t, const struct wr_ap_resolved *r,
		      const struct bpf_program *prog)
{
	struct tracer_target *tg = &t->targets[t->nr_targets];
	int err = kbtf__target(t->kbtf, r->module, r->ap->func, &tg->btf_fd, &tg->btf_id);

	if (err) {
		/* EPERM: no CAP_SYS_ADMIN for the module's BTF object; the row falls back */
		if (err != -EPERM && err != -EACCES)
			log_error("cannot target %s in %s: %s\n", r->ap->func, r->module,
				  strerror(-err));
		return err;
	}
	tg->prog = prog;
	t->nr_targets++;
	return 0;
}

int tracer__configure_programs(struct tracer *t, bool *learn)
{
	struct bpf_program *prog;
	bool unwinder;
	int i, err;

	*learn = false;
	t->nr_targets = 0;
	attach_plan__multi_where_held(t->plan);
	bpf_object__for_each_program(prog, t->skel->obj)
		bpf_program__set_autoload(prog, false);
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &t->plan[i];

		t->skel->rodata->hook_info[i] = hook_info_of(r);
		*learn |= attach_plan__core_blind(r);
		if (r->mode == WR_MODE_NONE)
			continue;
		prog = load_prog(t, attach_plan__row_prog(r, false));
		if (!prog)
			return -ENOENT;
		/* a kprobe row's return: a get's result, a put's when devices are learnt */
		if (attach_plan__has_return(r) && !load_prog(t, attach_plan__row_prog(r, true)))
			return -ENOENT;
		if (r->mode == WR_MODE_FENTRY || r->mode == WR_MODE_FEXIT) {
			err = add_target(t, r, prog);
			if (err)
				return err;
		}
	}
	err = tracer__configure_tails(t);
	if (err)
		return err;
	/* the fast unwinder's module watch, when there is a trampoline to walk from */
	unwinder = t->nr_targets && t->unwind_mode != WR_UNWIND_OFF;
	bpf_program__set_autoload(t->skel->progs.wr_module_load, unwinder);
	bpf_program__set_autoload(t->skel->progs.wr_module_free, unwinder);
	t->skel->rodata->learn_devices = *learn;
	return 0;
}
