// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the scenario runner's comparison of wakeref with the oracle,
 * on canned outputs of both: agreement, each kind of difference and its diff
 * lines, devices wakeref never saw, attaching late, kinds only one side
 * prints, and finding a snapshot in wakeref's output.
 */
#include "scn.h"
#include "unit.h"

static const char oracle_leak[] =
	"device wakeref-sim-i915.0 driver=i915 count=3 wakeref_count=196611 usage_count=3 runtime_status=active\n"
	"owner wakeref-sim-i915.0 sim_guc_submit 1\n"
	"owner wakeref-sim-i915.0 sim_leaky_path 2\n"
	"stats wakeref-sim-i915.0 gets=4 failed_gets=0 puts=1 suspends=0 resumes=1 asserts=0\n"
	"device wakeref-sim-i915.1 driver=i915 count=0 wakeref_count=0 usage_count=0 runtime_status=suspended\n"
	"stats wakeref-sim-i915.1 gets=0 failed_gets=0 puts=0 suspends=1 resumes=0 asserts=0\n";

/* wakeref saw only i915.0; its lines come in another order, with other fields */
static const char wakeref_leak[] =
	"device wakeref-sim-i915.0 driver=i915 count=3 wakeref_count=196611 usage_count=3 gets=4 puts=1 failed_gets=0 unmatched_puts=0 fallback_puts=0\n"
	"owner wakeref-sim-i915.0 sim_leaky_path 2\n"
	"owner wakeref-sim-i915.0 sim_guc_submit 1\n"
	"loss events=5 ringbuf_drops=0 recursion_misses=0 stack_errors=0\n";

static struct scn_view view(const char *text)
{
	struct scn_view v = {};

	CHECK_EQ_U64(scn_view_parse(&v, text, strlen(text)), 0);
	return v;
}

/* The diff of @a (oracle) and @b (wakeref) as text; @nr gets its count. */
static char *diff(const char *a, const char *b, size_t *nr)
{
	struct scn_view va = view(a), vb = view(b);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	*nr = scn_view_compare(&va, &vb, f);
	fclose(f);
	scn_view_free(&va);
	scn_view_free(&vb);
	return buf;
}

static void canonical_lines(void)
{
	struct scn_view v = view(oracle_leak);

	/* device lines keep DEV and count; count=0 and stats lines are left out */
	CHECK_EQ_U64(v.nr, 3);
	CHECK_STR(v.lines[0].text, "owner wakeref-sim-i915.0 sim_guc_submit 1");
	CHECK_STR(v.lines[1].text, "owner wakeref-sim-i915.0 sim_leaky_path 2");
	CHECK_STR(v.lines[2].text, "device wakeref-sim-i915.0 count=3");
	CHECK_EQ_U64(v.nr_kind[SCN_CMP_DEVICE], 2);
	CHECK(!v.loss);
	scn_view_free(&v);
	v = view(wakeref_leak);
	CHECK_STR(v.loss, "loss events=5 ringbuf_drops=0 recursion_misses=0 stack_errors=0");
	scn_view_free(&v);
}

static void agree(void)
{
	size_t nr;
	char *d = diff(oracle_leak, wakeref_leak, &nr);

	CHECK_EQ_U64(nr, 0);
	CHECK_STR(d, "");
	free(d);
}

static void owner_count_differs(void)
{
	size_t nr;
	char *d = diff(oracle_leak,
		       "device wakeref-sim-i915.0 driver=i915 count=3 gets=4 puts=1\n"
		       "owner wakeref-sim-i915.0 sim_leaky_path 1\n"
		       "owner wakeref-sim-i915.0 sim_guc_submit 2\n", &nr);

	CHECK_EQ_U64(nr, 4);
	CHECK_STR(d,
		  "  - oracle:  owner wakeref-sim-i915.0 sim_guc_submit 1\n"
		  "  + wakeref: owner wakeref-sim-i915.0 sim_guc_submit 2\n"
		  "  - oracle:  owner wakeref-sim-i915.0 sim_leaky_path 2\n"
		  "  + wakeref: owner wakeref-sim-i915.0 sim_leaky_path 1\n");
	free(d);
}

static void device_count_differs(void)
{
	size_t nr;
	char *d = diff(oracle_leak,
		       "device wakeref-sim-i915.0 driver=i915 count=2\n"
		       "owner wakeref-sim-i915.0 sim_leaky_path 2\n"
		       "owner wakeref-sim-i915.0 sim_guc_submit 1\n", &nr);

	CHECK_EQ_U64(nr, 2);
	CHECK_STR(d, "  - oracle:  device wakeref-sim-i915.0 count=3\n"
		     "  + wakeref: device wakeref-sim-i915.0 count=2\n");
	free(d);
}

/* wakeref saw nothing at all: every held wakeref is missing */
static void wakeref_saw_nothing(void)
{
	size_t nr;
	char *d = diff(oracle_leak, "loss events=0 ringbuf_drops=0\n", &nr);

	CHECK_EQ_U64(nr, 3);
	CHECK_CONTAINS(d, "  - oracle:  owner wakeref-sim-i915.0 sim_leaky_path 2\n");
	CHECK_CONTAINS(d, "  - oracle:  device wakeref-sim-i915.0 count=3\n");
	CHECK(!strstr(d, "+ wakeref"));
	free(d);
	/* ... and both idle agree, whatever devices each lists */
	d = diff("device wakeref-sim-i915.0 driver=i915 count=0\n", "", &nr);
	CHECK_EQ_U64(nr, 0);
	free(d);
}

