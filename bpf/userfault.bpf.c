// SPDX-License-Identifier: GPL-2.0
/*
 * userfault.bpf.c - the GEM userfault lists of i915 (GGTT, lmem) and xe
 * (VRAM): the objects whose CPU mmaps runtime suspend must revoke.
 *
 * Fault handlers are traced at fexit, removal paths at fexit (destroy and
 * free at fentry: the object is gone afterwards), runtime suspend at both
 * ends.  Each record carries the object's own state read right then with
 * CO-RE (its list link, i915's userfault_count), so userspace takes
 * membership from the object, not from which function ran.  At suspend
 * exit the driver's list heads are read, and what is still on them named.
 *
 * Objects are followed in uf_tracked from the first record that finds them
 * on a list: the removal paths run for every object the driver frees or
 * moves, so they only send a record for an object that is tracked or
 * linked.  Every pointer argument is read untyped (bpf_get_func_arg): some
 * module BTFs only forward-declare the structs, which the verifier refuses
 * to read from the context.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#define WR_STATS_EXTERN
#include "wr_common.bpf.h"
#include "wr_tramp.bpf.h"
#include "wr_userfault.h"

/*
 * Module types, only the fields read.  The ___uf flavour keeps them apart
 * from wakeref.bpf.c's declarations of the same structs (with other fields)
 * in the linked object; CO-RE ignores the suffix when it matches them to
 * the module's.  struct drm_device is the shared one (wr_common.bpf.h).
 */
struct drm_gem_object___uf {
	struct drm_device *dev;
	size_t size;
} __attribute__((preserve_access_index));

struct ttm_buffer_object___uf {
	struct drm_gem_object___uf base;
} __attribute__((preserve_access_index));

/* i915: a TTM object's ttm_buffer_object shares the GEM object's start */
struct drm_i915_gem_object___uf {
	union {
		struct drm_gem_object___uf base;
		struct ttm_buffer_object___uf __do_not_access;
	};
	unsigned int userfault_count;
	struct list_head userfault_link;
} __attribute__((preserve_access_index));

enum i915_mmap_type___uf { I915_MMAP_TYPE_GTT___uf = 0 };

struct i915_mmap_offset___uf {
	struct drm_i915_gem_object___uf *obj;
	enum i915_mmap_type___uf mmap_type;
} __attribute__((preserve_access_index));

struct i915_vma___uf {
	struct drm_i915_gem_object___uf *obj;
} __attribute__((preserve_access_index));

struct i915_ggtt___uf {
	struct list_head userfault_list;
} __attribute__((preserve_access_index));

/* before 6.1.10 the lmem list was the GT's */
struct intel_gt___uf {
	struct i915_ggtt___uf *ggtt;
	struct list_head lmem_userfault_list;
} __attribute__((preserve_access_index));

struct intel_runtime_pm___uf {
	struct list_head lmem_userfault_list;
} __attribute__((preserve_access_index));

struct drm_i915_private___uf {
	struct drm_device drm;
	struct intel_runtime_pm___uf runtime_pm;
	struct intel_gt___uf *gt[1];		/* to_gt(): the primary GT */
} __attribute__((preserve_access_index));

struct xe_bo___uf {
	struct ttm_buffer_object___uf ttm;
	struct list_head vram_userfault_link;
} __attribute__((preserve_access_index));

struct xe_device___uf {
	struct drm_device drm;
	struct {
		struct {
			struct list_head list;
		} vram_userfault;
	} mem_access;
} __attribute__((preserve_access_index));

/* include/linux/poison.h with x86-64's POISON_POINTER_DELTA: a list_del()ed link */
#define UF_LIST_POISON1	0xdead000000000100ULL
#define UF_LIST_POISON2	0xdead000000000122ULL

#define UF_EVENTS_BYTES	(1 << 20)

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, UF_EVENTS_BYTES);
} uf_events SEC(".maps");

/* objects seen on a list, until seen off it (value unused) */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, __u8);
} uf_tracked SEC(".maps");

