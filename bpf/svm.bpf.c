// SPDX-License-Identifier: GPL-2.0
/*
 * svm.bpf.c - the GPU SVM (drm_gpusvm) view: GPU SVMs, their MMU interval
 * notifiers and ranges, invalidations and the driver's garbage collector.
 *
 * One record per traced call (include/wr_svm.h) into ring buffer
 * svm_events.  What a call touched is read back from the kernel's structs
 * with CO-RE after it ran (fexit) or before it undoes it (fentry of the
 * removals): the view never infers a range's flags from which functions ran.
 *
 * drm_gpusvm's own notifier and range insert/remove helpers are inlined in
 * every shipping build, so notifiers are seen where drm_gpusvm registers
 * them with the MM: mmu_interval_notifier_insert/remove, called by every
 * interval-notifier user of the kernel.  Those are kept when the notifier
 * is embedded in a struct drm_gpusvm_notifier whose gpusvm is a GPU SVM
 * seen here (map gpusvms) on the same mm: no address needs to be learnt.
 *
 * Layouts (bpf/README.md, GPU SVM): the range's flags are in range->flags
 * (6.17), range->pages.flags (6.18-7.2, struct drm_gpusvm_pages), or split
 * between range->flags and the driver range's pages.flags (7.3, xe:
 * struct xe_svm_range.pages).  The flavours below name each layout; every
 * read is guarded by bpf_core_field_exists(), so one object loads on all.
 * Arguments are read with bpf_get_func_arg(): some of these functions take
 * structs their module's BTF only forward-declares.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#define WR_STATS_EXTERN
#include "wr_common.bpf.h"
#include "wr_tramp.bpf.h"
#include "wr_svm.h"

char LICENSE[] SEC("license") = "GPL";

/* Module types (see wr_common.bpf.h): only the fields read here. */
struct drm_gpusvm {
	struct drm_device *drm;		/* gone in 7.3: the device is found through xe_vm */
	struct mm_struct *mm;
} __attribute__((preserve_access_index));

struct drm_gpusvm_notifier {
	struct drm_gpusvm *gpusvm;
	struct mmu_interval_notifier notifier;
	struct interval_tree_node itree;
} __attribute__((preserve_access_index));

/* Every flag any version has; each read checks that this kernel's has it. */
struct drm_gpusvm_range_flags {
	u16 migrate_devmem : 1;
	u16 unmapped : 1;
	u16 partial_unmap : 1;
	u16 has_devmem_pages : 1;
	u16 has_dma_mapping : 1;
} __attribute__((preserve_access_index));

struct drm_gpusvm_pages_flags {
	u16 migrate_devmem : 1;
	u16 unmapped : 1;
	u16 partial_unmap : 1;
	u16 has_devmem_pages : 1;
	u16 has_dma_mapping : 1;
} __attribute__((preserve_access_index));

struct drm_gpusvm_pages {
	struct drm_gpusvm_pages_flags flags;
} __attribute__((preserve_access_index));

/* what every version has */
struct drm_gpusvm_range {
	struct drm_gpusvm *gpusvm;
	struct drm_gpusvm_notifier *notifier;
	struct interval_tree_node itree;
} __attribute__((preserve_access_index));

/* 6.17: all flags in the range; 7.3: the range-level half of them */
struct drm_gpusvm_range___v617 {
	struct drm_gpusvm_range_flags flags;
} __attribute__((preserve_access_index));

/* 6.18-7.2: the pages, with every flag, inside the range */
struct drm_gpusvm_range___v618 {
	struct drm_gpusvm_pages pages;
} __attribute__((preserve_access_index));

/* 7.3: the pages moved into the driver's range */
struct xe_svm_range___v73 {
	struct drm_gpusvm_range base;
	struct drm_gpusvm_pages pages;
} __attribute__((preserve_access_index));

struct xe_svm_range {
	struct drm_gpusvm_range base;
} __attribute__((preserve_access_index));

struct xe_vm {
	struct xe_device *xe;
	struct {
		struct drm_gpusvm gpusvm;
	} svm;
} __attribute__((preserve_access_index));

#define SVM_EVENTS_BYTES	(2 << 20)		/* ~4000 records */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, SVM_EVENTS_BYTES);
} svm_events SEC(".maps");

