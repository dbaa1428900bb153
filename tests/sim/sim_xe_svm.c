// SPDX-License-Identifier: GPL-2.0
/*
 * xe's use of drm_gpusvm (xe_svm.c of 6.18, or of 7.3 where the sim runs
 * on 7.3's drm_gpusvm: SIM_GPUSVM_DRIVER_PAGES, Kbuild) in the simulation:
 * an xe device gets one VM with GPU SVM when a process binds
 * (WAKEREF_SIM_IOC_SVM_BIND): the GPU SVM mirrors that process's mm over
 * the bound range (the CPU address mirror VMA), with 2 MiB notifiers and
 * 64 KiB / 4 KiB ranges (xe: svm_notifier_size MiB, default 512; SZ_2M,
 * SZ_64K, SZ_4K).
 *
 *  - GPU faults (the ioctl, or ctl "svm_fault DEV ADDR") go through
 *    xe_svm_handle_pagefault(): run the garbage collector, then
 *    drm_gpusvm_range_find_or_insert() and xe_svm_range_get_pages():
 *    drm_gpusvm_range_get_pages() of the range (6.18), drm_gpusvm_get_pages()
 *    of xe's own pages of it (7.3);
 *  - xe_svm_invalidate() (gpusvm_ops.invalidate) unmaps the pages of every
 *    range hit (drm_gpusvm_range_unmap_pages(), 7.3: drm_gpusvm_unmap_pages())
 *    and, on MMU_NOTIFY_UNMAP, marks it unmapped (partially, if the munmap
 *    covered part of it) and queues it to the garbage collector;
 *  - the garbage collector (a work item, xe_svm_garbage_collector_work_func;
 *    with module parameter svm_gc_auto=0 only ctl "svm_gc" and the next
 *    fault run it) removes queued ranges, and a notifier with its last
 *    (7.3: unmapping the range's pages first, which drm_gpusvm_range_remove()
 *    no longer does; xe's range_free op frees them);
 *  - process exit: MMU_NOTIFY_RELEASE (pages unmapped, ranges kept), then
 *    exit_mmap's MMU_NOTIFY_UNMAP of every VMA (ranges queued, removed);
 *  - unbind (ioctl, ctl "svm_fini", unload): close the VM, flush the
 *    collector, xe_svm_fini(): drm_gpusvm_fini() (7.3: after unmapping the
 *    pages of every range left).
 *
 * Locks: sim_vm_lock (the device's VM pointer) -> vm->lock (xe's VM lock,
 * the driver lock of drm_gpusvm) -> the notifier lock.
 *
 * The owners file's lines, for every xe device:
 *   svm <dev> gpusvms=<n>                         GPU SVMs of the device (0 or 1 here)
 *   svm <dev> gpusvm=0x<addr> notifiers=<n> ranges=<n>   struct drm_gpusvm
 *   svm <dev> notifier 0x<start>-0x<last>         ascending, then
 *   svm <dev> range 0x<start>-0x<last> flags=<f>  ascending; f: the set ones of
 *        has_devmem_pages,has_dma_mapping,migrate_devmem,partial_unmap,unmapped
 *        in that (sorted) order, comma-separated, or "-"
 *   svm_stats <dev> faults=<n> invalidations=<n> releases=<n> unmapped=<n>
 *        gc_runs=<n> removed=<n>
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "sim.h"
#include "sim_xe_svm.h"

#define SIM_SVM_NOTIFIER_SIZE	SZ_2M

static const unsigned long fault_chunk_sizes[] = {
	SZ_64K,
	SZ_4K,
};

static struct xe_vm *gpusvm_to_vm(struct drm_gpusvm *gpusvm)
{
	return container_of(gpusvm, struct xe_vm, svm.gpusvm);
}

static struct xe_svm_range *to_xe_range(struct drm_gpusvm_range *r)
{
	return container_of(r, struct xe_svm_range, base);
}

/* Only guarded by the vm->lock (and, here, the notifier lock) */
static bool xe_vm_is_closed(struct xe_vm *vm)
{
	return !vm->size;
}

static struct sim_gpu *vm_to_gpu(struct xe_vm *vm)
{
	return sim_xe_to_gpu(vm->xe);
}

