/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wakeref_sim - a simulated GPU driver that takes and releases runtime-PM
 * wakerefs through the real i915 and xe entry-point names, so the wakeref
 * tool can be tested in a guest with no Intel GPU.  The module also keeps an
 * exact record of every runtime-PM reference it holds (the "oracle") to diff
 * the tool against.
 *
 * Layering:
 *   sim_ctl.c            debugfs command parser: a line becomes a struct sim_cmd
 *   sim_ops.c            runs a sim_cmd: takes/allocates oracle records, checks
 *                        the context, dispatches the site call (sim_ctx.c)
 *   sim_ctx.c            the contexts an op runs in: the writer, a named kthread,
 *                        a workqueue, a timer (softirq), an irq_work (hard IRQ),
 *                        or later, from a device's system suspend/resume callback
 *   sim_sleep.c          system sleep and unbind: the ops deferred to those
 *                        callbacks, debugfs "sleep", what unbind leaves (log)
 *   sim_sites.c          the call sites: each site function calls the driver's
 *                        entry point itself, so it is a real frame; the tables
 *                        of variants and put kinds
 *   sim_i915_sites.h     the i915 part of a site's body (rpm, display, GT, auto)
 *   sim_i915_rpm.c       i915 runtime-PM entry points (intel_runtime_pm.c),
 *                        and display's 6.19+ ops i915_display_rpm_*
 *   sim_i915_rpm_debug.c the CONFIG_DRM_I915_DEBUG_RUNTIME_PM tracking, only
 *                        in the SIM_DEBUG_RPM=1 build
 *   sim_i915_display.c   display power domains (intel_display_power.c)
 *   sim_i915_display_rpm.c display's 6.17+ runtime-PM layer
 *                        intel_display_rpm_* (intel_display_rpm.c)
 *   sim_i915_wakeref.c   struct intel_wakeref and intel_wakeref_auto
 *                        (intel_wakeref.c)
 *   sim_i915_gt.c        the GT wakeref's ops, __gt_unpark/__gt_park
 *                        (intel_gt_pm.c)
 *   sim_i915_drv.c       the i915 platform driver: probe/remove, PM callbacks
 *                        (runtime, and system sleep: i915_pm_suspend, ...)
 *   sim_xe_pm.c          xe runtime-PM entry points, xe_pm_suspend/_resume,
 *                        xe_pm_fini (xe_pm.c)
 *   sim_xe_drv.c         the xe platform driver (xe_pci_suspend/_resume)
 *   sim_bench.c          the bench op's timing and its debug-build tracking
 *   sim_oracle.c         owner records, counters, debugfs "oracle" and "owners"
 *   sim_oracle_stamp.c   when the oracle's gets and puts happened: armed by
 *                        the driver code, stamped by the entry points
 *   sim_oracle_pairs.c   which get each put ended, debugfs "pairs"
 *   sim_main.c           module parameters, device registry, init/exit
 *
 * GEM userfault lists and GPU SVM, driven by real page faults and real MMU
 * notifier invalidations of a user process (tests/sim/user/wakeref-simuser):
 *   sim_uapi.h           the device nodes' ioctls, shared with user space
 *   sim_drm.h            DRM core / TTM stand-ins (drm_gem_object, ttm_*)
 *   sim_gem.[ch]         objects' lifetime, fake mmap offsets, the anon inode
 *                        all mappings live in, the gem_* ctl commands, debugfs "gem"
 *   sim_node.c           /dev/wakeref-sim-{i915,xe}.N: open, mmap, ioctl
 *   sim_i915_gem.h       i915 GEM types (object, vma, GGTT, mmap offset)
 *   sim_i915_gem_object.c i915 objects: create, i915_gem_free_object, GGTT
 *   sim_i915_gem_mman.c  vm_fault_gtt, i915_vma_revoke_mmap, the release paths,
 *                        i915_gem_runtime_suspend (i915_gem_mman.c, i915_gem.c)
 *   sim_i915_gem_ttm.c   vm_fault_ttm, i915_ttm_unmap_virtual (lmem)
 *   sim_xe_bo.[ch]       xe BOs: xe_gem_fault, xe_bo_move_notify,
 *                        xe_ttm_bo_destroy, xe_bo_runtime_pm_release_mmap_offset
 *   sim_gpusvm.[ch]      drm_gpusvm (the 6.18 API) on mmu_interval_notifier and
 *                        HMM, where the kernel has none (6.1, 6.12); 6.18 and
 *                        7.x use drm_gpusvm_helper.ko (tests/sim/README.md)
 *   sim_xe_svm.[ch]      xe's GPU SVM (6.18's or 7.3's xe_svm.c): ops callbacks,
 *                        garbage collector, faults
 *
 * The oracle's owner rule.  The oracle records every runtime-PM reference
 * the simulation holds: for i915 one record per unit of rpm->wakeref_count
 * (a wakelock or a raw reference), for xe one per unit of the PM core's usage
 * count.  A record's owner is the caller of the outermost driver API function
 * on the stack when the reference was taken, counting only the unbroken chain
 * of driver API functions that ends at the runtime-PM entry point: walk up
 * from intel_runtime_pm_get*() / xe_pm_runtime_*() past every driver API
 * function; the first other frame is the owner.  Driver API functions are
 * intel_runtime_pm_get*, intel_display_power_get*,
 * __intel_display_power_put_async (for the raw reference it keeps),
 * __intel_wakeref_get_first, intel_wakeref_auto and xe_pm_runtime_*, and
 * between display and runtime PM the 6.17+ intel_display_rpm_* layer and
 * the 6.19+ i915_display_rpm_* and xe_display_rpm_* ops.
 * So:
 *   display_get DEV D X          -> sim_X     (X -> intel_display_power_get
 *                                              -> intel_runtime_pm_get)
 *   gt_get DEV Y (GT's own ref)  -> sim_Y     (Y -> __intel_wakeref_get_first)
 *   the GT_IRQ display wakeref   -> __gt_unpark (not an API function)
 *   display_put_async DEV D Z    -> sim_Z     for the raw ref kept until the
 *                                              work runs
 *   GT park's async put          -> __gt_park
 *   async put work requeued      -> intel_display_power_put_async_work
 *   wakeref_auto DEV W           -> sim_W
 * The code follows the rule by construction: a site records what it holds
 * right after the API call returns; an API function that keeps a reference
 * on its caller's behalf records it with its own return address (_RET_IP_);
 * __gt_unpark and the async-put work record what they hold with _THIS_IP_.
 * The drivers' paths (sim_paths.h) record what each function takes, with
 * _THIS_IP_, ioctl and G2H-reader references included.  Elsewhere,
 * references taken and dropped within one driver call (a racing first get,
 * the async-put work's own raw reference when not requeued, a display
 * get_if_enabled of a disabled domain, bench pairs) are not recorded; every
 * get and put still counts in the stats, which are counted in the entry
 * points themselves.  A recorded reference's put ends its record, and the
 * put's pair is logged (sim_oracle_pairs.c).
 *
 * The owners file's userfault and SVM lines: the contract wakeref's own
 * output follows (kinds "userfault" and "svm" of tests/scenario/scn_view.c:
 * compared when both sides print some line of the kind, line for line).
 * DEV is the platform device name; every address is 0x + lowercase hex, a
 * kernel address as %px prints it (16 digits), a user address unpadded.
 *
 *   userfault DEV LIST count=N
 *       for every device and each of its lists, always: i915 "ggtt"
 *       (to_gt(i915)->ggtt->userfault_list) and "lmem"
 *       (i915->runtime_pm.lmem_userfault_list); xe "vram"
 *       (xe->mem_access.vram_userfault.list).  N: objects on the list.
 *   userfault DEV LIST obj=0xADDR
 *       one per object on the list, ascending: the struct
 *       drm_i915_gem_object (i915) or struct xe_bo (xe), linked through
 *       obj->userfault_link / bo->vram_userfault_link.
 *   svm DEV gpusvms=N
 *       for every xe device, always: its live struct drm_gpusvm (from
 *       drm_gpusvm_init() to drm_gpusvm_fini(); 0 or 1 here).
 *   svm DEV gpusvm=0xADDR notifiers=N ranges=N
 *       one per GPU SVM: its notifiers (gpusvm->notifier_list) and ranges
 *       (over every notifier's range_list).
 *   svm DEV notifier 0xSTART-0xLAST
 *       one per notifier, ascending: notifier->itree.start and .last
 *       (inclusive), 2 MiB-aligned here.  All notifier lines come first.
 *   svm DEV range 0xSTART-0xLAST flags=FLAGS
 *       one per range, ascending: range->itree.start/.last; FLAGS the set
 *       ones of range->pages.flags among has_devmem_pages, has_dma_mapping,
 *       migrate_devmem, partial_unmap, unmapped, in that order,
 *       comma-separated, or "-" if none.
 * Counters, not compared: "userfault_stats DEV faults= added= removed=
 * drained=" (every device) and "svm_stats DEV faults= invalidations=
 * releases= unmapped= gc_runs= removed=" (xe devices).  The debugfs "gem"
 * file maps object names to addresses (sim_gem.c).
 */
#ifndef WAKEREF_SIM_H
#define WAKEREF_SIM_H

#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "sim_compat.h"

#define SIM_MAX_I915		4
#define SIM_MAX_XE		2
#define SIM_MAX_GPUS		(SIM_MAX_I915 + SIM_MAX_XE)
#define SIM_STACK_DEPTH		16
#define SIM_ALIAS_LEN		16
#define SIM_FUNC_LEN		64
#define SIM_MAX_SITES		64
#define SIM_MAX_PAIRS		16384	/* per device */

/*
 * A function that must stay a frame of its own under its own symbol: not
 * inlined, not cloned (.isra/.constprop), not folded with a twin (ICF).
 * fentry attaches by name and stacks are compared by name, so all three
 * would break the tests.  (Kbuild also turns off sibling calls, so no
 * caller disappears from a stack by a tail call.)
 */
#define __sim_frame	noinline __noipa

/* i915_utils.h (xe has it too) */
#define fetch_and_zero(ptr) ({						\
	typeof(*(ptr)) __T = *(ptr);					\
	*(ptr) = (typeof(*(ptr)))0;					\
	__T;								\
})

