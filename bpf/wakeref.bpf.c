// SPDX-License-Identifier: GPL-2.0
/*
 * wakeref.bpf.c - runtime-PM wakeref events from i915 (and later xe).
 *
 * Every program here is attached by the frontend to the function its attach
 * plan names (userspace/attach/plan.c): the sections carry no target, the
 * frontend gives each program its function's BTF object and type at load
 * (userspace/attach/programs.c), and the plan drops the programs whose
 * function this kernel does not have.
 *
 * Gets are traced at fexit: the return value says whether a conditional get
 * succeeded, and the driver's counters are read after the call.  Puts are
 * traced at fentry, before the reference is gone.
 *
 * When fentry cannot be used (the module has no BTF, or the kernel refuses
 * it), two generic programs stand in, attached per hook by the frontend with
 * the hook id as BPF cookie: wr_kprobe at entry (a put is sent from there, a
 * get is stashed with its stack) and wr_kretprobe at return (the stashed get
 * is completed with the return value and the counters, and sent).  Events
 * are the same either way.
 *
 * Without the module's BTF, CO-RE cannot see the driver's structs: every
 * read of them is guarded by bpf_core_field_exists(), and the device is then
 * learnt instead: wr_learn, on the PM core entry points, records the device
 * that a traced call passes to the PM core (obj_dev).
 *
 * Where kprobes cannot be used either, a row may name a tracepoint: wr_tp_rpm,
 * a classic tracepoint program (no BTF needed), reads the event's fields.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "wr_common.bpf.h"
#include "wr_tracepoint.h"

char LICENSE[] SEC("license") = "GPL";

/* Module types (see wr_common.bpf.h): only the fields read here. */
struct intel_runtime_pm {
	atomic_t wakeref_count;
	struct device *kdev;
} __attribute__((preserve_access_index));

/* 6.19+ display ops get the drm_device embedded in it, not the rpm */
struct drm_i915_private {
	struct drm_device drm;
	struct intel_runtime_pm runtime_pm;
} __attribute__((preserve_access_index));

#define ENOENT 2
#define EFAULT 14
#define ELOOP 40

#include "wr_unwind.bpf.h"
#include "wr_who.bpf.h"

/* Set by the frontend before load. */
const volatile __u64 cookie_mask = ~0ULL;	/* intel_wakeref_t is u32 before 6.8 */
const volatile struct wr_hook_info hook_info[WR_HOOK__COUNT] = {};
const volatile bool learn_devices = false;	/* a driver has no BTF: wr_learn runs */
/* make bench, case (b): attached programs that do nothing, the floor of fentry/fexit */
const volatile bool bench_empty = false;
/* benchmarks only (WAKEREF_NO_TAIL_REPAIR): what repair_tail() costs */
const volatile bool no_tail_repair = false;
const volatile __u64 events_bytes = 8 << 20;	/* the ring buffer's size, as resized */
/*
 * Stack frames to walk per get and per put (at most WR_MAX_FRAMES): the
 * unwinder is most of an event's cost, and a put only needs the frames up
 * to the function that releases.
 */
const volatile __u32 get_stack_bytes = WR_MAX_FRAMES * sizeof(__u64);
const volatile __u32 put_stack_bytes = WR_MAX_FRAMES * sizeof(__u64);

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);		/* resized by the frontend */
} events SEC(".maps");

/* kprobe mode: a get between its entry and its return, per task and hook */
struct stash_key {
	__u64 pid_tgid;
	__u32 hook;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, struct stash_key);
	__type(value, struct wr_event);
} stash SEC(".maps");

/* a blank event to create stash entries from (too big for the BPF stack) */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct wr_event);
} blank SEC(".maps");

/* no module BTF: the device object of the traced call each task is in ... */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);		/* pid_tgid */
	__type(value, __u64);		/* struct intel_runtime_pm * or struct xe_device * */
} cur_obj SEC(".maps");

/* ... and the struct device the PM core was called with for that object */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u64);		/* device object */
	__type(value, __u64);		/* struct device * */
} obj_dev SEC(".maps");

static __always_inline struct device *learnt_dev(__u64 obj)
{
	__u64 *dev = bpf_map_lookup_elem(&obj_dev, &obj);

	return dev ? (struct device *)*dev : NULL;
}

/* The device's PM usage count and name into E (NAME NULL: none); no device: -1. */
static __always_inline void set_device(struct wr_event *e, bool dev, int usage, const char *name)
{
	e->usage_count = dev ? usage : -1;
	e->dev[0] = 0;
	if (dev && name)
		bpf_probe_read_kernel_str(e->dev, sizeof(e->dev), name);
}

