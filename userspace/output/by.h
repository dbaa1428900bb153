/* SPDX-License-Identifier: GPL-2.0 */
/*
 * by.h - `--by ioctl|pid|module`: a device's shown owners (the filters of
 * the report applied) counted per key, biggest first.  Not for outside
 * output/.
 */
#ifndef WR_OUTPUT_BY_H
#define WR_OUTPUT_BY_H

#include <stddef.h>

#include "model/who.h"
#include "output/report.h"

struct wr_by_count {
	char key[160];
	size_t n;
	const struct wr_owner *oldest;
};

struct wr_by_counts {
	struct wr_by_count *v;
	size_t nr;
};

/* 0, or -ENOMEM */
int by__count(const struct wr_device *d, const struct ksyms *ks, const struct report_opts *opts,
	      struct wr_by_counts *bc);
void by__free(struct wr_by_counts *bc);

#endif
