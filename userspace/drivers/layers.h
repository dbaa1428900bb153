/* SPDX-License-Identifier: GPL-2.0 */
/* layers.h - the drivers' API layers (layers.c). */
#ifndef WR_DRIVERS_LAYERS_H
#define WR_DRIVERS_LAYERS_H

#include <stdbool.h>

/*
 * Driver API functions that wrap the traced entry points (display power,
 * GT wakeref, the userfault timer, ...).  An event's owner is the first frame
 * above the entry point that is none of these: the code that asked.
 */
bool layers__is_api(const char *func);

#endif