static __always_inline void read_device(struct wr_event *e, struct device *kdev)
{
	if (kdev)
		set_device(e, true, BPF_CORE_READ(kdev, power.usage_count.counter),
			   BPF_CORE_READ(kdev, kobj.name));
	else
		set_device(e, false, 0, NULL);
}

/* i915 without its wakeref_count (no BTF for it): the count is unknown. */
static __always_inline void no_i915_count(struct wr_event *e)
{
	e->wakeref_count = 0;
	e->flags |= WR_EVF_NO_COUNT;
}

/* xe keeps no count of its own: its device's PM usage count, once read, is it. */
static __always_inline void xe_count(struct wr_event *e, bool dev)
{
	e->wakeref_count = e->usage_count;
	if (!dev)
		e->flags |= WR_EVF_NO_COUNT;
}

/*
 * The driver's counters, now, into E: i915 reads its rpm, xe the PM core's
 * usage count of its device.  Without the driver's BTF the count is unknown
 * and the device is the one learnt.
 */
static __always_inline void read_counts(struct wr_event *e)
{
	struct intel_runtime_pm *rpm = (void *)e->obj;
	struct xe_device *xe = (void *)e->obj;
	struct device *kdev;

	if (e->driver == WR_DRV_I915) {
		if (bpf_core_field_exists(rpm->wakeref_count))
			e->wakeref_count = BPF_CORE_READ(rpm, wakeref_count.counter);
		else
			no_i915_count(e);
		if (bpf_core_field_exists(rpm->kdev))
			kdev = BPF_CORE_READ(rpm, kdev);
		else
			kdev = learnt_dev(e->obj);
		read_device(e, kdev);
		return;
	}
	if (bpf_core_field_exists(xe->drm.dev))
		kdev = BPF_CORE_READ(xe, drm.dev);
	else
		kdev = learnt_dev(e->obj);
	read_device(e, kdev);
	xe_count(e, kdev);
}

/*
 * The same as read_counts(), from a typed argument of a fentry/fexit program:
 * plain loads, guarded by the JIT, instead of a bpf_probe_read_kernel() each.
 */
static __always_inline void read_device_typed(struct wr_event *e, struct device *kdev)
{
	if (kdev)
		set_device(e, true, kdev->power.usage_count.counter, kdev->kobj.name);
	else
		set_device(e, false, 0, NULL);
}

static __always_inline void read_counts_i915(struct wr_event *e, struct intel_runtime_pm *rpm)
{
	if (bpf_core_field_exists(rpm->wakeref_count))
		e->wakeref_count = rpm->wakeref_count.counter;
	else
		no_i915_count(e);
	if (bpf_core_field_exists(rpm->kdev))
		read_device_typed(e, rpm->kdev);
	else
		read_device(e, learnt_dev(e->obj));
}

static __always_inline void read_counts_xe(struct wr_event *e, struct xe_device *xe)
{
	struct device *kdev;

	if (!bpf_core_field_exists(xe->drm.dev)) {
		read_counts(e);
		return;
	}
	kdev = xe->drm.dev;
	read_device_typed(e, kdev);
	xe_count(e, kdev);
}

/*
 * Everything but the counters: who, when, where from.  TRAMP: CTX is a
 * fentry/fexit program's, whose stack the fast unwinder can walk.
 */
static __always_inline void fill(void *ctx, struct wr_event *e, __u16 hook, __u8 type,
				 __u8 driver, __u32 flags, __u64 obj, __u64 cookie, bool tramp,
				 bool entry)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 bytes = type == WR_EV_PUT ? put_stack_bytes : get_stack_bytes;
	int n = -ENOENT;

	if (bytes > sizeof(e->stack))
		bytes = sizeof(e->stack);
	if (bytes < sizeof(e->stack[0]))
		bytes = sizeof(e->stack[0]);
	e->ts_ns = bpf_ktime_get_ns();
	e->obj = obj;
	e->cookie = cookie;
	e->pid = (__u32)id;
	e->tgid = id >> 32;
	e->hook = hook;
	e->type = type;
	e->driver = driver;
	e->flags = flags;
	e->cpu = bpf_get_smp_processor_id();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (type == WR_EV_GET) {
		read_syscall(e);
	} else {
		e->client = 0;
		e->sys_nr = 0;
		e->ioctl_cmd = 0;
	}
	if (tramp)
		n = unwind_stack(ctx, e, hook, bytes / sizeof(e->stack[0]));
	/* kprobes and tracepoints (no scratch space for a trampoline: never) */
	if (n == -ENOENT) {
		n = bpf_get_stack(ctx, e->stack, bytes, 0);
		if (n > 0)
			n /= sizeof(e->stack[0]);
	}
	/* fentry/fexit and kprobes know the traced function; tracepoints do not */
	if (entry && n > 1 && !no_tail_repair)
		n = repair_tail(e, bpf_get_func_ip(ctx), n, WR_MAX_FRAMES);
	e->nr_frames = n;
	if (n <= 0)
		count_stack_error(hook);
}

