// SPDX-License-Identifier: GPL-2.0
/*
 * plan.c - the hook table resolved against the running kernel, and the
 * fallback order: fentry/fexit, else kprobe, else the row's tracepoint,
 * else none; at the start, and again when the kernel refuses an attach
 * or a load.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach/plan.h"
#include "lib/log.h"
#include "lib/settings.h"
#include "kernel/kbtf.h"
#include "kernel/ksyms.h"
#include "kernel/procmod.h"
#include "kernel/tracefs.h"

const char *attach_plan__state_name(enum wr_ap_state state)
{
	switch (state) {
	case WR_AP_ABSENT:	return "absent";
	case WR_AP_INLINED:	return "inlined";
	case WR_AP_NO_BTF:	return "no-btf";
	case WR_AP_PRESENT:	return "present";
	}
	return "?";
}

const char *attach_plan__mode_name(enum wr_mode mode)
{
	switch (mode) {
	case WR_MODE_NONE:	return "none";
	case WR_MODE_FENTRY:	return "fentry";
	case WR_MODE_FEXIT:	return "fexit";
	case WR_MODE_KPROBE:	return "kprobe";
	case WR_MODE_KRETPROBE:	return "kretprobe";
	case WR_MODE_TRACEPOINT: return "tracepoint";
	}
	return "?";
}

const char *attach_plan__prog(const struct wr_attach_point *ap, enum wr_mode mode, bool ret)
{
	switch (mode) {
	case WR_MODE_NONE:
		return NULL;
	case WR_MODE_FENTRY:
	case WR_MODE_FEXIT:
		return ap->prog;
	case WR_MODE_KPROBE:
	case WR_MODE_KRETPROBE:
		return ap->role == WR_ROLE_LEARN ? "wr_learn" : ret ? "wr_kretprobe" : "wr_kprobe";
	case WR_MODE_TRACEPOINT:
		return "wr_tp_rpm";
	}
	return NULL;
}

const char *attach_plan__row_prog(const struct wr_ap_resolved *r, bool ret)
{
	if (r->multi)
		return r->mode == WR_MODE_KRETPROBE ? "wr_objret_multi" : "wr_obj_multi";
	return attach_plan__prog(r->ap, r->mode, ret);
}

void attach_plan__multi_where_held(struct wr_ap_resolved plan[WR_HOOK__COUNT])
{
	int i, j;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct wr_ap_resolved *r = &plan[i];

		if (!r->multi || !strcmp(r->module, "vmlinux"))
			continue;
		for (j = 0; j < WR_HOOK__COUNT; j++)
			if ((plan[j].mode == WR_MODE_FENTRY || plan[j].mode == WR_MODE_FEXIT) &&
			    !strcmp(plan[j].module, r->module))
				break;
		r->multi = j < WR_HOOK__COUNT;
	}
}

bool attach_plan__has_return(const struct wr_ap_resolved *r)
{
	return attach_plan__is_kprobe(r->mode) && r->ap->role != WR_ROLE_LEARN && !r->multi;
}

void attach_plan__env_opts(struct wr_plan_opts *o)
{
	o->no_fentry |= settings__on(WR_SET_NO_FENTRY);
	o->no_module_btf |= settings__on(WR_SET_NO_MODULE_BTF);
	o->no_kprobe |= settings__on(WR_SET_NO_KPROBE);
}

/*
 * Where does FUNC live?  kallsyms names the module of every function that
 * exists as a symbol; the module named like the driver wins when several
 * modules define it (xe compiles the i915 display code).
 */
static void find_module(const struct ksyms *ks, const struct wr_attach_point *ap,
			struct wr_ap_resolved *r)
{
	const char *mods[8];
	int n = ksyms__modules_of(ks, ap->func, mods, 8), i;

	r->nr_modules = n;
	if (!n)
		return;
	strncpy(r->module, mods[0] ? mods[0] : "vmlinux", sizeof(r->module) - 1);
	for (i = 0; i < n && i < 8; i++)
		if (mods[i] && !strcmp(mods[i], ap->module))
			strncpy(r->module, mods[i], sizeof(r->module) - 1);
}