/* records of uf_events lost so far, stamped into every record sent */
__u32 uf_drops = 0;

static __always_inline __u64 arg(void *ctx, __u32 n)
{
	__u64 v = 0;

	bpf_get_func_arg(ctx, n, &v);
	return v;
}

/* A list_head at ADDR is on a list: neither self-linked, nor poisoned, nor zero. */
static __always_inline bool linked(__u64 addr)
{
	__u64 next = 0;

	if (!addr || bpf_probe_read_kernel(&next, sizeof(next), (void *)addr))
		return false;
	return next && next != addr && next != UF_LIST_POISON1 && next != UF_LIST_POISON2;
}

static __always_inline bool tracked(__u64 obj)
{
	return bpf_map_lookup_elem(&uf_tracked, &obj) != NULL;
}

/* What becomes of an object that a record finds off its list. */
enum uf_follow {
	UF_UNTRACK,		/* forget it */
	UF_KEEP,		/* keep following: the caller's own record comes next */
	UF_GONE,		/* freed on return, listed or not */
};

/* Follow OBJ while it is on a list; say whether a record is worth sending. */
static __always_inline bool follow(__u64 obj, bool on_list, enum uf_follow how)
{
	bool was = tracked(obj);
	__u8 one = 1;

	if (on_list && how != UF_GONE)
		bpf_map_update_elem(&uf_tracked, &obj, &one, BPF_ANY);
	else if (was && how != UF_KEEP)
		bpf_map_delete_elem(&uf_tracked, &obj);
	return was || on_list;
}

static __always_inline struct wr_uf_event *reserve(__u16 hook)
{
	struct wr_uf_event *e = bpf_ringbuf_reserve(&uf_events, sizeof(*e), 0);

	if (!e) {
		__sync_fetch_and_add(&uf_drops, 1);
		count_event(hook, false);
	}
	return e;
}

/* Who, when, where from, and the device of DRM; the caller sets the rest. */
static __always_inline void fill(void *ctx, struct wr_uf_event *e, __u16 hook, __u8 driver,
				 struct drm_device *drm)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct device *dev;
	const char *name;
	int i;

	e->ts_ns = bpf_ktime_get_ns();
	e->obj = 0;
	e->drm = (__u64)drm;
	e->size = 0;
	for (i = 0; i < WR_UF_MAX_LEFT; i++) {
		e->left[i] = 0;
		e->left_list[i] = 0;
	}
	e->pid = (__u32)id;
	e->tgid = id >> 32;
	e->drops = uf_drops;
	e->userfault_count = 0;
	e->ret = 0;
	e->flags = 0;
	e->hook = hook;
	e->driver = driver;
	e->mmap_type = 0;
	e->nr_left = 0;
	e->list = 0;
	e->pad[0] = e->pad[1] = 0;
	e->pad2 = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	e->dev[0] = 0;
	dev = drm ? BPF_CORE_READ(drm, dev) : NULL;
	name = dev ? BPF_CORE_READ(dev, kobj.name) : NULL;
	if (name)
		bpf_probe_read_kernel_str(e->dev, sizeof(e->dev), name);
	e->nr_frames = bpf_get_stack(ctx, e->stack, sizeof(e->stack), 0);
	if (e->nr_frames > 0) {
		e->nr_frames /= sizeof(e->stack[0]);
		put_back_fn(ctx, e->stack, e->nr_frames);
	} else {
		count_stack_error(hook);
	}
}

static __always_inline void submit(struct wr_uf_event *e, __u16 hook)
{
	bpf_ringbuf_submit(e, wakeup_flags(&uf_events, UF_EVENTS_BYTES, sizeof(*e)));
	count_event(hook, true);
}

/* --- i915 ------------------------------------------------------------------ */

/*
 * An i915 object's state now: on a list iff userfault_count > 0 and its
 * link is linked (both lists share obj->userfault_link).  GONE: the object
 * is about to be freed (HOW).  Sent only for objects tracked or listed.
 */
