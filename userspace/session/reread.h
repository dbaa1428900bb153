/* SPDX-License-Identifier: GPL-2.0 */
/* reread.h - kallsyms read again in the background (see reread.c). */
#ifndef WR_SESSION_REREAD_H
#define WR_SESSION_REREAD_H

struct ksyms;
struct ks_reread;

/* Start reading PATH in a thread; NULL: not started (the caller reads it itself). */
struct ks_reread *reread__start(const char *path);
/*
 * Wait for it: the table (NULL: the read failed, and said why), *SECS how
 * long the read took.  R is gone after.
 */
struct ksyms *reread__finish(struct ks_reread *r, double *secs);
/* Not waited for: the thread frees what it read (a process about to fork or exit). */
void reread__abandon(struct ks_reread *r);

#endif
