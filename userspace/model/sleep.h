/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sleep.h - a device's system sleep and unbind, from WR_EV_PHASE events
 * (the drivers' suspend and resume callbacks, the end of their teardown,
 * drivers/hooks.c): the owners held when system suspend began, the gets and
 * puts made between the suspend callback's return and a resume callback
 * (flagged: the device is asleep, nothing should touch its wakerefs), and
 * the owners still held at unbind.  Owners and stacks are copies: they stay
 * when the owners they were copied from are released.
 */
#ifndef WR_MODEL_SLEEP_H
#define WR_MODEL_SLEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/owners.h"

/* The owners of a device at one moment, oldest first. */
struct wr_held_at {
	bool taken;
	uint64_t ts_ns;
	uint16_t hook;			/* the function that marked the moment */
	uint32_t pid;
	char comm[WR_COMM_LEN];
	bool have_count;
	int32_t driver_count;		/* the driver's own count then (i915: packed) */
	size_t nr;
	struct wr_owner *owners;	/* copies; frames hold their own reference */
};

/* A get or put made while the device was asleep. */
struct wr_asleep_event {
	uint64_t ts_ns;
	uint8_t type;			/* WR_EV_GET or WR_EV_PUT */
	uint16_t hook;
	uint64_t caller;		/* the owner (get) or releaser (put) */
	uint64_t api;
	uint32_t pid;
	char comm[WR_COMM_LEN];
	uint32_t nr_frames;
	const uint64_t *frames;		/* interned, a reference of its own */
};

#define WR_ASLEEP_MAX	256		/* events kept per device; more are counted */

struct wr_sleep {
	uint64_t suspends;		/* suspend callbacks entered */
	uint64_t failed;		/* of them, returned an error: not asleep */
	uint64_t resumes;		/* resume callbacks that woke it */
	bool asleep;			/* between a suspend's return (0) and a resume */
	uint64_t asleep_since_ns;
	uint32_t suspend_pid;		/* the task in the suspend callback, 0: none */
	struct wr_held_at at_suspend;	/* the last suspend's */
	struct wr_held_at at_release;	/* the last unbind's */
	struct wr_asleep_event *events;
	size_t nr_events, cap_events;
	uint64_t gets_asleep, puts_asleep;	/* all of them, kept or not */
};

/* A WR_EV_PHASE event: a step of a device's system sleep or unbind. */
void sleep__apply(struct wr_owners *ot, const struct wr_event *e);
/*
 * A get or put was applied to D (OWNER: the get's new owner, NULL for a
 * put); flagged if D is asleep.
 */
void sleep__note(struct wr_owners *ot, struct wr_device *d, const struct wr_event *e,
		 const struct wr_site *site, struct wr_owner *owner);
/* D is forgotten: free its sleep state. */
void sleep__free(struct wr_owners *ot, struct wr_sleep *s);
/* D's unbind was seen and left wakerefs (its owners, or the driver's count). */
bool sleep__unbind_left_any(const struct wr_device *d);
/* D has something to report: a suspend, a flagged event or an unbind. */
bool sleep__any(const struct wr_device *d);

#endif