/*
 * No kallsyms yet (KS NULL): the first of the row's own module, the
 * modules that use DRM (a GPU driver built under another name) and vmlinux
 * whose BTF has FUNC; the tracer checks the guess against kallsyms before
 * anything attaches.
 */
#define GUESS_CORE	"drm"
#define GUESS_MAX	32

static void guess_module(struct kbtf *kb, const struct wr_attach_point *ap,
			 char (*users)[64], int nr_users, struct wr_ap_resolved *r)
{
	const char *found = NULL;
	int i;

	if (strcmp(ap->module, "vmlinux") && kbtf__defines_func(kb, ap->module, ap->func))
		found = ap->module;
	for (i = 0; !found && i < nr_users; i++)
		if (strcmp(users[i], ap->module) && kbtf__defines_func(kb, users[i], ap->func))
			found = users[i];
	if (!found && kbtf__has_func(kb, NULL, ap->func))
		found = "vmlinux";
	if (!found)
		return;
	snprintf(r->module, sizeof(r->module), "%.63s", found);
	r->nr_modules = 1;
}

/* The modules that use DRM, or use one that does (drm_gpusvm_helper, ttm, ...). */
static int drm_users(char (*users)[64])
{
	char more[GUESS_MAX][64];
	int n = procmod__holders(GUESS_CORE, users, GUESS_MAX), first = n, i, j, k, m;

	for (i = 0; i < first && n < GUESS_MAX; i++) {
		m = procmod__holders(users[i], more, GUESS_MAX);
		for (j = 0; j < m && n < GUESS_MAX; j++) {
			for (k = 0; k < n && strcmp(users[k], more[j]); k++)
				;
			if (k == n)
				memcpy(users[n++], more[j], sizeof(more[j]));
		}
	}
	return n;
}

bool attach_plan__same_row(const struct wr_ap_resolved *a, const struct wr_ap_resolved *b)
{
	return a->mode == b->mode && (a->mode == WR_MODE_NONE ||
				      (!strcmp(a->module, b->module) && a->obj_off == b->obj_off));
}

void attach_plan__resolve(struct kbtf *kb, const struct ksyms *ks,
			  struct wr_ap_resolved out[WR_HOOK__COUNT])
{
	char users[GUESS_MAX][64];
	int i, nr_users = ks ? 0 : drm_users(users);

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_attach_point *ap = &wr_hooks[i];
		struct wr_ap_resolved *r = &out[i];

		memset(r, 0, sizeof(*r));
		r->ap = ap;
		r->fentry_err = 1;
		r->tp_state = ap->tracepoint ? WR_TP_UNCHECKED : WR_TP_NONE;
		if (ks)
			find_module(ks, ap, r);
		else
			guess_module(kb, ap, users, nr_users, r);
		if (r->nr_modules) {
			const char *mod = strcmp(r->module, "vmlinux") ? r->module : NULL;

			r->state = kbtf__has_func(kb, mod, ap->func) ? WR_AP_PRESENT : WR_AP_NO_BTF;
			if (ap->obj_struct)
				r->obj_off = kbtf__member_offset(kb, mod, ap->obj_struct,
								 ap->obj_member);
		} else if (ks && kbtf__find_func_module(kb, ap->func, r->module,
							  sizeof(r->module))) {
			r->state = WR_AP_INLINED;
		} else {
			r->state = WR_AP_ABSENT;
		}
	}
}

static bool wanted(const struct wr_attach_point *ap, unsigned int features)
{
	return !features || (ap->feature & features);
}

enum wr_mode attach_plan__trampoline_mode(const struct wr_attach_point *ap)
{
	if (ap->role == WR_ROLE_PHASE)
		return ap->flags & WR_AP_AT_RETURN ? WR_MODE_FEXIT : WR_MODE_FENTRY;
	return ap->role == WR_ROLE_PUT || ap->role == WR_ROLE_ENTRY ? WR_MODE_FENTRY :
	       WR_MODE_FEXIT;
}

