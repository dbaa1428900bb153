// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of pairing on the real i915's paths (owners.c with site.c):
 * stacks shaped as Debian's i915 makes them, where a function holds its own
 * wakeref and one of a layer's, an async display put's work requeues itself
 * on a raw wakeref of its own, and a display get takes a pending async put
 * back.  Each checks which get every put ended, not only what is left.
 */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "kernel/ksyms.h"
#include "model/site.h"
#include "unit.h"

#define K_GET		0xffffffffc0500005ull	/* intel_runtime_pm_get+0x5 */
#define K_GET_IF_IN_USE	0xffffffffc0500105ull
#define K_GET_RAW	0xffffffffc0500205ull
#define K_PUT		0xffffffffc0500305ull	/* intel_runtime_pm_put_unchecked+0x5 */
#define K_PUT_RAW	0xffffffffc0500405ull
#define F_VM_FAULT_GTT	0xffffffffc0500500ull
#define F_WAKEREF_AUTO	0xffffffffc0500600ull
#define F_AUTO_TIMEOUT	0xffffffffc0500700ull
#define F_DISP_GET	0xffffffffc0500800ull
#define F_GRAB		0xffffffffc0500900ull
#define F_PUT_ASYNC	0xffffffffc0500a00ull
#define F_ASYNC_WORK	0xffffffffc0500b00ull
#define F_AUX_XFER	0xffffffffc0500c00ull
#define F_EXECBUF	0xffffffffc0500d00ull
#define F_HPD_WORK	0xffffffffc0500e00ull
#define F_PSR_WORK	0xffffffffc0500f00ull
#define K_MM_FAULT	0xffffffff81001020ull
#define K_WORK		0xffffffff81001420ull
#define K_WORKER	0xffffffff81001820ull
#define K_TIMER		0xffffffff81001c20ull
#define F_GEN6_ALLOC	0xffffffffc0501000ull
#define F_VMA_BIND	0xffffffffc0501100ull
#define F_GET_FIRST	0xffffffffc0501200ull
#define F_PUT_LAST	0xffffffffc0501300ull
#define F_UNPARK	0xffffffffc0501400ull
#define F_PARK		0xffffffffc0501500ull
#define K_THUNK		0xffffffff81001e00ull
#define A_BPF		0xffffffffc0100010ull

static struct ksyms *load(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms-i915-real.txt"));

	CHECK(ks != NULL);
	return ks;
}

/*
 * One event of HOOK from PID whose stack is the 0-terminated FRAMES
 * (innermost first; a BPF frame is put on top).  Returns the pairing and
 * fills *SITE; *ENDED is the get sequence number of the owner a put ended.
 */
static int feed(struct wr_owners *ot, const struct ksyms *ks, uint8_t type, uint16_t hook,
		uint32_t flags, uint32_t pid, const uint64_t *frames, struct wr_site *site)
{
	struct wr_event e = mk_event(RPM_DEV, type, hook, flags, pid,
				     type == WR_EV_PUT ? 0 : ~0ull);
	uint64_t buf[WR_MAX_FRAMES];
	int n;

	e.stack[0] = A_BPF;
	for (n = 0; frames[n]; n++)
		e.stack[n + 1] = frames[n];
	e.nr_frames = n + 1;
	e.flags |= WR_EVF_NO_COUNT;
	return site__apply(ot, ks, &e, buf, site);
}

/* The seq of the owner that the next put would end: the owners before and after. */
static uint64_t seq_of(const struct wr_device *d, uint64_t caller, int pair_class_set)
{
	const struct wr_owner *o;

	for (o = d->head; o; o = o->next)
		if (o->caller == caller && (pair_class_set < 0 || !!o->pair_class == pair_class_set))
			return o->seq;
	return 0;
}

static bool holds_seq(const struct wr_device *d, uint64_t seq)
{
	const struct wr_owner *o;

	for (o = d->head; o; o = o->next)
		if (o->seq == seq)
			return true;
	return false;
}

#define GET_WL(pid, ...) \
	feed(ot, ks, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, pid, (const uint64_t[]){ __VA_ARGS__, 0 }, &site)
#define GET_IIU(pid, ...) \
	feed(ot, ks, WR_EV_GET, WR_HOOK_I915_RPM_GET_IF_IN_USE, WL, pid, \
	     (const uint64_t[]){ __VA_ARGS__, 0 }, &site)
#define GET_RAW(pid, ...) \
	feed(ot, ks, WR_EV_GET, WR_HOOK_I915_RPM_GET_RAW, 0, pid, \
	     (const uint64_t[]){ __VA_ARGS__, 0 }, &site)