/* The GPU SVMs (with an mm: not the userptr-only ones) seen: gpusvm -> mm. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, __u64);
} gpusvms SEC(".maps");

/* An invalidation in progress, per task: when the driver's callback began (lock held). */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);		/* pid_tgid */
	__type(value, __u64);		/* bpf_ktime_get_ns() */
} invalidating SEC(".maps");

/* Records asked for, sent or not: userspace counts the gaps. */
__u64 svm_seq = 0;

static __always_inline __u64 arg(void *ctx, __u32 n)
{
	__u64 v = 0;

	bpf_get_func_arg(ctx, n, &v);
	return v;
}

static __always_inline __s64 ret_of(void *ctx)
{
	__u64 v = 0;

	bpf_get_func_ret(ctx, &v);
	return (__s64)v;
}

/* An int return value, sign-extended (the upper half of the register is junk). */
static __always_inline __s64 int_ret(void *ctx)
{
	return (__s32)ret_of(ctx);
}

static __always_inline bool is_err(__u64 p)
{
	return p >= (__u64)-4095;
}

static __always_inline bool known_gpusvm(__u64 gpusvm)
{
	return gpusvm && bpf_map_lookup_elem(&gpusvms, &gpusvm);
}

/* A blank record of HOOK, or NULL when the ring buffer is full (counted). */
static __always_inline struct wr_svm_record *rec_new(__u16 hook)
{
	__u64 seq = __sync_fetch_and_add(&svm_seq, 1);
	__u64 id = bpf_get_current_pid_tgid();
	struct wr_svm_record *r;

	r = bpf_ringbuf_reserve(&svm_events, sizeof(*r), 0);
	if (!r) {
		count_event(hook, false);
		return NULL;
	}
	__builtin_memset(r, 0, __builtin_offsetof(struct wr_svm_record, stack));
	r->ts_ns = bpf_ktime_get_ns();
	r->seq = seq;
	r->hook = hook;
	r->pid = (__u32)id;
	r->tgid = id >> 32;
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	return r;
}

static __always_inline void rec_stack(void *ctx, struct wr_svm_record *r)
{
	r->nr_frames = bpf_get_stack(ctx, r->stack, sizeof(r->stack), 0);
	if (r->nr_frames > 0) {
		r->nr_frames /= sizeof(r->stack[0]);
		put_back_fn(ctx, r->stack, r->nr_frames);
	} else {
		count_stack_error(r->hook);
	}
}

static __always_inline int rec_send(struct wr_svm_record *r)
{
	__u16 hook = r->hook;

	bpf_ringbuf_submit(r, wakeup_flags(&svm_events, SVM_EVENTS_BYTES, sizeof(*r)));
	count_event(hook, true);
	return 0;
}

/* dev_name() of the GPU SVM's device: gpusvm->drm, or (7.3) its xe_vm's device. */
static __always_inline void read_dev(struct wr_svm_record *r, struct drm_gpusvm *gpusvm)
{
	struct device *dev = NULL;
	const char *name;

	if (bpf_core_field_exists(gpusvm->drm)) {
		dev = BPF_CORE_READ(gpusvm, drm, dev);
	} else if (bpf_core_field_exists(struct xe_vm, svm.gpusvm)) {
		struct xe_vm *vm = (void *)gpusvm - bpf_core_field_offset(struct xe_vm, svm.gpusvm);

		dev = BPF_CORE_READ(vm, xe, drm.dev);
	}
	if (!dev)
		return;
	name = BPF_CORE_READ(dev, kobj.name);
	if (name)
		bpf_probe_read_kernel_str(r->dev, sizeof(r->dev), name);
}

#define READ_FLAG(r, p, path, bit)						\
	do {									\
		if (bpf_core_field_exists(p->path)) {				\
			(r)->flags_valid |= (bit);				\
			if (BPF_CORE_READ_BITFIELD_PROBED(p, path))		\
				(r)->flags |= (bit);				\
		}								\
	} while (0)

