// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the allowlist: file format, errors, matching, durations. */
#include "model/allowlist.h"
#include "unit.h"

static void durations(void)
{
	CHECK_EQ_U64(parse_duration_ns("500ms"), 500000000ull);
	CHECK_EQ_U64(parse_duration_ns("2s"), 2000000000ull);
	CHECK_EQ_U64(parse_duration_ns("1.5s"), 1500000000ull);
	CHECK_EQ_U64(parse_duration_ns("250us"), 250000ull);
	CHECK_EQ_U64(parse_duration_ns("3"), 3000000000ull);
	CHECK(parse_duration_ns("1x") == -1);
	CHECK(parse_duration_ns("ms") == -1);
	CHECK(parse_duration_ns("-1s") == -1);
	/* no overflow, no inf or nan turned into a number, nothing around it */
	CHECK(parse_duration_ns("inf") == -1);
	CHECK(parse_duration_ns("nan") == -1);
	CHECK(parse_duration_ns("1e300") == -1);
	CHECK(parse_duration_ns("1e10s") == -1);
	CHECK(parse_duration_ns("300y") == -1);
	CHECK(parse_duration_ns(" 2s") == -1);
	CHECK(parse_duration_ns("+2s") == -1);
	CHECK(parse_duration_ns("0x10") == -1);
	CHECK(parse_duration_ns("") == -1);
	CHECK_EQ_U64(parse_duration_ns("1e9s"), 1000000000000000000ull);
	CHECK_EQ_U64(parse_duration_ns("0"), 0);
}

static void parses_rules_and_comments(void)
{
	struct wr_allowlist al;

	CHECK(!allowlist__parse(&al, "# c\n\nfoo_*   # trailing\nbar 100ms\n", "t"));
	CHECK_EQ_U64(al.nr, 2);
	CHECK_STR(al.rules[0].glob, "foo_*");
	CHECK_EQ_U64(al.rules[0].max_age_ns, 0);
	CHECK_EQ_U64(al.rules[1].max_age_ns, 100000000ull);
	allowlist__free(&al);
}

static void bad_lines_are_errors(void)
{
	struct wr_allowlist al;

	CHECK(allowlist__parse(&al, "foo 1x\n", "t") < 0);
	CHECK(allowlist__parse(&al, "ok\nfoo 1s extra\n", "t") < 0);
}

static void matches_owner_or_api_within_age(void)
{
	struct wr_allowlist al;

	CHECK(!allowlist__parse(&al, "xe_vm_*\nintel_wakeref_auto 1s\n", "t"));
	CHECK(allowlist__match(&al, "xe_vm_create", "xe_pm_runtime_get_noresume", 0));
	CHECK(allowlist__match(&al, "vm_fault_gtt", "intel_wakeref_auto", 999000000ull));
	/* older than its max age: a leak after all */
	CHECK(!allowlist__match(&al, "vm_fault_gtt", "intel_wakeref_auto", 1000000000ull));
	CHECK(!allowlist__match(&al, "sim_leaky_path", "intel_runtime_pm_get", 0));
	CHECK(!allowlist__match(NULL, "xe_vm_create", NULL, 0));
	allowlist__free(&al);
}

static void default_list_loads(void)
{
	struct wr_allowlist al;

	CHECK(!allowlist__load_default(&al));
	CHECK(al.nr >= 8);
	CHECK(allowlist__match(&al, "__gt_unpark", "intel_display_power_get", 60000000000ull));
	CHECK(allowlist__match(&al, "sim_x", "__intel_display_power_put_async", 100000000ull));
	CHECK(!allowlist__match(&al, "sim_x", "__intel_display_power_put_async", 5000000000ull));
	allowlist__free(&al);
}

UNIT_MAIN("allowlist", T(durations), T(parses_rules_and_comments), T(bad_lines_are_errors),
	  T(matches_owner_or_api_within_age), T(default_list_loads))
