// SPDX-License-Identifier: GPL-2.0
/*
 * System sleep and unbind of the simulated devices: the oracle for what
 * wakeref reports across them (userspace/model/sleep.h), and the ctl ops a
 * test defers to a device's system suspend or resume callback
 * ("ctx=suspend:DEV", "ctx=resume:DEV"): run from DEV's callback while the
 * PM core suspends or resumes every device in dpm_list order, they are
 * another driver's callback reaching a GPU's wakeref API at that point of
 * the transition (the audio component of thesofproject PR #5478).
 *
 * debugfs "sleep", one line each, devices sorted by name, only devices that
 * went through a system suspend, in wakeref's -f owners form:
 *   suspend <dev> suspends=<n> resumes=<n> failed=<n> held=<n>
 *   suspend_owner <dev> <func> <n>     the owners when the last suspend began
 *   asleep <dev> get <func>            per get while asleep (the first 32)
 *   asleep_count <dev> gets=<n> puts=<n>
 * and at the end of unbind (intel_runtime_pm_driver_release, xe's
 * xe_pm_runtime_fini), after debugfs is gone, in the kernel log:
 *   <dev>: unbind held=<n>
 *   <dev>: unbind_owner <func> <n>
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "sim.h"

/* rmmod releases what the sites hold first (0: it stays, a leak at unbind) */
bool sim_unload_release = true;
module_param_named(unload_release, sim_unload_release, bool, 0644);
MODULE_PARM_DESC(unload_release,
		 "unload releases what the ctl sites hold before unbinding (default 1; 0: leaked at unbind)");

struct sim_sleep_op {
	struct list_head link;
	struct sim_cmd cmd;
};

void sim_sleep_init(struct sim_gpu *gpu)
{
	struct sim_sleep_dev *s = &gpu->sleep;

	mutex_init(&s->lock);
	INIT_LIST_HEAD(&s->on_suspend);
	INIT_LIST_HEAD(&s->on_resume);
	atomic_set(&s->nr_gets, 0);
	atomic_set(&s->nr_puts, 0);
}

static void sim_sleep_drop_ops(struct list_head *ops)
{
	struct sim_sleep_op *op, *tmp;

	list_for_each_entry_safe(op, tmp, ops, link) {
		list_del(&op->link);
		kfree(op);
	}
}

void sim_sleep_fini(struct sim_gpu *gpu)
{
	struct sim_sleep_dev *s = &gpu->sleep;

	mutex_lock(&s->lock);
	sim_sleep_drop_ops(&s->on_suspend);
	sim_sleep_drop_ops(&s->on_resume);
	kfree(s->held);
	s->held = NULL;
	mutex_unlock(&s->lock);
}

/* Run the ops deferred to this callback, in the order they were written. */
static void sim_sleep_run_ops(struct sim_gpu *gpu, struct list_head *ops)
{
	struct sim_sleep_op *op, *tmp;
	LIST_HEAD(run);
	int ret;

	mutex_lock(&gpu->sleep.lock);
	list_splice_init(ops, &run);
	mutex_unlock(&gpu->sleep.lock);
	list_for_each_entry_safe(op, tmp, &run, link) {
		ret = sim_ops_run(&op->cmd);
		if (ret)
			pr_info("%s: an op deferred to its sleep callback failed: %d\n",
				sim_gpu_name(gpu), ret);
		list_del(&op->link);
		kfree(op);
	}
}

void sim_sleep_suspend(struct sim_gpu *gpu)
{
	struct sim_sleep_dev *s = &gpu->sleep;
	struct sim_owner *snap;
	unsigned int n = 0;

	snap = sim_oracle_snapshot(gpu, &n);
	mutex_lock(&s->lock);
	s->suspends++;
	kfree(s->held);
	s->held = IS_ERR(snap) ? NULL : snap;
	s->nr_held = IS_ERR(snap) ? 0 : n;
	mutex_unlock(&s->lock);
	sim_sleep_run_ops(gpu, &s->on_suspend);
}

void sim_sleep_suspended(struct sim_gpu *gpu, int ret)
{
	struct sim_sleep_dev *s = &gpu->sleep;

	mutex_lock(&s->lock);
	if (ret)
		s->failed++;
	else
		WRITE_ONCE(s->asleep, true);
	mutex_unlock(&s->lock);
}

void sim_sleep_resume(struct sim_gpu *gpu)
{
	struct sim_sleep_dev *s = &gpu->sleep;

	mutex_lock(&s->lock);
	if (s->asleep)
		s->resumes++;
	WRITE_ONCE(s->asleep, false);
	mutex_unlock(&s->lock);
	sim_sleep_run_ops(gpu, &s->on_resume);
}