/* An event begun: reserved and filled but for the counters; NULL: dropped (counted). */
static __always_inline struct wr_event *begin(void *ctx, __u16 hook, __u8 type, __u8 driver,
					      __u32 flags, __u64 obj, __u64 cookie, bool tramp,
					      bool entry)
{
	struct wr_event *e;

	if (bench_empty)
		return NULL;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_event(hook, false);
		return NULL;
	}
	fill(ctx, e, hook, type, driver, flags, obj, cookie, tramp, entry);
	return e;
}

static __always_inline int send(struct wr_event *e, __u16 hook)
{
	bpf_ringbuf_submit(e, wakeup_flags(&events, events_bytes, sizeof(*e)));
	count_event(hook, true);
	return 0;
}

/* One event, now: the device's counters come from the driver object OBJ. */
static __always_inline int emit(void *ctx, __u16 hook, __u8 type, __u8 driver, __u32 flags,
				__u64 obj, __u64 cookie, bool tramp)
{
	struct wr_event *e = begin(ctx, hook, type, driver, flags, obj, cookie, tramp, true);

	if (!e)
		return 0;
	read_counts(e);
	return send(e, hook);
}

/* An i915 event of a program whose argument RPM is typed (BTF): read by plain loads. */
static __always_inline int emit_i915(void *ctx, __u16 hook, __u8 type, __u32 flags,
				     struct intel_runtime_pm *rpm, __u64 cookie)
{
	struct wr_event *e = begin(ctx, hook, type, WR_DRV_I915, flags, (__u64)rpm, cookie, true, true);

	if (!e)
		return 0;
	read_counts_i915(e, rpm);
	return send(e, hook);
}

/* The same where RPM is computed, not an argument: probe reads. */
static __always_inline int emit_i915_untyped(void *ctx, __u16 hook, __u8 type, __u32 flags,
					     struct intel_runtime_pm *rpm, __u64 cookie)
{
	return emit(ctx, hook, type, WR_DRV_I915, flags, (__u64)rpm, cookie, true);
}

static __always_inline int emit_xe(void *ctx, __u16 hook, __u8 type, __u32 flags,
				   struct xe_device *xe)
{
	struct wr_event *e = begin(ctx, hook, type, WR_DRV_XE, flags, (__u64)xe, 0, true, true);

	if (!e)
		return 0;
	read_counts_xe(e, xe);
	return send(e, hook);
}

/*
 * intel_wakeref_t is a struct ref_tracker * from 6.13 on, and i915's BTF
 * only declares that struct: the verifier refuses a typed read of such a
 * return value or argument from the context ("type FWD is not a struct").
 * bpf_get_func_ret()/bpf_get_func_arg() (5.17+) read them untyped.
 */

/*
 * A get that may fail reports failure as a zero cookie.  TYPED: RPM is the
 * program's argument, not computed.
 */
static __always_inline int i915_get(void *ctx, __u16 hook, __u32 flags,
				    struct intel_runtime_pm *rpm, bool typed)
{
	__u64 ret = 0, cookie;
	__u8 type;

	bpf_get_func_ret(ctx, &ret);
	cookie = ret & cookie_mask;
	type = cookie ? WR_EV_GET : WR_EV_GET_FAILED;
	if (typed)
		return emit_i915(ctx, hook, type, flags, rpm, cookie);
	return emit_i915_untyped(ctx, hook, type, flags, rpm, cookie);
}

/* The cookie argument of a put (argument 2). */
static __always_inline __u64 i915_put_cookie(void *ctx)
{
	__u64 wref = 0;

	bpf_get_func_arg(ctx, 1, &wref);
	return wref & cookie_mask;
}