struct device;
struct seq_file;
struct sim_site;

enum sim_driver {
	SIM_DRV_I915,
	SIM_DRV_XE,
	SIM_DRV_NR
};

/* What one oracle record counts. */
enum sim_unit {
	SIM_UNIT_WAKELOCK,		/* i915: 1 + INTEL_RPM_WAKELOCK_BIAS */
	SIM_UNIT_RAW,			/* i915: 1 */
	SIM_UNIT_XE,			/* xe: 1 of the PM core's usage count */
};

/* What a site function is asked to do; one entry point per operation. */
enum sim_op {
	SIM_OP_NONE,
	SIM_OP_I915_GET,		/* intel_runtime_pm_get */
	SIM_OP_I915_GET_RAW,		/* intel_runtime_pm_get_raw */
	SIM_OP_I915_GET_IF_IN_USE,	/* intel_runtime_pm_get_if_in_use */
	SIM_OP_I915_GET_IF_ACTIVE,	/* intel_runtime_pm_get_if_active */
	SIM_OP_I915_GET_NORESUME,	/* intel_runtime_pm_get_noresume */
	SIM_OP_I915_PUT,		/* intel_runtime_pm_put (put_unchecked unless debug) */
	SIM_OP_I915_PUT_UNCHECKED,	/* intel_runtime_pm_put_unchecked */
	SIM_OP_I915_PUT_RAW,		/* intel_runtime_pm_put_raw */
	SIM_OP_DISPLAY_GET,		/* intel_display_power_get */
	SIM_OP_DISPLAY_GET_IF_ENABLED,	/* intel_display_power_get_if_enabled */
	SIM_OP_DISPLAY_PUT,		/* intel_display_power_put (unchecked unless debug) */
	SIM_OP_DISPLAY_PUT_ASYNC,	/* __intel_display_power_put_async */
	SIM_OP_DISPLAY_FLUSH,		/* intel_display_power_flush_work */
	SIM_OP_GT_GET,			/* intel_gt_pm_get -> __intel_wakeref_get_first */
	SIM_OP_GT_PUT,			/* intel_gt_pm_put -> __intel_wakeref_put_last */
	SIM_OP_GT_PUT_ASYNC,		/* intel_gt_pm_put_async */
	SIM_OP_WAKEREF_AUTO,		/* intel_wakeref_auto */
	SIM_OP_BENCH,			/* get + put_unchecked pairs, timed */
	SIM_OP_XE_GET,			/* xe_pm_runtime_get */
	SIM_OP_XE_GET_IOCTL,		/* xe_pm_runtime_get_ioctl */
	SIM_OP_XE_GET_IF_ACTIVE,	/* xe_pm_runtime_get_if_active */
	SIM_OP_XE_GET_IF_IN_USE,	/* xe_pm_runtime_get_if_in_use */
	SIM_OP_XE_GET_NORESUME,		/* xe_pm_runtime_get_noresume */
	SIM_OP_XE_RESUME_AND_GET,	/* xe_pm_runtime_resume_and_get */
	SIM_OP_XE_PUT,			/* xe_pm_runtime_put */
};

