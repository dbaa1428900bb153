/* SPDX-License-Identifier: GPL-2.0 */
/*
 * userfault.h - the userfault-list view: per device, the objects on i915's
 * GGTT and lmem lists and xe's VRAM list, rebuilt from the records of
 * bpf/userfault.bpf.c (include/wr_userfault.h), with where each came from,
 * every way they left, and what runtime suspend left behind.
 *
 * userfault.c keeps the model, userfault_print.c prints it; the view's ops
 * (wr_userfault_view) are both.  The model trusts no record: a short or
 * malformed one is counted and dropped.
 */
#ifndef WR_USERFAULT_VIEW_H
#define WR_USERFAULT_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "drivers/uf_rows.h"
#include "model/view.h"
#include "wr_userfault.h"

/* How an object left its list. */

struct uf_obj {
	uint64_t addr;			/* struct drm_i915_gem_object * / struct xe_bo * */
	uint64_t size;			/* bytes, 0 if unknown */
	enum wr_uf_list list;
	int mmap_type;			/* i915 enum i915_mmap_type, -1 unknown */
	uint32_t userfault_count;	/* i915: last read */
	bool count_known;
	uint32_t faults;		/* faults seen while listed, the listing one included */
	bool origin_known;		/* false: listed before tracing, or by an untraced path */
	bool at_attach;			/* found on its list when tracing began (no origin) */
	uint64_t added_ns;		/* the fault that listed it (origin_known) */
	uint64_t seen_ns;		/* first record of it */
	uint32_t pid, tgid;
	char comm[WR_COMM_LEN];
	int nr_frames;
	uint64_t stack[WR_MAX_FRAMES];
	bool dying;			/* i915_gem_free_object ran: its removal is the destroy */
	bool during_suspend;		/* listed by a fault while its device suspended */
	bool leftover;			/* still listed after a runtime suspend */
};

/* A fault that returned while its device was runtime suspending. */
struct uf_suspend_fault {
	uint64_t obj;
	uint64_t ts_ns;
	uint32_t pid;
	char comm[WR_COMM_LEN];
};

struct uf_dev {
	char name[WR_DEV_LEN];
	uint8_t driver;			/* enum wr_driver, 0 unknown */
	uint64_t drm;			/* struct drm_device *, 0 unknown */
	struct uf_obj *objs;		/* every listed object, any list */
	size_t nr_objs, cap_objs;
	uint64_t faults;		/* fault records */
	uint64_t added;			/* objects put on a list by a traced fault */
	uint64_t removed[UF_NR_REASONS];
	uint64_t suspends;		/* runtime suspends seen to the end */
	bool suspending;		/* between suspend entry and exit */
	uint32_t suspend_pid;
	uint64_t suspend_ns;		/* entry of the current/last one */
	uint64_t faults_in_suspend;
	struct uf_suspend_fault last_suspend_fault;
	uint64_t leftovers;		/* objects found listed at a suspend exit, in all */
	/* the driver's own list heads at the last suspend exit */
	bool heads_read;
	uint32_t heads_nonempty;	/* WR_UFF_NONEMPTY(list) bits */
	uint64_t heads_ns;
	/* the last removal, so that a revoke inside a release counts as the release */
	uint64_t last_rm_obj;
	uint32_t last_rm_pid;
	enum uf_reason last_rm_reason;
};

struct uf_model {
	struct uf_dev *devs;
	size_t nr_devs, cap_devs;
	uint64_t records;		/* well-formed records */
	uint64_t malformed;		/* short, unknown hook, bad fields */
	uint32_t lost;			/* records the BPF side could not send */
};

struct uf_model *uf_model_new(void);
void uf_model_free(struct uf_model *m);
/* A device known before any record (sysfs); DRIVER enum wr_driver. -ENOMEM. */
int uf_model_add_device(struct uf_model *m, const char *name, uint8_t driver);
/* One record of uf_events. */
void uf_model_record(struct uf_model *m, const void *data, size_t size);

struct uf_dev *uf_model_find_device(const struct uf_model *m, const char *name);
/* NAME's device, made if new; NULL when out of memory. */
struct uf_dev *uf_model_get_device(struct uf_model *m, const char *name, uint8_t driver);
/* A new object at ADDR on LIST of D, zeroed but for them; NULL when out of memory. */
struct uf_obj *uf_dev_add_obj(struct uf_dev *d, uint64_t addr, enum wr_uf_list list);
struct uf_obj *uf_dev_find_obj(const struct uf_dev *d, uint64_t addr);
/* Objects on LIST of D. */
size_t uf_dev_list_count(const struct uf_dev *d, enum wr_uf_list list);
/* Objects flagged now: leftovers after a suspend, faults during one. */
int uf_model_anomalies(const struct uf_model *m);

const char *uf_list_name(enum wr_uf_list list);
const char *uf_reason_name(enum uf_reason r);
/* The lists a driver has, WR_UF_LIST_NONE-terminated. */
const enum wr_uf_list *uf_driver_lists(uint8_t driver);

/*
 * userfault_snapshot.c: the model as records that rebuild it (the daemon's
 * journal restarts from them), and their restore: true when DATA was one
 * (applied if it holds up, counted malformed if not).
 */
void uf_snapshot(void *state, void (*emit)(void *ctx, const void *rec, size_t size), void *ctx);
bool uf_snapshot_restore(struct uf_model *m, const void *data, size_t size);

/* userfault_print.c */
void uf_print_text(FILE *out, void *state, const struct ksyms *ks, uint64_t now_ns);
void uf_print_lines(FILE *out, void *state, const struct ksyms *ks);
void uf_print_json(struct jw *w, void *state, const struct ksyms *ks, uint64_t now_ns);

extern const struct wr_view_ops wr_userfault_view;

#endif
