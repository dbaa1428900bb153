/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plan.h - the hook table (drivers/hooks.h) resolved against the running
 * kernel: per row, whether the function is there, in which module, whether
 * fentry can reach it, and the mode it is traced in (the fallback order:
 * fentry/fexit, then kprobe, then the row's tracepoint, then none).  The
 * order is decided here only: the tracer loads and attaches what the plan
 * says, and when the kernel refuses something it tells the plan, which
 * moves rows down the order and says what the tracer does next.
 */
#ifndef WR_ATTACH_PLAN_H
#define WR_ATTACH_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "drivers/hooks.h"

struct ksyms;
struct kbtf;

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
	int obj_off;		/* WR_ROLE_OBJ: the member's offset in its struct, -errno */
	bool multi;		/* an object row in the one kprobe_multi link of its kind */
};

/* What attach_plan__choose() may use. */
struct wr_plan_opts {
	bool no_fentry;		/* fallbacks only: --no-fentry, WAKEREF_NO_FENTRY=1 */
	bool no_module_btf;	/* act as if no module had BTF: WAKEREF_NO_MODULE_BTF=1 */
	bool no_kprobe;		/* no kprobes: --no-kprobe, WAKEREF_NO_KPROBE=1 */
	const char *kprobes_missing;	/* why this kernel has no kprobes (kprobes__check()) */
	bool kprobe_multi;	/* object rows by one kprobe_multi link (attach/attach_multi.c) */
	unsigned int features;	/* enum wr_feature to trace; 0: all */
};

const char *attach_plan__state_name(enum wr_ap_state state);

/*
 * Would row A load and attach the same programs as row B: the same mode,
 * and unless untraced the same module and member offset (a plan guessed
 * from BTF against the one kallsyms gives, tracer.c).
 */
bool attach_plan__same_row(const struct wr_ap_resolved *a, const struct wr_ap_resolved *b);

const char *attach_plan__mode_name(enum wr_mode mode);

/* The options set in the environment (WAKEREF_NO_FENTRY, _NO_MODULE_BTF, _NO_KPROBE). */
void attach_plan__env_opts(struct wr_plan_opts *o);

/*
 * Resolve every row against the running kernel's BTF and kallsyms (KB hides
 * module BTF if asked to, see kbtf__hide_modules()).  fentry_err is left
 * "not checked": see attach_plan__check_fentry().  KS NULL: a guess from
 * BTF alone (the row's module, else vmlinux; never "inlined").
 */
void attach_plan__resolve(struct kbtf *kb, const struct ksyms *ks,
			  struct wr_ap_resolved out[WR_HOOK__COUNT]);

/*
 * Ask the kernel whether fentry/fexit loads on every present row that has a
 * fallback (root only; wakeref doctor).
 */
void attach_plan__check_fentry(struct kbtf *kb, struct wr_ap_resolved out[WR_HOOK__COUNT]);

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

/*
 * Kprobes cannot be used (WHY, e.g. "kprobe refused at attach (...)"): every
 * row in a kprobe mode moves to its tracepoint, or to none.  Returns the rows
 * still traced.
 */
int attach_plan__no_kprobes(struct wr_ap_resolved out[WR_HOOK__COUNT], const char *why);

static inline bool attach_plan__is_kprobe(enum wr_mode mode)
{
	return mode == WR_MODE_KPROBE || mode == WR_MODE_KRETPROBE;
}

/* What a kprobe on row R is put on: "i915:intel_runtime_pm_get", a bare vmlinux name. */
void attach_plan__kprobe_target(const struct wr_ap_resolved *r, char *buf, size_t len);

/*
 * Row R as attached, for -v (the guest tests read it): "wr_kprobe+wr_kretprobe
 * to i915:intel_runtime_pm_get as kretprobe", "wr_tp_rpm to xe:xe_pm_runtime_put
 * as tracepoint".
 */
void attach_plan__describe(const struct wr_ap_resolved *r, char *buf, size_t len);

/* fentry for puts and entry state (before the call), fexit for the rest (its result). */
enum wr_mode attach_plan__trampoline_mode(const struct wr_attach_point *ap);

/*
 * The BPF program that traces row AP in MODE (RET: at return, a kprobe
 * mode's kretprobe); NULL for WR_MODE_NONE.  Tested against both BPF
 * objects (tests/unit/test_hooks.c).
 */
const char *attach_plan__prog(const struct wr_attach_point *ap, enum wr_mode mode, bool ret);
/* The program of row R as planned: a kprobe_multi row's own (one, no return), else the above. */
const char *attach_plan__row_prog(const struct wr_ap_resolved *r, bool ret);
/*
 * An object row stays in the kprobe_multi link only where that link's hold
 * on its module changes nothing: in vmlinux, or in a module a fentry/fexit
 * row holds already (a trampoline does).  A module traced by kprobes alone
 * can be unloaded under wakeref (the daemon follows it); the link would
 * refuse that.  Called before each load, after any fallback.
 */
void attach_plan__multi_where_held(struct wr_ap_resolved plan[WR_HOOK__COUNT]);
/* Does row R load a second program for its return (a kretprobe's)? */
bool attach_plan__has_return(const struct wr_ap_resolved *r);

/* What the tracer does once it told the plan that something failed. */
enum wr_next {
	WR_NEXT_RELOAD,		/* rows moved to another mode: unload, then load and attach again */
	WR_NEXT_SKIP,		/* the row is not traced now: go on with the others */
	WR_NEXT_FAIL,		/* nothing left to fall back to: stop, with the error */
};

/*
 * Row HOOK could not be attached in its mode (ERR, -errno): the plan moves
 * it down the fallback order (every kprobe row, when kprobes cannot be used
 * at all), says so and why, and what the tracer does next.
 */
enum wr_next attach_plan__attach_failed(struct wr_ap_resolved plan[WR_HOOK__COUNT], int hook,
					int err);

/*
 * The BPF object failed to load (ERR): the fentry/fexit rows the kernel
 * refuses (asked through KB; NULL: not asked) move to their fallback, or,
 * if none is refused, every fentry/fexit row does.
 */
enum wr_next attach_plan__load_failed(struct wr_ap_resolved plan[WR_HOOK__COUNT], struct kbtf *kb,
				      int err);

/* A traced row whose module's structs CO-RE cannot see. */
bool attach_plan__core_blind(const struct wr_ap_resolved *r);

#endif
