// SPDX-License-Identifier: GPL-2.0
/*
 * userfault.c - the userfault-list model (see userfault.h) and the view's
 * ops.
 *
 * Each record says what the object's own state was right after a fault or a
 * removal path (before, for destroy/free): linked to its list or not.  The
 * model follows that, not the function: an object is listed from the first
 * record that finds it linked until one finds it unlinked.  The function
 * only says which list (the fault handler's) and, for a removal, why.  A
 * removal while the device runs its suspend callback, from that task, is the
 * drain; one after i915_gem_free_object is the destroy.
 *
 * At suspend exit the driver's list heads say whether the lists are empty,
 * and name what is left: those are flagged as leftovers, and objects the
 * model still had that the driver's list does not are dropped as removed by
 * an untraced path.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/drivers.h"
#include "drivers/hooks.h"
#include "model/userfault.h"


static const char *const uf_list_names[WR_UF_NR_LISTS] = {
	[WR_UF_LIST_NONE] = "none",
	[WR_UF_LIST_GGTT] = "ggtt",
	[WR_UF_LIST_LMEM] = "lmem",
	[WR_UF_LIST_VRAM] = "vram",
};

static const char *const uf_reason_names[UF_NR_REASONS] = {
	[UF_RM_REVOKE] = "revoke",
	[UF_RM_RELEASE] = "release",
	[UF_RM_MOVE] = "move",
	[UF_RM_DESTROY] = "destroy",
	[UF_RM_DRAIN] = "drain",
	[UF_RM_UNTRACED] = "untraced",
};

const char *uf_list_name(enum wr_uf_list list)
{
	return list < WR_UF_NR_LISTS ? uf_list_names[list] : "?";
}

const char *uf_reason_name(enum uf_reason r)
{
	return r < UF_NR_REASONS ? uf_reason_names[r] : "?";
}

const enum wr_uf_list *uf_driver_lists(uint8_t driver)
{
	static const enum wr_uf_list none[] = { WR_UF_LIST_NONE };
	const struct wr_driver_info *d = drivers__info(driver);

	return d ? d->uf_lists : none;
}

static bool uf_list_of_driver(uint8_t driver, enum wr_uf_list list)
{
	const enum wr_uf_list *l;

	for (l = uf_driver_lists(driver); *l; l++)
		if (*l == list)
			return true;
	return false;
}

struct uf_model *uf_model_new(void)
{
	return calloc(1, sizeof(struct uf_model));
}

void uf_model_free(struct uf_model *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nr_devs; i++)
		free(m->devs[i].objs);
	free(m->devs);
	free(m);
}

struct uf_dev *uf_model_find_device(const struct uf_model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nr_devs; i++)
		if (!strcmp(m->devs[i].name, name))
			return &m->devs[i];
	return NULL;
}

struct uf_dev *uf_model_get_device(struct uf_model *m, const char *name, uint8_t driver)
{
	struct uf_dev *d = uf_model_find_device(m, name);

	if (d) {
		if (!d->driver)
			d->driver = driver;
		return d;
	}
	if (m->nr_devs == m->cap_devs) {
		size_t cap = m->cap_devs ? 2 * m->cap_devs : 4;
		struct uf_dev *devs = realloc(m->devs, cap * sizeof(*devs));

		if (!devs)
			return NULL;
		m->devs = devs;
		m->cap_devs = cap;
	}
	d = &m->devs[m->nr_devs++];
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->driver = driver;
	return d;
}

int uf_model_add_device(struct uf_model *m, const char *name, uint8_t driver)
{
	return uf_model_get_device(m, name, driver) ? 0 : -ENOMEM;
}

struct uf_obj *uf_dev_find_obj(const struct uf_dev *d, uint64_t addr)
{
	size_t i;

	for (i = 0; i < d->nr_objs; i++)
		if (d->objs[i].addr == addr)
			return &d->objs[i];
	return NULL;
}

size_t uf_dev_list_count(const struct uf_dev *d, enum wr_uf_list list)
{
	size_t i, n = 0;

	for (i = 0; i < d->nr_objs; i++)
		n += d->objs[i].list == list;
	return n;
}

struct uf_obj *uf_dev_add_obj(struct uf_dev *d, uint64_t addr, enum wr_uf_list list)
{
	struct uf_obj *o;

	if (d->nr_objs == d->cap_objs) {
		size_t cap = d->cap_objs ? 2 * d->cap_objs : 8;
		struct uf_obj *objs = realloc(d->objs, cap * sizeof(*objs));

		if (!objs)
			return NULL;
		d->objs = objs;
		d->cap_objs = cap;
	}
	o = &d->objs[d->nr_objs++];
	memset(o, 0, sizeof(*o));
	o->addr = addr;
	o->list = list;
	o->mmap_type = -1;
	return o;
}

static void remove_obj(struct uf_dev *d, struct uf_obj *o, enum uf_reason why, uint32_t pid)
{
	d->removed[why]++;
	d->last_rm_obj = o->addr;
	d->last_rm_pid = pid;
	d->last_rm_reason = why;
	*o = d->objs[--d->nr_objs];
}

/* Why OBJ left its list in record E of hook H. */
static enum uf_reason removal_reason(const struct uf_dev *d, const struct uf_obj *o,
				     const struct wr_uf_event *e, const struct uf_row *h)
{
	if (d->suspending && e->pid == d->suspend_pid)
		return UF_RM_DRAIN;
	if (o->dying)
		return UF_RM_DESTROY;
	return h->kind == UF_K_REMOVE ? h->reason : UF_RM_UNTRACED;
}

