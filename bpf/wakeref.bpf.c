// SPDX-License-Identifier: GPL-2.0
/*
 * wakeref.bpf.c - runtime-PM wakeref events from i915 (and later xe).
 *
 * Every program here is attached by the frontend to the function its attach
 * plan names (userspace/attach_plan.c): the sections carry no target, the
 * plan sets it with bpf_program__set_attach_target() before load, and the
 * plan drops the programs whose function this kernel does not have.
 *
 * Gets are traced at fexit: the return value says whether a conditional get
 * succeeded, and the driver's counters are read after the call.  Puts are
 * traced at fentry, before the reference is gone.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "wakeref.h"

char LICENSE[] SEC("license") = "GPL";

/*
 * Module types are not in vmlinux.h: declare only the fields read here.
 * preserve_access_index turns every access into a CO-RE relocation that
 * libbpf resolves against the module's BTF, whatever its layout.
 */
struct intel_runtime_pm {
	atomic_t wakeref_count;
	struct device *kdev;
} __attribute__((preserve_access_index));

struct drm_device {
	struct device *dev;
} __attribute__((preserve_access_index));

struct xe_device {
	struct drm_device drm;
} __attribute__((preserve_access_index));

#define ELOOP 40

/* Set by the frontend before load. */
const volatile __u64 cookie_mask = ~0ULL;	/* intel_wakeref_t is u32 before 6.8 */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);		/* resized by the frontend */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, WR_HOOK__COUNT);
	__type(key, __u32);
	__type(value, struct wr_hook_stats);
} wr_stats SEC(".maps");

static __always_inline struct wr_hook_stats *hook_stats(__u32 hook)
{
	return bpf_map_lookup_elem(&wr_stats, &hook);
}

static __always_inline void read_device(struct wr_event *e, struct device *kdev)
{
	const char *name;

	e->usage_count = -1;
	if (!kdev)
		return;
	e->usage_count = BPF_CORE_READ(kdev, power.usage_count.counter);
	name = BPF_CORE_READ(kdev, kobj.name);
	if (name)
		bpf_probe_read_kernel_str(e->dev, sizeof(e->dev), name);
}

/* One event: the device's counters come from KDEV, its key is OBJ. */
static __always_inline int emit(void *ctx, __u16 hook, __u8 type, __u8 driver, __u32 flags,
				__u64 obj, __u64 cookie, __s32 count, struct device *kdev)
{
	struct wr_hook_stats *st = hook_stats(hook);
	struct wr_event *e;
	__u64 id;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		if (st)
			__sync_fetch_and_add(&st->ringbuf_drops, 1);
		return 0;
	}
	id = bpf_get_current_pid_tgid();
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
	e->dev[0] = 0;
	read_device(e, kdev);
	e->wakeref_count = driver == WR_DRV_XE ? e->usage_count : count;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	e->nr_frames = bpf_get_stack(ctx, e->stack, sizeof(e->stack), 0);
	if (e->nr_frames > 0)
		e->nr_frames /= sizeof(e->stack[0]);
	else if (st)
		__sync_fetch_and_add(&st->stack_errors, 1);
	bpf_ringbuf_submit(e, 0);
	if (st)
		__sync_fetch_and_add(&st->events, 1);
	return 0;
}

static __always_inline int emit_i915(void *ctx, __u16 hook, __u8 type, __u32 flags,
				     struct intel_runtime_pm *rpm, __u64 cookie)
{
	return emit(ctx, hook, type, WR_DRV_I915, flags, (__u64)rpm, cookie,
		    BPF_CORE_READ(rpm, wakeref_count.counter), BPF_CORE_READ(rpm, kdev));
}

static __always_inline int emit_xe(void *ctx, __u16 hook, __u8 type, __u32 flags,
				   struct xe_device *xe)
{
	return emit(ctx, hook, type, WR_DRV_XE, flags, (__u64)xe, 0, 0,
		    BPF_CORE_READ(xe, drm.dev));
}

/* A get that may fail reports failure as a zero cookie. */
static __always_inline int i915_get(void *ctx, __u16 hook, __u32 flags,
				    struct intel_runtime_pm *rpm, __u64 ret)
{
	__u64 cookie = ret & cookie_mask;

	return emit_i915(ctx, hook, cookie ? WR_EV_GET : WR_EV_GET_FAILED, flags, rpm, cookie);
}

SEC("fexit")
int BPF_PROG(i915_rpm_get, struct intel_runtime_pm *rpm, __u64 ret)
{
	return i915_get(ctx, WR_HOOK_I915_RPM_GET, WR_EVF_WAKELOCK, rpm, ret);
}

SEC("fexit")
int BPF_PROG(i915_rpm_get_raw, struct intel_runtime_pm *rpm, __u64 ret)
{
	return i915_get(ctx, WR_HOOK_I915_RPM_GET_RAW, 0, rpm, ret);
}

SEC("fexit")
int BPF_PROG(i915_rpm_get_if_in_use, struct intel_runtime_pm *rpm, __u64 ret)
{
	return i915_get(ctx, WR_HOOK_I915_RPM_GET_IF_IN_USE, WR_EVF_WAKELOCK, rpm, ret);
}

SEC("fexit")
int BPF_PROG(i915_rpm_get_if_active, struct intel_runtime_pm *rpm, __u64 ret)
{
	return i915_get(ctx, WR_HOOK_I915_RPM_GET_IF_ACTIVE, WR_EVF_WAKELOCK, rpm, ret);
}

SEC("fexit")
int BPF_PROG(i915_rpm_get_noresume, struct intel_runtime_pm *rpm, __u64 ret)
{
	return i915_get(ctx, WR_HOOK_I915_RPM_GET_NORESUME, WR_EVF_WAKELOCK, rpm, ret);
}

SEC("fentry")
int BPF_PROG(i915_rpm_put_unchecked, struct intel_runtime_pm *rpm)
{
	return emit_i915(ctx, WR_HOOK_I915_RPM_PUT_UNCHECKED, WR_EV_PUT,
			 WR_EVF_WAKELOCK | WR_EVF_COUNT_BEFORE, rpm, 0);
}

SEC("fentry")
int BPF_PROG(i915_rpm_put_raw, struct intel_runtime_pm *rpm, __u64 wref)
{
	return emit_i915(ctx, WR_HOOK_I915_RPM_PUT_RAW, WR_EV_PUT, WR_EVF_COUNT_BEFORE, rpm,
			 wref & cookie_mask);
}

/* Debug builds (CONFIG_DRM_I915_DEBUG_RUNTIME_PM): the put with its cookie. */
SEC("fentry")
int BPF_PROG(i915_rpm_put, struct intel_runtime_pm *rpm, __u64 wref)
{
	return emit_i915(ctx, WR_HOOK_I915_RPM_PUT, WR_EV_PUT,
			 WR_EVF_WAKELOCK | WR_EVF_COUNT_BEFORE, rpm, wref & cookie_mask);
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
