// SPDX-License-Identifier: GPL-2.0
/*
 * The bench op: "bench DEV SITE n=N [tracking=none|debug|debug-depot|
 * debug-reftracker]" runs N pairs of intel_runtime_pm_get +
 * intel_runtime_pm_put_unchecked from SITE in a tight loop
 * (sim_i915_sites.h) and records how long they took; debugfs "bench" shows
 * the last result:
 *
 *   bench dev=<dev> pairs=<N> ns_total=<T> ns_per_pair=<P> tracking=<how>
 *
 * tracking= also runs, per get and put, what i915's
 * CONFIG_DRM_I915_DEBUG_RUNTIME_PM build does; "debug" is the build of the
 * guest kernel's era:
 *
 * - debug-depot, before 6.8: stack_trace_save() of 8 frames and
 *   stack_depot_save() (exported by both guest kernels, so the real depot is
 *   used), the handle appended to a krealloc()'d owner array under a
 *   spinlock (and last_acquire on 0 -> 1); the put searches the array
 *   linearly from its end, and the last put saves last_release and frees the
 *   array (__untrack_all_wakerefs).
 * - debug-reftracker, from 6.8: lib/ref_tracker.c, which the guest kernels
 *   do not build: a get allocates a tracker and saves a 16-frame stack in
 *   the depot, a put saves its own 16-frame stack and moves the tracker to a
 *   quarantine of 16 (INTEL_REFTRACK_DEAD_COUNT), freeing the oldest; the
 *   last put takes the lock and prints what is left (nothing, here).
 *
 * This is the cost the tool avoids by not needing a debug kernel.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>
#include <linux/math64.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/version.h>

#include "sim.h"
#include "sim_bench.h"

#define SIM_BENCH_STACKDEPTH	8		/* i915's STACKDEPTH */
#define SIM_REFTRACKER_ENTRIES	16		/* REF_TRACKER_STACK_ENTRIES */
#define SIM_REFTRACK_DEAD_COUNT	16		/* INTEL_REFTRACK_DEAD_COUNT */

static DEFINE_SPINLOCK(sim_bench_lock);
static struct {
	bool valid;
	char dev[32];
	unsigned int pairs;
	u64 ns;
	unsigned int tracking;
	unsigned int rate;
	unsigned int cpus;
} sim_bench_last;

static const char *const tracking_names[] = {
	[SIM_TRACK_NONE] = "none",
	[SIM_TRACK_DEPOT] = "debug-depot",
	[SIM_TRACK_REFTRACKER] = "debug-reftracker",
};

const char *sim_bench_tracking_name(unsigned int tracking)
{
	return tracking < ARRAY_SIZE(tracking_names) ? tracking_names[tracking] : "?";
}

int sim_bench_parse_tracking(const char *val, unsigned int *tracking)
{
	unsigned int i;

	if (!strcmp(val, "debug")) {
		*tracking = LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0) ? SIM_TRACK_REFTRACKER :
									      SIM_TRACK_DEPOT;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(tracking_names); i++) {
		if (!strcmp(val, tracking_names[i])) {
			*tracking = i;
			return 0;
		}
	}
	return -EINVAL;
}

static noinline depot_stack_handle_t __save_depot_stack(void)
{
	unsigned long entries[SIM_BENCH_STACKDEPTH];
	unsigned int n;

	n = stack_trace_save(entries, ARRAY_SIZE(entries), 1);
	return stack_depot_save(entries, n, GFP_NOWAIT | __GFP_NOWARN);
}

/* Process context, before the loop. */
static int sim_bench_depot_init(void)
{
	static bool depot_ready;

	if (!READ_ONCE(depot_ready)) {
		int ret = stack_depot_init();

		if (ret) {
			pr_info("bench: stack_depot_init() failed: %d\n", ret);
			return ret;
		}
		WRITE_ONCE(depot_ready, true);
	}
	return 0;
}

int sim_bench_debug_init(struct sim_bench_debug *dbg)
{
	int ret = sim_bench_depot_init();

	if (ret)
		return ret;
	spin_lock_init(&dbg->lock);
	dbg->last_acquire = 0;
	dbg->last_release = 0;
	dbg->owners = NULL;
	dbg->count = 0;
	return 0;
}

/* track_intel_runtime_pm_wakeref() */
noinline depot_stack_handle_t sim_bench_track(struct sim_bench_debug *dbg)
{
	depot_stack_handle_t stack, *stacks;
	unsigned long flags;

	stack = __save_depot_stack();
	if (!stack)
		return -1;

	spin_lock_irqsave(&dbg->lock, flags);
	if (!dbg->count)
		dbg->last_acquire = stack;

	stacks = krealloc(dbg->owners, (dbg->count + 1) * sizeof(*stacks),
			  GFP_NOWAIT | __GFP_NOWARN);
	if (stacks) {
		stacks[dbg->count++] = stack;
		dbg->owners = stacks;
	} else {
		stack = -1;
	}
	spin_unlock_irqrestore(&dbg->lock, flags);

	return stack;
}

