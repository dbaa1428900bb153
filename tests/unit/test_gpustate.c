// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the verdict per GPU: the state read at once (no event), its
 * reasons one a line, i915's packed count split, and the JSON and text that
 * hang, ci and top print first.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "model/gpustate.h"
#include "output/gpus.h"
#include "unit.h"

static struct wr_gpu_state mk(uint8_t drv, int32_t count, int usage, bool on)
{
	struct wr_gpu_state g;

	memset(&g, 0, sizeof(g));
	snprintf(g.sys.name, sizeof(g.sys.name), drv == WR_DRV_I915 ? "gpu-i915.0" : "gpu-xe.0");
	snprintf(g.sys.driver, sizeof(g.sys.driver), drv == WR_DRV_I915 ? "i915" : "xe");
	snprintf(g.sys.status, sizeof(g.sys.status), "active");
	snprintf(g.sys.control, sizeof(g.sys.control), on ? "on" : "auto");
	g.sys.usage = usage;
	g.driver = drv;
	g.have_k = true;
	g.k.usage_count = usage;
	g.k.driver_count = count;
	g.k.autosuspend_delay = 50;
	g.k.flags = WR_PMS_DRIVER_COUNT | WR_PMS_USE_AUTOSUSPEND | (on ? 0 : WR_PMS_RUNTIME_AUTO);
	return g;
}

static void i915_packed_count_is_split(void)
{
	struct wr_gpu_state g = mk(WR_DRV_I915, 0x10002, 2, false);
	char r[WR_MAX_REASONS][WR_REASON_LEN];

	CHECK_EQ_U64(gpustate__held(&g), 2);
	CHECK_EQ_U64(gpustate__wakelocks(g.k.driver_count), 1);
	CHECK_EQ_U64(gpustate__reasons(&g, r, WR_MAX_REASONS), 1);
	CHECK_STR(r[0], "2 wakerefs held in i915 (wakeref_count 0x10002: 2 raw, 1 wakelocks)");
}

static void every_reason_its_own_line(void)
{
	struct wr_gpu_state g = mk(WR_DRV_I915, 0x10001, 3, true);
	char r[WR_MAX_REASONS][WR_REASON_LEN];

	g.k.disable_depth = 1;
	g.k.child_count = 2;
	g.k.autosuspend_delay = -1;
	CHECK_EQ_U64(gpustate__reasons(&g, r, WR_MAX_REASONS), 6);
	CHECK_CONTAINS(r[0], "power/control is \"on\"");
	CHECK_CONTAINS(r[1], "1 wakeref held in i915");
	CHECK_STR(r[2], "1 PM usage reference outside i915's wakerefs (usage count 3)");
	CHECK_CONTAINS(r[3], "disabled (disable depth 1)");
	CHECK_CONTAINS(r[4], "2 active child devices");
	CHECK_CONTAINS(r[5], "negative delay");
}

static void xe_control_on_is_not_a_wakeref(void)
{
	struct wr_gpu_state g = mk(WR_DRV_XE, 1, 1, true);
	char r[WR_MAX_REASONS][WR_REASON_LEN];

	CHECK_EQ_U64(gpustate__held(&g), 0);
	CHECK_EQ_U64(gpustate__reasons(&g, r, WR_MAX_REASONS), 1);
	CHECK_CONTAINS(r[0], "power/control");
}

static void idle_and_suspended_have_no_reason(void)
{
	struct wr_gpu_state g = mk(WR_DRV_I915, 0, 0, false);
	char r[WR_MAX_REASONS][WR_REASON_LEN], v[200];

	CHECK_EQ_U64(gpustate__reasons(&g, r, WR_MAX_REASONS), 0);
	gpus__verdict(v, sizeof(v), &g, NULL, NULL, 0);
	CHECK_STR(v, "active, nothing holds it: can suspend");
	g.k.runtime_status = 2;
	gpus__verdict(v, sizeof(v), &g, NULL, NULL, 0);
	CHECK_STR(v, "suspended");
}

static void unknown_count_says_why(void)
{
	struct wr_gpu_state g = mk(WR_DRV_I915, 0, 2, false);
	char r[WR_MAX_REASONS][WR_REASON_LEN];

	g.k.flags = WR_PMS_RUNTIME_AUTO | WR_PMS_DRIVER_NO_BTF;
	CHECK_EQ_U64(gpustate__held(&g), (uint64_t)-1);
	CHECK_EQ_U64(gpustate__reasons(&g, r, WR_MAX_REASONS), 1);
	CHECK_CONTAINS(r[0], "PM usage count 2");
	CHECK_CONTAINS(gpustate__no_count_why(&g, NULL), "BTF");
}

static void verdict_and_json(void)
{
	struct wr_gpu_states s = { .nr = 1, .read = true };
	char *buf = NULL, v[300];
	size_t len = 0;
	struct jw w;
	FILE *f;

	s.v[0] = mk(WR_DRV_I915, 0x20002, 2, false);
	gpus__verdict(v, sizeof(v), &s.v[0], NULL, NULL, 0);
	CHECK_STR(v, "cannot suspend: 2 wakerefs held, taken before wakeref attached: "
		  "owner unknown");
	CHECK_EQ_U64(gpus__stuck(&s), 1);
	f = open_memstream(&buf, &len);
	jw_init(&w, f);
	jw_object(&w, NULL);
	gpus__print_json(&w, &s, NULL, NULL, 0);
	jw_end_object(&w);
	fclose(f);
	CHECK_CONTAINS(buf, "\"can_suspend\":false");
	CHECK_CONTAINS(buf, "\"driver_count\":{\"packed\":131074,\"raw\":2,\"wakelocks\":2}");
	CHECK_CONTAINS(buf, "\"held\":2");
	free(buf);
}

UNIT_MAIN("gpustate",
	  T(i915_packed_count_is_split),
	  T(every_reason_its_own_line),
	  T(xe_control_on_is_not_a_wakeref),
	  T(idle_and_suspended_have_no_reason),
	  T(unknown_count_says_why),
	  T(verdict_and_json))