SEC("fexit")
int BPF_PROG(i915_rpm_get, struct intel_runtime_pm *rpm)
{
	return i915_get(ctx, WR_HOOK_I915_RPM_GET, WR_EVF_WAKELOCK, rpm, true);
}

SEC("fexit")
int BPF_PROG(i915_rpm_get_raw, struct intel_runtime_pm *rpm)
{
	return i915_get(ctx, WR_HOOK_I915_RPM_GET_RAW, 0, rpm, true);
}

SEC("fexit")
int BPF_PROG(i915_rpm_get_if_in_use, struct intel_runtime_pm *rpm)
{
	return i915_get(ctx, WR_HOOK_I915_RPM_GET_IF_IN_USE, WR_EVF_WAKELOCK, rpm, true);
}

SEC("fexit")
int BPF_PROG(i915_rpm_get_if_active, struct intel_runtime_pm *rpm)
{
	return i915_get(ctx, WR_HOOK_I915_RPM_GET_IF_ACTIVE, WR_EVF_WAKELOCK, rpm, true);
}

SEC("fexit")
int BPF_PROG(i915_rpm_get_noresume, struct intel_runtime_pm *rpm)
{
	return i915_get(ctx, WR_HOOK_I915_RPM_GET_NORESUME, WR_EVF_WAKELOCK, rpm, true);
}

SEC("fentry")
int BPF_PROG(i915_rpm_put_unchecked, struct intel_runtime_pm *rpm)
{
	return emit_i915(ctx, WR_HOOK_I915_RPM_PUT_UNCHECKED, WR_EV_PUT,
			 WR_EVF_WAKELOCK | WR_EVF_COUNT_BEFORE, rpm, 0);
}

SEC("fentry")
int BPF_PROG(i915_rpm_put_raw, struct intel_runtime_pm *rpm)
{
	return emit_i915(ctx, WR_HOOK_I915_RPM_PUT_RAW, WR_EV_PUT, WR_EVF_COUNT_BEFORE, rpm,
			 i915_put_cookie(ctx));
}

/*
 * 6.19+ i915 display ops, (const struct drm_device *drm, ...): the device
 * key stays the rpm of the other i915 events, found by CO-RE container_of
 * (drm and runtime_pm are both members of struct drm_i915_private).
 */
static __always_inline struct intel_runtime_pm *disp_rpm(void *ctx)
{
	__u64 drm = 0;

	bpf_get_func_arg(ctx, 0, &drm);
	if (!drm)
		return NULL;
	return (void *)(drm - bpf_core_field_offset(struct drm_i915_private, drm) +
			bpf_core_field_offset(struct drm_i915_private, runtime_pm));
}

SEC("fexit")
int BPF_PROG(i915_disp_get)
{
	return i915_get(ctx, WR_HOOK_I915_DISP_GET, WR_EVF_WAKELOCK, disp_rpm(ctx), false);
}

SEC("fexit")
int BPF_PROG(i915_disp_get_raw)
{
	return i915_get(ctx, WR_HOOK_I915_DISP_GET_RAW, 0, disp_rpm(ctx), false);
}

SEC("fexit")
int BPF_PROG(i915_disp_get_if_in_use)
{
	return i915_get(ctx, WR_HOOK_I915_DISP_GET_IF_IN_USE, WR_EVF_WAKELOCK, disp_rpm(ctx),
			false);
}

SEC("fexit")
int BPF_PROG(i915_disp_get_noresume)
{
	return i915_get(ctx, WR_HOOK_I915_DISP_GET_NORESUME, WR_EVF_WAKELOCK, disp_rpm(ctx),
			false);
}

SEC("fentry")
int BPF_PROG(i915_disp_put)
{
	return emit_i915_untyped(ctx, WR_HOOK_I915_DISP_PUT, WR_EV_PUT,
				 WR_EVF_WAKELOCK | WR_EVF_COUNT_BEFORE, disp_rpm(ctx),
				 i915_put_cookie(ctx));
}

SEC("fentry")
int BPF_PROG(i915_disp_put_raw)
{
	return emit_i915_untyped(ctx, WR_HOOK_I915_DISP_PUT_RAW, WR_EV_PUT, WR_EVF_COUNT_BEFORE,
				 disp_rpm(ctx), i915_put_cookie(ctx));
}

SEC("fentry")
int BPF_PROG(i915_disp_put_unchecked)
{
	return emit_i915_untyped(ctx, WR_HOOK_I915_DISP_PUT_UNCHECKED, WR_EV_PUT,
				 WR_EVF_WAKELOCK | WR_EVF_COUNT_BEFORE, disp_rpm(ctx), 0);
}

