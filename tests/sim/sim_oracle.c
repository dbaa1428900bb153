// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle: an exact record of every runtime-PM reference the simulation
 * holds, kept beside the drivers (which, like shipping ones, track
 * nothing).  The owner of each record follows the rule in sim.h.  Each
 * record has a unique id, the owner function, who holds it (a ctl site or
 * the driver), how it was taken, its unit, cookie, task, context, time and
 * the kernel stack where it was recorded.
 *
 * debugfs:
 *   oracle  human form, per device: a header line, then i915's
 *           DEBUG_RUNTIME_PM report ("Wakeref count: N", "Wakeref xN taken
 *           at:" + 3-space-indented %pS frames, grouped by owner, what and
 *           stack), then one "Owner id=..." line per record, oldest first:
 *           Owner id=<n> func=<owner> holder=<site function>|driver
 *                 what=<variant or driver holder> unit=wakelock|raw|xe
 *                 [domain=<d>] cookie=0x<c> pid=<n> comm=<comm>
 *                 ctx=task|softirq|hardirq ts_ns=<n>
 *   owners  machine form for diffing against the tool, one record a line,
 *           devices sorted by name:
 *           device <dev> driver=i915|xe count=<n> wakeref_count=<int>
 *                  usage_count=<n> runtime_status=<status>
 *                  (xe: wakeref_count is the PM core's usage count)
 *           owner <dev> <owner function> <n>      (sorted, only if n > 0)
 *           stats <dev> gets=<n> failed_gets=<n> puts=<n> suspends=<n>
 *                 resumes=<n> asserts=<n>
 *           and for i915 devices:
 *           display <dev> <domain> use_count=<n>  (every domain)
 *           gt <dev> count=<n> awake=0|1
 *           async_put <dev> pending=0|1
 *           then the userfault lists (i915: ggtt, lmem; xe: vram):
 *           userfault <dev> <list> count=<n>      (every list, always)
 *           userfault <dev> <list> obj=0x<addr>   (per object on it, ascending)
 *           userfault_stats <dev> faults=<n> added=<n> removed=<n> drained=<n>
 *           and for xe devices the GPU SVM (sim_xe_svm.c):
 *           svm <dev> gpusvms=<n>
 *           svm <dev> gpusvm=0x<addr> notifiers=<n> ranges=<n>
 *           svm <dev> notifier 0x<start>-0x<last>
 *           svm <dev> range 0x<start>-0x<last> flags=<flag,...|->
 *           svm_stats <dev> faults=<n> invalidations=<n> releases=<n>
 *                     unmapped=<n> gc_runs=<n> removed=<n>
 *           (the full contract is in sim.h)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/hardirq.h>
#include <linux/err.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/stacktrace.h>
#include <linux/string.h>

#include "sim.h"
#include "sim_i915.h"
#include "sim_xe.h"

static atomic64_t sim_next_owner_id = ATOMIC64_INIT(0);

void sim_oracle_dev_init(struct sim_oracle_dev *od)
{
	spin_lock_init(&od->lock);
	INIT_LIST_HEAD(&od->owners);
	od->nr_owners = 0;
	atomic_set(&od->gets, 0);
	atomic_set(&od->failed_gets, 0);
	atomic_set(&od->puts, 0);
	atomic_set(&od->lost, 0);
	sim_pairs_init(&od->pairs);
}

void sim_oracle_dev_fini(struct sim_oracle_dev *od)
{
	struct sim_owner *owner, *tmp;

	/* what unbind left (unload_release=0) goes with the device */
	list_for_each_entry_safe(owner, tmp, &od->owners, link) {
		list_del(&owner->link);
		kfree(owner);
	}
	od->nr_owners = 0;
	sim_sleep_fini(container_of(od, struct sim_gpu, oracle));
	sim_pairs_fini(&od->pairs);
}

struct sim_owner *sim_oracle_alloc(void)
{
	return kzalloc(sizeof(struct sim_owner), GFP_KERNEL);
}

void sim_oracle_free(struct sim_owner *owner)
{
	kfree(owner);
}

static const char *sim_oracle_ctx(void)
{
	if (in_hardirq())
		return "hardirq";
	if (in_serving_softirq())
		return "softirq";
	return "task";
}

/* Who and when (@at: the get's stamp): no locks (may run in hard-IRQ context). */
static __always_inline void sim_oracle_fill(struct sim_owner *owner, struct sim_gpu *gpu,
					    enum sim_unit unit, unsigned long cookie,
					    struct sim_stamp at)
{
	owner->id = atomic64_inc_return(&sim_next_owner_id);
	owner->gpu = gpu;
	owner->unit = unit;
	owner->cookie = cookie;
	owner->pid = task_pid_nr(current);
	strscpy_pad(owner->comm, current->comm, sizeof(owner->comm));
	owner->ctx = sim_oracle_ctx();
	owner->ts_ns = at.ns;
	owner->ts_cpu = at.cpu;
}

static void sim_oracle_link(struct sim_owner *owner)
{
	struct sim_oracle_dev *od = &owner->gpu->oracle;
	unsigned long flags;

	spin_lock_irqsave(&od->lock, flags);
	list_add(&owner->link, &od->owners);
	od->nr_owners++;
	spin_unlock_irqrestore(&od->lock, flags);
}

static bool sim_op_is_display(enum sim_op op)
{
	return op == SIM_OP_DISPLAY_GET || op == SIM_OP_DISPLAY_GET_IF_ENABLED;
}

/*
 * Called by a site function right before its driver call: the stamp of the
 * get it may record, or of the put that ends req->owner (sim_oracle_stamp.c).
 */
void sim_oracle_arm_site(struct sim_req *req)
{
	if (sim_op_site_holds(req->op))
		sim_oracle_arm_get(req->gpu, req->variant->unit);
	else if (req->owner)
		sim_oracle_arm_put(req->gpu, req->owner, false);
}

/*
 * Called by a site function right after its driver call: a get that
 * succeeded is recorded with the site as owner, in req->owner; a put's arm
 * is checked.  Must stay out of line: the stack it saves starts at its caller.
 */
__sim_frame void sim_oracle_note(struct sim_req *req)
{
	struct sim_owner *owner = req->owner;
	struct sim_stamp at;

	if (!sim_op_site_holds(req->op)) {
		if (owner)
			sim_oracle_disarm_put(req->gpu, owner);
		return;
	}
	at = sim_oracle_armed_get(req->gpu, req->variant->unit);
	if (req->ret || !req->got || !owner)
		return;

	/* skip 1: sim_oracle_note(); the first frame is the site function */
	owner->nr_entries = stack_trace_save(owner->entries, SIM_STACK_DEPTH, 1);
	sim_oracle_fill(owner, req->gpu, req->variant->unit, req->cookie, at);
	owner->site = req->site;
	owner->variant = req->variant;
	owner->what = req->variant->name;
	owner->domain = sim_op_is_display(req->op) ? req->domain : -1;
	strscpy(owner->func, req->site->func, sizeof(owner->func));
	sim_oracle_link(owner);
	sim_sleep_note_get(req->gpu, owner->func);

	req->id = owner->id;
	req->owner = NULL;
}

/*
 * Record a reference the driver keeps, owned by the function containing
 * @ip (the caller's _RET_IP_, or _THIS_IP_).  Any context.  Returns the
 * record's id for sim_oracle_put(), 0 if out of memory (counted).  The
 * get's stamp is that of the last sim_oracle_arm_get() of @unit here.
 */
__sim_frame u64 sim_oracle_hold(struct sim_gpu *gpu, unsigned long ip, enum sim_unit unit,
				const char *what, unsigned long cookie)
{
	struct sim_stamp at = sim_oracle_armed_get(gpu, unit);
	struct sim_owner *owner;
	char *end;

	owner = kzalloc(sizeof(*owner), GFP_ATOMIC | __GFP_NOWARN);
	if (!owner) {
		atomic_inc(&gpu->oracle.lost);
		return 0;
	}
	/* skip 1: sim_oracle_hold(); the first frame is the driver function */
	owner->nr_entries = stack_trace_save(owner->entries, SIM_STACK_DEPTH, 1);
	sim_oracle_fill(owner, gpu, unit, cookie, at);
	owner->what = what;
	owner->domain = -1;
	/* "func [wakeref_sim]" -> "func" */
	snprintf(owner->func, sizeof(owner->func), "%ps", (void *)ip);
	end = strchr(owner->func, ' ');
	if (end)
		*end = '\0';
	sim_oracle_link(owner);
	sim_sleep_note_get(gpu, owner->func);
	return owner->id;
}

/*
 * The driver is about to put the reference recorded as @id (0: none): the
 * record ends, and the put entry point it calls next stamps the pair.  Any
 * context; right before the call that puts, even when it is a tail call.
 */
void sim_oracle_put(struct sim_gpu *gpu, u64 id)
{
	struct sim_take_filter f = { .id = id };
	struct sim_owner *owner;

	if (!id)
		return;
	owner = sim_oracle_take(gpu, &f);
	if (!owner) {
		pr_info("%s: oracle record %llu released twice\n", sim_gpu_name(gpu), id);
		return;
	}
	sim_oracle_arm_put(gpu, owner, true);
}

void sim_oracle_count_get(struct sim_gpu *gpu, bool got)
{
	atomic_inc(got ? &gpu->oracle.gets : &gpu->oracle.failed_gets);
}

void sim_oracle_count_put(struct sim_gpu *gpu)
{
	atomic_inc(&gpu->oracle.puts);
	sim_sleep_note_put(gpu);
}

void sim_oracle_assert(struct sim_gpu *gpu)
{
	atomic_inc(&gpu->assert_failures);
}

static bool sim_take_match(const struct sim_owner *owner, const struct sim_take_filter *f)
{
	if (f->site_held && !owner->site)
		return false;
	if (f->site && owner->site != f->site)
		return false;
	if (f->id && owner->id != f->id)
		return false;
	if (f->display && owner->domain != f->domain)
		return false;
	return true;
}

/*
 * Unlink and return the newest record on @gpu that matches @f, or NULL.
 * The caller releases it, or gives it back with sim_oracle_putback().
 */
struct sim_owner *sim_oracle_take(struct sim_gpu *gpu, const struct sim_take_filter *f)
{
	struct sim_oracle_dev *od = &gpu->oracle;
	struct sim_owner *owner, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&od->lock, flags);
	list_for_each_entry(owner, &od->owners, link) {
		if (!sim_take_match(owner, f))
			continue;
		list_del(&owner->link);
		od->nr_owners--;
		found = owner;
		break;
	}
	spin_unlock_irqrestore(&od->lock, flags);
	return found;
}