/*
 * Rows without a fallback are not checked one by one (under emulation each
 * check costs a program load): if one is refused, the load fails and
 * attach_plan__load_failed() checks and moves it then.
 */
void attach_plan__check_fentry(struct kbtf *kb, struct wr_ap_resolved out[WR_HOOK__COUNT])
{
	bool exit;
	int i;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct wr_ap_resolved *r = &out[i];

		if (r->state != WR_AP_PRESENT || !r->ap->prog || r->ap->fallback == WR_FB_NONE)
			continue;
		exit = attach_plan__trampoline_mode(r->ap) == WR_MODE_FEXIT;
		r->fentry_err = kbtf__check_fentry(kb, r->module, r->ap->func, exit);
	}
}

void attach_plan__check_tracepoints(struct wr_ap_resolved out[WR_HOOK__COUNT],
				    const char *tracefs)
{
	int i, err;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct wr_ap_resolved *r = &out[i];

		r->tp_why[0] = 0;
		if (!r->ap->tracepoint) {
			r->tp_state = WR_TP_NONE;
			continue;
		}
		if (!tracefs) {
			r->tp_state = WR_TP_ABSENT;
			snprintf(r->tp_why, sizeof(r->tp_why), "tracefs is not mounted");
			continue;
		}
		err = tracefs__check_rpm_event(tracefs, r->ap->tracepoint, r->tp_why,
					       sizeof(r->tp_why));
		r->tp_state = !err ? WR_TP_OK : err == -EPROTO ? WR_TP_BAD_FORMAT : WR_TP_ABSENT;
	}
}

/* kprobes unless they cannot be used, then the row's tracepoint if it can be */
static enum wr_mode fallback_mode(const struct wr_ap_resolved *r)
{
	const struct wr_attach_point *ap = r->ap;

	if (!r->no_kprobe[0] && ap->fallback == WR_FB_KPROBE)
		return ap->role == WR_ROLE_GET || ap->role == WR_ROLE_GET_COND ||
		       (ap->role == WR_ROLE_OBJ && ap->obj_ret) ||
		       (ap->role == WR_ROLE_PHASE && (ap->flags & WR_AP_AT_RETURN)) ?
		       WR_MODE_KRETPROBE : WR_MODE_KPROBE;
	if (ap->role != WR_ROLE_LEARN && r->tp_state == WR_TP_OK)
		return WR_MODE_TRACEPOINT;
	return WR_MODE_NONE;
}

/* Why the row's tracepoint cannot stand in for its kprobe. */
static void no_tracepoint(const struct wr_ap_resolved *r, char *buf, size_t len)
{
	switch (r->tp_state) {
	case WR_TP_NONE:
		snprintf(buf, len, "no tracepoint");
		break;
	case WR_TP_UNCHECKED:
		snprintf(buf, len, "tracepoint %s not checked", r->ap->tracepoint);
		break;
	case WR_TP_ABSENT:
		snprintf(buf, len, "no tracepoint %s on this kernel", r->ap->tracepoint);
		break;
	case WR_TP_BAD_FORMAT:
		snprintf(buf, len, "tracepoint %s refused: %s", r->ap->tracepoint, r->tp_why);
		break;
	case WR_TP_OK:
		snprintf(buf, len, "?");
		break;
	}
}

void attach_plan__kprobe_target(const struct wr_ap_resolved *r, char *buf, size_t len)
{
	if (!strcmp(r->module, "vmlinux"))
		snprintf(buf, len, "%s", r->ap->func);
	else
		snprintf(buf, len, "%s:%s", r->module, r->ap->func);
}

