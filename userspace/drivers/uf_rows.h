/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uf_rows.h - what each userfault row of the hook table means to the
 * userfault model (uf_rows.c): a fault that puts an object on a list, a
 * path that takes it off and why, a free, runtime suspend.
 */
#ifndef WR_DRIVERS_UF_ROWS_H
#define WR_DRIVERS_UF_ROWS_H

#include "wakeref.h"
#include "wr_userfault.h"

/* Why an object left its userfault list. */
enum uf_reason {
	UF_RM_REVOKE,		/* i915_vma_revoke_mmap: eviction, fence steal */
	UF_RM_RELEASE,		/* its mmap offset released (release_mmap_gtt, unmap_virtual, ...) */
	UF_RM_MOVE,		/* xe_bo_move_notify: moved out of VRAM */
	UF_RM_DESTROY,		/* the object was freed */
	UF_RM_DRAIN,		/* runtime suspend's drain */
	UF_RM_UNTRACED,		/* found off the list by a later record: a path not traced */
	UF_NR_REASONS,
};

enum uf_kind {
	UF_K_NONE,
	UF_K_FAULT,		/* a fault handler returned */
	UF_K_REMOVE,		/* a removal path returned (or is about to free) */
	UF_K_FREE,		/* i915_gem_free_object: removal to follow */
	UF_K_SUSPEND_ENTER,
	UF_K_SUSPEND_EXIT,
	UF_K_LISTED,		/* found on a list when tracing began (the record names it) */
};

struct uf_row {
	enum uf_kind kind;
	enum wr_uf_list list;
	enum uf_reason reason;	/* UF_K_REMOVE */
};

/* By hook; UF_K_NONE for the rows of other features. */
extern const struct uf_row uf_rows[WR_HOOK__COUNT];

#endif
