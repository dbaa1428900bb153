/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reftracker.h - what a debug kernel's ref_tracker publishes of a driver's
 * wakerefs (reftracker.c): the class of its directory, the debugfs name
 * its driver links to it, and the functions between a get and the stack
 * ref_tracker saves.
 */
#ifndef WR_DRIVERS_REFTRACKER_H
#define WR_DRIVERS_REFTRACKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* the kernel's debugfs directory of ref_tracker files (6.17+) */
#define WR_REFTRACKER_DIR	"/sys/kernel/debug/ref_tracker"

/* The class of driver ID's runtime-PM tracker ("intel_runtime_pm"), or NULL: none. */
const char *reftracker__class(uint8_t driver);
/*
 * The name under WR_REFTRACKER_DIR of device DEV's file, as its driver
 * links it ("intel_runtime_pm-0000:00:02.0"), in BUF; -1: the driver has
 * no tracker, or it does not fit.
 */
int reftracker__link_name(uint8_t driver, const char *dev, char *buf, size_t len);
/*
 * FUNC is between the driver's get and the code that asked for it in a
 * ref_tracker stack: ref_tracker's and the driver's tracking functions,
 * the get's inner functions (the entry points and API layers themselves
 * are drivers/layers.c's).
 */
bool reftracker__is_internal(const char *func);

#endif