void attach_plan__describe(const struct wr_ap_resolved *r, char *buf, size_t len)
{
	bool both = r->mode == WR_MODE_KRETPROBE && !r->multi;
	char target[160];

	if (r->mode == WR_MODE_TRACEPOINT)
		snprintf(target, sizeof(target), "%s", r->ap->tracepoint);
	else
		snprintf(target, sizeof(target), "%s:%s", r->module, r->ap->func);
	/* a kprobe_multi row: its program's name says so (wr_obj_multi) */
	snprintf(buf, len, "%s%s%s to %s as %s", attach_plan__row_prog(r, false),
		 both ? "+" : "", both ? attach_plan__prog(r->ap, r->mode, true) : "", target,
		 attach_plan__mode_name(r->mode));
}

/* " by i915:func" for a kprobe, and a note when the name is in several modules */
static void where(const struct wr_ap_resolved *r, char *buf, size_t len)
{
	bool vmlinux = !strcmp(r->module, "vmlinux");
	char target[160];
	int n = 0;

	buf[0] = 0;
	if (attach_plan__is_kprobe(r->mode)) {
		attach_plan__kprobe_target(r, target, sizeof(target));
		n = snprintf(buf, len, ", by %s", target);
	} else if (!vmlinux)
		n = snprintf(buf, len, ", by %s's BTF object", r->module);
	if (r->nr_modules > 1 && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - n, " (the name is in %d modules: the driver's own is used)",
			 r->nr_modules);
}

/* "WHY: tracepoint xe:xe_pm_runtime_get (what it cannot tell)" */
static void tracepoint_why(struct wr_ap_resolved *r, const char *why)
{
	const char *caveat = r->ap->tp_caveat;

	snprintf(r->why, sizeof(r->why), "%s: tracepoint %s%s%s%s", why, r->ap->tracepoint,
		 caveat ? " (" : "", caveat ? caveat : "", caveat ? ")" : "");
}

/* Move row R to its fallback because of WHY (its mode's failure); false if it has none. */
static bool fall_back(struct wr_ap_resolved *r, const char *why)
{
	char loc[200];

	r->mode = fallback_mode(r);
	if (r->mode == WR_MODE_TRACEPOINT) {
		snprintf(loc, sizeof(loc), "%s, %s", why, r->no_kprobe);
		tracepoint_why(r, loc);
		return true;
	}
	if (r->mode == WR_MODE_NONE && r->no_kprobe[0] && r->ap->fallback == WR_FB_KPROBE) {
		no_tracepoint(r, loc, sizeof(loc));
		snprintf(r->why, sizeof(r->why), "%s, %s, and %s", why, r->no_kprobe, loc);
		return false;
	}
	if (r->mode == WR_MODE_NONE) {
		snprintf(r->why, sizeof(r->why), "%s, and no fallback", why);
		return false;
	}
	where(r, loc, sizeof(loc));
	snprintf(r->why, sizeof(r->why), "%s: %s%s", why, hooks__fallback_name(r->ap->fallback),
		 loc);
	return true;
}

int attach_plan__no_kprobes(struct wr_ap_resolved out[WR_HOOK__COUNT], const char *why)
{
	int i, n = 0;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct wr_ap_resolved *r = &out[i];

		snprintf(r->no_kprobe, sizeof(r->no_kprobe), "%s", why);
		if (attach_plan__is_kprobe(r->mode)) {
			if (r->ap->role == WR_ROLE_LEARN) {
				r->mode = WR_MODE_NONE;
				snprintf(r->why, sizeof(r->why), "%s: devices of modules without "
					 "BTF cannot be learnt", why);
			} else if ((r->mode = fallback_mode(r)) == WR_MODE_TRACEPOINT) {
				tracepoint_why(r, why);
			} else {
				char loc[160];

				no_tracepoint(r, loc, sizeof(loc));
				snprintf(r->why, sizeof(r->why), "%s, and %s", why, loc);
			}
		}
		n += r->mode != WR_MODE_NONE;
	}
	return n;
}