/* Debug builds (CONFIG_DRM_I915_DEBUG_RUNTIME_PM): the put with its cookie. */
SEC("fentry")
int BPF_PROG(i915_rpm_put, struct intel_runtime_pm *rpm)
{
	return emit_i915(ctx, WR_HOOK_I915_RPM_PUT, WR_EV_PUT,
			 WR_EVF_WAKELOCK | WR_EVF_COUNT_BEFORE, rpm, i915_put_cookie(ctx));
}

/*
 * xe (6.11+ API).  xe keeps no count of its own: the PM core's usage count
 * of xe->drm.dev is the ground truth.
 */
SEC("fexit")
int BPF_PROG(xe_rpm_get, struct xe_device *xe)
{
	return emit_xe(ctx, WR_HOOK_XE_GET, WR_EV_GET, 0, xe);
}

/* pm_runtime_get_sync() keeps its reference even when it fails; -ELOOP takes none. */
SEC("fexit")
int BPF_PROG(xe_rpm_get_ioctl, struct xe_device *xe, int ret)
{
	return emit_xe(ctx, WR_HOOK_XE_GET_IOCTL, ret == -ELOOP ? WR_EV_GET_FAILED : WR_EV_GET,
		       0, xe);
}

/* bool returns: only the low byte is defined */
#define XE_COND_GET(name, hook)							\
SEC("fexit")									\
int BPF_PROG(name, struct xe_device *xe, __u64 ret)				\
{										\
	return emit_xe(ctx, hook, (ret & 0xff) ? WR_EV_GET : WR_EV_GET_FAILED, 0, xe);	\
}

XE_COND_GET(xe_rpm_get_if_active, WR_HOOK_XE_GET_IF_ACTIVE)
XE_COND_GET(xe_rpm_get_if_in_use, WR_HOOK_XE_GET_IF_IN_USE)
XE_COND_GET(xe_rpm_resume_and_get, WR_HOOK_XE_RESUME_AND_GET)

SEC("fexit")
int BPF_PROG(xe_rpm_get_noresume, struct xe_device *xe)
{
	return emit_xe(ctx, WR_HOOK_XE_GET_NORESUME, WR_EV_GET, 0, xe);
}

SEC("fentry")
int BPF_PROG(xe_rpm_put, struct xe_device *xe)
{
	return emit_xe(ctx, WR_HOOK_XE_PUT, WR_EV_PUT, WR_EVF_COUNT_BEFORE, xe);
}

/* --- system sleep and unbind ---------------------------------------------- */

/*
 * A system sleep or unbind step (WR_EV_PHASE): task, time, the device, and
 * the driver's counts where the function takes its object (OBJ); no stack.
 * A step seen at return carries neither (a kretprobe has lost the
 * arguments): the frontend ties it to the same task's entry, and RET is the
 * function's return value.
 */
static __always_inline int emit_phase(__u32 hook, __u8 driver, struct device *kdev, __u64 obj,
				      __s64 ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct wr_event *e;

	if (bench_empty)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_event(hook, false);
		return 0;
	}
	e->ts_ns = bpf_ktime_get_ns();
	e->obj = obj;
	e->cookie = (__u64)ret;
	e->pid = (__u32)id;
	e->tgid = id >> 32;
	e->hook = hook;
	e->type = WR_EV_PHASE;
	e->driver = driver;
	e->flags = 0;
	e->cpu = bpf_get_smp_processor_id();
	e->nr_frames = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	e->client = 0;
	e->sys_nr = 0;
	e->ioctl_cmd = 0;
	if (obj) {
		read_counts(e);
	} else {
		read_device(e, kdev);
		no_i915_count(e);
	}
	return send(e, hook);
}

/* i915's dev_pm_ops callbacks take the struct device */
SEC("fentry")
int BPF_PROG(ph_i915_suspend, struct device *kdev)
{
	return emit_phase(WR_HOOK_PH_I915_SUSPEND, WR_DRV_I915, kdev, 0, 0);
}

SEC("fexit")
int BPF_PROG(ph_i915_suspend_exit, struct device *kdev, int ret)
{
	return emit_phase(WR_HOOK_PH_I915_SUSPEND_EXIT, WR_DRV_I915, NULL, 0, ret);
}

SEC("fentry")
int BPF_PROG(ph_i915_resume_early, struct device *kdev)
{
	return emit_phase(WR_HOOK_PH_I915_RESUME_EARLY, WR_DRV_I915, kdev, 0, 0);
}

