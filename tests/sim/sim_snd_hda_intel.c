// SPDX-License-Identifier: GPL-2.0
/*
 * The snd_hda_intel side (sound/hda/controllers/intel.c, pci/hda/hda_intel.c
 * before 6.17): a controller whose probe continues in a work item,
 * azx_probe_work() -> azx_probe_continue(), which binds the i915 audio
 * component (snd_hdac_i915_init()) and asks for display power through
 * display_power() -> snd_hdac_display_power().  A controller inside the GPU
 * (HSW/BDW, need_i915_power) keeps that power while it is up; any other
 * releases it at the end of the probe.  display_power() is inlined, as in
 * Debian's 7.3 snd-hda-intel.ko (no symbol of its own): the function that
 * asked is azx_probe_continue().
 *
 * controller_in_gpu=1 (the default) keeps the power until the module is
 * removed (azx_free()): the wakeref the sound driver holds, as in
 * thesofproject/linux#5120.  The module's own device is a platform device,
 * wakeref-sim-hda.0.
 *
 * The oracle, /sys/kernel/debug/wakeref_sim_snd/oracle, one line:
 *   display_power held=0|1 owner=FUNC pid=PID comm=COMM cookie=0xCOOKIE
 * the function of this module that asked, and the task it ran in.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/version.h>

#include "sim_snd.h"

static bool controller_in_gpu = true;
module_param(controller_in_gpu, bool, 0444);
MODULE_PARM_DESC(controller_in_gpu, "HSW/BDW: keep display power while up (default 1)");

struct azx {
	struct hdac_bus bus;
};

struct hda_intel {
	struct azx chip;
	struct delayed_work probe_work;
	bool need_i915_power;
	bool display_power_active;
	bool i915_bound;
};

static struct sim_snd_oracle oracle;
static DEFINE_MUTEX(oracle_lock);
static struct dentry *debugfs_dir;
static struct platform_device *hda_pdev;

static struct hdac_bus *azx_bus(struct azx *chip)
{
	return &chip->bus;
}

static __always_inline void display_power(struct azx *chip, bool enable)
{
	struct hda_intel *hda = container_of(chip, struct hda_intel, chip);

	if (!hda->need_i915_power)
		return;
	if (enable) {
		if (!hda->display_power_active) {
			snd_hdac_display_power(azx_bus(chip), HDA_CODEC_IDX_CONTROLLER, true);
			hda->display_power_active = true;
		}
	} else {
		if (hda->display_power_active) {
			snd_hdac_display_power(azx_bus(chip), HDA_CODEC_IDX_CONTROLLER, false);
			hda->display_power_active = false;
		}
	}
}

static void oracle_note(const char *owner, struct hdac_bus *bus, bool held)
{
	mutex_lock(&oracle_lock);
	oracle.held = held;
	if (held) {
		oracle.owner = owner;
		oracle.pid = task_pid_nr(current);
		get_task_comm(oracle.comm, current);
		oracle.cookie = bus->display_power_active;
	}
	mutex_unlock(&oracle_lock);
}

static __snd_frame int azx_probe_continue(struct azx *chip)
{
	struct hda_intel *hda = container_of(chip, struct hda_intel, chip);
	struct hdac_bus *bus = azx_bus(chip);
	int err;

	err = snd_hdac_i915_init(bus);
	if (err < 0) {
		dev_info(bus->dev, "no i915 audio component: %d\n", err);
		return err;
	}
	hda->i915_bound = true;
	/* HSW/BDW controllers need this power */
	hda->need_i915_power = true;

	/* Request display power well for the HDA controller or codec. */
	display_power(chip, true);
	oracle_note(__func__, bus, true);

	/* other platforms release it after probe */
	if (!controller_in_gpu) {
		display_power(chip, false);
		oracle_note(__func__, bus, false);
	}
	return 0;
}

static __snd_frame void azx_probe_work(struct work_struct *work)
{
	struct hda_intel *hda = container_of(work, struct hda_intel, probe_work.work);

	azx_probe_continue(&hda->chip);
}

static int azx_probe(struct platform_device *pdev)
{
	struct hda_intel *hda;

	hda = devm_kzalloc(&pdev->dev, sizeof(*hda), GFP_KERNEL);
	if (!hda)
		return -ENOMEM;
	hda->chip.bus.dev = &pdev->dev;
	mutex_init(&hda->chip.bus.lock);
	platform_set_drvdata(pdev, &hda->chip.bus);
	INIT_DELAYED_WORK(&hda->probe_work, azx_probe_work);
	schedule_delayed_work(&hda->probe_work, 0);
	return 0;
}

static __snd_frame void azx_free(struct azx *chip)
{
	struct hda_intel *hda = container_of(chip, struct hda_intel, chip);

	display_power(chip, false);
	oracle_note(__func__, azx_bus(chip), false);
	if (hda->i915_bound)
		snd_hdac_acomp_exit(azx_bus(chip));
}

static void azx_remove_device(struct platform_device *pdev)
{
	struct hdac_bus *bus = platform_get_drvdata(pdev);
	struct hda_intel *hda = container_of(bus, struct hda_intel, chip.bus);

	cancel_delayed_work_sync(&hda->probe_work);
	azx_free(&hda->chip);
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
static void azx_remove(struct platform_device *pdev)
{
	azx_remove_device(pdev);
}
#else
static int azx_remove(struct platform_device *pdev)
{
	azx_remove_device(pdev);
	return 0;
}
#endif

static struct platform_driver azx_driver = {
	.probe = azx_probe,
	.remove = azx_remove,
	.driver = {
		.name = "wakeref-sim-hda",
		.suppress_bind_attrs = true,
	},
};

static int oracle_show(struct seq_file *m, void *v)
{
	mutex_lock(&oracle_lock);
	seq_printf(m, "display_power held=%d owner=%s pid=%d comm=%s cookie=0x%lx\n",
		   oracle.held, oracle.owner ? oracle.owner : "-", oracle.pid,
		   oracle.comm[0] ? oracle.comm : "-", oracle.cookie);
	mutex_unlock(&oracle_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(oracle);

static int __init sim_snd_init(void)
{
	int ret;

	debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (!IS_ERR(debugfs_dir))
		debugfs_create_file("oracle", 0444, debugfs_dir, NULL, &oracle_fops);
	ret = platform_driver_register(&azx_driver);
	if (ret)
		goto err_debugfs;
	hda_pdev = platform_device_register_simple("wakeref-sim-hda", 0, NULL, 0);
	if (IS_ERR(hda_pdev)) {
		ret = PTR_ERR(hda_pdev);
		goto err_driver;
	}
	return 0;

err_driver:
	platform_driver_unregister(&azx_driver);
err_debugfs:
	debugfs_remove(debugfs_dir);
	return ret;
}

static void __exit sim_snd_exit(void)
{
	platform_device_unregister(hda_pdev);
	platform_driver_unregister(&azx_driver);
	debugfs_remove(debugfs_dir);
}

module_init(sim_snd_init);
module_exit(sim_snd_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("stand-in for snd_hda_intel: the i915 audio component's display power");
