// SPDX-License-Identifier: GPL-2.0
/*
 * The CONFIG_DRM_I915_DEBUG_RUNTIME_PM=y side of intel_runtime_pm.c, built
 * only with SIM_DEBUG_RPM=1 (-DSIM_DEBUG_RUNTIME_PM): every get returns a
 * cookie of its own, which the tracked put hands back.
 *
 * From 6.8 i915 tracks each get with lib/ref_tracker.c: its gets reach
 * track_intel_runtime_pm_wakeref() -> intel_ref_tracker_alloc(&rpm->debug)
 * (intel_wakeref.c) -> ref_tracker_alloc(), which saves the stack with
 * stack_trace_save(entries, 16, 1) (the first frame is then
 * intel_ref_tracker_alloc's), and the get returns the tracker's address.
 * The guest kernels have no CONFIG_REF_TRACKER, so the simulation carries
 * its own copy of what ref_tracker does for i915: sim_ref_tracker_alloc()
 * and _free() stand for ref_tracker_alloc() and _free(), the trackers keep
 * the stack they saved (a stack depot handle in the kernel: identical
 * stacks compare equal, as identical handles do), and the directory is
 * published in debugfs as lib/ref_tracker.c publishes it (6.17+):
 *
 *   /sys/kernel/debug/ref_tracker/intel_runtime_pm@<%p of the dir>
 *   /sys/kernel/debug/ref_tracker/intel_runtime_pm-<dev_name> -> that file
 *
 * (the symlink is i915's ref_tracker_dir_symlink() call), its text that of
 * __ref_tracker_dir_pr_ostream() with a display limit of 16 stacks: per
 * distinct stack "<class>@<%p> has <N>/<M> users at", the frames as
 * stack_trace_snprint(..., 4) prints them ("%*c%pS\n" with a width of
 * 1 + 4: five spaces), an empty line; then "<class>@<%p> skipped reports
 * about <K>/<M> users." when more stacks than 16 were held.  The
 * "ref_tracker" directory is the kernel's where it has one, else made
 * here and removed with the last device.  Before 6.8 i915 tracked with the
 * stack depot and had no such file; the simulation publishes it on every
 * kernel so that the comparison is tested everywhere.
 *
 * Before 6.8 intel_wakeref_t is a u32 depot handle, which is not unique per
 * get; there the cookie is a unique u32 handle instead (never 0 or -1).
 *
 * A put whose cookie is not tracked is i915's "Unmatched wakeref" WARN: an
 * assert here.  put_unchecked (INTEL_WAKEREF_DEF) untracks nothing, so its
 * tracker stays until the driver is released, as in i915.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>

#include "sim.h"
#include "sim_i915.h"

#define REF_TRACKER_STACK_ENTRIES	16
#define REF_TRACKER_DISPLAY_LIMIT	16	/* ref_tracker_dir_seq_print()'s */

struct sim_ref_tracker {
	struct list_head link;
	intel_wakeref_t cookie;
	unsigned int nr_entries;
	unsigned long entries[REF_TRACKER_STACK_ENTRIES];
};

/* /sys/kernel/debug/ref_tracker: the kernel's, or ours while a device uses it */
static DEFINE_MUTEX(rt_root_lock);
static struct dentry *rt_root;
static bool rt_root_ours;
static unsigned int rt_root_users;

static struct intel_runtime_pm *dir_to_rpm(struct sim_rpm_debug *dir)
{
	return container_of(dir, struct intel_runtime_pm, debug);
}

static bool same_stack(const struct sim_ref_tracker *a, const struct sim_ref_tracker *b)
{
	return a->nr_entries == b->nr_entries &&
	       !memcmp(a->entries, b->entries, a->nr_entries * sizeof(a->entries[0]));
}

/* __ref_tracker_dir_pr_ostream() into a seq_file, under dir->lock */
static void sim_ref_tracker_dir_print(struct sim_rpm_debug *dir, struct seq_file *m)
{
	struct {
		const struct sim_ref_tracker *t;
		unsigned int count;
	} *stacks;
	const struct sim_ref_tracker *t;
	unsigned int i, n = 0, total = 0, skipped;

	if (list_empty(&dir->trackers))
		return;
	stacks = kmalloc_array(REF_TRACKER_DISPLAY_LIMIT, sizeof(*stacks), GFP_NOWAIT);
	if (!stacks) {
		seq_printf(m, "%s@%p: couldn't get stats, error %pe\n", dir->class, dir,
			   ERR_PTR(-ENOMEM));
		return;
	}
	list_for_each_entry(t, &dir->trackers, link) {
		total++;
		for (i = 0; i < n; i++)
			if (same_stack(stacks[i].t, t))
				break;
		if (i >= REF_TRACKER_DISPLAY_LIMIT)
			continue;
		if (i >= n) {
			stacks[i].t = t;
			stacks[i].count = 0;
			n++;
		}
		stacks[i].count++;
	}
	for (i = 0, skipped = total; i < n; i++) {
		unsigned int k;

		seq_printf(m, "%s@%p has %u/%u users at\n", dir->class, dir, stacks[i].count,
			   total);
		for (k = 0; k < stacks[i].t->nr_entries; k++)
			seq_printf(m, "%*c%pS\n", 1 + 4, ' ', (void *)stacks[i].t->entries[k]);
		seq_putc(m, '\n');
		skipped -= stacks[i].count;
	}
	if (skipped)
		seq_printf(m, "%s@%p skipped reports about %u/%u users.\n", dir->class, dir,
			   skipped, total);
	kfree(stacks);
}