static __sim_frame struct drm_gpusvm_range *xe_svm_range_alloc(struct drm_gpusvm *gpusvm)
{
	struct xe_svm_range *range;

	range = kzalloc(sizeof(*range), GFP_KERNEL);
	if (!range)
		return NULL;

	INIT_LIST_HEAD(&range->garbage_collector_link);
#ifdef SIM_GPUSVM_DRIVER_PAGES
	drm_gpusvm_init_pages(&range->pages, &gpusvm_to_vm(gpusvm)->xe->drm);
#endif

	return &range->base;
}

static __sim_frame void xe_svm_range_free(struct drm_gpusvm_range *range)
{
#ifdef SIM_GPUSVM_DRIVER_PAGES
	drm_gpusvm_free_pages(range->gpusvm, &to_xe_range(range)->pages,
			      drm_gpusvm_range_size(range) >> PAGE_SHIFT);
#endif
	kfree(to_xe_range(range));
}

/* Notifier lock held for write. */
static void xe_svm_garbage_collector_add_range(struct xe_vm *vm, struct xe_svm_range *range,
					       const struct mmu_notifier_range *mmu_range)
{
#ifdef SIM_GPUSVM_DRIVER_PAGES
	drm_gpusvm_range_set_unmapped(&range->base, &range->pages, 1, mmu_range);
#else
	drm_gpusvm_range_set_unmapped(&range->base, mmu_range);
#endif
	atomic_inc(&vm_to_gpu(vm)->svm.unmapped);

	spin_lock(&vm->svm.garbage_collector.lock);
	if (list_empty(&range->garbage_collector_link))
		list_add_tail(&range->garbage_collector_link,
			      &vm->svm.garbage_collector.range_list);
	spin_unlock(&vm->svm.garbage_collector.lock);

	if (sim_svm_gc_auto)
		queue_work(system_dfl_wq, &vm->svm.garbage_collector.work);
}

/* Notifier lock held for write: a range's DMA mappings go, whatever the event. */
static void xe_svm_range_notifier_event_end(struct xe_vm *vm, struct drm_gpusvm_range *r,
					    const struct mmu_notifier_range *mmu_range)
{
	struct drm_gpusvm_ctx ctx = { .in_notifier = true, };

#ifdef SIM_GPUSVM_DRIVER_PAGES
	drm_gpusvm_unmap_pages(&vm->svm.gpusvm, &to_xe_range(r)->pages,
			       drm_gpusvm_range_size(r) >> PAGE_SHIFT, &ctx);
#else
	drm_gpusvm_range_unmap_pages(&vm->svm.gpusvm, r, &ctx);
#endif
	if (!xe_vm_is_closed(vm) && mmu_range->event == MMU_NOTIFY_UNMAP)
		xe_svm_garbage_collector_add_range(vm, to_xe_range(r), mmu_range);
}

static __sim_frame void xe_svm_invalidate(struct drm_gpusvm *gpusvm,
					  struct drm_gpusvm_notifier *notifier,
					  const struct mmu_notifier_range *mmu_range)
{
	struct xe_vm *vm = gpusvm_to_vm(gpusvm);
	struct sim_gpu *gpu = vm_to_gpu(vm);
	struct drm_gpusvm_range *r, *first;
	unsigned long adj_start, adj_end;

	atomic_inc(&gpu->svm.invalidations);
	if (mmu_range->event == MMU_NOTIFY_RELEASE)
		atomic_inc(&gpu->svm.releases);

	/* Adjust invalidation to notifier boundaries */
	adj_start = max(drm_gpusvm_notifier_start(notifier), mmu_range->start);
	adj_end = min(drm_gpusvm_notifier_end(notifier), mmu_range->end);

	first = drm_gpusvm_range_find(notifier, adj_start, adj_end);
	if (!first)
		return;

	/*
	 * xe zaps the GPU PTEs of the ranges hit and invalidates the TLBs,
	 * unless the VM is closed: nothing is bound here.  The DMA mappings
	 * go in any case.
	 */
	r = first;
	drm_gpusvm_for_each_range(r, notifier, adj_start, adj_end)
		xe_svm_range_notifier_event_end(vm, r, mmu_range);
}

