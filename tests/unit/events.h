/* SPDX-License-Identifier: GPL-2.0 */
/* events.h - synthetic event streams for the owner-table and report tests. */
#ifndef WR_TEST_EVENTS_H
#define WR_TEST_EVENTS_H

#include "model/owners.h"

/* Addresses from fixtures/kallsyms.txt */
#define A_RPM_GET	0xffffffffc0200010ull	/* intel_runtime_pm_get+0x10 */
#define A_RPM_PUT	0xffffffffc0200050ull	/* intel_runtime_pm_put_unchecked+0x10 */
#define F_GEM_FAULT	0xffffffffc0200080ull
#define F_LEAKY		0xffffffffc0200100ull
#define F_CTL		0xffffffffc0200180ull
#define A_KSYS_WRITE	0xffffffff81001234ull

#define RPM_DEV		0xffff888012340000ull
#define RPM_DEV2	0xffff888056780000ull

static uint64_t test_clock = 1000000000ull;

/* An event on device OBJ from task PID whose caller is CALLER. */
static inline struct wr_event mk_event(uint64_t obj, uint8_t type, uint16_t hook,
					uint32_t flags, uint32_t pid, uint64_t cookie)
{
	struct wr_event e;

	memset(&e, 0, sizeof(e));
	e.ts_ns = (test_clock += 1000000);
	e.obj = obj;
	e.type = type;
	e.hook = hook;
	e.flags = flags;
	e.pid = e.tgid = pid;
	e.cookie = cookie;
	e.driver = WR_DRV_I915;
	e.usage_count = -1;
	snprintf(e.comm, sizeof(e.comm), "task%u", pid);
	snprintf(e.dev, sizeof(e.dev), obj == RPM_DEV ? "0000:00:02.0" : "0000:03:00.0");
	return e;
}

/* Apply a get or put made from CALLER (+0x10 into it) via HOOK_ADDR, with
 * declared pair class CLASS. */
static inline int apply_class(struct wr_owners *ot, uint64_t obj, uint8_t type, uint16_t hook,
			      uint32_t flags, uint32_t pid, uint64_t caller, uint64_t cookie,
			      int pair_class, int32_t count)
{
	struct wr_event e = mk_event(obj, type, hook, flags, pid, cookie);
	uint64_t frames[3] = { type == WR_EV_PUT ? A_RPM_PUT : A_RPM_GET, caller + 0x10,
			       A_KSYS_WRITE };
	struct wr_site site = { .frames = frames, .nr_frames = 3, .caller = caller,
				.pair_class = pair_class };

	e.wakeref_count = count;
	return owners__apply(ot, &e, &site);
}


static inline int apply(struct wr_owners *ot, uint64_t obj, uint8_t type, uint16_t hook,
			uint32_t flags, uint32_t pid, uint64_t caller, uint64_t cookie)
{
	struct wr_event e = mk_event(obj, type, hook, flags, pid, cookie);
	uint64_t frames[3] = { type == WR_EV_PUT ? A_RPM_PUT : A_RPM_GET, caller + 0x10,
			       A_KSYS_WRITE };
	struct wr_site site = { .frames = frames, .nr_frames = 3, .caller = caller };

	return owners__apply(ot, &e, &site);
}

#define WL WR_EVF_WAKELOCK
#define GET(ot, pid, caller) \
	apply(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, pid, caller, ~0ull)
#define PUT(ot, pid, caller) \
	apply(ot, RPM_DEV, WR_EV_PUT, WR_HOOK_I915_RPM_PUT_UNCHECKED, WL, pid, caller, 0)

#endif
