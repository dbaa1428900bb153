/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hooks.h - every kernel function wakeref traces, as data (hooks.c): driver,
 * module, function, role, BPF program and fallback.  attach/plan.h resolves
 * the table against the running kernel.
 */
#ifndef WR_DRIVERS_HOOKS_H
#define WR_DRIVERS_HOOKS_H

#include <stdbool.h>
#include "wakeref.h"

enum wr_role {
	WR_ROLE_GET,		/* always takes a reference */
	WR_ROLE_GET_COND,	/* takes one only when it returns non-zero */
	WR_ROLE_PUT,
	WR_ROLE_LEARN,		/* PM core: names the device of a driver without BTF */
	WR_ROLE_ENTRY,		/* userfault/SVM state: observed at entry (fentry) */
	WR_ROLE_EXIT,		/* userfault/SVM state: observed at return (fexit) */
	WR_ROLE_OBJ,		/* links a get to its put: the object (WR_EV_OBJ) */
	WR_ROLE_PHASE,		/* a system sleep or unbind step (WR_EV_PHASE) */
};

/* What a WR_ROLE_PHASE row's function is, for the owner table (model/sleep.c). */
enum wr_phase {
	WR_PHASE_NONE = 0,
	WR_PHASE_SUSPEND,	/* system suspend callback, entry: what is held now */
	WR_PHASE_SUSPENDED,	/* its return: 0 means suspended until a resume */
	WR_PHASE_RESUME,	/* a system resume callback, entry: awake again */
	WR_PHASE_RELEASE,	/* end of unbind: what is held now is leaked */
};

/* wr_attach_point.flags */
#define WR_AP_WAKELOCK	(1u << 0)	/* i915 wakelock (vs raw) reference */
#define WR_AP_REQUIRED	(1u << 1)	/* a report is wrong without it */
#define WR_AP_COOKIE_ARG (1u << 2)	/* put: argument 2 is the cookie */
#define WR_AP_AT_RETURN	(1u << 3)	/* phase: seen at return (fexit, kretprobe) */
/*
 * A program that nothing else needs to load: when the object fails to load,
 * these rows are dropped first and the rest loaded again without them
 * (attach_plan__load_failed), so that it cannot take the other rows down.
 */
#define WR_AP_OPTIONAL	(1u << 4)

/* What stands in for fentry/fexit when they cannot be used. */
enum wr_fallback {
	WR_FB_NONE,
	WR_FB_KPROBE,		/* kprobe (puts) or kprobe + kretprobe (gets) by MOD:FUNC */
};

struct wr_attach_point {
	enum wr_hook hook;
	enum wr_driver drv;	/* its GPU driver; 0: the PM core or a shared helper */
	const char *module;	/* expected in: "i915", "xe", "drm_gpusvm_helper", "vmlinux" */
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
	/*
	 * WR_ROLE_OBJ: the object is argument OBJ_ARG (or, OBJ_RET, the return
	 * value), a pointer to member OBJ_MEMBER of struct OBJ_STRUCT when
	 * those are set (container_of, the offset from the module's BTF); a
	 * get (OBJ_PUT: a put) inside the function is for it.
	 */
	unsigned char obj_arg;
	bool obj_ret, obj_put;
	const char *obj_struct, *obj_member;
	/* WR_ROLE_PHASE: the step, and what its first argument is (wr_phase_arg) */
	enum wr_phase phase;
	unsigned char phase_arg;
};

extern const struct wr_attach_point wr_hooks[WR_HOOK__COUNT];

/*
 * Rows that do another row's job where both exist (GPU SVM wrappers): ROW is
 * traced only where PREFERRED is not.
 */
struct wr_superseded {
	enum wr_hook row, preferred;
};
extern const struct wr_superseded wr_superseded_rows[];
extern const int wr_nr_superseded_rows;

const struct wr_attach_point *hooks__find(const char *func);
/* A runtime-PM get or put row (not the PM core, not userfault/SVM state). */
bool hooks__is_rpm(const struct wr_attach_point *ap);
const char *hooks__role_name(enum wr_role role);
/* "suspend", "suspended", "resume", "release" */
const char *hooks__phase_name(enum wr_phase phase);
const char *hooks__fallback_name(enum wr_fallback fb);
/* "i915", "xe", "pm" for the PM core, else the module ("drm_gpusvm_helper", "vmlinux") */
const char *hooks__driver_label(const struct wr_attach_point *ap);

/* "owners", "userfault", "svm" */
const char *hooks__feature_name(unsigned int feature);
/* What a person calls its functions: "runtime-PM", "userfault", "GPU SVM" */
const char *hooks__feature_title(unsigned int feature);
/*
 * The modules whose functions the rows of FEATURES (0: all) trace, vmlinux
 * aside, each once, at most MAX into MODS; how many.  The GPU drivers'
 * modules come first, then the helpers (drm_gpusvm_helper), in the
 * table's order.
 */
int hooks__modules(unsigned int features, const char **mods, int max);
/* Parse "owners,userfault,svm" or "all"; -1 on an unknown name. */
int hooks__parse_features(const char *list, unsigned int *features);

#endif
