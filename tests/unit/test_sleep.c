// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of system sleep and unbind (model/sleep.c): what was held when
 * a suspend began, gets and puts flagged while asleep, what unbind left.
 */
#include "unit.h"
#include "events.h"
#include "render.h"
#include "model/sleep.h"

/* A step of device RPM_DEV: i915's callbacks name it, its release has its object. */
static void phase(struct wr_owners *ot, uint16_t hook, uint32_t pid, int ret, bool by_obj)
{
	struct wr_event e = mk_event(by_obj ? RPM_DEV : 0, WR_EV_PHASE, hook, 0, pid,
				     (uint64_t)(int64_t)ret);
	struct wr_site site = { 0 };

	if (!by_obj && hook == WR_HOOK_PH_I915_SUSPEND_EXIT)
		e.dev[0] = 0;		/* at return: neither object nor name */
	else if (!by_obj)
		snprintf(e.dev, sizeof(e.dev), "0000:00:02.0");
	e.flags = WR_EVF_NO_COUNT;
	owners__apply(ot, &e, &site);
}

static void held_at_suspend_and_flagged_while_asleep(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	struct wr_device *d;
	struct wr_sleep *s;

	GET(ot, 1, F_LEAKY);
	GET(ot, 1, F_GEM_FAULT);
	PUT(ot, 1, F_GEM_FAULT);
	phase(ot, WR_HOOK_PH_I915_SUSPEND, 7, 0, false);
	/* a get in the driver's own callback, before it returned: not flagged */
	GET(ot, 7, F_CTL);
	PUT(ot, 7, F_CTL);
	phase(ot, WR_HOOK_PH_I915_SUSPEND_EXIT, 7, 0, false);
	GET(ot, 9, F_GEM_FAULT);
	PUT(ot, 9, F_GEM_FAULT);
	GET(ot, 9, F_CTL);
	phase(ot, WR_HOOK_PH_I915_RESUME, 7, 0, false);
	GET(ot, 9, F_GEM_FAULT);		/* awake again: not flagged */
	d = ot->devices;
	CHECK(d && !d->next && d->sleep);
	s = d->sleep;
	CHECK_EQ_U64(s->suspends, 1);
	CHECK_EQ_U64(s->resumes, 1);
	CHECK(!s->asleep);
	CHECK_EQ_U64(s->at_suspend.nr, 1);
	CHECK_EQ_U64(s->at_suspend.owners[0].caller, F_LEAKY);
	CHECK_EQ_U64(s->at_suspend.owners[0].nr_frames, 3);
	CHECK_EQ_U64(s->gets_asleep, 2);
	CHECK_EQ_U64(s->puts_asleep, 1);
	CHECK_EQ_U64(s->nr_events, 3);
	CHECK_EQ_U64(s->events[0].type, WR_EV_GET);
	CHECK_EQ_U64(s->events[1].type, WR_EV_PUT);
	CHECK_EQ_U64(s->events[1].caller, F_GEM_FAULT);
	CHECK_EQ_U64(s->events[2].caller, F_CTL);
	/* the owner taken while asleep says so; the one after the resume does not */
	CHECK(d->tail->prev->asleep && d->tail->prev->caller == F_CTL);
	CHECK(!d->tail->asleep);
	/* the copy outlives the owner it was taken from */
	PUT(ot, 1, F_LEAKY);
	CHECK_EQ_U64(s->at_suspend.owners[0].caller, F_LEAKY);
	CHECK(s->at_suspend.owners[0].frames[1] == F_LEAKY + 0x10);
	owners__free(ot);
}

static void failed_suspend_is_not_asleep(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	struct wr_sleep *s;

	GET(ot, 1, F_LEAKY);
	phase(ot, WR_HOOK_PH_I915_SUSPEND, 7, 0, false);
	phase(ot, WR_HOOK_PH_I915_SUSPEND_EXIT, 7, -16, false);
	GET(ot, 9, F_CTL);
	s = ot->devices->sleep;
	CHECK_EQ_U64(s->failed, 1);
	CHECK(!s->asleep);
	CHECK_EQ_U64(s->gets_asleep, 0);
	/* a return seen from another task than the suspend's belongs to no device */
	phase(ot, WR_HOOK_PH_I915_SUSPEND, 7, 0, false);
	phase(ot, WR_HOOK_PH_I915_SUSPEND_EXIT, 8, 0, false);
	CHECK(!s->asleep);
	owners__free(ot);
}

