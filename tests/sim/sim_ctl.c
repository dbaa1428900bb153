// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/wakeref_sim/ctl: one command a line, several lines per
 * write allowed; the write stops at the first failing line and returns its
 * error (the lines before it have run).  Blank lines and lines starting with
 * '#' are ignored.  Reading ctl prints the grammar and the known names.
 *
 *   get DEV VARIANT SITE        take a wakeref on DEV from SITE
 *   put DEV SITE [KIND]         release the newest wakeref taken at SITE
 *   getput DEV VARIANT SITE     take and release it again, both from SITE
 *   reset [DEV]                 release everything (on DEV)
 *
 * DEV is "i915.N" or the device name "wakeref-sim-i915.N".  SITE is a site
 * name with or without its "sim_" prefix.  A conditional get that finds the
 * device idle is not an error: nothing is held and failed_gets counts it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": ctl: " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "sim.h"

#define SIM_CTL_MAX_WRITE	4096
#define SIM_CTL_MAX_ARGS	8

struct sim_ctl_cmd {
	const char *name;
	const char *usage;
	int min_args;			/* including the command word */
	int max_args;
	int (*run)(int argc, char **argv);
};

static struct sim_gpu *sim_ctl_gpu(const char *name)
{
	struct sim_gpu *gpu = sim_gpu_lookup(name);

	if (!gpu)
		pr_info("unknown device '%s' (cat ctl for the list)\n", name);
	return gpu;
}

static const struct sim_site *sim_ctl_site(const char *name)
{
	const struct sim_site *site = sim_site_lookup(name);

	if (!site)
		pr_info("unknown site '%s' (cat ctl for the list)\n", name);
	return site;
}

static const struct sim_variant *sim_ctl_variant(struct sim_gpu *gpu, const char *name)
{
	const struct sim_variant *variant = sim_variant_lookup(gpu->driver, name);

	if (!variant)
		pr_info("unknown %s variant '%s' (cat ctl for the list)\n",
			sim_driver_name(gpu->driver), name);
	return variant;
}

/* get DEV VARIANT SITE */
static int sim_ctl_get(int argc, char **argv)
{
	const struct sim_variant *variant;
	const struct sim_site *site;
	struct sim_gpu *gpu;
	u64 id;

	gpu = sim_ctl_gpu(argv[1]);
	if (!gpu)
		return -EINVAL;
	variant = sim_ctl_variant(gpu, argv[2]);
	site = sim_ctl_site(argv[3]);
	if (!variant || !site)
		return -EINVAL;

	return sim_site_get(gpu, site, variant, &id);
}

/* put DEV SITE [KIND] */
static int sim_ctl_put(int argc, char **argv)
{
	const struct sim_put_kind *kind = NULL;
	const struct sim_site *site;
	struct sim_owner *owner;
	struct sim_gpu *gpu;

	gpu = sim_ctl_gpu(argv[1]);
	if (!gpu)
		return -EINVAL;
	site = sim_ctl_site(argv[2]);
	if (!site)
		return -EINVAL;
	if (argc > 3) {
		kind = sim_put_kind_lookup(gpu->driver, argv[3]);
		if (!kind) {
			pr_info("unknown %s put kind '%s' (cat ctl for the list)\n",
				sim_driver_name(gpu->driver), argv[3]);
			return -EINVAL;
		}
	}

	owner = sim_oracle_take(gpu, site, 0);
	if (!owner) {
		pr_info("no wakeref held on %s taken at %s\n", sim_gpu_name(gpu), site->func);
		return -ENOENT;
	}
	sim_site_put(owner, kind ? kind->put_op : owner->variant->put_op);
	return 0;
}

/* getput DEV VARIANT SITE */
static int sim_ctl_getput(int argc, char **argv)
{
	const struct sim_variant *variant;
	const struct sim_site *site;
	struct sim_owner *owner;
	struct sim_gpu *gpu;
	u64 id;
	int ret;

	gpu = sim_ctl_gpu(argv[1]);
	if (!gpu)
		return -EINVAL;
	variant = sim_ctl_variant(gpu, argv[2]);
	site = sim_ctl_site(argv[3]);
	if (!variant || !site)
		return -EINVAL;

	ret = sim_site_get(gpu, site, variant, &id);
	if (ret || !id)
		return ret;

	/* by id: a concurrent "put" of the same site may have taken it */
	owner = sim_oracle_take(gpu, site, id);
	if (owner)
		sim_site_put(owner, owner->variant->put_op);
	return 0;
}

