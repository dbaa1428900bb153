// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/wakeref_sim/ctl: one command a line, several lines per
 * write allowed; the write stops at the first failing line and returns its
 * error (the lines before it have run).  Blank lines and lines starting with
 * '#' are ignored.  Reading ctl prints the grammar and the known names.
 *
 *   get DEV VARIANT SITE                take a reference on DEV from SITE
 *   put DEV SITE [KIND]                 release the newest one SITE holds
 *   getput DEV VARIANT SITE             take and release it again, both from SITE
 *   display_get DEV DOMAIN SITE         intel_display_power_get
 *   display_get_if_enabled DEV DOMAIN SITE
 *   display_put DEV DOMAIN SITE         release SITE's newest DOMAIN wakeref
 *   display_put_async DEV DOMAIN SITE [delay_ms=N]   (default 100)
 *   display_flush DEV [SITE]            intel_display_power_flush_work
 *   gt_get DEV SITE                     intel_gt_pm_get
 *   gt_put DEV SITE [async]             intel_gt_pm_put / _put_async
 *   wakeref_auto DEV SITE [timeout_ms=N]  intel_wakeref_auto (default 250)
 *   bench DEV SITE [n=N] [tracking=none|debug]   N get+put pairs (default 1000)
 *   reset [DEV]                         release everything (on DEV); with no
 *                                       DEV also stop the ctx=task kthreads
 *
 * Every command but reset takes the options ctx=current|task:NAME|wq|timer|irq
 * (where it runs, sim_ctx.c; the write returns once it has run) and n=N
 * (run it N times, default 1; for bench n is the number of pairs instead).
 * Options are key=value words after the command word.
 *
 * DEV is "i915.N", "xe.N" or the device name ("wakeref-sim-i915.N").  SITE is
 * a site name with or without its "sim_" prefix.  The display, gt,
 * wakeref_auto and bench commands are i915 only.  A conditional get that
 * finds the device idle is not an error: nothing is held and failed_gets
 * counts it.
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
#define SIM_CTL_MAX_ARGS	10
#define SIM_CTL_MAX_REPEAT	100000
#define SIM_CTL_MAX_PAIRS	10000000
#define SIM_CTL_MAX_DELAY_MS	60000

/* the options a command takes */
#define OPT_CTX			BIT(0)
#define OPT_N			BIT(1)
#define OPT_DELAY		BIT(2)
#define OPT_TIMEOUT		BIT(3)
#define OPT_TRACKING		BIT(4)
#define OPT_OP			(OPT_CTX | OPT_N)

