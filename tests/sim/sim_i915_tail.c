// SPDX-License-Identifier: GPL-2.0
/*
 * i915 functions that take a wakelock and end with its put, which GCC makes
 * a tail call ("jmp intel_runtime_pm_put_unchecked"), as in the shipping
 * 6.12 binary; each is reached the way i915 reaches it:
 *
 *   hwm_energy()          called directly by hwm_read() (hwm_energy_read()
 *                         inlined), which hwmon's core calls through
 *                         hwmon_ops.read (i915_hwmon.c)
 *   guc_context_revoke()  intel_context_revoke() calls it through
 *                         ce->ops->revoke (intel_guc_submission.c)
 *   do_sched_disable()    tail-called by guc_context_sched_disable(), which
 *                         intel_context_unpin() calls through
 *                         ce->ops->sched_disable, or by
 *                         __delay_sched_disable(), a delayed work
 *   gen6_alloc_va_range() ppgtt_bind_vma() calls it through
 *                         vm->allocate_va_range (gen6_ppgtt.c), and
 *                         i915_vma_bind() calls that through
 *                         vma->ops->bind_vma
 *
 * The put's stack has no frame of the function that put: a tracer has to
 * find it from the call before the return address above it, which is the
 * caller's call of the function that tail-called.  Where that is an indirect
 * call, or itself a tail call, it names another function or none.  The
 * objects are made for each ctl command and freed after it (these paths
 * hold nothing across calls).  Built with sibling calls (Kbuild).
 *
 * ctl: "hwm_read DEV", "context_revoke DEV", "context_unpin DEV
 * [delay_ms=N]" (N > 0: through the delayed work, waited for), "vma_bind
 * DEV"; each takes n=N and runs in the writer's task or ctx=task:NAME|wq.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hwmon.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "sim.h"
#include "sim_i915.h"
#include "sim_paths.h"

/* intel_uncore.h: the register access of a GT, with its device's rpm */
struct intel_uncore {
	struct intel_runtime_pm *rpm;
	u32 sim_energy_status;			/* a register the sim counts up */
};

/* i915_hwmon.c */
struct hwm_energy_info {
	u32 reg_val_prev;
	long accum_energy;
};

struct i915_hwmon {
	struct mutex hwmon_lock;
	int scl_shift_energy;
};

struct hwm_drvdata {
	struct i915_hwmon *hwmon;
	struct intel_uncore *uncore;
	struct hwm_energy_info ei;
	int gt_n;
};

static struct sim_gpu *rpm_to_gpu(struct intel_runtime_pm *rpm)
{
	return sim_i915_rpm_to_gpu(rpm);
}

/* A wakelock for the oracle: the owner is the caller of this inline's caller. */
static __always_inline intel_wakeref_t sim_tail_get(struct intel_runtime_pm *rpm, u64 *id,
						    unsigned long ip)
{
	intel_wakeref_t wakeref;

	sim_oracle_arm_get(rpm_to_gpu(rpm), SIM_UNIT_WAKELOCK);
	wakeref = intel_runtime_pm_get(rpm);
	*id = sim_oracle_hold(rpm_to_gpu(rpm), ip, SIM_UNIT_WAKELOCK, "wakelock",
			      sim_wref_to_cookie(wakeref));
	return wakeref;
}

static __sim_frame void hwm_energy(struct hwm_drvdata *ddat, long *energy)
{
	struct intel_uncore *uncore = ddat->uncore;
	struct i915_hwmon *hwmon = ddat->hwmon;
	struct hwm_energy_info *ei = &ddat->ei;
	intel_wakeref_t wakeref;
	u32 reg_val;
	u64 id;

	wakeref = sim_tail_get(uncore->rpm, &id, _THIS_IP_);
	mutex_lock(&hwmon->hwmon_lock);
	reg_val = READ_ONCE(uncore->sim_energy_status) + 1000;
	WRITE_ONCE(uncore->sim_energy_status, reg_val);
	if (reg_val >= ei->reg_val_prev)
		ei->accum_energy += reg_val - ei->reg_val_prev;
	else
		ei->accum_energy += UINT_MAX - ei->reg_val_prev + reg_val;
	ei->reg_val_prev = reg_val;
	*energy = ei->accum_energy >> hwmon->scl_shift_energy;
	mutex_unlock(&hwmon->hwmon_lock);
	sim_oracle_put(rpm_to_gpu(uncore->rpm), id);
	intel_runtime_pm_put(uncore->rpm, wakeref);
}

