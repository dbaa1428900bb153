// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - leak reports: the table of formats and the one entry point
 * that prints a report in any of them.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "output/format.h"
#include "output/rcache.h"
#include "output/report.h"
#include "output/select.h"

static const struct {
	const char *name;
	wr_format_fn *print;
	enum wr_keep keep;	/* what it prints of the history */
} formats[] = {
	[WR_FMT_TEXT] = { "text", report__text },
	[WR_FMT_OWNERS] = { "owners", report__owners, WR_KEEP_PAIRS },
	[WR_FMT_JSON] = { "json", report__json },
	[WR_FMT_JSONL] = { "jsonl", report__jsonl },
	[WR_FMT_FOLDED] = { "folded", report__folded },
	[WR_FMT_PERFETTO] = { "perfetto", report__perfetto, WR_KEEP_HISTORY },
	[WR_FMT_REF_TRACKER] = { "ref_tracker", report__ref_tracker },
};

int report__parse_format(const char *name, enum wr_format *fmt)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(name, formats[i].name)) {
			*fmt = i;
			return 0;
		}
	return -1;
}

enum wr_keep report__keeps(enum wr_format fmt)
{
	return fmt < sizeof(formats) / sizeof(formats[0]) ? formats[fmt].keep : WR_KEEP_NONE;
}

static void print_format(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
			 const struct report_opts *opts)
{
	static const struct wr_loss none;
	unsigned int f = opts->format;
	struct wr_selection sel = { opts->device, opts->pid };
	struct report_opts o = *opts;
	struct wr_selected *part;
	struct wr_rcache own;

	if (f >= sizeof(formats) / sizeof(formats[0]))
		f = WR_FMT_TEXT;
	rcache__init(&own);
	if (!o.cache)
		o.cache = &own;
	if (!select__any(&sel)) {
		rcache__sync(o.cache, ot, ks, o.allow);
		formats[f].print(out, ot, ks, &o, opts->loss ? opts->loss : &none);
		rcache__free(&own);
		return;
	}
	/*
	 * --device, --pid: the part of the table asked for, printed as a table
	 * of its own, made for this report (a copy of the table, its
	 * generation too): never the kept cache's
	 */
	o.cache = &own;
	part = malloc(sizeof(*part));
	if (!part || select__owners(ot, opts->gpus, &sel, part)) {
		log_error("out of memory for --device/--pid: the whole report follows\n");
		free(part);
		rcache__sync(o.cache, ot, ks, o.allow);
		formats[f].print(out, ot, ks, &o, opts->loss ? opts->loss : &none);
		rcache__free(&own);
		return;
	}
	if (opts->gpus)
		o.gpus = &part->gpus;
	rcache__sync(o.cache, &part->ot, ks, o.allow);
	formats[f].print(out, &part->ot, ks, &o, opts->loss ? opts->loss : &none);
	rcache__free(&own);
	select__free(part);
	free(part);
}

/*
 * The report, then the comparison with the kernel's ref_tracker when asked:
 * after the text report on its stream, else on stderr (JSON stays JSON).
 * The kernel tracks every owner: the comparison takes the whole table.
 */
void report__print(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
		   const struct report_opts *opts)
{
	print_format(out, ot, ks, opts);
	if (opts->ref_tracker)
		report__compare_ref_tracker(opts->format == WR_FMT_TEXT ? out : stderr, ot, ks,
					    opts);
}