/* The range's flags now, wherever this kernel keeps them. */
static __always_inline void read_flags(struct wr_svm_record *r, void *range)
{
	struct drm_gpusvm_range___v617 *r17 = range;
	struct drm_gpusvm_range___v618 *r18 = range;
	struct xe_svm_range___v73 *x73 = range;

	if (bpf_core_field_exists(r18->pages)) {
		READ_FLAG(r, r18, pages.flags.has_devmem_pages, WR_SVMF_HAS_DEVMEM_PAGES);
		READ_FLAG(r, r18, pages.flags.has_dma_mapping, WR_SVMF_HAS_DMA_MAPPING);
		READ_FLAG(r, r18, pages.flags.migrate_devmem, WR_SVMF_MIGRATE_DEVMEM);
		READ_FLAG(r, r18, pages.flags.partial_unmap, WR_SVMF_PARTIAL_UNMAP);
		READ_FLAG(r, r18, pages.flags.unmapped, WR_SVMF_UNMAPPED);
		return;
	}
	if (bpf_core_field_exists(r17->flags)) {
		READ_FLAG(r, r17, flags.has_devmem_pages, WR_SVMF_HAS_DEVMEM_PAGES);
		READ_FLAG(r, r17, flags.has_dma_mapping, WR_SVMF_HAS_DMA_MAPPING);
		READ_FLAG(r, r17, flags.migrate_devmem, WR_SVMF_MIGRATE_DEVMEM);
		READ_FLAG(r, r17, flags.partial_unmap, WR_SVMF_PARTIAL_UNMAP);
		READ_FLAG(r, r17, flags.unmapped, WR_SVMF_UNMAPPED);
	}
	/* 7.3: the pages' half (the range's own unmapped bit wins: it is set first) */
	if (bpf_core_field_exists(x73->pages)) {
		READ_FLAG(r, x73, pages.flags.has_devmem_pages, WR_SVMF_HAS_DEVMEM_PAGES);
		READ_FLAG(r, x73, pages.flags.has_dma_mapping, WR_SVMF_HAS_DMA_MAPPING);
	}
}

/* Everything about RANGE: its GPU SVM, notifier, intervals, flags, device. */
static __always_inline void read_range(struct wr_svm_record *r, struct drm_gpusvm_range *range)
{
	struct drm_gpusvm_notifier *notifier;

	r->range = (__u64)range;
	r->gpusvm = (__u64)BPF_CORE_READ(range, gpusvm);
	notifier = BPF_CORE_READ(range, notifier);
	r->notifier = (__u64)notifier;
	r->start = BPF_CORE_READ(range, itree.start);
	r->last = BPF_CORE_READ(range, itree.last);
	if (notifier) {
		r->nstart = BPF_CORE_READ(notifier, itree.start);
		r->nlast = BPF_CORE_READ(notifier, itree.last);
	}
	read_flags(r, range);
	read_dev(r, (void *)r->gpusvm);
}

/*
 * The range whose struct drm_gpusvm_pages PAGES is: inside the range
 * (6.18-7.2) or inside xe's range (7.3).  Callers check that the range
 * says GPUSVM: userptr pages (xe, 6.18+) are in no range.
 */
static __always_inline struct drm_gpusvm_range *pages_range(__u64 pages)
{
	if (bpf_core_field_exists(struct drm_gpusvm_range___v618, pages))
		return (void *)(pages - bpf_core_field_offset(struct drm_gpusvm_range___v618,
							      pages));
	if (bpf_core_field_exists(struct xe_svm_range___v73, pages))
		return (void *)(pages - bpf_core_field_offset(struct xe_svm_range___v73, pages) +
				bpf_core_field_offset(struct xe_svm_range___v73, base));
	return NULL;
}

/* ---- GPU SVM lifetime */

static __always_inline int gpusvm_created(void *ctx, __u16 hook, struct drm_gpusvm *gpusvm,
					  __s64 ret)
{
	struct wr_svm_record *r;
	__u64 mm;

	if (ret)
		return 0;
	mm = (__u64)BPF_CORE_READ(gpusvm, mm);
	if (mm)
		bpf_map_update_elem(&gpusvms, &gpusvm, &mm, BPF_ANY);
	r = rec_new(hook);
	if (!r)
		return 0;
	r->gpusvm = (__u64)gpusvm;
	r->mm = mm;
	read_dev(r, gpusvm);
	rec_stack(ctx, r);
	return rec_send(r);
}

