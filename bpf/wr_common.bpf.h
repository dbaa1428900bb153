/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wr_common.bpf.h - what the BPF programs of every feature share.  The BPF
 * objects (wakeref.bpf.c, userfault.bpf.c, svm.bpf.c) are linked into one
 * by `bpftool gen object`; the per-hook counters are defined once, in
 * wakeref.bpf.c, and declared extern elsewhere (WR_STATS_EXTERN).
 */
#ifndef WR_COMMON_BPF_H
#define WR_COMMON_BPF_H

#include "wakeref.h"

/* Per-hook counters, one slot per enum wr_hook, read by tracer__loss(). */
typedef struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, WR_HOOK__COUNT);
	__type(key, __u32);
	__type(value, struct wr_hook_stats);
} wr_stats_map_t;

#ifdef WR_STATS_EXTERN
extern wr_stats_map_t wr_stats SEC(".maps");
#else
wr_stats_map_t wr_stats SEC(".maps");
#endif

static __always_inline struct wr_hook_stats *hook_stats(__u32 hook)
{
	return bpf_map_lookup_elem(&wr_stats, &hook);
}

/* Count one record of HOOK: sent, or dropped because the ring buffer was full. */
static __always_inline void count_event(__u16 hook, bool sent)
{
	struct wr_hook_stats *st = hook_stats(hook);

	if (!st)
		return;
	if (sent)
		__sync_fetch_and_add(&st->events, 1);
	else
		__sync_fetch_and_add(&st->ringbuf_drops, 1);
}

/*
 * Wake the frontend only when a quarter of the ring buffer is waiting: a
 * wakeup per event (an irq_work and a task wakeup) costs more than the
 * event itself.  The frontend reads the rest on its own every poll period
 * (tracer__poll), so an event waits at most that long.
 */
static __always_inline __u64 wakeup_flags(void *ring, __u64 ring_bytes)
{
	return bpf_ringbuf_query(ring, BPF_RB_AVAIL_DATA) > ring_bytes / 4 ?
	       BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

/* A failed bpf_get_stack() of HOOK. */
static __always_inline void count_stack_error(__u16 hook)
{
	struct wr_hook_stats *st = hook_stats(hook);

	if (st)
		__sync_fetch_and_add(&st->stack_errors, 1);
}

#endif
