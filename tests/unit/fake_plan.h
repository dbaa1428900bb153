/* SPDX-License-Identifier: GPL-2.0 */
/* fake_plan.h - an attach plan as attach_plan__resolve() would make it, without a kernel. */
#ifndef WR_TEST_FAKE_PLAN_H
#define WR_TEST_FAKE_PLAN_H

#include <stdio.h>
#include <string.h>

#include "attach/plan.h"

/* Every row resolved as present in its own module ("xe", "i915", ...), tracepoints as TP. */
static inline void fake_plan(struct wr_ap_resolved *out, enum wr_tp_state tp)
{
	int i;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].ap = &wr_hooks[i];
		out[i].state = WR_AP_PRESENT;
		out[i].nr_modules = 1;
		out[i].fentry_err = 1;
		snprintf(out[i].module, sizeof(out[i].module), "%s", out[i].ap->module);
		out[i].tp_state = out[i].ap->tracepoint ? tp : WR_TP_NONE;
	}
}

#endif