SEC("fentry")
int BPF_PROG(ph_i915_resume, struct device *kdev)
{
	return emit_phase(WR_HOOK_PH_I915_RESUME, WR_DRV_I915, kdev, 0, 0);
}

SEC("fentry")
int BPF_PROG(ph_i915_release, struct intel_runtime_pm *rpm)
{
	return emit_phase(WR_HOOK_PH_I915_RELEASE, WR_DRV_I915, NULL, (__u64)rpm, 0);
}

SEC("fentry")
int BPF_PROG(ph_xe_suspend, struct xe_device *xe)
{
	return emit_phase(WR_HOOK_PH_XE_SUSPEND, WR_DRV_XE, NULL, (__u64)xe, 0);
}

SEC("fexit")
int BPF_PROG(ph_xe_suspend_exit, struct xe_device *xe, int ret)
{
	return emit_phase(WR_HOOK_PH_XE_SUSPEND_EXIT, WR_DRV_XE, NULL, 0, ret);
}

SEC("fentry")
int BPF_PROG(ph_xe_resume, struct xe_device *xe)
{
	return emit_phase(WR_HOOK_PH_XE_RESUME, WR_DRV_XE, NULL, (__u64)xe, 0);
}

SEC("fentry")
int BPF_PROG(ph_xe_fini, struct xe_device *xe)
{
	return emit_phase(WR_HOOK_PH_XE_FINI, WR_DRV_XE, NULL, (__u64)xe, 0);
}

SEC("fentry")
int BPF_PROG(ph_xe_runtime_fini, struct xe_device *xe)
{
	return emit_phase(WR_HOOK_PH_XE_RUNTIME_FINI, WR_DRV_XE, NULL, (__u64)xe, 0);
}

/* --- kprobe fallback ------------------------------------------------------ */

/* What a get returned: the event type, and the cookie it carries. */
static __always_inline __u8 get_result(__u8 ret_kind, __u64 ret, __u64 *cookie)
{
	*cookie = 0;
	switch (ret_kind) {
	case WR_RET_I915_COOKIE:
		*cookie = ret & cookie_mask;
		return *cookie ? WR_EV_GET : WR_EV_GET_FAILED;
	case WR_RET_XE_IOCTL:
		return (int)ret == -ELOOP ? WR_EV_GET_FAILED : WR_EV_GET;
	case WR_RET_BOOL:
		return (ret & 0xff) ? WR_EV_GET : WR_EV_GET_FAILED;
	}
	return WR_EV_GET;
}

/* The hook a kprobe was attached for (its cookie) and what it is; false if none. */
static __always_inline bool info_of(void *ctx, __u32 *hook, struct wr_hook_info *hi)
{
	__u32 h = (__u32)bpf_get_attach_cookie(ctx);

	*hook = h;
	if (h >= WR_HOOK__COUNT)
		return false;
	hi->kind = hook_info[h].kind;
	hi->driver = hook_info[h].driver;
	hi->ret = hook_info[h].ret;
	hi->flags = hook_info[h].flags;
	hi->obj_arg = hook_info[h].obj_arg;
	hi->obj_off = hook_info[h].obj_off;
	hi->phase_arg = hook_info[h].phase_arg;
	return true;
}

/*
 * Argument I (0-4) of a kprobe'd function; 0 past those.  Every argument is
 * read at its fixed offset, then one is chosen: a switch of loads becomes
 * a table of offsets into ctx, which the verifier refuses ("dereference of
 * modified ctx ptr").
 */
static __always_inline __u64 kprobe_arg(struct pt_regs *ctx, __u8 i)
{
	__u64 a0 = PT_REGS_PARM1(ctx), a1 = PT_REGS_PARM2(ctx), a2 = PT_REGS_PARM3(ctx);
	__u64 a3 = PT_REGS_PARM4(ctx), a4 = PT_REGS_PARM5(ctx), v = 0;

	v = i == 4 ? a4 : v;
	v = i == 3 ? a3 : v;
	v = i == 2 ? a2 : v;
	v = i == 1 ? a1 : v;
	return i == 0 ? a0 : v;
}

/*
 * The object a function that links a get to its put is for (WR_EV_OBJ):
 * no stack, no device, just the task, the hook and the object.
 */