static __always_inline int i915_obj_event(void *ctx, __u16 hook, __u64 obj_addr, __u32 ret,
					  int mmap_type, enum uf_follow how)
{
	struct drm_i915_gem_object___uf *obj = (void *)obj_addr;
	struct wr_uf_event *e;
	__u32 count = 0;
	bool on;

	if (!obj_addr)
		return 0;
	if (bpf_core_field_exists(obj->userfault_count))
		count = BPF_CORE_READ(obj, userfault_count);
	on = count && linked((__u64)&obj->userfault_link);
	if (!follow(obj_addr, on, how))
		return 0;
	e = reserve(hook);
	if (!e)
		return 0;
	fill(ctx, e, hook, WR_DRV_I915, BPF_CORE_READ(obj, base.dev));
	e->obj = obj_addr;
	e->size = BPF_CORE_READ(obj, base.size);
	e->userfault_count = count;
	e->flags |= WR_UFF_COUNT | (on ? WR_UFF_LINKED : 0);
	e->ret = ret;
	if (mmap_type >= 0) {
		e->mmap_type = mmap_type;
		e->flags |= WR_UFF_MMAP_TYPE;
	}
	submit(e, hook);
	return 0;
}

static __always_inline __u32 fault_ret(void *ctx)
{
	__u64 ret = 0;

	bpf_get_func_ret(ctx, &ret);
	return (__u32)ret;
}

/* The vm_private_data of the faulting mapping. */
static __always_inline __u64 fault_private(void *ctx)
{
	struct vm_fault *vmf = (void *)arg(ctx, 0);

	return (__u64)BPF_CORE_READ(vmf, vma, vm_private_data);
}

/* vm_fault_gtt: vm_private_data is the struct i915_mmap_offset */
SEC("fexit")
int BPF_PROG(uf_i915_fault_gtt)
{
	struct i915_mmap_offset___uf *mmo = (void *)fault_private(ctx);
	int type = -1;

	if (!mmo)
		return 0;
	if (bpf_core_field_exists(mmo->mmap_type))
		type = BPF_CORE_READ(mmo, mmap_type);
	return i915_obj_event(ctx, WR_HOOK_UF_I915_FAULT_GTT, (__u64)BPF_CORE_READ(mmo, obj),
			      fault_ret(ctx), type, UF_UNTRACK);
}

/* vm_fault_ttm: vm_private_data is the object's ttm_buffer_object */
SEC("fexit")
int BPF_PROG(uf_i915_fault_ttm)
{
	__u64 bo = fault_private(ctx);
	struct drm_i915_gem_object___uf *obj = NULL;

	if (!bo)
		return 0;
	return i915_obj_event(ctx, WR_HOOK_UF_I915_FAULT_TTM,
			      bo - bpf_core_field_offset(obj->__do_not_access), fault_ret(ctx), -1,
			      UF_UNTRACK);
}

SEC("fexit")
int BPF_PROG(uf_i915_revoke)
{
	struct i915_vma___uf *vma = (void *)arg(ctx, 0);

	/* __i915_gem_object_release_mmap_gtt() revokes each vma: its record follows */
	return i915_obj_event(ctx, WR_HOOK_UF_I915_REVOKE, (__u64)BPF_CORE_READ(vma, obj), 0, -1,
			      UF_KEEP);
}

SEC("fexit")
int BPF_PROG(uf_i915_release_gtt)
{
	return i915_obj_event(ctx, WR_HOOK_UF_I915_RELEASE_GTT, arg(ctx, 0), 0, -1, UF_UNTRACK);
}

SEC("fexit")
int BPF_PROG(uf_i915_unmap_virtual)
{
	return i915_obj_event(ctx, WR_HOOK_UF_I915_UNMAP_VIRTUAL, arg(ctx, 0), 0, -1, UF_UNTRACK);
}

SEC("fexit")
int BPF_PROG(uf_i915_rpm_release)
{
	return i915_obj_event(ctx, WR_HOOK_UF_I915_RPM_RELEASE, arg(ctx, 0), 0, -1, UF_UNTRACK);
}