/* Errors that say kprobes cannot be used here at all, not just on one function. */
static bool kprobes_refused(int err)
{
	return err == -EPERM || err == -EACCES || err == -EOPNOTSUPP || err == -ENOSYS ||
	       err == -ENODEV;
}

/*
 * A kprobe of row R was refused with ERR: when kprobes cannot be used at
 * all, every kprobe row moves to its tracepoint or to none; otherwise this
 * row moves to its tracepoint if it has one.
 */
static enum wr_next kprobe_failed(struct wr_ap_resolved plan[WR_HOOK__COUNT],
				  struct wr_ap_resolved *r, int err)
{
	char why[96];

	if (kprobes_refused(err)) {
		log_warn("a kprobe on %s [%s] was refused (%s): no kprobes, tracepoints where rows "
			 "have one\n", r->ap->func, r->module, strerror(-err));
		snprintf(why, sizeof(why), "kprobes refused at attach (%s)", strerror(-err));
		return attach_plan__no_kprobes(plan, why) ? WR_NEXT_RELOAD : WR_NEXT_FAIL;
	}
	snprintf(r->no_kprobe, sizeof(r->no_kprobe), "kprobe refused at attach (%s)",
		 strerror(-err));
	if (r->tp_state == WR_TP_OK && fall_back(r, "no fentry")) {
		log_warn("cannot attach a kprobe to %s [%s]: %s; using tracepoint %s\n",
			 r->ap->func, r->module, strerror(-err), r->ap->tracepoint);
		return WR_NEXT_RELOAD;
	}
	log_error("cannot attach a kprobe to %s [%s]: %s\n", r->ap->func, r->module,
		  strerror(-err));
	return WR_NEXT_FAIL;
}

/* The fentry/fexit of row R refused at attach with ERR: its fallback, or not traced. */
static enum wr_next trampoline_failed(struct wr_ap_resolved *r, int err)
{
	char why[96];

	snprintf(why, sizeof(why), "%s refused at attach (%s)", attach_plan__mode_name(r->mode),
		 strerror(-err));
	log_warn("%s [%s]: %s\n", r->ap->func, r->module, why);
	if (fall_back(r, why))
		return WR_NEXT_RELOAD;
	/*
	 * No fallback (a view's row): not traced, as if absent.  Before 6.6
	 * no trampoline takes more than 6 arguments.
	 */
	if (r->ap->fallback == WR_FB_NONE) {
		log_warn("%s is not traced: %s\n", r->ap->func,
			 hooks__feature_name(r->ap->feature));
		return WR_NEXT_SKIP;
	}
	return WR_NEXT_FAIL;
}

enum wr_next attach_plan__attach_failed(struct wr_ap_resolved plan[WR_HOOK__COUNT], int hook,
					int err)
{
	struct wr_ap_resolved *r = &plan[hook];

	switch (r->mode) {
	case WR_MODE_FENTRY:
	case WR_MODE_FEXIT:
		return trampoline_failed(r, err);
	case WR_MODE_KPROBE:
	case WR_MODE_KRETPROBE:
		return kprobe_failed(plan, r, err);
	case WR_MODE_TRACEPOINT:	/* the last resort */
		log_error("cannot attach %s to tracepoint %s: %s (is tracefs mounted on "
			  "/sys/kernel/tracing?)\n", attach_plan__prog(r->ap, r->mode, false),
			  r->ap->tracepoint, strerror(-err));
		break;
	case WR_MODE_NONE:
		break;
	}
	return WR_NEXT_FAIL;
}

static bool is_trampoline(enum wr_mode mode)
{
	return mode == WR_MODE_FENTRY || mode == WR_MODE_FEXIT;
}

/* The kernel refuses the fentry/fexit of row R (ERR): its fallback, or not traced. */
/* Why the kernel refused MODE on row R: a module's BTF object needs CAP_SYS_ADMIN. */
static void refusal(const struct wr_ap_resolved *r, int err, const char *mode, char *why,
		    size_t len)
{
	if ((err == -EPERM || err == -EACCES) && r->module[0] && strcmp(r->module, "vmlinux"))
		snprintf(why, len, "%s impossible: the module's BTF object is opened by id, "
			 "which needs CAP_SYS_ADMIN", mode);
	else
		snprintf(why, len, "%s refused by the kernel (%s)", mode, strerror(-err));
}

