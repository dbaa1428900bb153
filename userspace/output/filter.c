// SPDX-License-Identifier: GPL-2.0
/* filter.c - which owners a report shows: --min-age and the allowlist. */
#include "kernel/ksyms.h"
#include "model/allowlist.h"
#include "model/groups.h"
#include "output/filter.h"
#include "output/report.h"

bool filter__group_shown(const struct report_opts *opts, const struct wr_group *g,
			 const struct ksyms *ks)
{
	const struct wr_owner *o = g->oldest;
	uint64_t age = opts->now_ns > o->ts_ns ? opts->now_ns - o->ts_ns : 0;
	const struct ksym *owner = o->caller ? ksyms__find(ks, o->caller) : NULL;

	if (age < opts->min_age_ns)
		return false;
	return !allowlist__match(opts->allow, owner ? owner->name : NULL, groups__via(ks, o), age);
}