/* wakeref holds one the oracle does not: a put it failed to pair */
static void wakeref_holds_too_much(void)
{
	size_t nr;
	char *d = diff("device wakeref-sim-i915.0 driver=i915 count=0\n",
		       "device wakeref-sim-i915.0 driver=i915 count=1\n"
		       "owner wakeref-sim-i915.0 sim_gem_fault 1\n", &nr);

	CHECK_EQ_U64(nr, 2);
	CHECK_STR(d, "  + wakeref: owner wakeref-sim-i915.0 sim_gem_fault 1\n"
		     "  + wakeref: device wakeref-sim-i915.0 count=1\n");
	free(d);
}

/* kinds of the table compared only when both sides print them */
static void later_kinds_need_both_sides(void)
{
	static const char with_uf[] =
		"device wakeref-sim-xe.0 driver=xe count=1\n"
		"owner wakeref-sim-xe.0 sim_gem_fault 1\n"
		"userfault wakeref-sim-xe.0 obj=1\n";
	size_t nr;
	char *d;

	/* wakeref prints no userfault lines yet: not compared */
	d = diff(with_uf, "device wakeref-sim-xe.0 driver=xe count=1\n"
			  "owner wakeref-sim-xe.0 sim_gem_fault 1\n", &nr);
	CHECK_EQ_U64(nr, 0);
	free(d);
	/* both print them: compared like the others */
	d = diff(with_uf, "device wakeref-sim-xe.0 driver=xe count=1\n"
			  "owner wakeref-sim-xe.0 sim_gem_fault 1\n"
			  "userfault   wakeref-sim-xe.0 obj=2\n", &nr);
	CHECK_EQ_U64(nr, 2);
	CHECK_STR(d, "  - oracle:  userfault wakeref-sim-xe.0 obj=1\n"
		     "  + wakeref: userfault wakeref-sim-xe.0 obj=2\n");
	free(d);
	d = diff("svm a\nsvm b\n", "svm b\nsvm a\n", &nr);
	CHECK_EQ_U64(nr, 0);
	free(d);
}

/* attaching late: what the oracle held at attach is not wakeref's to know */
static void discount_what_was_held_at_attach(void)
{
	struct scn_view base = view(
		"device wakeref-sim-i915.0 driver=i915 count=3\n"
		"owner wakeref-sim-i915.0 sim_gem_fault 2\n"
		"owner wakeref-sim-i915.0 sim_hotplug_work 1\n");
	/* since: one more gem_fault, one hotplug_work put, a guc_submit */
	struct scn_view now = view(
		"device wakeref-sim-i915.0 driver=i915 count=4\n"
		"owner wakeref-sim-i915.0 sim_gem_fault 3\n"
		"owner wakeref-sim-i915.0 sim_guc_submit 1\n");
	struct scn_view seen = view(
		"device wakeref-sim-i915.0 driver=i915 count=2\n"
		"owner wakeref-sim-i915.0 sim_gem_fault 1\n"
		"owner wakeref-sim-i915.0 sim_guc_submit 1\n");

	CHECK_EQ_U64(scn_view_discount(&now, &base), 0);
	CHECK_EQ_U64(now.nr, 3);
	CHECK_STR(now.lines[0].text, "owner wakeref-sim-i915.0 sim_gem_fault 1");
	CHECK_STR(now.lines[2].text, "device wakeref-sim-i915.0 count=2");
	CHECK_EQ_U64(scn_view_compare(&now, &seen, NULL), 0);
	scn_view_free(&now);

	/* all from before: nothing left to compare, wakeref saw nothing */
	now = view("device wakeref-sim-i915.0 driver=i915 count=2\n"
		   "owner wakeref-sim-i915.0 sim_gem_fault 2\n");
	CHECK_EQ_U64(scn_view_discount(&now, &base), 0);
	CHECK_EQ_U64(now.nr, 0);
	scn_view_free(&now);
	scn_view_free(&seen);
	scn_view_free(&base);
}

static void snapshot_blocks(void)
{
	static const char out[] =
		"=== wakeref snapshot 1\n"
		"owner a f 1\n"
		"=== end of snapshot 1\n"
		"=== wakeref snapshot 2\n"
		"owner a f 2\n"
		"loss events=1\n"
		"=== end of snapshot 2\n"
		"=== wakeref snapshot 3\n"
		"owner a f 3\n"
		"=== end of snap";
	size_t len, end;
	const char *b;
	char *text;

	b = scn_snapshot_find(out, strlen(out), 2, &len, &end);
	CHECK(b != NULL);
	text = b ? strndup(b, len) : NULL;
	CHECK_STR(text, "owner a f 2\nloss events=1\n");
	free(text);
	CHECK_STR(out + end, "=== wakeref snapshot 3\nowner a f 3\n=== end of snap");
	/* not complete yet */
	CHECK(!scn_snapshot_find(out, strlen(out), 3, &len, &end));
	b = scn_snapshot_find(out, strlen(out), 1, &len, &end);
	CHECK(b && len == strlen("owner a f 1\n"));
}

UNIT_MAIN("scn_compare",
	  T(canonical_lines),
	  T(agree),
	  T(owner_count_differs),
	  T(device_count_differs),
	  T(wakeref_saw_nothing),
	  T(wakeref_holds_too_much),
	  T(later_kinds_need_both_sides),
	  T(discount_what_was_held_at_attach),
	  T(snapshot_blocks))
