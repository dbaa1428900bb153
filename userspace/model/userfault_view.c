// SPDX-License-Identifier: GPL-2.0
/*
 * userfault_view.c - the userfault lists as a view of a session: the model
 * (userfault.c) seeded with the GPUs bound now, fed the view's records and
 * its journal snapshots (userfault_snapshot.c), printed by output/.
 */
#include <string.h>

#include "drivers/drivers.h"
#include "kernel/devices.h"
#include "model/userfault.h"

static uint8_t driver_of(const char *bound)
{
	const struct wr_driver_info *d = drivers__by_bound(bound);

	return d ? d->id : 0;
}

/*
 * The GPUs bound now have lists, empty until a record says otherwise: the
 * view prints them all, as the driver would, not only those with events.
 */
static void *uf_create(bool seed)
{
	struct uf_model *m = uf_model_new();
	struct wr_pm_state st[WR_MAX_DEVICES];
	int n, i;

	if (!m || !seed)
		return m;
	n = devices__discover(st, WR_MAX_DEVICES);
	for (i = 0; i < n; i++)
		if (driver_of(st[i].driver) && uf_model_add_device(m, st[i].name,
								  driver_of(st[i].driver))) {
			uf_model_free(m);
			return NULL;
		}
	return m;
}

static void uf_destroy(void *state)
{
	uf_model_free(state);
}

static void uf_on_record(void *state, const void *data, size_t size)
{
	/* the BPF side's records have their own size, a snapshot's never */
	if (size != sizeof(struct wr_uf_event) && uf_snapshot_restore(state, data, size))
		return;
	uf_model_record(state, data, size);
}

static int uf_frames(const void *data, size_t size, const uint64_t **stack)
{
	const struct wr_uf_event *e = data;

	if (size != sizeof(*e) || e->nr_frames <= 0)
		return 0;
	*stack = (const uint64_t *)e->stack;
	return e->nr_frames < WR_MAX_FRAMES ? e->nr_frames : WR_MAX_FRAMES;
}

static int uf_nr_anomalies(void *state, uint64_t now_ns)
{
	return uf_model_anomalies(state);
}

const struct wr_view_ops wr_userfault_view = {
	.name = "userfault",
	.feature = WR_FEAT_USERFAULT,
	.create = uf_create,
	.destroy = uf_destroy,
	.on_record = uf_on_record,
	.print_text = uf_print_text,
	.print_lines = uf_print_lines,
	.print_json = uf_print_json,
	.frames = uf_frames,
	.nr_anomalies = uf_nr_anomalies,
	.snapshot = uf_snapshot,
};
