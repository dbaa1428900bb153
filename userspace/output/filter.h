/* SPDX-License-Identifier: GPL-2.0 */
/* filter.h - which owners a report shows (--min-age, the allowlist). */
#ifndef WR_OUTPUT_FILTER_H
#define WR_OUTPUT_FILTER_H

#include <stdbool.h>

struct report_opts;
struct wr_group;
struct ksyms;

/* Whether a group passes --min-age and the allowlist. */
bool filter__group_shown(const struct report_opts *opts, const struct wr_group *g,
			 const struct ksyms *ks);

#endif
