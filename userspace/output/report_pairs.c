// SPDX-License-Identifier: GPL-2.0
/*
 * report_pairs.c - the "pair" lines of -f owners: for every put, which get
 * it ended, from the owner table's history of ended holds
 * (owners__keep_pairs()), in the order of the puts.
 *
 *   pairs kept=N cut=M
 *   pair DEV GET_NS PUT_NS FUNC KIND PAIRING GET_CPU PUT_CPU
 *   pair DEV - PUT_NS - KIND unmatched - PUT_CPU
 *
 * GET_NS and PUT_NS are the events' bpf_ktime_get_ns() (CLOCK_MONOTONIC):
 * a get's at its return, a put's at its entry, on CPU GET_CPU and PUT_CPU.
 * FUNC is the owner of the get, KIND wakelock or raw (i915) or xe, PAIRING
 * how the put was paired (exact, same-function, declared, learned,
 * fallback); an unmatched put ended a reference taken before tracing.  The history keeps the first
 * holds up to its bound: "cut" says how many puts came after it.  Nothing
 * is printed when the table keeps no history.
 */
#include <inttypes.h>

#include "kernel/ksyms.h"
#include "output/format.h"

static const char *hold_kind(const struct wr_hold *x)
{
	if (x->dev->driver == WR_DRV_XE)
		return "xe";
	return x->flags & WR_EVF_WAKELOCK ? "wakelock" : "raw";
}

void report__pair_lines(FILE *out, const struct wr_owners *ot, const struct ksyms *ks)
{
	const struct wr_history *h = &ot->history;
	size_t i;

	if (!h->enabled)
		return;
	fprintf(out, "pairs kept=%zu cut=%" PRIu64 "\n", h->nr_holds, h->dropped_holds);
	for (i = 0; i < h->nr_holds; i++) {
		const struct wr_hold *x = &h->holds[i];
		const char *dev = x->dev->name[0] ? x->dev->name : "?";
		const struct ksym *s;

		if (x->unmatched) {
			fprintf(out, "pair %s - %" PRIu64 " - %s unmatched - %u\n", dev, x->end_ns,
				hold_kind(x), x->put_cpu);
			continue;
		}
		s = x->caller ? ksyms__find(ks, x->caller) : NULL;
		fprintf(out, "pair %s %" PRIu64 " %" PRIu64 " %s %s %s %u %u\n", dev, x->start_ns,
			x->end_ns, s ? s->name : "?", hold_kind(x), owners__pairing_name(x->pairing),
			x->get_cpu, x->put_cpu);
	}
}
