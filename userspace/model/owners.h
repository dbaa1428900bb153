/* SPDX-License-Identifier: GPL-2.0 */
/*
 * owners.h - the wakeref owner table: who holds a wakeref on which device,
 * rebuilt from get and put events.
 *
 * Pairing model (shipping kernels return one constant cookie from every get,
 * so a put does not say which get it ends):
 *
 *  1. exact         the put carries a real cookie (debug builds) and an owner
 *                   holds that cookie;
 *     object        the put was made for an object (a job, a fence, a VM, a
 *                   GT wakeref: the WR_ROLE_OBJ rows of drivers/hooks.c) and
 *                   an owner's get was made for the same object.  An owner
 *                   whose object is known is never ended by a put of another
 *                   object, whatever the rules below say;
 *  2. same-function a put releases the most recent get of the same reference
 *                   kind (i915 wakelock or raw) and the same declared class
 *                   (below; none is a class too) taken by the same calling
 *                   function, from the same task if there is one, else from
 *                   any task: drivers take and drop a wakeref in one function,
 *                   and a function that holds its own wakeref and one of a
 *                   layer's (vm_fault_gtt and intel_wakeref_auto) releases
 *                   each through its own path;
 *  3. declared      the put and an owner belong to one of the asynchronous
 *                   pairs the drivers make by design (drivers/pairs.c: GT
 *                   park, the async display put, the userfault timer, jobs,
 *                   fences, ...): the most recent owner of the class, or the
 *                   oldest for a class whose references are released in order
 *                   (checked before same-function: the async display put's
 *                   work puts the older slot while holding a new one);
 *  4. learned       a put from a function that was seen, unambiguously, to end
 *                   gets of another function (the only owner of that kind on
 *                   the device): the most recent owner from that function;
 *     same-function, then, of another class;
 *  5. fallback      otherwise the most recent get of the same task, else the
 *                   oldest owner of that kind on the device.  Such a put is
 *                   counted, and every owner it could have released is marked
 *                   "fallback": the report never presents a guess as a fact.
 *
 * "Function" means the owner: the first frame above the traced entry point
 * that is not a driver API layer (display power, GT wakeref, ...), so that a
 * display get is owned by whoever called intel_display_power_get(); when
 * that frame is core kernel code (a worker, a timer), the outermost API
 * layer, which it called back, is the owner.
 *
 * A put with no owner of its kind, or one that only the fallback could pair
 * while the driver still holds references from before tracing began (its
 * count says how many), ends one of those: it is counted as unmatched and
 * changes no owner.  So is a put seen by a tracepoint (WR_EVF_TRACEPOINT)
 * that only the fallback could pair: gets through variants without a
 * tracepoint are not seen, and it most likely ends one of those; such puts
 * teach no learned pair either.
 */
#ifndef WR_OWNERS_H
#define WR_OWNERS_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/types.h>
#include "model/stacks.h"
#include "model/tasks.h"
#include "wakeref.h"

enum wr_pairing {
	WR_PAIR_EXACT,
	WR_PAIR_OBJECT,
	WR_PAIR_SAME_FN,
	WR_PAIR_DECLARED,
	WR_PAIR_LEARNED,
	WR_PAIR_FALLBACK,
	WR_PAIR__COUNT
};

/* Where an event happened, as the frontend symbolized it. */
struct wr_site {
	const uint64_t *frames;	/* kernel stack, tracer frames removed */
	uint32_t nr_frames;
	uint64_t caller;	/* the owner (get) or releaser (put): function start, 0: unknown */
	uint64_t api;		/* outermost driver API function between it and the hook */
	int pair_class;		/* declared pair this get/put belongs to, 0: none */
	bool nested;		/* inside another traced get/put, which counts it */
	bool call_unseen;	/* a restored tail-call frame was a thunk: dropped */
	uint64_t obj;		/* the object the get/put is for (WR_EV_OBJ), 0: unknown */
	struct wr_stack_memo *stack_memo;	/* of the frames (model/site.c's), NULL: none */
};

struct wr_owner_block;

/*
 * 96 bytes: the daemon holds one per wakeref held (100,000 are 9.2 MiB).
 * What owners share is interned: the stack, and the task and the call it
 * was taken in (model/tasks.h).
 */
struct wr_owner {
	struct wr_owner *prev, *next;	/* per device, oldest first */
	uint64_t seq;
	uint64_t ts_ns;
	uint64_t cookie;
	uint64_t caller;
	uint64_t api;
	uint64_t obj;			/* the object its get was for, 0: unknown */
	const uint64_t *frames;		/* interned in the table's stacks: shared, read-only */
	/* tgid, comm and during what (struct wr_event, model/who.h): shared, never NULL */
	const struct wr_task *task;
	uint32_t pid;
	uint32_t cpu;			/* of the get */
	uint16_t hook;
	int16_t pair_class;
	uint8_t flags;			/* WR_EVF_WAKELOCK */
	uint8_t pairing;		/* enum wr_pairing */
	uint8_t nr_frames;
	bool uncertain;			/* a lost put may have ended it (owners__reconcile()) */
	bool asleep;			/* taken while its device was asleep (model/sleep.h) */
};