SEC("fexit")
int svm_init(void *ctx)
{
	return gpusvm_created(ctx, WR_HOOK_SVM_INIT, (void *)arg(ctx, 0), int_ret(ctx));
}

SEC("fexit")
int svm_xe_init(void *ctx)
{
	struct xe_vm *vm = (void *)arg(ctx, 0);

	if (!bpf_core_field_exists(vm->svm.gpusvm))
		return 0;
	return gpusvm_created(ctx, WR_HOOK_SVM_XE_INIT, (void *)&vm->svm.gpusvm, int_ret(ctx));
}

static __always_inline int gpusvm_fini(__u16 hook, __u64 gpusvm, bool last)
{
	struct wr_svm_record *r;
	__u64 *mm = bpf_map_lookup_elem(&gpusvms, &gpusvm);

	if (!mm)
		return 0;
	r = rec_new(hook);
	if (r) {
		r->gpusvm = gpusvm;
		r->mm = *mm;
		read_dev(r, (void *)gpusvm);
		rec_send(r);
	}
	if (last)
		bpf_map_delete_elem(&gpusvms, &gpusvm);
	return 0;
}

SEC("fentry")
int svm_fini_enter(void *ctx)
{
	return gpusvm_fini(WR_HOOK_SVM_FINI_ENTER, arg(ctx, 0), false);
}

SEC("fexit")
int svm_fini_exit(void *ctx)
{
	return gpusvm_fini(WR_HOOK_SVM_FINI_EXIT, arg(ctx, 0), true);
}

/* ---- notifiers, as registered with the MM */

/* The drm_gpusvm_notifier around MNI, if it is one of a GPU SVM seen here (on MM). */
static __always_inline struct drm_gpusvm_notifier *gpusvm_notifier(__u64 mni, __u64 mm)
{
	struct drm_gpusvm_notifier *n;
	__u64 gpusvm, *svm_mm;

	if (!bpf_core_field_exists(struct drm_gpusvm_notifier, notifier))
		return NULL;	/* no drm_gpusvm on this kernel */
	n = (void *)(mni - bpf_core_field_offset(struct drm_gpusvm_notifier, notifier));
	gpusvm = (__u64)BPF_CORE_READ(n, gpusvm);
	svm_mm = gpusvm ? bpf_map_lookup_elem(&gpusvms, &gpusvm) : NULL;
	if (!svm_mm || (mm && *svm_mm != mm))
		return NULL;
	return n;
}

SEC("fexit")
int svm_notifier_insert(void *ctx)
{
	__u64 mni = arg(ctx, 0), mm = arg(ctx, 1), start = arg(ctx, 2), len = arg(ctx, 3);
	struct drm_gpusvm_notifier *n = gpusvm_notifier(mni, mm);
	struct wr_svm_record *r;

	if (!n)
		return 0;
	r = rec_new(WR_HOOK_SVM_NOTIFIER_INSERT);
	if (!r)
		return 0;
	r->notifier = (__u64)n;
	r->gpusvm = (__u64)BPF_CORE_READ(n, gpusvm);
	r->start = r->nstart = start;
	r->last = r->nlast = start + len - 1;
	r->ret = int_ret(ctx);
	read_dev(r, (void *)r->gpusvm);
	rec_stack(ctx, r);
	return rec_send(r);
}

SEC("fentry")
int svm_notifier_remove(void *ctx)
{
	__u64 mni = arg(ctx, 0);
	struct drm_gpusvm_notifier *n = gpusvm_notifier(mni, 0);
	struct wr_svm_record *r;

	if (!n)
		return 0;
	r = rec_new(WR_HOOK_SVM_NOTIFIER_REMOVE);
	if (!r)
		return 0;
	r->notifier = (__u64)n;
	r->gpusvm = (__u64)BPF_CORE_READ(n, gpusvm);
	r->start = r->nstart = BPF_CORE_READ(n, itree.start);
	r->last = r->nlast = BPF_CORE_READ(n, itree.last);
	read_dev(r, (void *)r->gpusvm);
	return rec_send(r);
}

