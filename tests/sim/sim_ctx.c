// SPDX-License-Identifier: GPL-2.0
/*
 * The contexts a ctl op runs in ("ctx=" option), each waited for, so a
 * write returns only after its ops have run and the order stays
 * deterministic:
 *
 *   current     the writing task itself (the default)
 *   task:NAME   a kthread named NAME (a kthread_worker), created on first
 *               use and kept until "reset" or unload; its ops run in order
 *   wq          a work item on the module's workqueue (a kworker)
 *   timer       a timer callback: softirq context
 *   irq         an irq_work: hard-IRQ context on x86 (a self-IPI)
 *   suspend:DEV run later, from DEV's next system suspend callback, and
 *   resume:DEV  its resume callback (sim_sleep.c): the write does not wait
 *
 * What may run in timer and irq context is sim_op_atomic_ok()'s business
 * (sim_sites.c); sim_ops.c checks it before calling in here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include "sim.h"
#include "sim_compat.h"

#define SIM_CTX_MAX_TASKS	8

struct sim_ctx_task {
	struct list_head link;
	char name[TASK_COMM_LEN];
	struct kthread_worker *worker;
};

/* ops in flight hold it shared; sim_ctx_reset() stops the kthreads under it */
static DECLARE_RWSEM(sim_ctx_rwsem);
static DEFINE_MUTEX(sim_ctx_tasks_lock);	/* sim_ctx_tasks */
static LIST_HEAD(sim_ctx_tasks);
static unsigned int sim_ctx_nr_tasks;
static struct workqueue_struct *sim_ctx_wq;

/* One op handed to another context, on the writer's stack. */
struct sim_ctx_call {
	void (*fn)(void *arg);
	void *arg;
	struct completion done;
	union {
		struct kthread_work kwork;
		struct work_struct work;
		struct timer_list timer;
		struct irq_work irq;
	};
};

static const char * const sim_ctx_names[] = {
	[SIM_CTX_CURRENT] = "current",
	[SIM_CTX_TASK] = "task",
	[SIM_CTX_WQ] = "wq",
	[SIM_CTX_TIMER] = "timer",
	[SIM_CTX_IRQ] = "irq",
	[SIM_CTX_SUSPEND] = "suspend",
	[SIM_CTX_RESUME] = "resume",
};

const char *sim_ctx_kind_name(enum sim_ctx_kind kind)
{
	return kind < ARRAY_SIZE(sim_ctx_names) ? sim_ctx_names[kind] : "?";
}

bool sim_ctx_is_atomic(const struct sim_ctx *ctx)
{
	return ctx->kind == SIM_CTX_TIMER || ctx->kind == SIM_CTX_IRQ;
}

/* "current", "task:NAME", "wq", "timer", "irq", "suspend:DEV" or "resume:DEV" */
int sim_ctx_parse(const char *val, struct sim_ctx *ctx)
{
	const char *name;
	unsigned int i;

	memset(ctx, 0, sizeof(*ctx));
	if (!strncmp(val, "suspend:", 8) || !strncmp(val, "resume:", 7)) {
		ctx->kind = val[0] == 's' ? SIM_CTX_SUSPEND : SIM_CTX_RESUME;
		name = strchr(val, ':') + 1;
		if (!*name || strlen(name) >= sizeof(ctx->name)) {
			pr_info("ctx=%s wants a device (i915.N, xe.N)\n", val);
			return -EINVAL;
		}
		strscpy(ctx->name, name, sizeof(ctx->name));
		return 0;
	}
	if (!strncmp(val, "task:", 5)) {
		name = val + 5;
		if (!*name || strlen(name) >= sizeof(ctx->name)) {
			pr_info("ctx=task:NAME wants a name of 1 to %zu characters\n",
				sizeof(ctx->name) - 1);
			return -EINVAL;
		}
		for (i = 0; name[i]; i++) {
			if (!isalnum(name[i]) && !strchr("_.-", name[i])) {
				pr_info("ctx=task:%s: use letters, digits and _ . - only\n", name);
				return -EINVAL;
			}
		}
		ctx->kind = SIM_CTX_TASK;
		strscpy(ctx->name, name, sizeof(ctx->name));
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(sim_ctx_names); i++) {
		if (i != SIM_CTX_TASK && i != SIM_CTX_SUSPEND && i != SIM_CTX_RESUME &&
		    !strcmp(val, sim_ctx_names[i])) {
			ctx->kind = i;
			return 0;
		}
	}
	pr_info("unknown ctx '%s' (current, task:NAME, wq, timer, irq, suspend:DEV, resume:DEV)\n",
		val);
	return -EINVAL;
}

/* The kthread worker named @name, created if new; under sim_ctx_rwsem. */
static struct kthread_worker *sim_ctx_worker(const char *name)
{
	struct kthread_worker *worker = NULL;
	struct sim_ctx_task *t;