struct wr_frames {
	uint32_t nr;
	uint64_t ip[WR_MAX_FRAMES];
};

struct wr_sleep;

struct wr_device {
	struct wr_device *next;
	uint64_t obj;
	char name[WR_DEV_LEN];
	uint8_t driver;
	struct wr_owner *head, *tail;
	uint64_t nr_owners;
	uint64_t gets, puts, failed_gets, unmatched_puts;
	uint64_t tail_calls;			/* events whose tail-called frame was put back */
	uint64_t calls_unseen;			/* events entered by a call not checked (indirect) */
	uint64_t repaired;			/* owners a lost put ended, told by the count */
	uint64_t uncertain;			/* owners a lost put may have ended */
	bool by_tracepoint;			/* events from tracepoints: some gets unseen */
	uint64_t paired[WR_PAIR__COUNT];	/* puts, by how they were paired */
	int32_t wakeref_count;			/* the driver's own count, after the newest event */
	int32_t usage_count;			/* the PM core's, -1 unknown */
	uint64_t count_ts_ns;			/* the newest event's time: where they came from */
	uint32_t count_cpu;			/* and its CPU */
	uint64_t overlaps;			/* mismatches two CPUs' puts explain (note_counts()) */
	bool have_count;
	/*
	 * Ground truth: the driver's count is baseline + the weight of the
	 * owners (i915: 1 + WAKELOCK_BIAS per wakelock, 1 per raw reference;
	 * xe: 1 per reference of the PM usage count).  The baseline is what
	 * was held before tracing began, learned at the device's first event.
	 */
	bool have_baseline;
	int64_t held_before;			/* baseline at the first event */
	int64_t baseline;			/* what is left of it */
	int64_t traced_weight;			/* sum over the owners */
	struct {
		uint64_t seq;			/* 0: counts agree */
		uint64_t ts_ns;
		uint16_t hook;
		uint64_t caller;
		uint32_t pid;
		char comm[WR_COMM_LEN];
		int64_t expected, driver;	/* at the last event */
	} diverged;
	uint64_t last_ts;
	struct wr_frames last_acquired, last_released;
	struct wr_sleep *sleep;			/* system sleep and unbind, NULL: none seen */
	bool unbound;				/* its driver is gone: kept for what unbind left */
};

/*
 * A hold that ended, or a change of a device's count: kept for timelines
 * and for the pairs of -f owners.  A put that ended a reference from before
 * tracing (an unmatched put) is a hold too, with no start: @unmatched.
 */
struct wr_hold {
	uint64_t start_ns, end_ns;
	uint64_t caller, api;		/* the owner that the put ended */
	const struct wr_device *dev;
	uint32_t pid;
	uint32_t get_cpu, put_cpu;
	uint32_t flags;			/* WR_EVF_WAKELOCK: the kind */
	uint16_t hook;
	uint8_t pairing;
	bool unmatched;
};

struct wr_sample {
	uint64_t ts_ns;
	const struct wr_device *dev;
	uint64_t count;		/* outstanding owners after the event */
	int32_t driver_count;
};

struct wr_history {
	bool enabled;			/* ended holds */
	bool samples_on;		/* and count changes */
	size_t max;			/* of each array: the first MAX are kept */
	struct wr_hold *holds;
	size_t nr_holds, cap_holds;
	struct wr_sample *samples;
	size_t nr_samples, cap_samples;
	uint64_t dropped;		/* entries not kept past max */
	uint64_t dropped_holds;		/* of them, holds */
};

/* "puts from PUT_CALLER end gets from GET_CALLER", seen without ambiguity */
struct wr_learned {
	uint64_t get_caller, put_caller;
};

#define WR_MAX_LEARNED 64

/*
 * Objects announced by WR_EV_OBJ events, waiting for the task's get or put
 * inside the function that announced them (model/objctx.c): per task, the
 * functions it entered, innermost last; and the last owner each task made,
 * which a function's return value (the object it created) names.
 */
struct wr_obj_ctx {
	uint64_t obj;			/* its key (drivers/objlinks.h) */
	uint64_t seq;			/* ot->events when announced */
	uint16_t hook;
	bool touched;			/* a get or put of the task no object claimed since */
	bool got;			/* a row of both sides: its get was made */
};

#define WR_OBJ_DEPTH	4

struct wr_obj_task {
	uint32_t pid;			/* 0 with cpu + 1: the idle tasks, one per CPU */
	uint32_t cpu;
	int nr;
	uint64_t used;			/* ot->events at its last announce */
	struct wr_obj_ctx ctx[WR_OBJ_DEPTH];	/* [nr - 1]: the innermost */
};

struct wr_last_get {
	struct wr_owner *owner;
	uint64_t seq;			/* the owner's seq then: it may be gone since */
	uint32_t pid;
};

#define WR_OBJ_CTX	64

