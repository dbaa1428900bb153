// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the scenario runner's comparison of wakeref with the oracle,
 * on canned outputs of both: agreement, each kind of difference and its diff
 * lines, devices wakeref never saw, attaching late, kinds only one side
 * prints, and finding a snapshot in wakeref's output; then the pairs:
 * which get each put ended, judged by the oracle's, and the verdict.
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

/*
 * The views' kinds are compared whenever wakeref traces the view: an
 * expected line wakeref does not print is a difference, not a skip.
 */
static void traced_views_are_compared(void)
{
	static const char with_uf[] =
		"device wakeref-sim-xe.0 driver=xe count=1\n"
		"owner wakeref-sim-xe.0 sim_gem_fault 1\n"
		"userfault wakeref-sim-xe.0 vram count=1\n"
		"userfault wakeref-sim-xe.0 vram obj=0x1\n"
		"userfault wakeref-sim-i915.0 ggtt count=0\n"
		"svm wakeref-sim-xe.0 gpusvms=0\n";
	static const char no_uf[] =
		"device wakeref-sim-xe.0 driver=xe count=1\n"
		"owner wakeref-sim-xe.0 sim_gem_fault 1\n";
	size_t nr;
	char *d;

	/* traced (WAKEREF_FEATURES unset: all): wakeref printing none fails */
	CHECK_EQ_U64(scn_view_set_features(NULL), 0);
	d = diff(with_uf, no_uf, &nr);
	CHECK_EQ_U64(nr, 2);
	CHECK_STR(d, "  - oracle:  userfault wakeref-sim-xe.0 vram count=1\n"
		     "  - oracle:  userfault wakeref-sim-xe.0 vram obj=0x1\n");
	free(d);
	CHECK_EQ_U64(scn_view_set_features("owners,userfault"), 0);
	d = diff(with_uf, no_uf, &nr);
	CHECK_EQ_U64(nr, 2);
	free(d);
	/* empty lists and devices without a GPU SVM count as absent on both sides */
	d = diff("userfault a ggtt count=0\nsvm a gpusvms=0\n", "", &nr);
	CHECK_EQ_U64(nr, 0);
	free(d);
	/* both print them: compared like the others */
	d = diff(with_uf, "device wakeref-sim-xe.0 driver=xe count=1\n"
			  "owner wakeref-sim-xe.0 sim_gem_fault 1\n"
			  "userfault wakeref-sim-xe.0 vram count=1\n"
			  "userfault   wakeref-sim-xe.0 vram obj=0x2\n", &nr);
	CHECK_EQ_U64(nr, 2);
	CHECK_STR(d, "  - oracle:  userfault wakeref-sim-xe.0 vram obj=0x1\n"
		     "  + wakeref: userfault wakeref-sim-xe.0 vram obj=0x2\n");
	free(d);
	d = diff("svm a\nsvm b\n", "svm b\nsvm a\n", &nr);
	CHECK_EQ_U64(nr, 0);
	free(d);
	/* not traced (WAKEREF_FEATURES=owners): not compared at all */
	CHECK_EQ_U64(scn_view_set_features("owners"), 0);
	CHECK(!scn_view_compared(SCN_CMP_USERFAULT));
	CHECK(scn_view_compared(SCN_CMP_OWNER));
	d = diff(with_uf, no_uf, &nr);
	CHECK_EQ_U64(nr, 0);
	free(d);
	CHECK(scn_view_set_features("owners,bogus") != 0);
	CHECK_EQ_U64(scn_view_set_features(NULL), 0);
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

/*
 * Pairs.  The oracle stamps a get just before wakeref's fexit and a put just
 * after wakeref's fentry; wakeref attached (start 1000, ready 2000) after
 * one xe_vm_create get and while another was taken.  Two jobs were freed
 * out of order (b first); wakeref paired them in order.
 */
static const char oracle_pairs[] =
	"pairs wakeref-sim-xe.0 recorded=5 cut=0\n"
	"pair wakeref-sim-xe.0 4000 5000 xe_sched_job_create xe 0 0\n"
	"pair wakeref-sim-xe.0 3000 7000 xe_sched_job_create xe 0 0\n"
	"pair wakeref-sim-xe.0 500 8000 xe_vm_create xe 0 0\n"
	"pair wakeref-sim-xe.0 1500 9000 xe_vm_create xe 0 0\n"
	"pair wakeref-sim-xe.0 10000 150000 xe_sched_job_create xe 0 0\n"
	"held wakeref-sim-xe.0 6000 xe_vm_create xe 0\n"
	"pairs wakeref-sim-i915.0 recorded=0 cut=0\n";

static const char wakeref_fifo[] =
	"device wakeref-sim-xe.0 driver=xe count=1 fallback_puts=0 held_before=1 diverged=0\n"
	"owner wakeref-sim-xe.0 xe_vm_create 1\n"
	"pairs kept=5 cut=0\n"
	"pair wakeref-sim-xe.0 3100 4950 xe_sched_job_create xe declared 0 0\n"
	"pair wakeref-sim-xe.0 4100 6950 xe_sched_job_create xe declared 0 0\n"
	"pair wakeref-sim-xe.0 - 7950 - xe unmatched - 0\n"
	"pair wakeref-sim-xe.0 1600 8950 xe_vm_create xe declared 0 0\n"
	"pair wakeref-sim-xe.0 10100 10200 xe_sched_job_create xe same-function 0 0\n"
	"loss events=12 ringbuf_drops=0 recursion_misses=0 stack_errors=0 kprobe_misses=unreported\n";

static const struct scn_window pairs_win = { 1000, 2000, 100000 };

static struct scn_pairs pairs_of(const char *text)
{
	struct scn_pairs p = {};

	CHECK_EQ_U64(scn_pairs_parse(&p, text, strlen(text)), 0);
	return p;
}

/* Judge @w by oracle_pairs; the wrong ones said into the returned buffer. */
static char *judge(const char *w, struct scn_pair_result *res)
{
	struct scn_pairs o = pairs_of(oracle_pairs), ps = pairs_of(w);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	memset(res, 0, sizeof(*res));
	scn_pairs_judge(&o, &ps, &pairs_win, res, f);
	fclose(f);
	scn_pairs_free(&o);
	scn_pairs_free(&ps);
	return buf;
}

static void pairs_parse_both_sides(void)
{
	struct scn_pairs o = pairs_of(oracle_pairs), w = pairs_of(wakeref_fifo);

	CHECK(o.seen && w.seen);
	CHECK_EQ_U64(o.nr, 5);
	CHECK_EQ_U64(o.nr_held, 1);
	CHECK_EQ_U64(o.held[0].get_ns, 6000);
	CHECK_STR(o.v[2].func, "xe_vm_create");
	CHECK_EQ_U64(w.nr, 5);
	CHECK(w.v[2].unmatched && !w.v[2].get_ns && w.v[2].put_ns == 7950);
	CHECK_STR(w.v[0].pairing, "declared");
	CHECK_EQ_U64(w.fallback + w.diverged + w.losses, 0);
	scn_pairs_free(&o);
	scn_pairs_free(&w);
	w = pairs_of("device d fallback_puts=2 diverged=1\ndevice e fallback_puts=1 diverged=0\n"
		     "loss events=9 ringbuf_drops=3 recursion_misses=1 stack_errors=0 kprobe_misses=2\n"
		     "pairs kept=0 cut=7\n");
	CHECK_EQ_U64(w.fallback, 3);
	CHECK_EQ_U64(w.diverged, 1);
	CHECK_EQ_U64(w.losses, 6);
	CHECK_EQ_U64(w.cut, 7);
	scn_pairs_free(&w);
	w = (struct scn_pairs){};
	CHECK(scn_pairs_parse(&w, "pair d 1 2\n", 11) != 0);
	scn_pairs_free(&w);
}

static void pairs_out_of_order_are_wrong(void)
{
	struct scn_pair_result res;
	char *why = judge(wakeref_fifo, &res), line[300];

	/* b, a and the one from before judged; the one taken while starting is not */
	CHECK_EQ_U64(res.puts, 3);
	CHECK_EQ_U64(res.right, 1);
	CHECK_EQ_U64(res.compared, 3);
	CHECK_EQ_U64(res.kinds, 3);
	CHECK_EQ_U64(res.not_judged, 1);
	CHECK_STR(why,
		  "  wrong pair: wakeref-sim-xe.0 put at 5000 ended xe_sched_job_create xe get at 4000; "
		  "wakeref: xe_sched_job_create xe get at 3100, declared (another get)\n"
		  "  wrong pair: wakeref-sim-xe.0 put at 7000 ended xe_sched_job_create xe get at 3000; "
		  "wakeref: xe_sched_job_create xe get at 4100, declared (another get)\n");
	free(why);
	scn_pairs_summary(&res, line, sizeof(line));
	CHECK_STR(line, "pairs: 1 right / 3 puts (33.3%), kinds: 3 agree / 3, fallback puts 0, "
		  "divergence 0, losses 0, 1 taken while wakeref started");
}

static void pairs_in_the_drivers_order_are_right(void)
{
	struct scn_pair_result res;
	struct scn_expect exp = { .min_accuracy = 100 };
	char *why = judge("pairs kept=4 cut=0\n"
			  "pair wakeref-sim-xe.0 4100 4950 xe_sched_job_create xe same-function 0 0\n"
			  "pair wakeref-sim-xe.0 3100 6950 xe_sched_job_create xe learned 0 0\n"
			  "pair wakeref-sim-xe.0 - 7950 - xe unmatched - 0\n"
			  "pair wakeref-sim-xe.0 1600 8950 xe_vm_create xe declared 0 0\n", &res);
	char buf[200];

	CHECK_STR(why, "");
	free(why);
	CHECK_EQ_U64(res.puts, 3);
	CHECK_EQ_U64(res.right, 3);
	CHECK(!scn_pairs_verdict(&res, &exp, buf, sizeof(buf)));
}

static void pairs_wrong_ways(void)
{
	struct scn_pair_result res;
	char *why;

	/* no put near enough; another owner; another kind; a pre-attach get paired */
	why = judge("pairs kept=3 cut=0\n"
		    "pair wakeref-sim-xe.0 4100 4950 sim_xe_exec xe same-function 0 0\n"
		    "pair wakeref-sim-xe.0 3100 6950 xe_sched_job_create raw declared 0 0\n"
		    "pair wakeref-sim-xe.0 6100 7950 xe_vm_create xe fallback 0 0\n", &res);
	CHECK_EQ_U64(res.puts, 3);
	CHECK_EQ_U64(res.right, 0);
	CHECK_EQ_U64(res.compared, 3);
	CHECK_EQ_U64(res.kinds, 2);
	CHECK_CONTAINS(why, "get at 4100, same-function (another owner)\n");
	CHECK_CONTAINS(why, "get at 3100, declared (another kind)\n");
	CHECK_CONTAINS(why, "get at 6100, fallback (the get was taken before wakeref started)\n");
	free(why);
	/* wakeref missed a put; the put of a traced get taken as one from before */
	why = judge("pairs kept=2 cut=0\n"
		    "pair wakeref-sim-xe.0 4100 4950 xe_sched_job_create xe same-function 0 0\n"
		    "pair wakeref-sim-xe.0 - 6950 - xe unmatched - 0\n", &res);
	CHECK_EQ_U64(res.right, 1);
	CHECK_EQ_U64(res.compared, 2);
	CHECK_CONTAINS(why, "put at 7000 ended xe_sched_job_create xe get at 3000; wakeref: an "
		       "unmatched put (a traced get)\n");
	CHECK_CONTAINS(why, "put at 8000 ended xe_vm_create xe get at 500; wakeref: no put seen\n");
	free(why);
}

/*
 * The G2H IRQ and the worker it queued run at once on two CPUs: each one's
 * put and get stamps fall between the other's.  The CPU says which is which.
 */
static void pairs_on_two_cpus(void)
{
	static const char oracle[] =
		"pair x 1000 1500 xe_guc_ct_fast_path xe 0 0\n"
		"pair x 1010 1520 receive_g2h xe 1 1\n";
	struct scn_window win = { 100, 200, 100000 };
	struct scn_pairs o = pairs_of(oracle), w;
	struct scn_pair_result res = {};

	/* wakeref's stamps: gets a little after the oracle's, puts a little before */
	w = pairs_of("pairs kept=2 cut=0\n"
		     "pair x 1030 1505 receive_g2h xe fallback 1 1\n"
		     "pair x 1020 1480 xe_guc_ct_fast_path xe learned 0 0\n");
	scn_pairs_judge(&o, &w, &win, &res, NULL);
	CHECK_EQ_U64(res.puts, 2);
	CHECK_EQ_U64(res.right, 2);
	scn_pairs_free(&w);
	/* the same stamps without CPUs: the IRQ's get looks like the worker's */
	w = pairs_of("pairs kept=2 cut=0\n"
		     "pair x 1030 1505 receive_g2h xe fallback - -\n"
		     "pair x 1020 1480 xe_guc_ct_fast_path xe learned - -\n");
	memset(&res, 0, sizeof(res));
	scn_pairs_judge(&o, &w, &win, &res, NULL);
	CHECK_EQ_U64(res.right, 1);
	scn_pairs_free(&w);
	scn_pairs_free(&o);
}

/* A cut history: only the puts both sides kept are judged. */
static void pairs_cut_history(void)
{
	struct scn_pair_result res;
	char *why = judge("pairs kept=1 cut=4\n"
			  "pair wakeref-sim-xe.0 4100 4950 xe_sched_job_create xe same-function 0 0\n",
			  &res);

	CHECK_STR(why, "");
	free(why);
	CHECK_EQ_U64(res.puts, 1);
	CHECK_EQ_U64(res.right, 1);
	CHECK_EQ_U64(res.cut, 4);
}

static void pairs_verdict(void)
{
	struct scn_pair_result res = { .puts = 10, .right = 8 };
	struct scn_expect exp = { .min_accuracy = 100 };
	char buf[200];

	CHECK_STR(scn_pairs_verdict(&res, &exp, buf, sizeof(buf)),
		  "pairing accuracy 80.0% is below 100%");
	exp.min_accuracy = 80;
	exp.accuracy_line = 3;
	CHECK(!scn_pairs_verdict(&res, &exp, buf, sizeof(buf)));
	exp.min_accuracy = 85;
	CHECK_STR(scn_pairs_verdict(&res, &exp, buf, sizeof(buf)),
		  "pairing accuracy 80.0% is below 85% (expect)");
	exp.min_accuracy = 0;
	res.fallback = 2;
	CHECK_CONTAINS(scn_pairs_verdict(&res, &exp, buf, sizeof(buf)), "fallback puts");
	exp.fallback = true;
	res.diverged = 1;
	CHECK_CONTAINS(scn_pairs_verdict(&res, &exp, buf, sizeof(buf)), "diverged");
	exp.divergence = true;
	res.losses = 5;
	CHECK_CONTAINS(scn_pairs_verdict(&res, &exp, buf, sizeof(buf)), "lost events");
	exp.loss = true;
	CHECK(!scn_pairs_verdict(&res, &exp, buf, sizeof(buf)));
	/* no put judged: nothing wrong */
	memset(&res, 0, sizeof(res));
	exp = (struct scn_expect){ .min_accuracy = 100 };
	CHECK(!scn_pairs_verdict(&res, &exp, buf, sizeof(buf)));
	scn_pairs_summary(&res, buf, sizeof(buf));
	CHECK_STR(buf, "pairs: 0 right / 0 puts, kinds: 0 agree / 0, fallback puts 0, divergence 0, "
		  "losses 0");
}

UNIT_MAIN("scn_compare",
	  T(canonical_lines),
	  T(agree),
	  T(owner_count_differs),
	  T(device_count_differs),
	  T(wakeref_saw_nothing),
	  T(wakeref_holds_too_much),
	  T(traced_views_are_compared),
	  T(discount_what_was_held_at_attach),
	  T(snapshot_blocks),
	  T(pairs_parse_both_sides),
	  T(pairs_out_of_order_are_wrong),
	  T(pairs_in_the_drivers_order_are_right),
	  T(pairs_wrong_ways),
	  T(pairs_on_two_cpus),
	  T(pairs_cut_history),
	  T(pairs_verdict))
