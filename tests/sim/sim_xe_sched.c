// SPDX-License-Identifier: GPL-2.0
/*
 * xe's scheduler jobs and exec-queue messages (xe_sched_job.c, xe_exec.c,
 * xe_guc_submit.c, xe_gpu_scheduler.c; 6.12), with the drm_sched parts they
 * run on (drm_sched_free_job_work(), in gpu-sched) as small stand-ins:
 *
 *   - xe_sched_job_create() takes xe_pm_runtime_get_noresume() for the job,
 *     under the exec ioctl's reference; the job goes to its queue's
 *     scheduler.  When it has finished, the scheduler's free_job work calls
 *     sched->ops->free_job() (an indirect call): guc_exec_queue_free_job()
 *     drops the last job reference (kref_put, a tail call) and
 *     xe_sched_job_destroy() ends with xe_pm_runtime_put(), a tail call too.
 *     Each exec queue has a scheduler of its own, which frees its jobs in
 *     order; jobs of different queues end in any order.
 *   - guc_exec_queue_suspend() (a preempt fence of a long-running VM)
 *     adds a message with guc_exec_queue_add_msg(), which takes
 *     get_noresume; the scheduler's message work calls ops->process_msg()
 *     (indirect): guc_exec_queue_process_msg() sends the GuC a scheduling
 *     disable that wants an answer (a G2H credit, sim_xe_guc_ct.c) and ends
 *     with xe_pm_runtime_put(), a tail call.
 *
 * The shapes are the shipping 6.12 binary's; this file is built with
 * sibling calls (Kbuild), as xe is.
 *
 * ctl: "job_create DEV JOB [QUEUE]" (the exec ioctl, queue QUEUE made on
 * first use, default q0), "job_destroy DEV JOB [ctx=wq]" (JOB finished: its
 * queue's free_job work runs on the queue's workqueue; only the oldest job
 * of a queue can go), "queue_suspend DEV QUEUE" (the GuC request is named
 * QUEUE, for "g2h DEV QUEUE").
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kref.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "sim.h"
#include "sim_paths.h"
#include "sim_xe.h"
#include "sim_xe_gt.h"

struct xe_exec_queue;
struct xe_sched_job;

/* xe_sched_job.h */
struct xe_sched_job *xe_sched_job_create(struct xe_exec_queue *q, u64 *batch_addr);
void xe_sched_job_destroy(struct kref *ref);

/* gpu-sched (drm/gpu_scheduler.h), the parts xe's jobs use */
struct drm_sched_job;

struct drm_sched_backend_ops {
	void (*free_job)(struct drm_sched_job *sched_job);
};

struct drm_gpu_scheduler {
	const struct drm_sched_backend_ops *ops;
	struct workqueue_struct *submit_wq;
	struct work_struct work_free_job;
	spinlock_t job_list_lock;
	struct list_head pending_list;		/* struct drm_sched_job, oldest first */
};

struct drm_sched_job {
	struct list_head list;
	struct drm_gpu_scheduler *sched;
	bool sim_finished;			/* its hardware fence signalled */
};

/* xe_gpu_scheduler_types.h */
struct xe_sched_msg {
	struct list_head link;
	void *private_data;
	unsigned int opcode;
	u64 sim_oracle_id;			/* the record of its reference */
};

struct xe_sched_backend_ops {
	void (*process_msg)(struct xe_sched_msg *msg);
};

struct xe_gpu_scheduler {
	struct drm_gpu_scheduler base;
	const struct xe_sched_backend_ops *ops;
	struct list_head msgs;
	struct work_struct work_process_msg;
};

#define SUSPEND		3

struct xe_exec_queue_ops {
	void (*suspend)(struct xe_exec_queue *q);
};

struct xe_exec_queue {
	struct xe_device *sim_xe;
	struct xe_gt *gt;
	const struct xe_exec_queue_ops *ops;
	struct kref refcount;
	struct xe_gpu_scheduler sched;
	struct xe_sched_msg static_msgs[1];
	struct list_head sim_link;
	char sim_name[SIM_NAME_LEN];
};

struct xe_sched_job {
	struct drm_sched_job drm;
	struct xe_exec_queue *q;
	struct kref refcount;
	u64 sim_oracle_id;			/* the record of its reference */
	struct list_head sim_link;
	char sim_name[SIM_NAME_LEN];
};

/* The device's queues and its jobs not freed yet, by name. */
struct sim_xe_sched {
	struct mutex lock;
	struct list_head queues;
	struct list_head jobs;
};

static struct xe_device *job_to_xe(struct xe_sched_job *job)
{
	return job->q->sim_xe;
}

static struct sim_gpu *q_to_gpu(struct xe_exec_queue *q)
{
	return sim_xe_to_gpu(q->sim_xe);
}

