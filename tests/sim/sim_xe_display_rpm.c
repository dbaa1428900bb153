// SPDX-License-Identifier: GPL-2.0
/*
 * xe's display runtime PM as 7.x builds it (display/intel_display_rpm.c,
 * xe/display/xe_display_rpm.c), and the atomic commit that holds it across
 * functions (display/intel_display.c):
 *
 *   - the display core's intel_display_rpm_get/_put() call the parent
 *     driver's ops, display->parent->rpm->get/put(), as their last act: a
 *     tail call through a pointer;
 *   - xe's static ops: xe_display_rpm_get() calls
 *     xe_pm_runtime_resume_and_get() and turns its bool into a cookie (no
 *     tail call), xe_display_rpm_put() ends with xe_pm_runtime_put() when
 *     the cookie is set (a tail call), so a put's stack has the display
 *     code's return address right above xe_pm_runtime_put();
 *   - intel_atomic_commit() takes state->wakeref; intel_atomic_commit_tail()
 *     puts it, inline for a blocking commit, else from the commit work on
 *     the flip workqueue (unbound), once the new framebuffers' rendering
 *     fences signalled (intel_atomic_commit_fence_wait()).  Commits on
 *     different pipes wait for different fences: their tails run in the
 *     order the GPU finishes rendering, not the order of the commits.
 *
 * Built with sibling calls (Kbuild), as xe is.
 *
 * ctl: "disp_commit DEV NAME [nonblock]" (the atomic ioctl, under
 * xe_drm_ioctl()), "disp_flip_done DEV NAME" (NAME's framebuffer is
 * rendered: its commit work runs to the end, waited for).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/version.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "sim.h"
#include "sim_display_parent.h"
#include "sim_paths.h"
#include "sim_xe.h"

/* -ENOENT means we got the ref, but there's no tracking */
#define INTEL_WAKEREF_DEF	ERR_PTR(-ENOENT)

struct ref_tracker;

/* its first three members as i915's (sim_i915.h), whose display core it uses from 6.17 */
struct intel_display {
	u64 sim_pad;
	struct drm_device *drm;
	const struct intel_display_parent_interface *parent;
	struct {
		struct workqueue_struct *flip;
	} wq;
};

/* display/intel_display_rpm.h */
struct ref_tracker *intel_display_rpm_get(struct intel_display *display);
void intel_display_rpm_put(struct intel_display *display, struct ref_tracker *wakeref);
void intel_display_rpm_put_unchecked(struct intel_display *display);

/*
 * display/intel_display_rpm.c: the display core's side.  From 6.17 the
 * module has it once, in sim_i915_display_rpm.c (the real xe and i915 each
 * have a copy; one module cannot), and xe's display uses that.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 17, 0)
__sim_frame struct ref_tracker *intel_display_rpm_get(struct intel_display *display)
{
	return display->parent->rpm->get(display->drm);
}

__sim_frame void intel_display_rpm_put(struct intel_display *display,
				       struct ref_tracker *wakeref)
{
	display->parent->rpm->put(display->drm, wakeref);
}

__sim_frame void intel_display_rpm_put_unchecked(struct intel_display *display)
{
	display->parent->rpm->put_unchecked(display->drm);
}
#endif

/* xe/display/xe_display_rpm.c: xe's ops */
static __sim_frame struct ref_tracker *xe_display_rpm_get(const struct drm_device *drm)
{
	return xe_pm_runtime_resume_and_get(to_xe_device(drm)) ? INTEL_WAKEREF_DEF : NULL;
}

static __sim_frame struct ref_tracker *xe_display_rpm_get_if_in_use(const struct drm_device *drm)
{
	return xe_pm_runtime_get_if_in_use(to_xe_device(drm)) ? INTEL_WAKEREF_DEF : NULL;
}

static __sim_frame struct ref_tracker *xe_display_rpm_get_noresume(const struct drm_device *drm)
{
	xe_pm_runtime_get_noresume(to_xe_device(drm));
	return INTEL_WAKEREF_DEF;
}

static __sim_frame void xe_display_rpm_put(const struct drm_device *drm,
					   struct ref_tracker *wakeref)
{
	if (wakeref)
		xe_pm_runtime_put(to_xe_device(drm));
}

static __sim_frame void xe_display_rpm_put_unchecked(const struct drm_device *drm)
{
	xe_pm_runtime_put(to_xe_device(drm));
}

static const struct intel_display_rpm_interface xe_display_rpm_interface = {
	.get = xe_display_rpm_get,
	.get_raw = xe_display_rpm_get,
	.get_if_in_use = xe_display_rpm_get_if_in_use,
	.get_noresume = xe_display_rpm_get_noresume,
	.put = xe_display_rpm_put,
	.put_raw = xe_display_rpm_put,
	.put_unchecked = xe_display_rpm_put_unchecked,
};

static const struct intel_display_parent_interface xe_display_parent = {
	.rpm = &xe_display_rpm_interface,
};

/* display/intel_display_types.h: the parts of an atomic state used here */
struct intel_atomic_state {
	struct intel_display *display;
	struct ref_tracker *wakeref;
	struct work_struct commit_work;		/* drm: base.commit_work */
	struct completion sim_rendered;		/* the new framebuffers' fences */
	u64 sim_oracle_id;			/* the record of @wakeref */
	struct list_head sim_link;
	char sim_name[32];
};

/* The device's display and its nonblocking commits not done yet. */
struct sim_xe_display {
	struct intel_display display;
	struct mutex lock;
	struct list_head commits;
};

static struct sim_gpu *display_to_gpu(struct intel_display *display)
{
	return sim_xe_to_gpu(to_xe_device(display->drm));
}

static void intel_atomic_commit_fence_wait(struct intel_atomic_state *state)
{
	wait_for_completion(&state->sim_rendered);
}

