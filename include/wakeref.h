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
 * Every attach point wakeref knows.  The frontend's hook table
 * (userspace/drivers/hooks.c) maps each to its driver, kernel function, role
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
	/*
	 * i915 display on 6.19+: static wrappers installed in
	 * i915_display_rpm_interface that reach the runtime-PM core without
	 * the global entry points above: they call i915's internal get/put
	 * directly, and in 7.2/7.3 intel_runtime_pm_get_raw/_put_raw have no
	 * caller left (userspace/drivers/README.md).
	 */
	WR_HOOK_I915_DISP_GET,		/* i915_display_rpm_get */
	WR_HOOK_I915_DISP_GET_RAW,	/* i915_display_rpm_get_raw */
	WR_HOOK_I915_DISP_GET_IF_IN_USE,	/* i915_display_rpm_get_if_in_use */
	WR_HOOK_I915_DISP_GET_NORESUME,	/* i915_display_rpm_get_noresume */
	WR_HOOK_I915_DISP_PUT,		/* i915_display_rpm_put */
	WR_HOOK_I915_DISP_PUT_RAW,	/* i915_display_rpm_put_raw */
	WR_HOOK_I915_DISP_PUT_UNCHECKED,	/* i915_display_rpm_put_unchecked */
	/*
	 * Userfault lists (include/wr_userfault.h, bpf/userfault.bpf.c):
	 * the objects whose CPU mmaps runtime suspend revokes.
	 */
	WR_HOOK_UF_I915_FAULT_GTT,	/* vm_fault_gtt: GGTT mmap fault */
	WR_HOOK_UF_I915_FAULT_TTM,	/* vm_fault_ttm: lmem (TTM) mmap fault */
	WR_HOOK_UF_I915_REVOKE,		/* i915_vma_revoke_mmap */
	WR_HOOK_UF_I915_RELEASE_GTT,	/* __i915_gem_object_release_mmap_gtt */
	WR_HOOK_UF_I915_UNMAP_VIRTUAL,	/* i915_ttm_unmap_virtual: lmem release */
	WR_HOOK_UF_I915_RPM_RELEASE,	/* i915_gem_object_runtime_pm_release_mmap_offset */
	WR_HOOK_UF_I915_FREE,		/* i915_gem_free_object: the object dies */
	WR_HOOK_UF_I915_SUSPEND_ENTER,	/* i915_gem_runtime_suspend, entry */
	WR_HOOK_UF_I915_SUSPEND_EXIT,	/* i915_gem_runtime_suspend, exit: lists drained? */
	WR_HOOK_UF_XE_GEM_FAULT,	/* xe_gem_fault (up to 6.17) */
	WR_HOOK_UF_XE_CPU_FAULT,	/* xe_bo_cpu_fault (6.18+) */
	WR_HOOK_UF_XE_RPM_RELEASE,	/* xe_bo_runtime_pm_release_mmap_offset */
	WR_HOOK_UF_XE_MOVE_NOTIFY,	/* xe_bo_move_notify */
	WR_HOOK_UF_XE_DESTROY,		/* xe_ttm_bo_destroy */
	WR_HOOK_UF_XE_SUSPEND_ENTER,	/* xe_pm_runtime_suspend, entry */
	WR_HOOK_UF_XE_SUSPEND_EXIT,	/* xe_pm_runtime_suspend, exit: list drained? */
	/* end of userfault hooks */
	/*
	 * GPU SVM (include/wr_svm.h, bpf/svm.bpf.c): notifiers, ranges,
	 * invalidations, the garbage collector.
	 */
	WR_HOOK_SVM_INIT,		/* drm_gpusvm_init, where xe_svm_init is not traced */
	WR_HOOK_SVM_XE_INIT,		/* xe_svm_init: 1 argument (the above: 9-11) */
	WR_HOOK_SVM_FINI_ENTER,		/* drm_gpusvm_fini, entry */
	WR_HOOK_SVM_FINI_EXIT,		/* drm_gpusvm_fini, exit: what is left is leaked */
	WR_HOOK_SVM_NOTIFIER_INSERT,	/* mmu_interval_notifier_insert (vmlinux) */
	WR_HOOK_SVM_NOTIFIER_REMOVE,	/* mmu_interval_notifier_remove (vmlinux) */
	WR_HOOK_SVM_XE_INVALIDATE,	/* xe_svm_invalidate (ops->invalidate): the lock is held */
	WR_HOOK_SVM_INVALIDATE_EXIT,	/* drm_gpusvm_notifier_invalidate, exit: time locked */
	WR_HOOK_SVM_RANGE_INSERT,	/* drm_gpusvm_range_find_or_insert */
	WR_HOOK_SVM_RANGE_REMOVE,	/* drm_gpusvm_range_remove */
	WR_HOOK_SVM_RANGE_UNMAPPED,	/* drm_gpusvm_range_set_unmapped */
	WR_HOOK_SVM_RANGE_GET_PAGES,	/* drm_gpusvm_range_get_pages (6.17-7.2) */
	WR_HOOK_SVM_GET_PAGES,		/* drm_gpusvm_get_pages (7.3: the above is gone) */
	WR_HOOK_SVM_RANGE_UNMAP_PAGES,	/* drm_gpusvm_range_unmap_pages (6.17-7.2) */
	WR_HOOK_SVM_UNMAP_PAGES,	/* drm_gpusvm_unmap_pages (7.3: the above is gone) */
	WR_HOOK_SVM_RANGE_EVICT,	/* drm_gpusvm_range_evict */
	WR_HOOK_SVM_XE_RANGE_ALLOC,	/* xe_svm_range_alloc */
	WR_HOOK_SVM_XE_RANGE_FREE,	/* xe_svm_range_free */
	WR_HOOK_SVM_XE_GC,		/* __xe_svm_garbage_collector, entry */
	/* end of SVM hooks */
	/*
	 * Objects that link a get to its put across functions (drivers/hooks.c):
	 * the function's argument (container_of'd) or return value is the
	 * object a get or put inside it is for (WR_EV_OBJ events, by kprobe).
	 */
	WR_HOOK_OBJ_XE_JOB_CREATE,	/* xe_sched_job_create: returns the job */
	WR_HOOK_OBJ_XE_JOB_DESTROY,	/* xe_sched_job_destroy(&job->refcount) */
	WR_HOOK_OBJ_XE_TLB_FENCE_INIT,	/* xe_gt_tlb_invalidation_fence_init(gt, fence, ...) */
	WR_HOOK_OBJ_XE_TLB_FENCE_SIGNAL,	/* __invalidation_fence_signal(xe, fence) */
	WR_HOOK_OBJ_XE_TLB_INVAL_INIT,	/* xe_tlb_inval_fence_init(tlb_inval, fence, ...) */
	WR_HOOK_OBJ_XE_TLB_INVAL_SIGNAL,	/* xe_tlb_inval_fence_signal(fence) */
	WR_HOOK_OBJ_XE_TLB_JOB_CREATE,	/* xe_tlb_inval_job_create: returns the job */
	WR_HOOK_OBJ_XE_TLB_JOB_DESTROY,	/* xe_tlb_inval_job_destroy(&job->refcount) */
	WR_HOOK_OBJ_XE_MSG_ADD,		/* guc_exec_queue_add_msg(q, msg, opcode) */
	WR_HOOK_OBJ_XE_MSG_PROCESS,	/* guc_exec_queue_process_msg(msg) */
	WR_HOOK_OBJ_XE_VM_CREATE,	/* xe_vm_create: returns the VM */
	WR_HOOK_OBJ_XE_VM_DESTROY_WORK,	/* vm_destroy_work_func(&vm->destroy_work) */
	WR_HOOK_OBJ_XE_DMA_BUF_ATTACH,	/* xe_dma_buf_attach(dmabuf, attach) */
	WR_HOOK_OBJ_XE_DMA_BUF_DETACH,	/* xe_dma_buf_detach(dmabuf, attach) */
	WR_HOOK_OBJ_I915_VMA_RES_UNBIND,	/* i915_vma_resource_unbind(vma_res, tlb) */
	WR_HOOK_OBJ_I915_VMA_RES_UNHOLD,	/* __i915_vma_resource_unhold(vma_res) */
	WR_HOOK_OBJ_I915_WF_GET_FIRST,	/* __intel_wakeref_get_first(wf) */
	WR_HOOK_OBJ_I915_WF_PUT_LAST,	/* __intel_wakeref_put_last(wf, flags) */
	WR_HOOK_OBJ_I915_WF_PUT_LAST2,	/* ____intel_wakeref_put_last(wf) */
	WR_HOOK_OBJ_I915_WF_PUT_WORK,	/* __intel_wakeref_put_work(&wf->work.work) */
	WR_HOOK_OBJ_XE_COMMIT,		/* intel_atomic_commit(dev, state, nonblock) */
	WR_HOOK_OBJ_XE_COMMIT_TAIL,	/* intel_atomic_commit_tail(state) */
	WR_HOOK_OBJ_XE_CT_SEND,		/* guc_ct_send_locked(ct, ...): first G2H credit */
	WR_HOOK_OBJ_XE_CT_RELEASE,	/* __g2h_release_space(ct, len): last credit */
	WR_HOOK_OBJ_XE_CT_STOP,		/* xe_guc_ct_stop(ct): credits dropped (6.12) */
	WR_HOOK_OBJ_XE_CT_CHANGE_STATE,	/* guc_ct_change_state(ct, state) (7.x) */
	WR_HOOK_OBJ_XE_CT_FAST_PATH,	/* xe_guc_ct_fast_path(ct): its own get and put */
	WR_HOOK_OBJ_XE_CT_RECEIVE,	/* receive_g2h(ct): its own get and put */
	/* end of object hooks */
	/*
	 * System sleep and unbind (WR_EV_PHASE): the drivers' dev_pm_ops
	 * system suspend and resume callbacks, and the end of their teardown.
	 */
	WR_HOOK_PH_I915_SUSPEND,	/* i915_pm_suspend(kdev), entry: what is held */
	WR_HOOK_PH_I915_SUSPEND_EXIT,	/* i915_pm_suspend, return: suspended if 0 */
	WR_HOOK_PH_I915_RESUME_EARLY,	/* i915_pm_resume_early(kdev), entry */
	WR_HOOK_PH_I915_RESUME,		/* i915_pm_resume(kdev), entry */
	WR_HOOK_PH_I915_RELEASE,	/* intel_runtime_pm_driver_release(rpm): its WARN */
	WR_HOOK_PH_XE_SUSPEND,		/* xe_pm_suspend(xe), entry */
	WR_HOOK_PH_XE_SUSPEND_EXIT,	/* xe_pm_suspend, return */
	WR_HOOK_PH_XE_RESUME,		/* xe_pm_resume(xe), entry */
	WR_HOOK_PH_XE_FINI,		/* xe_pm_fini(xe) (6.18+), entry: end of xe_pci_remove */
	WR_HOOK_PH_XE_RUNTIME_FINI,	/* xe_pm_runtime_fini(xe) (6.12: global), entry */
	/* end of phase hooks */
	/* userfault lists as they are at attach (appended: recordings keep the numbers) */
	WR_HOOK_UF_I915_LISTED,		/* pm_runtime_active_time(dev): i915's lists read */
	WR_HOOK_UF_XE_LISTED,		/* pm_runtime_active_time(dev): xe's list read */
	WR_HOOK__COUNT
};

