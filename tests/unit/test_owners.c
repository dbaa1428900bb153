// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the owner table's pairing model on synthetic event streams. */
#include "unit.h"
#include "events.h"

static struct wr_owners *table(void)
{
	struct wr_owners *ot = owners__new(~0ull);

	CHECK(ot != NULL);
	return ot;
}

static uint64_t owners_from(const struct wr_device *d, uint64_t caller)
{
	const struct wr_owner *o;
	uint64_t n = 0;

	for (o = d->head; o; o = o->next)
		n += o->caller == caller;
	return n;
}

static void leak_names_the_leaking_caller(void)
{
	struct wr_owners *ot = table();
	struct wr_device *d;

	GET(ot, 1, F_GEM_FAULT);
	GET(ot, 1, F_LEAKY);
	GET(ot, 1, F_CTL);
	CHECK_EQ_U64(PUT(ot, 1, F_CTL), WR_PAIR_SAME_FN);
	CHECK_EQ_U64(PUT(ot, 1, F_GEM_FAULT), WR_PAIR_SAME_FN);
	d = ot->devices;
	CHECK(d && !d->next);
	CHECK_EQ_U64(d->nr_owners, 1);
	CHECK_EQ_U64(owners_from(d, F_LEAKY), 1);
	CHECK_EQ_U64(d->head->pairing, WR_PAIR_SAME_FN);
	CHECK_EQ_U64(d->gets, 3);
	CHECK_EQ_U64(d->puts, 2);
	owners__free(ot);
}

static void balanced_run_leaves_nothing(void)
{
	struct wr_owners *ot = table();
	int i;

	for (i = 0; i < 10; i++) {
		GET(ot, 7, F_GEM_FAULT);
		GET(ot, 8, F_CTL);
		PUT(ot, 8, F_CTL);
		PUT(ot, 7, F_GEM_FAULT);
	}
	CHECK_EQ_U64(ot->devices->nr_owners, 0);
	CHECK_EQ_U64(ot->devices->paired[WR_PAIR_SAME_FN], 20);
	CHECK_EQ_U64(ot->devices->paired[WR_PAIR_FALLBACK], 0);
	CHECK(ot->devices->last_released.nr == 3);
	owners__free(ot);
}

static void failed_conditional_get_is_not_an_owner(void)
{
	struct wr_owners *ot = table();

	apply(ot, RPM_DEV, WR_EV_GET_FAILED, WR_HOOK_I915_RPM_GET_IF_IN_USE, WL, 1, F_CTL, 0);
	CHECK_EQ_U64(ot->devices->nr_owners, 0);
	CHECK_EQ_U64(ot->devices->failed_gets, 1);
	CHECK_EQ_U64(ot->devices->gets, 0);
	owners__free(ot);
}

/* A worker puts what another task took in the same function. */
static void same_function_across_tasks(void)
{
	struct wr_owners *ot = table();

	GET(ot, 1, F_GEM_FAULT);
	GET(ot, 1, F_LEAKY);
	CHECK_EQ_U64(PUT(ot, 2, F_GEM_FAULT), WR_PAIR_SAME_FN);
	CHECK_EQ_U64(owners_from(ot->devices, F_LEAKY), 1);
	CHECK_EQ_U64(ot->devices->nr_owners, 1);
	owners__free(ot);
}

/* put_unchecked releases a wakelock, put_raw a raw reference: never each other's. */
static void wakelock_and_raw_do_not_mix(void)
{
	struct wr_owners *ot = table();
	const struct wr_owner *o;

	apply(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET_RAW, 0, 1, F_CTL, ~0ull);
	GET(ot, 1, F_CTL);
	CHECK_EQ_U64(apply(ot, RPM_DEV, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_RAW, 0, 1, F_CTL, ~0ull),
		     WR_PAIR_SAME_FN);
	o = ot->devices->head;
	CHECK(o && !o->next);
	CHECK(o && o->flags == WR_EVF_WAKELOCK);
	owners__free(ot);
}