static const struct drm_gpusvm_ops gpusvm_ops = {
	.range_alloc = xe_svm_range_alloc,
	.range_free = xe_svm_range_free,
	.invalidate = xe_svm_invalidate,
};

static __sim_frame int __xe_svm_garbage_collector(struct xe_vm *vm, struct xe_svm_range *range)
{
#ifdef SIM_GPUSVM_DRIVER_PAGES
	struct drm_gpusvm_ctx ctx = { .in_notifier = false, };
#endif

	/* xe unbinds the range from the GPU page tables first: nothing bound here */

#ifdef SIM_GPUSVM_DRIVER_PAGES
	/* 7.3: never off the notifier's tree while DMA mapped */
	drm_gpusvm_unmap_pages(&vm->svm.gpusvm, &range->pages,
			       drm_gpusvm_range_size(&range->base) >> PAGE_SHIFT, &ctx);
#endif
	drm_gpusvm_range_remove(&vm->svm.gpusvm, &range->base);
	atomic_inc(&vm_to_gpu(vm)->svm.removed);
	return 0;
}

static __sim_frame int xe_svm_garbage_collector(struct xe_vm *vm)
{
	struct xe_svm_range *range;
	int err;

	lockdep_assert_held_write(&vm->lock);
	atomic_inc(&vm_to_gpu(vm)->svm.gc_runs);

	spin_lock(&vm->svm.garbage_collector.lock);
	for (;;) {
		range = list_first_entry_or_null(&vm->svm.garbage_collector.range_list,
						 typeof(*range), garbage_collector_link);
		if (!range)
			break;

		list_del(&range->garbage_collector_link);
		spin_unlock(&vm->svm.garbage_collector.lock);

		err = __xe_svm_garbage_collector(vm, range);
		if (err)
			return err;

		spin_lock(&vm->svm.garbage_collector.lock);
	}
	spin_unlock(&vm->svm.garbage_collector.lock);

	return 0;
}

static __sim_frame void xe_svm_garbage_collector_work_func(struct work_struct *w)
{
	struct xe_vm *vm = container_of(w, struct xe_vm, svm.garbage_collector.work);

	down_write(&vm->lock);
	xe_svm_garbage_collector(vm);
	up_write(&vm->lock);
}

/* The GPU SVM of @vm, mirroring current's mm. */
__sim_frame int xe_svm_init(struct xe_vm *vm)
{
	int err;

	spin_lock_init(&vm->svm.garbage_collector.lock);
	INIT_LIST_HEAD(&vm->svm.garbage_collector.range_list);
	INIT_WORK(&vm->svm.garbage_collector.work, xe_svm_garbage_collector_work_func);

#ifdef SIM_GPUSVM_DRIVER_PAGES
	/* 7.3: the GPU SVM is the mm's side only; each range's pages know the device */
	err = drm_gpusvm_init(&vm->svm.gpusvm, "Xe SVM", current->mm, 0, vm->size,
			      SIM_SVM_NOTIFIER_SIZE, &gpusvm_ops, fault_chunk_sizes,
			      ARRAY_SIZE(fault_chunk_sizes));
#else
	err = drm_gpusvm_init(&vm->svm.gpusvm, "Xe SVM", &vm->xe->drm, current->mm, 0, vm->size,
			      SIM_SVM_NOTIFIER_SIZE, &gpusvm_ops, fault_chunk_sizes,
			      ARRAY_SIZE(fault_chunk_sizes));
#endif
	if (err)
		return err;

	drm_gpusvm_driver_set_lock(&vm->svm.gpusvm, &vm->lock);
	return 0;
}

/* The VM is closed: no invalidation queues ranges any more. */
__sim_frame void xe_svm_close(struct xe_vm *vm)
{
	flush_work(&vm->svm.garbage_collector.work);
}