/* A taken record whose release did not happen. */
void sim_oracle_putback(struct sim_owner *owner)
{
	sim_oracle_link(owner);
}

unsigned int sim_oracle_nr_owners(struct sim_gpu *gpu)
{
	return READ_ONCE(gpu->oracle.nr_owners);
}

/* A copy of @gpu's owners, taken under the lock; kfree() it. */
struct sim_owner *sim_oracle_snapshot(struct sim_gpu *gpu, unsigned int *nr)
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
 * Owners group as one "Wakeref xN" when they have the same owner, were taken
 * the same way (in i915's debug build the entry point is the top frame) and
 * have the same stack.
 */
static int sim_owner_cmp_stack(const struct sim_owner *a, const struct sim_owner *b)
{
	int ret;

	ret = strcmp(a->func, b->func);
	if (ret)
		return ret;
	ret = strcmp(a->what, b->what);
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

static int sim_owner_cmp_func(const void *pa, const void *pb)
{
	const struct sim_owner *a = pa, *b = pb;

	return strcmp(a->func, b->func);
}

static int sim_owner_cmp_id(const void *pa, const void *pb)
{
	const struct sim_owner *a = pa, *b = pb;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

/* The sorted list of devices, so every output is sorted by device name. */
unsigned int sim_oracle_sorted_gpus(struct sim_gpu **gpus)
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

static const char * const sim_unit_names[] = {
	[SIM_UNIT_WAKELOCK] = "wakelock",
	[SIM_UNIT_RAW] = "raw",
	[SIM_UNIT_XE] = "xe",
};

const char *sim_unit_name(enum sim_unit unit)
{
	return unit < ARRAY_SIZE(sim_unit_names) ? sim_unit_names[unit] : "?";
}

/* What the driver counts: i915's wakeref_count, xe's PM usage count. */
static int sim_driver_count(struct sim_gpu *gpu)
{
	return gpu->driver == SIM_DRV_I915 ? sim_i915_wakeref_count(gpu) :
					     sim_xe_usage_count(gpu);
}

static void sim_oracle_show_header(struct seq_file *m, struct sim_gpu *gpu,
				   const struct sim_owner *snap, unsigned int n)
{
	struct sim_oracle_dev *od = &gpu->oracle;
	unsigned int units[ARRAY_SIZE(sim_unit_names)] = {};
	const char *status;
	unsigned int i;
	int usage;

	for (i = 0; i < n; i++)
		units[snap[i].unit]++;

	usage = sim_runtime_status(gpu, &status);
	seq_printf(m, "%s (%s):", sim_gpu_name(gpu), sim_driver_name(gpu->driver));
	if (gpu->driver == SIM_DRV_I915) {
		int count = sim_i915_wakeref_count(gpu);

		seq_printf(m, " wakeref_count=0x%x raw=%u wakelocks=%u", count,
			   intel_rpm_raw_wakeref_count(count), intel_rpm_wakelock_count(count));
		seq_printf(m, " recorded_raw=%u recorded_wakelocks=%u",
			   units[SIM_UNIT_RAW] + units[SIM_UNIT_WAKELOCK],
			   units[SIM_UNIT_WAKELOCK]);
	} else {
		seq_printf(m, " recorded=%u", units[SIM_UNIT_XE]);
	}
	seq_printf(m, " usage_count=%d runtime_status=%s suspends=%d resumes=%d",
		   usage, status, atomic_read(&gpu->suspends), atomic_read(&gpu->resumes));
	seq_printf(m, " gets=%d failed_gets=%d puts=%d asserts=%d lost=%d\n",
		   atomic_read(&od->gets), atomic_read(&od->failed_gets),
		   atomic_read(&od->puts), atomic_read(&gpu->assert_failures),
		   atomic_read(&od->lost));
}

static void sim_oracle_show_owner(struct seq_file *m, const struct sim_owner *o)
{
	seq_printf(m, "Owner id=%llu func=%s holder=%s what=%s unit=%s", o->id, o->func,
		   o->site ? o->site->func : "driver", o->what, sim_unit_names[o->unit]);
	if (o->domain >= 0)
		seq_printf(m, " domain=%s", sim_display_domain_name(o->domain));
	seq_printf(m, " cookie=0x%lx pid=%d comm=%s ctx=%s ts_ns=%llu\n", o->cookie, o->pid,
		   o->comm, o->ctx, o->ts_ns);
}

static void sim_oracle_show_gpu(struct seq_file *m, struct sim_gpu *gpu)
{
	struct sim_owner *snap;
	unsigned int n, i, j, k;

	snap = sim_oracle_snapshot(gpu, &n);
	if (IS_ERR(snap)) {
		seq_puts(m, "(out of memory)\n");
		return;
	}
	sim_oracle_show_header(m, gpu, snap, n);
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
	for (i = 0; i < n; i++)
		sim_oracle_show_owner(m, &snap[i]);
	kfree(snap);
}

static int sim_oracle_show(struct seq_file *m, void *unused)
{
	struct sim_gpu *gpus[SIM_MAX_GPUS];
	unsigned int n, i;

	n = sim_oracle_sorted_gpus(gpus);
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
	const char *name = sim_gpu_name(gpu);
	struct sim_owner *snap;
	unsigned int n, i, j;
	const char *status;
	int usage;

	snap = sim_oracle_snapshot(gpu, &n);
	if (IS_ERR(snap)) {
		seq_puts(m, "(out of memory)\n");
		return;
	}

	usage = sim_runtime_status(gpu, &status);
	seq_printf(m, "device %s driver=%s count=%u wakeref_count=%d", name,
		   sim_driver_name(gpu->driver), n, sim_driver_count(gpu));
	seq_printf(m, " usage_count=%d runtime_status=%s\n", usage, status);

	sort(snap, n, sizeof(*snap), sim_owner_cmp_func, NULL);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && !strcmp(snap[i].func, snap[j].func); j++)
			;
		seq_printf(m, "owner %s %s %u\n", name, snap[i].func, j - i);
	}
	kfree(snap);

	seq_printf(m, "stats %s gets=%d failed_gets=%d puts=%d suspends=%d resumes=%d asserts=%d\n",
		   name, atomic_read(&od->gets), atomic_read(&od->failed_gets),
		   atomic_read(&od->puts), atomic_read(&gpu->suspends),
		   atomic_read(&gpu->resumes), atomic_read(&gpu->assert_failures));
	if (gpu->driver == SIM_DRV_I915) {
		sim_i915_show_state(m, gpu);
		sim_i915_show_userfault(m, gpu);
	} else {
		sim_xe_show_userfault(m, gpu);
	}
	seq_printf(m, "userfault_stats %s faults=%d added=%d removed=%d drained=%d\n", name,
		   atomic_read(&gpu->userfault.faults), atomic_read(&gpu->userfault.added),
		   atomic_read(&gpu->userfault.removed), atomic_read(&gpu->userfault.drained));
	if (gpu->driver == SIM_DRV_XE)
		sim_svm_show(m, gpu);
}

static int sim_owners_show(struct seq_file *m, void *unused)
{
	struct sim_gpu *gpus[SIM_MAX_GPUS];
	unsigned int n, i;

	n = sim_oracle_sorted_gpus(gpus);
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
