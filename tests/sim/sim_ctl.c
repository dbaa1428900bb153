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
 *   bench DEV SITE [n=N] [tracking=none|debug[-depot|-reftracker]] [rate=R] [cpus=C]
 *                                       N get+put pairs (default 1000), R a
 *                                       second if given (throughput runs),
 *                                       shared out over C CPUs' kthreads
 *   reset [DEV]                         release everything (on DEV); with no
 *                                       DEV also stop the ctx=task kthreads
 *
 * GEM objects and userfault lists (sim_gem.c; see sim_uapi.h for mapping):
 *   gem_create DEV NAME KIND [pages=N] [chunk=N]
 *                       make object NAME: KIND gtt or lmem (i915), vram or
 *                       system (xe); N pages (default 4); gtt: GGTT views of
 *                       chunk pages each (default: one normal view)
 *   gem_revoke DEV NAME [vma=I]     i915 gtt: i915_vma_revoke_mmap() of the
 *                       vma of chunk I, or of every vma (eviction, fence steal)
 *   gem_release_mmap DEV NAME       gtt: i915_gem_object_release_mmap_gtt();
 *                       lmem: i915_gem_object_release_mmap_offset(); xe:
 *                       xe_bo_runtime_pm_release_mmap_offset() (what runtime
 *                       suspend does to each BO on the list)
 *   gem_destroy DEV NAME            drop ctl's reference: freed now, or by the
 *                       last munmap (i915_gem_free_object, xe_ttm_bo_destroy)
 *   bo_move DEV NAME [system|vram]  xe: move the BO (default: out of VRAM)
 * xe GPU SVM (sim_xe_svm.c; a process binds it through the device node):
 *   svm_fault DEV ADDR              a GPU fault at ADDR of the bound mm
 *   svm_evict DEV ADDR              drm_gpusvm_range_evict() of ADDR's range
 *   svm_gc DEV                      run the garbage collector now
 *   svm_fini DEV                    tear the GPU SVM down (drm_gpusvm_fini)
 * These run in the writer's context and take no ctx= or n= option.
 *
 * The drivers' cross-function and tail-call paths (sim_ctl_paths.c, which
 * says what each does; sim_paths.h lists the files):
 *   job_create DEV JOB [QUEUE]     job_destroy DEV JOB [ctx=wq]
 *   queue_suspend DEV QUEUE        g2h DEV NAME [ctx=irq|wq]
 *   tlb_inval DEV NAME [gt=N]      vm_create DEV NAME [lr]
 *   vm_destroy DEV NAME            disp_commit DEV NAME [nonblock]
 *   disp_flip_done DEV NAME        (xe)
 *   hwm_read DEV   context_revoke DEV   context_unpin DEV [delay_ms=N]
 *   vma_bind DEV                   (i915; ctx= and n= too)
 *   gem_shrink DEV [EDEADLK|EINTR] (i915; n= too)
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
#include "sim_bench.h"
#include "sim_ctl.h"
#include "sim_gem.h"
#include "sim_paths.h"

#define SIM_CTL_MAX_WRITE	4096
#define SIM_CTL_MAX_ARGS	10
#define SIM_CTL_MAX_REPEAT	100000
#define SIM_CTL_MAX_PAIRS	10000000
#define SIM_CTL_MAX_DELAY_MS	60000
#define SIM_CTL_MAX_PAGES	16384

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

/* gem_create DEV NAME KIND */
static int sim_ctl_gem_create(const struct sim_cmd *cmd, int argc, char **argv)
{
	int kind = sim_gem_kind_lookup(argv[3]);

	if (kind < 0) {
		pr_info("gem_create: unknown kind '%s' (gtt, lmem, vram, system)\n", argv[3]);
		return -EINVAL;
	}
	return sim_gem_create_cmd(cmd->gpu, argv[2], kind, cmd->pages, cmd->chunk);
}

static int sim_ctl_gem_revoke(const struct sim_cmd *cmd, int argc, char **argv)
{
	return sim_gem_revoke_cmd(cmd->gpu, argv[2], cmd->vma);
}