/* No owner from the putting function: a guess, and everyone it touches says so. */
static void fallback_is_never_silent(void)
{
	struct wr_owners *ot = table();
	const struct wr_owner *o;

	GET(ot, 1, F_GEM_FAULT);
	GET(ot, 2, F_LEAKY);
	CHECK_EQ_U64(PUT(ot, 3, F_CTL), WR_PAIR_FALLBACK);
	CHECK_EQ_U64(ot->devices->paired[WR_PAIR_FALLBACK], 1);
	o = ot->devices->head;
	CHECK(o && !o->next);
	CHECK(o && o->pairing == WR_PAIR_FALLBACK);
	/* the oldest one goes when no task matches */
	CHECK(o && o->caller == F_LEAKY);
	owners__free(ot);
}

static void fallback_prefers_the_same_task(void)
{
	struct wr_owners *ot = table();

	GET(ot, 1, F_GEM_FAULT);
	GET(ot, 2, F_LEAKY);
	CHECK_EQ_U64(PUT(ot, 2, F_CTL), WR_PAIR_FALLBACK);
	CHECK_EQ_U64(owners_from(ot->devices, F_GEM_FAULT), 1);
	owners__free(ot);
}

/* Attached late: puts of wakerefs taken before tracing change no owner. */
static void put_before_any_get_is_unmatched(void)
{
	struct wr_owners *ot = table();

	PUT(ot, 1, F_CTL);
	GET(ot, 1, F_CTL);
	CHECK_EQ_U64(ot->devices->unmatched_puts, 1);
	CHECK_EQ_U64(ot->devices->nr_owners, 1);
	owners__free(ot);
}

/* Debug builds: real cookies pair exactly, whatever the calling function. */
static void real_cookies_pair_exactly(void)
{
	struct wr_owners *ot = table();
	const struct wr_owner *o;

	apply(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET_RAW, 0, 1, F_CTL, 0x1001);
	apply(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET_RAW, 0, 1, F_CTL, 0x1002);
	CHECK_EQ_U64(apply(ot, RPM_DEV, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_RAW, 0, 1, F_LEAKY,
			   0x1001), WR_PAIR_EXACT);
	o = ot->devices->head;
	CHECK(o && !o->next && o->cookie == 0x1002 && o->pairing == WR_PAIR_EXACT);
	owners__free(ot);
}

/* 6.1: intel_wakeref_t is u32, so its -1 is 0xffffffff and not a real cookie. */
static void u32_constant_cookie_is_not_real(void)
{
	struct wr_owners *ot = owners__new(0xffffffffull);

	apply(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET_RAW, 0, 1, F_CTL, 0xffffffff);
	CHECK_EQ_U64(ot->devices->head->pairing, WR_PAIR_SAME_FN);
	owners__free(ot);
}

static void devices_are_kept_apart(void)
{
	struct wr_owners *ot = table();

	GET(ot, 1, F_CTL);
	apply(ot, RPM_DEV2, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 1, F_CTL, ~0ull);
	apply(ot, RPM_DEV2, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_UNCHECKED, WL, 1, F_CTL, 0);
	CHECK(ot->devices && ot->devices->next);
	CHECK_EQ_U64(ot->devices->nr_owners, 1);
	CHECK_EQ_U64(ot->devices->next->nr_owners, 0);
	CHECK_STR(ot->devices->next->name, "0000:03:00.0");
	owners__free(ot);
}

/* Puts read the driver's counters before they run: the table keeps "after". */
static void driver_counts_are_after_the_event(void)
{
	struct wr_owners *ot = table();
	struct wr_event e = mk_event(RPM_DEV, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_UNCHECKED,
				     WL | WR_EVF_COUNT_BEFORE, 1, 0);
	struct wr_site site = { 0 };

	e.wakeref_count = 2 * (1 + WR_I915_WAKELOCK_BIAS);
	e.usage_count = 2;
	owners__apply(ot, &e, &site);
	CHECK_EQ_U64(ot->devices->wakeref_count, 1 + WR_I915_WAKELOCK_BIAS);
	CHECK_EQ_U64(ot->devices->usage_count, 1);
	owners__free(ot);
}

#define WLW (1 + WR_I915_WAKELOCK_BIAS)
#define CGET(ot, pid, caller, cls, count) apply_class(ot, RPM_DEV, WR_EV_GET, \
	WR_HOOK_I915_RPM_GET, WL, pid, caller, ~0ull, cls, count)