static void trampoline_refused(struct wr_ap_resolved *r, int err)
{
	char why[96];

	r->fentry_err = err;
	refusal(r, err, attach_plan__mode_name(r->mode), why, sizeof(why));
	if (fall_back(r, why)) {
		log_warn("%s [%s]: %s\n", r->ap->func, r->module, r->why);
		return;
	}
	log_warn("%s [%s]: %s: %s is not traced there\n", r->ap->func, r->module, r->why,
		 hooks__feature_name(r->ap->feature));
}

/*
 * fentry/fexit rows are not checked one by one before a load (under
 * emulation each check costs a program load, and on a kernel that takes
 * them all the checks buy nothing): after a failed load, check them, and
 * move the ones the kernel refuses.  If none is refused, every fentry/fexit
 * row falls back.
 */
enum wr_next attach_plan__load_failed(struct wr_ap_resolved plan[WR_HOOK__COUNT], struct kbtf *kb,
				      int err)
{
	bool changed = false, fell_back = false;
	char why[96];
	int i, e;

	for (i = 0; i < WR_HOOK__COUNT && kb; i++) {
		struct wr_ap_resolved *r = &plan[i];

		if (!is_trampoline(r->mode))
			continue;
		e = kbtf__check_fentry(kb, r->module, r->ap->func, r->mode == WR_MODE_FEXIT);
		if (e >= 0)
			continue;
		trampoline_refused(r, e);
		changed = true;
	}
	if (changed)
		return WR_NEXT_RELOAD;
	/* the optional programs go first: the others may load without them */
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct wr_ap_resolved *r = &plan[i];

		if (!is_trampoline(r->mode) || !(r->ap->flags & WR_AP_OPTIONAL))
			continue;
		r->mode = WR_MODE_NONE;
		snprintf(r->why, sizeof(r->why), "the BPF programs failed to load (%s): "
			 "loaded again without %s", strerror(-err), r->ap->prog);
		changed = true;
	}
	if (changed) {
		log_warn("the BPF programs failed to load: %s; trying without the optional "
			 "ones\n", strerror(-err));
		return WR_NEXT_RELOAD;
	}
	snprintf(why, sizeof(why), "fentry programs failed to load (%s)", strerror(-err));
	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (is_trampoline(plan[i].mode))
			fell_back |= fall_back(&plan[i], why);
	log_error("the BPF programs failed to load: %s%s%s\n", strerror(-err),
		  err == -EPERM ? " (CO-RE against a module's types needs CAP_SYS_ADMIN besides "
				  "CAP_BPF and CAP_PERFMON: libbpf opens the kernel's BTF objects by "
				  "id; or a lockdown policy)" : "",
		  fell_back ? "; trying kprobes" : "");
	return fell_back ? WR_NEXT_RELOAD : WR_NEXT_FAIL;
}

/* The device of a kprobe on a module without BTF is learnt; a tracepoint names it. */
bool attach_plan__core_blind(const struct wr_ap_resolved *r)
{
	return r->mode != WR_MODE_NONE && r->mode != WR_MODE_TRACEPOINT &&
	       r->state == WR_AP_NO_BTF && r->ap->role != WR_ROLE_LEARN &&
	       r->ap->role != WR_ROLE_OBJ && r->ap->role != WR_ROLE_PHASE;
}

