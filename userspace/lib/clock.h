/* SPDX-License-Identifier: GPL-2.0 */
/* clock.h - seconds on the monotonic clock and of CPU, for -v's timings. */
#ifndef WR_LIB_CLOCK_H
#define WR_LIB_CLOCK_H

#include <time.h>
#include <sys/resource.h>

static inline double clock_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* This thread's CPU time so far, in user space and in the kernel (-v's splits). */
static inline void clock_thread_cpu_s(double *user, double *sys)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru)) {
		*user = *sys = 0;
		return;
	}
	*user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
	*sys = ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

#endif
