/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wr_svm.h - the records of the GPU SVM view (bpf/svm.bpf.c ->
 * userspace/model/svm_model.c), through ring buffer "svm_events".
 * Fixed-width types only: both sides must agree byte for byte.
 *
 * One record per traced call (the hook says which), with what the call
 * touched read back from the kernel's own structs after it ran (CO-RE):
 * the GPU SVM, the notifier and range, their intervals and the range's
 * flags.  Records that create something (init, notifier insert, range
 * insert or alloc) carry the kernel stack that created it.
 */
#ifndef WR_SVM_H
#define WR_SVM_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif
#include "wakeref.h"

/*
 * Range flags, in the order the oracle prints them (sorted by name).  6.17:
 * range->flags; 6.18-7.2: range->pages.flags; 7.3: range->flags (the
 * first three below) and the driver range's pages.flags (the others).
 */
#define WR_SVMF_HAS_DEVMEM_PAGES	(1u << 0)
#define WR_SVMF_HAS_DMA_MAPPING		(1u << 1)
#define WR_SVMF_MIGRATE_DEVMEM		(1u << 2)
#define WR_SVMF_PARTIAL_UNMAP		(1u << 3)
#define WR_SVMF_UNMAPPED		(1u << 4)
#define WR_SVMF_NR			5

/*
 * enum mmu_notifier_event, renumbered by the BPF side with CO-RE (the
 * kernel's values are not ABI).
 */
enum wr_svm_mmu_event {
	WR_SVM_EV_UNMAP = 0,
	WR_SVM_EV_CLEAR,
	WR_SVM_EV_PROTECTION_VMA,
	WR_SVM_EV_PROTECTION_PAGE,
	WR_SVM_EV_SOFT_DIRTY,
	WR_SVM_EV_RELEASE,
	WR_SVM_EV_MIGRATE,
	WR_SVM_EV_EXCLUSIVE,
	WR_SVM_EV_OTHER,		/* a value this build does not know */
	WR_SVM_EV__COUNT
};

struct wr_svm_record {
	__u64 ts_ns;		/* bpf_ktime_get_ns() */
	__u64 seq;		/* taken before the ring-buffer reserve: a gap is a lost record */
	__u64 gpusvm;		/* struct drm_gpusvm * */
	__u64 notifier;		/* struct drm_gpusvm_notifier * (not the mmu_interval_notifier) */
	__u64 range;		/* struct drm_gpusvm_range * */
	__u64 mm;		/* init: gpusvm->mm (0: a "simple" userptr-only GPU SVM) */
	__u64 start;		/* range, notifier, invalidated or pages interval ... */
	__u64 last;		/* ... inclusive */
	__u64 nstart;		/* the range's notifier interval, inclusive */
	__u64 nlast;
	__s64 ret;		/* fexit: the return value (int, bool or pointer) */
	__u64 held_ns;		/* invalidate: the notifier lock held (driver's callback on); 0: unknown */
	__u16 hook;		/* enum wr_hook, one of WR_HOOK_SVM_* */
	__u16 flags;		/* WR_SVMF_* set, read after the call */
	__u16 flags_valid;	/* WR_SVMF_* read (this kernel's structs have them) */
	__u8 event;		/* invalidate: enum wr_svm_mmu_event */
	__u8 pad;
	__u32 pid;
	__u32 tgid;
	__s32 nr_frames;	/* frames in stack[], 0 when not taken, -errno */
	__u32 pad2;
	char comm[WR_COMM_LEN];
	char dev[WR_DEV_LEN];	/* dev_name() of the GPU SVM's device */
	__u64 stack[WR_MAX_FRAMES];
};

#endif /* WR_SVM_H */