/* untrack_intel_runtime_pm_wakeref() + __intel_wakeref_dec_and_check_tracking() */
noinline void sim_bench_untrack(struct sim_bench_debug *dbg, depot_stack_handle_t stack)
{
	depot_stack_handle_t *owners = NULL;
	unsigned long flags, n;

	if (unlikely(stack == (depot_stack_handle_t)-1))
		return;

	spin_lock_irqsave(&dbg->lock, flags);
	for (n = dbg->count; n--; ) {
		if (dbg->owners[n] == stack) {
			memmove(dbg->owners + n, dbg->owners + n + 1,
				(--dbg->count - n) * sizeof(stack));
			break;
		}
	}
	if (!dbg->count) {
		/* __untrack_all_wakerefs() */
		owners = dbg->owners;
		dbg->owners = NULL;
		dbg->last_release = __save_depot_stack();
	}
	spin_unlock_irqrestore(&dbg->lock, flags);

	kfree(owners);
}

void sim_bench_debug_fini(struct sim_bench_debug *dbg)
{
	kfree(dbg->owners);
	dbg->owners = NULL;
}

/* struct ref_tracker */
struct sim_bench_reftracker {
	struct list_head head;
	bool dead;
	depot_stack_handle_t alloc_stack_handle;
	depot_stack_handle_t free_stack_handle;
};

/* ref_tracker_dir_init(&rpm->debug, INTEL_REFTRACK_DEAD_COUNT, ...) */
int sim_bench_reftracker_init(struct sim_bench_reftracker_dir *dir)
{
	int ret = sim_bench_depot_init();

	if (ret)
		return ret;
	spin_lock_init(&dir->lock);
	dir->quarantine_avail = SIM_REFTRACK_DEAD_COUNT;
	INIT_LIST_HEAD(&dir->list);
	INIT_LIST_HEAD(&dir->quarantine);
	atomic_set(&dir->count, 0);
	return 0;
}

/* intel_ref_tracker_alloc() -> ref_tracker_alloc(dir, &tracker, GFP_NOWAIT) */
noinline void *sim_bench_reftracker_get(struct sim_bench_reftracker_dir *dir)
{
	unsigned long entries[SIM_REFTRACKER_ENTRIES], flags;
	struct sim_bench_reftracker *tracker;
	unsigned int n;

	atomic_inc(&dir->count);
	tracker = kzalloc(sizeof(*tracker), GFP_NOWAIT | __GFP_NOWARN);
	if (!tracker)
		return NULL;
	n = stack_trace_save(entries, ARRAY_SIZE(entries), 1);
	tracker->alloc_stack_handle = stack_depot_save(entries, n, GFP_NOWAIT);
	spin_lock_irqsave(&dir->lock, flags);
	list_add(&tracker->head, &dir->list);
	spin_unlock_irqrestore(&dir->lock, flags);
	return tracker;
}

/*
 * intel_ref_tracker_free() -> ref_tracker_free(), then
 * __intel_wakeref_dec_and_check_tracking(): the last put prints the live
 * trackers under the lock (ref_tracker_dir_print_locked(): none here).
 */
noinline void sim_bench_reftracker_put(struct sim_bench_reftracker_dir *dir, void *t)
{
	unsigned long entries[SIM_REFTRACKER_ENTRIES], flags;
	struct sim_bench_reftracker *tracker = t;
	depot_stack_handle_t handle;
	unsigned int n;

	if (tracker) {
		n = stack_trace_save(entries, ARRAY_SIZE(entries), 1);
		handle = stack_depot_save(entries, n, GFP_NOWAIT | __GFP_NOWARN);
		spin_lock_irqsave(&dir->lock, flags);
		if (WARN_ON_ONCE(tracker->dead)) {
			spin_unlock_irqrestore(&dir->lock, flags);
			return;
		}
		tracker->dead = true;
		tracker->free_stack_handle = handle;
		list_move_tail(&tracker->head, &dir->quarantine);
		if (!dir->quarantine_avail) {
			tracker = list_first_entry(&dir->quarantine, struct sim_bench_reftracker, head);
			list_del(&tracker->head);
		} else {
			dir->quarantine_avail--;
			tracker = NULL;
		}
		spin_unlock_irqrestore(&dir->lock, flags);
		kfree(tracker);
	}
	if (!atomic_dec_and_lock_irqsave(&dir->count, &dir->lock, flags))
		return;
	WARN_ON_ONCE(!list_empty(&dir->list));	/* the loop leaves nothing held */
	spin_unlock_irqrestore(&dir->lock, flags);
}