/* Any context: the get's record was just linked. */
void sim_sleep_note_get(struct sim_gpu *gpu, const char *func)
{
	struct sim_sleep_dev *s = &gpu->sleep;
	int i;

	if (!READ_ONCE(s->asleep))
		return;
	i = atomic_inc_return(&s->nr_gets) - 1;
	if (i < SIM_SLEEP_LOG)
		strscpy(s->gets[i], func, sizeof(s->gets[i]));
}

void sim_sleep_note_put(struct sim_gpu *gpu)
{
	if (READ_ONCE(gpu->sleep.asleep))
		atomic_inc(&gpu->sleep.nr_puts);
}

static int sim_sleep_cmp_func(const void *pa, const void *pb)
{
	const struct sim_owner *a = pa, *b = pb;

	return strcmp(a->func, b->func);
}

/* "PREFIX <func> <n>" per owning function of @snap, sorted; @m or the log */
static void sim_sleep_show_held(struct seq_file *m, const char *key, struct sim_gpu *gpu,
				struct sim_owner *snap, unsigned int n)
{
	unsigned int i, j;

	sort(snap, n, sizeof(*snap), sim_sleep_cmp_func, NULL);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && !strcmp(snap[i].func, snap[j].func); j++)
			;
		if (m)
			seq_printf(m, "%s %s %s %u\n", key, sim_gpu_name(gpu), snap[i].func, j - i);
		else
			pr_info("%s: %s %s %u\n", sim_gpu_name(gpu), key, snap[i].func, j - i);
	}
}

void sim_sleep_release(struct sim_gpu *gpu)
{
	struct sim_owner *snap;
	unsigned int n = 0;

	snap = sim_oracle_snapshot(gpu, &n);
	if (IS_ERR(snap)) {
		pr_info("%s: unbind held=? (out of memory)\n", sim_gpu_name(gpu));
		return;
	}
	pr_info("%s: unbind held=%u\n", sim_gpu_name(gpu), n);
	sim_sleep_show_held(NULL, "unbind_owner", gpu, snap, n);
	kfree(snap);
}

int sim_sleep_defer(const struct sim_cmd *cmd)
{
	struct sim_gpu *gpu = sim_gpu_lookup(cmd->ctx.name);
	struct sim_sleep_op *op;

	if (!gpu) {
		pr_info("ctx=%s:%s: no such device\n", sim_ctx_kind_name(cmd->ctx.kind),
			cmd->ctx.name);
		return -EINVAL;
	}
	op = kzalloc(sizeof(*op), GFP_KERNEL);
	if (!op)
		return -ENOMEM;
	op->cmd = *cmd;
	op->cmd.ctx.kind = SIM_CTX_CURRENT;	/* the callback's own task */
	mutex_lock(&gpu->sleep.lock);
	list_add_tail(&op->link, cmd->ctx.kind == SIM_CTX_SUSPEND ? &gpu->sleep.on_suspend :
			&gpu->sleep.on_resume);
	mutex_unlock(&gpu->sleep.lock);
	return 0;
}

static void sim_sleep_show_gpu(struct seq_file *m, struct sim_gpu *gpu)
{
	struct sim_sleep_dev *s = &gpu->sleep;
	const char *name = sim_gpu_name(gpu);
	int i, nr;

	mutex_lock(&s->lock);
	if (!s->suspends)
		goto out;
	seq_printf(m, "suspend %s suspends=%u resumes=%u failed=%u held=%u\n", name,
		   s->suspends, s->resumes, s->failed, s->nr_held);
	if (s->held)
		sim_sleep_show_held(m, "suspend_owner", gpu, s->held, s->nr_held);
	nr = atomic_read(&s->nr_gets);
	for (i = 0; i < nr && i < SIM_SLEEP_LOG; i++)
		seq_printf(m, "asleep %s get %s\n", name, s->gets[i]);
	seq_printf(m, "asleep_count %s gets=%d puts=%d\n", name, nr, atomic_read(&s->nr_puts));
out:
	mutex_unlock(&s->lock);
}

static int sim_sleep_show(struct seq_file *m, void *unused)
{
	struct sim_gpu *gpus[SIM_MAX_GPUS];
	unsigned int n, i;

	n = sim_oracle_sorted_gpus(gpus);
	for (i = 0; i < n; i++)
		sim_sleep_show_gpu(m, gpus[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_sleep);

void sim_sleep_debugfs_init(void)
{
	debugfs_create_file("sleep", 0444, sim_debugfs_root, NULL, &sim_sleep_fops);
}