static __always_inline int emit_obj(__u32 hook, const struct wr_hook_info *hi, __u64 ptr)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct wr_event *e;

	/* NULL or an ERR_PTR: no object was made */
	if (!ptr || ptr >= (__u64)-4095 || bench_empty)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_event(hook, false);
		return 0;
	}
	e->ts_ns = bpf_ktime_get_ns();
	e->obj = 0;
	e->cookie = ptr - hi->obj_off;
	e->pid = (__u32)id;
	e->tgid = id >> 32;
	e->hook = hook;
	e->type = WR_EV_OBJ;
	e->driver = hi->driver;
	e->flags = WR_EVF_NO_COUNT;
	e->wakeref_count = 0;
	e->usage_count = -1;
	e->cpu = bpf_get_smp_processor_id();
	e->nr_frames = 0;
	e->comm[0] = 0;
	e->dev[0] = 0;
	e->client = 0;
	e->sys_nr = 0;
	e->ioctl_cmd = 0;
	return send(e, hook);
}

static __always_inline __u32 event_flags(const struct wr_hook_info *hi)
{
	return (hi->flags & WR_HI_WAKELOCK) ? WR_EVF_WAKELOCK : 0;
}

/*
 * Entry of a traced function.  A put is sent now (counters before the call,
 * as at fentry); a get is filled as far as its entry allows (stack, task)
 * and stashed for its return.  The object is noted for wr_learn.
 */
SEC("kprobe")
int wr_kprobe(struct pt_regs *ctx)
{
	__u64 obj = PT_REGS_PARM1(ctx), id, cookie = 0;
	struct stash_key key = {};
	struct wr_hook_info info = {}, *hi = &info;
	struct wr_event *e;
	__u32 hook, zero = 0;

	if (!info_of(ctx, &hook, hi) || !obj)
		return 0;
	if (hi->kind == WR_HK_OBJ_ARG)
		return emit_obj(hook, hi, kprobe_arg(ctx, hi->obj_arg));
	if (hi->kind == WR_HK_OBJ_RET || hi->kind == WR_HK_PHASE_RET)
		return 0;		/* its kretprobe says */
	if (hi->kind == WR_HK_PHASE)
		return emit_phase(hook, hi->driver,
				  hi->phase_arg == WR_PA_KDEV ? (struct device *)obj : NULL,
				  hi->phase_arg == WR_PA_OBJ ? obj : 0, 0);
	id = bpf_get_current_pid_tgid();
	if (learn_devices)
		bpf_map_update_elem(&cur_obj, &id, &obj, BPF_ANY);
	if (hi->kind == WR_HK_PUT) {
		if (hi->flags & WR_HI_COOKIE_ARG)
			cookie = PT_REGS_PARM2(ctx) & cookie_mask;
		return emit(ctx, hook, WR_EV_PUT, hi->driver, event_flags(hi) | WR_EVF_COUNT_BEFORE,
			    obj, cookie, false);
	}
	if (hi->kind != WR_HK_GET)
		return 0;
	key.pid_tgid = id;
	key.hook = hook;
	e = bpf_map_lookup_elem(&blank, &zero);
	if (!e || bpf_map_update_elem(&stash, &key, e, BPF_ANY))
		return 0;
	e = bpf_map_lookup_elem(&stash, &key);
	if (!e)
		return 0;
	fill(ctx, e, hook, WR_EV_GET, hi->driver, event_flags(hi), obj, 0, false, true);
	return 0;
}

/* Return of a traced function: complete and send the stashed get. */
SEC("kretprobe")
int wr_kretprobe(struct pt_regs *ctx)
{
	struct stash_key key = {};
	struct wr_hook_info info = {}, *hi = &info;
	struct wr_event *e;
	__u64 cookie;
	__u32 hook;
	bool known;

	known = info_of(ctx, &hook, hi);
	if (known && hi->kind == WR_HK_OBJ_RET)
		return emit_obj(hook, hi, PT_REGS_RC(ctx));
	if (known && hi->kind == WR_HK_PHASE_RET)
		return emit_phase(hook, hi->driver, NULL, 0, (int)PT_REGS_RC(ctx));
	key.pid_tgid = bpf_get_current_pid_tgid();
	if (learn_devices)
		bpf_map_delete_elem(&cur_obj, &key.pid_tgid);
	if (!known || hi->kind != WR_HK_GET)
		return 0;
	key.hook = hook;
	e = bpf_map_lookup_elem(&stash, &key);
	if (!e)
		return 0;
	e->type = get_result(hi->ret, PT_REGS_RC(ctx), &cookie);
	e->cookie = cookie;
	e->ts_ns = bpf_ktime_get_ns();
	read_counts(e);
	count_event(hook, !bpf_ringbuf_output(&events, e, sizeof(*e),
					       wakeup_flags(&events, events_bytes, sizeof(*e))));
	bpf_map_delete_elem(&stash, &key);
	return 0;
}