__sim_frame void xe_svm_fini(struct xe_vm *vm)
{
#ifdef SIM_GPUSVM_DRIVER_PAGES
	struct drm_gpusvm_ctx ctx = {};
	struct drm_gpusvm_notifier *notifier, *next;
	struct drm_gpusvm_range *range, *__next;

	/* 7.3: drm_gpusvm_fini() removes the ranges, their pages are xe's to unmap */
	drm_gpusvm_for_each_notifier_safe(notifier, next, &vm->svm.gpusvm, 0, LONG_MAX) {
		drm_gpusvm_for_each_range_safe(range, __next, notifier, 0, LONG_MAX)
			drm_gpusvm_unmap_pages(&vm->svm.gpusvm, &to_xe_range(range)->pages,
					       drm_gpusvm_range_size(range) >> PAGE_SHIFT, &ctx);
	}
#endif
	drm_gpusvm_fini(&vm->svm.gpusvm);
}

/* The range's pages for the GPU: -EOPNOTSUPP (mixed placement) evicts it first. */
static __sim_frame int xe_svm_range_get_pages(struct xe_vm *vm, struct xe_svm_range *range,
					      struct drm_gpusvm_ctx *ctx)
{
	int err;

#ifdef SIM_GPUSVM_DRIVER_PAGES
	err = drm_gpusvm_get_pages(&vm->svm.gpusvm, &range->pages, vm->svm.gpusvm.mm,
				   &range->base.notifier->notifier,
				   drm_gpusvm_range_start(&range->base),
				   drm_gpusvm_range_end(&range->base), ctx);
#else
	err = drm_gpusvm_range_get_pages(&vm->svm.gpusvm, &range->base, ctx);
#endif
	if (err == -EOPNOTSUPP)
		drm_gpusvm_range_evict(&vm->svm.gpusvm, &range->base);

	return err;
}

/* vm->lock held for write.  @gt and @atomic are unused here. */
__sim_frame int xe_svm_handle_pagefault(struct xe_vm *vm, struct xe_vma *vma, struct xe_gt *gt,
					u64 fault_addr, bool atomic)
{
	struct drm_gpusvm_ctx ctx = {
		.read_only = xe_vma_read_only(vma),
		/* a discrete device that could migrate anonymous memory */
		.devmem_possible = true,
	};
	struct drm_gpusvm_range *r;
	int tries = 0, err;

	lockdep_assert_held_write(&vm->lock);
	atomic_inc(&vm_to_gpu(vm)->svm.faults);

retry:
	/* Always process UNMAPs first so view SVM ranges is current */
	err = xe_svm_garbage_collector(vm);
	if (err)
		return err;

	r = drm_gpusvm_range_find_or_insert(&vm->svm.gpusvm, fault_addr, xe_vma_start(vma),
					    xe_vma_end(vma), &ctx);
	if (IS_ERR(r))
		return PTR_ERR(r);

	err = xe_svm_range_get_pages(vm, to_xe_range(r), &ctx);
	/* Corner where CPU mappings have changed */
	if ((err == -EOPNOTSUPP || err == -EFAULT || err == -EPERM) && ++tries < 3)
		goto retry;

	/* xe binds the range into the GPU page tables here: nothing to bind */
	return err;
}

/* The device's VM with sim_vm_lock held; NULL and -ENODEV/-ENOENT if none. */
static struct xe_vm *sim_svm_vm(struct sim_gpu *gpu, int *err)
{
	struct xe_device *xe;

	if (gpu->driver != SIM_DRV_XE) {
		pr_info("%s: GPU SVM is xe's\n", sim_gpu_name(gpu));
		*err = -ENODEV;
		return NULL;
	}
	xe = sim_gpu_to_xe(gpu);
	mutex_lock(&xe->sim_vm_lock);
	if (!xe->sim_vm) {
		mutex_unlock(&xe->sim_vm_lock);
		pr_info("%s: no GPU SVM bound\n", sim_gpu_name(gpu));
		*err = -ENOENT;
	}
	return xe->sim_vm;
}

static void sim_svm_vm_unlock(struct sim_gpu *gpu)
{
	mutex_unlock(&sim_gpu_to_xe(gpu)->sim_vm_lock);
}