/* A way of taking a reference at a site, as spelled in ctl commands. */
struct sim_variant {
	const char *name;
	enum sim_driver driver;
	enum sim_op get_op;
	enum sim_op put_op;		/* the matching release */
	enum sim_unit unit;
	bool atomic_ok;			/* may run in timer/irq context */
	bool listed;			/* a VARIANT of "get"; else its own command */
};

/* A release, as spelled in "put DEV SITE [KIND]". */
struct sim_put_kind {
	const char *name;
	enum sim_driver driver;
	enum sim_op put_op;
};

/* When and where an entry point ran (sim_oracle_stamp.c). */
struct sim_stamp {
	u64 ns;				/* ktime_get_ns() */
	int cpu;
};

/* One record the driver let go of: which get a put ended (sim_oracle_pairs.c). */
struct sim_pair {
	struct sim_stamp get, put;
	enum sim_unit unit;
	char func[SIM_FUNC_LEN];	/* the record's owner */
};

/* The pairs of one device, the first SIM_MAX_PAIRS kept. */
struct sim_pair_log {
	spinlock_t lock;
	struct sim_pair *pairs;		/* SIM_MAX_PAIRS, or NULL: every pair is cut */
	unsigned int nr;
	u64 cut;			/* pairs not kept */
};

/* Per-device bookkeeping of the oracle; see sim_oracle.c. */
struct sim_oracle_dev {
	spinlock_t lock;		/* owners, nr_owners */
	struct list_head owners;	/* struct sim_owner, newest first */
	unsigned int nr_owners;
	atomic_t gets;			/* successful gets at the entry points */
	atomic_t failed_gets;		/* conditional gets that returned "none" */
	atomic_t puts;
	atomic_t lost;			/* records that could not be allocated */
	struct sim_pair_log pairs;
};