/* The origin of a newly listed object: the fault's task and stack. */
static void set_origin(struct uf_obj *o, const struct wr_uf_event *e)
{
	o->origin_known = true;
	o->added_ns = e->ts_ns;
	o->pid = e->pid;
	o->tgid = e->tgid;
	memcpy(o->comm, e->comm, sizeof(o->comm));
	o->comm[sizeof(o->comm) - 1] = 0;
	o->nr_frames = e->nr_frames > 0 ? e->nr_frames : 0;
	if (o->nr_frames > WR_MAX_FRAMES)
		o->nr_frames = WR_MAX_FRAMES;
	memcpy(o->stack, e->stack, o->nr_frames * sizeof(o->stack[0]));
}

static void on_object(struct uf_dev *d, const struct wr_uf_event *e, const struct uf_row *h)
{
	bool on = e->flags & WR_UFF_LINKED;
	struct uf_obj *o = uf_dev_find_obj(d, e->obj);
	/* found listed at attach: the record names the list */
	enum wr_uf_list list = h->kind == UF_K_LISTED ? e->list : h->list;

	if (h->kind == UF_K_FAULT) {
		d->faults++;
		if (d->suspending) {
			d->faults_in_suspend++;
			d->last_suspend_fault.obj = e->obj;
			d->last_suspend_fault.ts_ns = e->ts_ns;
			d->last_suspend_fault.pid = e->pid;
			memcpy(d->last_suspend_fault.comm, e->comm, WR_COMM_LEN);
			d->last_suspend_fault.comm[WR_COMM_LEN - 1] = 0;
		}
	}
	/* a revoke inside __i915_gem_object_release_mmap_gtt is that release's */
	if (!o && !on && h->kind == UF_K_REMOVE && h->reason == UF_RM_RELEASE &&
	    d->last_rm_obj == e->obj && d->last_rm_pid == e->pid &&
	    d->last_rm_reason == UF_RM_REVOKE) {
		d->removed[UF_RM_REVOKE]--;
		d->removed[UF_RM_RELEASE]++;
		d->last_rm_reason = UF_RM_RELEASE;
		return;
	}
	if (!on) {
		if (o)
			remove_obj(d, o, removal_reason(d, o, e, h), e->pid);
		return;
	}
	if (!o) {
		/* i915_gem_free_object of an object not seen listed: which list is unknown */
		if (list == WR_UF_LIST_NONE)
			return;
		o = uf_dev_add_obj(d, e->obj, list);
		if (!o)
			return;
		o->seen_ns = e->ts_ns;
		o->at_attach = h->kind == UF_K_LISTED;
		if (h->kind == UF_K_FAULT) {
			set_origin(o, e);
			d->added++;
			o->during_suspend = d->suspending;
		}
	}
	if (h->kind == UF_K_FAULT)
		o->faults++;
	if (e->size)
		o->size = e->size;
	if (e->flags & WR_UFF_COUNT) {
		o->userfault_count = e->userfault_count;
		o->count_known = true;
	}
	if (e->flags & WR_UFF_MMAP_TYPE)
		o->mmap_type = e->mmap_type;
	if (h->kind == UF_K_FREE)
		o->dying = true;
	/* destroy is traced at entry: linked now, freed on return */
	if (h->kind == UF_K_REMOVE && h->reason == UF_RM_DESTROY)
		remove_obj(d, o, removal_reason(d, o, e, h), e->pid);
}

static bool in_left(const struct wr_uf_event *e, unsigned int nr, uint64_t addr,
		    enum wr_uf_list list)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (e->left[i] == addr && e->left_list[i] == list)
			return true;
	return false;
}