static void choose_driver_row(struct wr_ap_resolved *r, const struct wr_plan_opts *o)
{
	const struct wr_attach_point *ap = r->ap;
	char loc[128], why[96];

	r->mode = WR_MODE_NONE;
	r->no_kprobe[0] = 0;
	if (o->no_kprobe || o->kprobes_missing)
		snprintf(r->no_kprobe, sizeof(r->no_kprobe), "%s",
			 o->no_kprobe ? "kprobes disabled (--no-kprobe)" : o->kprobes_missing);
	if (!wanted(ap, o->features)) {
		snprintf(r->why, sizeof(r->why), "not requested (%s is not traced)",
			 hooks__feature_name(ap->feature));
		return;
	}
	switch (r->state) {
	case WR_AP_ABSENT:
		snprintf(r->why, sizeof(r->why), "%s", ap->flags & WR_AP_REQUIRED ?
			 "not in any loaded module" :
			 ap->feature == WR_FEAT_OWNERS && ap->role != WR_ROLE_PHASE ?
			 "not in this build (debug builds only)" :
			 "not in this kernel or driver version");
		return;
	case WR_AP_INLINED:
		snprintf(r->why, sizeof(r->why),
			 "in BTF, not in kallsyms: inlined or cloned by the compiler");
		return;
	case WR_AP_NO_BTF:
		fall_back(r, o->no_module_btf ? "module BTF hidden (WAKEREF_NO_MODULE_BTF)" :
				       "the module has no BTF (CONFIG_DEBUG_INFO_BTF_MODULES)");
		return;
	case WR_AP_PRESENT:
		break;
	}
	if (o->no_fentry) {
		fall_back(r, "fentry disabled (--no-fentry)");
		return;
	}
	if (r->fentry_err < 0) {
		refusal(r, r->fentry_err, "fentry", why, sizeof(why));
		fall_back(r, why);
		return;
	}
	r->mode = attach_plan__trampoline_mode(ap);
	where(r, loc, sizeof(loc));
	snprintf(r->why, sizeof(r->why), "BTF and a symbol%s%s", loc,
		 r->fentry_err ? "" : " (load checked)");
}

/*
 * An object row: by kprobe (its return by kretprobe) wherever the function
 * is, BTF or not, when the get or put it links is traced; a member's offset
 * (container_of) comes from the module's BTF.  Without it the class of the
 * pair (drivers/pairs.c) still pairs, by order.
 */
static void choose_obj_row(struct wr_ap_resolved *r, const struct wr_plan_opts *o)
{
	const struct wr_attach_point *ap = r->ap;
	char loc[128];

	r->mode = WR_MODE_NONE;
	r->multi = false;
	if (!wanted(ap, o->features)) {
		snprintf(r->why, sizeof(r->why), "not requested (owners are not traced)");
		return;
	}
	if (r->state == WR_AP_ABSENT || r->state == WR_AP_INLINED) {
		snprintf(r->why, sizeof(r->why), "%s", r->state == WR_AP_ABSENT ?
			 "not in this kernel or driver version" :
			 "in BTF, not in kallsyms: inlined or cloned by the compiler");
		return;
	}
	if (ap->obj_struct && r->obj_off < 0) {
		snprintf(r->why, sizeof(r->why), "no struct %s member %s in the module's BTF: "
			 "its puts pair by class", ap->obj_struct, ap->obj_member);
		return;
	}
	if (o->no_kprobe || o->kprobes_missing) {
		snprintf(r->why, sizeof(r->why), "%s: its gets and puts pair by class",
			 o->no_kprobe ? "kprobes disabled (--no-kprobe)" : o->kprobes_missing);
		return;
	}
	r->mode = ap->obj_ret ? WR_MODE_KRETPROBE : WR_MODE_KPROBE;
	r->multi = o->kprobe_multi;
	where(r, loc, sizeof(loc));
	snprintf(r->why, sizeof(r->why), "the object of its %s, by %s%s", ap->obj_put ? "put" :
		 "get", ap->obj_ret ? "return value" : "argument", loc);
}

