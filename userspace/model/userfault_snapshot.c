// SPDX-License-Identifier: GPL-2.0
/*
 * userfault_snapshot.c - the userfault view's state as records that a new
 * state takes through on_record and becomes equal to it: one for the
 * model's counts, one per device (its counts and suspend state), one per
 * listed object.  The daemon's journal restarts from them when compacted,
 * so a restarted daemon keeps the lists and their history.
 *
 * A snapshot record read back comes from a file: each is checked as any
 * record is, and one that does not hold up is counted malformed.
 */
#include <string.h>

#include "drivers/drivers.h"
#include "model/userfault.h"

#define UF_SNAP_MAGIC	0x50414e53u	/* "SNAP" */

enum { UF_SNAP_MODEL = 1, UF_SNAP_DEV, UF_SNAP_OBJ };

struct uf_snap_hdr {
	uint32_t magic;
	uint32_t kind;
	char dev[WR_DEV_LEN];
};

struct uf_snap_model {
	struct uf_snap_hdr h;
	uint64_t records, malformed;
	uint32_t lost, pad;
};

struct uf_snap_dev {
	struct uf_snap_hdr h;
	struct uf_dev d;	/* objs, nr_objs and cap_objs zero */
};

struct uf_snap_obj {
	struct uf_snap_hdr h;
	struct uf_obj o;
};

/* told apart from the BPF side's records by their size */
_Static_assert(sizeof(struct uf_snap_model) != sizeof(struct wr_uf_event), "size");
_Static_assert(sizeof(struct uf_snap_dev) != sizeof(struct wr_uf_event), "size");
_Static_assert(sizeof(struct uf_snap_obj) != sizeof(struct wr_uf_event), "size");
/* and each fits a journal's view record (WR_REC_VIEW_MAX) */
_Static_assert(sizeof(struct uf_snap_dev) <= 960 && sizeof(struct uf_snap_obj) <= 960, "size");

static void hdr(struct uf_snap_hdr *h, uint32_t kind, const char *dev)
{
	h->magic = UF_SNAP_MAGIC;
	h->kind = kind;
	if (dev)
		memcpy(h->dev, dev, sizeof(h->dev));
}

void uf_snapshot(void *state, void (*emit)(void *ctx, const void *rec, size_t size), void *ctx)
{
	struct uf_model *m = state;
	struct uf_snap_model sm;
	struct uf_snap_dev sd;
	struct uf_snap_obj so;
	size_t i, j;

	memset(&sm, 0, sizeof(sm));
	hdr(&sm.h, UF_SNAP_MODEL, NULL);
	sm.records = m->records;
	sm.malformed = m->malformed;
	sm.lost = m->lost;
	emit(ctx, &sm, sizeof(sm));
	for (i = 0; i < m->nr_devs; i++) {
		const struct uf_dev *d = &m->devs[i];

		memset(&sd, 0, sizeof(sd));
		hdr(&sd.h, UF_SNAP_DEV, d->name);
		sd.d = *d;
		sd.d.objs = NULL;
		sd.d.nr_objs = sd.d.cap_objs = 0;
		emit(ctx, &sd, sizeof(sd));
		for (j = 0; j < d->nr_objs; j++) {
			memset(&so, 0, sizeof(so));
			hdr(&so.h, UF_SNAP_OBJ, d->name);
			so.o = d->objs[j];
			emit(ctx, &so, sizeof(so));
		}
	}
}

static bool valid_driver(uint8_t driver)
{
	return !driver || drivers__info(driver);
}

static bool restore_dev(struct uf_model *m, const char *name, const struct uf_dev *in)
{
	struct uf_dev *d;
	struct uf_obj *objs;
	size_t nr, cap;

	/* the device may be known already (from sysfs): it takes the snapshot's state */
	if (!valid_driver(in->driver) || in->last_rm_reason >= UF_NR_REASONS)
		return false;
	d = uf_model_get_device(m, name, in->driver);
	if (!d)
		return true;	/* out of memory: said as for any record */
	objs = d->objs;
	nr = d->nr_objs;
	cap = d->cap_objs;
	*d = *in;
	memcpy(d->name, name, sizeof(d->name));
	d->last_suspend_fault.comm[WR_COMM_LEN - 1] = 0;
	d->objs = objs;
	d->nr_objs = nr;
	d->cap_objs = cap;
	return true;
}

static bool restore_obj(struct uf_model *m, const char *name, const struct uf_obj *in)
{
	struct uf_dev *d = uf_model_find_device(m, name);
	struct uf_obj *o;

	if (!d || !in->addr || in->list <= WR_UF_LIST_NONE || in->list >= WR_UF_NR_LISTS ||
	    in->nr_frames > WR_MAX_FRAMES || uf_dev_find_obj(d, in->addr))
		return false;
	o = uf_dev_add_obj(d, in->addr, in->list);
	if (!o)
		return true;
	*o = *in;
	if (o->nr_frames < 0)
		o->nr_frames = 0;
	o->comm[WR_COMM_LEN - 1] = 0;
	return true;
}

bool uf_snapshot_restore(struct uf_model *m, const void *data, size_t size)
{
	struct uf_snap_hdr h;
	char name[WR_DEV_LEN];
	bool ok = false;

	if (!data || size < sizeof(h))
		return false;
	memcpy(&h, data, sizeof(h));
	if (h.magic != UF_SNAP_MAGIC)
		return false;
	memcpy(name, h.dev, sizeof(name));
	name[sizeof(name) - 1] = 0;
	if (h.kind == UF_SNAP_MODEL && size == sizeof(struct uf_snap_model)) {
		struct uf_snap_model sm;

		memcpy(&sm, data, sizeof(sm));
		m->records = sm.records;
		m->malformed = sm.malformed;
		m->lost = sm.lost;
		return true;
	}
	if (h.kind == UF_SNAP_DEV && size == sizeof(struct uf_snap_dev) && name[0]) {
		struct uf_snap_dev sd;

		memcpy(&sd, data, sizeof(sd));
		ok = restore_dev(m, name, &sd.d);
	} else if (h.kind == UF_SNAP_OBJ && size == sizeof(struct uf_snap_obj)) {
		struct uf_snap_obj so;

		memcpy(&so, data, sizeof(so));
		ok = restore_obj(m, name, &so.o);
	}
	if (!ok)
		m->malformed++;
	return true;
}
