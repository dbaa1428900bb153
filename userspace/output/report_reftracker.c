// SPDX-License-Identifier: GPL-2.0
/*
 * report_reftracker.c - `-f ref_tracker`: the owners as a debug kernel's
 * ref_tracker prints its directory (lib/ref_tracker.c, 6.8+, whose
 * /sys/kernel/debug/ref_tracker files i915's intel_runtime_pm uses): per
 * stack
 *
 *   <class>@<dir> has <N>/<M> users at
 *       <frame as %pS>
 *       ...
 *   <empty line>
 *
 * N the owners with that stack, M all the device's owners, each frame
 * after five spaces: stack_depot_snprint(..., 4) prints "%*c%pS\n" with a
 * width of 1 + 4 (kernel/stacktrace.c's stack_trace_snprint()).  The directory is
 * wakeref's device key printed as an unhashed %p (16 hex digits), the class
 * the driver's runtime-PM one.  The kernel log's copy adds "ref_tracker: "
 * before each header; this is the debugfs form.  Filters apply as in text.
 */
#include <inttypes.h>

#include "kernel/ksyms.h"
#include "model/groups.h"
#include "model/site.h"
#include "output/filter.h"
#include "output/format.h"

static const char *class_of(uint8_t driver)
{
	return driver == WR_DRV_XE ? "xe_pm_runtime" : "intel_runtime_pm";
}

void report__ref_tracker(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
			 const struct report_opts *opts, const struct wr_loss *loss)
{
	const struct wr_device *d;
	char sym[256];
	size_t i;
	uint32_t k;

	(void)loss;
	for (d = ot->devices; d; d = d->next) {
		struct wr_groups g;

		if (!d->nr_owners || groups__build(d, &g))
			continue;
		for (i = 0; i < g.nr; i++) {
			const struct wr_owner *o = g.v[i].oldest;

			if (!filter__group_shown(opts, &g.v[i], ks))
				continue;
			fprintf(out, "%s@%016" PRIx64 " has %zu/%" PRIu64 " users at\n",
				class_of(d->driver), d->obj, g.v[i].n, d->nr_owners);
			for (k = 0; k < o->nr_frames; k++) {
				site__snprint_frame(ks, o->frames, k, sym, sizeof(sym));
				fprintf(out, "%*c%s\n", 1 + 4, ' ', sym);
			}
			fputc('\n', out);
		}
		groups__free(&g);
	}
}
