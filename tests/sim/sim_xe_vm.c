// SPDX-License-Identifier: GPL-2.0
/*
 * VMs of the VM ioctls (xe_vm.c, 6.12).  A VM in long-running mode
 * (XE_VM_FLAG_LR_MODE: its jobs' scheduler references do not cover it)
 * takes xe_pm_runtime_get_noresume() in xe_vm_create(), under the create
 * ioctl's reference, and holds it for its whole life.  The destroy ioctl
 * closes the VM and drops its reference; the last one (xe_vm_free(), a kref
 * release) queues vm_destroy_work_func() on system_dfl_wq, which puts
 * the runtime-PM reference in the middle of the teardown (a call, not the
 * function's last act).  Built with sibling calls (Kbuild), as xe is.
 *
 * struct xe_vm is the one of the GPU SVM (sim_xe_svm.h), with the fields
 * this needs; those VMs come from the ctl commands below, the SVM's from
 * its device node.
 *
 * ctl: "vm_create DEV NAME [lr]", "vm_destroy DEV NAME" (returns once the
 * destroy work ran).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "sim.h"
#include "sim_paths.h"
#include "sim_xe.h"
#include "sim_xe_svm.h"

/* xe_vm.h */
struct xe_vm *xe_vm_create(struct xe_device *xe, u32 flags);

#define XE_VM_FLAG_64K		BIT(0)
#define XE_VM_FLAG_LR_MODE	BIT(1)

/* The device's VMs of the ioctls, by name. */
struct sim_xe_vms {
	struct mutex lock;
	struct list_head vms;
};

static __sim_frame void vm_destroy_work_func(struct work_struct *w)
{
	struct xe_vm *vm = container_of(w, struct xe_vm, destroy_work);
	struct xe_device *xe = vm->xe;
	struct completion *done = vm->sim_destroyed;

	/* xe_vm_close_and_put() was called: the VM is closed */
	if (vm->flags & XE_VM_FLAG_LR_MODE) {
		sim_oracle_put(sim_xe_to_gpu(xe), fetch_and_zero(&vm->sim_oracle_id));
		xe_pm_runtime_put(xe);
	}
	/* the page tables' teardown, the file's reference: nothing of runtime PM */
	kfree(vm);
	if (done)
		complete(done);
}

static __sim_frame void xe_vm_free(struct kref *ref)
{
	struct xe_vm *vm = container_of(ref, struct xe_vm, refcount);

	/* To destroy the VM we need to be able to sleep */
	queue_work(system_dfl_wq, &vm->destroy_work);
}

static inline void xe_vm_put(struct xe_vm *vm)
{
	kref_put(&vm->refcount, xe_vm_free);
}

static __sim_frame void xe_vm_close_and_put(struct xe_vm *vm)
{
	vm->size = 0;		/* xe_vm_close() */
	xe_vm_put(vm);
}

__sim_frame struct xe_vm *xe_vm_create(struct xe_device *xe, u32 flags)
{
	struct sim_gpu *gpu = sim_xe_to_gpu(xe);
	struct xe_vm *vm;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return ERR_PTR(-ENOMEM);
	vm->xe = xe;
	vm->size = 1ull << 48;
	vm->flags = flags;
	kref_init(&vm->refcount);
	init_rwsem(&vm->lock);
	INIT_WORK(&vm->destroy_work, vm_destroy_work_func);

	/*
	 * Long-running workloads are not protected by the scheduler's
	 * references: the VM holds one of its own.
	 */
	if (flags & XE_VM_FLAG_LR_MODE) {
		sim_oracle_arm_get(gpu, SIM_UNIT_XE);
		xe_pm_runtime_get_noresume(xe);
		vm->sim_oracle_id = sim_oracle_hold(gpu, _THIS_IP_, SIM_UNIT_XE, "lr_vm", 1);
	}
	/* the page tables, the scratch pages: nothing of runtime PM */
	return vm;
}

