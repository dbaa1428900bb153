// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of call-site attribution (site.c): owners above the API
 * layers, and a traced get/put that another traced one calls (the 6.19+
 * i915 display ops calling a global entry point on some builds) counted
 * once, by the outer hook.
 */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "kernel/ksyms.h"
#include "model/site.h"
#include "unit.h"

#define A_GLOBAL_GET	0xffffffffc0500010ull	/* intel_runtime_pm_get_noresume+0x10 */
#define A_GLOBAL_PUT	0xffffffffc0500110ull	/* intel_runtime_pm_put_unchecked+0x10 */
#define A_DISP_GET	0xffffffffc0500210ull	/* i915_display_rpm_get_noresume+0x10 */
#define A_DISP_PUT	0xffffffffc0500310ull	/* i915_display_rpm_put_unchecked+0x10 */
#define A_LAYER_GET	0xffffffffc0500410ull	/* intel_display_rpm_get_noresume+0x10 */
#define A_LAYER_PUT	0xffffffffc0500510ull	/* intel_display_rpm_put_unchecked+0x10 */
#define F_VDD_ON	0xffffffffc0500600ull
#define F_VDD_OFF	0xffffffffc0500700ull
#define A_BPF		0xffffffffc0100010ull

static struct ksyms *load(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms-i915-display.txt"));

	CHECK(ks != NULL);
	return ks;
}

/* One event of HOOK whose stack is FRAMES (innermost first, a BPF frame on top). */
static int feed(struct wr_owners *ot, const struct ksyms *ks, uint8_t type, uint16_t hook,
		const uint64_t *frames, int n, int32_t count, struct wr_site *site)
{
	struct wr_event e = mk_event(RPM_DEV, type, hook, WL, 42, type == WR_EV_PUT ? 0 : ~0ull);
	uint64_t buf[WR_MAX_FRAMES];
	int i;

	e.stack[0] = A_BPF;
	for (i = 0; i < n; i++)
		e.stack[i + 1] = frames[i];
	e.nr_frames = n + 1;
	e.wakeref_count = count;
	if (type == WR_EV_PUT)
		e.flags |= WR_EVF_COUNT_BEFORE;
	return site__apply(ot, ks, &e, buf, site);
}

static void display_op_counts_once(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	const uint64_t inner_get[] = { A_GLOBAL_GET, A_DISP_GET, A_LAYER_GET, F_VDD_ON + 0x20,
				       A_KSYS_WRITE };
	const uint64_t outer_get[] = { A_DISP_GET, A_LAYER_GET, F_VDD_ON + 0x20, A_KSYS_WRITE };
	const uint64_t outer_put[] = { A_DISP_PUT, A_LAYER_PUT, F_VDD_OFF + 0x30, A_KSYS_WRITE };
	const uint64_t inner_put[] = { A_GLOBAL_PUT, A_DISP_PUT, A_LAYER_PUT, F_VDD_OFF + 0x30,
				       A_KSYS_WRITE };
	struct wr_site site;

	/* fexit order: the inner global returns first, then the display op */
	feed(ot, ks, WR_EV_GET, WR_HOOK_I915_RPM_GET_NORESUME, inner_get, 5, WR_I915_WAKELOCK_BIAS + 1,
	     &site);
	CHECK(site.nested);
	CHECK_EQ_U64(ot->nested, 1);
	CHECK(ot->devices == NULL || ot->devices->nr_owners == 0);
	feed(ot, ks, WR_EV_GET, WR_HOOK_I915_DISP_GET_NORESUME, outer_get, 4,
	     WR_I915_WAKELOCK_BIAS + 1, &site);
	CHECK(!site.nested);
	CHECK(ot->devices != NULL);
	CHECK_EQ_U64(ot->devices->nr_owners, 1);
	/* the owner is above both display layers */
	CHECK_EQ_U64(ot->devices->head->caller, F_VDD_ON);
	/* fentry order: the display op first, then the global it calls */
	feed(ot, ks, WR_EV_PUT, WR_HOOK_I915_DISP_PUT_UNCHECKED, outer_put, 4,
	     WR_I915_WAKELOCK_BIAS + 1, &site);
	CHECK(!site.nested);
	feed(ot, ks, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_UNCHECKED, inner_put, 5, 0, &site);
	CHECK(site.nested);
	CHECK_EQ_U64(ot->nested, 2);
	CHECK_EQ_U64(ot->devices->nr_owners, 0);
	CHECK_EQ_U64(ot->devices->unmatched_puts, 0);
	owners__free(ot);
	ksyms__free(ks);
}

