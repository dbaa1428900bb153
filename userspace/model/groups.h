/* SPDX-License-Identifier: GPL-2.0 */
/*
 * groups.h - a device's owners grouped by identical stack, as every report
 * format shows them ("Wakeref xN taken at:"), biggest group first.
 */
#ifndef WR_GROUPS_H
#define WR_GROUPS_H

#include <stddef.h>
#include "model/owners.h"

struct ksyms;

struct wr_group {
	struct wr_owner **owners;	/* same stack, oldest first */
	size_t n;
	const struct wr_owner *oldest;
	enum wr_pairing weakest;	/* the least certain pairing among them */
	size_t uncertain;		/* of them, those a lost put may have ended */
};

struct wr_groups {
	struct wr_owner **all;
	struct wr_group *v;
	size_t nr;
};

/* 0, or -ENOMEM. */
int groups__build(const struct wr_device *d, struct wr_groups *g);
void groups__free(struct wr_groups *g);

/* The API the owner called: the outermost layer, else the traced function. */
const char *groups__via(const struct ksyms *ks, const struct wr_owner *o);

#endif