static int sim_ref_tracker_debugfs_show(struct seq_file *m, void *v)
{
	struct sim_rpm_debug *dir = m->private;
	unsigned long flags;

	spin_lock_irqsave(&dir->lock, flags);
	sim_ref_tracker_dir_print(dir, m);
	spin_unlock_irqrestore(&dir->lock, flags);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_ref_tracker_debugfs);

static struct dentry *rt_root_get(void)
{
	struct dentry *d;

	mutex_lock(&rt_root_lock);
	if (!rt_root) {
		d = debugfs_lookup("ref_tracker", NULL);
		if (d) {
			rt_root = d;
			rt_root_ours = false;
		} else {
			d = debugfs_create_dir("ref_tracker", NULL);
			rt_root = IS_ERR(d) ? NULL : d;
			rt_root_ours = true;
		}
	}
	if (rt_root)
		rt_root_users++;
	d = rt_root;
	mutex_unlock(&rt_root_lock);
	return d;
}

static void rt_root_put(void)
{
	mutex_lock(&rt_root_lock);
	if (rt_root && !--rt_root_users) {
		if (rt_root_ours)
			debugfs_remove(rt_root);
		else
			dput(rt_root);
		rt_root = NULL;
	}
	mutex_unlock(&rt_root_lock);
}

/* ref_tracker_dir_init(&rpm->debug, ..., "intel_runtime_pm") and i915's symlink */
void sim_rpm_debug_init(struct intel_runtime_pm *rpm)
{
	struct sim_rpm_debug *dir = &rpm->debug;
	struct dentry *root, *d;
	char name[NAME_MAX + 1];

	spin_lock_init(&dir->lock);
	INIT_LIST_HEAD(&dir->trackers);
	dir->count = 0;
	dir->next_handle = 0;
	dir->class = "intel_runtime_pm";
	dir->dentry = NULL;
	dir->symlink = NULL;

	root = rt_root_get();
	if (!root)
		return;
	snprintf(name, sizeof(name), "%s@%p", dir->class, dir);
	d = debugfs_create_file(name, S_IFREG | 0400, root, dir,
				&sim_ref_tracker_debugfs_fops);
	if (IS_ERR(d)) {
		rt_root_put();
		return;
	}
	dir->dentry = d;
	snprintf(name, sizeof(name), "intel_runtime_pm-%s", dev_name(rpm->kdev));
	d = debugfs_create_symlink(name, root, dir->dentry->d_name.name);
	dir->symlink = IS_ERR(d) ? NULL : d;
}

/* ref_tracker_alloc(): the tracker, with the stack of whoever asked */
static __sim_frame int sim_ref_tracker_alloc(struct sim_rpm_debug *dir,
					     struct sim_ref_tracker **trackerp, gfp_t gfp)
{
	struct sim_ref_tracker *t;
	unsigned long flags;

	*trackerp = t = kzalloc(sizeof(*t), gfp | __GFP_NOWARN);
	if (!t)
		return -ENOMEM;
	t->nr_entries = stack_trace_save(t->entries, ARRAY_SIZE(t->entries), 1);

	spin_lock_irqsave(&dir->lock, flags);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	t->cookie = (intel_wakeref_t)t;
#else
	do {
		t->cookie = ++dir->next_handle;
	} while (!t->cookie || t->cookie == INTEL_WAKEREF_DEF);
#endif
	list_add(&t->link, &dir->trackers);
	dir->count++;
	spin_unlock_irqrestore(&dir->lock, flags);
	return 0;
}

/* intel_wakeref.c's intel_ref_tracker_alloc(): may run in any context */
__sim_frame intel_wakeref_t intel_ref_tracker_alloc(struct sim_rpm_debug *dir)
{
	struct sim_ref_tracker *user = NULL;

	sim_ref_tracker_alloc(dir, &user, GFP_NOWAIT);

	return user ? user->cookie : INTEL_WAKEREF_DEF;
}

/* intel_ref_tracker_free() -> ref_tracker_free() */
__sim_frame void intel_ref_tracker_free(struct sim_rpm_debug *dir, intel_wakeref_t wref)
{
	struct sim_ref_tracker *t, *found = NULL;
	unsigned long flags;

	if (wref == INTEL_WAKEREF_DEF || !wref)
		return;

	spin_lock_irqsave(&dir->lock, flags);
	list_for_each_entry(t, &dir->trackers, link) {
		if (t->cookie == wref) {
			list_del(&t->link);
			dir->count--;
			found = t;
			break;
		}
	}
	spin_unlock_irqrestore(&dir->lock, flags);

	if (found) {
		kfree(found);
		return;
	}
	sim_oracle_assert(sim_i915_rpm_to_gpu(dir_to_rpm(dir)));
	pr_info_ratelimited("%s: Unmatched wakeref %#lx (tracking %lu)\n",
			    dev_name(dir_to_rpm(dir)->kdev), (unsigned long)wref, dir->count);
}

/* Driver release: ref_tracker_dir_exit(), dropping what put_unchecked left tracked. */
void sim_rpm_debug_fini(struct intel_runtime_pm *rpm)
{
	struct sim_rpm_debug *dir = &rpm->debug;
	struct sim_ref_tracker *t, *tmp;
	unsigned long n = 0;

	if (dir->dentry) {
		debugfs_remove(dir->symlink);
		debugfs_remove(dir->dentry);
		dir->symlink = NULL;
		dir->dentry = NULL;
		rt_root_put();
	}
	list_for_each_entry_safe(t, tmp, &dir->trackers, link) {
		list_del(&t->link);
		kfree(t);
		n++;
	}
	dir->count = 0;
	if (n)
		pr_info("%s: %lu tracked wakeref(s) never untracked (put_unchecked)\n",
			dev_name(rpm->kdev), n);
}
