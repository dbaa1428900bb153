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
	WR_ROLE_LEARN,		/* PM core: names the device of a driver without BTF */
	WR_ROLE_ENTRY,		/* userfault/SVM state: observed at entry (fentry) */
	WR_ROLE_EXIT,		/* userfault/SVM state: observed at return (fexit) */
};

/* wr_attach_point.flags */
#define WR_AP_WAKELOCK	(1u << 0)	/* i915 wakelock (vs raw) reference */
#define WR_AP_REQUIRED	(1u << 1)	/* a report is wrong without it */
#define WR_AP_COOKIE_ARG (1u << 2)	/* put: argument 2 is the cookie */

/* What stands in for fentry/fexit when they cannot be used. */
enum wr_fallback {
	WR_FB_NONE,
	WR_FB_KPROBE,		/* kprobe (puts) or kprobe + kretprobe (gets) by MOD:FUNC */
};

struct wr_attach_point {
	enum wr_hook hook;
	const char *driver;	/* logical driver: "i915", "xe"; "pm" for the PM core */
	const char *func;	/* kernel function */
	const char *prog;	/* fentry/fexit program in wakeref.bpf.c, NULL: none */
	enum wr_role role;
	unsigned int flags;
	enum wr_fallback fallback;
	enum wr_ret_kind ret;	/* what a get returns, for the kretprobe */
	unsigned int feature;	/* enum wr_feature: the view the row feeds */
	/*
	 * "SYSTEM:EVENT" traced by wr_tp_rpm when neither fentry nor kprobes
	 * can be used (NULL: none), and what that tracepoint cannot tell.
	 */
	const char *tracepoint;
	const char *tp_caveat;
};

enum wr_ap_state {
	WR_AP_ABSENT,		/* neither in BTF nor in kallsyms: not this driver/kernel */
	WR_AP_INLINED,		/* BTF knows it, kallsyms does not: inlined or cloned */
	WR_AP_NO_BTF,		/* in kallsyms, but the module has no BTF: no fentry */
	WR_AP_PRESENT,		/* fentry/fexit can attach */
};

/* How a row is traced on this kernel. */
enum wr_mode {
	WR_MODE_NONE,
	WR_MODE_FENTRY,
	WR_MODE_FEXIT,
	WR_MODE_KPROBE,		/* entry only */
	WR_MODE_KRETPROBE,	/* entry kprobe + kretprobe */
	WR_MODE_TRACEPOINT,	/* the row's tracepoint, by wr_tp_rpm */
};

/* Whether the row's tracepoint can be used (attach_plan__check_tracepoints()). */
enum wr_tp_state {
	WR_TP_NONE,		/* the row names no tracepoint */
	WR_TP_UNCHECKED,
	WR_TP_ABSENT,		/* not in tracefs: not this kernel or driver version */
	WR_TP_BAD_FORMAT,	/* its fields are not where wr_tp_rpm reads them */
	WR_TP_OK,
};

struct wr_ap_resolved {
	const struct wr_attach_point *ap;
	enum wr_ap_state state;
	char module[64];	/* "vmlinux" or the module that has the function */
	int nr_modules;		/* >1: the name exists in several modules */
	int fentry_err;		/* fentry load check: 0 fine, -errno refused, 1 not checked */
	enum wr_mode mode;	/* set by attach_plan__choose() */
	char why[384];		/* why that mode */
	enum wr_tp_state tp_state;
	char tp_why[96];	/* what is wrong with the tracepoint, for WR_TP_BAD_FORMAT */
	char no_kprobe[96];	/* why kprobes cannot be used, "": they can */
};

/* What attach_plan__choose() may use. */
struct wr_plan_opts {
	bool no_fentry;		/* fallbacks only: --no-fentry, WAKEREF_NO_FENTRY=1 */
	bool no_module_btf;	/* act as if no module had BTF: WAKEREF_NO_MODULE_BTF=1 */
	bool no_kprobe;		/* no kprobes: --no-kprobe, WAKEREF_NO_KPROBE=1 */
	const char *kprobes_missing;	/* why this kernel has no kprobes (kprobes__check()) */
	unsigned int features;	/* enum wr_feature to trace; 0: all */
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
/* A runtime-PM get or put row (not the PM core, not userfault/SVM state). */
bool attach_plan__is_rpm_hook(const struct wr_attach_point *ap);
const char *attach_plan__role_name(enum wr_role role);
const char *attach_plan__state_name(enum wr_ap_state state);

const char *attach_plan__mode_name(enum wr_mode mode);
const char *attach_plan__fallback_name(enum wr_fallback fb);

/* The options set in the environment (WAKEREF_NO_FENTRY, _NO_MODULE_BTF, _NO_KPROBE). */
void attach_plan__env_opts(struct wr_plan_opts *o);

/*
 * Resolve every row against the running kernel's BTF and kallsyms (KB hides
 * module BTF if asked to, see kbtf__hide_modules()).  fentry_err is left
 * "not checked": see attach_plan__check_fentry().
 */
void attach_plan__resolve(struct kbtf *kb, const struct ksyms *ks,
			  struct wr_ap_resolved out[WR_HOOK__COUNT]);

/*
 * Ask the kernel whether fentry/fexit loads on every present row that has a
 * fallback (root only; wakeref doctor).
 */
void attach_plan__check_fentry(struct kbtf *kb, struct wr_ap_resolved out[WR_HOOK__COUNT]);

/* "owners", "userfault", "svm" */
const char *attach_plan__feature_name(unsigned int feature);
/* Parse "owners,userfault,svm" or "all"; -1 on an unknown name. */
int attach_plan__parse_features(const char *list, unsigned int *features);

/*
 * Choose each row's mode, and say why: fentry/fexit when the function has BTF
 * and fentry is neither disabled nor refused, else the row's fallback; the
 * PM core rows only when a traced driver module has no BTF.  Returns the
 * number of rows traced.
 */
int attach_plan__choose(struct wr_ap_resolved out[WR_HOOK__COUNT], const struct wr_plan_opts *o);

/*
 * Whether each row's tracepoint is in tracefs under TRACEFS (NULL: tracefs
 * cannot be found) with the layout wr_tp_rpm reads.
 */
void attach_plan__check_tracepoints(struct wr_ap_resolved out[WR_HOOK__COUNT],
				    const char *tracefs);

/* Force row R to its fallback (fentry failed later on); false if it has none. */
bool attach_plan__fall_back(struct wr_ap_resolved *r, const char *why);

/*
 * Kprobes cannot be used (WHY, e.g. "kprobe refused at attach (...)"): every
 * row in a kprobe mode moves to its tracepoint, or to none.  Returns the rows
 * still traced.
 */
int attach_plan__no_kprobes(struct wr_ap_resolved out[WR_HOOK__COUNT], const char *why);

/* A traced row whose module's structs CO-RE cannot see. */
bool attach_plan__core_blind(const struct wr_ap_resolved *r);

#endif
