/* SPDX-License-Identifier: GPL-2.0 */
/*
 * who.h - who took an owner's wakeref and during what: the task (pid, tgid,
 * comm, in struct wr_owner), the system call and, for a DRM ioctl, its name
 * and DRM client; in a worker the work function, in an interrupt which
 * context (from the stack, kernel/context.h); and the module of the owning
 * function when it is not the driver's (e.g. snd_hda_intel taking a display
 * wakeref through the audio component).
 */
#ifndef WR_WHO_H
#define WR_WHO_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/context.h"
#include "model/owners.h"

struct ksyms;

struct wr_who {
	struct wr_context ctx;
	int sys_nr;		/* -1: not in a system call (or an interrupt on top of one) */
	const char *syscall;	/* its name, NULL: unknown number */
	uint32_t ioctl_cmd;	/* sys_nr is ioctl */
	const char *ioctl;	/* the DRM ioctl's name, NULL: not a known one */
	uint64_t client;	/* DRM client: drm_file pointer or id, 0: none */
	bool client_is_id;
	const char *module;	/* the owning function's module when not the driver's */
	const char *driver_module;	/* the driver's (of the traced get) */
};

enum wr_by {
	WR_BY_STACK = 0,	/* the default: identical stacks */
	WR_BY_IOCTL,		/* the system call / ioctl / context the get was taken in */
	WR_BY_PID,		/* the task */
	WR_BY_MODULE,		/* the owning function's module */
};

void who__of(const struct ksyms *ks, const struct wr_owner *o, uint8_t driver,
	     struct wr_who *w);
/*
 * "ioctl DRM_IOCTL_XE_EXEC client 0xffff..." / "syscall write" / "work
 * sim_work_fn" / "irq sim_irq_handler" / "" when nothing is known: the
 * during-what part, as reports print it.
 */
int who__during(const struct wr_who *w, char *buf, size_t len);
/* The key an owner is grouped by under --by BY (not WR_BY_STACK). */
int who__key(const struct ksyms *ks, const struct wr_owner *o, uint8_t driver, enum wr_by by,
	     char *buf, size_t len);
/* "ioctl", "pid", "module"; 0 or -1 for an unknown NAME. */
int who__parse_by(const char *name, enum wr_by *by);
const char *who__by_name(enum wr_by by);

#endif