/* i915_gem_free_object(struct drm_gem_object *): the GEM object is obj->base */
SEC("fentry")
int BPF_PROG(uf_i915_free)
{
	struct drm_i915_gem_object___uf *obj = NULL;
	__u64 gem = arg(ctx, 0);

	if (!gem)
		return 0;
	/* the object is still on a list: its removal, maybe in a worker, follows */
	return i915_obj_event(ctx, WR_HOOK_UF_I915_FREE, gem - bpf_core_field_offset(obj->base), 0,
			      -1, UF_KEEP);
}

/*
 * Remember at most WR_UF_MAX_LEFT objects of the list at HEAD, whose
 * entries are linked LINK_OFF bytes into the object.
 */
static __always_inline void walk_list(struct wr_uf_event *e, __u64 head, __u64 link_off,
				      __u8 list)
{
	__u64 pos = 0;
	int i;

	if (!head || bpf_probe_read_kernel(&pos, sizeof(pos), (void *)head))
		return;
	if (pos && pos != head)
		e->flags |= WR_UFF_NONEMPTY(list);
	for (i = 0; i < WR_UF_MAX_LEFT + 1; i++) {
		if (!pos || pos == head)
			return;
		if (e->nr_left >= WR_UF_MAX_LEFT) {
			e->flags |= WR_UFF_TRUNCATED;
			return;
		}
		e->left[e->nr_left & (WR_UF_MAX_LEFT - 1)] = pos - link_off;
		e->left_list[e->nr_left & (WR_UF_MAX_LEFT - 1)] = list;
		e->nr_left++;
		if (bpf_probe_read_kernel(&pos, sizeof(pos), (void *)pos))
			return;
	}
}

static __always_inline int i915_suspend(void *ctx, __u16 hook, bool exit)
{
	struct drm_i915_private___uf *i915 = (void *)arg(ctx, 0);
	struct drm_i915_gem_object___uf *obj = NULL;
	struct intel_runtime_pm___uf *rpm;
	struct intel_gt___uf *gt;
	struct wr_uf_event *e;
	__u64 lmem = 0, off;

	if (!i915)
		return 0;
	e = reserve(hook);
	if (!e)
		return 0;
	fill(ctx, e, hook, WR_DRV_I915, &i915->drm);
	if (!exit)
		goto out;
	off = bpf_core_field_offset(obj->userfault_link);
	gt = BPF_CORE_READ(i915, gt[0]);
	if (gt && bpf_core_field_exists(gt->ggtt)) {
		struct i915_ggtt___uf *ggtt = BPF_CORE_READ(gt, ggtt);

		if (ggtt)
			walk_list(e, (__u64)&ggtt->userfault_list, off, WR_UF_LIST_GGTT);
	}
	rpm = &i915->runtime_pm;
	if (bpf_core_field_exists(rpm->lmem_userfault_list))
		lmem = (__u64)&rpm->lmem_userfault_list;
	else if (gt && bpf_core_field_exists(gt->lmem_userfault_list))
		lmem = (__u64)&gt->lmem_userfault_list;
	walk_list(e, lmem, off, WR_UF_LIST_LMEM);
	e->flags |= WR_UFF_HEADS_READ;
out:
	submit(e, hook);
	return 0;
}

SEC("fentry")
int BPF_PROG(uf_i915_suspend_enter)
{
	return i915_suspend(ctx, WR_HOOK_UF_I915_SUSPEND_ENTER, false);
}

SEC("fexit")
int BPF_PROG(uf_i915_suspend_exit)
{
	return i915_suspend(ctx, WR_HOOK_UF_I915_SUSPEND_EXIT, true);
}

/* --- xe -------------------------------------------------------------------- */

/* An xe BO's state now: on the VRAM list iff its link is linked (xe keeps no count). */
static __always_inline int xe_bo_event(void *ctx, __u16 hook, __u64 bo_addr, __u32 ret,
				       enum uf_follow how)
{
	struct xe_bo___uf *bo = (void *)bo_addr;
	struct wr_uf_event *e;
	bool on;

