/* SPDX-License-Identifier: GPL-2.0 */
/* procmod.h - lines of /proc/modules: which modules are loaded, where; who uses one. */
#ifndef WR_PROCMOD_H
#define WR_PROCMOD_H

#include <stdbool.h>
#include <stdint.h>

/* "name size refcount deps state addr [taints]" */
struct wr_procmod {
	char name[64];
	char state[16];		/* Live, Loading, Unloading */
	uint64_t size;		/* text and data, in allocations of their own since 6.4 */
	uint64_t addr;		/* its code's start; 0 where kptr_restrict hides it */
};

/* LINE into M; false if it is no such line. */
bool procmod__parse(const char *line, struct wr_procmod *m);

/*
 * A hash of PATH's module names and load addresses (not their use counts,
 * which move all the time): which modules are loaded where.  0: unread.
 */
uint64_t procmod__sig(const char *path);

/*
 * The modules that use MODULE (/sys/module/MODULE/holders), at most MAX
 * names into NAMES; how many.  0 when it is not loaded.
 */
int procmod__holders(const char *module, char (*names)[64], int max);

#endif