/* reset [DEV] */
static int sim_ctl_reset(int argc, char **argv)
{
	struct sim_gpu *gpu;
	unsigned int i;

	if (argc > 1) {
		gpu = sim_ctl_gpu(argv[1]);
		if (!gpu)
			return -EINVAL;
		sim_release_all(gpu);
		return 0;
	}
	for (i = 0; i < sim_gpu_count(); i++)
		sim_release_all(sim_gpu_at(i));
	return 0;
}

static const struct sim_ctl_cmd sim_ctl_cmds[] = {
	{ "get", "get DEV VARIANT SITE", 4, 4, sim_ctl_get },
	{ "put", "put DEV SITE [KIND]", 3, 4, sim_ctl_put },
	{ "getput", "getput DEV VARIANT SITE", 4, 4, sim_ctl_getput },
	{ "reset", "reset [DEV]", 1, 2, sim_ctl_reset },
};

static int sim_ctl_exec(char *line)
{
	char *argv[SIM_CTL_MAX_ARGS];
	const struct sim_ctl_cmd *cmd;
	int argc = 0;
	unsigned int i;
	char *word;

	while ((word = strsep(&line, " \t\r")) != NULL) {
		if (!*word)
			continue;
		if (argc == ARRAY_SIZE(argv)) {
			pr_info("too many words in '%s ...'\n", argv[0]);
			return -EINVAL;
		}
		argv[argc++] = word;
	}
	if (!argc || argv[0][0] == '#')
		return 0;

	for (i = 0; i < ARRAY_SIZE(sim_ctl_cmds); i++) {
		cmd = &sim_ctl_cmds[i];
		if (strcmp(argv[0], cmd->name))
			continue;
		if (argc < cmd->min_args || argc > cmd->max_args) {
			pr_info("usage: %s\n", cmd->usage);
			return -EINVAL;
		}
		return cmd->run(argc, argv);
	}
	pr_info("unknown command '%s' (cat ctl for the grammar)\n", argv[0]);
	return -EINVAL;
}

static ssize_t sim_ctl_write(struct file *file, const char __user *ubuf, size_t len,
			     loff_t *ppos)
{
	char *buf, *cursor, *line;
	int ret = 0;

	if (len >= SIM_CTL_MAX_WRITE) {
		pr_info("write of %zu bytes too long (max %d)\n", len, SIM_CTL_MAX_WRITE - 1);
		return -EINVAL;
	}
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);

	cursor = buf;
	while ((line = strsep(&cursor, "\n")) != NULL) {
		ret = sim_ctl_exec(line);
		if (ret)
			break;
	}
	kfree(buf);
	return ret ? ret : len;
}

static int sim_ctl_show(struct seq_file *m, void *unused)
{
	enum sim_driver drv;
	unsigned int i;

	seq_puts(m, "commands (one a line):\n");
	for (i = 0; i < ARRAY_SIZE(sim_ctl_cmds); i++)
		seq_printf(m, "  %s\n", sim_ctl_cmds[i].usage);

	seq_puts(m, "devices:");
	for (i = 0; i < sim_gpu_count(); i++)
		seq_printf(m, " %s=%s", sim_gpu_at(i)->alias, sim_gpu_name(sim_gpu_at(i)));
	seq_putc(m, '\n');

	for (drv = 0; drv < SIM_DRV_NR; drv++) {
		seq_printf(m, "variants %s:", sim_driver_name(drv));
		for (i = 0; i < sim_nr_variants; i++) {
			if (sim_variants[i].driver == drv)
				seq_printf(m, " %s", sim_variants[i].name);
		}
		seq_printf(m, "\nput kinds %s:", sim_driver_name(drv));
		for (i = 0; i < sim_nr_put_kinds; i++) {
			if (sim_put_kinds[i].driver == drv)
				seq_printf(m, " %s", sim_put_kinds[i].name);
		}
		seq_putc(m, '\n');
	}

	seq_puts(m, "sites:");
	for (i = 0; i < sim_nr_sites; i++)
		seq_printf(m, " %s", sim_sites[i].name);
	seq_putc(m, '\n');
	return 0;
}

static int sim_ctl_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_ctl_show, inode->i_private);
}

static const struct file_operations sim_ctl_fops = {
	.owner = THIS_MODULE,
	.open = sim_ctl_open,
	.read = seq_read,
	.write = sim_ctl_write,
	.llseek = seq_lseek,
	.release = single_release,
};

void sim_ctl_debugfs_init(void)
{
	debugfs_create_file("ctl", 0600, sim_debugfs_root, NULL, &sim_ctl_fops);
}