	if (!bo_addr)
		return 0;
	on = linked((__u64)&bo->vram_userfault_link);
	if (!follow(bo_addr, on, how))
		return 0;
	e = reserve(hook);
	if (!e)
		return 0;
	fill(ctx, e, hook, WR_DRV_XE, BPF_CORE_READ(bo, ttm.base.dev));
	e->obj = bo_addr;
	e->size = BPF_CORE_READ(bo, ttm.base.size);
	e->flags |= on ? WR_UFF_LINKED : 0;
	e->ret = ret;
	submit(e, hook);
	return 0;
}

/* The BO of a fault: vm_private_data is its ttm_buffer_object. */
static __always_inline int xe_fault(void *ctx, __u16 hook)
{
	struct xe_bo___uf *bo = NULL;
	__u64 tbo = fault_private(ctx);

	if (!tbo)
		return 0;
	return xe_bo_event(ctx, hook, tbo - bpf_core_field_offset(bo->ttm), fault_ret(ctx), UF_UNTRACK);
}

SEC("fexit")
int BPF_PROG(uf_xe_gem_fault)
{
	return xe_fault(ctx, WR_HOOK_UF_XE_GEM_FAULT);
}

SEC("fexit")
int BPF_PROG(uf_xe_cpu_fault)
{
	return xe_fault(ctx, WR_HOOK_UF_XE_CPU_FAULT);
}

SEC("fexit")
int BPF_PROG(uf_xe_rpm_release)
{
	return xe_bo_event(ctx, WR_HOOK_UF_XE_RPM_RELEASE, arg(ctx, 0), 0, UF_UNTRACK);
}

SEC("fexit")
int BPF_PROG(uf_xe_move_notify)
{
	return xe_bo_event(ctx, WR_HOOK_UF_XE_MOVE_NOTIFY, arg(ctx, 0), 0, UF_UNTRACK);
}

/* xe_ttm_bo_destroy(struct ttm_buffer_object *): the BO is freed on return */
SEC("fentry")
int BPF_PROG(uf_xe_destroy)
{
	struct xe_bo___uf *bo = NULL;
	__u64 tbo = arg(ctx, 0);

	if (!tbo)
		return 0;
	return xe_bo_event(ctx, WR_HOOK_UF_XE_DESTROY, tbo - bpf_core_field_offset(bo->ttm), 0,
			   UF_GONE);
}

static __always_inline int xe_suspend(void *ctx, __u16 hook, bool exit)
{
	struct xe_device___uf *xe = (void *)arg(ctx, 0);
	struct xe_bo___uf *bo = NULL;
	struct wr_uf_event *e;

	if (!xe)
		return 0;
	e = reserve(hook);
	if (!e)
		return 0;
	fill(ctx, e, hook, WR_DRV_XE, &xe->drm);
	if (exit && bpf_core_field_exists(xe->mem_access.vram_userfault.list)) {
		walk_list(e, (__u64)&xe->mem_access.vram_userfault.list,
			  bpf_core_field_offset(bo->vram_userfault_link), WR_UF_LIST_VRAM);
		e->flags |= WR_UFF_HEADS_READ;
	}
	submit(e, hook);
	return 0;
}

SEC("fentry")
int BPF_PROG(uf_xe_suspend_enter)
{
	return xe_suspend(ctx, WR_HOOK_UF_XE_SUSPEND_ENTER, false);
}

SEC("fexit")
int BPF_PROG(uf_xe_suspend_exit)
{
	return xe_suspend(ctx, WR_HOOK_UF_XE_SUSPEND_EXIT, true);
}

/* --- the lists as they are at attach ---------------------------------------- */

/*
 * An object listed before tracing began left no fault record, and the
 * removal paths only report objects they know: so the frontend, once
 * attached, reads each GPU's power/runtime_active_time, whose
 * pm_runtime_active_time(dev) runs these with the device in hand (as
 * pmstate.bpf.c does).  They walk the driver's list heads, send one record
 * per object found and follow each one from then on.  The driver's locks
 * are not taken: a list changing under the walk can end it early, never
 * send a record that is not an object of the list's (each link is read
 * again from the object).
 */
