/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wakeref.h - records shared by the BPF programs (bpf/) and the frontend
 * (userspace/).  Everything here crosses the ring buffer or a map, so it uses
 * fixed-width types only and must stay identical on both sides.
 */
#ifndef WAKEREF_H
#define WAKEREF_H

#ifndef __VMLINUX_H__		/* BPF programs get the types from vmlinux.h */
#include <linux/types.h>
#endif

#define WR_MAX_FRAMES	32	/* kernel stack frames captured per event */
#define WR_COMM_LEN	16
#define WR_DEV_LEN	32	/* dev_name() of the device, e.g. 0000:00:02.0 */

/* i915 splits rpm->wakeref_count: raw refs below, wakelocks above the bias */
#define WR_I915_WAKELOCK_BIAS	(1 << 16)

/*
 * Every attach point wakeref knows.  The frontend's attach plan
 * (userspace/attach_plan.c) maps each to its driver, kernel function, role
 * and BPF program; the BPF side only stamps the id into its events.
 */
enum wr_hook {
	WR_HOOK_I915_RPM_GET = 0,	/* intel_runtime_pm_get */
	WR_HOOK_I915_RPM_GET_RAW,	/* intel_runtime_pm_get_raw */
	WR_HOOK_I915_RPM_GET_IF_IN_USE,	/* intel_runtime_pm_get_if_in_use */
	WR_HOOK_I915_RPM_GET_IF_ACTIVE,	/* intel_runtime_pm_get_if_active */
	WR_HOOK_I915_RPM_GET_NORESUME,	/* intel_runtime_pm_get_noresume */
	WR_HOOK_I915_RPM_PUT_UNCHECKED,	/* intel_runtime_pm_put_unchecked */
	WR_HOOK_I915_RPM_PUT_RAW,	/* intel_runtime_pm_put_raw */
	WR_HOOK_I915_RPM_PUT,		/* intel_runtime_pm_put: debug builds only */
	WR_HOOK_XE_GET,			/* xe_pm_runtime_get */
	WR_HOOK_XE_GET_IOCTL,		/* xe_pm_runtime_get_ioctl */
	WR_HOOK_XE_GET_IF_ACTIVE,	/* xe_pm_runtime_get_if_active */
	WR_HOOK_XE_GET_IF_IN_USE,	/* xe_pm_runtime_get_if_in_use */
	WR_HOOK_XE_GET_NORESUME,	/* xe_pm_runtime_get_noresume */
	WR_HOOK_XE_RESUME_AND_GET,	/* xe_pm_runtime_resume_and_get */
	WR_HOOK_XE_PUT,			/* xe_pm_runtime_put */
	/*
	 * PM core entry points, traced only when a driver module has no BTF:
	 * a traced call that reaches one of them names its device (below).
	 */
	WR_HOOK_PM_RESUME,		/* __pm_runtime_resume */
	WR_HOOK_PM_SUSPEND,		/* __pm_runtime_suspend */
	WR_HOOK_PM_IDLE,		/* __pm_runtime_idle */
	WR_HOOK_PM_GET_IF_ACTIVE,	/* pm_runtime_get_if_active */
	WR_HOOK_PM_GET_IF_IN_USE,	/* pm_runtime_get_if_in_use */
	WR_HOOK__COUNT
};

enum wr_ev_type {
	WR_EV_GET = 1,		/* a wakeref was taken */
	WR_EV_GET_FAILED,	/* a conditional get returned "no wakeref" */
	WR_EV_PUT,		/* a wakeref was released */
};

enum wr_driver {
	WR_DRV_I915 = 1,
	WR_DRV_XE,
};

/* wr_event.flags */
#define WR_EVF_WAKELOCK		(1u << 0)	/* i915 wakelock (vs raw) reference */
#define WR_EVF_IN_IRQ		(1u << 1)	/* taken in hard-IRQ context */
#define WR_EVF_IN_SOFTIRQ	(1u << 2)
#define WR_EVF_COUNT_BEFORE	(1u << 3)	/* counters read before the call ran */
#define WR_EVF_NO_COUNT		(1u << 4)	/* driver count not readable */

/*
 * One get or put, as seen by the BPF program.  Gets are recorded at fexit
 * (return value known, counters after the call); puts at fentry (counters
 * before the call, WR_EVF_COUNT_BEFORE).
 */
struct wr_event {
	__u64 ts_ns;		/* bpf_ktime_get_ns(), CLOCK_MONOTONIC */
	__u64 obj;		/* device key: struct intel_runtime_pm * or struct xe_device * */
	__u64 cookie;		/* get: return value, masked to the cookie's width; put: wref arg */
	__u32 pid;		/* thread id */
	__u32 tgid;
	__u16 hook;		/* enum wr_hook */
	__u8 type;		/* enum wr_ev_type */
	__u8 driver;		/* enum wr_driver */
	__u32 flags;		/* WR_EVF_* */
	__s32 wakeref_count;	/* driver's own count: i915 rpm->wakeref_count, xe: usage_count */
	__s32 usage_count;	/* PM core: dev->power.usage_count, -1 if unknown */
	__u32 cpu;
	__s32 nr_frames;	/* frames in stack[], or -errno from bpf_get_stack */
	char comm[WR_COMM_LEN];
	char dev[WR_DEV_LEN];
	__u64 stack[WR_MAX_FRAMES];
};

/*
 * How the generic kprobe programs (the fallback when fentry cannot be used)
 * treat a hook: array "hook_info" in the BPF object's read-only data, filled
 * by the frontend from its attach plan before load.  The kprobe carries the
 * hook as its BPF cookie.
 */
enum wr_hook_kind {
	WR_HK_NONE = 0,
	WR_HK_GET,		/* entry kprobe stashes the event, the kretprobe sends it */
	WR_HK_PUT,		/* entry kprobe sends the event */
	WR_HK_LEARN,		/* PM core entry: arg 1 is the device of the traced call */
};

enum wr_ret_kind {
	WR_RET_VOID = 0,	/* always a reference */
	WR_RET_I915_COOKIE,	/* intel_wakeref_t: 0 means no reference */
	WR_RET_XE_IOCTL,	/* int: -ELOOP means no reference */
	WR_RET_BOOL,		/* bool: false means no reference */
};

#define WR_HI_WAKELOCK		(1u << 0)	/* i915 wakelock reference */
#define WR_HI_COOKIE_ARG	(1u << 1)	/* put: argument 2 is the cookie */

struct wr_hook_info {
	__u8 kind;		/* enum wr_hook_kind */
	__u8 driver;		/* enum wr_driver */
	__u8 ret;		/* enum wr_ret_kind */
	__u8 flags;		/* WR_HI_* */
};

/* Per-program counters, one slot per hook (array map "wr_stats", per CPU). */
struct wr_hook_stats {
	__u64 events;		/* events submitted */
	__u64 ringbuf_drops;	/* bpf_ringbuf_reserve() failed */
	__u64 stack_errors;	/* bpf_get_stack() failed */
};

#endif /* WAKEREF_H */