/*
 * Invalidations.  drm_gpusvm_notifier_invalidate takes the notifier lock
 * for write, calls the driver's ops->invalidate and releases it as it
 * returns: from the driver's entry to that return, the lock is held.
 */
SEC("fentry")
int svm_xe_invalidate(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid(), now = bpf_ktime_get_ns();

	bpf_map_update_elem(&invalidating, &id, &now, BPF_ANY);
	return 0;
}

/* enum mmu_notifier_event, whatever its values on this kernel */
static __always_inline __u8 mmu_event(__u32 ev)
{
#define EV(name, wr)								\
	if (bpf_core_enum_value_exists(enum mmu_notifier_event, name) &&	\
	    ev == bpf_core_enum_value(enum mmu_notifier_event, name))		\
		return wr
	EV(MMU_NOTIFY_UNMAP, WR_SVM_EV_UNMAP);
	EV(MMU_NOTIFY_CLEAR, WR_SVM_EV_CLEAR);
	EV(MMU_NOTIFY_PROTECTION_VMA, WR_SVM_EV_PROTECTION_VMA);
	EV(MMU_NOTIFY_PROTECTION_PAGE, WR_SVM_EV_PROTECTION_PAGE);
	EV(MMU_NOTIFY_SOFT_DIRTY, WR_SVM_EV_SOFT_DIRTY);
	EV(MMU_NOTIFY_RELEASE, WR_SVM_EV_RELEASE);
	EV(MMU_NOTIFY_MIGRATE, WR_SVM_EV_MIGRATE);
	EV(MMU_NOTIFY_EXCLUSIVE, WR_SVM_EV_EXCLUSIVE);
#undef EV
	return WR_SVM_EV_OTHER;
}

SEC("fexit")
int svm_invalidate_exit(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid(), now = bpf_ktime_get_ns();
	struct mmu_notifier_range *mr = (void *)arg(ctx, 1);
	__u64 *locked = bpf_map_lookup_elem(&invalidating, &id);
	struct drm_gpusvm_notifier *n = gpusvm_notifier(arg(ctx, 0), 0);
	struct wr_svm_record *r;

	if (!n)
		goto out;
	r = rec_new(WR_HOOK_SVM_INVALIDATE_EXIT);
	if (!r)
		goto out;
	r->notifier = (__u64)n;
	r->gpusvm = (__u64)BPF_CORE_READ(n, gpusvm);
	r->nstart = BPF_CORE_READ(n, itree.start);
	r->nlast = BPF_CORE_READ(n, itree.last);
	r->start = BPF_CORE_READ(mr, start);
	r->last = BPF_CORE_READ(mr, end) - 1;
	r->event = mmu_event(BPF_CORE_READ(mr, event));
	r->ret = ret_of(ctx) & 0xff;		/* bool */
	if (locked && *locked && now > *locked)
		r->held_ns = now - *locked;
	read_dev(r, (void *)r->gpusvm);
	rec_send(r);
out:
	if (locked)
		bpf_map_delete_elem(&invalidating, &id);
	return 0;
}

/* ---- ranges */

static __always_inline int range_event(void *ctx, __u16 hook, struct drm_gpusvm_range *range,
				       __s64 ret, bool stack)
{
	struct wr_svm_record *r = rec_new(hook);

	if (!r)
		return 0;
	read_range(r, range);
	r->ret = ret;
	if (stack)
		rec_stack(ctx, r);
	return rec_send(r);
}

SEC("fexit")
int svm_range_insert(void *ctx)
{
	__u64 gpusvm = arg(ctx, 0), range = ret_of(ctx), mm;
	struct wr_svm_record *r;

	if (!range || is_err(range)) {
		/* a failed GPU fault: nothing made, say why */
		r = rec_new(WR_HOOK_SVM_RANGE_INSERT);
		if (!r)
			return 0;
		r->gpusvm = gpusvm;
		r->start = r->last = arg(ctx, 1);
		r->ret = range ? (__s64)range : -12;
		read_dev(r, (void *)gpusvm);
		return rec_send(r);
	}
	/* a GPU SVM from before we attached: learn it here */
	if (!known_gpusvm(gpusvm)) {
		mm = (__u64)BPF_CORE_READ((struct drm_gpusvm *)gpusvm, mm);
		if (mm)
			bpf_map_update_elem(&gpusvms, &gpusvm, &mm, BPF_ANY);
	}
	return range_event(ctx, WR_HOOK_SVM_RANGE_INSERT, (void *)range, 0, true);
}