static __sim_frame void intel_atomic_commit_tail(struct intel_atomic_state *state)
{
	struct intel_display *display = state->display;

	intel_atomic_commit_fence_wait(state);
	/* the modeset or flip: planes, pipes, watermarks (no runtime PM of its own) */

	sim_oracle_put(display_to_gpu(display), fetch_and_zero(&state->sim_oracle_id));
	intel_display_rpm_put(display, state->wakeref);

	/* the old state's cleanup goes to another work in i915/xe */
	smp_store_release(&state->wakeref, NULL);
}

static __sim_frame void intel_atomic_commit_work(struct work_struct *work)
{
	struct intel_atomic_state *state = container_of(work, struct intel_atomic_state,
							commit_work);

	intel_atomic_commit_tail(state);
}

static __sim_frame int intel_atomic_commit(struct intel_display *display,
					   struct intel_atomic_state *state, bool nonblock)
{
	struct sim_gpu *gpu = display_to_gpu(display);

	state->display = display;
	INIT_WORK(&state->commit_work, intel_atomic_commit_work);

	sim_oracle_arm_get(gpu, SIM_UNIT_XE);
	state->wakeref = intel_display_rpm_get(display);
	state->sim_oracle_id = state->wakeref ?
		sim_oracle_hold(gpu, _THIS_IP_, SIM_UNIT_XE, "atomic_commit", 1) : 0;
	if (!state->wakeref)
		return -EIO;

	if (nonblock)
		queue_work(display->wq.flip, &state->commit_work);
	else
		intel_atomic_commit_tail(state);
	return 0;
}

struct sim_commit_args {
	struct intel_atomic_state *state;
	bool nonblock;
};

/* drm_mode_atomic_ioctl() -> drm_atomic_commit() -> config->funcs->atomic_commit */
static __sim_frame long sim_xe_atomic_ioctl(struct xe_device *xe, void *data)
{
	struct sim_commit_args *args = data;
	int (*volatile atomic_commit)(struct intel_display *, struct intel_atomic_state *,
				      bool) = intel_atomic_commit;

	return atomic_commit(&xe->sim_display->display, args->state, args->nonblock);
}

static struct intel_atomic_state *sim_commit_find(struct sim_xe_display *d, const char *name)
{
	struct intel_atomic_state *state;

	list_for_each_entry(state, &d->commits, sim_link)
		if (!strcmp(state->sim_name, name))
			return state;
	return NULL;
}

int sim_xe_display_commit(struct xe_device *xe, const char *name, bool nonblock)
{
	struct sim_xe_display *d = xe->sim_display;
	struct sim_commit_args args = { .nonblock = nonblock };
	long ret;

	mutex_lock(&d->lock);
	if (sim_commit_find(d, name)) {
		pr_info("%s: commit %s is still pending\n", dev_name(xe->drm.dev), name);
		ret = -EEXIST;
		goto out;
	}
	args.state = kzalloc(sizeof(*args.state), GFP_KERNEL);
	if (!args.state) {
		ret = -ENOMEM;
		goto out;
	}
	strscpy(args.state->sim_name, name, sizeof(args.state->sim_name));
	init_completion(&args.state->sim_rendered);
	if (!nonblock)
		complete(&args.state->sim_rendered);	/* a blocking commit waits inline */
	ret = xe_drm_ioctl(xe, sim_xe_atomic_ioctl, &args);
	if (!ret && nonblock)
		list_add_tail(&args.state->sim_link, &d->commits);
	else
		kfree(args.state);
out:
	mutex_unlock(&d->lock);
	return ret;
}

static void sim_commit_done(struct intel_atomic_state *state)
{
	list_del(&state->sim_link);
	complete(&state->sim_rendered);
	flush_work(&state->commit_work);
	kfree(state);
}

/* NAME's framebuffers are rendered: its commit work runs to the end. */
int sim_xe_display_flip_done(struct xe_device *xe, const char *name)
{
	struct sim_xe_display *d = xe->sim_display;
	struct intel_atomic_state *state;
	int ret = 0;

	mutex_lock(&d->lock);
	state = sim_commit_find(d, name);
	if (state)
		sim_commit_done(state);
	else
		ret = -ENOENT;
	mutex_unlock(&d->lock);
	if (ret)
		pr_info("%s: no pending commit %s\n", dev_name(xe->drm.dev), name);
	return ret;
}

int sim_xe_display_init(struct xe_device *xe)
{
	struct sim_xe_display *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return -ENOMEM;
	d->display.wq.flip = alloc_workqueue("xe_flip", WQ_HIGHPRI | WQ_UNBOUND,
					     WQ_UNBOUND_MAX_ACTIVE);
	if (!d->display.wq.flip) {
		kfree(d);
		return -ENOMEM;
	}
	d->display.drm = &xe->drm;
	d->display.parent = &xe_display_parent;
	mutex_init(&d->lock);
	INIT_LIST_HEAD(&d->commits);
	xe->sim_display = d;
	return 0;
}

/* Every pending commit's rendering is done: their tails run. */
void sim_xe_display_quiesce(struct xe_device *xe)
{
	struct sim_xe_display *d = xe->sim_display;
	struct intel_atomic_state *state, *tmp;

	if (!d)
		return;
	mutex_lock(&d->lock);
	list_for_each_entry_safe(state, tmp, &d->commits, sim_link)
		sim_commit_done(state);
	mutex_unlock(&d->lock);
}

void sim_xe_display_fini(struct xe_device *xe)
{
	struct sim_xe_display *d = xe->sim_display;

	if (!d)
		return;
	sim_xe_display_quiesce(xe);
	destroy_workqueue(d->display.wq.flip);
	kfree(d);
	xe->sim_display = NULL;
}