static int sim_ctl_gem_release_mmap(const struct sim_cmd *cmd, int argc, char **argv)
{
	return sim_gem_release_mmap_cmd(cmd->gpu, argv[2]);
}

static int sim_ctl_gem_destroy(const struct sim_cmd *cmd, int argc, char **argv)
{
	return sim_gem_destroy_cmd(cmd->gpu, argv[2]);
}

/* bo_move DEV NAME [system|vram] */
static int sim_ctl_bo_move(const struct sim_cmd *cmd, int argc, char **argv)
{
	bool to_vram = argc > 3 && !strcmp(argv[3], "vram");

	if (argc > 3 && !to_vram && strcmp(argv[3], "system")) {
		pr_info("bo_move: '%s' is not system or vram\n", argv[3]);
		return -EINVAL;
	}
	return sim_gem_move_cmd(cmd->gpu, argv[2], to_vram);
}

static int sim_ctl_addr(const char *word, u64 *addr)
{
	if (kstrtou64(word, 0, addr)) {
		pr_info("'%s' is not an address\n", word);
		return -EINVAL;
	}
	return 0;
}

/* svm_fault DEV ADDR */
static int sim_ctl_svm_fault(const struct sim_cmd *cmd, int argc, char **argv)
{
	u64 addr, start, last;

	if (sim_ctl_addr(argv[2], &addr))
		return -EINVAL;
	return sim_svm_fault(cmd->gpu, addr, &start, &last);
}

static int sim_ctl_svm_evict(const struct sim_cmd *cmd, int argc, char **argv)
{
	u64 addr;

	if (sim_ctl_addr(argv[2], &addr))
		return -EINVAL;
	return sim_svm_evict(cmd->gpu, addr);
}

static int sim_ctl_svm_gc(const struct sim_cmd *cmd, int argc, char **argv)
{
	return sim_svm_gc(cmd->gpu);
}