/*
 * The object rows in one kprobe_multi link each (attach/attach_multi.c):
 * every function that links a get to its put, by argument at entry or by
 * return value, the hook id as the address's cookie.  One link is one
 * update of the kernel's ftrace records instead of one per row (19 rows
 * with every view on: with the generic programs they replace here, about
 * 0.9 s of a start under emulation).
 */
static __always_inline int obj_row(struct pt_regs *ctx, bool ret)
{
	struct wr_hook_info info = {}, *hi = &info;
	__u32 hook;

	if (!info_of(ctx, &hook, hi) || hi->kind != (ret ? WR_HK_OBJ_RET : WR_HK_OBJ_ARG))
		return 0;
	return emit_obj(hook, hi, ret ? PT_REGS_RC(ctx) : kprobe_arg(ctx, hi->obj_arg));
}

SEC("kprobe.multi")
int wr_obj_multi(struct pt_regs *ctx)
{
	return obj_row(ctx, false);
}

SEC("kretprobe.multi")
int wr_objret_multi(struct pt_regs *ctx)
{
	return obj_row(ctx, true);
}

/*
 * PM core entry (argument 1: the struct device) inside a traced call: that
 * device belongs to the call's driver object.  The first call wins: a
 * device's own PM callbacks may reach the PM core for other devices later.
 */
SEC("kprobe")
int wr_learn(struct pt_regs *ctx)
{
	__u64 id = bpf_get_current_pid_tgid(), dev = PT_REGS_PARM1(ctx), *obj;

	obj = bpf_map_lookup_elem(&cur_obj, &id);
	if (obj && dev)
		bpf_map_update_elem(&obj_dev, obj, &dev, BPF_NOEXIST);
	return 0;
}

/* --- tracepoint fallback -------------------------------------------------- */

/*
 * xe:xe_pm_runtime_get, _put, _get_ioctl (wr_tracepoint.h), attached per
 * hook with the hook id as BPF cookie.  The event fires at the start of the
 * function: a get is sent as taken (get_ioctl's result is not known yet),
 * a put before it ran.  There is no driver object: the device is keyed by
 * its name, and its count is unknown.  The stack is walked as in the other
 * modes; if that fails, the event's caller stands in for it.
 */
SEC("tracepoint")
int wr_tp_rpm(struct wr_tp_rpm_record *ctx)
{
	__u32 hook = (__u32)bpf_get_attach_cookie(ctx), flags = WR_EVF_TRACEPOINT | WR_EVF_NO_COUNT;
	__u32 loc = ctx->dev_loc;
	__u64 caller = ctx->caller;
	struct wr_event *e;
	__u8 kind, type;

	if (hook >= WR_HOOK__COUNT)
		return 0;
	kind = hook_info[hook].kind;
	if (kind != WR_HK_GET && kind != WR_HK_PUT)
		return 0;
	type = kind == WR_HK_PUT ? WR_EV_PUT : WR_EV_GET;
	if (type == WR_EV_PUT)
		flags |= WR_EVF_COUNT_BEFORE;
	/* a tracepoint program does not know the traced function: no tail-call repair */
	e = begin(ctx, hook, type, hook_info[hook].driver, flags, 0, 0, false, false);
	if (!e)
		return 0;
	if (e->nr_frames <= 0) {
		e->stack[0] = caller;
		e->nr_frames = 1;
	}
	e->wakeref_count = 0;
	e->usage_count = -1;
	e->dev[0] = 0;
	bpf_probe_read_kernel_str(e->dev, sizeof(e->dev), (void *)ctx + (loc & 0xffff));
	e->obj = wr_dev_name_key(e->dev, sizeof(e->dev));
	return send(e, hook);
}

/*
 * Module loads and unloads: the fast unwinder's rules of module text (and
 * of freed module init text) may be stale from now on (wr_unwind.bpf.h).
 */
SEC("raw_tp/module_load")
int BPF_PROG(wr_module_load)
{
	return unwind_new_generation();
}

SEC("raw_tp/module_free")
int BPF_PROG(wr_module_free)
{
	return unwind_new_generation();
}

/* trampolines of the tail callers (userspace/drivers/tailcallers.c) */
#include "wr_tailcall.bpf.h"
