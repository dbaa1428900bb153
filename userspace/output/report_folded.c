// SPDX-License-Identifier: GPL-2.0
/*
 * report_folded.c - outstanding owners as folded stacks for flame graphs
 * (flamegraph.pl, inferno): "DEVICE;root;...;leaf COUNT", one line per
 * distinct stack, weighted by the number of wakerefs it holds.
 */
#include <string.h>

#include "model/groups.h"
#include "kernel/ksyms.h"
#include "output/filter.h"
#include "output/format.h"

/* frame names without offsets; ';' would split a frame, so it becomes ':' */
static void put_frame(FILE *out, const struct ksyms *ks, uint64_t ip)
{
	const struct ksym *s = ksyms__find(ks, ip);
	const char *p;

	fputc(';', out);
	if (!s) {
		fprintf(out, "0x%llx", (unsigned long long)ip);
		return;
	}
	for (p = s->name; *p; p++)
		fputc(*p == ';' ? ':' : *p, out);
	if (ksym__module(s))
		fprintf(out, " [%s]", ksym__module(s));
}

void report__folded(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
		    const struct report_opts *opts, const struct wr_loss *loss)
{
	const struct wr_device *d;
	size_t i;

	for (d = ot->devices; d; d = d->next) {
		struct wr_groups g;

		if (groups__build(d, &g))
			continue;
		for (i = 0; i < g.nr; i++) {
			const struct wr_owner *o = g.v[i].oldest;
			uint32_t f;

			if (!filter__group_shown(opts, &g.v[i], ks))
				continue;
			fputs(d->name[0] ? d->name : "?", out);
			for (f = o->nr_frames; f-- > 0;)
				put_frame(out, ks, o->frames[f]);
			fprintf(out, " %zu\n", g.v[i].n);
		}
		groups__free(&g);
	}
}
