// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle: an exact record of every wakeref the simulation holds, kept
 * beside the driver (the driver itself, like a shipping i915, tracks
 * nothing).  Each owner has a unique id, the site, variant, cookie, task,
 * time and the kernel stack at the get.
 *
 * debugfs:
 *   oracle  human form, per device: a header line, then i915's
 *           DEBUG_RUNTIME_PM report ("Wakeref count: N", "Wakeref xN taken
 *           at:" + 3-space-indented %pS frames, grouped by site, variant and
 *           stack), then one "Owner id=..." line per owner, oldest first
 *   owners  machine form for diffing against the tool, one record a line:
 *           device <dev> driver=<drv> count=<n> wakeref_count=<int>
 *                  usage_count=<n> runtime_status=<status>
 *           owner <dev> <site function> <n>       (sorted, only if n > 0)
 *           stats <dev> gets=<n> failed_gets=<n> puts=<n> suspends=<n>
 *                 resumes=<n> asserts=<n>
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/stacktrace.h>
#include <linux/string.h>

#include "sim.h"
#include "sim_i915.h"

static atomic64_t sim_next_owner_id = ATOMIC64_INIT(0);

void sim_oracle_dev_init(struct sim_oracle_dev *od)
{
	spin_lock_init(&od->lock);
	INIT_LIST_HEAD(&od->owners);
	od->nr_owners = 0;
	atomic_set(&od->gets, 0);
	atomic_set(&od->failed_gets, 0);
	atomic_set(&od->puts, 0);
}

struct sim_owner *sim_oracle_alloc(void)
{
	return kzalloc(sizeof(struct sim_owner), GFP_KERNEL);
}

void sim_oracle_free(struct sim_owner *owner)
{
	kfree(owner);
}

/* Fill req->owner from the current context and link it in. */
static __always_inline void sim_oracle_track(struct sim_req *req)
{
	struct sim_oracle_dev *od = &req->gpu->oracle;
	struct sim_owner *owner = req->owner;
	unsigned long flags;

	/* skip 1: sim_oracle_note(); the first frame is the site function */
	owner->nr_entries = stack_trace_save(owner->entries, SIM_STACK_DEPTH, 1);
	owner->id = atomic64_inc_return(&sim_next_owner_id);
	owner->gpu = req->gpu;
	owner->site = req->site;
	owner->variant = req->variant;
	owner->cookie = req->cookie;
	owner->pid = task_pid_nr(current);
	get_task_comm(owner->comm, current);
	owner->ts_ns = ktime_get_ns();

	spin_lock_irqsave(&od->lock, flags);
	list_add(&owner->link, &od->owners);
	od->nr_owners++;
	spin_unlock_irqrestore(&od->lock, flags);

	atomic_inc(&od->gets);
	req->id = owner->id;
	req->owner = NULL;
}

/*
 * Called by a site function right after its driver call.  Must stay out of
 * line: the stack it saves starts at its caller.
 */
__sim_frame void sim_oracle_note(struct sim_req *req)
{
	struct sim_oracle_dev *od = &req->gpu->oracle;

	if (req->ret)
		return;
	if (!sim_op_is_get(req->op)) {
		atomic_inc(&od->puts);
		return;
	}
	if (!req->got) {
		atomic_inc(&od->failed_gets);
		return;
	}
	sim_oracle_track(req);
}

/*
 * Unlink and return the newest owner on @gpu taken at @site (any site if
 * NULL) with oracle id @id (any if 0), or NULL.  The caller releases it.
 */
struct sim_owner *sim_oracle_take(struct sim_gpu *gpu, const struct sim_site *site, u64 id)
{
	struct sim_oracle_dev *od = &gpu->oracle;
	struct sim_owner *owner, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&od->lock, flags);
	list_for_each_entry(owner, &od->owners, link) {
		if (site && owner->site != site)
			continue;
		if (id && owner->id != id)
			continue;
		list_del(&owner->link);
		od->nr_owners--;
		found = owner;
		break;
	}
	spin_unlock_irqrestore(&od->lock, flags);
	return found;
}

