/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bench op's models of i915's CONFIG_DRM_I915_DEBUG_RUNTIME_PM
 * tracking, run per get and put by "bench ... tracking=debug": the 6.1-era
 * owner array of stack-depot handles (intel_runtime_pm.c before 6.8) and
 * the ref_tracker of 6.8 on (lib/ref_tracker.c, which the guest kernels do
 * not build).  See sim_bench.c.
 */
#ifndef WAKEREF_SIM_BENCH_H
#define WAKEREF_SIM_BENCH_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/stackdepot.h>

/* i915's struct intel_runtime_pm_debug (6.1) */
struct sim_bench_debug {
	spinlock_t lock;
	depot_stack_handle_t last_acquire;
	depot_stack_handle_t last_release;
	depot_stack_handle_t *owners;
	unsigned long count;
};

/* i915's struct ref_tracker_dir debug (6.8+), one struct ref_tracker per get */
struct sim_bench_reftracker_dir {
	spinlock_t lock;
	unsigned int quarantine_avail;
	struct list_head list;		/* live trackers */
	struct list_head quarantine;	/* released ones, the newest last */
	atomic_t count;			/* rpm->wakeref_count */
};

/* tracking= of the bench op */
enum sim_bench_tracking {
	SIM_TRACK_NONE = 0,
	SIM_TRACK_DEPOT,		/* debug build before 6.8 */
	SIM_TRACK_REFTRACKER,		/* debug build from 6.8 */
};

const char *sim_bench_tracking_name(unsigned int tracking);
/* "debug": the guest kernel's own era; "debug-depot", "debug-reftracker": that one */
int sim_bench_parse_tracking(const char *val, unsigned int *tracking);

int sim_bench_debug_init(struct sim_bench_debug *dbg);
depot_stack_handle_t sim_bench_track(struct sim_bench_debug *dbg);
void sim_bench_untrack(struct sim_bench_debug *dbg, depot_stack_handle_t stack);
void sim_bench_debug_fini(struct sim_bench_debug *dbg);

int sim_bench_reftracker_init(struct sim_bench_reftracker_dir *dir);
void *sim_bench_reftracker_get(struct sim_bench_reftracker_dir *dir);
void sim_bench_reftracker_put(struct sim_bench_reftracker_dir *dir, void *tracker);
void sim_bench_reftracker_fini(struct sim_bench_reftracker_dir *dir);

#endif /* WAKEREF_SIM_BENCH_H */