struct wr_owners {
	struct wr_device *devices;	/* in order of first appearance */
	/*
	 * Bumped by every change of what a report shows of the table (an
	 * event applied, owners reconciled, forgotten or restored): what a
	 * report keeps between dumps (output/rcache.h) is good while it holds.
	 */
	uint64_t gen;
	uint64_t id;			/* unique to this table in this process */
	struct wr_learned learned[WR_MAX_LEARNED];
	int nr_learned;
	uint64_t seq;
	uint64_t events;
	uint64_t nested;		/* events inside another traced get/put: not applied */
	struct wr_stacks stacks;	/* the owners' stacks, each once */
	struct wr_tasks tasks;		/* the owners' tasks and calls, each once */
	uint64_t cookie_mask;		/* width of intel_wakeref_t on this kernel */
	struct wr_history history;	/* off unless owners__keep_history() */
	struct wr_owner *spare;		/* released owners kept for the next gets */
	size_t nr_spare;
	struct wr_owner_block *blocks;	/* where every owner lives (owners.c) */
	struct wr_obj_task obj_tasks[WR_OBJ_CTX];
	int nr_obj_tasks;		/* of them, waiting for an object (nr > 0) */
	struct wr_last_get last_get[WR_OBJ_CTX];
	uint64_t objs_seen, objs_bound;	/* WR_EV_OBJ events, and those tied to a get or put */
	/*
	 * The per-event path's memos (owners.c): the device of the last
	 * event (NULL: none; the only one of its object that is not unbound),
	 * and what a wakelock of the last event's driver weighs.
	 */
	struct wr_device *last_device;
	uint16_t bias_driver;		/* 1 + the driver, 0: none yet */
	int32_t wakelock_weight;
};

/* How much of the driver's count one reference of this event is worth. */
int64_t owners__weight(const struct wr_event *e);

struct wr_owners *owners__new(uint64_t cookie_mask);
/* An owner of OT's, every field to set; NULL: no memory.  For owners__restore(). */
struct wr_owner *owners__alloc_owner(struct wr_owners *ot);
void owners__free(struct wr_owners *ot);
/*
 * The driver's module is gone (unloaded while traced): forget its devices
 * and their owners.  Returns the owners dropped.  Not with a history.  A
 * device whose unbind was seen stays, without owners, marked unbound: its
 * report says what unbind left (model/sleep.h).
 */
int owners__forget_driver(struct wr_owners *ot, uint8_t driver);
/* Keep ended holds and count changes (the first MAX of each) for timelines. */
void owners__keep_history(struct wr_owners *ot, size_t max);
/* Keep only the ended holds (the first MAX): which get each put ended. */
void owners__keep_pairs(struct wr_owners *ot, size_t max);

/* What a report needs kept from the first event on (report__keeps()). */
enum wr_keep {
	WR_KEEP_NONE,
	WR_KEEP_PAIRS,		/* ended holds, the first WR_KEEP_PAIRS_MAX */
	WR_KEEP_HISTORY,	/* and count changes, the first WR_KEEP_HISTORY_MAX of each */
};
#define WR_KEEP_PAIRS_MAX	(1 << 16)
#define WR_KEEP_HISTORY_MAX	(1 << 20)
void owners__keep(struct wr_owners *ot, enum wr_keep keep);

/* The device of E's driver object (e->obj), created at its first event; NULL: no memory. */
struct wr_device *owners__device(struct wr_owners *ot, const struct wr_event *e);

/* Apply one event; returns the pairing used by a put, or -1 for anything else. */
int owners__apply(struct wr_owners *ot, const struct wr_event *e, const struct wr_site *site);

/*
 * Events were lost (LOST: dropped, recursion or kprobe misses since
 * tracing began).  Where a device's own count says its owners hold more
 * than it does, puts were among them: of each reference kind, as many
 * owners as the count says were ended.  When that is every owner of the
 * kind, they are removed (repaired); otherwise the kind's owners are
 * marked uncertain, in every report format.  Returns the owners removed.
 */
int owners__reconcile(struct wr_owners *ot, uint64_t lost);

/*
 * WR_EV_OBJ: OBJ (a key) is for the task's next get or put inside the
 * function of HOOK (model/objctx.c).  site.c looks through the task's
 * pending objects, innermost first, and takes the one a get or put is for.
 */
void owners__obj_announce(struct wr_owners *ot, uint32_t pid, uint32_t cpu, uint16_t hook,
			  uint64_t obj);
/* The task's pending objects: NR of them, ctx[nr - 1] the innermost; NULL: none. */
struct wr_obj_task *owners__obj_task(struct wr_owners *ot, uint32_t pid, uint32_t cpu);
/*
 * The task's get or put was for pending object I: the functions entered
 * after it have returned (forgotten); KEEP: it stays for the put (a row of
 * both sides, after its get).
 */
void owners__obj_take(struct wr_owners *ot, struct wr_obj_task *t, int i, bool keep);
/* The task made a get or put that no pending object claimed. */
void owners__obj_touch(struct wr_obj_task *t);
/* The last owner PID made, if it still holds: for a return value's object. */
struct wr_owner *owners__last_get(struct wr_owners *ot, uint32_t pid);

const char *owners__pairing_name(enum wr_pairing p);
const char *owners__driver_name(uint8_t driver);

#endif
