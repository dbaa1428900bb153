// SPDX-License-Identifier: GPL-2.0
/*
 * tailcall.c - the trampolines of the tail callers (drivers/tailcallers.c):
 * each function of the table that this kernel has, in its driver's module
 * (or in the one module that stands in for it, the simulated driver), gets
 * an empty fexit program of bpf/wr_tailcall.bpf.h, so that the put it
 * jumps to returns just after a direct call of it (see there).
 *
 * A trampoline only helps the pairing: a function the kernel lacks, or
 * refuses (no BTF, not traceable, the slots used up), is skipped with a
 * verbose line, and a trampoline that fails to attach with a warning; its
 * puts are then paired as its callers', as without it (WR_EVF_CALL_UNSEEN).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "lib/log.h"
#include "lib/settings.h"
#include "kernel/kbtf.h"
#include "drivers/tailcallers.h"
#include "attach/tailcall.h"
#include "attach/tracer_int.h"
#include "wakeref.skel.h"

/*
 * The module that holds ROW's function: the driver's own, else one that is
 * no driver of the table (the simulated driver); false if none.
 */
static bool module_of(struct kbtf *kb, const struct wr_tail_caller *row, char *mod, size_t len)
{
	size_t i;

	if (kbtf__has_func(kb, row->module, row->func)) {
		snprintf(mod, len, "%s", row->module);
		return true;
	}
	if (!kbtf__find_func_module(kb, row->func, mod, len) || !strcmp(mod, "vmlinux"))
		return false;
	for (i = 0; i < wr_nr_tail_callers; i++)
		if (!strcmp(mod, wr_tail_callers[i].module))
			return false;
	return true;
}

int tracer__configure_tails(struct tracer *t)
{
	char name[32];
	size_t i;

	t->nr_tails = 0;
	if (t->opts.no_fentry || kbtf__modules_hidden(t->kbtf) ||
	    settings__on(WR_SET_NO_TAIL_REPAIR))
		return 0;
	for (i = 0; i < wr_nr_tail_callers; i++) {
		const struct wr_tail_caller *row = &wr_tail_callers[i];
		struct tracer_target *tg = &t->targets[t->nr_targets];
		char *mod = t->tail_modules[t->nr_tails];
		struct bpf_program *prog;
		int err;

		if (!module_of(t->kbtf, row, mod, sizeof(t->tail_modules[0])))
			continue;
		if (t->nr_tails >= WR_TAIL_SLOTS) {
			log_verbose("no trampoline slot left for %s [%s]\n", row->func, mod);
			continue;
		}
		err = kbtf__check_fentry(t->kbtf, mod, row->func, true);
		if (!err)
			err = kbtf__target(t->kbtf, mod, row->func, &tg->btf_fd, &tg->btf_id);
		if (err) {
			log_verbose("no trampoline for %s [%s]: %s\n", row->func, mod,
				    strerror(-err));
			continue;
		}
		snprintf(name, sizeof(name), "wr_tail_%d", t->nr_tails);
		prog = bpf_object__find_program_by_name(t->skel->obj, name);
		if (!prog) {
			log_error("internal error: no BPF program %s\n", name);
			return -ENOENT;
		}
		bpf_program__set_autoload(prog, true);
		tg->prog = prog;
		t->nr_targets++;
		t->tail_rows[t->nr_tails++] = row;
	}
	return 0;
}

void tracer__attach_tails(struct tracer *t)
{
	char name[32];
	int i;

	for (i = 0; i < t->nr_tails; i++) {
		struct bpf_program *prog;

		snprintf(name, sizeof(name), "wr_tail_%d", i);
		prog = tracer__prog(t, name);
		t->tail_links[i] = prog ? bpf_program__attach_trace(prog) : NULL;
		if (!t->tail_links[i]) {
			log_warn("cannot attach the trampoline of %s [%s]: %s; its tail-called "
				 "put is paired as its callers'\n", t->tail_rows[i]->func,
				 t->tail_modules[i], strerror(errno ? errno : EINVAL));
			continue;
		}
		t->nr_tail_links++;
		log_verbose("attached wr_tail_%d to %s:%s as fexit (its put, a tail call, "
			    "is put back)\n", i, t->tail_modules[i], t->tail_rows[i]->func);
	}
}

void tracer__detach_tails(struct tracer *t)
{
	int i;

	for (i = 0; i < WR_TAIL_SLOTS; i++) {
		bpf_link__destroy(t->tail_links[i]);
		t->tail_links[i] = NULL;
	}
	t->nr_tails = 0;
	t->nr_tail_links = 0;
}
