/* SPDX-License-Identifier: GPL-2.0 */
/* report_int.h - what the report formats share; not for outside report*.c. */
#ifndef WR_REPORT_INT_H
#define WR_REPORT_INT_H

#include "model/groups.h"
#include "output/report.h"

/* Whether a group passes --min-age and the allowlist. */
bool report__group_shown(const struct report_opts *opts, const struct wr_group *g,
			 const struct ksyms *ks);

void report__json(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
		  const struct report_opts *opts, const struct wr_loss *loss);
void report__jsonl(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
		   const struct report_opts *opts, const struct wr_loss *loss);
void report__perfetto(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
		      const struct report_opts *opts);
void report__folded(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
		    const struct report_opts *opts);

#endif