/* The userfault lists of one device, as the drivers change them. */
struct sim_userfault_stats {
	atomic_t faults;		/* fault handler calls (every list) */
	atomic_t added;			/* objects put on a list */
	atomic_t removed;		/* objects taken off a list, any path */
	atomic_t drained;		/* of them, by runtime suspend */
};

/* The GPU SVM of one xe device. */
struct sim_svm_stats {
	atomic_t faults;		/* GPU faults handled */
	atomic_t invalidations;		/* ops->invalidate calls */
	atomic_t releases;		/* of them MMU_NOTIFY_RELEASE: the mm went away */
	atomic_t unmapped;		/* ranges set unmapped (MMU_NOTIFY_UNMAP) */
	atomic_t gc_runs;		/* garbage collector runs */
	atomic_t removed;		/* ranges the garbage collector removed */
};

struct sim_gem_dev;

/*
 * System sleep and unbind (sim_sleep.c): the oracle of what was held when a
 * system suspend began, of the gets and puts made while the device was
 * asleep (after its suspend callback returned, before a resume callback),
 * and the ctl ops deferred to its suspend or resume callback.
 */
#define SIM_SLEEP_LOG		32

struct sim_sleep_dev {
	struct mutex lock;		/* everything below but the atomics */
	bool asleep;			/* read unlocked by the entry points */
	unsigned int suspends, resumes, failed;
	struct sim_owner *held;		/* the owners at the last suspend */
	unsigned int nr_held;
	char gets[SIM_SLEEP_LOG][SIM_FUNC_LEN];	/* owners of the gets while asleep */
	atomic_t nr_gets, nr_puts;	/* gets and puts while asleep */
	struct list_head on_suspend, on_resume;	/* struct sim_sleep_op */
};

