// SPDX-License-Identifier: GPL-2.0
/*
 * wakeref_sim: module parameters, the registry of simulated devices, debugfs
 * root, init and exit.  See sim.h for the layout of the module.
 *
 * The registry is filled before debugfs appears and torn down after it is
 * gone, so the ctl and oracle files can use it without locking.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/pm_runtime.h>
#include <linux/string.h>

#include "sim.h"
#include "sim_gem.h"

static unsigned int i915_devs = 1;
module_param(i915_devs, uint, 0444);
MODULE_PARM_DESC(i915_devs, "simulated i915 devices (0-" __stringify(SIM_MAX_I915) ", default 1)");

static unsigned int xe_devs;
module_param(xe_devs, uint, 0444);
MODULE_PARM_DESC(xe_devs, "simulated xe devices (0-" __stringify(SIM_MAX_XE) ", default 0)");

unsigned int sim_autosuspend_ms = 50;
module_param_named(autosuspend_ms, sim_autosuspend_ms, uint, 0444);
MODULE_PARM_DESC(autosuspend_ms, "runtime-PM autosuspend delay in ms (default 50)");

/* i915 waits 100 ms; tests of a pending GT park want a wider window */
unsigned int sim_async_put_delay_ms = 100;
module_param_named(async_put_delay_ms, sim_async_put_delay_ms, uint, 0444);
MODULE_PARM_DESC(async_put_delay_ms,
		 "default delay of an async display put, as GT park's (default 100, as i915)");

/* CONFIG_DRM_I915_USERFAULT_AUTOSUSPEND: how long a GEM fault keeps it awake */
unsigned int sim_userfault_autosuspend_ms = 250;
module_param_named(userfault_autosuspend_ms, sim_userfault_autosuspend_ms, uint, 0444);
MODULE_PARM_DESC(userfault_autosuspend_ms,
		 "i915 GEM faults extend the userfault wakeref by this much (default 250, as i915; 0: not at all)");

/* xe queues its SVM garbage collector on every unmap; 0 leaves it to svm_gc */
bool sim_svm_gc_auto = true;
module_param_named(svm_gc_auto, sim_svm_gc_auto, bool, 0444);
MODULE_PARM_DESC(svm_gc_auto,
		 "run the SVM garbage collector from a work item on every unmap (default 1, as xe)");

/* xe: 250 ms for the hardware, and twice the CT's queueing time (none here) */
unsigned int sim_tlb_timeout_ms = 250;
module_param_named(tlb_timeout_ms, sim_tlb_timeout_ms, uint, 0444);
MODULE_PARM_DESC(tlb_timeout_ms,
		 "xe TLB invalidation fences time out after this much (default 250, as xe)");

/* a driver bug for the tests: runtime suspend leaves the first object of each list */
bool sim_userfault_drain_skip;
module_param_named(userfault_drain_skip, sim_userfault_drain_skip, bool, 0644);
MODULE_PARM_DESC(userfault_drain_skip,
		 "runtime suspend leaves each userfault list's first object on it, unrevoked (default 0)");

struct dentry *sim_debugfs_root;

static struct sim_gpu *sim_gpus[SIM_MAX_GPUS];
static unsigned int sim_nr_gpus;

static const char * const sim_driver_names[SIM_DRV_NR] = {
	[SIM_DRV_I915] = "i915",
	[SIM_DRV_XE] = "xe",
};

const char *sim_driver_name(enum sim_driver driver)
{
	return driver < SIM_DRV_NR ? sim_driver_names[driver] : "?";
}

void sim_gpu_init(struct sim_gpu *gpu, enum sim_driver driver, unsigned int index,
		  struct device *dev, void *drvdata)
{
	gpu->driver = driver;
	gpu->index = index;
	snprintf(gpu->alias, sizeof(gpu->alias), "%s.%u", sim_driver_name(driver), index);
	gpu->dev = dev;
	gpu->drvdata = drvdata;
	atomic_set(&gpu->suspends, 0);
	atomic_set(&gpu->resumes, 0);
	atomic_set(&gpu->assert_failures, 0);
	sim_oracle_dev_init(&gpu->oracle);
	sim_sleep_init(gpu);
}

unsigned int sim_gpu_count(void)
{
	return sim_nr_gpus;
}

struct sim_gpu *sim_gpu_at(unsigned int i)
{
	return i < sim_nr_gpus ? sim_gpus[i] : NULL;
}

const char *sim_gpu_name(const struct sim_gpu *gpu)
{
	return dev_name(gpu->dev);
}

struct sim_gpu *sim_gpu_of_dev(const struct device *dev)
{
	unsigned int i;

	for (i = 0; i < sim_nr_gpus; i++)
		if (sim_gpus[i]->dev == dev)
			return sim_gpus[i];
	return NULL;
}