static void xe_exec_queue_destroy(struct kref *ref)
{
	struct xe_exec_queue *q = container_of(ref, struct xe_exec_queue, refcount);

	destroy_workqueue(q->sched.base.submit_wq);
	kfree(q);
}

static void xe_exec_queue_put(struct xe_exec_queue *q)
{
	kref_put(&q->refcount, xe_exec_queue_destroy);
}

/* kref release: the job's reference goes last */
__sim_frame void xe_sched_job_destroy(struct kref *ref)
{
	struct xe_sched_job *job = container_of(ref, struct xe_sched_job, refcount);
	struct xe_device *xe = job_to_xe(job);
	struct xe_exec_queue *q = job->q;
	u64 id = job->sim_oracle_id;

	kfree(job);
	xe_exec_queue_put(q);
	sim_oracle_put(sim_xe_to_gpu(xe), id);
	xe_pm_runtime_put(xe);
}

static inline void xe_sched_job_get(struct xe_sched_job *job)
{
	kref_get(&job->refcount);
}

static inline void xe_sched_job_put(struct xe_sched_job *job)
{
	kref_put(&job->refcount, xe_sched_job_destroy);
}

__sim_frame struct xe_sched_job *xe_sched_job_create(struct xe_exec_queue *q, u64 *batch_addr)
{
	struct xe_sched_job *job;

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job)
		return ERR_PTR(-ENOMEM);
	job->q = q;
	kref_init(&job->refcount);
	kref_get(&q->refcount);
	job->drm.sched = &q->sched.base;

	sim_oracle_arm_get(q_to_gpu(q), SIM_UNIT_XE);
	xe_pm_runtime_get_noresume(job_to_xe(job));
	job->sim_oracle_id = sim_oracle_hold(q_to_gpu(q), _THIS_IP_, SIM_UNIT_XE, "job", 1);
	return job;
}

static __sim_frame void xe_sched_job_arm(struct xe_sched_job *job)
{
	job->drm.sim_finished = false;
}

/* drm_sched_entity_push_job(): the job joins its scheduler's pending list */
static void drm_sched_entity_push_job(struct drm_sched_job *sched_job)
{
	struct drm_gpu_scheduler *sched = sched_job->sched;

	spin_lock(&sched->job_list_lock);
	list_add_tail(&sched_job->list, &sched->pending_list);
	spin_unlock(&sched->job_list_lock);
}

static __sim_frame void xe_sched_job_push(struct xe_sched_job *job)
{
	xe_sched_job_get(job);
	drm_sched_entity_push_job(&job->drm);
	xe_sched_job_put(job);
}

static void guc_exec_queue_free_job(struct drm_sched_job *drm_job)
{
	struct xe_sched_job *job = container_of(drm_job, struct xe_sched_job, drm);

	xe_sched_job_put(job);
}

/* gpu-sched: free the oldest finished job of the scheduler, one per run */
static __sim_frame void drm_sched_free_job_work(struct work_struct *w)
{
	struct drm_gpu_scheduler *sched = container_of(w, struct drm_gpu_scheduler, work_free_job);
	struct drm_sched_job *job;

	spin_lock(&sched->job_list_lock);
	job = list_first_entry_or_null(&sched->pending_list, struct drm_sched_job, list);
	if (job && job->sim_finished)
		list_del_init(&job->list);
	else
		job = NULL;
	spin_unlock(&sched->job_list_lock);

	if (job)
		sched->ops->free_job(job);
	/* more finished ones: run again */
	spin_lock(&sched->job_list_lock);
	job = list_first_entry_or_null(&sched->pending_list, struct drm_sched_job, list);
	if (job && job->sim_finished)
		queue_work(sched->submit_wq, &sched->work_free_job);
	spin_unlock(&sched->job_list_lock);
}

static const struct drm_sched_backend_ops drm_sched_ops = {
	.free_job = guc_exec_queue_free_job,
};

/* xe_guc_submit.c: the scheduling disable that a suspend sends */
static void disable_scheduling(struct xe_exec_queue *q)
{
	u32 action[] = { XE_GUC_ACTION_SCHED_CONTEXT_MODE_SET, 0 /* the guc_id */, 0 };
	struct xe_guc *guc = &q->gt->uc.guc;

	sim_guc_fw_name_next(guc, q->sim_name);
	xe_guc_ct_send(&guc->ct, action, ARRAY_SIZE(action), G2H_LEN_DW_SCHED_CONTEXT_MODE_SET,
		       1);
	sim_guc_fw_name_next(guc, NULL);
}

static void __guc_exec_queue_process_msg_suspend(struct xe_sched_msg *msg)
{
	disable_scheduling(msg->private_data);
}