__u32 uf_want_tgid = 0;		/* the frontend's, written before the read */
__u32 uf_want_driver = 0;	/* enum wr_driver of the device read */

struct uf_walk {
	__u64 head;		/* the list head */
	__u64 pos;		/* the next link */
	__u64 link_off;		/* the link's offset in the object */
	__u64 drm;
	__u64 dev;		/* struct device *: its name */
	__u16 hook;
	__u8 driver;
	__u8 list;
};

static __always_inline struct wr_uf_event *listed_record(struct uf_walk *w, __u64 obj)
{
	struct wr_uf_event *e = reserve(w->hook);
	__u64 id = bpf_get_current_pid_tgid();
	/*
	 * Out of the CO-RE read: inside it, w->dev would be relocated too,
	 * against struct uf_walk, which no kernel has, and the load fails.
	 */
	struct device *dev = (void *)w->dev;
	const char *name;
	int i;

	if (!e)
		return NULL;
	e->ts_ns = bpf_ktime_get_ns();
	e->obj = obj;
	e->drm = w->drm;
	e->size = 0;
	for (i = 0; i < WR_UF_MAX_LEFT; i++) {
		e->left[i] = 0;
		e->left_list[i] = 0;
	}
	e->pid = (__u32)id;
	e->tgid = id >> 32;
	e->drops = uf_drops;
	e->userfault_count = 0;
	e->ret = 0;
	e->flags = WR_UFF_LINKED;
	e->hook = w->hook;
	e->driver = w->driver;
	e->mmap_type = 0;
	e->nr_left = 0;
	e->list = w->list;
	e->pad[0] = e->pad[1] = 0;
	e->pad2 = 0;
	e->nr_frames = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	e->dev[0] = 0;
	name = BPF_CORE_READ(dev, kobj.name);
	if (name)
		bpf_probe_read_kernel_str(e->dev, sizeof(e->dev), name);
	return e;
}

/* The record of the object at W->pos; NULL ends the walk. */
static __always_inline struct wr_uf_event *walk_begin(struct uf_walk *w)
{
	if (!w->pos || w->pos == w->head)
		return NULL;
	return listed_record(w, w->pos - w->link_off);
}

/* Follow the object of E, send E, go to the next link: 0, or 1 to end. */
static __always_inline long walk_end(__u32 i, struct uf_walk *w, struct wr_uf_event *e)
{
	__u64 obj = e->obj, next = 0;
	__u8 one = 1;

	if (bpf_probe_read_kernel(&next, sizeof(next), (void *)w->pos))
		next = 0;
	if (i + 1 == WR_UF_ATTACH_MAX && next && next != w->head)
		e->flags |= WR_UFF_TRUNCATED;
	bpf_map_update_elem(&uf_tracked, &obj, &one, BPF_ANY);
	submit(e, w->hook);
	w->pos = next;
	return 0;
}

/* bpf_loop callbacks, one per driver: each reads only its driver's types */
static long walk_i915(__u32 i, struct uf_walk *w)
{
	struct wr_uf_event *e = walk_begin(w);
	struct drm_i915_gem_object___uf *obj;

	if (!e)
		return 1;
	obj = (void *)e->obj;
	e->size = BPF_CORE_READ(obj, base.size);
	/* only vm_fault_gtt puts objects on the GGTT list: their mmaps are GTT ones */
	if (w->list == WR_UF_LIST_GGTT) {
		e->mmap_type = I915_MMAP_TYPE_GTT___uf;
		e->flags |= WR_UFF_MMAP_TYPE;
	}
	if (bpf_core_field_exists(obj->userfault_count)) {
		e->userfault_count = BPF_CORE_READ(obj, userfault_count);
		e->flags |= WR_UFF_COUNT;
	}
	return walk_end(i, w, e);
}

