/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wr_userfault.h - the records of the userfault-list view, shared by
 * bpf/userfault.bpf.c and userspace/model/userfault.c (ring buffer
 * "uf_events").
 *
 * The lists: i915's GGTT list (to_gt(i915)->ggtt->userfault_list) and lmem
 * list (i915->runtime_pm.lmem_userfault_list, in struct intel_gt before
 * 6.1.10), both linked through obj->userfault_link; xe's VRAM list
 * (xe->mem_access.vram_userfault.list, bo->vram_userfault_link).  Runtime
 * suspend revokes the CPU mmaps of every object on them and must leave them
 * empty.
 *
 * At attach the lists are read as they are (WR_HOOK_UF_*_LISTED): one record
 * per object found on a list, its list in .list, with no task or stack (the
 * fault that listed it was before tracing).
 *
 * Every record carries what the BPF program read of the object's own state
 * right after the traced call (or right before it, for entry hooks): whether
 * its list link is linked, and i915's userfault_count.  Membership is taken
 * from there, not from which function ran.
 */
#ifndef WR_USERFAULT_H
#define WR_USERFAULT_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#include "wakeref.h"

/* Objects of each list a suspend-exit record names, walking the driver's list. */
#define WR_UF_MAX_LEFT	8

enum wr_uf_list {
	WR_UF_LIST_NONE = 0,
	WR_UF_LIST_GGTT,	/* i915 GTT mmaps */
	WR_UF_LIST_LMEM,	/* i915 lmem (TTM) mmaps */
	WR_UF_LIST_VRAM,	/* xe VRAM mmaps */
	WR_UF_NR_LISTS,
};

/* wr_uf_event.flags */
#define WR_UFF_LINKED		(1u << 0)	/* the object's list link is on a list */
#define WR_UFF_COUNT		(1u << 1)	/* userfault_count was read (i915) */
#define WR_UFF_HEADS_READ	(1u << 2)	/* suspend exit: the list heads were read */
#define WR_UFF_NONEMPTY_SHIFT	3		/* + list: that list head is not empty */
#define WR_UFF_NONEMPTY(l)	(1u << (WR_UFF_NONEMPTY_SHIFT + (l)))
#define WR_UFF_TRUNCATED	(1u << 8)	/* suspend exit: more objects than left[];
						 * listed at attach: more than WR_UF_ATTACH_MAX */
#define WR_UFF_MMAP_TYPE	(1u << 9)	/* mmap_type is i915's enum i915_mmap_type */

/* Objects a walk at attach reads of one list (records beyond: none, flagged). */
#define WR_UF_ATTACH_MAX	1024

/*
 * One traced call of the userfault hooks (enum wr_hook WR_HOOK_UF_*).
 * Faults and removals name the object; suspend records only the device.
 */
struct wr_uf_event {
	__u64 ts_ns;		/* bpf_ktime_get_ns() */
	__u64 obj;		/* struct drm_i915_gem_object * or struct xe_bo *; 0: none */
	__u64 drm;		/* struct drm_device * of the object or device */
	__u64 size;		/* object size in bytes, 0 if unknown */
	__u64 left[WR_UF_MAX_LEFT];	/* suspend exit: objects still listed */
	__u8 left_list[WR_UF_MAX_LEFT];	/* ... and the list (enum wr_uf_list) of each */
	__u32 pid;		/* thread id */
	__u32 tgid;
	__u32 drops;		/* uf_events records lost before this one, in all */
	__u32 userfault_count;	/* i915 obj->userfault_count (WR_UFF_COUNT) */
	__u32 ret;		/* a fault handler's vm_fault_t */
	__u32 flags;		/* WR_UFF_* */
	__u16 hook;		/* enum wr_hook */
	__u8 driver;		/* enum wr_driver */
	__u8 mmap_type;		/* WR_UFF_MMAP_TYPE: enum i915_mmap_type */
	__u8 nr_left;		/* entries of left[] */
	__u8 list;		/* WR_HOOK_UF_*_LISTED: the list the object is on */
	__u8 pad[2];
	__s32 nr_frames;	/* frames in stack[], or -errno from bpf_get_stack */
	char comm[WR_COMM_LEN];
	char dev[WR_DEV_LEN];	/* dev_name() of drm->dev */
	__u32 pad2;
	__u64 stack[WR_MAX_FRAMES];
};

#endif /* WR_USERFAULT_H */
