/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wr_pmstate.h - one GPU's runtime-PM state, read by bpf/pmstate.bpf.c from
 * the struct device and the driver's object when the frontend reads the
 * device's power/runtime_active_time (the PM core's pm_runtime_active_time()
 * then runs with the device in hand).  Needs no runtime-PM event: it is how a
 * device that was stuck before wakeref attached is read at once.
 */
#ifndef WR_PMSTATE_H
#define WR_PMSTATE_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define WR_PMS_NAME_LEN		32

/* struct wr_pmstate.flags: dev->power's bits, and what of the driver was read */
#define WR_PMS_RUNTIME_AUTO	(1u << 0)	/* power/control=auto */
#define WR_PMS_IGNORE_CHILDREN	(1u << 1)
#define WR_PMS_USE_AUTOSUSPEND	(1u << 2)
#define WR_PMS_NO_CALLBACKS	(1u << 3)
#define WR_PMS_DRIVER_COUNT	(1u << 8)	/* driver_count is the driver's own count */
#define WR_PMS_DRIVER_MISMATCH	(1u << 9)	/* drvdata is not the driver's object */
#define WR_PMS_DRIVER_NO_BTF	(1u << 10)	/* the driver's structs are not in any BTF */

struct wr_pmstate {
	__u64 dev;			/* struct device *; 0: no read seen */
	__u64 last_busy_ns;		/* dev->power.last_busy (CLOCK_MONOTONIC) */
	__u64 now_ns;			/* bpf_ktime_get_ns() at the read */
	__s32 usage_count;		/* dev->power.usage_count */
	__s32 child_count;
	__s32 disable_depth;
	__s32 runtime_error;
	__s32 autosuspend_delay;	/* ms */
	__s32 runtime_status;		/* enum rpm_status: 0 active .. 4 blocked */
	__s32 driver_count;		/* i915: rpm->wakeref_count (packed), xe: usage_count */
	__u32 flags;			/* WR_PMS_* */
	char name[WR_PMS_NAME_LEN];	/* dev_name() */
};

#endif