/*
 * What a session traces: each attach-plan row belongs to one feature, each
 * feature has its own ring buffer (owners: "events", userfault: "uf_events",
 * SVM: "svm_events") so that a flood of one cannot starve another.
 */
enum wr_feature {
	WR_FEAT_OWNERS		= 1u << 0,	/* runtime-PM wakeref owners */
	WR_FEAT_USERFAULT	= 1u << 1,	/* userfault lists */
	WR_FEAT_SVM		= 1u << 2,	/* GPU SVM notifiers and ranges */
	WR_FEAT_ALL		= (1u << 3) - 1,
};

enum wr_ev_type {
	WR_EV_GET = 1,		/* a wakeref was taken */
	WR_EV_GET_FAILED,	/* a conditional get returned "no wakeref" */
	WR_EV_PUT,		/* a wakeref was released */
	/*
	 * A function that links a get to its put was entered (argument) or
	 * returned (return value): cookie is the object, obj and the stack
	 * are empty.  The task's next get or put inside that function, or its
	 * get just made there, is for that object (userspace/model/site.c).
	 */
	WR_EV_OBJ,
	/*
	 * A system sleep or unbind step of a device (the hook's row says
	 * which, drivers/hooks.c): obj is the driver object where the
	 * function takes one (0: the device is named by dev only), cookie the
	 * return value of a step seen at return.  No stack is kept.
	 */
	WR_EV_PHASE,
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
 * Seen by a tracepoint (the fallback when neither fentry nor kprobes can be
 * used): the device is keyed by its name (wr_tracepoint.h), and gets through
 * variants without a tracepoint are not seen, so a put that nothing ties to
 * a traced owner is unmatched rather than paired by fallback.
 */
#define WR_EVF_TRACEPOINT	(1u << 5)
/*
 * The stack came from bpf_get_stack() although the fast unwinder was on: a
 * return address in it was not (yet) in map "wr_unwind".  The frontend
 * looks the stack's return addresses up and fills the map (unwind.c).
 */
#define WR_EVF_UNWIND_MISS	(1u << 6)
/*
 * Tail calls.  A get or put that a function F reached by a jump (F's last
 * act, "jmp intel_runtime_pm_put_unchecked") has F's caller's return
 * address right above it, and F is nowhere on the stack.  The call before
 * that return address names F: stack[1] is then F's first byte, put back
 * (a return address is never a function's first byte, so the frontend
 * knows the frame as restored).  WR_EVF_CALL_UNSEEN: the call before it is
 * not a direct call (indirect, or unreadable): not checked, never guessed.
 */
#define WR_EVF_TAIL_CALL	(1u << 7)
#define WR_EVF_CALL_UNSEEN	(1u << 8)
/* wr_event.client is the DRM client's id (drm_file.client_id), not its pointer */
#define WR_EVF_CLIENT_ID	(1u << 9)
/* the get was taken in a system call: wr_event.sys_nr says which */
#define WR_EVF_SYSCALL		(1u << 10)

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
	/*
	 * During what (gets only; puts: all 0): with WR_EVF_SYSCALL, the
	 * system call the task was in, read from its user registers (x86-64 numbers), and
	 * for an ioctl its cmd and, for a DRM ioctl (type 'd'), the file's
	 * private data, the struct drm_file *, or its client_id where the
	 * kernel has one (WR_EVF_CLIENT_ID).  An interrupt or a worker has
	 * none: the frontend names those from the stack.
	 */
	__u64 client;		/* 0: none */
	__u32 sys_nr;		/* WR_EVF_SYSCALL: the system call's number */
	__u32 ioctl_cmd;	/* sys_nr is ioctl (16): its cmd */
	__u64 stack[WR_MAX_FRAMES];
};
#define WR_NR_IOCTL		16	/* __NR_ioctl, x86-64 */

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
	WR_HK_OBJ_ARG,		/* entry: argument obj_arg, minus obj_off, is the object */
	WR_HK_OBJ_RET,		/* return: the return value, minus obj_off, is the object */
	WR_HK_PHASE,		/* entry: a system sleep or unbind step (phase_arg says how) */
	WR_HK_PHASE_RET,	/* return: the same, with the return value */
};

