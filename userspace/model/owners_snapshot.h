/* SPDX-License-Identifier: GPL-2.0 */
/* owners_snapshot.h - the owner table as items and back (see owners_snapshot.c). */
#ifndef WR_OWNERS_SNAPSHOT_H
#define WR_OWNERS_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

struct wr_owners;

enum wr_snap_kind {
	WR_SNAP_TABLE = 1,	/* counters and learned pairs: first */
	WR_SNAP_DEVICE,		/* a device, without its owners */
	WR_SNAP_OWNER,		/* an owner of the last device with its key, in order */
};

typedef int (*owners_snap_fn)(void *ctx, uint32_t kind, const void *item, size_t size);

/* Every item of OT, in the order owners__restore() needs; EMIT's error stops it. */
int owners__snapshot(const struct wr_owners *ot, owners_snap_fn emit, void *ctx);
/* Put one item back into OT (an empty table, then items in order); -errno on a bad one. */
int owners__restore(struct wr_owners *ot, uint32_t kind, const void *item, size_t size);

#endif
