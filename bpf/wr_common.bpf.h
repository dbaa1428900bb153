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

/*
 * Module types are not in vmlinux.h: each is declared with only the fields
 * read, and preserve_access_index turns every access into a CO-RE
 * relocation that libbpf resolves against the module's BTF.  These two are
 * read by more than one feature.
 */
struct drm_device {
	struct device *dev;
} __attribute__((preserve_access_index));

struct xe_device {
	struct drm_device drm;
} __attribute__((preserve_access_index));

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
 * Wake the frontend once, when the waiting data crosses a quarter of the
 * ring buffer: a wakeup (an irq_work and a task wakeup) costs more than an
 * event, and a frontend that lags behind is awake already, so waking it at
 * every event past the mark only slows the traced code down.  The frontend
 * reads on its own every poll period (tracer__poll), so an event waits at
 * most that long.  REC_BYTES: this record's size; the window around the
 * mark holds the query whether it counts this record (reserve) or not
 * (output).  Producers on other CPUs can step over the window: then the
 * poll period applies.
 */
static __always_inline __u64 wakeup_flags(void *ring, __u64 ring_bytes, __u64 rec_bytes)
{
	__u64 avail = bpf_ringbuf_query(ring, BPF_RB_AVAIL_DATA), mark = ring_bytes / 4;

	rec_bytes += 8;		/* the ring buffer's record header */
	return avail + rec_bytes >= mark && avail < mark + rec_bytes ?
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