#define CPUT(ot, pid, caller, cls, count) apply_class(ot, RPM_DEV, WR_EV_PUT, \
	WR_HOOK_I915_RPM_PUT_UNCHECKED, WL | WR_EVF_COUNT_BEFORE, pid, caller, 0, cls, count)

/* GT unpark in one function, park in another: a declared pair, not a guess. */
static void declared_pairs_beat_fallback(void)
{
	struct wr_owners *ot = table();

	CGET(ot, 1, F_GEM_FAULT, 0, WLW);
	CGET(ot, 1, F_LEAKY, 3, 2 * WLW);	/* class 3: e.g. display async */
	CHECK_EQ_U64(CPUT(ot, 2, F_CTL, 3, 2 * WLW), WR_PAIR_DECLARED);
	CHECK_EQ_U64(owners_from(ot->devices, F_GEM_FAULT), 1);
	CHECK_EQ_U64(ot->devices->head->pairing, WR_PAIR_SAME_FN);
	owners__free(ot);
}

/* Seen once without ambiguity, a cross-function pair is used when it matters. */
static void learned_pairs_from_history(void)
{
	struct wr_owners *ot = table();

	CGET(ot, 1, F_LEAKY, 0, WLW);
	/* the only owner, nothing from before tracing: F_CTL ends F_LEAKY's gets */
	CHECK_EQ_U64(CPUT(ot, 1, F_CTL, 0, WLW), WR_PAIR_LEARNED);
	CHECK_EQ_U64(ot->nr_learned, 1);
	CGET(ot, 1, F_LEAKY, 0, WLW);
	CGET(ot, 1, F_GEM_FAULT, 0, 2 * WLW);
	CHECK_EQ_U64(CPUT(ot, 1, F_CTL, 0, 2 * WLW), WR_PAIR_LEARNED);
	CHECK_EQ_U64(owners_from(ot->devices, F_GEM_FAULT), 1);
	CHECK_EQ_U64(ot->devices->paired[WR_PAIR_LEARNED], 2);
	CHECK_EQ_U64(ot->devices->paired[WR_PAIR_FALLBACK], 0);
	owners__free(ot);
}

/* Attached late: the driver's count reveals what was held before tracing. */
static void held_before_tracing_from_the_driver(void)
{
	struct wr_owners *ot = table();
	struct wr_device *d;

	/* 2 wakelocks held already; our get makes 3 */
	CGET(ot, 1, F_LEAKY, 0, 3 * WLW);
	d = ot->devices;
	CHECK_EQ_U64(d->held_before, 2 * WLW);
	CHECK_EQ_U64(d->nr_owners, 1);
	/* a put from elsewhere releases one of the old ones, not ours */
	CHECK(CPUT(ot, 1, F_CTL, 0, 3 * WLW) == -1);
	CHECK_EQ_U64(d->nr_owners, 1);
	CHECK_EQ_U64(d->unmatched_puts, 1);
	CHECK_EQ_U64(d->baseline, WLW);
	CHECK_EQ_U64(d->diverged.seq, 0);
	CHECK_EQ_U64(ot->nr_learned, 0);	/* ambiguous: nothing learned */
	/* the second one too; after that only ours is left to end, unambiguously */
	CHECK(CPUT(ot, 1, F_CTL, 0, 2 * WLW) == -1);
	CHECK_EQ_U64(CPUT(ot, 1, F_CTL, 0, WLW), WR_PAIR_LEARNED);
	CHECK_EQ_U64(d->nr_owners, 0);
	CHECK_EQ_U64(d->diverged.seq, 0);
	owners__free(ot);
}

static void first_event_put_of_an_old_reference(void)
{
	struct wr_owners *ot = table();
	struct wr_device *d;

	CPUT(ot, 1, F_CTL, 0, 2 * WLW);		/* 2 held, this put ends one */
	d = ot->devices;
	CHECK_EQ_U64(d->unmatched_puts, 1);
	CHECK_EQ_U64(d->held_before, 2 * WLW);
	CHECK_EQ_U64(d->baseline, WLW);
	CHECK_EQ_U64(d->diverged.seq, 0);
	owners__free(ot);
}