/* What the first argument of a WR_HK_PHASE* function is. */
enum wr_phase_arg {
	WR_PA_KDEV = 0,		/* struct device *: named by dev, obj 0 */
	WR_PA_OBJ,		/* the driver's object (intel_runtime_pm *, xe_device *) */
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
	__u8 obj_arg;		/* WR_HK_OBJ_ARG: which argument, from 0 */
	__u8 phase_arg;		/* WR_HK_PHASE*: enum wr_phase_arg */
	__u8 pad[2];
	__u32 obj_off;		/* subtracted: the member's offset in its container */
};

/* Per-program counters, one slot per hook (array map "wr_stats", per CPU). */
struct wr_hook_stats {
	__u64 events;		/* events submitted */
	__u64 ringbuf_drops;	/* bpf_ringbuf_reserve() failed */
	__u64 stack_errors;	/* bpf_get_stack() failed */
	__u64 unwind_fast;	/* stacks walked by the fast unwinder */
	__u64 unwind_slow;	/* stacks it left to bpf_get_stack() (a miss) */
	__u64 unwind_mismatch;	/* WAKEREF_UNWIND=verify: fast and slow stacks differed */
};

/*
 * The fast unwinder (bpf/wr_unwind.bpf.h, fast_stack()): bpf_get_stack()
 * spends most of an event walking up through its own frames and searching
 * the kernel's ORC tables; the frontend instead hands the programs, per
 * return address met in a stack, what the kernel's ORC unwinder would do
 * at that address (userspace/kernel/unwind.c, from the kernel's own
 * tables), and a program walks its stack with a map lookup or two per
 * frame, and a load per stack word (bpf_rdonly_cast(), 6.2+; on 6.1, a read
 * of 512 bytes serves several frames).  An address missing from the map
 * sends the event the slow way (WR_EVF_UNWIND_MISS), so a stack is never
 * guessed.
 *
 * Map "wr_unwind": array of WR_UNWIND_SLOTS entries, the entry of return
 * address IP in one of the two slots of the pair WR_UNWIND_SLOT(IP) (two
 * ways: addresses that collide do not evict each other), and
 * one more, the control slot WR_UNWIND_CTL: its gen is the generation
 * (bumped at every module load and unload: an entry of another generation
 * is stale), its mode the enum wr_unwind_mode the programs follow.
 * Only frames of type "call" are described; anything else (interrupt and
 * exception entries, unknown code) is left out and takes the slow way.
 */