#define PUT_WL(pid, ...) \
	feed(ot, ks, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_UNCHECKED, WL, pid, \
	     (const uint64_t[]){ __VA_ARGS__, 0 }, &site)
#define PUT_RAW(pid, ...) \
	feed(ot, ks, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_RAW, 0, pid, \
	     (const uint64_t[]){ __VA_ARGS__, 0 }, &site)

/*
 * vm_fault_gtt takes its own wakelock, arms the userfault wakeref through
 * intel_wakeref_auto() (a get_if_in_use), and puts its own; the timer puts
 * the userfault one later.  Meanwhile execbuffer holds (leaks) a wakelock.
 */
static void fault_gtt_with_wakeref_auto(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	struct wr_site site;
	uint64_t own, autoref, leak;
	struct wr_device *d;

	GET_WL(7, K_GET, F_EXECBUF + 0x40, K_WORK);
	GET_WL(9, K_GET, F_VM_FAULT_GTT + 0x30, K_MM_FAULT);
	GET_IIU(9, K_GET_IF_IN_USE, F_WAKEREF_AUTO + 0x20, F_VM_FAULT_GTT + 0x60, K_MM_FAULT);
	CHECK_EQ_U64(site.caller, F_VM_FAULT_GTT);
	CHECK(site.pair_class != 0);
	d = ot->devices;
	leak = seq_of(d, F_EXECBUF, -1);
	own = seq_of(d, F_VM_FAULT_GTT, 0);
	autoref = seq_of(d, F_VM_FAULT_GTT, 1);
	CHECK(leak && own && autoref && own != autoref);
	/* vm_fault_gtt's own put ends its own wakelock, not the userfault one */
	CHECK_EQ_U64(PUT_WL(9, K_PUT, F_VM_FAULT_GTT + 0x90, K_MM_FAULT), WR_PAIR_SAME_FN);
	CHECK(!holds_seq(d, own));
	CHECK(holds_seq(d, autoref));
	/* the timer, from softirq in whatever task, ends the userfault wakeref */
	CHECK_EQ_U64(PUT_WL(3, K_PUT, F_AUTO_TIMEOUT + 0x30, K_TIMER), WR_PAIR_DECLARED);
	CHECK_EQ_U64(site.caller, F_AUTO_TIMEOUT);
	CHECK(!holds_seq(d, autoref));
	/* the leak is what is left, and nothing was guessed */
	CHECK_EQ_U64(d->nr_owners, 1);
	CHECK(holds_seq(d, leak));
	CHECK_EQ_U64(d->paired[WR_PAIR_FALLBACK], 0);
	owners__free(ot);
	ksyms__free(ks);
}

