/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rcache.h - what reports render of an owner table, kept from one report
 * to the next (the daemon answers dumps of 10,000 owners many times a
 * second): each device's groups of owners, their names and allowlist
 * verdicts, and fragments of text the formats rendered once.  It is good
 * while the table's generation (owners.h), the symbols and the allowlist
 * are those it was made with; rcache__sync() starts over otherwise.
 *
 * Only what does not depend on the clock is kept: ages, and what an age
 * decides (--min-age, an allowlist rule with an age), are worked out at
 * every report, so a report from the cache is byte for byte the report
 * made without it.
 */
#ifndef WR_OUTPUT_RCACHE_H
#define WR_OUTPUT_RCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/groups.h"
#include "model/owners.h"

struct ksyms;
struct wr_allowlist;

/* A piece of a report, rendered once. */
struct wr_frag {
	char *s;
	size_t len;
	bool made;
};

enum wr_group_frag {
	WR_GF_TEXT_HEAD,	/* "Wakeref xN taken at:", the frames, " (oldest " */
	WR_GF_TEXT_TAIL,	/* after the age: "s ago by pid ..." to the end of the group */
	WR_GF_JSON_HEAD,	/* the group's members before "oldest_age_s" */
	WR_GF_JSON_TAIL,	/* and after it */
	WR_GF__COUNT
};

enum wr_dev_frag {
	WR_DF_OWNERS,		/* -f owners: the device's lines */
	WR_DF_ACQUIRED,		/* text: the frames of "Wakeref last acquired:" */
	WR_DF_RELEASED,		/* and of "Wakeref last released:" */
	WR_DF_JSON_ACQUIRED,	/* json: the member "last_acquired" */
	WR_DF_JSON_RELEASED,	/* and "last_released" */
	WR_DF__COUNT
};

struct wr_rc_group {
	const struct wr_group *g;
	const char *owner;	/* the owner's name, NULL: unknown */
	const char *via;	/* groups__via() */
	bool allowed_any;	/* the allowlist hides it at any age */
	uint64_t allowed_below;	/* else while younger than this */
	struct wr_frag frag[WR_GF__COUNT];
};

struct wr_rc_device {
	const struct wr_device *d;
	bool grouped;
	struct wr_groups groups;
	struct wr_rc_group *g;		/* groups.nr of them, in the groups' order */
	struct wr_frag frag[WR_DF__COUNT];
};

struct wr_rcache {
	const struct wr_owners *ot;	/* what it was made for */
	uint64_t ot_id, gen, ks_id;
	const struct wr_allowlist *allow;
	struct wr_rc_device *dev;
	size_t nr_dev, cap_dev;
	struct wr_frag pairs;		/* -f owners: the pair lines */
};

/* Empty: a cache made for nothing yet.  rcache__free() releases what it holds. */
void rcache__init(struct wr_rcache *rc);
void rcache__free(struct wr_rcache *rc);

/* Made for OT, KS and ALLOW, at OT's generation: kept if so, else emptied. */
void rcache__sync(struct wr_rcache *rc, const struct wr_owners *ot, const struct ksyms *ks,
		  const struct wr_allowlist *allow);

/* D's entry, its groups made (NULL: no memory). */
struct wr_rc_device *rcache__device(struct wr_rcache *rc, const struct wr_device *d,
				    const struct ksyms *ks);

/* Whether group G passes --min-age MIN_AGE_NS and the allowlist at NOW_NS. */
bool rcache__shown(const struct wr_rc_group *g, uint64_t now_ns, uint64_t min_age_ns);

typedef void wr_frag_fn(FILE *out, const void *arg);

/* F, rendered by MAKE(ARG) unless it was; NULL: no memory to keep it. */
const struct wr_frag *rcache__frag(struct wr_frag *f, wr_frag_fn *make, const void *arg);
/*
 * F, rendered by MAKE(ARG) unless it was, written to OUT.  Without F, or
 * without memory to keep it, MAKE writes to OUT itself: the same bytes.
 */
void rcache__put(FILE *out, struct wr_frag *f, wr_frag_fn *make, const void *arg);

#endif
