/* SPDX-License-Identifier: GPL-2.0 */
/*
 * explain.h - what to say when a plan traces nothing at all: which view
 * was asked for, why each of its functions cannot be traced, and which
 * modules would provide them (from drivers/hooks.c's rows).
 */
#ifndef WR_ATTACH_EXPLAIN_H
#define WR_ATTACH_EXPLAIN_H

#include "attach/plan.h"

/*
 * The message for PLAN chosen for FEATURES (enum wr_feature; 0: all), one
 * line per function, without the "wakeref: " prefix; malloc()ed, NULL when
 * out of memory.
 */
char *explain__nothing_traced(const struct wr_ap_resolved plan[WR_HOOK__COUNT],
			      unsigned int features);

#endif