static __sim_frame void guc_exec_queue_process_msg(struct xe_sched_msg *msg)
{
	struct xe_exec_queue *q = msg->private_data;
	struct xe_device *xe = q->sim_xe;

	switch (msg->opcode) {
	case SUSPEND:
		__guc_exec_queue_process_msg_suspend(msg);
		break;
	default:
		pr_info("unknown exec-queue message %u\n", msg->opcode);
	}

	sim_oracle_put(sim_xe_to_gpu(xe), fetch_and_zero(&msg->sim_oracle_id));
	xe_pm_runtime_put(xe);
}

static const struct xe_sched_backend_ops xe_sched_ops = {
	.process_msg = guc_exec_queue_process_msg,
};

/* xe_gpu_scheduler.c: one message a run, through ops->process_msg */
static __sim_frame void xe_sched_process_msg_work(struct work_struct *w)
{
	struct xe_gpu_scheduler *sched = container_of(w, struct xe_gpu_scheduler,
						      work_process_msg);
	struct xe_sched_msg *msg;

	spin_lock(&sched->base.job_list_lock);
	msg = list_first_entry_or_null(&sched->msgs, struct xe_sched_msg, link);
	if (msg)
		list_del_init(&msg->link);
	spin_unlock(&sched->base.job_list_lock);

	if (msg) {
		sched->ops->process_msg(msg);
		spin_lock(&sched->base.job_list_lock);
		if (!list_empty(&sched->msgs))
			queue_work(sched->base.submit_wq, &sched->work_process_msg);
		spin_unlock(&sched->base.job_list_lock);
	}
}

static void xe_sched_add_msg(struct xe_gpu_scheduler *sched, struct xe_sched_msg *msg)
{
	spin_lock(&sched->base.job_list_lock);
	list_add_tail(&msg->link, &sched->msgs);
	spin_unlock(&sched->base.job_list_lock);
	queue_work(sched->base.submit_wq, &sched->work_process_msg);
}

static __sim_frame void guc_exec_queue_add_msg(struct xe_exec_queue *q, struct xe_sched_msg *msg,
					       u32 opcode)
{
	struct sim_gpu *gpu = q_to_gpu(q);

	sim_oracle_arm_get(gpu, SIM_UNIT_XE);
	xe_pm_runtime_get_noresume(q->sim_xe);
	msg->sim_oracle_id = sim_oracle_hold(gpu, _THIS_IP_, SIM_UNIT_XE, "queue_msg", 1);

	INIT_LIST_HEAD(&msg->link);
	msg->opcode = opcode;
	msg->private_data = q;
	xe_sched_add_msg(&q->sched, msg);
}

static __sim_frame void guc_exec_queue_suspend(struct xe_exec_queue *q)
{
	struct xe_sched_msg *msg = q->static_msgs;

	if (!list_empty(&msg->link)) {
		pr_info("%s: queue %s: a suspend is already pending\n", dev_name(q->sim_xe->drm.dev),
			q->sim_name);
		return;
	}
	guc_exec_queue_add_msg(q, msg, SUSPEND);
}

static const struct xe_exec_queue_ops guc_exec_queue_ops = {
	.suspend = guc_exec_queue_suspend,
};

/* A queue on the primary GT, made by the first job that names it. */
static struct xe_exec_queue *sim_queue_get(struct xe_device *xe, const char *name, bool create)
{
	struct sim_xe_sched *s = xe->sim_sched;
	struct xe_exec_queue *q;

	list_for_each_entry(q, &s->queues, sim_link)
		if (!strcmp(q->sim_name, name))
			return q;
	if (!create)
		return NULL;
	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return NULL;
	q->sched.base.submit_wq = alloc_ordered_workqueue("xe-submit-%s", 0, name);
	if (!q->sched.base.submit_wq) {
		kfree(q);
		return NULL;
	}
	q->sim_xe = xe;
	q->gt = xe_device_get_gt(xe, 0);
	q->ops = &guc_exec_queue_ops;
	kref_init(&q->refcount);
	strscpy(q->sim_name, name, sizeof(q->sim_name));
	q->sched.base.ops = &drm_sched_ops;
	spin_lock_init(&q->sched.base.job_list_lock);
	INIT_LIST_HEAD(&q->sched.base.pending_list);
	INIT_WORK(&q->sched.base.work_free_job, drm_sched_free_job_work);
	q->sched.ops = &xe_sched_ops;
	INIT_LIST_HEAD(&q->sched.msgs);
	INIT_WORK(&q->sched.work_process_msg, xe_sched_process_msg_work);
	INIT_LIST_HEAD(&q->static_msgs[0].link);
	list_add_tail(&q->sim_link, &s->queues);
	return q;
}

static struct xe_sched_job *sim_job_find(struct xe_device *xe, const char *name)
{
	struct xe_sched_job *job;

	list_for_each_entry(job, &xe->sim_sched->jobs, sim_link)
		if (!strcmp(job->sim_name, name))
			return job;
	return NULL;
}