int sim_svm_bind(struct sim_gpu *gpu, u64 start, u64 size, bool read_only)
{
	struct xe_device *xe;
	struct xe_vm *vm;
	int ret;

	if (gpu->driver != SIM_DRV_XE)
		return -ENODEV;
	if (!current->mm || !size || !PAGE_ALIGNED(start) || !PAGE_ALIGNED(size) ||
	    start + size < start || start + size > TASK_SIZE)
		return -EINVAL;
	xe = sim_gpu_to_xe(gpu);

	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return -ENOMEM;
	vm->xe = xe;
	init_rwsem(&vm->lock);
	vm->size = TASK_SIZE;
	vm->sim_mirror.gpuva.va.addr = start;
	vm->sim_mirror.gpuva.va.range = size;
	vm->sim_mirror.gpuva.flags = read_only ? XE_VMA_READ_ONLY : 0;

	mutex_lock(&xe->sim_vm_lock);
	if (xe->sim_vm) {
		ret = -EBUSY;
	} else {
		ret = xe_svm_init(vm);
		if (!ret)
			xe->sim_vm = vm;
	}
	mutex_unlock(&xe->sim_vm_lock);
	if (ret)
		kfree(vm);
	return ret;
}

int sim_svm_fault(struct sim_gpu *gpu, u64 addr, u64 *start, u64 *last)
{
	struct drm_gpusvm_notifier *notifier;
	struct drm_gpusvm_range *range;
	struct xe_vm *vm;
	int ret;

	vm = sim_svm_vm(gpu, &ret);
	if (!vm)
		return ret;
	down_write(&vm->lock);
	ret = xe_svm_handle_pagefault(vm, &vm->sim_mirror, NULL, addr, false);
	if (!ret) {
		notifier = drm_gpusvm_notifier_find(&vm->svm.gpusvm, addr, addr + 1);
		range = notifier ? drm_gpusvm_range_find(notifier, addr, addr + 1) : NULL;
		*start = range ? drm_gpusvm_range_start(range) : 0;
		*last = range ? drm_gpusvm_range_end(range) - 1 : 0;
	}
	up_write(&vm->lock);
	sim_svm_vm_unlock(gpu);
	if (ret)
		pr_info("%s: GPU fault at %#llx: %d\n", sim_gpu_name(gpu), addr, ret);
	return ret;
}

/* What xe_svm_range_migrate_to_smem() / xe_svm_bo_evict() do to a range. */
int sim_svm_evict(struct sim_gpu *gpu, u64 addr)
{
	struct drm_gpusvm_notifier *notifier;
	struct drm_gpusvm_range *range = NULL;
	struct xe_vm *vm;
	int ret;

	vm = sim_svm_vm(gpu, &ret);
	if (!vm)
		return ret;
	down_write(&vm->lock);
	notifier = drm_gpusvm_notifier_find(&vm->svm.gpusvm, addr, addr + 1);
	if (notifier)
		range = drm_gpusvm_range_find(notifier, addr, addr + 1);
	ret = range ? drm_gpusvm_range_evict(&vm->svm.gpusvm, range) : -ENOENT;
	up_write(&vm->lock);
	sim_svm_vm_unlock(gpu);
	if (ret)
		pr_info("%s: evict at %#llx: %d%s\n", sim_gpu_name(gpu), addr, ret,
			range ? "" : " (no range there)");
	return ret;
}

int sim_svm_gc(struct sim_gpu *gpu)
{
	struct xe_vm *vm;
	int ret;

	vm = sim_svm_vm(gpu, &ret);
	if (!vm)
		return ret;
	down_write(&vm->lock);
	ret = xe_svm_garbage_collector(vm);
	up_write(&vm->lock);
	sim_svm_vm_unlock(gpu);
	return ret;
}

/* xe_vm_close_and_put(): close, flush the collector, tear down. */
int sim_svm_unbind(struct sim_gpu *gpu)
{
	struct xe_vm *vm;
	int ret;

	vm = sim_svm_vm(gpu, &ret);
	if (!vm)
		return ret;

	down_write(&vm->lock);
	xe_svm_garbage_collector(vm);
	down_write(&vm->svm.gpusvm.notifier_lock);
	vm->size = 0;
	up_write(&vm->svm.gpusvm.notifier_lock);
	up_write(&vm->lock);

	xe_svm_close(vm);

	down_write(&vm->lock);
	xe_svm_fini(vm);
	up_write(&vm->lock);

	sim_gpu_to_xe(gpu)->sim_vm = NULL;
	sim_svm_vm_unlock(gpu);
	kfree(vm);
	return 0;
}

