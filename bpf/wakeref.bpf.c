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

static __always_inline int emit_i915(void *ctx, __u16 hook, __u8 type, __u32 flags,
				     struct intel_runtime_pm *rpm, __u64 cookie)
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
	e->obj = (__u64)rpm;
	e->cookie = cookie;
	e->pid = (__u32)id;
	e->tgid = id >> 32;
	e->hook = hook;
	e->type = type;
	e->driver = WR_DRV_I915;
	e->flags = flags;
	e->cpu = bpf_get_smp_processor_id();
	e->wakeref_count = BPF_CORE_READ(rpm, wakeref_count.counter);
	e->dev[0] = 0;
	read_device(e, BPF_CORE_READ(rpm, kdev));
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