/* A get the tracer missed shows up as a divergence, dated at its first event. */
static void divergence_names_where_it_began(void)
{
	struct wr_owners *ot = table();
	struct wr_device *d;

	CGET(ot, 1, F_CTL, 0, WLW);
	CGET(ot, 1, F_LEAKY, 0, 3 * WLW);	/* one get happened unseen */
	d = ot->devices;
	CHECK_EQ_U64(d->diverged.seq, 2);
	CHECK_EQ_U64(d->diverged.caller, F_LEAKY);
	CHECK_EQ_U64(d->diverged.expected, 2 * WLW);
	CHECK_EQ_U64(d->diverged.driver, 3 * WLW);
	CGET(ot, 1, F_GEM_FAULT, 0, 4 * WLW);
	CHECK_EQ_U64(d->diverged.seq, 2);	/* still the first event of the streak */
	owners__free(ot);
}

/*
 * Two CPUs: a put whose event reaches the ring buffer after a newer get of
 * another CPU carries the count from before that get.  Once both are in,
 * the newest count stands: no divergence.  A get really missed still is one.
 */
static void events_overtaken_across_cpus_are_no_divergence(void)
{
	struct wr_owners *ot = table();
	struct wr_device *d;
	uint64_t t;

	CGET(ot, 1, F_CTL, 0, WLW);
	CGET(ot, 2, F_LEAKY, 0, 2 * WLW);
	d = ot->devices;
	t = test_clock;
	/* task 1's put (count 2 before it, 1 after), then task 2's get (2) */
	test_clock = t + 2000000;
	CGET(ot, 2, F_GEM_FAULT, 0, 2 * WLW);	/* the get, first in the ring */
	CHECK(d->diverged.seq != 0);		/* the put is not in yet */
	test_clock = t;
	CPUT(ot, 1, F_CTL, 0, 2 * WLW);		/* the older put, after it */
	CHECK_EQ_U64(d->diverged.seq, 0);
	CHECK_EQ_U64(d->wakeref_count, 2 * WLW);
	CHECK_EQ_U64(d->nr_owners, 2);
	/* later events, in order: a get nobody saw is a divergence again */
	test_clock = t + 4000000;
	CGET(ot, 1, F_CTL, 0, 4 * WLW);
	CHECK(d->diverged.seq != 0);
	CHECK_EQ_U64(d->diverged.driver, 4 * WLW);
	owners__free(ot);
}

/* A put of CPU CPU at TS whose count before it was COUNT. */
static void put_on_cpu(struct wr_owners *ot, uint32_t pid, uint64_t caller, uint32_t cpu,
		       uint64_t ts, int32_t count)
{
	struct wr_event e = mk_event(RPM_DEV, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_UNCHECKED,
				     WL | WR_EVF_COUNT_BEFORE, pid, 0);
	uint64_t frames[3] = { A_RPM_PUT, caller + 0x10, A_KSYS_WRITE };
	struct wr_site site = { .frames = frames, .nr_frames = 3, .caller = caller };

	e.ts_ns = ts;
	e.cpu = cpu;
	e.wakeref_count = count;
	owners__apply(ot, &e, &site);
}

/*
 * Two wakerefs held (tasks 1 and 2, count 2), then their puts, each read
 * as count 2 before it ran: task 1's on CPU 0 at +1 us, task 2's on CPU
 * CPU2 at +DT2 ns.  The table's device.
 */
static struct wr_device *two_puts_reading_two(struct wr_owners *ot, uint32_t cpu2, uint64_t dt2)
{
	uint64_t t;

	CGET(ot, 1, F_CTL, 0, WLW);
	CGET(ot, 2, F_LEAKY, 0, 2 * WLW);
	t = test_clock;
	put_on_cpu(ot, 1, F_CTL, 0, t + 1000, 2 * WLW);
	put_on_cpu(ot, 2, F_LEAKY, cpu2, t + dt2, 2 * WLW);
	return ot->devices;
}

/*
 * Two puts on two CPUs at once: each read the count (2) as it entered,
 * before the other dropped its reference, so both say 1 after, where 0 is
 * held.  Not a divergence; the same two puts far apart in time, or on one
 * CPU, are (the count cannot have been read in the middle of the other).
 */