static __sim_frame int hwm_read(struct device *dev, enum hwmon_sensor_types type, u32 attr,
				int channel, long *val)
{
	struct hwm_drvdata *ddat = dev_get_drvdata(dev);

	switch (type) {
	case hwmon_energy:
		/* hwm_energy_read(), inlined */
		if (attr != hwmon_energy_input)
			return -EOPNOTSUPP;
		hwm_energy(ddat, val);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static const struct hwmon_ops hwm_ops = {
	.read = hwm_read,
};

/* hwmon's core (hwmon_attr_show()): the sensor read through the ops */
static __sim_frame long sim_hwmon_attr_show(struct device *dev, const struct hwmon_ops *ops)
{
	long val = 0;
	int ret;

	ret = ops->read(dev, hwmon_energy, hwmon_energy_input, 0, &val);
	return ret < 0 ? ret : val;
}

/* gt/intel_context_types.h, the parts GuC submission uses here */
struct intel_context;

struct intel_context_ops {
	void (*revoke)(struct intel_context *ce, void *rq, unsigned int preempt_timeout_ms);
	void (*sched_disable)(struct intel_context *ce);
};

struct intel_context {
	const struct intel_context_ops *ops;
	struct drm_i915_private *i915;		/* i915: ce->engine->i915 */
	atomic_t pin_count;
	struct {
		spinlock_t lock;
		u32 sched_state;
		struct delayed_work sched_disable_delay_work;
	} guc_state;
	u16 guc_id;
	unsigned int sim_delay_ms;		/* the GuC's sched_disable_delay_ms */
	atomic_t sim_h2g;			/* scheduling disables sent */
};

#define SCHED_STATE_ENABLED		BIT(4)
#define SCHED_STATE_PENDING_DISABLE	BIT(5)
#define SCHED_STATE_BANNED		BIT(6)

/* the H2G that disables the context's scheduling (i915's GuC CT: a count here) */
static __sim_frame void __guc_context_sched_disable(struct intel_context *ce, u16 guc_id)
{
	atomic_inc(&ce->sim_h2g);
	ce->guc_state.sched_state &= ~SCHED_STATE_PENDING_DISABLE;
}

static u16 prep_context_pending_disable(struct intel_context *ce)
{
	ce->guc_state.sched_state |= SCHED_STATE_PENDING_DISABLE;
	return ce->guc_id;
}

static __sim_frame void do_sched_disable(struct intel_context *ce, unsigned long flags)
	__releases(ce->guc_state.lock)
{
	struct intel_runtime_pm *runtime_pm = &ce->i915->runtime_pm;
	intel_wakeref_t wakeref;
	u16 guc_id;
	u64 id;

	lockdep_assert_held(&ce->guc_state.lock);
	guc_id = prep_context_pending_disable(ce);
	spin_unlock_irqrestore(&ce->guc_state.lock, flags);

	wakeref = sim_tail_get(runtime_pm, &id, _THIS_IP_);
	__guc_context_sched_disable(ce, guc_id);
	sim_oracle_put(rpm_to_gpu(runtime_pm), id);
	intel_runtime_pm_put(runtime_pm, wakeref);
}

static __sim_frame void __delay_sched_disable(struct work_struct *wrk)
{
	struct intel_context *ce = container_of(wrk, typeof(*ce),
						guc_state.sched_disable_delay_work.work);
	unsigned long flags;

	spin_lock_irqsave(&ce->guc_state.lock, flags);
	do_sched_disable(ce, flags);
}

static __sim_frame void guc_context_sched_disable(struct intel_context *ce)
{
	unsigned long flags;

	spin_lock_irqsave(&ce->guc_state.lock, flags);
	if (ce->sim_delay_ms) {
		spin_unlock_irqrestore(&ce->guc_state.lock, flags);
		mod_delayed_work(system_dfl_wq, &ce->guc_state.sched_disable_delay_work,
				 msecs_to_jiffies(ce->sim_delay_ms));
	} else {
		do_sched_disable(ce, flags);
	}
}

static __sim_frame void guc_context_revoke(struct intel_context *ce, void *rq,
					   unsigned int preempt_timeout_ms)
{
	struct intel_runtime_pm *runtime_pm = &ce->i915->runtime_pm;
	intel_wakeref_t wakeref;
	unsigned long flags;
	u16 guc_id;
	u64 id;

	spin_lock_irqsave(&ce->guc_state.lock, flags);
	ce->guc_state.sched_state |= SCHED_STATE_BANNED;
	if (!(ce->guc_state.sched_state & SCHED_STATE_ENABLED) ||
	    (ce->guc_state.sched_state & SCHED_STATE_PENDING_DISABLE)) {
		spin_unlock_irqrestore(&ce->guc_state.lock, flags);
	} else {
		guc_id = prep_context_pending_disable(ce);
		spin_unlock_irqrestore(&ce->guc_state.lock, flags);

		wakeref = sim_tail_get(runtime_pm, &id, _THIS_IP_);
		__guc_context_sched_disable(ce, guc_id);
		sim_oracle_put(rpm_to_gpu(runtime_pm), id);
		intel_runtime_pm_put(runtime_pm, wakeref);
	}
}

static const struct intel_context_ops guc_context_ops = {
	.revoke = guc_context_revoke,
	.sched_disable = guc_context_sched_disable,
};

/* intel_context.c */
static __sim_frame bool intel_context_revoke(struct intel_context *ce)
{
	bool ret = !(ce->guc_state.sched_state & SCHED_STATE_BANNED);

	if (ce->ops->revoke)
		ce->ops->revoke(ce, NULL, 640);
	return ret;
}

/* intel_context.h: the last unpin disables scheduling through the ops */
static inline void intel_context_unpin(struct intel_context *ce)
{
	if (atomic_dec_and_test(&ce->pin_count))
		ce->ops->sched_disable(ce);
}

/* gt/intel_gtt.h, i915_vma_resource.h: the parts a PPGTT bind uses */
struct i915_vm_pt_stash {
	void *pt[2];
};

struct i915_vma_resource {
	u64 start;
	u64 vma_size;
	bool allocated;
};

struct i915_vma_ops {
	void (*bind_vma)(struct i915_address_space *vm, struct i915_vm_pt_stash *stash,
			 struct i915_vma_resource *vma_res, unsigned int pat_index, u32 flags);
};

struct gen6_ppgtt {
	struct i915_address_space vm;		/* i915: base.vm */
	spinlock_t pd_lock;			/* i915: base.pd->lock */
	unsigned int sim_pdes;			/* page directory entries filled */
};

static __sim_frame void gen6_alloc_va_range(struct i915_address_space *vm,
					    struct i915_vm_pt_stash *stash, u64 start,
					    u64 length)
{
	struct gen6_ppgtt *ppgtt = container_of(vm, struct gen6_ppgtt, vm);
	struct intel_runtime_pm *rpm = &vm->i915->runtime_pm;
	intel_wakeref_t wakeref;
	u64 id;

	wakeref = sim_tail_get(rpm, &id, _THIS_IP_);
	spin_lock(&ppgtt->pd_lock);
	ppgtt->sim_pdes += (length + SZ_2M - 1) / SZ_2M;
	spin_unlock(&ppgtt->pd_lock);
	sim_oracle_put(rpm_to_gpu(rpm), id);
	intel_runtime_pm_put(rpm, wakeref);
}

/* i915_gem_gtt.c */
static __sim_frame void ppgtt_bind_vma(struct i915_address_space *vm,
				       struct i915_vm_pt_stash *stash,
				       struct i915_vma_resource *vma_res, unsigned int pat_index,
				       u32 flags)
{
	if (!vma_res->allocated) {
		vm->allocate_va_range(vm, stash, vma_res->start, vma_res->vma_size);
		vma_res->allocated = true;
	}
	/* vm->insert_entries(): nothing of runtime PM */
	wmb();
}

static const struct i915_vma_ops gen6_vma_ops = {
	.bind_vma = ppgtt_bind_vma,
};

/* i915_vma.c: the bind through the vma's ops */
static __sim_frame int i915_vma_bind(struct i915_address_space *vm,
				     const struct i915_vma_ops *ops,
				     struct i915_vma_resource *vma_res)
{
	struct i915_vm_pt_stash stash = {};

	ops->bind_vma(vm, &stash, vma_res, 0, 0);
	return vma_res->allocated ? 0 : -EIO;
}

/* One ctl command's objects and what it does. */
struct sim_tail_req {
	struct drm_i915_private *i915;
	int what;
	unsigned int delay_ms;
	int ret;
};

enum { SIM_TAIL_HWM, SIM_TAIL_REVOKE, SIM_TAIL_UNPIN, SIM_TAIL_BIND };

static int sim_tail_hwm(struct drm_i915_private *i915)
{
	struct intel_uncore uncore = { .rpm = &i915->runtime_pm };
	struct i915_hwmon hwmon = {};
	struct hwm_drvdata ddat = { .hwmon = &hwmon, .uncore = &uncore, .gt_n = -1 };
	struct device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);	/* the hwmon device */
	long val;

	if (!dev)
		return -ENOMEM;
	mutex_init(&hwmon.hwmon_lock);
	dev_set_drvdata(dev, &ddat);
	val = sim_hwmon_attr_show(dev, &hwm_ops);
	kfree(dev);
	return val < 0 ? val : 0;
}

static int sim_tail_context(struct drm_i915_private *i915, int what, unsigned int delay_ms)
{
	struct intel_context *ce = kzalloc(sizeof(*ce), GFP_KERNEL);

	if (!ce)
		return -ENOMEM;
	ce->ops = &guc_context_ops;
	ce->i915 = i915;
	atomic_set(&ce->pin_count, 1);
	spin_lock_init(&ce->guc_state.lock);
	ce->guc_state.sched_state = SCHED_STATE_ENABLED;
	INIT_DELAYED_WORK(&ce->guc_state.sched_disable_delay_work, __delay_sched_disable);
	ce->sim_delay_ms = delay_ms;
	if (what == SIM_TAIL_REVOKE)
		intel_context_revoke(ce);
	else
		intel_context_unpin(ce);
	/* the delayed disable runs on system_dfl_wq: wait for it */
	flush_delayed_work(&ce->guc_state.sched_disable_delay_work);
	kfree(ce);
	return 0;
}

static int sim_tail_bind(struct drm_i915_private *i915)
{
	struct gen6_ppgtt *ppgtt = kzalloc(sizeof(*ppgtt), GFP_KERNEL);
	struct i915_vma_resource vma_res = { .start = 0, .vma_size = SZ_4M };
	int ret;

	if (!ppgtt)
		return -ENOMEM;
	ppgtt->vm.i915 = i915;
	ppgtt->vm.allocate_va_range = gen6_alloc_va_range;
	spin_lock_init(&ppgtt->pd_lock);
	ret = i915_vma_bind(&ppgtt->vm, &gen6_vma_ops, &vma_res);
	kfree(ppgtt);
	return ret;
}

static void sim_tail_call(void *arg)
{
	struct sim_tail_req *req = arg;

	switch (req->what) {
	case SIM_TAIL_HWM:
		req->ret = sim_tail_hwm(req->i915);
		break;
	case SIM_TAIL_REVOKE:
	case SIM_TAIL_UNPIN:
		req->ret = sim_tail_context(req->i915, req->what, req->delay_ms);
		break;
	case SIM_TAIL_BIND:
		req->ret = sim_tail_bind(req->i915);
		break;
	}
}

/* ctl: @name is hwm_read, context_revoke, context_unpin or vma_bind */
int sim_i915_tail_cmd(struct sim_gpu *gpu, const char *name, const struct sim_ctx *ctx,
		      unsigned int delay_ms)
{
	static const char * const names[] = {
		[SIM_TAIL_HWM] = "hwm_read",
		[SIM_TAIL_REVOKE] = "context_revoke",
		[SIM_TAIL_UNPIN] = "context_unpin",
		[SIM_TAIL_BIND] = "vma_bind",
	};
	struct sim_tail_req req = { .i915 = sim_gpu_to_i915(gpu), .delay_ms = delay_ms };
	int ret;

	for (req.what = 0; req.what < ARRAY_SIZE(names); req.what++)
		if (!strcmp(name, names[req.what]))
			break;
	if (req.what == ARRAY_SIZE(names))
		return -EINVAL;
	if (sim_ctx_is_atomic(ctx)) {
		pr_info("%s takes a wakelock and sleeps: not in ctx=%s\n", name,
			sim_ctx_kind_name(ctx->kind));
		return -EINVAL;
	}
	ret = sim_ctx_run(ctx, sim_tail_call, &req);
	return ret ? ret : req.ret;
}