static void unbind_keeps_what_was_held(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	struct wr_device *d;

	GET(ot, 1, F_LEAKY);
	GET(ot, 2, F_CTL);
	PUT(ot, 2, F_CTL);
	phase(ot, WR_HOOK_PH_I915_RELEASE, 3, 0, true);
	d = ot->devices;
	CHECK(d->sleep && d->sleep->at_release.taken);
	CHECK_EQ_U64(d->sleep->at_release.nr, 1);
	CHECK_EQ_U64(d->sleep->at_release.owners[0].caller, F_LEAKY);
	/* the module goes: the device stays for what unbind left, without owners */
	CHECK_EQ_U64(owners__forget_driver(ot, WR_DRV_I915), 1);
	CHECK(ot->devices == d && d->unbound && !d->nr_owners);
	/* the driver loaded again: its events make a new device */
	GET(ot, 1, F_GEM_FAULT);
	CHECK(d->next && d->next->nr_owners == 1 && !d->nr_owners);
	owners__free(ot);
}

/* The three sections in text, JSON and the owners lines the guest test compares. */
static void reports_say_it(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	struct report_opts o = { .now_ns = test_clock + 1000000000ull };
	char *s;

	GET(ot, 1, F_LEAKY);
	phase(ot, WR_HOOK_PH_I915_SUSPEND, 7, 0, false);
	phase(ot, WR_HOOK_PH_I915_SUSPEND_EXIT, 7, 0, false);
	GET(ot, 9, F_GEM_FAULT);
	PUT(ot, 9, F_GEM_FAULT);
	phase(ot, WR_HOOK_PH_I915_RESUME_EARLY, 7, 0, false);
	phase(ot, WR_HOOK_PH_I915_RELEASE, 3, 0, true);

	o.format = WR_FMT_OWNERS;
	s = render_opts(ot, o);
	CHECK_CONTAINS(s, "suspend 0000:00:02.0 suspends=1 resumes=1 failed=0 held=1\n"
			  "suspend_owner 0000:00:02.0 sim_leaky_path 1\n"
			  "asleep 0000:00:02.0 get sim_gem_fault\n"
			  "asleep 0000:00:02.0 put sim_gem_fault\n"
			  "asleep_count 0000:00:02.0 gets=1 puts=1\n"
			  "unbind 0000:00:02.0 held=1\n"
			  "unbind_owner 0000:00:02.0 sim_leaky_path 1\n");
	free(s);
	o.format = WR_FMT_TEXT;
	s = render_opts(ot, o);
	CHECK_CONTAINS(s, "System suspend: 1 suspend (0 failed), 1 resume\n"
			  "Held at system suspend (i915_pm_suspend, pid 7 [task7]): 1 wakeref\n"
			  "Wakeref held at system suspend, taken at:\n");
	CHECK_CONTAINS(s, "WARNING: 1 get and 1 put while suspended");
	CHECK_CONTAINS(s, "Wakeref taken while suspended by sim_gem_fault, pid 9 [task9]:\n");
	CHECK_CONTAINS(s, "Held at unbind (intel_runtime_pm_driver_release, pid 3 [task3]): 1 wakeref");
	free(s);
	o.format = WR_FMT_JSON;
	s = render_opts(ot, o);
	CHECK_CONTAINS(s, "\"held_at_suspend\":");
	CHECK_CONTAINS(s, "\"gets_while_suspended\":1");
	CHECK_CONTAINS(s, "\"held_at_unbind\":");
	free(s);
	owners__free(ot);
}

UNIT_MAIN("sleep", T(reports_say_it), T(held_at_suspend_and_flagged_while_asleep), T(failed_suspend_is_not_asleep),
	  T(unbind_keeps_what_was_held))