static void puts_in_flight_on_two_cpus_are_no_divergence(void)
{
	struct wr_owners *ot = table();
	struct wr_device *d = two_puts_reading_two(ot, 1, 2000);

	CHECK_EQ_U64(d->nr_owners, 0);
	CHECK_EQ_U64(d->diverged.seq, 0);
	CHECK_EQ_U64(d->overlaps, 1);
	owners__free(ot);

	/* the same counts a second apart: the second put saw the first's done */
	ot = table();
	d = two_puts_reading_two(ot, 1, 1000000000ull);
	CHECK(d->diverged.seq != 0);
	CHECK_EQ_U64(d->overlaps, 0);
	owners__free(ot);

	/* close in time but on one CPU: one ran after the other */
	ot = table();
	d = two_puts_reading_two(ot, 0, 2000);
	CHECK(d->diverged.seq != 0);
	owners__free(ot);
}

/*
 * Adversarial orders: events of two tasks interleaved every way, puts of
 * another task's gets, a burst of puts before the gets they end (events
 * reordered across CPUs): the count always matches, and whatever was guessed
 * says so.
 */
static void adversarial_orders_keep_the_count_honest(void)
{
	static const uint64_t callers[3] = { F_GEM_FAULT, F_LEAKY, F_CTL };
	struct wr_owners *ot = table();
	struct wr_device *d;
	uint64_t held = 0;
	int i, j;

	for (i = 0; i < 200; i++) {
		uint64_t c = callers[(i * 7) % 3];

		CGET(ot, 1 + i % 2, c, 0, (held + 1) * WLW);
		held++;
		if (i % 3 == 2) {
			/* the other task puts, from a function that may have no owner */
			c = callers[(i * 5) % 3];
			CPUT(ot, 2 - i % 2, c, 0, held * WLW);
			held--;
		}
	}
	d = ot->devices;
	CHECK_EQ_U64(d->nr_owners, held);
	CHECK_EQ_U64(d->diverged.seq, 0);
	CHECK_EQ_U64(d->gets, 200);
	/* puts first, then their gets: nothing to end yet, the count says so */
	for (j = 0; j < 5; j++)
		CPUT(ot, 9, F_CTL, 0, (held - j) * WLW);
	CHECK_EQ_U64(d->unmatched_puts + d->paired[WR_PAIR_SAME_FN] + d->paired[WR_PAIR_FALLBACK] +
		     d->paired[WR_PAIR_LEARNED] + d->paired[WR_PAIR_DECLARED], d->puts);
	CHECK_EQ_U64(d->diverged.seq, 0);
	owners__free(ot);
}

/* An i915 raw get (weight 1) from CALLER by PID, the driver's count after it COUNT. */
static int raw_get(struct wr_owners *ot, uint32_t pid, uint64_t caller, int32_t count)
{
	return apply_class(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET_RAW, 0, pid, caller, ~0ull,
			   0, count);
}

/*
 * A put lost to BPF recursion (a timer's put on a CPU inside a traced
 * program): the next event's count is one raw reference short.  With one
 * raw owner the count tells which: it goes.  With two, either: both are
 * marked, in every format, and none is dropped.
 */
static void lost_put_repaired_or_marked(void)
{
	struct wr_owners *ot = table();
	struct wr_device *d;

	raw_get(ot, 1, F_GEM_FAULT, 1);
	/* the put of it is lost; a wakelock get then counts 1 + bias, not 2 + bias */
	apply_class(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 2, F_CTL, ~0ull, 0,
		    1 + WR_I915_WAKELOCK_BIAS);
	d = ot->devices;
	CHECK(d->diverged.seq != 0);
	CHECK_EQ_U64(owners__reconcile(ot, 0), 0);	/* nothing lost: nothing touched */
	CHECK_EQ_U64(d->nr_owners, 2);
	CHECK_EQ_U64(owners__reconcile(ot, 1), 1);
	CHECK_EQ_U64(d->nr_owners, 1);
	CHECK_EQ_U64(d->head->caller, F_CTL);
	CHECK_EQ_U64(d->repaired, 1);
	CHECK_EQ_U64(d->diverged.seq, 0);
	owners__free(ot);

	ot = table();
	raw_get(ot, 1, F_GEM_FAULT, 1);
	raw_get(ot, 2, F_LEAKY, 2);
	/* one of the two raw puts is lost: the next event's count says 1 + 1 */
	apply_class(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 3, F_CTL, ~0ull, 0,
		    2 + WR_I915_WAKELOCK_BIAS);
	d = ot->devices;
	CHECK_EQ_U64(owners__reconcile(ot, 1), 0);
	CHECK_EQ_U64(d->nr_owners, 3);
	CHECK_EQ_U64(d->uncertain, 2);
	CHECK(d->head->uncertain && d->head->next->uncertain && !d->tail->uncertain);
	CHECK(d->diverged.seq != 0);	/* still said: the count is not explained */
	owners__free(ot);
}