/* ref_tracker_dir_exit() */
void sim_bench_reftracker_fini(struct sim_bench_reftracker_dir *dir)
{
	struct sim_bench_reftracker *tracker, *n;

	list_for_each_entry_safe(tracker, n, &dir->quarantine, head) {
		list_del(&tracker->head);
		kfree(tracker);
	}
	list_for_each_entry_safe(tracker, n, &dir->list, head) {
		list_del(&tracker->head);
		kfree(tracker);
	}
}

/*
 * Paced runs (throughput): sleep until pair I is due.  Sleeping also lets
 * the frontend run; an unpaced run of millions of pairs yields every so
 * often instead.
 */
void sim_bench_pace(u64 t0, unsigned int i, unsigned int rate)
{
	u64 due = t0 + div_u64((u64)i * NSEC_PER_SEC, rate), now = ktime_get_ns();

	if (now + 20 * NSEC_PER_USEC < due)
		usleep_range(div_u64(due - now, NSEC_PER_USEC),
			     div_u64(due - now, NSEC_PER_USEC) + 50);
	else
		cond_resched();
}

void sim_bench_record(struct sim_gpu *gpu, unsigned int pairs, u64 ns, unsigned int tracking,
		      unsigned int rate, unsigned int cpus)
{
	unsigned long flags;

	spin_lock_irqsave(&sim_bench_lock, flags);
	strscpy(sim_bench_last.dev, sim_gpu_name(gpu), sizeof(sim_bench_last.dev));
	sim_bench_last.pairs = pairs;
	sim_bench_last.ns = ns;
	sim_bench_last.tracking = tracking;
	sim_bench_last.rate = rate;
	sim_bench_last.cpus = cpus;
	sim_bench_last.valid = true;
	spin_unlock_irqrestore(&sim_bench_lock, flags);
}

struct sim_bench_part {
	struct sim_req req;
	struct task_struct *task;
	struct completion done;
};

static int sim_bench_part_fn(void *arg)
{
	struct sim_bench_part *p = arg;

	p->req.ret = p->req.site->fn(&p->req);
	complete(&p->done);
	/* kthread_stop() needs the thread still there */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

int sim_bench_on_cpus(const struct sim_req *req, unsigned int cpus)
{
	struct sim_bench_part *parts;
	unsigned int i = 0, started = 0, cpu;
	u64 t0 = U64_MAX, t1 = 0;
	int ret = 0;

	parts = kcalloc(cpus, sizeof(*parts), GFP_KERNEL);
	if (!parts)
		return -ENOMEM;
	for_each_online_cpu(cpu) {
		struct sim_bench_part *p = &parts[i];
		struct task_struct *k;

		if (i == cpus)
			break;
		p->req = *req;
		p->req.bench_part = true;
		/* the pairs and the rate shared out, the remainder to the first ones */
		p->req.pairs = req->pairs / cpus + (i < req->pairs % cpus);
		p->req.rate = req->rate ? req->rate / cpus + (i < req->rate % cpus) : 0;
		init_completion(&p->done);
		k = kthread_create_on_cpu(sim_bench_part_fn, p, cpu, "sim_bench/%u");
		if (IS_ERR(k)) {
			ret = PTR_ERR(k);
			break;
		}
		get_task_struct(k);
		p->task = k;
		started = ++i;
	}
	for (i = 0; i < started; i++)
		wake_up_process(parts[i].task);
	for (i = 0; i < started; i++) {
		struct sim_bench_part *p = &parts[i];

		wait_for_completion(&p->done);
		kthread_stop(p->task);
		put_task_struct(p->task);
		if (!ret)
			ret = p->req.ret;
		t0 = min(t0, p->req.bench_t0);
		t1 = max(t1, p->req.bench_t1);
	}
	if (!ret && started == cpus)
		sim_bench_record(req->gpu, req->pairs, t1 - t0, req->tracking, req->rate, cpus);
	kfree(parts);
	return ret;
}

static int sim_bench_show(struct seq_file *m, void *unused)
{
	unsigned long flags;
	typeof(sim_bench_last) b;

	spin_lock_irqsave(&sim_bench_lock, flags);
	b = sim_bench_last;
	spin_unlock_irqrestore(&sim_bench_lock, flags);

	if (!b.valid)
		return 0;
	seq_printf(m, "bench dev=%s pairs=%u ns_total=%llu ns_per_pair=%llu tracking=%s",
		   b.dev, b.pairs, b.ns, b.pairs ? div_u64(b.ns, b.pairs) : 0,
		   sim_bench_tracking_name(b.tracking));
	if (b.rate)
		seq_printf(m, " rate=%u", b.rate);
	if (b.cpus > 1)
		seq_printf(m, " cpus=%u", b.cpus);
	seq_putc(m, '\n');
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_bench);

void sim_bench_debugfs_init(void)
{
	debugfs_create_file("bench", 0444, sim_debugfs_root, NULL, &sim_bench_fops);
}