SEC("fentry")
int svm_range_remove(void *ctx)
{
	return range_event(ctx, WR_HOOK_SVM_RANGE_REMOVE, (void *)arg(ctx, 1), 0, false);
}

SEC("fexit")
int svm_range_unmapped(void *ctx)
{
	return range_event(ctx, WR_HOOK_SVM_RANGE_UNMAPPED, (void *)arg(ctx, 0), 0, false);
}

SEC("fexit")
int svm_range_get_pages(void *ctx)
{
	return range_event(ctx, WR_HOOK_SVM_RANGE_GET_PAGES, (void *)arg(ctx, 1), int_ret(ctx),
			   false);
}

SEC("fexit")
int svm_range_unmap_pages(void *ctx)
{
	return range_event(ctx, WR_HOOK_SVM_RANGE_UNMAP_PAGES, (void *)arg(ctx, 1), 0, false);
}

SEC("fexit")
int svm_range_evict(void *ctx)
{
	return range_event(ctx, WR_HOOK_SVM_RANGE_EVICT, (void *)arg(ctx, 1), int_ret(ctx),
			   false);
}

/* 6.18+: the pages API, also used by xe's userptr (a GPU SVM without mm): skipped */
static __always_inline int pages_event(void *ctx, __u16 hook, __s64 ret)
{
	__u64 gpusvm = arg(ctx, 0);
	struct drm_gpusvm_range *range;

	if (!known_gpusvm(gpusvm))
		return 0;
	range = pages_range(arg(ctx, 1));
	if (!range || (__u64)BPF_CORE_READ(range, gpusvm) != gpusvm)
		return 0;
	return range_event(ctx, hook, range, ret, false);
}

SEC("fexit")
int svm_get_pages(void *ctx)
{
	return pages_event(ctx, WR_HOOK_SVM_GET_PAGES, int_ret(ctx));
}

SEC("fexit")
int svm_unmap_pages(void *ctx)
{
	return pages_event(ctx, WR_HOOK_SVM_UNMAP_PAGES, 0);
}

/* ---- xe: range memory (ops->range_alloc/free) and the garbage collector */

SEC("fexit")
int svm_xe_range_alloc(void *ctx)
{
	__u64 gpusvm = arg(ctx, 0), range = ret_of(ctx);
	struct wr_svm_record *r;

	if (!range || is_err(range) || !known_gpusvm(gpusvm))
		return 0;
	r = rec_new(WR_HOOK_SVM_XE_RANGE_ALLOC);
	if (!r)
		return 0;
	r->gpusvm = gpusvm;
	r->range = range;
	read_dev(r, (void *)gpusvm);
	rec_stack(ctx, r);
	return rec_send(r);
}

SEC("fentry")
int svm_xe_range_free(void *ctx)
{
	struct drm_gpusvm_range *range = (void *)arg(ctx, 0);
	struct wr_svm_record *r;
	__u64 gpusvm = (__u64)BPF_CORE_READ(range, gpusvm);

	if (!known_gpusvm(gpusvm))
		return 0;
	r = rec_new(WR_HOOK_SVM_XE_RANGE_FREE);
	if (!r)
		return 0;
	r->gpusvm = gpusvm;
	r->range = (__u64)range;
	read_dev(r, (void *)gpusvm);
	return rec_send(r);
}

static __always_inline struct drm_gpusvm_range *xe_range_base(__u64 xe_range)
{
	if (!bpf_core_field_exists(struct xe_svm_range, base))
		return NULL;
	return (void *)(xe_range + bpf_core_field_offset(struct xe_svm_range, base));
}

SEC("fentry")
int svm_xe_gc(void *ctx)
{
	struct drm_gpusvm_range *range = xe_range_base(arg(ctx, 1));

	return range ? range_event(ctx, WR_HOOK_SVM_XE_GC, range, 0, false) : 0;
}
