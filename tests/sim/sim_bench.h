/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bench op's model of i915's 6.1-era CONFIG_DRM_I915_DEBUG_RUNTIME_PM
 * tracking (intel_runtime_pm.c: track_/untrack_intel_runtime_pm_wakeref,
 * __intel_wakeref_dec_and_check_tracking), run per get and put by
 * "bench ... tracking=debug".  See sim_bench.c.
 */
#ifndef WAKEREF_SIM_BENCH_H
#define WAKEREF_SIM_BENCH_H

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

int sim_bench_debug_init(struct sim_bench_debug *dbg);
depot_stack_handle_t sim_bench_track(struct sim_bench_debug *dbg);
void sim_bench_untrack(struct sim_bench_debug *dbg, depot_stack_handle_t stack);
void sim_bench_debug_fini(struct sim_bench_debug *dbg);

#endif /* WAKEREF_SIM_BENCH_H */