/*
 * Suspend exit: the driver's lists are the truth.  An empty list empties
 * the model's; what is still on one is a leftover, known or not.
 */
static void on_suspend_exit(struct uf_dev *d, const struct wr_uf_event *e)
{
	unsigned int nr = e->nr_left < WR_UF_MAX_LEFT ? e->nr_left : WR_UF_MAX_LEFT, i;
	bool complete = !(e->flags & WR_UFF_TRUNCATED);
	size_t k;

	d->suspending = false;
	d->suspends++;
	d->heads_read = e->flags & WR_UFF_HEADS_READ;
	d->heads_nonempty = e->flags & (WR_UFF_NONEMPTY(WR_UF_LIST_GGTT) |
					WR_UFF_NONEMPTY(WR_UF_LIST_LMEM) |
					WR_UFF_NONEMPTY(WR_UF_LIST_VRAM));
	d->heads_ns = e->ts_ns;
	if (!d->heads_read)
		return;
	for (k = 0; k < d->nr_objs;) {
		struct uf_obj *o = &d->objs[k];
		bool listed = d->heads_nonempty & WR_UFF_NONEMPTY(o->list);

		if (listed && (in_left(e, nr, o->addr, o->list) || !complete)) {
			if (!o->leftover)
				d->leftovers++;
			o->leftover = true;
			k++;
			continue;
		}
		d->removed[UF_RM_UNTRACED]++;
		*o = d->objs[--d->nr_objs];
	}
	for (i = 0; i < nr; i++) {
		struct uf_obj *o;

		if (e->left_list[i] <= WR_UF_LIST_NONE || e->left_list[i] >= WR_UF_NR_LISTS ||
		    uf_dev_find_obj(d, e->left[i]))
			continue;
		o = uf_dev_add_obj(d, e->left[i], e->left_list[i]);
		if (!o)
			return;
		o->seen_ns = e->ts_ns;
		o->leftover = true;
		d->leftovers++;
	}
}

/* A record's own consistency: what the BPF side can never send. */
static bool well_formed(const struct wr_uf_event *e, const struct uf_row **h)
{
	if (e->hook >= WR_HOOK__COUNT || uf_rows[e->hook].kind == UF_K_NONE)
		return false;
	*h = &uf_rows[e->hook];
	if (e->driver != wr_hooks[e->hook].drv || e->nr_frames > WR_MAX_FRAMES ||
	    e->nr_left > WR_UF_MAX_LEFT)
		return false;
	if (((*h)->kind == UF_K_FAULT || (*h)->kind == UF_K_REMOVE || (*h)->kind == UF_K_FREE ||
	     (*h)->kind == UF_K_LISTED) && !e->obj)
		return false;
	/* listed at attach: on a list of its driver's */
	if ((*h)->kind == UF_K_LISTED &&
	    (!(e->flags & WR_UFF_LINKED) || e->list <= WR_UF_LIST_NONE ||
	     e->list >= WR_UF_NR_LISTS || !uf_list_of_driver(e->driver, e->list)))
		return false;
	return true;
}

void uf_model_record(struct uf_model *m, const void *data, size_t size)
{
	struct wr_uf_event e;
	const struct uf_row *h;
	char name[WR_DEV_LEN];
	struct uf_dev *d;

	if (!data || size < sizeof(e)) {
		m->malformed++;
		return;
	}
	memcpy(&e, data, sizeof(e));
	if (!well_formed(&e, &h)) {
		m->malformed++;
		return;
	}
	m->records++;
	if (e.drops > m->lost)
		m->lost = e.drops;
	memcpy(name, e.dev, sizeof(name));
	name[sizeof(name) - 1] = 0;
	if (!name[0])	/* the device's name was unreadable: its drm_device names it */
		snprintf(name, sizeof(name), "drm@0x%llx", (unsigned long long)e.drm);
	d = uf_model_get_device(m, name, e.driver);
	if (!d)
		return;
	d->drm = e.drm;
	switch (h->kind) {
	case UF_K_SUSPEND_ENTER:
		d->suspending = true;
		d->suspend_pid = e.pid;
		d->suspend_ns = e.ts_ns;
		break;
	case UF_K_SUSPEND_EXIT:
		on_suspend_exit(d, &e);
		break;
	default:
		on_object(d, &e, h);
		break;
	}
}

int uf_model_anomalies(const struct uf_model *m)
{
	size_t i, k;
	int n = 0;

	for (i = 0; i < m->nr_devs; i++) {
		const struct uf_dev *d = &m->devs[i];

		n += d->faults_in_suspend;
		for (k = 0; k < d->nr_objs; k++)
			n += d->objs[k].leftover;
	}
	return n;
}