#define WR_UNWIND_SLOTS		(1u << 14)
#define WR_UNWIND_SLOT(ip)	((__u32)(((__u64)(ip) * 0x9e3779b97f4a7c15ULL) >> 50) & ~1u)
#define WR_UNWIND_CTL		WR_UNWIND_SLOTS

enum wr_unwind_mode {
	WR_UNWIND_OFF = 0,	/* bpf_get_stack() only */
	WR_UNWIND_FAST,		/* the map first, bpf_get_stack() on a miss */
	WR_UNWIND_VERIFY,	/* both, counting stacks that differ (tests) */
};

enum wr_unwind_bp {
	WR_UNW_BP_KEEP = 0,	/* the caller's frame pointer is the same register value */
	WR_UNW_BP_PREV_SP,	/* saved at CFA + bp_offset */
	WR_UNW_BP_BP,		/* saved at bp + bp_offset */
};

struct wr_unwind_entry {
	__u64 ip;		/* the return address described; 0: empty slot */
	__u32 gen;		/* unwind_gen when looked up: module loads/unloads bump it */
	__s16 sp_offset;	/* CFA (the caller's stack pointer) = base + sp_offset */
	__s16 bp_offset;
	__u8 cfa_bp;		/* base is the frame pointer, not the stack pointer */
	__u8 bp_rule;		/* enum wr_unwind_bp */
	__u8 end;		/* the last frame: nothing calls it */
	/*
	 * An entry from user space (a system call): the frame holds the task's
	 * pt_regs at base + sp_offset, and is the last if they are user
	 * registers (an interrupted kernel is left to bpf_get_stack()).
	 */
	__u8 regs;
	__u8 mode;		/* control slot only: enum wr_unwind_mode */
	__u8 pad[3];
};
/* offsetof(struct pt_regs, ip) on x86-64 */
#define WR_PT_REGS_IP		128

#endif /* WAKEREF_H */
