/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pairs.h - the drivers' declared asynchronous pairs (pairs.c): gets and
 * puts that the drivers make in different functions by design.
 *
 * A row says that a get (or put) whose API chain contains API, or whose
 * owner is CALLER, belongs to pair class CLASS; the first row (lowest
 * index) that any frame of the chain matches wins.  A put of a class ends an
 * owner of the same class: the most recent one, or for a FIFO class the
 * oldest one (the driver queues those references and releases them in
 * order: the async display put's slot, jobs, fences).
 */
#ifndef WR_DRIVERS_PAIRS_H
#define WR_DRIVERS_PAIRS_H

#include <stdbool.h>

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
/* Whether a put of PAIR_CLASS ends the oldest owner of its class (else the newest). */
bool pairs__class_fifo(int pair_class);
/*
 * A class whose code a build can leave out: the function a module has
 * exactly when that code is compiled in (NULL for none), and what is then
 * never reached.  doctor --callgraph judges a side whose other side no
 * function of the module carries, in a module without that function, as
 * never run there.
 */
const char *pairs__class_built_with(int pair_class, const char **why);
/* Number of classes + 1 (class 0 is "none"). */
int pairs__nr_classes(void);

#endif
