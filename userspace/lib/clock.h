/* SPDX-License-Identifier: GPL-2.0 */
/* clock.h - seconds on the monotonic clock, for -v's timings. */
#ifndef WR_LIB_CLOCK_H
#define WR_LIB_CLOCK_H

#include <time.h>

static inline double clock_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
