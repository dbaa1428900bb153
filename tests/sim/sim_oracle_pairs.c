// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle's pairs: for every record a put ended, which get that was.  The
 * oracle knows it (the record is the object the driver put: a job, a fence,
 * a credit epoch, a site's reference), so the scenario runner can judge the
 * pairs wakeref made (tests/scenario/scn_pairs.c).  Each device keeps its
 * first SIM_MAX_PAIRS pairs and counts the rest as cut.
 *
 * debugfs "pairs", devices sorted by name, for each:
 *   pairs <dev> recorded=<n> cut=<n>
 *   pair <dev> <get_ns> <put_ns> <func> <kind> <get_cpu> <put_cpu>
 *                                                 (in the order of the puts)
 *   held <dev> <get_ns> <func> <kind> <get_cpu>   (records not ended yet)
 * <get_ns> and <put_ns> are ktime_get_ns() (CLOCK_MONOTONIC) stamped by the
 * entry points as the get returned and as the put was entered
 * (sim_oracle_stamp.c), on CPU <get_cpu> and <put_cpu>; <func> is the
 * record's owner (the rule in sim.h); <kind> is wakelock or raw (i915) or
 * xe.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "sim.h"

void sim_pairs_init(struct sim_pair_log *log)
{
	spin_lock_init(&log->lock);
	log->pairs = vzalloc(array_size(SIM_MAX_PAIRS, sizeof(*log->pairs)));
	log->nr = 0;
	log->cut = 0;
	if (!log->pairs)
		pr_info("no memory for the pair log: every pair is cut\n");
}

void sim_pairs_fini(struct sim_pair_log *log)
{
	vfree(log->pairs);
	log->pairs = NULL;
}

/* Any context. */
void sim_pairs_add(struct sim_gpu *gpu, const struct sim_owner *owner,
		   const struct sim_stamp *put)
{
	struct sim_pair_log *log = &gpu->oracle.pairs;
	struct sim_pair *p;
	unsigned long flags;

	spin_lock_irqsave(&log->lock, flags);
	if (!log->pairs || log->nr == SIM_MAX_PAIRS) {
		log->cut++;
		goto out;
	}
	p = &log->pairs[log->nr++];
	p->get.ns = owner->ts_ns;
	p->get.cpu = owner->ts_cpu;
	p->put = *put;
	p->unit = owner->unit;
	strscpy(p->func, owner->func, sizeof(p->func));
out:
	spin_unlock_irqrestore(&log->lock, flags);
}

static void sim_pairs_show_gpu(struct seq_file *m, struct sim_gpu *gpu)
{
	struct sim_pair_log *log = &gpu->oracle.pairs;
	const char *name = sim_gpu_name(gpu);
	struct sim_owner *held;
	unsigned int nr, i;
	unsigned long flags;
	u64 cut;

	/* pairs are only appended: the first NR are stable */
	spin_lock_irqsave(&log->lock, flags);
	nr = log->nr;
	cut = log->cut;
	spin_unlock_irqrestore(&log->lock, flags);

	seq_printf(m, "pairs %s recorded=%u cut=%llu\n", name, nr, cut);
	for (i = 0; i < nr; i++) {
		const struct sim_pair *p = &log->pairs[i];

		seq_printf(m, "pair %s %llu %llu %s %s %d %d\n", name, p->get.ns, p->put.ns,
			   p->func, sim_unit_name(p->unit), p->get.cpu, p->put.cpu);
	}
	held = sim_oracle_snapshot(gpu, &nr);
	if (IS_ERR(held)) {
		seq_puts(m, "(out of memory)\n");
		return;
	}
	for (i = 0; i < nr; i++)
		seq_printf(m, "held %s %llu %s %s %d\n", name, held[i].ts_ns, held[i].func,
			   sim_unit_name(held[i].unit), held[i].ts_cpu);
	kfree(held);
}

static int sim_pairs_show(struct seq_file *m, void *unused)
{
	struct sim_gpu *gpus[SIM_MAX_GPUS];
	unsigned int n, i;

	n = sim_oracle_sorted_gpus(gpus);
	for (i = 0; i < n; i++)
		sim_pairs_show_gpu(m, gpus[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_pairs);

void sim_pairs_debugfs_init(void)
{
	debugfs_create_file("pairs", 0444, sim_debugfs_root, NULL, &sim_pairs_fops);
}
