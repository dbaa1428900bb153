/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulation's GEM plumbing, shared by its i915 and xe parts: what DRM
 * core and TTM would do for them (object lifetime, fake mmap offsets, the
 * device node, the address_space every mapping lives in), and the part of
 * each object that is the simulation's own (struct sim_gem, embedded in the
 * drm_gem_object stand-in as .sim; not in DRM).
 *
 * An object is made by ctl "gem_create DEV NAME KIND"; that reference is
 * its "handle", dropped by "gem_destroy".  Each mapping holds one more (the
 * drivers' vm_ops open/close), so an object outlives its handle while it is
 * mapped, as in DRM; the last put calls the driver's free function
 * (obj->funcs->free: i915_gem_free_object, xe's ttm destroy).
 */
#ifndef WAKEREF_SIM_GEM_H
#define WAKEREF_SIM_GEM_H

#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "sim_uapi.h"

struct drm_gem_object;
struct page;
struct seq_file;
struct sim_gpu;
struct vm_area_struct;

enum sim_gem_kind {
	SIM_GEM_GTT,			/* i915: shmem object mmapped through the GGTT */
	SIM_GEM_LMEM,			/* i915: TTM object in local memory (iomem) */
	SIM_GEM_VRAM,			/* xe: BO placed in VRAM */
	SIM_GEM_SYSTEM,			/* xe: BO in system memory */
	SIM_GEM_NR_KINDS
};

/* The simulation's part of a GEM object / BO: drm_gem_object.sim. */
struct sim_gem {
	struct list_head link;		/* sim_gem_dev.objects, under its lock */
	struct sim_gpu *gpu;
	char name[WAKEREF_SIM_NAME_LEN];
	enum sim_gem_kind kind;
	unsigned int npages;
	unsigned int chunk;		/* GTT: pages per GGTT view (npages: normal view) */
	u64 pgoff;			/* fake mmap offset, in pages */
	struct page **pages;		/* the backing store, inserted by the fault handlers */
	bool handle;			/* ctl's reference is still held */
	struct mutex resv;		/* stands in for the object's dma-resv lock */
};

/* What a driver provides to sim_gem.c; revoke, move NULL: it does not do that. */
struct sim_gem_funcs {
	unsigned int kinds;		/* BIT(enum sim_gem_kind) it makes */
	/* allocate, sim_gem_init() and set up; NULL-free ERR_PTR on error */
	struct drm_gem_object *(*create)(struct sim_gpu *gpu, enum sim_gem_kind kind,
					 unsigned int npages, unsigned int chunk);
	/* set vm_ops and vm_private_data, take the mapping's reference */
	int (*mmap)(struct drm_gem_object *obj, struct vm_area_struct *vma);
	int (*revoke)(struct drm_gem_object *obj, int vma);	/* vma < 0: every one */
	int (*release_mmap)(struct drm_gem_object *obj);
	int (*move)(struct drm_gem_object *obj, bool to_vram);
	/* the struct drm_i915_gem_object / struct xe_bo around @obj */
	void *(*driver_object)(struct drm_gem_object *obj);
	/* the driver's fields of a "gem" debugfs line */
	void (*show)(struct seq_file *m, struct drm_gem_object *obj);
};

/* One device's objects and node; sim_gpu.gem. */
struct sim_gem_dev {
	struct sim_gpu *gpu;
	const struct sim_gem_funcs *funcs;
	struct miscdevice misc;		/* /dev/<platform device name> */
	bool registered;
	struct mutex lock;		/* objects, next_pgoff */
	struct list_head objects;	/* struct sim_gem.link, oldest first */
	u64 next_pgoff;
};

const char *sim_gem_kind_name(enum sim_gem_kind kind);

/* sim_gem.c: lifetime */
int sim_gem_dev_init(struct sim_gpu *gpu, const struct sim_gem_funcs *funcs);
void sim_gem_dev_fini(struct sim_gpu *gpu);
int sim_gem_init(struct drm_gem_object *obj, struct sim_gpu *gpu, enum sim_gem_kind kind,
		 unsigned int npages);
void sim_gem_fini(struct drm_gem_object *obj);
struct drm_gem_object *sim_gem_lookup_offset(struct sim_gpu *gpu, unsigned long pgoff,
					     unsigned long npages);
int sim_gem_mmap_offset(struct sim_gpu *gpu, struct wakeref_sim_mmap_offset *arg);
vm_fault_t sim_gem_insert_page(struct vm_fault *vmf, struct drm_gem_object *obj,
			       pgoff_t page_offset);
void sim_gem_set_vm_flags(struct vm_area_struct *vma);
void sim_gem_debugfs_init(void);

/*
 * The owners file's userfault lines of one list: a driver collects up to
 * SIM_USERFAULT_MAX object addresses under the list's lock, then prints.
 */
#define SIM_USERFAULT_MAX	256
void sim_userfault_show(struct seq_file *m, struct sim_gpu *gpu, const char *list,
			unsigned long *objs, unsigned int n);

/* sim_gem.c: the ctl commands */
int sim_gem_create_cmd(struct sim_gpu *gpu, const char *name, enum sim_gem_kind kind,
		       unsigned int npages, unsigned int chunk);
int sim_gem_destroy_cmd(struct sim_gpu *gpu, const char *name);
int sim_gem_revoke_cmd(struct sim_gpu *gpu, const char *name, int vma);
int sim_gem_release_mmap_cmd(struct sim_gpu *gpu, const char *name);
int sim_gem_move_cmd(struct sim_gpu *gpu, const char *name, bool to_vram);
int sim_gem_kind_lookup(const char *name);

/* sim_node.c: the device node */
int sim_node_register(struct sim_gem_dev *gem);
void sim_node_unregister(struct sim_gem_dev *gem);

#endif /* WAKEREF_SIM_GEM_H */
