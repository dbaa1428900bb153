// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the owner-table snapshot (the daemon's journal compaction):
 * a table restored from its snapshot gives the same report, and goes on
 * pairing the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "kernel/ksyms.h"
#include "model/owners_snapshot.h"
#include "output/report.h"
#include "unit.h"

struct items {
	int n;
	struct { uint32_t kind; size_t size; uint8_t data[2048]; } v[64];
};

static int collect(void *ctx, uint32_t kind, const void *item, size_t size)
{
	struct items *it = ctx;

	if (it->n == 64 || size > sizeof(it->v[0].data))
		return -1;
	it->v[it->n].kind = kind;
	it->v[it->n].size = size;
	memcpy(it->v[it->n].data, item, size);
	it->n++;
	return 0;
}

static char *report_of(const struct wr_owners *ot, const struct ksyms *ks)
{
	struct report_opts ro = { .format = WR_FMT_TEXT, .now_ns = 5000000000ull };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	report__print(f, ot, ks, &ro);
	ro.format = WR_FMT_OWNERS;
	report__print(f, ot, ks, &ro);
	fclose(f);
	return buf;
}

static struct wr_owners *restore(const struct items *it)
{
	struct wr_owners *ot = owners__new(~0ull);
	int i;

	for (i = 0; i < it->n; i++)
		CHECK(!owners__restore(ot, it->v[i].kind, it->v[i].data, it->v[i].size));
	return ot;
}

static void restored_table_reports_the_same(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	struct wr_owners *ot = owners__new(~0ull), *back;
	struct items *it = calloc(1, sizeof(*it));
	char *a, *b;

	GET(ot, 1, F_LEAKY);
	GET(ot, 2, F_GEM_FAULT);
	PUT(ot, 2, F_GEM_FAULT);
	GET(ot, 3, F_CTL);
	apply(ot, RPM_DEV2, WR_EV_GET, WR_HOOK_I915_RPM_GET_RAW, 0, 4, F_LEAKY, ~0ull);
	CHECK(!owners__snapshot(ot, collect, it));
	/* table, 2 devices, 3 owners */
	CHECK_EQ_U64(it->n, 6);
	back = restore(it);
	a = report_of(ot, ks);
	b = report_of(back, ks);
	CHECK_STR(b, a);
	/* and both go on the same way */
	PUT(ot, 3, F_CTL);
	PUT(back, 3, F_CTL);
	free(a);
	free(b);
	a = report_of(ot, ks);
	b = report_of(back, ks);
	CHECK_STR(b, a);
	free(a);
	free(b);
	owners__free(ot);
	owners__free(back);
	free(it);
	ksyms__free(ks);
}

/*
 * Restored into a table whose spare owners were used before: every field
 * of a restored owner is the record's or cleared, none the spare's last
 * (one taken while its device was asleep, here).
 */
static void restored_owners_start_clean(void)
{
	struct wr_owners *ot = owners__new(~0ull), *back = owners__new(~0ull);
	struct items *it = calloc(1, sizeof(*it));
	const struct wr_owner *o;
	int i;

	GET(ot, 1, F_LEAKY);
	CHECK(!owners__snapshot(ot, collect, it));
	/* back: an owner taken asleep on another device, then released */
	apply(back, RPM_DEV2, WR_EV_GET, WR_HOOK_I915_RPM_GET_RAW, 0, 4, F_LEAKY, ~0ull);
	CHECK(back->devices && back->devices->head);
	back->devices->head->asleep = true;
	apply(back, RPM_DEV2, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_UNCHECKED, 0, 4, F_LEAKY, 0);
	CHECK_EQ_U64(back->devices->nr_owners, 0);
	for (i = 0; i < it->n; i++)
		if (it->v[i].kind != WR_SNAP_TABLE)
			CHECK(!owners__restore(back, it->v[i].kind, it->v[i].data,
					       it->v[i].size));
	CHECK(back->devices->next && back->devices->next->head);
	o = back->devices->next->head;
	CHECK_EQ_U64(o->caller, F_LEAKY);
	CHECK(!o->asleep);
	owners__free(ot);
	owners__free(back);
	free(it);
}

static void bad_items_are_refused(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	uint8_t junk[16] = { 0 };

	CHECK(owners__restore(ot, WR_SNAP_TABLE, junk, sizeof(junk)) < 0);
	CHECK(owners__restore(ot, WR_SNAP_DEVICE, junk, sizeof(junk)) < 0);
	CHECK(owners__restore(ot, 99, junk, sizeof(junk)) < 0);
	CHECK(ot->devices == NULL);
	owners__free(ot);
}

UNIT_MAIN("snapshot", T(restored_table_reports_the_same), T(restored_owners_start_clean),
	  T(bad_items_are_refused))
