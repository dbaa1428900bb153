// SPDX-License-Identifier: GPL-2.0
/*
 * pmstate.bpf.c - a GPU's runtime-PM state and its driver's own count, read
 * on demand, without waiting for a runtime-PM event.
 *
 * The frontend writes its tgid and the device's driver to want_tgid and
 * want_driver, then reads the device's power/runtime_active_time: the PM
 * core's pm_runtime_active_time() runs with the struct device, and the
 * program here (fentry, else kprobe) fills result from dev->power and from
 * the driver's object, which both i915 and xe keep as drvdata (&i915->drm,
 * &xe->drm).  The object is trusted only when it points back at the device
 * (i915: rpm->kdev, xe: xe->drm.dev); otherwise WR_PMS_DRIVER_MISMATCH.
 *
 * Its own object and skeleton (pmstate): it loads before any tracing and
 * whether or not anything else can be traced.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "wakeref.h"
#include "wr_pmstate.h"

char LICENSE[] SEC("license") = "GPL";

/* Module types, only the fields read; the suffix is ignored by CO-RE. */
struct drm_device___pms {
	struct device *dev;
} __attribute__((preserve_access_index));

struct intel_runtime_pm___pms {
	atomic_t wakeref_count;
	struct device *kdev;
} __attribute__((preserve_access_index));

struct drm_i915_private___pms {
	struct drm_device___pms drm;
	struct intel_runtime_pm___pms runtime_pm;
} __attribute__((preserve_access_index));

/* Written by the frontend before each read (mmapped .bss). */
__u32 want_tgid;
__u32 want_driver;		/* enum wr_driver */
struct wr_pmstate result;

static __always_inline void read_i915(struct wr_pmstate *r, struct device *dev, void *drvdata)
{
	struct drm_i915_private___pms *i915;

	if (!bpf_core_type_exists(struct drm_i915_private___pms) ||
	    !bpf_core_field_exists(struct drm_i915_private___pms, runtime_pm) ||
	    !bpf_core_field_exists(struct intel_runtime_pm___pms, wakeref_count) ||
	    !bpf_core_field_exists(struct intel_runtime_pm___pms, kdev)) {
		r->flags |= WR_PMS_DRIVER_NO_BTF;
		return;
	}
	/* drvdata is &i915->drm */
	i915 = (void *)((char *)drvdata - bpf_core_field_offset(struct drm_i915_private___pms, drm));
	if (BPF_CORE_READ(i915, runtime_pm.kdev) != dev) {
		r->flags |= WR_PMS_DRIVER_MISMATCH;
		return;
	}
	r->driver_count = BPF_CORE_READ(i915, runtime_pm.wakeref_count.counter);
	r->flags |= WR_PMS_DRIVER_COUNT;
}

static __always_inline void read_xe(struct wr_pmstate *r, struct device *dev, void *drvdata)
{
	struct drm_device___pms *drm = drvdata;

	if (!bpf_core_field_exists(struct drm_device___pms, dev)) {
		r->flags |= WR_PMS_DRIVER_NO_BTF;
		return;
	}
	if (BPF_CORE_READ(drm, dev) != dev) {
		r->flags |= WR_PMS_DRIVER_MISMATCH;
		return;
	}
	/* xe keeps no count of its own: its wakerefs are the PM usage count */
	r->driver_count = r->usage_count;
	r->flags |= WR_PMS_DRIVER_COUNT;
}

static __always_inline int read_state(struct device *dev)
{
	struct wr_pmstate *r = &result;
	struct dev_pm_info *pw;
	void *drvdata;

	if (!dev || bpf_get_current_pid_tgid() >> 32 != want_tgid)
		return 0;
	pw = &dev->power;
	r->dev = (__u64)dev;
	r->now_ns = bpf_ktime_get_ns();
	r->usage_count = BPF_CORE_READ(pw, usage_count.counter);
	r->child_count = BPF_CORE_READ(pw, child_count.counter);
	r->disable_depth = BPF_CORE_READ_BITFIELD_PROBED(pw, disable_depth);
	r->runtime_error = BPF_CORE_READ(pw, runtime_error);
	r->autosuspend_delay = BPF_CORE_READ(pw, autosuspend_delay);
	r->runtime_status = BPF_CORE_READ(pw, runtime_status);
	r->last_busy_ns = BPF_CORE_READ(pw, last_busy);
	r->flags = (BPF_CORE_READ_BITFIELD_PROBED(pw, runtime_auto) ? WR_PMS_RUNTIME_AUTO : 0) |
		   (BPF_CORE_READ_BITFIELD_PROBED(pw, ignore_children) ?
		    WR_PMS_IGNORE_CHILDREN : 0) |
		   (BPF_CORE_READ_BITFIELD_PROBED(pw, use_autosuspend) ?
		    WR_PMS_USE_AUTOSUSPEND : 0) |
		   (BPF_CORE_READ_BITFIELD_PROBED(pw, no_callbacks) ? WR_PMS_NO_CALLBACKS : 0);
	r->driver_count = 0;
	bpf_probe_read_kernel_str(r->name, sizeof(r->name), BPF_CORE_READ(dev, kobj.name));
	drvdata = BPF_CORE_READ(dev, driver_data);
	if (!drvdata)
		return 0;
	if (want_driver == WR_DRV_I915)
		read_i915(r, dev, drvdata);
	else if (want_driver == WR_DRV_XE)
		read_xe(r, dev, drvdata);
	return 0;
}

SEC("fentry/pm_runtime_active_time")
int BPF_PROG(wr_pms_fentry, struct device *dev)
{
	return read_state(dev);
}

SEC("kprobe/pm_runtime_active_time")
int BPF_KPROBE(wr_pms_kprobe, struct device *dev)
{
	return read_state(dev);
}