static int sim_ctl_svm_fini(const struct sim_cmd *cmd, int argc, char **argv)
{
	return sim_svm_unbind(cmd->gpu);
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
	{ "bench",
	  "bench DEV SITE [n=N] [tracking=none|debug[-depot|-reftracker]] [rate=R] [cpus=C]", 3, 3,
	  OPT_OP | OPT_TRACKING, true, SIM_OP_BENCH, NULL },
	{ "reset", "reset [DEV]", 1, 2, 0, false, SIM_OP_NONE, NULL },
	{ "gem_create", "gem_create DEV NAME gtt|lmem|vram|system [pages=N] [chunk=N]", 4, 4,
	  OPT_PAGES | OPT_CHUNK, false, SIM_OP_NONE, NULL, sim_ctl_gem_create },
	{ "gem_revoke", "gem_revoke DEV NAME [vma=I]", 3, 3, OPT_VMA, true, SIM_OP_NONE, NULL,
	  sim_ctl_gem_revoke },
	{ "gem_release_mmap", "gem_release_mmap DEV NAME", 3, 3, 0, false, SIM_OP_NONE, NULL,
	  sim_ctl_gem_release_mmap },
	{ "gem_destroy", "gem_destroy DEV NAME", 3, 3, 0, false, SIM_OP_NONE, NULL,
	  sim_ctl_gem_destroy },
	{ "bo_move", "bo_move DEV NAME [system|vram]", 3, 4, 0, false, SIM_OP_NONE, NULL,
	  sim_ctl_bo_move },
	{ "svm_fault", "svm_fault DEV ADDR", 3, 3, 0, false, SIM_OP_NONE, NULL, sim_ctl_svm_fault },
	{ "svm_evict", "svm_evict DEV ADDR", 3, 3, 0, false, SIM_OP_NONE, NULL, sim_ctl_svm_evict },
	{ "svm_gc", "svm_gc DEV", 2, 2, 0, false, SIM_OP_NONE, NULL, sim_ctl_svm_gc },
	{ "svm_fini", "svm_fini DEV", 2, 2, 0, false, SIM_OP_NONE, NULL, sim_ctl_svm_fini },
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
	if (!strcmp(word, "pages") && (c->opts & OPT_PAGES))
		return sim_ctl_uint(word, val, 1, SIM_CTL_MAX_PAGES, &cmd->pages);
	if (!strcmp(word, "chunk") && (c->opts & OPT_CHUNK))
		return sim_ctl_uint(word, val, 1, SIM_CTL_MAX_PAGES, &cmd->chunk);
	if (!strcmp(word, "vma") && (c->opts & OPT_VMA)) {
		ret = sim_ctl_uint(word, val, 0, SIM_CTL_MAX_PAGES, &v);
		cmd->vma = v;
		return ret;
	}
	if (!strcmp(word, "gt") && (c->opts & OPT_GT))
		return sim_ctl_uint(word, val, 0, 1, &cmd->gt);
	if (!strcmp(word, "rate") && (c->opts & OPT_TRACKING))
		return sim_ctl_uint(word, val, 1, SIM_CTL_MAX_PAIRS, &cmd->rate);
	if (!strcmp(word, "cpus") && (c->opts & OPT_TRACKING))
		return sim_ctl_uint(word, val, 1, num_online_cpus(), &cmd->cpus);
	if (!strcmp(word, "tracking") && (c->opts & OPT_TRACKING)) {
		if (!sim_bench_parse_tracking(val, &cmd->tracking))
			return 0;
		pr_info("tracking=%s: want none, debug, debug-depot or debug-reftracker\n", val);
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
		.pages = 4,
		.vma = -1,
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
	if (c->xe_only && cmd.gpu->driver != SIM_DRV_XE) {
		pr_info("%s: %s is not an xe device\n", c->name, argv[1]);
		return -EINVAL;
	}
	if (c->exec)
		return c->exec(&cmd, argc, argv);
	if (c->parse)
		ret = c->parse(&cmd, argc, argv);
	else
		ret = (cmd.site = sim_ctl_site(argv[2])) ? 0 : -EINVAL;
	if (ret)
		return ret;
	if (cmd.ctx.kind == SIM_CTX_SUSPEND || cmd.ctx.kind == SIM_CTX_RESUME)
		return sim_sleep_defer(&cmd);
	return sim_ops_run(&cmd);
}

/* The row of command @name: a site command's, or a driver path's. */
static const struct sim_ctl_cmd *sim_ctl_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sim_ctl_cmds); i++)
		if (!strcmp(name, sim_ctl_cmds[i].name))
			return &sim_ctl_cmds[i];
	for (i = 0; i < sim_nr_ctl_path_cmds; i++)
		if (!strcmp(name, sim_ctl_path_cmds[i].name))
			return &sim_ctl_path_cmds[i];
	return NULL;
}

static int sim_ctl_exec(char *line)
{
	char *argv[SIM_CTL_MAX_ARGS], *opts[SIM_CTL_MAX_ARGS];
	const struct sim_ctl_cmd *c;
	int argc = 0, nopts = 0;
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

	c = sim_ctl_find(argv[0]);
	if (!c) {
		pr_info("unknown command '%s' (cat ctl for the grammar)\n", argv[0]);
		return -EINVAL;
	}
	if (argc < c->min_args || argc > c->max_args) {
		pr_info("usage: %s\n", c->usage);
		return -EINVAL;
	}
	return sim_ctl_run(c, argc, argv, nopts, opts);
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
	for (i = 0; i < ARRAY_SIZE(sim_ctl_cmds) + sim_nr_ctl_path_cmds; i++) {
		const struct sim_ctl_cmd *c = i < ARRAY_SIZE(sim_ctl_cmds) ? &sim_ctl_cmds[i] :
					      &sim_ctl_path_cmds[i - ARRAY_SIZE(sim_ctl_cmds)];

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

	seq_puts(m, "gem kinds i915: gtt lmem\ngem kinds xe: vram system\n");

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