static long walk_xe(__u32 i, struct uf_walk *w)
{
	struct wr_uf_event *e = walk_begin(w);
	struct xe_bo___uf *bo;

	if (!e)
		return 1;
	bo = (void *)e->obj;
	e->size = BPF_CORE_READ(bo, ttm.base.size);
	return walk_end(i, w, e);
}

/* I915: a constant, so that each program holds one driver's callback only */
static __always_inline void walk_at_attach(struct uf_walk *w, __u64 head, __u8 list, bool i915)
{
	__u64 first = 0;

	if (!head || bpf_probe_read_kernel(&first, sizeof(first), (void *)head))
		return;
	w->head = head;
	w->pos = first;
	w->list = list;
	if (i915)
		bpf_loop(WR_UF_ATTACH_MAX, walk_i915, w, 0);
	else
		bpf_loop(WR_UF_ATTACH_MAX, walk_xe, w, 0);
}

/* The device the frontend reads, if it is this driver's (its drvdata is &X->drm). */
static __always_inline void *listed_drvdata(void *ctx, __u8 driver, struct device **devp)
{
	struct device *dev = (void *)arg(ctx, 0);
	struct drm_device *drm;

	if (!dev || bpf_get_current_pid_tgid() >> 32 != uf_want_tgid || uf_want_driver != driver)
		return NULL;
	drm = BPF_CORE_READ(dev, driver_data);
	if (!drm || BPF_CORE_READ(drm, dev) != dev)
		return NULL;
	*devp = dev;
	return drm;
}

SEC("fentry")
int BPF_PROG(uf_i915_listed)
{
	struct drm_i915_gem_object___uf *obj = NULL;
	struct drm_i915_private___uf *i915 = NULL;
	struct uf_walk w = { .hook = WR_HOOK_UF_I915_LISTED, .driver = WR_DRV_I915 };
	struct intel_runtime_pm___uf *rpm;
	struct intel_gt___uf *gt;
	struct device *dev = NULL;
	__u64 drm = (__u64)listed_drvdata(ctx, WR_DRV_I915, &dev), lmem = 0;

	if (!drm || !bpf_core_field_exists(obj->userfault_link))
		return 0;
	i915 = (void *)(drm - bpf_core_field_offset(i915->drm));
	w.drm = drm;
	w.dev = (__u64)dev;
	w.link_off = bpf_core_field_offset(obj->userfault_link);
	gt = BPF_CORE_READ(i915, gt[0]);
	if (gt && bpf_core_field_exists(gt->ggtt)) {
		struct i915_ggtt___uf *ggtt = BPF_CORE_READ(gt, ggtt);

		if (ggtt)
			walk_at_attach(&w, (__u64)&ggtt->userfault_list, WR_UF_LIST_GGTT, true);
	}
	rpm = &i915->runtime_pm;
	if (bpf_core_field_exists(rpm->lmem_userfault_list))
		lmem = (__u64)&rpm->lmem_userfault_list;
	else if (gt && bpf_core_field_exists(gt->lmem_userfault_list))
		lmem = (__u64)&gt->lmem_userfault_list;
	walk_at_attach(&w, lmem, WR_UF_LIST_LMEM, true);
	return 0;
}

SEC("fentry")
int BPF_PROG(uf_xe_listed)
{
	struct uf_walk w = { .hook = WR_HOOK_UF_XE_LISTED, .driver = WR_DRV_XE };
	struct xe_device___uf *xe = NULL;
	struct xe_bo___uf *bo = NULL;
	struct device *dev = NULL;
	__u64 drm = (__u64)listed_drvdata(ctx, WR_DRV_XE, &dev);

	if (!drm || !bpf_core_field_exists(xe->mem_access.vram_userfault.list))
		return 0;
	xe = (void *)(drm - bpf_core_field_offset(xe->drm));
	w.drm = drm;
	w.dev = (__u64)dev;
	w.link_off = bpf_core_field_offset(bo->vram_userfault_link);
	walk_at_attach(&w, (__u64)&xe->mem_access.vram_userfault.list, WR_UF_LIST_VRAM,
		       false);
	return 0;
}