static int drop_superseded_rows(struct wr_ap_resolved out[WR_HOOK__COUNT])
{
	size_t i;
	int n = 0;

	for (i = 0; i < (size_t)wr_nr_superseded_rows; i++) {
		struct wr_ap_resolved *r = &out[wr_superseded_rows[i].row];
		const struct wr_ap_resolved *p = &out[wr_superseded_rows[i].preferred];

		if (r->mode == WR_MODE_NONE || p->mode == WR_MODE_NONE)
			continue;
		r->mode = WR_MODE_NONE;
		snprintf(r->why, sizeof(r->why), "not needed: %s is traced and does the same",
			 p->ap->func);
		n++;
	}
	return n;
}

static bool is_view_row(const struct wr_ap_resolved *r)
{
	return r->ap->role == WR_ROLE_ENTRY || r->ap->role == WR_ROLE_EXIT;
}

/*
 * A view's rows in vmlinux (GPU SVM: the MMU interval notifier calls; the
 * userfault lists read at attach) only serve its driver rows: with none of
 * those traced (no drm_gpusvm here; for a row of one driver, none of that
 * driver's) they would trace every other user of the function for nothing.
 */
static int drop_orphan_vmlinux_rows(struct wr_ap_resolved out[WR_HOOK__COUNT])
{
	unsigned int with_driver_rows = 0, of_driver[WR_DRV_XE + 1] = { 0 };
	int i, n = 0;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		if (out[i].mode == WR_MODE_NONE || !is_view_row(&out[i]) ||
		    !strcmp(out[i].module, "vmlinux"))
			continue;
		with_driver_rows |= out[i].ap->feature;
		if (out[i].ap->drv <= WR_DRV_XE)
			of_driver[out[i].ap->drv] |= out[i].ap->feature;
	}
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct wr_ap_resolved *r = &out[i];
		unsigned int served = r->ap->drv && r->ap->drv <= WR_DRV_XE ?
				      of_driver[r->ap->drv] : with_driver_rows;

		if (r->mode == WR_MODE_NONE || !is_view_row(r) || strcmp(r->module, "vmlinux") ||
		    (served & r->ap->feature))
			continue;
		r->mode = WR_MODE_NONE;
		snprintf(r->why, sizeof(r->why), "not needed: no %s function of %s is traced",
			 hooks__feature_name(r->ap->feature),
			 r->ap->drv ? hooks__driver_label(r->ap) : "a driver");
		n++;
	}
	return n;
}

int attach_plan__choose(struct wr_ap_resolved out[WR_HOOK__COUNT], const struct wr_plan_opts *o)
{
	bool learn = false;
	int i, n = 0;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		if (out[i].ap->role == WR_ROLE_LEARN)
			continue;
		if (out[i].ap->role == WR_ROLE_OBJ) {
			choose_obj_row(&out[i], o);
			n += out[i].mode != WR_MODE_NONE;
			continue;
		}
		choose_driver_row(&out[i], o);
		learn |= attach_plan__core_blind(&out[i]);
		n += out[i].mode != WR_MODE_NONE;
	}
	n -= drop_superseded_rows(out);
	n -= drop_orphan_vmlinux_rows(out);
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct wr_ap_resolved *r = &out[i];

		if (r->ap->role != WR_ROLE_LEARN)
			continue;
		r->mode = WR_MODE_NONE;
		if (!wanted(r->ap, o->features))
			snprintf(r->why, sizeof(r->why), "not requested (owners are not traced)");
		else if (r->state == WR_AP_ABSENT || r->state == WR_AP_INLINED)
			snprintf(r->why, sizeof(r->why), "not in this kernel (inline)");
		else if (!learn)
			snprintf(r->why, sizeof(r->why),
				 "not needed: no traced driver module lacks BTF");
		else if (o->no_kprobe || o->kprobes_missing)
			snprintf(r->why, sizeof(r->why), "a traced module has no BTF, but %s: its "
				 "devices cannot be learnt", o->no_kprobe ?
				 "kprobes are disabled (--no-kprobe)" : o->kprobes_missing);
		else
			n += fall_back(r, "a traced module has no BTF, its devices are "
						    "learnt here");
	}
	return n;
}
