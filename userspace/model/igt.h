/* SPDX-License-Identifier: GPL-2.0 */
/*
 * igt.h - in which igt test and subtest a wakeref was taken, from the
 * markers igt writes to the kernel log (lib/igt_core.c, igt_kmsg()):
 *
 *   [IGT] <test>: executing
 *   [IGT] <test>: starting subtest <subtest>
 *   [IGT] <test>: starting dynamic subtest <dynamic>
 *   [IGT] <test>: finished subtest <subtest>, <RESULT>
 *   [IGT] <test>: exiting, ret=<n>
 *
 * Each marker is kept with its time; a time then falls in the last test,
 * subtest and dynamic subtest begun and not yet ended before it.
 */
#ifndef WR_IGT_H
#define WR_IGT_H

#include <stddef.h>
#include <stdint.h>

#define WR_IGT_NAME	128

struct wr_igt_span {
	uint64_t start_ns, end_ns;	/* CLOCK_MONOTONIC; end 0: not ended */
	char name[3 * WR_IGT_NAME];	/* "test", "test@subtest", "test@subtest@dynamic" */
	char result[16];		/* "finished subtest S, RESULT" / "ret=N"; "" unknown */
};

struct wr_igt {
	struct wr_igt_span *v;
	size_t nr, cap;
	/* what is running now: indexes into v, -1 none */
	long test, subtest, dynamic;
};

void igt__init(struct wr_igt *g);
void igt__free(struct wr_igt *g);
/* A kernel log message MSG at TS_NS; 1 if it was an igt marker, 0 if not, -ENOMEM. */
int igt__marker(struct wr_igt *g, uint64_t ts_ns, const char *msg);
/* The innermost span running at TS_NS, or NULL (outside every test). */
const struct wr_igt_span *igt__at(const struct wr_igt *g, uint64_t ts_ns);

#endif