struct sim_ctl_cmd {
	const char *name;
	const char *usage;
	int min_args;			/* positional words, with the command word */
	int max_args;
	unsigned int opts;
	bool i915_only;
	enum sim_op op;
	/* fill @cmd from the positional words; NULL: only DEV SITE */
	int (*parse)(struct sim_cmd *cmd, int argc, char **argv);
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

static int sim_ctl_domain(const char *name)
{
	int domain = sim_display_domain_lookup(name);

	if (domain < 0)
		pr_info("unknown display domain '%s' (cat ctl for the list)\n", name);
	return domain;
}

/* DEV VARIANT SITE */
static int sim_ctl_parse_get(struct sim_cmd *cmd, int argc, char **argv)
{
	cmd->variant = sim_variant_lookup(cmd->gpu->driver, argv[2]);
	if (!cmd->variant) {
		pr_info("unknown %s variant '%s' (cat ctl for the list)\n",
			sim_driver_name(cmd->gpu->driver), argv[2]);
		return -EINVAL;
	}
	cmd->site = sim_ctl_site(argv[3]);
	return cmd->site ? 0 : -EINVAL;
}

static int sim_ctl_parse_getput(struct sim_cmd *cmd, int argc, char **argv)
{
	cmd->getput = true;
	return sim_ctl_parse_get(cmd, argc, argv);
}

/* DEV SITE [KIND] */
static int sim_ctl_parse_put(struct sim_cmd *cmd, int argc, char **argv)
{
	cmd->put = true;
	cmd->site = sim_ctl_site(argv[2]);
	if (!cmd->site)
		return -EINVAL;
	if (argc < 4)
		return 0;
	cmd->kind = sim_put_kind_lookup(cmd->gpu->driver, argv[3]);
	if (!cmd->kind) {
		pr_info("unknown %s put kind '%s' (cat ctl for the list)\n",
			sim_driver_name(cmd->gpu->driver), argv[3]);
		return -EINVAL;
	}
	return 0;
}

/* DEV DOMAIN SITE */
static int sim_ctl_parse_display(struct sim_cmd *cmd, int argc, char **argv)
{
	cmd->domain = sim_ctl_domain(argv[2]);
	if (cmd->domain < 0)
		return -EINVAL;
	cmd->site = sim_ctl_site(argv[3]);
	return cmd->site ? 0 : -EINVAL;
}

/* DEV [SITE] */
static int sim_ctl_parse_flush(struct sim_cmd *cmd, int argc, char **argv)
{
	if (argc < 3)
		return 0;
	cmd->site = sim_ctl_site(argv[2]);
	return cmd->site ? 0 : -EINVAL;
}

/* DEV SITE [async] */
static int sim_ctl_parse_gt_put(struct sim_cmd *cmd, int argc, char **argv)
{
	cmd->site = sim_ctl_site(argv[2]);
	if (!cmd->site)
		return -EINVAL;
	if (argc < 4)
		return 0;
	if (strcmp(argv[3], "async")) {
		pr_info("gt_put: '%s' is not 'async'\n", argv[3]);
		return -EINVAL;
	}
	cmd->op = SIM_OP_GT_PUT_ASYNC;
	return 0;
}

static const struct sim_ctl_cmd sim_ctl_cmds[] = {
	{ "get", "get DEV VARIANT SITE", 4, 4, OPT_OP, false, SIM_OP_NONE, sim_ctl_parse_get },
	{ "put", "put DEV SITE [KIND]", 3, 4, OPT_OP, false, SIM_OP_NONE, sim_ctl_parse_put },
	{ "getput", "getput DEV VARIANT SITE", 4, 4, OPT_OP, false, SIM_OP_NONE,
	  sim_ctl_parse_getput },
	{ "display_get", "display_get DEV DOMAIN SITE", 4, 4, OPT_OP, true,
	  SIM_OP_DISPLAY_GET, sim_ctl_parse_display },
	{ "display_get_if_enabled", "display_get_if_enabled DEV DOMAIN SITE", 4, 4, OPT_OP, true,
	  SIM_OP_DISPLAY_GET_IF_ENABLED, sim_ctl_parse_display },
	{ "display_put", "display_put DEV DOMAIN SITE", 4, 4, OPT_OP, true, SIM_OP_DISPLAY_PUT,
	  sim_ctl_parse_display },
	{ "display_put_async", "display_put_async DEV DOMAIN SITE [delay_ms=N]", 4, 4,
	  OPT_OP | OPT_DELAY, true, SIM_OP_DISPLAY_PUT_ASYNC, sim_ctl_parse_display },
	{ "display_flush", "display_flush DEV [SITE]", 2, 3, OPT_OP, true, SIM_OP_DISPLAY_FLUSH,
	  sim_ctl_parse_flush },
	{ "gt_get", "gt_get DEV SITE", 3, 3, OPT_OP, true, SIM_OP_GT_GET, NULL },
	{ "gt_put", "gt_put DEV SITE [async]", 3, 4, OPT_OP, true, SIM_OP_GT_PUT,
	  sim_ctl_parse_gt_put },
	{ "wakeref_auto", "wakeref_auto DEV SITE [timeout_ms=N]", 3, 3, OPT_OP | OPT_TIMEOUT, true,
	  SIM_OP_WAKEREF_AUTO, NULL },
	{ "bench", "bench DEV SITE [n=N] [tracking=none|debug]", 3, 3, OPT_OP | OPT_TRACKING, true,
	  SIM_OP_BENCH, NULL },
	{ "reset", "reset [DEV]", 1, 2, 0, false, SIM_OP_NONE, NULL },
};

static int sim_ctl_uint(const char *key, const char *val, unsigned int min, unsigned int max,
			unsigned int *out)
{
	unsigned int v;

	if (kstrtouint(val, 10, &v) || v < min || v > max) {
		pr_info("%s=%s: want a number from %u to %u\n", key, val, min, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

/* One key=value word into @cmd. */
static int sim_ctl_option(const struct sim_ctl_cmd *c, struct sim_cmd *cmd, char *word)
{
	char *val = strchr(word, '=');
	unsigned int v;
	int ret;

	*val++ = '\0';
	if (!strcmp(word, "ctx") && (c->opts & OPT_CTX))
		return sim_ctx_parse(val, &cmd->ctx);
	if (!strcmp(word, "n") && (c->opts & OPT_N)) {
		if (cmd->op == SIM_OP_BENCH)
			return sim_ctl_uint(word, val, 1, SIM_CTL_MAX_PAIRS, &cmd->pairs);
		return sim_ctl_uint(word, val, 1, SIM_CTL_MAX_REPEAT, &cmd->repeat);
	}
	if (!strcmp(word, "delay_ms") && (c->opts & OPT_DELAY)) {
		ret = sim_ctl_uint(word, val, 0, SIM_CTL_MAX_DELAY_MS, &v);
		cmd->delay_ms = v;
		return ret;
	}
	if (!strcmp(word, "timeout_ms") && (c->opts & OPT_TIMEOUT))
		return sim_ctl_uint(word, val, 0, SIM_CTL_MAX_DELAY_MS, &cmd->timeout_ms);
	if (!strcmp(word, "tracking") && (c->opts & OPT_TRACKING)) {
		if (!strcmp(val, "none") || !strcmp(val, "debug")) {
			cmd->tracking = !strcmp(val, "debug");
			return 0;
		}
		pr_info("tracking=%s: want none or debug\n", val);
		return -EINVAL;
	}
	pr_info("%s takes no option '%s' (usage: %s)\n", c->name, word, c->usage);
	return -EINVAL;
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
	sim_ctx_reset();
	return 0;
}

static int sim_ctl_run(const struct sim_ctl_cmd *c, int argc, char **argv, int nopts,
		       char **opts)
{
	struct sim_cmd cmd = {
		.op = c->op,
		.delay_ms = -1,
		.timeout_ms = 250,
		.pairs = 1000,
		.repeat = 1,
	};
	int i, ret;

	for (i = 0; i < nopts; i++) {
		ret = sim_ctl_option(c, &cmd, opts[i]);
		if (ret)
			return ret;
	}
	if (c->op == SIM_OP_NONE && !strcmp(c->name, "reset"))
		return sim_ctl_reset(argc, argv);

	cmd.gpu = sim_ctl_gpu(argv[1]);
	if (!cmd.gpu)
		return -EINVAL;
	if (c->i915_only && cmd.gpu->driver != SIM_DRV_I915) {
		pr_info("%s: %s is not an i915 device\n", c->name, argv[1]);
		return -EINVAL;
	}
	if (c->parse)
		ret = c->parse(&cmd, argc, argv);
	else
		ret = (cmd.site = sim_ctl_site(argv[2])) ? 0 : -EINVAL;
	if (ret)
		return ret;
	return sim_ops_run(&cmd);
}

static int sim_ctl_exec(char *line)
{
	char *argv[SIM_CTL_MAX_ARGS], *opts[SIM_CTL_MAX_ARGS];
	const struct sim_ctl_cmd *c;
	int argc = 0, nopts = 0;
	unsigned int i;
	char *word;

	while ((word = strsep(&line, " \t\r")) != NULL) {
		if (!*word)
			continue;
		if (argc + nopts == SIM_CTL_MAX_ARGS) {
			pr_info("too many words in '%s ...'\n", argc ? argv[0] : word);
			return -EINVAL;
		}
		/* key=value after the command word is an option */
		if (argc && strchr(word, '='))
			opts[nopts++] = word;
		else
			argv[argc++] = word;
	}
	if (!argc || argv[0][0] == '#')
		return 0;

	for (i = 0; i < ARRAY_SIZE(sim_ctl_cmds); i++) {
		c = &sim_ctl_cmds[i];
		if (strcmp(argv[0], c->name))
			continue;
		if (argc < c->min_args || argc > c->max_args) {
			pr_info("usage: %s\n", c->usage);
			return -EINVAL;
		}
		return sim_ctl_run(c, argc, argv, nopts, opts);
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
	for (i = 0; i < ARRAY_SIZE(sim_ctl_cmds); i++) {
		const struct sim_ctl_cmd *c = &sim_ctl_cmds[i];

		seq_printf(m, "  %s%s%s\n", c->usage, c->opts & OPT_CTX ? " [ctx=C]" : "",
			   c->opts & OPT_N && c->op != SIM_OP_BENCH ? " [n=N]" : "");
	}
	seq_puts(m, "options: ctx=current|task:NAME|wq|timer|irq (default current),\n"
		 "  n=N repeats (bench: pairs); in ctx=timer|irq only puts, conditional gets,\n"
		 "  get_noresume, gt_put async and wakeref_auto may run\n");

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

	seq_puts(m, "display domains:");
	for (i = 0; i < sim_display_nr_domains(); i++)
		seq_printf(m, " %s", sim_display_domain_name(i));
	seq_putc(m, '\n');

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