/* One simulated GPU, whatever its driver. */
struct sim_gpu {
	enum sim_driver driver;
	unsigned int index;		/* N of "i915.N" / "xe.N" */
	char alias[SIM_ALIAS_LEN];	/* "i915.N", used by ctl */
	struct device *dev;		/* the platform device, rpm->kdev / xe->drm.dev */
	void *drvdata;			/* struct drm_i915_private * or struct xe_device * */
	atomic_t suspends;		/* runtime_suspend callbacks */
	atomic_t resumes;		/* runtime_resume callbacks */
	atomic_t assert_failures;	/* driver asserts that would WARN */
	struct sim_oracle_dev oracle;
	struct sim_gem_dev *gem;	/* GEM objects and the device node (sim_gem.c) */
	struct sim_userfault_stats userfault;
	struct sim_svm_stats svm;
	struct sim_sleep_dev sleep;
};

/* One reference held by the simulation, with where and by whom it was taken. */
struct sim_owner {
	struct list_head link;
	u64 id;				/* unique, like a debug-build tracker */
	struct sim_gpu *gpu;
	const struct sim_site *site;	/* the ctl site holding it; NULL: the driver does */
	const struct sim_variant *variant; /* how the site took it; NULL for the driver */
	const char *what;		/* variant name, or what the driver holds it for */
	enum sim_unit unit;
	int domain;			/* display domain of a display wakeref, else -1 */
	char func[SIM_FUNC_LEN];	/* the owner, by the rule above */
	unsigned long cookie;		/* what the get returned */
	pid_t pid;
	char comm[TASK_COMM_LEN];
	const char *ctx;		/* "task", "softirq" or "hardirq" */
	u64 ts_ns;			/* ktime_get_ns() at the get */
	int ts_cpu;			/* and its CPU */
	unsigned int nr_entries;
	unsigned long entries[SIM_STACK_DEPTH];
};

/*
 * One request to a site function.  For a get, @owner is preallocated by the
 * caller and consumed (linked into the oracle) only if the get succeeds.
 * For a put, @owner is the record being released and @cookie its cookie.
 */
struct sim_req {
	struct sim_gpu *gpu;
	const struct sim_site *site;
	const struct sim_variant *variant;
	enum sim_op op;
	int domain;			/* display ops */
	int delay_ms;			/* display_put_async; -1: the default */
	unsigned int timeout_ms;	/* wakeref_auto */
	unsigned int pairs;		/* bench */
	unsigned int rate;		/* bench: pairs a second, 0: as fast as it goes */
	unsigned int tracking;		/* bench: enum sim_bench_tracking */
	bool bench_part;		/* bench: one CPU's part of a cpus= run, not recorded */
	u64 bench_t0, bench_t1;		/* bench: when its loop began and ended */
	unsigned long cookie;
	bool got;			/* get: the driver returned a reference */
	struct sim_owner *owner;
	u64 id;				/* get: oracle id given to @owner */
	int ret;
};

