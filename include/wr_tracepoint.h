/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wr_tracepoint.h - the tracepoint fallback, shared by its BPF program
 * (wr_tp_rpm in wakeref.bpf.c) and the frontend that checks the layout
 * against tracefs before attaching (userspace/kernel/tracefs.c).
 *
 * xe's runtime-PM tracepoints (xe_trace.h, 6.12+; absent in 6.11) are
 * one event class, xe_pm_runtime: TP_PROTO(struct xe_device *xe, void
 * *caller), entry __string(dev, dev_name(xe->drm.dev)) then void *caller.
 * The record carries no struct xe_device pointer: the device is keyed by
 * its name (wr_dev_name_key()).
 */
#ifndef WR_TRACEPOINT_H
#define WR_TRACEPOINT_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* The record of an xe_pm_runtime event, as the format file describes it. */
struct wr_tp_rpm_record {
	__u64 common;		/* common_type, _flags, _preempt_count, _pid: not read */
	__u32 dev_loc;		/* __data_loc char[] dev: offset | length << 16 */
	__u32 pad;
	__u64 caller;		/* void *caller: __builtin_return_address(0) of the xe function */
};

#define WR_TP_DEV_FIELD		"dev"
#define WR_TP_DEV_TYPE		"__data_loc char[]"
#define WR_TP_CALLER_FIELD	"caller"
#define WR_TP_CALLER_TYPE	"void *"

/*
 * A device keyed by name: FNV-1a of the name (up to LEN bytes or its NUL)
 * with bit 62 set and bit 63 clear.  Kernel pointers on x86-64 have bit 63
 * set, so the key never equals a struct xe_device * of another mode.
 */
#define WR_NAME_KEY_MARK	(1ULL << 62)
#define WR_NAME_KEY_MASK	((1ULL << 62) - 1)

static __inline__ __attribute__((always_inline))
__u64 wr_dev_name_key(const char *name, unsigned int len)
{
	__u64 h = 0xcbf29ce484222325ULL;
	unsigned int i;

	for (i = 0; i < 32 && i < len; i++) {
		if (!name[i])
			break;
		h = (h ^ (__u8)name[i]) * 0x100000001b3ULL;
	}
	return WR_NAME_KEY_MARK | (h & WR_NAME_KEY_MASK);
}

static __inline__ __attribute__((always_inline)) int wr_is_name_key(__u64 obj)
{
	return (obj & ~WR_NAME_KEY_MASK) == WR_NAME_KEY_MARK;
}

#endif /* WR_TRACEPOINT_H */