struct sim_exec_args {
	const char *job, *queue;
};

/* xe_exec.c: a job on the queue, armed and pushed to its scheduler */
static __sim_frame long xe_exec_ioctl(struct xe_device *xe, void *data)
{
	struct sim_exec_args *args = data;
	struct xe_exec_queue *q;
	struct xe_sched_job *job;
	u64 batch_addr = 0;

	q = sim_queue_get(xe, args->queue, true);
	if (!q)
		return -ENOMEM;
	job = xe_sched_job_create(q, &batch_addr);
	if (IS_ERR(job))
		return PTR_ERR(job);
	strscpy(job->sim_name, args->job, sizeof(job->sim_name));
	list_add_tail(&job->sim_link, &xe->sim_sched->jobs);
	xe_sched_job_arm(job);
	xe_sched_job_push(job);
	return 0;
}

int sim_xe_job_create(struct xe_device *xe, const char *job, const char *queue)
{
	struct sim_exec_args args = { job, queue ? queue : "q0" };
	long ret;

	mutex_lock(&xe->sim_sched->lock);
	if (sim_job_find(xe, job)) {
		pr_info("%s: job %s exists\n", dev_name(xe->drm.dev), job);
		ret = -EEXIST;
	} else {
		ret = xe_drm_ioctl(xe, xe_exec_ioctl, &args);
	}
	mutex_unlock(&xe->sim_sched->lock);
	return ret;
}

/* @job finished: its scheduler frees it (it must be the queue's oldest). */
static void sim_job_finish(struct xe_sched_job *job)
{
	struct drm_gpu_scheduler *sched = job->drm.sched;

	list_del(&job->sim_link);
	spin_lock(&sched->job_list_lock);
	job->drm.sim_finished = true;
	spin_unlock(&sched->job_list_lock);
	queue_work(sched->submit_wq, &sched->work_free_job);
	flush_work(&sched->work_free_job);
}

int sim_xe_job_destroy(struct xe_device *xe, const char *name)
{
	struct xe_sched_job *job, *oldest;
	struct drm_gpu_scheduler *sched;
	int ret = 0;

	mutex_lock(&xe->sim_sched->lock);
	job = sim_job_find(xe, name);
	if (!job) {
		pr_info("%s: no job %s\n", dev_name(xe->drm.dev), name);
		ret = -ENOENT;
		goto out;
	}
	sched = job->drm.sched;
	oldest = list_first_entry(&sched->pending_list, struct xe_sched_job, drm.list);
	if (oldest != job) {
		pr_info("%s: job %s: its queue %s frees %s first (drm_sched frees in order)\n",
			dev_name(xe->drm.dev), name, job->q->sim_name, oldest->sim_name);
		ret = -EBUSY;
		goto out;
	}
	sim_job_finish(job);
out:
	mutex_unlock(&xe->sim_sched->lock);
	return ret;
}

/* A preempt fence of the queue's long-running VM: suspend it (q->ops). */
int sim_xe_queue_suspend(struct xe_device *xe, const char *name)
{
	struct xe_exec_queue *q;
	int ret = 0;

	mutex_lock(&xe->sim_sched->lock);
	q = sim_queue_get(xe, name, false);
	if (!q) {
		pr_info("%s: no exec queue %s\n", dev_name(xe->drm.dev), name);
		ret = -ENOENT;
	} else {
		q->ops->suspend(q);
		flush_work(&q->sched.work_process_msg);
	}
	mutex_unlock(&xe->sim_sched->lock);
	return ret;
}

int sim_xe_sched_init(struct xe_device *xe)
{
	struct sim_xe_sched *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	mutex_init(&s->lock);
	INIT_LIST_HEAD(&s->queues);
	INIT_LIST_HEAD(&s->jobs);
	xe->sim_sched = s;
	return 0;
}

/* Every job finishes and is freed, oldest first; the queues go with them. */
void sim_xe_sched_quiesce(struct xe_device *xe)
{
	struct sim_xe_sched *s = xe->sim_sched;
	struct xe_exec_queue *q, *qn;
	struct xe_sched_job *job;

	if (!s)
		return;
	mutex_lock(&s->lock);
	list_for_each_entry(q, &s->queues, sim_link) {
		flush_work(&q->sched.work_process_msg);
		while ((job = list_first_entry_or_null(&q->sched.base.pending_list,
						       struct xe_sched_job, drm.list)))
			sim_job_finish(job);
	}
	list_for_each_entry_safe(q, qn, &s->queues, sim_link) {
		list_del(&q->sim_link);
		xe_exec_queue_put(q);
	}
	mutex_unlock(&s->lock);
}

void sim_xe_sched_fini(struct xe_device *xe)
{
	sim_xe_sched_quiesce(xe);
	kfree(xe->sim_sched);
	xe->sim_sched = NULL;
}
