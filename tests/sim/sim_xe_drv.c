// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated xe device: a platform driver "wakeref-sim-xe" whose devices
 * ("wakeref-sim-xe.N") have real runtime PM with autosuspend, like the i915
 * ones.  Probe runs with a PM-core reference held (the PCI core's) and
 * xe_pm_runtime_init() drops it; remove takes it back (xe_pm_runtime_fini()).
 * The runtime PM callbacks are xe's static xe_pci_runtime_suspend/resume,
 * which call the global xe_pm_runtime_suspend/resume.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/platform_device.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>
#include <linux/version.h>

#include "sim.h"
#include "sim_paths.h"
#include "sim_xe.h"
#include "sim_xe_bo.h"
#include "sim_xe_gt.h"

#define SIM_XE_DRV_NAME		"wakeref-sim-xe"

/* drvdata is &xe->drm, as xe_pci_probe() sets it */
static struct xe_device *kdev_to_xe(struct device *dev)
{
	struct drm_device *drm = dev_get_drvdata(dev);

	return drm ? to_xe_device(drm) : NULL;
}

static struct sim_gpu *kdev_to_gpu(struct device *dev)
{
	struct xe_device *xe = kdev_to_xe(dev);

	return xe ? sim_xe_to_gpu(xe) : NULL;
}

/* xe_pci.c: static, in dev_pm_ops ('t' + BTF) */
static int xe_pci_runtime_suspend(struct device *dev)
{
	return xe_pm_runtime_suspend(kdev_to_xe(dev));
}

static int xe_pci_runtime_resume(struct device *dev)
{
	return xe_pm_runtime_resume(kdev_to_xe(dev));
}

/* xe_pci.c: the system sleep callbacks; xe's PCI state work is not simulated */
static int xe_pci_suspend(struct device *dev)
{
	struct xe_device *xe = kdev_to_xe(dev);

	return xe ? xe_pm_suspend(xe) : 0;
}

static int xe_pci_resume(struct device *dev)
{
	struct xe_device *xe = kdev_to_xe(dev);

	return xe ? xe_pm_resume(xe) : 0;
}

/*
 * The GTs (their GuC and CT enabled, as at the end of xe's probe), the
 * scheduler's queues, the VMs of the ioctls and the 7.x display
 * (sim_paths.h).
 */
int sim_xe_paths_init(struct xe_device *xe)
{
	int ret;

	ret = sim_xe_gt_init(xe);
	if (ret)
		return ret;
	ret = sim_xe_sched_init(xe);
	if (ret)
		goto err_gt;
	ret = sim_xe_vm_init(xe);
	if (ret)
		goto err_sched;
	ret = sim_xe_display_init(xe);
	if (ret)
		goto err_vm;
	return 0;

err_vm:
	sim_xe_vm_fini(xe);
err_sched:
	sim_xe_sched_fini(xe);
err_gt:
	sim_xe_gt_fini(xe);
	return ret;
}

/*
 * What the paths still hold goes, the way xe lets it go: commits finish,
 * jobs finish and are freed, queue messages are processed, the file's VMs
 * are closed, and the GTs are reset (G2H credits and TLB fences).
 */
void sim_xe_quiesce(struct sim_gpu *gpu)
{
	struct xe_device *xe = sim_gpu_to_xe(gpu);

	sim_xe_display_quiesce(xe);
	sim_xe_sched_quiesce(xe);
	sim_xe_vm_quiesce(xe);
	sim_xe_gt_quiesce(xe);
}

void sim_xe_paths_fini(struct xe_device *xe)
{
	sim_xe_display_fini(xe);
	sim_xe_sched_fini(xe);
	sim_xe_vm_fini(xe);
	sim_xe_gt_quiesce(xe);
	sim_xe_gt_fini(xe);
}

static int sim_xe_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct sim_xe *sx;
	int ret;

	sx = kzalloc(sizeof(*sx), GFP_KERNEL);
	if (!sx)
		return -ENOMEM;

	sx->xe.drm.dev = dev;
	kref_init(&sx->xe.drm.ref);
	mutex_init(&sx->xe.mem_access.vram_userfault.lock);
	INIT_LIST_HEAD(&sx->xe.mem_access.vram_userfault.list);
	sx->xe.d3cold.capable = false;
	sx->xe.d3cold.allowed = false;
	mutex_init(&sx->xe.sim_vm_lock);
	sim_gpu_init(&sx->gpu, SIM_DRV_XE, pdev->id, dev, &sx->xe);
	platform_set_drvdata(pdev, &sx->xe.drm);
	/*
	 * xe_set_dma_info(): a discrete part's 46 address bits.  The real
	 * drm_gpusvm maps the pages of every range for DMA on this device.
	 */
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(46));
	if (ret)
		goto err_free;
	ret = sim_xe_bo_init(&sx->xe);
	if (ret)
		goto err_free;
	ret = sim_xe_paths_init(&sx->xe);
	if (ret)
		goto err_bo;

	/* the reference the PCI core holds across xe's probe */
	pm_runtime_get_noresume(dev);
	ret = pm_runtime_set_active(dev);
	if (ret)
		goto err_put;
	pm_runtime_enable(dev);

	xe_pm_runtime_init(&sx->xe);

	dev_info(dev, "simulated xe, autosuspend %u ms\n", sim_autosuspend_ms);
	return 0;

