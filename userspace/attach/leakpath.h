/* SPDX-License-Identifier: GPL-2.0 */
/*
 * leakpath.h - the BPF object of `--explain FUNC` (bpf/leakpath.bpf.c),
 * resolved, loaded and attached from a plan (leakpath_plan.h): fentry and
 * fexit on FUNC, fexit on its gets and its other callees, fentry on its
 * puts.  Apart from the tracer: it runs with or without one.
 */
#ifndef WR_ATTACH_LEAKPATH_H
#define WR_ATTACH_LEAKPATH_H

#include <stddef.h>

#include "attach/leakpath_plan.h"

struct kbtf;
struct ksyms;
struct leakpath;

/*
 * Resolve PLAN's callees against the running kernel (each one's module,
 * return type, whether a trampoline is allowed on it, its slot), then load
 * and attach.  A callee that cannot be watched says why in PLAN; FUNC
 * itself must attach.  NULL with one line in WHY (what is wrong, what to
 * do) on failure.
 */
struct leakpath *leakpath__open(struct lp_plan *plan, struct kbtf *kb, const struct ksyms *ks,
				char *why, size_t len);
/* What the programs counted so far.  0, or -errno. */
int leakpath__read(struct leakpath *lp, struct lp_result *out);
void leakpath__close(struct leakpath *lp);

#endif