struct sim_vm_args {
	const char *name;
	bool lr;
	struct xe_vm *vm;		/* destroy: the VM */
};

static __sim_frame long xe_vm_create_ioctl(struct xe_device *xe, void *data)
{
	struct sim_vm_args *args = data;
	struct xe_vm *vm;

	vm = xe_vm_create(xe, args->lr ? XE_VM_FLAG_LR_MODE : 0);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	strscpy(vm->sim_name, args->name, sizeof(vm->sim_name));
	list_add_tail(&vm->sim_link, &xe->sim_vms->vms);
	return 0;
}

static __sim_frame long xe_vm_destroy_ioctl(struct xe_device *xe, void *data)
{
	struct sim_vm_args *args = data;

	list_del(&args->vm->sim_link);
	xe_vm_close_and_put(args->vm);
	return 0;
}

static struct xe_vm *sim_vm_find(struct xe_device *xe, const char *name)
{
	struct xe_vm *vm;

	list_for_each_entry(vm, &xe->sim_vms->vms, sim_link)
		if (!strcmp(vm->sim_name, name))
			return vm;
	return NULL;
}

int sim_xe_vm_create(struct xe_device *xe, const char *name, bool lr)
{
	struct sim_vm_args args = { .name = name, .lr = lr };
	long ret;

	mutex_lock(&xe->sim_vms->lock);
	if (sim_vm_find(xe, name)) {
		pr_info("%s: VM %s exists\n", dev_name(xe->drm.dev), name);
		ret = -EEXIST;
	} else {
		ret = xe_drm_ioctl(xe, xe_vm_create_ioctl, &args);
	}
	mutex_unlock(&xe->sim_vms->lock);
	return ret;
}

/* Destroy @vm and wait for its destroy work. */
static long sim_vm_destroy(struct xe_device *xe, struct xe_vm *vm, bool ioctl)
{
	struct sim_vm_args args = { .vm = vm };
	DECLARE_COMPLETION_ONSTACK(done);
	long ret;

	vm->sim_destroyed = &done;
	if (ioctl) {
		ret = xe_drm_ioctl(xe, xe_vm_destroy_ioctl, &args);
	} else {
		/* the file closed: xe_file_close() closes its VMs */
		list_del(&vm->sim_link);
		xe_vm_close_and_put(vm);
		ret = 0;
	}
	wait_for_completion(&done);
	return ret;
}

int sim_xe_vm_destroy(struct xe_device *xe, const char *name)
{
	struct xe_vm *vm;
	long ret;

	mutex_lock(&xe->sim_vms->lock);
	vm = sim_vm_find(xe, name);
	if (vm) {
		ret = sim_vm_destroy(xe, vm, true);
	} else {
		pr_info("%s: no VM %s\n", dev_name(xe->drm.dev), name);
		ret = -ENOENT;
	}
	mutex_unlock(&xe->sim_vms->lock);
	return ret;
}

int sim_xe_vm_init(struct xe_device *xe)
{
	struct sim_xe_vms *v = kzalloc(sizeof(*v), GFP_KERNEL);

	if (!v)
		return -ENOMEM;
	mutex_init(&v->lock);
	INIT_LIST_HEAD(&v->vms);
	xe->sim_vms = v;
	return 0;
}

/* The file closes: every VM goes. */
void sim_xe_vm_quiesce(struct xe_device *xe)
{
	struct sim_xe_vms *v = xe->sim_vms;
	struct xe_vm *vm;

	if (!v)
		return;
	mutex_lock(&v->lock);
	while ((vm = list_first_entry_or_null(&v->vms, struct xe_vm, sim_link)))
		sim_vm_destroy(xe, vm, false);
	mutex_unlock(&v->lock);
}

void sim_xe_vm_fini(struct xe_device *xe)
{
	sim_xe_vm_quiesce(xe);
	kfree(xe->sim_vms);
	xe->sim_vms = NULL;
}