/* A copy of @gpu's owners, taken under the lock; kfree() it. */
static struct sim_owner *sim_oracle_snapshot(struct sim_gpu *gpu, unsigned int *nr)
{
	struct sim_oracle_dev *od = &gpu->oracle;
	struct sim_owner *snap = NULL, *owner;
	unsigned int cap = 0, n, i;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&od->lock, flags);
		n = od->nr_owners;
		if (n <= cap) {
			i = 0;
			list_for_each_entry(owner, &od->owners, link)
				snap[i++] = *owner;
			spin_unlock_irqrestore(&od->lock, flags);
			break;
		}
		spin_unlock_irqrestore(&od->lock, flags);

		kfree(snap);
		cap = n + 8;
		snap = kmalloc_array(cap, sizeof(*snap), GFP_KERNEL);
		if (!snap)
			return ERR_PTR(-ENOMEM);
	}
	*nr = n;
	return snap;
}

/*
 * Owners group as one "Wakeref xN" when taken at the same site, the same way
 * (in i915's debug build the entry point is the top frame) and the same stack.
 */
static int sim_owner_cmp_stack(const struct sim_owner *a, const struct sim_owner *b)
{
	int ret;

	ret = strcmp(a->site->func, b->site->func);
	if (ret)
		return ret;
	ret = strcmp(a->variant->name, b->variant->name);
	if (ret)
		return ret;
	if (a->nr_entries != b->nr_entries)
		return a->nr_entries < b->nr_entries ? -1 : 1;
	return memcmp(a->entries, b->entries, a->nr_entries * sizeof(a->entries[0]));
}

