/* SPDX-License-Identifier: GPL-2.0 */
/*
 * render.h - a report of an owner table as a string, with the kallsyms
 * fixture's symbols, for the report tests (include after unit.h and
 * events.h, which give FIXTURE, CHECK and test_clock).
 */
#ifndef WR_TEST_RENDER_H
#define WR_TEST_RENDER_H

#include <stdio.h>

#include "kernel/ksyms.h"
#include "output/report.h"

/* OT printed with OPTS (its format, filters, clock); the caller frees it */
static inline char *render_opts(const struct wr_owners *ot, struct report_opts opts)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CHECK(ks && f);
	report__print(f, ot, ks, &opts);
	fclose(f);
	ksyms__free(ks);
	return buf;
}

#endif /* WR_TEST_RENDER_H */