/*
 * The table keeps the last event's device and its driver's weight for the
 * next event (owners.c): events of two devices of two drivers, one's
 * driver forgotten in between, land where the list says.  A forgotten
 * device still remembered is a use after free: a sanitizer's build
 * (-fsanitize=address) says so; without one, glibc's free list in the
 * device's object usually sends the event to the list, by luck.
 */
static void device_and_weight_follow_each_event(void)
{
	struct wr_owners *ot = table();
	struct wr_event e = mk_event(RPM_DEV2, WR_EV_GET, WR_HOOK_XE_GET, WL, 5, ~0ull);
	uint64_t frames[2] = { A_RPM_GET, F_CTL + 0x10 };
	struct wr_site site = { .frames = frames, .nr_frames = 2, .caller = F_CTL };
	struct wr_device *i915, *xe;

	e.driver = WR_DRV_XE;
	GET(ot, 1, F_GEM_FAULT);
	owners__apply(ot, &e, &site);
	owners__apply(ot, &e, &site);
	GET(ot, 1, F_LEAKY);	/* the last event before the forget: the i915 one's */
	i915 = ot->devices;
	xe = i915 ? i915->next : NULL;
	CHECK(xe && !xe->next);
	CHECK_EQ_U64(i915->gets, 2);
	CHECK_EQ_U64(i915->traced_weight, 2 * (1 + WR_I915_WAKELOCK_BIAS));
	CHECK_EQ_U64(xe->gets, 2);
	CHECK_EQ_U64(xe->traced_weight, 2);	/* xe has no bias, wakelock or not */
	CHECK_EQ_U64(owners__forget_driver(ot, WR_DRV_I915), 2);
	CHECK(ot->devices == xe && !xe->next);
	/* the forgotten device is gone: its object's next event makes a new one */
	GET(ot, 1, F_CTL);
	CHECK(ot->devices == xe && xe->next);
	CHECK_EQ_U64(xe->next->obj, RPM_DEV);
	CHECK_EQ_U64(xe->next->gets, 1);
	CHECK_EQ_U64(xe->next->nr_owners, 1);
	CHECK_EQ_U64(xe->next->traced_weight, 1 + WR_I915_WAKELOCK_BIAS);
	CHECK_EQ_U64(xe->gets, 2);
	owners__free(ot);
}

UNIT_MAIN("owners", T(device_and_weight_follow_each_event), T(lost_put_repaired_or_marked), T(leak_names_the_leaking_caller), T(balanced_run_leaves_nothing),
	  T(failed_conditional_get_is_not_an_owner), T(same_function_across_tasks),
	  T(wakelock_and_raw_do_not_mix), T(fallback_is_never_silent),
	  T(fallback_prefers_the_same_task), T(put_before_any_get_is_unmatched),
	  T(real_cookies_pair_exactly), T(u32_constant_cookie_is_not_real),
	  T(devices_are_kept_apart), T(driver_counts_are_after_the_event),
	  T(declared_pairs_beat_fallback), T(learned_pairs_from_history),
	  T(held_before_tracing_from_the_driver), T(first_event_put_of_an_old_reference),
	  T(divergence_names_where_it_began),
	  T(events_overtaken_across_cpus_are_no_divergence),
	  T(puts_in_flight_on_two_cpus_are_no_divergence), T(adversarial_orders_keep_the_count_honest))