typedef int (*sim_site_fn)(struct sim_req *req);

struct sim_site {
	const char *name;		/* ctl spelling, e.g. "gem_fault" */
	const char *func;		/* function name, e.g. "sim_gem_fault" */
	sim_site_fn fn;
};

/* sim_main.c */
extern struct dentry *sim_debugfs_root;
extern unsigned int sim_autosuspend_ms;
extern unsigned int sim_async_put_delay_ms;
extern unsigned int sim_userfault_autosuspend_ms;
extern bool sim_svm_gc_auto;
extern bool sim_userfault_drain_skip;
extern unsigned int sim_tlb_timeout_ms;
unsigned int sim_gpu_count(void);
struct sim_gpu *sim_gpu_at(unsigned int i);
struct sim_gpu *sim_gpu_lookup(const char *name);
/* The GPU of a platform device (drvdata is the driver's drm_device, as in i915 and xe) */
struct sim_gpu *sim_gpu_of_dev(const struct device *dev);
const char *sim_gpu_name(const struct sim_gpu *gpu);
const char *sim_driver_name(enum sim_driver driver);
void sim_gpu_init(struct sim_gpu *gpu, enum sim_driver driver, unsigned int index,
		  struct device *dev, void *drvdata);
int sim_runtime_status(const struct sim_gpu *gpu, const char **status);

/* sim_i915_drv.c */
int sim_i915_driver_register(void);
void sim_i915_driver_unregister(void);
struct sim_gpu *sim_i915_device_create(unsigned int index);
void sim_i915_device_destroy(struct sim_gpu *gpu);
int sim_i915_wakeref_count(const struct sim_gpu *gpu);
unsigned int sim_i915_quiesce(struct sim_gpu *gpu);
int sim_i915_gt_count(struct sim_gpu *gpu);
void sim_i915_show_state(struct seq_file *m, struct sim_gpu *gpu);

/* sim_i915_display.c */
int sim_display_domain_lookup(const char *name);
const char *sim_display_domain_name(int domain);
unsigned int sim_display_nr_domains(void);

/* sim_xe_drv.c */
int sim_xe_driver_register(void);
void sim_xe_driver_unregister(void);
struct sim_gpu *sim_xe_device_create(unsigned int index);
void sim_xe_device_destroy(struct sim_gpu *gpu);
int sim_xe_usage_count(const struct sim_gpu *gpu);

/* the owners file's userfault lines (sim_i915_gem_object.c, sim_xe_bo.c) */
void sim_i915_show_userfault(struct seq_file *m, struct sim_gpu *gpu);
void sim_xe_show_userfault(struct seq_file *m, struct sim_gpu *gpu);

/* sim_xe_svm.c: an xe device's GPU SVM (-ENODEV on i915) */
int sim_svm_bind(struct sim_gpu *gpu, u64 start, u64 size, bool read_only);
int sim_svm_fault(struct sim_gpu *gpu, u64 addr, u64 *start, u64 *last);
int sim_svm_evict(struct sim_gpu *gpu, u64 addr);
int sim_svm_gc(struct sim_gpu *gpu);
int sim_svm_unbind(struct sim_gpu *gpu);
void sim_svm_remove(struct sim_gpu *gpu);
void sim_svm_show(struct seq_file *m, struct sim_gpu *gpu);