static int sim_owner_cmp(const void *pa, const void *pb)
{
	const struct sim_owner *a = pa, *b = pb;
	int ret;

	ret = sim_owner_cmp_stack(a, b);
	if (ret)
		return ret;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

static int sim_owner_cmp_id(const void *pa, const void *pb)
{
	const struct sim_owner *a = pa, *b = pb;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

/* The sorted list of devices, so every output is sorted by device name. */
static unsigned int sim_sorted_gpus(struct sim_gpu **gpus)
{
	unsigned int n = sim_gpu_count(), i, j;

	for (i = 0; i < n; i++) {
		struct sim_gpu *gpu = sim_gpu_at(i);

		for (j = i; j > 0 && strcmp(sim_gpu_name(gpus[j - 1]), sim_gpu_name(gpu)) > 0; j--)
			gpus[j] = gpus[j - 1];
		gpus[j] = gpu;
	}
	return n;
}

static void sim_oracle_show_header(struct seq_file *m, struct sim_gpu *gpu)
{
	struct sim_oracle_dev *od = &gpu->oracle;
	const char *status;
	int usage;

	usage = sim_runtime_status(gpu, &status);
	seq_printf(m, "%s (%s):", sim_gpu_name(gpu), sim_driver_name(gpu->driver));
	if (gpu->driver == SIM_DRV_I915) {
		int count = sim_i915_wakeref_count(gpu);

		seq_printf(m, " wakeref_count=0x%x raw=%u wakelocks=%u", count,
			   intel_rpm_raw_wakeref_count(count), intel_rpm_wakelock_count(count));
	}
	seq_printf(m, " usage_count=%d runtime_status=%s suspends=%d resumes=%d",
		   usage, status, atomic_read(&gpu->suspends), atomic_read(&gpu->resumes));
	seq_printf(m, " gets=%d failed_gets=%d puts=%d asserts=%d\n",
		   atomic_read(&od->gets), atomic_read(&od->failed_gets),
		   atomic_read(&od->puts), atomic_read(&gpu->assert_failures));
}

static void sim_oracle_show_gpu(struct seq_file *m, struct sim_gpu *gpu)
{
	struct sim_owner *snap;
	unsigned int n, i, j, k;

	sim_oracle_show_header(m, gpu);

	snap = sim_oracle_snapshot(gpu, &n);
	if (IS_ERR(snap)) {
		seq_puts(m, "(out of memory)\n");
		return;
	}
	sort(snap, n, sizeof(*snap), sim_owner_cmp, NULL);

	seq_printf(m, "Wakeref count: %u\n", n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && !sim_owner_cmp_stack(&snap[i], &snap[j]); j++)
			;
		seq_printf(m, "Wakeref x%u taken at:\n", j - i);
		for (k = 0; k < snap[i].nr_entries; k++)
			seq_printf(m, "   %pS\n", (void *)snap[i].entries[k]);
	}

	/* then every owner, oldest first */
	sort(snap, n, sizeof(*snap), sim_owner_cmp_id, NULL);
	for (i = 0; i < n; i++) {
		const struct sim_owner *o = &snap[i];

		seq_printf(m, "Owner id=%llu site=%s variant=%s cookie=0x%lx",
			   o->id, o->site->func, o->variant->name, o->cookie);
		seq_printf(m, " pid=%d comm=%s ts_ns=%llu\n", o->pid, o->comm, o->ts_ns);
	}
	kfree(snap);
}

static int sim_oracle_show(struct seq_file *m, void *unused)
{
	struct sim_gpu *gpus[SIM_MAX_GPUS];
	unsigned int n, i;

	n = sim_sorted_gpus(gpus);
	for (i = 0; i < n; i++) {
		if (i)
			seq_putc(m, '\n');
		sim_oracle_show_gpu(m, gpus[i]);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_oracle);

static void sim_owners_show_gpu(struct seq_file *m, struct sim_gpu *gpu)
{
	struct sim_oracle_dev *od = &gpu->oracle;
	unsigned int counts[SIM_MAX_SITES] = {};
	const char *name = sim_gpu_name(gpu);
	struct sim_owner *owner;
	unsigned long flags;
	unsigned int nr, i;
	const char *status;
	int usage;

	spin_lock_irqsave(&od->lock, flags);
	nr = od->nr_owners;
	list_for_each_entry(owner, &od->owners, link)
		counts[owner->site - sim_sites]++;
	spin_unlock_irqrestore(&od->lock, flags);

	usage = sim_runtime_status(gpu, &status);
	seq_printf(m, "device %s driver=%s count=%u", name, sim_driver_name(gpu->driver), nr);
	if (gpu->driver == SIM_DRV_I915)
		seq_printf(m, " wakeref_count=%d", sim_i915_wakeref_count(gpu));
	seq_printf(m, " usage_count=%d runtime_status=%s\n", usage, status);

	/* sim_sites[] is sorted by function name (sim_sites_check()) */
	for (i = 0; i < sim_nr_sites; i++) {
		if (counts[i])
			seq_printf(m, "owner %s %s %u\n", name, sim_sites[i].func, counts[i]);
	}

	seq_printf(m, "stats %s gets=%d failed_gets=%d puts=%d suspends=%d resumes=%d asserts=%d\n",
		   name, atomic_read(&od->gets), atomic_read(&od->failed_gets),
		   atomic_read(&od->puts), atomic_read(&gpu->suspends),
		   atomic_read(&gpu->resumes), atomic_read(&gpu->assert_failures));
}

static int sim_owners_show(struct seq_file *m, void *unused)
{
	struct sim_gpu *gpus[SIM_MAX_GPUS];
	unsigned int n, i;

	n = sim_sorted_gpus(gpus);
	for (i = 0; i < n; i++)
		sim_owners_show_gpu(m, gpus[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_owners);

void sim_oracle_debugfs_init(void)
{
	debugfs_create_file("oracle", 0444, sim_debugfs_root, NULL, &sim_oracle_fops);
	debugfs_create_file("owners", 0444, sim_debugfs_root, NULL, &sim_owners_fops);
}