	mutex_lock(&sim_ctx_tasks_lock);
	list_for_each_entry(t, &sim_ctx_tasks, link) {
		if (!strcmp(t->name, name)) {
			worker = t->worker;
			goto out;
		}
	}
	if (sim_ctx_nr_tasks >= SIM_CTX_MAX_TASKS) {
		pr_info("ctx=task:%s: already %u kthreads (reset drops them)\n", name,
			sim_ctx_nr_tasks);
		worker = ERR_PTR(-ENOSPC);
		goto out;
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t) {
		worker = ERR_PTR(-ENOMEM);
		goto out;
	}
	worker = kthread_create_worker(0, "%s", name);
	if (IS_ERR(worker)) {
		pr_info("ctx=task:%s: cannot create the kthread: %ld\n", name, PTR_ERR(worker));
		kfree(t);
		goto out;
	}
	strscpy(t->name, name, sizeof(t->name));
	t->worker = worker;
	list_add_tail(&t->link, &sim_ctx_tasks);
	sim_ctx_nr_tasks++;
out:
	mutex_unlock(&sim_ctx_tasks_lock);
	return worker;
}

static void sim_ctx_kwork_fn(struct kthread_work *kwork)
{
	struct sim_ctx_call *call = container_of(kwork, struct sim_ctx_call, kwork);

	call->fn(call->arg);
}

static void sim_ctx_work_fn(struct work_struct *work)
{
	struct sim_ctx_call *call = container_of(work, struct sim_ctx_call, work);

	call->fn(call->arg);
}

static void sim_ctx_timer_fn(struct timer_list *timer)
{
	struct sim_ctx_call *call = timer_container_of(call, timer, timer);

	call->fn(call->arg);
	complete(&call->done);
}

static void sim_ctx_irq_fn(struct irq_work *irq)
{
	struct sim_ctx_call *call = container_of(irq, struct sim_ctx_call, irq);

	call->fn(call->arg);
}

static int sim_ctx_run_task(const struct sim_ctx *ctx, struct sim_ctx_call *call)
{
	struct kthread_worker *worker;
	int ret = 0;

	down_read(&sim_ctx_rwsem);
	worker = sim_ctx_worker(ctx->name);
	if (IS_ERR(worker)) {
		ret = PTR_ERR(worker);
		goto out;
	}
	kthread_init_work(&call->kwork, sim_ctx_kwork_fn);
	kthread_queue_work(worker, &call->kwork);
	kthread_flush_work(&call->kwork);
out:
	up_read(&sim_ctx_rwsem);
	return ret;
}

/* Run @fn(@arg) in @ctx and wait for it to return.  Process context. */
int sim_ctx_run(const struct sim_ctx *ctx, void (*fn)(void *arg), void *arg)
{
	struct sim_ctx_call call = { .fn = fn, .arg = arg };

	switch (ctx->kind) {
	case SIM_CTX_CURRENT:
		fn(arg);
		return 0;
	case SIM_CTX_TASK:
		return sim_ctx_run_task(ctx, &call);
	case SIM_CTX_WQ:
		INIT_WORK_ONSTACK(&call.work, sim_ctx_work_fn);
		queue_work(sim_ctx_wq, &call.work);
		flush_work(&call.work);
		destroy_work_on_stack(&call.work);
		return 0;
	case SIM_CTX_TIMER:
		init_completion(&call.done);
		timer_setup_on_stack(&call.timer, sim_ctx_timer_fn, 0);
		mod_timer(&call.timer, jiffies);
		wait_for_completion(&call.done);
		/* the callback may still be returning */
		timer_delete_sync(&call.timer);
		timer_destroy_on_stack(&call.timer);
		return 0;
	case SIM_CTX_IRQ:
		init_irq_work(&call.irq, sim_ctx_irq_fn);
		irq_work_queue(&call.irq);
		irq_work_sync(&call.irq);
		return 0;
	case SIM_CTX_SUSPEND:
	case SIM_CTX_RESUME:
		break;		/* deferred by the ctl (sim_sleep_defer()), never run here */
	}
	return -EINVAL;
}

/* Stop every named kthread ("reset", unload).  Nothing may be queued. */
void sim_ctx_reset(void)
{
	struct sim_ctx_task *t, *tmp;

	down_write(&sim_ctx_rwsem);
	mutex_lock(&sim_ctx_tasks_lock);
	list_for_each_entry_safe(t, tmp, &sim_ctx_tasks, link) {
		list_del(&t->link);
		kthread_destroy_worker(t->worker);
		kfree(t);
	}
	sim_ctx_nr_tasks = 0;
	mutex_unlock(&sim_ctx_tasks_lock);
	up_write(&sim_ctx_rwsem);
}

int sim_ctx_init(void)
{
	sim_ctx_wq = alloc_workqueue("wakeref_sim", WQ_PERCPU, 0);
	return sim_ctx_wq ? 0 : -ENOMEM;
}

void sim_ctx_exit(void)
{
	sim_ctx_reset();
	destroy_workqueue(sim_ctx_wq);
}
