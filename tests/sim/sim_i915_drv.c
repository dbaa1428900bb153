// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated i915 device: a platform driver "wakeref-sim-i915" whose
 * devices ("wakeref-sim-i915.N") have real runtime PM with autosuspend, so a
 * leaked wakeref really keeps power/runtime_status at "active".
 *
 * Probe and remove follow i915's order (i915_driver.c, intel_runtime_pm.c):
 * init_early, probe with a PM-core reference held, intel_runtime_pm_enable()
 * dropping it; on remove intel_runtime_pm_disable() takes it back.  Probe
 * also sets up the display power domains, the GT wakeref, the userfault
 * wakeref and GEM (the GGTT, the device node); remove first frees the GEM
 * objects, then lets the wakerefs go (sim_i915_quiesce()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/platform_device.h>
#include <linux/seq_file.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>
#include <linux/version.h>

#include "sim.h"
#include "sim_i915.h"

#define SIM_I915_DRV_NAME	"wakeref-sim-i915"

/* drvdata is &i915->drm, as i915_driver_create() sets it */
static struct sim_gpu *kdev_to_gpu(struct device *kdev)
{
	struct drm_device *drm = dev_get_drvdata(kdev);

	return drm ? sim_i915_to_gpu(to_i915(drm)) : NULL;
}

/* i915_driver.c names them so up to 7.1 (static, in dev_pm_ops: 't' + BTF) */
static int intel_runtime_suspend(struct device *kdev)
{
	struct sim_gpu *gpu = kdev_to_gpu(kdev);
	struct intel_runtime_pm *rpm = sim_gpu_to_rpm(gpu);

	/* revoke the userfault mmaps: the next access faults and wakes us */
	i915_gem_runtime_suspend(sim_gpu_to_i915(gpu));

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
	rpm->suspended = true;
#endif
	atomic_inc(&gpu->suspends);
	dev_dbg(kdev, "runtime suspended, wakeref_count=%#x\n",
		atomic_read(&rpm->wakeref_count));
	return 0;
}

static int intel_runtime_resume(struct device *kdev)
{
	struct sim_gpu *gpu = kdev_to_gpu(kdev);
	struct intel_runtime_pm *rpm = sim_gpu_to_rpm(gpu);
	int count = atomic_read(&rpm->wakeref_count);

	/* i915: drm_WARN_ON_ONCE(&i915->drm, atomic_read(&rpm->wakeref_count)) */
	if (count) {
		atomic_inc(&gpu->assert_failures);
		pr_info_ratelimited("%s: resume with wakeref_count=%#x (i915 would WARN)\n",
				    dev_name(kdev), count);
	}
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
	rpm->suspended = false;
#endif
	atomic_inc(&gpu->resumes);
	dev_dbg(kdev, "runtime resumed\n");
	return 0;
}

/*
 * System sleep, as i915_driver.c: the dev_pm_ops callbacks (static, with BTF
 * in every Debian build 6.1-7.3) call i915_drm_suspend() and the others on
 * &i915->drm.  The simulation does no hardware work: sim_sleep.c keeps the
 * oracle (what was held when suspend began, what is done while asleep) and
 * runs the ops a test deferred to these callbacks.
 */
static int i915_drm_suspend(struct drm_device *dev)
{
	dev_dbg(dev->dev, "suspend\n");
	return 0;
}

static int i915_drm_suspend_late(struct drm_device *dev, bool hibernation)
{
	dev_dbg(dev->dev, "suspend late%s\n", hibernation ? " (hibernation)" : "");
	return 0;
}

static int i915_drm_resume_early(struct drm_device *dev)
{
	dev_dbg(dev->dev, "resume early\n");
	return 0;
}

static int i915_drm_resume(struct drm_device *dev)
{
	dev_dbg(dev->dev, "resume\n");
	return 0;
}

static int i915_pm_suspend(struct device *kdev)
{
	struct sim_gpu *gpu = kdev_to_gpu(kdev);
	int ret;

	if (!gpu) {
		dev_err(kdev, "DRM not initialized, aborting suspend.\n");
		return -ENODEV;
	}
	sim_sleep_suspend(gpu);
	ret = i915_drm_suspend(dev_get_drvdata(kdev));
	sim_sleep_suspended(gpu, ret);
	return ret;
}

static int i915_pm_suspend_late(struct device *kdev)
{
	struct drm_device *drm = dev_get_drvdata(kdev);

	return drm ? i915_drm_suspend_late(drm, false) : 0;
}

static int i915_pm_resume_early(struct device *kdev)
{
	struct sim_gpu *gpu = kdev_to_gpu(kdev);

	if (!gpu)
		return 0;
	sim_sleep_resume(gpu);
	return i915_drm_resume_early(dev_get_drvdata(kdev));
}

static int i915_pm_resume(struct device *kdev)
{
	struct sim_gpu *gpu = kdev_to_gpu(kdev);

	if (!gpu)
		return 0;
	/* pm_test=devices skips resume_early: the device wakes here then */
	sim_sleep_resume(gpu);
	return i915_drm_resume(dev_get_drvdata(kdev));
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
/* i915_driver.c: what display code is given to reach i915 (6.19+) */
static const struct intel_display_parent_interface i915_display_parent = {
	.rpm = &i915_display_rpm_interface,
};
#endif

static int sim_i915_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct intel_runtime_pm *rpm;
	struct sim_i915 *si;
	int ret;

	si = kzalloc(sizeof(*si), GFP_KERNEL);
	if (!si)
		return -ENOMEM;

	si->i915.drm.dev = dev;
	kref_init(&si->i915.drm.ref);
	sim_gpu_init(&si->gpu, SIM_DRV_I915, pdev->id, dev, &si->i915);
	platform_set_drvdata(pdev, &si->i915.drm);

	si->i915.display.drm = &si->i915.drm;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
	si->i915.display.parent = &i915_display_parent;
#endif
	rpm = &si->i915.runtime_pm;
	intel_runtime_pm_init_early(rpm);
	intel_power_domains_init(&si->i915);
	si->i915.gt0.i915 = &si->i915;
	si->i915.gt[0] = &si->i915.gt0;
	intel_gt_pm_init_early(&si->i915.gt0);
	ret = sim_i915_gem_init(&si->i915);
	if (ret)
		goto err_free;

	/* the reference the PCI core holds across i915's probe */
	pm_runtime_get_noresume(dev);
	ret = pm_runtime_set_active(dev);
	if (ret)
		goto err_put;
	pm_runtime_enable(dev);

	intel_runtime_pm_enable(rpm);
	/* intel_display_driver_register() */
	intel_audio_init(&si->i915);

	dev_info(dev, "simulated i915, autosuspend %u ms\n", sim_autosuspend_ms);
	return 0;

err_put:
	pm_runtime_put_noidle(dev);
	sim_i915_gem_fini(&si->i915);
err_free:
	platform_set_drvdata(pdev, NULL);
	sim_oracle_dev_fini(&si->gpu.oracle);
	kfree(si);
	return ret;
}

static void sim_i915_remove_device(struct platform_device *pdev)
{
	struct sim_gpu *gpu = kdev_to_gpu(&pdev->dev);
	struct intel_runtime_pm *rpm = sim_gpu_to_rpm(gpu);
	struct device *dev = &pdev->dev;

	/* intel_display_driver_unregister() */
	intel_audio_deinit(sim_gpu_to_i915(gpu));
	/* no file of the device is open: this frees every object */
	sim_i915_gem_fini(sim_gpu_to_i915(gpu));
	sim_i915_quiesce(gpu);
	intel_power_domains_driver_remove(sim_gpu_to_i915(gpu));
	intel_runtime_pm_disable(rpm);
	pm_runtime_disable(dev);
	pm_runtime_set_suspended(dev);
	pm_runtime_put_noidle(dev);

	intel_runtime_pm_driver_release(rpm);

	platform_set_drvdata(pdev, NULL);
	sim_oracle_dev_fini(&gpu->oracle);
	kfree(container_of(gpu, struct sim_i915, gpu));
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
static void sim_i915_remove(struct platform_device *pdev)
{
	sim_i915_remove_device(pdev);
}
#else
static int sim_i915_remove(struct platform_device *pdev)
{
	sim_i915_remove_device(pdev);
	return 0;
}
#endif

static const struct dev_pm_ops sim_i915_pm_ops = {
	.suspend = i915_pm_suspend,
	.suspend_late = i915_pm_suspend_late,
	.resume_early = i915_pm_resume_early,
	.resume = i915_pm_resume,
	.runtime_suspend = intel_runtime_suspend,
	.runtime_resume = intel_runtime_resume,
};

static struct platform_driver sim_i915_driver = {
	.probe = sim_i915_probe,
	.remove = sim_i915_remove,
	.driver = {
		.name = SIM_I915_DRV_NAME,
		.pm = &sim_i915_pm_ops,
		/* the registry in sim_main.c owns binding: no sysfs unbind */
		.suppress_bind_attrs = true,
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};

int sim_i915_driver_register(void)
{
	return platform_driver_register(&sim_i915_driver);
}

void sim_i915_driver_unregister(void)
{
	platform_driver_unregister(&sim_i915_driver);
}

/* Register device N and return its state; probe runs synchronously. */
struct sim_gpu *sim_i915_device_create(unsigned int index)
{
	struct platform_device *pdev;
	struct sim_gpu *gpu;

	pdev = platform_device_register_simple(SIM_I915_DRV_NAME, index, NULL, 0);
	if (IS_ERR(pdev))
		return ERR_CAST(pdev);

	gpu = kdev_to_gpu(&pdev->dev);
	if (!gpu) {
		pr_info("%s: probe failed, no device\n", dev_name(&pdev->dev));
		platform_device_unregister(pdev);
		return ERR_PTR(-ENODEV);
	}
	return gpu;
}

/* Unregister the device; @gpu is freed by remove. */
void sim_i915_device_destroy(struct sim_gpu *gpu)
{
	platform_device_unregister(to_platform_device(gpu->dev));
}

int sim_i915_wakeref_count(const struct sim_gpu *gpu)
{
	return atomic_read(&sim_gpu_to_rpm(gpu)->wakeref_count);
}

/*
 * Let go of what the driver itself holds on @gpu: a pending async GT put,
 * any GT reference left (each put from here), the userfault wakeref and a
 * pending async display put.  Returns the number of GT references dropped.
 * Process context.
 */
unsigned int sim_i915_quiesce(struct sim_gpu *gpu)
{
	struct drm_i915_private *i915 = sim_gpu_to_i915(gpu);
	struct intel_gt *gt = &i915->gt0;
	unsigned int n = 0;

	flush_delayed_work(&gt->wakeref.work);
	while (atomic_read(&gt->wakeref.count) > 0) {
		intel_gt_pm_put(gt);
		n++;
	}
	/* a put that found the mutex taken went to the work */
	flush_delayed_work(&gt->wakeref.work);
	intel_wakeref_auto_fini(&i915->runtime_pm.userfault_wakeref);
	intel_display_power_flush_work(sim_i915_display(i915));
	return n;
}

int sim_i915_gt_count(struct sim_gpu *gpu)
{
	return atomic_read(&sim_gpu_to_i915(gpu)->gt0.wakeref.count);
}

/* The owners file's i915 lines: display domains, GT and async put state. */
void sim_i915_show_state(struct seq_file *m, struct sim_gpu *gpu)
{
	struct drm_i915_private *i915 = sim_gpu_to_i915(gpu);
	struct i915_power_domains *power_domains = &i915->display.power.domains;
	const char *name = sim_gpu_name(gpu);
	int domain;

	for (domain = 0; domain < POWER_DOMAIN_NUM; domain++)
		seq_printf(m, "display %s %s use_count=%d\n", name, sim_display_domain_name(domain),
			   READ_ONCE(power_domains->domain_use_count[domain]));
	seq_printf(m, "gt %s count=%d awake=%d\n", name, atomic_read(&i915->gt0.wakeref.count),
		   READ_ONCE(i915->gt0.awake) ? 1 : 0);
	seq_printf(m, "async_put %s pending=%d\n", name,
		   READ_ONCE(power_domains->async_put_wakeref) ? 1 : 0);
}
