/* SPDX-License-Identifier: GPL-2.0 */
/*
 * symbols_bg.h - kallsyms read on a thread of its own while a session
 * starts (about 1 s under emulation, beside the programs' load).
 */
#ifndef WR_SESSION_SYMBOLS_BG_H
#define WR_SESSION_SYMBOLS_BG_H

#include <pthread.h>
#include <stdbool.h>

struct ksyms;

struct symbols_bg {
	pthread_t th;
	bool started;		/* a thread reads */
	bool done;		/* symbols_bg__wait() has its result */
	const char *path;
	struct ksyms *ks;	/* NULL: unreadable (said) */
	double took;
	double user, sys;	/* the reading thread's CPU time */
};

/*
 * Start reading PATH on a thread (THREAD false: the daemon, which waits for
 * it at once); without one, symbols_bg__wait() reads it itself.
 */
void symbols_bg__start(struct symbols_bg *b, const char *path, bool thread);
/* The table (NULL: unreadable, said on stderr), once read; the caller's to free. */
struct ksyms *symbols_bg__wait(struct symbols_bg *b);

#endif
