/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device nodes of the simulated driver as user space sees them: one misc
 * device per simulated GPU, /dev/wakeref-sim-i915.N and /dev/wakeref-sim-xe.N
 * (named after the platform device; sim_node.c), and their ioctls.  Shared by
 * the module and tests/sim/user/wakeref-simuser.c.
 *
 *   WAKEREF_SIM_IOC_MMAP_OFFSET   the fake mmap offset of GEM object / BO NAME
 *                                 (made by ctl "gem_create DEV NAME KIND"), as
 *                                 DRM_IOCTL_I915_GEM_MMAP_OFFSET gives it; then
 *                                 mmap(MAP_SHARED) at that offset, and every
 *                                 first touch of a page is a real page fault
 *                                 into vm_fault_gtt / vm_fault_ttm / xe_gem_fault
 *   WAKEREF_SIM_IOC_SVM_BIND      xe only: create the device's GPU SVM
 *                                 (drm_gpusvm) for the caller's mm, mirroring
 *                                 [start, start + size) (a CPU address mirror VMA)
 *   WAKEREF_SIM_IOC_SVM_FAULT     xe only: a GPU page fault at addr, as if the GPU
 *                                 touched it: its range is found or inserted
 *                                 and its pages got (hmm_range_fault)
 *   WAKEREF_SIM_IOC_SVM_FINI      xe only: tear the GPU SVM down (drm_gpusvm_fini)
 *   WAKEREF_SIM_IOC_CLIENT_ID     the file's DRM client id, what fdinfo's
 *                                 drm-client-id says on a real node (6.5+; 0
 *                                 before: the client is the drm_file's address)
 *
 * And, as on a real DRM node, DRM ioctls (type 'd') with the real drivers'
 * numbers and structs (uapi xe_drm.h):
 *
 *   DRM_IOCTL_XE_EXEC             xe only: a job on exec queue exec_queue_id
 *                                 ("q<id>") for the batch at address, named
 *                                 "exec-<address in hex>" for ctl job_destroy
 *                                 (xe_exec_ioctl(): the job holds a wakeref
 *                                 until it is freed)
 *   DRM_IOCTL_I915_GEM_EXECBUFFER2  i915 only: a request on the GT
 *                                 (i915_gem_execbuffer2_ioctl(): the request
 *                                 keeps the GT awake until it is retired, here
 *                                 when the file that submitted it is closed)
 */
#ifndef WAKEREF_SIM_UAPI_H
#define WAKEREF_SIM_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define WAKEREF_SIM_NAME_LEN		32

struct wakeref_sim_mmap_offset {
	char name[WAKEREF_SIM_NAME_LEN];	/* in: NUL-terminated */
	__u64 offset;				/* out: for mmap() */
	__u64 size;				/* out: bytes */
};

#define WAKEREF_SIM_SVM_READ_ONLY	(1u << 0)	/* bind: a read-only mirror */

struct wakeref_sim_svm_bind {
	__u64 start;				/* page aligned */
	__u64 size;
	__u32 flags;				/* WAKEREF_SIM_SVM_* */
	__u32 pad;
};

struct wakeref_sim_svm_fault {
	__u64 addr;				/* in */
	__u64 start;				/* out: the range, first byte */
	__u64 last;				/* out: the range, last byte */
};

#define WAKEREF_SIM_IOC_MMAP_OFFSET	_IOWR('W', 0x40, struct wakeref_sim_mmap_offset)
#define WAKEREF_SIM_IOC_SVM_BIND	_IOW('W', 0x41, struct wakeref_sim_svm_bind)
#define WAKEREF_SIM_IOC_SVM_FAULT	_IOWR('W', 0x42, struct wakeref_sim_svm_fault)
#define WAKEREF_SIM_IOC_SVM_FINI	_IO('W', 0x43)
#define WAKEREF_SIM_IOC_CLIENT_ID	_IOR('W', 0x44, __u64)

/* uapi drm.h, xe_drm.h */
#define DRM_IOCTL_BASE			'd'
#define DRM_COMMAND_BASE		0x40
#define DRM_XE_EXEC			0x09

struct drm_xe_exec {
	__u64 extensions;
	__u32 exec_queue_id;
	__u32 num_syncs;
	__u64 syncs;
	__u64 address;
	__u16 num_batch_buffer;
	__u16 pad[3];
	__u64 reserved[2];
};

#define DRM_IOCTL_XE_EXEC	_IOW(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_XE_EXEC, \
				     struct drm_xe_exec)

/* uapi i915_drm.h */
#define DRM_I915_GEM_EXECBUFFER2	0x29

struct drm_i915_gem_execbuffer2 {
	__u64 buffers_ptr;
	__u32 buffer_count;
	__u32 batch_start_offset;
	__u32 batch_len;
	__u32 DR1;
	__u32 DR4;
	__u32 num_cliprects;
	__u64 cliprects_ptr;
	__u64 flags;
	__u64 rsvd1;
	__u64 rsvd2;
};

#define DRM_IOCTL_I915_GEM_EXECBUFFER2	_IOW(DRM_IOCTL_BASE, \
					     DRM_COMMAND_BASE + DRM_I915_GEM_EXECBUFFER2, \
					     struct drm_i915_gem_execbuffer2)

#endif /* WAKEREF_SIM_UAPI_H */