/* Device remove. */
void sim_svm_remove(struct sim_gpu *gpu)
{
	if (READ_ONCE(sim_gpu_to_xe(gpu)->sim_vm))
		sim_svm_unbind(gpu);
}

/*
 * The flags of @range as drm_gpusvm keeps them, names sorted: all in
 * range->pages.flags (6.18); the MM's in range->flags and the pages' in
 * xe's pages of it (7.3; drm_gpusvm_range_set_unmapped() marks both
 * unmapped, the range's is printed).
 */
static const char *sim_svm_flags(struct drm_gpusvm_range *range, char *buf, size_t size)
{
	static const char * const names[] = {
		"has_devmem_pages", "has_dma_mapping", "migrate_devmem", "partial_unmap",
		"unmapped",
	};
#ifdef SIM_GPUSVM_DRIVER_PAGES
	struct drm_gpusvm_range_flags rf = { .__flags = READ_ONCE(range->flags.__flags) };
	struct drm_gpusvm_pages_flags pf = {
		.__flags = READ_ONCE(to_xe_range(range)->pages.flags.__flags),
	};
	bool set[] = {
		pf.has_devmem_pages, pf.has_dma_mapping, rf.migrate_devmem, rf.partial_unmap,
		rf.unmapped,
	};
#else
	struct drm_gpusvm_pages_flags f = { .__flags = READ_ONCE(range->pages.flags.__flags) };
	bool set[] = {
		f.has_devmem_pages, f.has_dma_mapping, f.migrate_devmem, f.partial_unmap,
		f.unmapped,
	};
#endif
	size_t len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (set[i])
			len += scnprintf(buf + len, size - len, "%s%s", len ? "," : "", names[i]);
	}
	return len ? buf : "-";
}

static void sim_svm_show_vm(struct seq_file *m, const char *name, struct xe_vm *vm)
{
	struct drm_gpusvm *gpusvm = &vm->svm.gpusvm;
	struct drm_gpusvm_notifier *notifier;
	struct drm_gpusvm_range *range;
	unsigned int nr_notifiers = 0, nr_ranges = 0;
	char buf[96];

	down_read(&vm->lock);
	drm_gpusvm_notifier_lock(gpusvm);
	list_for_each_entry(notifier, &gpusvm->notifier_list, entry) {
		nr_notifiers++;
		list_for_each_entry(range, &notifier->range_list, entry)
			nr_ranges++;
	}
	seq_printf(m, "svm %s gpusvm=0x%px notifiers=%u ranges=%u\n", name, gpusvm,
		   nr_notifiers, nr_ranges);
	list_for_each_entry(notifier, &gpusvm->notifier_list, entry)
		seq_printf(m, "svm %s notifier 0x%lx-0x%lx\n", name, notifier->itree.start,
			   notifier->itree.last);
	list_for_each_entry(notifier, &gpusvm->notifier_list, entry) {
		list_for_each_entry(range, &notifier->range_list, entry)
			seq_printf(m, "svm %s range 0x%lx-0x%lx flags=%s\n", name,
				   range->itree.start, range->itree.last,
				   sim_svm_flags(range, buf, sizeof(buf)));
	}
	drm_gpusvm_notifier_unlock(gpusvm);
	up_read(&vm->lock);
}

void sim_svm_show(struct seq_file *m, struct sim_gpu *gpu)
{
	struct xe_device *xe = sim_gpu_to_xe(gpu);
	const char *name = sim_gpu_name(gpu);
	struct sim_svm_stats *st = &gpu->svm;

	mutex_lock(&xe->sim_vm_lock);
	seq_printf(m, "svm %s gpusvms=%d\n", name, xe->sim_vm ? 1 : 0);
	if (xe->sim_vm)
		sim_svm_show_vm(m, name, xe->sim_vm);
	mutex_unlock(&xe->sim_vm_lock);

	seq_printf(m, "svm_stats %s faults=%d invalidations=%d releases=%d unmapped=%d",
		   name, atomic_read(&st->faults), atomic_read(&st->invalidations),
		   atomic_read(&st->releases), atomic_read(&st->unmapped));
	seq_printf(m, " gc_runs=%d removed=%d\n", atomic_read(&st->gc_runs),
		   atomic_read(&st->removed));
}