/* "i915.0" or "wakeref-sim-i915.0", "xe.0" or "wakeref-sim-xe.0" */
struct sim_gpu *sim_gpu_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < sim_nr_gpus; i++) {
		if (!strcmp(name, sim_gpus[i]->alias) || !strcmp(name, sim_gpu_name(sim_gpus[i])))
			return sim_gpus[i];
	}
	return NULL;
}

/*
 * The PM core's usage count, and @status as power/runtime_status spells it
 * (drivers/base/power/sysfs.c).  Unlocked reads, as sysfs does.
 */
int sim_runtime_status(const struct sim_gpu *gpu, const char **status)
{
	const struct dev_pm_info *power = &gpu->dev->power;

	if (READ_ONCE(power->runtime_error)) {
		*status = "error";
	} else if (power->disable_depth) {
		*status = "unsupported";
	} else {
		switch (READ_ONCE(power->runtime_status)) {
		case RPM_SUSPENDED:
			*status = "suspended";
			break;
		case RPM_SUSPENDING:
			*status = "suspending";
			break;
		case RPM_RESUMING:
			*status = "resuming";
			break;
		case RPM_ACTIVE:
			*status = "active";
			break;
		default:
			*status = "unknown";
			break;
		}
	}
	return atomic_read(&power->usage_count);
}

static void sim_destroy_gpus(void)
{
	while (sim_nr_gpus) {
		struct sim_gpu *gpu = sim_gpus[--sim_nr_gpus];

		sim_gpus[sim_nr_gpus] = NULL;
		switch (gpu->driver) {
		case SIM_DRV_I915:
			sim_i915_device_destroy(gpu);
			break;
		case SIM_DRV_XE:
			sim_xe_device_destroy(gpu);
			break;
		default:
			break;
		}
	}
}

static int sim_create_gpus(void)
{
	struct sim_gpu *gpu;
	unsigned int i;

	for (i = 0; i < i915_devs; i++) {
		gpu = sim_i915_device_create(i);
		if (IS_ERR(gpu))
			return PTR_ERR(gpu);
		sim_gpus[sim_nr_gpus++] = gpu;
	}
	for (i = 0; i < xe_devs; i++) {
		gpu = sim_xe_device_create(i);
		if (IS_ERR(gpu))
			return PTR_ERR(gpu);
		sim_gpus[sim_nr_gpus++] = gpu;
	}
	return 0;
}

static int __init wakeref_sim_init(void)
{
	int ret;

	if (i915_devs > SIM_MAX_I915 || xe_devs > SIM_MAX_XE) {
		pr_info("i915_devs=%u xe_devs=%u: at most %d and %d\n", i915_devs, xe_devs,
			SIM_MAX_I915, SIM_MAX_XE);
		return -EINVAL;
	}
	ret = sim_sites_check();
	if (ret)
		return ret;

	ret = sim_ctx_init();
	if (ret)
		return ret;
	ret = sim_i915_driver_register();
	if (ret)
		goto err_ctx;
	ret = sim_xe_driver_register();
	if (ret)
		goto err_i915;

	ret = sim_create_gpus();
	if (ret)
		goto err_gpus;

	sim_debugfs_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR(sim_debugfs_root)) {
		ret = PTR_ERR(sim_debugfs_root);
		pr_info("no debugfs: %d\n", ret);
		goto err_gpus;
	}
	sim_ctl_debugfs_init();
	sim_oracle_debugfs_init();
	sim_sleep_debugfs_init();
	sim_pairs_debugfs_init();
	sim_bench_debugfs_init();
	sim_gem_debugfs_init();

	pr_info("loaded: %u i915 and %u xe device(s), autosuspend %u ms%s\n", i915_devs, xe_devs,
		sim_autosuspend_ms,
		IS_ENABLED(SIM_DEBUG_RUNTIME_PM) ? ", debug runtime PM" : "");
	return 0;

err_gpus:
	sim_destroy_gpus();
	sim_xe_driver_unregister();
err_i915:
	sim_i915_driver_unregister();
err_ctx:
	sim_ctx_exit();
	return ret;
}

static void __exit wakeref_sim_exit(void)
{
	unsigned int i, n;

	/* waits for ctl writes in progress; no new commands after this */
	debugfs_remove_recursive(sim_debugfs_root);

	for (i = 0; i < sim_nr_gpus && sim_unload_release; i++) {
		n = sim_release_all(sim_gpus[i]);
		if (n)
			pr_info("%s: released %u wakeref(s) still held at unload\n",
				sim_gpu_name(sim_gpus[i]), n);
	}
	sim_ctx_exit();
	sim_destroy_gpus();
	sim_xe_driver_unregister();
	sim_i915_driver_unregister();
	pr_info("unloaded\n");
}

module_init(wakeref_sim_init);
module_exit(wakeref_sim_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("simulated i915/xe runtime-PM wakeref driver for testing wakeref");
