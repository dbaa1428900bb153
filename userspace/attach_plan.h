/* SPDX-License-Identifier: GPL-2.0 */
/*
 * attach_plan.h - every kernel function wakeref traces, as data: driver,
 * function, role, BPF program and fallback.  attach_plan.c holds the table;
 * resolving it against the running kernel says, per row, whether the function
 * is there, in which module, and whether fentry can reach it.
 */
#ifndef WR_ATTACH_PLAN_H
#define WR_ATTACH_PLAN_H

#include <stdbool.h>
#include "wakeref.h"

struct ksyms;
struct kbtf;

enum wr_role {
	WR_ROLE_GET,		/* always takes a reference */
	WR_ROLE_GET_COND,	/* takes one only when it returns non-zero */
	WR_ROLE_PUT,
};

/* wr_attach_point.flags */
#define WR_AP_WAKELOCK	(1u << 0)	/* i915 wakelock (vs raw) reference */
#define WR_AP_REQUIRED	(1u << 1)	/* a report is wrong without it */

struct wr_attach_point {
	enum wr_hook hook;
	const char *driver;	/* logical driver: "i915", "xe" */
	const char *func;	/* kernel function */
	const char *prog;	/* BPF program in wakeref.bpf.c */
	enum wr_role role;
	unsigned int flags;
	const char *fallback;	/* what to use when fentry cannot attach, or NULL */
};

enum wr_ap_state {
	WR_AP_ABSENT,		/* neither in BTF nor in kallsyms: not this driver/kernel */
	WR_AP_INLINED,		/* BTF knows it, kallsyms does not: inlined or cloned */
	WR_AP_NO_BTF,		/* in kallsyms, but the module has no BTF: no fentry */
	WR_AP_PRESENT,		/* fentry/fexit can attach */
};

struct wr_ap_resolved {
	const struct wr_attach_point *ap;
	enum wr_ap_state state;
	char module[64];	/* "vmlinux" or the module that has the function */
	int nr_modules;		/* >1: the name exists in several modules */
};

extern const struct wr_attach_point wr_attach_plan[WR_HOOK__COUNT];

/*
 * Driver API functions that wrap the traced entry points (display power,
 * GT wakeref, the userfault timer, ...).  An event's owner is the first frame
 * above the entry point that is none of these: the code that asked.
 */
bool attach_plan__is_api(const char *func);

/*
 * Declared asynchronous pairs: gets and puts that the drivers make in
 * different functions by design.  A row says that a get (or put) whose API
 * chain contains API, or whose owner is CALLER, belongs to pair class CLASS.
 * Earlier rows win.
 */
enum wr_pair_side { WR_SIDE_GET, WR_SIDE_PUT };

struct wr_declared_pair {
	int pair_class;			/* >= 1 */
	enum wr_pair_side side;
	const char *api;		/* match an API function of the chain, or */
	const char *caller;		/* match the owner/releasing function */
	const char *what;
};

extern const struct wr_declared_pair wr_declared_pairs[];
extern const int wr_nr_declared_pairs;
const char *attach_plan__pair_class_name(int pair_class);

const struct wr_attach_point *attach_plan__find(const char *func);
const char *attach_plan__role_name(enum wr_role role);
const char *attach_plan__state_name(enum wr_ap_state state);

/* Resolve every row against the running kernel's BTF and kallsyms. */
void attach_plan__resolve(struct kbtf *kb, const struct ksyms *ks,
			  struct wr_ap_resolved out[WR_HOOK__COUNT]);

#endif
