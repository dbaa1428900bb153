// SPDX-License-Identifier: GPL-2.0
/*
 * pairs.c - declared asynchronous pairs: gets and puts the drivers make in
 * different functions by design, matched by pair class.
 */
#include <stddef.h>

#include "drivers/pairs.h"

enum {
	PAIR_GT_PARK = 1,	/* __gt_unpark's display power, released by __gt_park */
	PAIR_GT_WAKEREF,	/* GT/engine wakeref: first get ... last put */
	PAIR_DISPLAY_ASYNC,	/* raw wakeref of an async display put ... its work */
	PAIR_WAKEREF_AUTO,	/* userfault timer: intel_wakeref_auto ... timeout */
	PAIR_DISPLAY,		/* display power domain get ... put */
	PAIR__COUNT
};

const struct wr_declared_pair wr_declared_pairs[] = {
	{ PAIR_GT_PARK, WR_SIDE_GET, NULL, "__gt_unpark", "GT unpark takes display power" },
	{ PAIR_GT_PARK, WR_SIDE_PUT, NULL, "__gt_park", "GT park puts it back (async)" },
	{ PAIR_GT_WAKEREF, WR_SIDE_GET, "__intel_wakeref_get_first", NULL, "first GT get" },
	{ PAIR_GT_WAKEREF, WR_SIDE_PUT, "____intel_wakeref_put_last", NULL, "last GT put" },
	{ PAIR_GT_WAKEREF, WR_SIDE_PUT, "__intel_wakeref_put_last", NULL, "last GT put" },
	{ PAIR_GT_WAKEREF, WR_SIDE_PUT, "__intel_wakeref_put_work", NULL, "async last GT put" },
	{ PAIR_DISPLAY_ASYNC, WR_SIDE_GET, "__intel_display_power_put_async", NULL,
	  "raw wakeref kept for a delayed display put" },
	{ PAIR_DISPLAY_ASYNC, WR_SIDE_PUT, "intel_display_power_put_async_work", NULL,
	  "the delayed put's work" },
	{ PAIR_DISPLAY_ASYNC, WR_SIDE_PUT, "intel_display_power_flush_work", NULL,
	  "a flush runs the delayed put" },
	{ PAIR_WAKEREF_AUTO, WR_SIDE_GET, "intel_wakeref_auto", NULL, "userfault wakeref" },
	{ PAIR_WAKEREF_AUTO, WR_SIDE_PUT, "wakeref_auto_timeout", NULL, "its timer" },
	{ PAIR_DISPLAY, WR_SIDE_GET, "intel_display_power_get", NULL, "display power get" },
	{ PAIR_DISPLAY, WR_SIDE_GET, "intel_display_power_get_if_enabled", NULL, "" },
	{ PAIR_DISPLAY, WR_SIDE_PUT, "intel_display_power_put_unchecked", NULL, "display put" },
	{ PAIR_DISPLAY, WR_SIDE_PUT, "intel_display_power_put", NULL, "" },
	{ PAIR_DISPLAY, WR_SIDE_PUT, "__intel_display_power_put_async", NULL, "async display put" },
};
const int wr_nr_declared_pairs = sizeof(wr_declared_pairs) / sizeof(wr_declared_pairs[0]);

const char *pairs__class_name(int pair_class)
{
	static const char *const names[PAIR__COUNT] = {
		[PAIR_GT_PARK] = "gt-unpark/park",
		[PAIR_GT_WAKEREF] = "gt-wakeref",
		[PAIR_DISPLAY_ASYNC] = "display-async-put",
		[PAIR_WAKEREF_AUTO] = "userfault-wakeref-auto",
		[PAIR_DISPLAY] = "display-power",
	};

	return pair_class > 0 && pair_class < PAIR__COUNT ? names[pair_class] : "none";
}
