/* SPDX-License-Identifier: GPL-2.0 */
/* parallel.h - run N independent jobs on a few threads (see parallel.c). */
#ifndef WR_LIB_PARALLEL_H
#define WR_LIB_PARALLEL_H

/*
 * FN(CTX, I) for every I in [0, N), on up to THREADS threads (this one
 * included), each taking the next I; returns when all are done.  With no
 * thread to start, this thread does them all, in order.  TOOK (NULL: not
 * wanted) gets the seconds each job took.
 */
void parallel__run(int n, int threads, void (*fn)(void *ctx, int i), void *ctx, double *took);

#endif
