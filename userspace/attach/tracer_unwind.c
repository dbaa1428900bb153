// SPDX-License-Identifier: GPL-2.0
/*
 * tracer_unwind.c - the fast unwinder (kernel/unwind.h) of an attached
 * tracer: the module watch (raw tracepoints module_load and module_free),
 * the rules learnt from the kernel's ORC tables, the programs switched
 * over, and what it did, said at the end.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "lib/log.h"
#include "lib/settings.h"
#include "kernel/kbtf.h"
#include "kernel/unwind.h"
#include "attach/tracer_int.h"
#include "wakeref.skel.h"

/* The fast unwinder's learner and module watch, gone. */
void tracer__stop_unwinder(struct tracer *t)
{
	int i;

	unwind__close(t->unwinder);
	t->unwinder = NULL;
	for (i = 0; i < 2; i++) {
		bpf_link__destroy(t->unwind_links[i]);
		t->unwind_links[i] = NULL;
	}
}

/*
 * The fast unwinder (unwind.h), once the programs are attached: watch module
 * loads and unloads, find the kernel's ORC tables, then switch the programs
 * over.  Anything missing leaves it off (WR_UNWIND_OFF: bpf_get_stack()
 * alone), saying why even without -v when there are fentry/fexit programs
 * it would have served, or the mode was asked for explicitly.
 */
void tracer__start_unwinder(struct tracer *t, const struct ksyms *ks)
{
	struct bpf_program *progs[2] = { tracer__prog(t, "wr_module_load"),
					 tracer__prog(t, "wr_module_free") };
	bool asked = settings__get(WR_SET_UNWIND) != NULL;
	int i, err;

	if (t->unwind_mode == WR_UNWIND_OFF) {
		snprintf(t->unwind_why, sizeof(t->unwind_why), "WAKEREF_UNWIND=off");
		return;
	}
	if (!progs[0] || !progs[1]) {
		snprintf(t->unwind_why, sizeof(t->unwind_why),
			 "no fentry/fexit program to walk stacks from");
		goto off;
	}
	for (i = 0; i < 2; i++) {
		t->unwind_links[i] = bpf_program__attach(progs[i]);
		if (!t->unwind_links[i]) {
			err = -errno;
			snprintf(t->unwind_why, sizeof(t->unwind_why),
				 "cannot watch module loads (raw tracepoint %s: %s)",
				 i ? "module_free" : "module_load", strerror(-err));
			goto off;
		}
	}
	t->unwinder = unwind__open(ks, kbtf__get(t->kbtf, NULL), t->map_fd[WR_MAP_UNWIND],
				   t->unwind_why, sizeof(t->unwind_why));
	if (!t->unwinder)
		goto off;
	err = unwind__set_mode(t->map_fd[WR_MAP_UNWIND], t->unwind_mode);
	if (err) {
		snprintf(t->unwind_why, sizeof(t->unwind_why), "cannot switch it on: %s",
			 strerror(-err));
		goto off;
	}
	log_verbose("fast unwinder: %s (rules from the kernel's ORC tables, stack read by %s)\n",
		    unwind__mode_name(t->unwind_mode),
		    t->probe_reads ? "bpf_probe_read_kernel" : "plain loads");
	return;
off:
	tracer__stop_unwinder(t);
	t->unwind_mode = WR_UNWIND_OFF;
	/* with fentry programs it would have run: say so, once, -v or not */
	if (log_is_verbose() || asked || t->nr_targets)
		log_warn("fast unwinder off, stacks cost more: %s\n", t->unwind_why);
}

/* -v, or when verifying: what the fast unwinder did. */
void tracer__say_unwinder(struct tracer *t)
{
	struct wr_unwind_stats us;
	uint64_t fast, slow, differ;

	if (!t->unwinder || (!log_is_verbose() && t->unwind_mode != WR_UNWIND_VERIFY))
		return;
	tracer__unwind_counts(t, &fast, &slow, &differ);
	unwind__stats(t->unwinder, &us);
	log_info("fast unwinder (%s): %llu stacks walked, %llu by bpf_get_stack; %llu rules "
		 "learnt, %llu addresses without one, %llu unreadable, %llu module changes; "
		 "%llu stacks differed\n", unwind__mode_name(t->unwind_mode),
		 (unsigned long long)fast, (unsigned long long)slow,
		 (unsigned long long)us.learnt, (unsigned long long)us.undescribed,
		 (unsigned long long)us.read_errors, (unsigned long long)us.generations,
		 (unsigned long long)differ);
}
