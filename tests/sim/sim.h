/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wakeref_sim - a simulated GPU driver that takes and releases runtime-PM
 * wakerefs through the real i915 entry-point names, so the wakeref tool can
 * be tested in a guest with no Intel GPU.  The module also keeps an exact
 * record of every wakeref it holds (the "oracle") to diff the tool against.
 *
 * Layering:
 *   sim_ctl.c        debugfs command parser; calls sim_site_get/put()
 *   sim_sites.c      the call sites: each site function calls the driver's
 *                    runtime-PM entry point itself, so it is a real frame;
 *                    sim_site_get/put() build the struct sim_req for them
 *   sim_i915_rpm.c   the i915 runtime-PM entry points (real names)
 *   sim_i915_drv.c   the i915 platform driver: probe/remove, PM callbacks
 *   sim_oracle.c     owner records, counters, debugfs "oracle" and "owners"
 *   sim_main.c       module parameters, device registry, init/exit
 */
#ifndef WAKEREF_SIM_H
#define WAKEREF_SIM_H

#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#define SIM_MAX_I915		4
#define SIM_MAX_GPUS		SIM_MAX_I915
#define SIM_STACK_DEPTH		16
#define SIM_ALIAS_LEN		16
#define SIM_MAX_SITES		64

/*
 * A function that must stay a frame of its own under its own symbol: not
 * inlined, not cloned (.isra/.constprop), not folded with a twin (ICF).
 * fentry attaches by name and stacks are compared by name, so all three
 * would break the tests.
 */
#define __sim_frame	noinline __noipa

struct device;
struct sim_site;

enum sim_driver {
	SIM_DRV_I915,
	SIM_DRV_NR
};

/* What a site function is asked to do; one entry point per operation. */
enum sim_op {
	SIM_OP_NONE,
	SIM_OP_I915_GET,		/* intel_runtime_pm_get */
	SIM_OP_I915_GET_RAW,		/* intel_runtime_pm_get_raw */
	SIM_OP_I915_GET_IF_IN_USE,	/* intel_runtime_pm_get_if_in_use */
	SIM_OP_I915_GET_IF_ACTIVE,	/* intel_runtime_pm_get_if_active */
	SIM_OP_I915_GET_NORESUME,	/* intel_runtime_pm_get_noresume */
	SIM_OP_I915_PUT_UNCHECKED,	/* intel_runtime_pm_put_unchecked */
	SIM_OP_I915_PUT_RAW,		/* intel_runtime_pm_put_raw */
};

/* A way of taking a wakeref, as spelled in ctl commands. */
struct sim_variant {
	const char *name;
	enum sim_driver driver;
	enum sim_op get_op;
	enum sim_op put_op;		/* the matching release */
};

/* A release, as spelled in "put DEV SITE [KIND]". */
struct sim_put_kind {
	const char *name;
	enum sim_driver driver;
	enum sim_op put_op;
};

/* Per-device bookkeeping of the oracle; see sim_oracle.c. */
struct sim_oracle_dev {
	spinlock_t lock;		/* owners, nr_owners */
	struct list_head owners;	/* struct sim_owner, newest first */
	unsigned int nr_owners;
	atomic_t gets;			/* successful gets */
	atomic_t failed_gets;		/* conditional gets that returned "none" */
	atomic_t puts;
};

/* One simulated GPU, whatever its driver. */
struct sim_gpu {
	enum sim_driver driver;
	unsigned int index;		/* N of "i915.N" */
	char alias[SIM_ALIAS_LEN];	/* "i915.N", used by ctl */
	struct device *dev;		/* the platform device, rpm->kdev */
	void *drvdata;			/* struct drm_i915_private * */
	atomic_t suspends;		/* runtime_suspend callbacks */
	atomic_t resumes;		/* runtime_resume callbacks */
	atomic_t assert_failures;	/* driver asserts that would WARN */
	struct sim_oracle_dev oracle;
};

/* One wakeref held by the simulation, with where and by whom it was taken. */
struct sim_owner {
	struct list_head link;
	u64 id;				/* unique, like a debug-build tracker */
	struct sim_gpu *gpu;
	const struct sim_site *site;
	const struct sim_variant *variant;
	unsigned long cookie;		/* what the get returned */
	pid_t pid;
	char comm[TASK_COMM_LEN];
	u64 ts_ns;			/* ktime_get_ns() at the get */
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
	unsigned long cookie;
	bool got;			/* get: the driver returned a wakeref */
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
unsigned int sim_gpu_count(void);
struct sim_gpu *sim_gpu_at(unsigned int i);
struct sim_gpu *sim_gpu_lookup(const char *name);
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

/* sim_sites.c */
extern const struct sim_site sim_sites[];
extern const unsigned int sim_nr_sites;
extern const struct sim_variant sim_variants[];
extern const unsigned int sim_nr_variants;
extern const struct sim_put_kind sim_put_kinds[];
extern const unsigned int sim_nr_put_kinds;
int sim_sites_check(void);
const struct sim_site *sim_site_lookup(const char *name);
const struct sim_variant *sim_variant_lookup(enum sim_driver driver, const char *name);
const struct sim_put_kind *sim_put_kind_lookup(enum sim_driver driver, const char *name);
bool sim_op_is_get(enum sim_op op);
int sim_site_get(struct sim_gpu *gpu, const struct sim_site *site,
		 const struct sim_variant *variant, u64 *id);
void sim_site_put(struct sim_owner *owner, enum sim_op put_op);
unsigned int sim_release_all(struct sim_gpu *gpu);

/* sim_oracle.c */
void sim_oracle_dev_init(struct sim_oracle_dev *od);
struct sim_owner *sim_oracle_alloc(void);
void sim_oracle_free(struct sim_owner *owner);
void sim_oracle_note(struct sim_req *req);
struct sim_owner *sim_oracle_take(struct sim_gpu *gpu, const struct sim_site *site, u64 id);
void sim_oracle_debugfs_init(void);

/* sim_ctl.c */
void sim_ctl_debugfs_init(void);

#endif /* WAKEREF_SIM_H */
