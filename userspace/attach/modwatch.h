/* SPDX-License-Identifier: GPL-2.0 */
/*
 * modwatch.h - the modules a tracer is attached to, watched for unload and
 * reload.  fentry holds a module (rmmod says it is in use); kprobes do not:
 * when the module goes, its kprobes go silent, and a reloaded module needs
 * its programs attached again.  The daemon polls this once a second.
 */
#ifndef WR_MODWATCH_H
#define WR_MODWATCH_H

#include <stdbool.h>
#include <stdint.h>

struct tracer;

#define WR_MODWATCH_MAX 8

struct wr_modwatch {
	int n;
	struct {
		char name[64];
		uint64_t addr;		/* load address from /proc/modules */
		bool gone;		/* unloaded since attach */
		unsigned int drivers;	/* 1 << enum wr_driver of its traced rows */
	} m[WR_MODWATCH_MAX];
};

enum wr_modwatch_change {
	WR_MW_NONE,
	WR_MW_GONE,		/* a module went: its drivers' devices are gone */
	WR_MW_BACK,		/* every module is there again, one reloaded: re-attach */
};

/* The modules T attached to (vmlinux is not watched). */
void modwatch__init(struct wr_modwatch *w, const struct tracer *t);
/*
 * Compare with /proc/modules (PATH, for tests).  On WR_MW_GONE, *DRIVERS
 * has the drivers whose module just went and *NAME one such module.
 */
enum wr_modwatch_change modwatch__poll(struct wr_modwatch *w, const char *path,
				       unsigned int *drivers, const char **name);

#endif
