// SPDX-License-Identifier: GPL-2.0
/*
 * The hook table (drivers/hooks.c) against the BPF objects built into the
 * binary: every program a row can be traced by, in every mode its fallback
 * order allows (attach_plan__prog()), is in both objects (wakeref_bpf and
 * the probe-read build wakeref_pr_bpf) in the section that mode needs.  A
 * misspelt or missing program would otherwise only show in a guest, as a
 * failed load.  The objects are opened from the skeletons' bytes, never
 * loaded: no privilege needed.
 */
#include <bpf/libbpf.h>

#include "attach/plan.h"
#include "wakeref.skel.h"
#include "wakeref_pr.skel.h"
#include "unit.h"

static struct bpf_object *objs[2];
static const char *const obj_names[2] = { "wakeref_bpf", "wakeref_pr_bpf" };

static void open_objects(void)
{
	const void *bytes[2];
	size_t len[2];
	int i;

	if (objs[0])
		return;
	bytes[0] = wakeref_bpf__elf_bytes(&len[0]);
	bytes[1] = wakeref_pr_bpf__elf_bytes(&len[1]);
	for (i = 0; i < 2; i++) {
		LIBBPF_OPTS(bpf_object_open_opts, o, .object_name = obj_names[i]);

		objs[i] = bpf_object__open_mem(bytes[i], len[i], &o);
		if (!objs[i]) {
			printf("    cannot open the embedded object %s\n", obj_names[i]);
			unit_failed = 1;
		}
	}
}

/* Row AP in MODE is traced by program PROG: in both objects, in section SEC. */
static void check_prog(const struct wr_attach_point *ap, enum wr_mode mode, const char *prog,
		       const char *sec)
{
	const struct bpf_program *p;
	int i;

	for (i = 0; i < 2 && objs[i]; i++) {
		p = prog ? bpf_object__find_program_by_name(objs[i], prog) : NULL;
		if (!p) {
			printf("    %s (%s): no program %s in %s\n", ap->func,
			       attach_plan__mode_name(mode), prog ? prog : "(none)", obj_names[i]);
			unit_failed = 1;
		} else if (strcmp(bpf_program__section_name(p), sec)) {
			printf("    %s (%s): program %s is SEC(\"%s\") in %s, the mode needs "
			       "\"%s\"\n", ap->func, attach_plan__mode_name(mode), prog,
			       bpf_program__section_name(p), obj_names[i], sec);
			unit_failed = 1;
		}
	}
}

/* What a row's role needs, said here apart from the plan: a get's result, a put's before. */
static const char *trampoline_section(const struct wr_attach_point *ap)
{
	switch (ap->role) {
	case WR_ROLE_GET:
	case WR_ROLE_GET_COND:
	case WR_ROLE_EXIT:
		return "fexit";
	case WR_ROLE_PUT:
	case WR_ROLE_ENTRY:
		return "fentry";
	case WR_ROLE_PHASE:
		/* a step seen at its return, else at its entry */
		return ap->flags & WR_AP_AT_RETURN ? "fexit" : "fentry";
	case WR_ROLE_LEARN:
	case WR_ROLE_OBJ:
		break;
	}
	return "(no fentry/fexit for this role)";
}

static void fentry_and_fexit_programs_exist(void)
{
	int i;

	open_objects();
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_attach_point *ap = &wr_hooks[i];
		enum wr_mode mode = attach_plan__trampoline_mode(ap);

		if (!ap->prog)
			continue;
		check_prog(ap, mode, attach_plan__prog(ap, mode, false), trampoline_section(ap));
		CHECK_STR(attach_plan__mode_name(mode), trampoline_section(ap));
	}
}

static void kprobe_programs_exist(void)
{
	int i;

	open_objects();
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_attach_point *ap = &wr_hooks[i];

		if (ap->fallback != WR_FB_KPROBE)
			continue;
		check_prog(ap, WR_MODE_KPROBE, attach_plan__prog(ap, WR_MODE_KPROBE, false),
			   "kprobe");
		/* gets return there; puts too when the devices are learnt */
		if (ap->role != WR_ROLE_LEARN)
			check_prog(ap, WR_MODE_KRETPROBE,
				   attach_plan__prog(ap, WR_MODE_KRETPROBE, true), "kretprobe");
	}
}

/* An object row in a kprobe_multi link: its program, in the multi sections. */
static void multi_programs_exist(void)
{
	struct wr_ap_resolved r = { 0 };
	int i, n = 0;

	open_objects();
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		r.ap = &wr_hooks[i];
		if (r.ap->role != WR_ROLE_OBJ)
			continue;
		r.multi = true;
		r.mode = r.ap->obj_ret ? WR_MODE_KRETPROBE : WR_MODE_KPROBE;
		check_prog(r.ap, r.mode, attach_plan__row_prog(&r, false),
			   r.ap->obj_ret ? "kretprobe.multi" : "kprobe.multi");
		n++;
	}
	CHECK(n > 0);
}

static void tracepoint_programs_exist(void)
{
	int i, n = 0;

	open_objects();
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_attach_point *ap = &wr_hooks[i];

		if (!ap->tracepoint)
			continue;
		check_prog(ap, WR_MODE_TRACEPOINT, attach_plan__prog(ap, WR_MODE_TRACEPOINT, false),
			   "tracepoint");
		CHECK(strchr(ap->tracepoint, ':'));	/* "system:event" */
		n++;
	}
	CHECK(n > 0);
}

/* A row without a program of its own can only be traced by its kprobe. */
static void every_row_has_a_way_in(void)
{
	int i;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_attach_point *ap = &wr_hooks[i];

		CHECK_EQ_U64(ap->hook, i);
		if (!ap->prog && ap->fallback != WR_FB_KPROBE) {
			printf("    %s: no BPF program and no fallback\n", ap->func);
			unit_failed = 1;
		}
	}
}

/* A fentry/fexit program is loaded against one target: no two rows may share it. */
static void no_two_rows_share_a_program(void)
{
	int i, j;

	for (i = 0; i < WR_HOOK__COUNT; i++)
		for (j = i + 1; j < WR_HOOK__COUNT; j++)
			if (wr_hooks[i].prog && wr_hooks[j].prog &&
			    !strcmp(wr_hooks[i].prog, wr_hooks[j].prog)) {
				printf("    %s and %s both name %s\n", wr_hooks[i].func,
				       wr_hooks[j].func, wr_hooks[i].prog);
				unit_failed = 1;
			}
}

UNIT_MAIN("hooks", T(fentry_and_fexit_programs_exist), T(kprobe_programs_exist),
	  T(multi_programs_exist),
	  T(tracepoint_programs_exist), T(every_row_has_a_way_in), T(no_two_rows_share_a_program))