/* sim_sites.c */
extern const struct sim_site sim_sites[];
extern const unsigned int sim_nr_sites;
extern const struct sim_variant sim_variants[];
extern const unsigned int sim_nr_variants;
extern const struct sim_variant sim_display_get_variant;
extern const struct sim_variant sim_display_get_if_enabled_variant;
extern const struct sim_put_kind sim_put_kinds[];
extern const unsigned int sim_nr_put_kinds;
int sim_sites_check(void);
int sim_no_site(struct sim_req *req);
const struct sim_site *sim_site_lookup(const char *name);
const struct sim_variant *sim_variant_lookup(enum sim_driver driver, const char *name);
const struct sim_put_kind *sim_put_kind_lookup(enum sim_driver driver, const char *name);
bool sim_op_site_holds(enum sim_op op);
bool sim_op_atomic_ok(enum sim_op op);
const char *sim_op_name(enum sim_op op);

/* sim_bench.c */
void sim_bench_record(struct sim_gpu *gpu, unsigned int pairs, u64 ns, unsigned int tracking,
		      unsigned int rate, unsigned int cpus);
/*
 * bench cpus=C: REQ's loop on C CPUs at once, each its share of the pairs
 * and of the rate, from the site's own function in a kthread bound to the
 * CPU; recorded as one run from the first start to the last end.
 */
int sim_bench_on_cpus(const struct sim_req *req, unsigned int cpus);
/* bench rate=R: wait until pair I of a run started at T0 is due */
void sim_bench_pace(u64 t0, unsigned int i, unsigned int rate);
void sim_bench_debugfs_init(void);

/* sim_i915_gem_execbuffer.c: DRM_IOCTL_I915_GEM_EXECBUFFER2, its requests */
struct drm_file;
long sim_i915_gem_execbuffer2(struct sim_gpu *gpu, struct drm_file *file, void __user *uarg);
void sim_i915_requests_complete(struct drm_file *file);

/* sim_oracle.c */
void sim_oracle_dev_init(struct sim_oracle_dev *od);
void sim_oracle_dev_fini(struct sim_oracle_dev *od);
struct sim_owner *sim_oracle_alloc(void);
void sim_oracle_free(struct sim_owner *owner);
void sim_oracle_arm_site(struct sim_req *req);
void sim_oracle_note(struct sim_req *req);
u64 sim_oracle_hold(struct sim_gpu *gpu, unsigned long ip, enum sim_unit unit,
		    const char *what, unsigned long cookie);
void sim_oracle_put(struct sim_gpu *gpu, u64 id);
void sim_oracle_count_get(struct sim_gpu *gpu, bool got);
void sim_oracle_count_put(struct sim_gpu *gpu);
void sim_oracle_assert(struct sim_gpu *gpu);
const char *sim_unit_name(enum sim_unit unit);
struct sim_owner *sim_oracle_snapshot(struct sim_gpu *gpu, unsigned int *nr);
unsigned int sim_oracle_sorted_gpus(struct sim_gpu **gpus);

/* sim_oracle_stamp.c: when gets and puts happened (see there) */
void sim_oracle_arm_get(struct sim_gpu *gpu, enum sim_unit unit);
struct sim_stamp sim_oracle_armed_get(struct sim_gpu *gpu, enum sim_unit unit);
void sim_oracle_stamp_get(struct sim_gpu *gpu, enum sim_unit unit);
void sim_oracle_arm_put(struct sim_gpu *gpu, struct sim_owner *owner, bool free_owner);
bool sim_oracle_disarm_put(struct sim_gpu *gpu, struct sim_owner *owner);
void sim_oracle_stamp_put(struct sim_gpu *gpu, enum sim_unit unit);

/* sim_oracle_pairs.c: the pairs each device's puts made, debugfs "pairs" */
void sim_pairs_init(struct sim_pair_log *log);
void sim_pairs_fini(struct sim_pair_log *log);
void sim_pairs_add(struct sim_gpu *gpu, const struct sim_owner *owner,
		   const struct sim_stamp *put);
void sim_pairs_debugfs_init(void);