/* A fault cancels the userfault wakeref (intel_wakeref_auto with timeout 0). */
static void wakeref_auto_cancel_ends_its_own(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	struct wr_site site;
	uint64_t own, autoref;
	struct wr_device *d;

	GET_IIU(9, K_GET_IF_IN_USE, F_WAKEREF_AUTO + 0x20, F_VM_FAULT_GTT + 0x60, K_MM_FAULT);
	GET_WL(9, K_GET, F_VM_FAULT_GTT + 0x30, K_MM_FAULT);
	d = ot->devices;
	own = seq_of(d, F_VM_FAULT_GTT, 0);
	autoref = seq_of(d, F_VM_FAULT_GTT, 1);
	/* the cancel's put goes through intel_wakeref_auto: the layer's reference */
	CHECK_EQ_U64(PUT_WL(9, K_PUT, F_WAKEREF_AUTO + 0x50, F_VM_FAULT_GTT + 0x70, K_MM_FAULT),
		     WR_PAIR_DECLARED);
	CHECK(!holds_seq(d, autoref));
	CHECK(holds_seq(d, own));
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * aux_xfer's async display put keeps a raw wakeref for the work; a second
 * async put arrives before the work runs, so the work requeues itself on a
 * new raw wakeref (owned by the work function, not by the worker), puts the
 * old one, and the next run puts that.  A hotplug work's raw wakeref is
 * held all along and must never be taken for one of these.
 */
static void async_put_work_requeues(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	struct wr_site site;
	uint64_t hpd, aux, requeued;
	struct wr_device *d;

	GET_RAW(4, K_GET_RAW, F_HPD_WORK + 0x10, K_WORK, K_WORKER);
	GET_RAW(5, K_GET_RAW, F_PUT_ASYNC + 0x40, F_AUX_XFER + 0x80, K_MM_FAULT);
	d = ot->devices;
	hpd = seq_of(d, F_HPD_WORK, -1);
	aux = seq_of(d, F_AUX_XFER, -1);
	/* the work: a new raw wakeref first, requeued with it */
	GET_RAW(6, K_GET_RAW, F_ASYNC_WORK + 0x18, K_WORK, K_WORKER);
	CHECK_EQ_U64(site.caller, F_ASYNC_WORK);
	requeued = seq_of(d, F_ASYNC_WORK, -1);
	CHECK(requeued != 0);
	/* then the old slot's put: aux_xfer's reference */
	CHECK_EQ_U64(PUT_RAW(6, K_PUT_RAW, F_ASYNC_WORK + 0xc0, K_WORK, K_WORKER),
		     WR_PAIR_DECLARED);
	CHECK(!holds_seq(d, aux));
	CHECK(holds_seq(d, requeued));
	/* the next run: a new one, the old (requeued) put, the new put */
	GET_RAW(6, K_GET_RAW, F_ASYNC_WORK + 0x18, K_WORK, K_WORKER);
	CHECK_EQ_U64(PUT_RAW(6, K_PUT_RAW, F_ASYNC_WORK + 0xc0, K_WORK, K_WORKER),
		     WR_PAIR_DECLARED);
	CHECK(!holds_seq(d, requeued));
	CHECK_EQ_U64(PUT_RAW(6, K_PUT_RAW, F_ASYNC_WORK + 0xd0, K_WORK, K_WORKER),
		     WR_PAIR_DECLARED);
	CHECK_EQ_U64(d->nr_owners, 1);
	CHECK(holds_seq(d, hpd));
	CHECK_EQ_U64(d->paired[WR_PAIR_FALLBACK], 0);
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * A display get of a domain whose async put is pending takes that reference
 * back: the raw wakeref the put kept is released inside the get, from the
 * get's caller (psr work here), while a hotplug work's raw wakeref is held.
 */
static void display_get_grabs_the_pending_put(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	struct wr_site site;
	uint64_t hpd, aux;
	struct wr_device *d;

	GET_RAW(4, K_GET_RAW, F_HPD_WORK + 0x10, K_WORK, K_WORKER);
	GET_RAW(5, K_GET_RAW, F_PUT_ASYNC + 0x40, F_AUX_XFER + 0x80, K_MM_FAULT);
	d = ot->devices;
	hpd = seq_of(d, F_HPD_WORK, -1);
	aux = seq_of(d, F_AUX_XFER, -1);
	/* grab_async_put_ref inlined into intel_display_power_get */
	CHECK_EQ_U64(PUT_RAW(8, K_PUT_RAW, F_DISP_GET + 0x70, F_PSR_WORK + 0x20, K_WORK),
		     WR_PAIR_DECLARED);
	CHECK(!holds_seq(d, aux));
	CHECK(holds_seq(d, hpd));
	/* and out of line */
	GET_RAW(5, K_GET_RAW, F_PUT_ASYNC + 0x40, F_AUX_XFER + 0x80, K_MM_FAULT);
	aux = seq_of(d, F_AUX_XFER, -1);
	CHECK_EQ_U64(PUT_RAW(8, K_PUT_RAW, F_GRAB + 0x30, F_DISP_GET + 0x70, F_PSR_WORK + 0x20,
			     K_WORK), WR_PAIR_DECLARED);
	CHECK(!holds_seq(d, aux));
	CHECK(holds_seq(d, hpd));
	CHECK_EQ_U64(d->nr_owners, 1);
	CHECK_EQ_U64(d->paired[WR_PAIR_FALLBACK], 0);
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * gen6_alloc_va_range takes a wakelock and ends with "jmp
 * intel_runtime_pm_put_unchecked": the put's stack has i915_vma_bind's
 * return address above it, and the tracer put gen6_alloc_va_range back as a
 * frame at its first byte (WR_EVF_TAIL_CALL).  Same-function pairing then
 * works; the frame is shown as restored; a thunk put back is dropped.
 */
static void tail_called_put_is_its_callers(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t frames[WR_MAX_FRAMES], buf[WR_MAX_FRAMES];
	struct wr_event e;
	struct wr_site site;
	char line[256];

	GET_WL(9, K_GET, F_VMA_BIND + 0x10, K_WORK);
	GET_WL(9, K_GET, F_GEN6_ALLOC + 0x30, F_VMA_BIND + 0x48, K_WORK);
	e = mk_event(RPM_DEV, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_UNCHECKED, WL | WR_EVF_TAIL_CALL |
		     WR_EVF_NO_COUNT, 9, 0);
	e.stack[0] = K_PUT;
	e.stack[1] = F_GEN6_ALLOC;	/* put back by the tracer */
	e.stack[2] = F_VMA_BIND + 0x48;
	e.stack[3] = K_WORK;
	e.nr_frames = 4;
	CHECK_EQ_U64(site__apply(ot, ks, &e, frames, &site), WR_PAIR_SAME_FN);
	CHECK_EQ_U64(site.caller, F_GEN6_ALLOC);
	CHECK_EQ_U64(ot->devices->nr_owners, 1);
	CHECK_EQ_U64(ot->devices->head->caller, F_VMA_BIND);
	CHECK_EQ_U64(ot->devices->tail_calls, 1);
	site__snprint_frame(ks, frames, 1, line, sizeof(line));
	CHECK_STR(line, "gen6_alloc_va_range+0x0/0x100 [i915] (tail call)");
	site__snprint_frame(ks, frames, 2, line, sizeof(line));
	CHECK_STR(line, "i915_vma_bind+0x48/0x100 [i915]");
	/* a retpoline thunk put back: dropped, counted, the caller owns it */
	e.stack[1] = K_THUNK;
	e.flags = WL | WR_EVF_TAIL_CALL | WR_EVF_NO_COUNT;
	CHECK_EQ_U64(site__apply(ot, ks, &e, buf, &site), WR_PAIR_SAME_FN);
	CHECK(site.call_unseen);
	CHECK_EQ_U64(site.caller, F_VMA_BIND);
	CHECK_EQ_U64(ot->devices->nr_owners, 0);
	CHECK_EQ_U64(ot->devices->calls_unseen, 1);
	CHECK_EQ_U64(ot->devices->tail_calls, 1);
	owners__free(ot);
	ksyms__free(ks);
}

/*
 * The GT wakeref's object (the intel_wakeref) is announced by
 * __intel_wakeref_get_first and ____intel_wakeref_put_last; inside them the
 * unpark and park callbacks take and put display power first.  The object
 * is the GT's own get and put, right above the runtime-PM call, never the
 * callbacks' (their display layer comes first).
 */
static void gt_object_is_not_the_callbacks(void)
{
	struct ksyms *ks = load();
	struct wr_owners *ot = owners__new(~0ull);
	struct wr_site site;
	struct wr_event e;
	uint64_t buf[WR_MAX_FRAMES];
	uint64_t gt, disp;
	struct wr_device *d;
	const uint64_t wf = 0xffff888100770000ull;

	e = mk_event(0, WR_EV_OBJ, WR_HOOK_OBJ_I915_WF_GET_FIRST, WR_EVF_NO_COUNT, 9, wf);
	site__apply(ot, ks, &e, buf, &site);
	GET_WL(9, K_GET, F_GET_FIRST + 0x20, F_EXECBUF + 0x40, K_WORK);
	GET_WL(9, K_GET, F_DISP_GET + 0x10, F_UNPARK + 0x20, F_GET_FIRST + 0x40, K_WORK);
	d = ot->devices;
	gt = d->head->seq;
	disp = d->tail->seq;
	CHECK(d->head->obj == wf && !d->tail->obj);
	/* the last put: park's display put first (async: a put of the caller's), then the GT's */
	e = mk_event(0, WR_EV_OBJ, WR_HOOK_OBJ_I915_WF_PUT_LAST2, WR_EVF_NO_COUNT, 9, wf);
	site__apply(ot, ks, &e, buf, &site);
	PUT_WL(9, K_PUT, F_PUT_ASYNC + 0x50, F_PARK + 0x20, F_PUT_LAST + 0x30, K_WORK);
	CHECK(!site.obj);
	CHECK(holds_seq(d, gt) && !holds_seq(d, disp));
	CHECK_EQ_U64(PUT_WL(9, K_PUT, F_PUT_LAST + 0x60, K_WORK), WR_PAIR_OBJECT);
	CHECK(!holds_seq(d, gt));
	owners__free(ot);
	ksyms__free(ks);
}

UNIT_MAIN("pairing_real", T(gt_object_is_not_the_callbacks), T(tail_called_put_is_its_callers), T(fault_gtt_with_wakeref_auto), T(wakeref_auto_cancel_ends_its_own),
	  T(async_put_work_requeues), T(display_get_grabs_the_pending_put))
