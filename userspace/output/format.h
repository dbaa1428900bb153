/* SPDX-License-Identifier: GPL-2.0 */
/*
 * format.h - the report formats: one function each, all of one signature,
 * listed in report.c's table of formats.  Not for outside output/.
 */
#ifndef WR_OUTPUT_FORMAT_H
#define WR_OUTPUT_FORMAT_H

#include <stdio.h>

#include "output/report.h"

typedef void wr_format_fn(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
			  const struct report_opts *opts, const struct wr_loss *loss);

wr_format_fn report__text;	/* report_text.c */
wr_format_fn report__owners;	/* report_text.c */
wr_format_fn report__json;	/* report_json.c */
wr_format_fn report__jsonl;	/* report_json.c */
wr_format_fn report__folded;	/* report_folded.c */
wr_format_fn report__perfetto;	/* report_perfetto.c */
wr_format_fn report__ref_tracker;	/* report_reftracker.c */

/* --compare-ref-tracker: after any format (rtcompare.c) */
void report__compare_ref_tracker(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
				 const struct report_opts *opts);

/* -f owners: which get each put ended (report_pairs.c) */
void report__pair_lines(FILE *out, const struct wr_owners *ot, const struct ksyms *ks);

#endif