/* What sim_oracle_take() matches; zero fields match anything. */
struct sim_take_filter {
	bool site_held;			/* only records a site holds */
	const struct sim_site *site;	/* only records this site holds */
	u64 id;
	bool display;			/* only display wakerefs ... */
	int domain;			/* ... of this domain (if display) */
};
struct sim_owner *sim_oracle_take(struct sim_gpu *gpu, const struct sim_take_filter *f);
void sim_oracle_putback(struct sim_owner *owner);
unsigned int sim_oracle_nr_owners(struct sim_gpu *gpu);
void sim_oracle_debugfs_init(void);

/* sim_ctx.c */
enum sim_ctx_kind {
	SIM_CTX_CURRENT,		/* the writing task */
	SIM_CTX_TASK,			/* a named kthread (a kthread_worker) */
	SIM_CTX_WQ,			/* a work item */
	SIM_CTX_TIMER,			/* a timer callback: softirq */
	SIM_CTX_IRQ,			/* an irq_work: hard IRQ on x86 */
	SIM_CTX_SUSPEND,		/* deferred: DEV's next system suspend callback */
	SIM_CTX_RESUME,			/* deferred: DEV's next system resume callback */
};

struct sim_ctx {
	enum sim_ctx_kind kind;
	char name[TASK_COMM_LEN];	/* SIM_CTX_TASK; SUSPEND, RESUME: the device */
};

int sim_ctx_parse(const char *val, struct sim_ctx *ctx);
const char *sim_ctx_kind_name(enum sim_ctx_kind kind);
bool sim_ctx_is_atomic(const struct sim_ctx *ctx);
int sim_ctx_run(const struct sim_ctx *ctx, void (*fn)(void *arg), void *arg);
void sim_ctx_reset(void);
int sim_ctx_init(void);
void sim_ctx_exit(void);

/* sim_ops.c: one parsed ctl command */
struct sim_cmd {
	enum sim_op op;			/* SIM_OP_NONE: get/getput/put */
	struct sim_gpu *gpu;
	const struct sim_site *site;	/* NULL for display_flush */
	const struct sim_variant *variant; /* get, getput */
	const struct sim_put_kind *kind; /* put: NULL for the record's own */
	bool getput;
	bool put;
	int domain;
	int delay_ms;
	unsigned int timeout_ms;
	unsigned int pairs;
	unsigned int rate;
	unsigned int tracking;
	unsigned int cpus;		/* bench: loops on this many CPUs at once, 0/1: one */
	struct sim_ctx ctx;
	unsigned int repeat;
	unsigned int pages;		/* gem_create */
	unsigned int chunk;		/* gem_create: pages per GGTT view, 0: one view */
	int vma;			/* gem_revoke: the vma's chunk, -1: every vma */
	unsigned int gt;		/* xe paths: the GT */
};

int sim_ops_run(const struct sim_cmd *cmd);
unsigned int sim_release_all(struct sim_gpu *gpu);

/* sim_sleep.c */
void sim_sleep_init(struct sim_gpu *gpu);
void sim_sleep_fini(struct sim_gpu *gpu);
/* a system suspend callback of @gpu begins, and returns @ret */
void sim_sleep_suspend(struct sim_gpu *gpu);
void sim_sleep_suspended(struct sim_gpu *gpu, int ret);
/* a system resume callback of @gpu begins */
void sim_sleep_resume(struct sim_gpu *gpu);
/* a get recorded for @func, a put: counted if @gpu is asleep */
void sim_sleep_note_get(struct sim_gpu *gpu, const char *func);
void sim_sleep_note_put(struct sim_gpu *gpu);
/* the end of unbind: what is still held goes to the kernel log */
void sim_sleep_release(struct sim_gpu *gpu);
/* ctx=suspend:DEV / resume:DEV: run @cmd from DEV's next such callback */
int sim_sleep_defer(const struct sim_cmd *cmd);
void sim_sleep_debugfs_init(void);
extern bool sim_unload_release;

/* sim_ctl.c */
void sim_ctl_debugfs_init(void);

#endif /* WAKEREF_SIM_H */