err_put:
	pm_runtime_put_noidle(dev);
	sim_xe_paths_fini(&sx->xe);
err_bo:
	sim_xe_bo_fini(&sx->xe);
err_free:
	platform_set_drvdata(pdev, NULL);
	sim_oracle_dev_fini(&sx->gpu.oracle);
	kfree(sx);
	return ret;
}

static void sim_xe_remove_device(struct platform_device *pdev)
{
	struct sim_gpu *gpu = kdev_to_gpu(&pdev->dev);
	struct device *dev = &pdev->dev;
	int usage;

	/* no file of the device is open: this frees the GPU SVM and every BO */
	sim_svm_remove(gpu);
	sim_xe_paths_fini(sim_gpu_to_xe(gpu));
	sim_xe_bo_fini(sim_gpu_to_xe(gpu));
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
	xe_pm_fini(sim_gpu_to_xe(gpu));
#else
	xe_pm_runtime_fini(sim_gpu_to_xe(gpu));
#endif
	pm_runtime_dont_use_autosuspend(dev);
	pm_runtime_disable(dev);
	pm_runtime_set_suspended(dev);
	pm_runtime_put_noidle(dev);

	usage = atomic_read(&dev->power.usage_count);
	if (usage)
		pr_info("%s: xe usage count %d on cleanup\n", dev_name(dev), usage);

	platform_set_drvdata(pdev, NULL);
	sim_oracle_dev_fini(&gpu->oracle);
	kfree(container_of(gpu, struct sim_xe, gpu));
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
static void sim_xe_remove(struct platform_device *pdev)
{
	sim_xe_remove_device(pdev);
}
#else
static int sim_xe_remove(struct platform_device *pdev)
{
	sim_xe_remove_device(pdev);
	return 0;
}
#endif

static const struct dev_pm_ops sim_xe_pm_ops = {
	.suspend = xe_pci_suspend,
	.resume = xe_pci_resume,
	.runtime_suspend = xe_pci_runtime_suspend,
	.runtime_resume = xe_pci_runtime_resume,
};

static struct platform_driver sim_xe_driver = {
	.probe = sim_xe_probe,
	.remove = sim_xe_remove,
	.driver = {
		.name = SIM_XE_DRV_NAME,
		.pm = &sim_xe_pm_ops,
		/* the registry in sim_main.c owns binding: no sysfs unbind */
		.suppress_bind_attrs = true,
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};

int sim_xe_driver_register(void)
{
	return platform_driver_register(&sim_xe_driver);
}

void sim_xe_driver_unregister(void)
{
	platform_driver_unregister(&sim_xe_driver);
}

/* Register device N and return its state; probe runs synchronously. */
struct sim_gpu *sim_xe_device_create(unsigned int index)
{
	struct platform_device *pdev;
	struct sim_gpu *gpu;

	pdev = platform_device_register_simple(SIM_XE_DRV_NAME, index, NULL, 0);
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
void sim_xe_device_destroy(struct sim_gpu *gpu)
{
	platform_device_unregister(to_platform_device(gpu->dev));
}

/* The PM core's usage count: xe's "wakeref count" */
int sim_xe_usage_count(const struct sim_gpu *gpu)
{
	return atomic_read(&gpu->dev->power.usage_count);
}
