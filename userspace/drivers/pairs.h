/* SPDX-License-Identifier: GPL-2.0 */
/* pairs.h - the drivers' declared asynchronous pairs (pairs.c). */
#ifndef WR_DRIVERS_PAIRS_H
#define WR_DRIVERS_PAIRS_H

/*
 * Declared asynchronous pairs: gets and puts that the drivers make in
 * different functions by design.  A row says that a get (or put) whose API
 * chain contains API, or whose owner is CALLER, belongs to pair class CLASS.
 * Earlier rows win.
 */
enum wr_pair_side { WR_SIDE_GET, WR_SIDE_PUT };

struct wr_declared_pair {
	int pair_class;			/* >= 1 */
	enum wr_pair_side side;
	const char *api;		/* match an API function of the chain, or */
	const char *caller;		/* match the owner/releasing function */
	const char *what;
};

extern const struct wr_declared_pair wr_declared_pairs[];
extern const int wr_nr_declared_pairs;
const char *pairs__class_name(int pair_class);


#endif