static void global_alone_is_not_nested(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	const uint64_t get[] = { A_GLOBAL_GET, F_VDD_ON + 0x20, A_KSYS_WRITE };
	struct wr_site site;

	feed(ot, ks, WR_EV_GET, WR_HOOK_I915_RPM_GET_NORESUME, get, 3, WR_I915_WAKELOCK_BIAS + 1,
	     &site);
	CHECK(!site.nested);
	CHECK_EQ_U64(ot->nested, 0);
	CHECK_EQ_U64(ot->devices->nr_owners, 1);
	CHECK_EQ_U64(site.caller, F_VDD_ON);
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * foo.cold, the part of foo GCC moves out of line, runs in foo's frame: a
 * frame in it names foo the owner, so that foo's get and the put of its
 * cold part pair by function.  A cold part whose foo is not in the table
 * stays its own.
 */
static void cold_part_is_its_function(void)
{
	struct ksyms *ks = ksyms__new();
	uint64_t buf[WR_MAX_FRAMES];
	struct wr_event get = mk_event(RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 42, ~0ull);
	struct wr_event put = mk_event(RPM_DEV, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_UNCHECKED, WL, 42,
				       0);
	struct wr_site site;

	CHECK(ks != NULL);
	if (!ks)
		return;
	ksyms__add(ks, 0xffffffffc0600000ull, 0x100, "intel_runtime_pm_get", "i915");
	ksyms__add(ks, 0xffffffffc0600100ull, 0x100, "intel_runtime_pm_put_unchecked", "i915");
	ksyms__add(ks, 0xffffffffc0600200ull, 0x100, "foo", "i915");
	ksyms__add(ks, 0xffffffffc0600300ull, 0x100, "bar.cold", "i915");
	ksyms__add(ks, 0xffffffffc0610000ull, 0x100, "foo.cold", "i915");
	ksyms__finish(ks);
	get.stack[0] = 0xffffffffc0600010ull;
	get.stack[1] = 0xffffffffc0600220ull;	/* foo+0x20 */
	get.nr_frames = 2;
	site__from_event(ks, &get, "intel_runtime_pm_get", buf, &site);
	CHECK_EQ_U64(site.caller, 0xffffffffc0600200ull);
	put.stack[0] = 0xffffffffc0600110ull;
	put.stack[1] = 0xffffffffc0610008ull;	/* foo.cold+0x8 */
	put.nr_frames = 2;
	site__from_event(ks, &put, "intel_runtime_pm_put_unchecked", buf, &site);
	CHECK_EQ_U64(site.caller, 0xffffffffc0600200ull);
	put.stack[1] = 0xffffffffc0600308ull;	/* bar.cold+0x8, no bar */
	site__from_event(ks, &put, "intel_runtime_pm_put_unchecked", buf, &site);
	CHECK_EQ_U64(site.caller, 0xffffffffc0600300ull);
	ksyms__free(ks);
}

/* A table with what the tracer knew before a module came: no snd_hda's code. */
static struct ksyms *table_of(bool with_snd)
{
	struct ksyms *ks = ksyms__new();

	CHECK(ks != NULL);
	if (!ks)
		return NULL;
	ksyms__add(ks, 0xffffffff81001200ull, 0x100, "ksys_write", NULL);
	ksyms__add(ks, 0xffffffffc0600000ull, 0x100, "intel_runtime_pm_get", "i915");
	if (with_snd)
		ksyms__add(ks, 0xffffffffc0700000ull, 0x100, "azx_probe_continue", "snd_hda");
	ksyms__finish(ks);
	return ks;
}

struct refresher {
	const struct ksyms *next;	/* what a read again gives */
	int calls;
};

static const struct ksyms *refresh(void *ctx)
{
	struct refresher *r = ctx;

	r->calls++;
	return r->next;
}

/*
 * A get from a module loaded after kallsyms was read: its frame is unknown
 * to the table, the owner would be the frame above it.  The table is read
 * again (site__on_unknown()) and the event symbolized with the new one,
 * once: the next event of that stack asks nothing.  When no newer table
 * exists, an unknown address asks once, not at every event.
 */
static void unknown_frame_reads_symbols_again(void)
{
	struct ksyms *old = table_of(false), *now = table_of(true);
	struct wr_owners *ot = owners__new(~0ull);
	struct wr_event get = mk_event(RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 42, ~0ull);
	struct refresher r = { .next = now };
	uint64_t buf[WR_MAX_FRAMES];
	struct wr_site site;

	if (!old || !now || !ot)
		goto out;
	get.stack[0] = 0xffffffffc0600010ull;	/* intel_runtime_pm_get+0x10 */
	get.stack[1] = 0xffffffffc0700020ull;	/* azx_probe_continue+0x20 */
	get.stack[2] = 0xffffffff81001210ull;	/* ksys_write+0x10 */
	get.nr_frames = 3;
	get.wakeref_count = 1;

	/* nobody to ask: the unknown frame is passed over */
	site__on_unknown(NULL, NULL);
	site__apply(ot, old, &get, buf, &site);
	CHECK_EQ_U64(site.caller, 0xffffffff81001200ull);

	/* the same stack, a table without snd_hda again: asked once */
	r.next = old;
	site__on_unknown(refresh, &r);
	ksyms__free(old);
	old = table_of(false);
	if (!old)
		goto out;
	r.next = old;
	site__apply(ot, old, &get, buf, &site);
	site__apply(ot, old, &get, buf, &site);
	CHECK_EQ_U64(r.calls, 1);
	CHECK_EQ_U64(site.caller, 0xffffffff81001200ull);

	/* a newer table names it: the event is symbolized with it */
	r.calls = 0;
	r.next = now;
	ksyms__free(old);
	old = table_of(false);
	if (!old)
		goto out;
	site__apply(ot, old, &get, buf, &site);
	CHECK_EQ_U64(r.calls, 1);
	CHECK_EQ_U64(site.caller, 0xffffffffc0700000ull);
	site__apply(ot, now, &get, buf, &site);
	CHECK_EQ_U64(r.calls, 1);
	CHECK_EQ_U64(site.caller, 0xffffffffc0700000ull);
out:
	site__on_unknown(NULL, NULL);
	owners__free(ot);
	ksyms__free(old);
	ksyms__free(now);
}

UNIT_MAIN("site", T(display_op_counts_once), T(global_alone_is_not_nested),
	  T(cold_part_is_its_function), T(unknown_frame_reads_symbols_again))
