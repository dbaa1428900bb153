// SPDX-License-Identifier: GPL-2.0
/*
 * attach_multi.c - the object rows (the functions that link a get to its
 * put, WR_ROLE_OBJ) in one kprobe_multi link per program: wr_obj_multi at
 * entry, wr_objret_multi at return, each address's cookie its row's hook.
 *
 * Attaching a kprobe is an update of the kernel's ftrace records under one
 * lock, as is its detach: nineteen object rows were nineteen of each (about
 * 0.9 s of a 5-6 s `ci -- true` under emulation, programs included), one
 * link is one.  Where the kernel's link holds the modules it probes
 * (struct bpf_kprobe_multi_link has "mods"; before that a module unloaded
 * under the link left its addresses in the ftrace filter); not for the
 * daemon, which pins a link per row, nor with WAKEREF_NO_KPROBE_MULTI=1.
 * The addresses are kallsyms' (the plan's): a bare name would be
 * ambiguous, xe and i915 both build the display code.  A link the kernel
 * refuses as a whole puts every object row back to a link of its own.
 */
#include <errno.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "lib/clock.h"
#include "lib/log.h"
#include "lib/settings.h"
#include "kernel/kbtf.h"
#include "kernel/ksyms.h"
#include "attach/tracer_int.h"

enum { MULTI_ENTRY, MULTI_RETURN };	/* t->multi[]: tracer__row_attached() knows */

/* Is row R in link K? */
static bool in_link(const struct wr_ap_resolved *r, int k)
{
	return r->multi && (r->mode == WR_MODE_KRETPROBE) == (k == MULTI_RETURN);
}

bool tracer__multi_usable(struct tracer *t)
{
	return !t->opts.link_per_row && !settings__on(WR_SET_NO_KPROBE_MULTI) &&
	       kbtf__member_offset(t->kbtf, NULL, "bpf_kprobe_multi_link", "mods") >= 0;
}

/* The program of link K, if some row is in it and it is loaded. */
static struct bpf_program *link_prog(const struct tracer *t, int k)
{
	int i;

	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (in_link(&t->plan[i], k))
			return tracer__prog(t, attach_plan__row_prog(&t->plan[i], false));
	return NULL;
}

static void attach_link(struct tracer *t, int k)
{
	unsigned long addrs[WR_HOOK__COUNT];
	__u64 cookies[WR_HOOK__COUNT];
	int rows[WR_HOOK__COUNT], n = 0, i, j, err;
	struct bpf_program *prog = link_prog(t, k);
	double t0, each;

	if (!prog || t->multi[k] || t->multi_err[k])
		return;
	if (!t->ks) {			/* no kallsyms: no addresses */
		t->multi_err[k] = -ENOENT;
		return;
	}
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &t->plan[i];
		uint64_t a;

		if (!in_link(r, k))
			continue;
		a = ksyms__addr(t->ks, r->ap->func, strcmp(r->module, "vmlinux") ? r->module : NULL);
		for (j = 0; j < n && addrs[j] != a; j++)
			;
		if (!a || j < n) {	/* gone, or a second row on one function: its own fate */
			t->attach_tried[i] = true;
			t->attach_err[i] = a ? -EEXIST : -ENOENT;
			continue;
		}
		addrs[n] = a;
		cookies[n] = i;
		rows[n++] = i;
	}
	if (!n)
		return;
	LIBBPF_OPTS(bpf_kprobe_multi_opts, o, .addrs = addrs, .cookies = cookies, .cnt = n,
		    .retprobe = k == MULTI_RETURN);
	t0 = clock_now_s();
	errno = 0;
	t->multi[k] = bpf_program__attach_kprobe_multi_opts(prog, NULL, &o);
	err = t->multi[k] ? 0 : errno ? -errno : -EINVAL;
	each = (clock_now_s() - t0) / n;	/* -v's per-row times: the link's, shared */
	t->multi_err[k] = err;
	for (j = 0; j < n; j++) {
		t->attach_tried[rows[j]] = true;
		t->attach_err[rows[j]] = err;
		t->attach_took[rows[j]] = each;
	}
}

void tracer__attach_multi(struct tracer *t)
{
	attach_link(t, MULTI_ENTRY);
	attach_link(t, MULTI_RETURN);
}

bool tracer__multi_refused(struct tracer *t)
{
	int k, i;

	for (k = 0; k < 2 && !t->multi_err[k]; k++)
		;
	if (k == 2)
		return false;
	log_verbose("the kernel refused a kprobe_multi link for the object rows (%s): "
		    "a kprobe each\n", strerror(-t->multi_err[k]));
	t->popts.kprobe_multi = false;
	for (i = 0; i < WR_HOOK__COUNT; i++)
		t->plan[i].multi = false;
	t->multi_err[0] = t->multi_err[1] = 0;
	return true;
}
