/* SPDX-License-Identifier: GPL-2.0 */
/* clones.h - a function's GCC clones, named as the function (clones.c). */
#ifndef WR_DRIVERS_CLONES_H
#define WR_DRIVERS_CLONES_H

#include <stdbool.h>

/*
 * Is symbol SYM the source function NAME: NAME itself, or a clone GCC made
 * of it ("NAME.isra.0", "NAME.part.0", "NAME.constprop.0", and such
 * suffixes chained)?  Not NAME.cold: that is a part of NAME, not a copy.
 */
bool clones__same_function(const char *sym, const char *name);

#endif
