// SPDX-License-Identifier: GPL-2.0
/* Unit tests of igt attribution: markers to spans, owners to subtests. */
#include <sys/stat.h>

#include "kernel/ksyms.h"
#include "model/igt.h"
#include "output/igt_leaks.h"
#include "unit.h"
#include "events.h"

#define S(x)	((uint64_t)(x) * 1000000000ull)

static void feed(struct wr_igt *g)
{
	static const struct {
		unsigned int s;
		const char *msg;
	} log[] = {
		{ 1, "[IGT] kms_flip: executing" },
		{ 2, "[IGT] kms_flip: starting subtest basic-flip" },
		{ 3, "[IGT] kms_flip: finished subtest basic-flip, SUCCESS" },
		{ 4, "[IGT] kms_flip: starting subtest flip-vs-suspend" },
		{ 5, "[IGT] kms_flip: starting dynamic subtest pipe-A-HDMI-A-1" },
		{ 6, "[IGT] kms_flip: finished subtest pipe-A-HDMI-A-1, FAIL" },
		{ 7, "[IGT] kms_flip: starting dynamic subtest pipe-B-HDMI-A-1" },
		{ 8, "[IGT] kms_flip: finished subtest pipe-B-HDMI-A-1, SUCCESS" },
		{ 9, "[IGT] kms_flip: finished subtest flip-vs-suspend, FAIL" },
		{ 10, "[IGT] kms_flip: exiting, ret=98" },
		{ 11, "i915 0000:00:02.0: [drm] something else" },
		{ 12, "[IGT] gem_exec_basic: executing" },
	};
	size_t i;

	for (i = 0; i < sizeof(log) / sizeof(log[0]); i++)
		CHECK_EQ_U64(igt__marker(g, S(log[i].s), log[i].msg), i != 10);
}

static const char *at(const struct wr_igt *g, uint64_t ts)
{
	const struct wr_igt_span *sp = igt__at(g, ts);

	return sp ? sp->name : "(none)";
}

static void markers_make_nested_spans(void)
{
	struct wr_igt g;

	igt__init(&g);
	feed(&g);
	CHECK_STR(at(&g, S(0)), "(none)");
	CHECK_STR(at(&g, S(1) + 1), "kms_flip");
	CHECK_STR(at(&g, S(2) + 1), "kms_flip@basic-flip");
	CHECK_STR(at(&g, S(3) + 1), "kms_flip");		/* between subtests */
	CHECK_STR(at(&g, S(4) + 1), "kms_flip@flip-vs-suspend");
	CHECK_STR(at(&g, S(5) + 1), "kms_flip@flip-vs-suspend@pipe-A-HDMI-A-1");
	CHECK_STR(at(&g, S(6) + 1), "kms_flip@flip-vs-suspend");
	CHECK_STR(at(&g, S(7) + 1), "kms_flip@flip-vs-suspend@pipe-B-HDMI-A-1");
	CHECK_STR(at(&g, S(9) + 1), "kms_flip");
	CHECK_STR(at(&g, S(10) + 1), "(none)");		/* after exiting */
	CHECK_STR(at(&g, S(13)), "gem_exec_basic");		/* still running */
	CHECK_STR(igt__at(&g, S(5) + 1)->result, "FAIL");
	CHECK_STR(igt__at(&g, S(2) + 1)->result, "SUCCESS");
	CHECK_STR(igt__at(&g, S(1) + 1)->result, "ret=98");
	/* not markers */
	CHECK_EQ_U64(igt__marker(&g, S(20), "[IGT] no colon here"), 0);
	CHECK_EQ_U64(igt__marker(&g, S(20), "[IGT] x: something else"), 0);
	igt__free(&g);
}

static void leaks_go_to_their_subtest(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	struct wr_owners *ot = owners__new(~0ull);
	char *buf = NULL, *s;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct wr_igt g;

	igt__init(&g);
	feed(&g);
	test_clock = S(5) + 10;		/* mk_event() stamps 1 ms later each */
	GET(ot, 1, F_LEAKY);		/* in the first dynamic subtest */
	GET(ot, 1, F_LEAKY);
	test_clock = S(2) + 10;
	GET(ot, 2, F_GEM_FAULT);	/* in basic-flip */
	test_clock = S(10) + 10;
	GET(ot, 3, F_CTL);		/* after the test */
	igt_leaks__print(f, ot, &g);
	fclose(f);
	CHECK_CONTAINS(buf, "Wakerefs held, by the igt test during which they were taken:\n"
		       "       1  kms_flip@basic-flip: SUCCESS\n"
		       "       2  kms_flip@flip-vs-suspend@pipe-A-HDMI-A-1: FAIL\n"
		       "       1  (outside every test)\n");
	free(buf);

	CHECK(!system("rm -rf build/unit/igt-leaks"));
	CHECK(!igt_leaks__write_dir("build/unit/igt-leaks", ot, ks, &g));
	s = unit_slurp("build/unit/igt-leaks/kms_flip@flip-vs-suspend@pipe-A-HDMI-A-1.txt");
	CHECK_CONTAINS(s, "0000:00:02.0: wakeref taken by sim_leaky_path (pid 1 [task1])\n"
		       "   intel_runtime_pm_get+0x10/0x40 [wakeref_sim]\n"
		       "   sim_leaky_path+0x10/0x80 [wakeref_sim]\n");
	/* both owners of that subtest, and nothing else */
	CHECK(strstr(strstr(s, "wakeref taken") + 1, "wakeref taken"));
	CHECK(!strstr(s, "sim_gem_fault"));
	free(s);
	s = unit_slurp("build/unit/igt-leaks/kms_flip@basic-flip.txt");
	CHECK_CONTAINS(s, "by sim_gem_fault (pid 2 [task2])");
	CHECK(!strstr(s, "sim_leaky_path"));
	free(s);
	s = unit_slurp("build/unit/igt-leaks/none.txt");
	CHECK_CONTAINS(s, "by sim_ctl_write (pid 3 [task3])");
	free(s);
	/* a second run truncates: the files hold that run's owners only */
	CHECK(!igt_leaks__write_dir("build/unit/igt-leaks", ot, ks, &g));
	s = unit_slurp("build/unit/igt-leaks/kms_flip@basic-flip.txt");
	CHECK_CONTAINS(s, "sim_gem_fault");
	CHECK(!strstr(strstr(s, "wakeref taken") + 1, "wakeref taken"));
	free(s);
	owners__free(ot);
	ksyms__free(ks);
	igt__free(&g);
}

UNIT_MAIN("igt", T(markers_make_nested_spans), T(leaks_go_to_their_subtest))
