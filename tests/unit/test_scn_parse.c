// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the scenario language: the parser (every line kind, repeat
 * blocks, each error with its line), the plan (implicit load/attach/detach/
 * unload, the user processes' implicit kills, and their order), and the
 * corpus in tests/scenarios/ parsing clean.
 */
#include <glob.h>

#include "scn.h"
#include "unit.h"

static struct scn sc;
static char errs[4096];

/* Parse and plan @text as "x.scn"; the errors, one a line, are in errs[]. */
static int parse(const char *text, bool plan)
{
	size_t i, len = 0;
	int ret;

	scn_free(&sc);
	ret = scn_parse_buf(&sc, "x.scn", text, strlen(text));
	if (!ret && plan)
		ret = scn_plan(&sc);
	errs[0] = '\0';
	for (i = 0; i < sc.nr_errors && i < SCN_MAX_ERRORS; i++)
		len += snprintf(errs + len, sizeof(errs) - len, "%s\n", sc.errors[i]);
	return ret;
}

/* The one error of @text, without a plan. */
static const char *error_of(const char *text)
{
	CHECK(parse(text, false) != 0);
	CHECK_EQ_U64(sc.nr_errors, 1);
	return errs;
}

static void every_line_kind(void)
{
	static const char text[] =
		"# a comment line\n"
		"\n"
		"load i915_devs=2 autosuspend_ms=50\n"
		"attach --ringbuf-size 65536\n"
		"get i915.0 get gem_fault\n"
		"put i915.0 gem_fault raw\n"
		"getput wakeref-sim-i915.1 get_if_in_use pmu_sample\n"
		"reset i915.0\n"
		"sleep 100ms\n"
		"sleep 2s\n"
		"sleep 500us\n"
		"checkpoint held\n"
		"checkpoint\n"
		"repeat 3\n"
		"end\n"
		"detach\n"
		"unload\n";
	const struct scn_op *op = sc.ops;

	CHECK_EQ_U64(parse(text, false), 0);
	CHECK_STR(errs, "");
	CHECK_EQ_U64(sc.nr_ops, 15);
	CHECK_EQ_U64(sc.nr_lines, 17);
	if (sc.nr_ops != 15)
		return;
	op = sc.ops;
	CHECK_EQ_U64(op[0].kind, SCN_LOAD);
	CHECK_EQ_U64(op[0].line, 3);
	CHECK_EQ_U64(op[0].argc, 2);
	CHECK_STR(op[0].argv[1], "autosuspend_ms=50");
	CHECK_EQ_U64(op[1].kind, SCN_ATTACH);
	CHECK_EQ_U64(op[1].argc, 2);
	CHECK_STR(op[1].argv[0], "--ringbuf-size");
	CHECK_EQ_U64(op[2].kind, SCN_DRIVER);
	CHECK_STR(op[2].text, "get i915.0 get gem_fault");
	CHECK_STR(op[3].text, "put i915.0 gem_fault raw");
	CHECK_STR(op[4].text, "getput wakeref-sim-i915.1 get_if_in_use pmu_sample");
	CHECK_STR(op[5].text, "reset i915.0");
	CHECK_EQ_U64(op[6].kind, SCN_SLEEP);
	CHECK_EQ_U64(op[6].usec, 100000);
	CHECK_EQ_U64(op[7].usec, 2000000);
	CHECK_EQ_U64(op[8].usec, 500);
	CHECK_EQ_U64(op[9].kind, SCN_CHECKPOINT);
	CHECK_STR(op[9].argv[0], "held");
	CHECK_EQ_U64(op[10].kind, SCN_CHECKPOINT);
	CHECK_EQ_U64(op[10].argc, 0);
	CHECK_EQ_U64(op[11].kind, SCN_REPEAT);
	CHECK_EQ_U64(op[11].count, 3);
	CHECK_EQ_U64(op[11].match, 12);
	CHECK_EQ_U64(op[12].kind, SCN_END);
	CHECK_EQ_U64(op[12].match, 11);
	CHECK_EQ_U64(op[13].kind, SCN_DETACH);
	CHECK_EQ_U64(op[14].kind, SCN_UNLOAD);
}

static void options_of_the_new_grammar(void)
{
	CHECK_EQ_U64(parse("get i915.0 get gem_fault ctx=task:kworker_x n=3\n"
			   "display_get i915.0 INIT display_power_get ctx=wq\n"
			   "display_put_async i915.0 INIT display_power_get delay_ms=0\n"
			   "display_flush i915.0\n"
			   "gt_get i915.0 guc_submit ctx=irq\n"
			   "gt_put i915.0 guc_submit async\n"
			   "wakeref_auto i915.0 gem_fault timeout_ms=100\n"
			   "bench i915.0 gem_fault n=1000000 tracking=debug\n", false), 0);
	CHECK_STR(errs, "");
	CHECK_EQ_U64(sc.nr_ops, 8);
	CHECK_STR(sc.ops[0].text, "get i915.0 get gem_fault ctx=task:kworker_x n=3");
}

/* The drivers' paths: jobs, GuC answers, TLB fences, VMs, commits, i915 tail calls. */
static void path_ops(void)
{
	CHECK_EQ_U64(parse("job_create xe.0 j1 qA\n"
			   "job_create xe.0 j2\n"
			   "job_destroy xe.0 j1 ctx=wq\n"
			   "queue_suspend xe.0 qA\n"
			   "g2h xe.0 qA ctx=irq\n"
			   "tlb_inval xe.0 f1 gt=1\n"
			   "vm_create xe.0 v1 lr\n"
			   "vm_destroy xe.0 v1\n"
			   "disp_commit xe.0 c1 nonblock\n"
			   "disp_flip_done xe.0 c1\n"
			   "hwm_read i915.0 n=3\n"
			   "context_revoke i915.0 ctx=task:ctx_close\n"
			   "context_unpin i915.0 delay_ms=20 ctx=wq\n"
			   "vma_bind i915.0\n", false), 0);
	CHECK_STR(errs, "");
	CHECK_EQ_U64(sc.nr_ops, 14);
	CHECK_STR(error_of("tlb_inval xe.0 f1 gt=2\n"),
		  "x.scn:1: option 'gt' wants a GT of an xe device, gt=0 (primary) or gt=1 (media), got 'gt=2'\n");
	CHECK_STR(error_of("vm_create xe.0 v1 long\n"),
		  "x.scn:1: 'vm_create' wants the word 'lr' as LR, got 'long'\n");
	CHECK_STR(error_of("disp_commit xe.0 c1 async\n"),
		  "x.scn:1: 'disp_commit' wants the word 'nonblock' as NONBLOCK, got 'async'\n");
	CHECK_STR(error_of("job_create xe.0\n"),
		  "x.scn:1: 'job_create' wants 2 to 3 arguments (job_create DEV JOB [QUEUE]), got 1\n");
	CHECK_STR(error_of("job_destroy xe.0 j1 n=2\n"),
		  "x.scn:1: 'job_destroy' has no option 'n' (options: ctx)\n");
	CHECK_STR(error_of("hwm_read i915.0 gt=0\n"),
		  "x.scn:1: 'hwm_read' has no option 'gt' (options: ctx n)\n");
	CHECK_EQ_U64(parse("load xe_devs=1 tlb_timeout_ms=60000\n", false), 0);
}

static void nested_repeat(void)
{
	static const char text[] =
		"repeat 2\n"			/* 0 */
		"  repeat 10\n"			/* 1 */
		"    getput i915.0 get gem_fault\n"
		"  end\n"			/* 3 */
		"  checkpoint\n"
		"  repeat 1\n"			/* 5 */
		"  end\n"			/* 6 */
		"end\n";			/* 7 */

	CHECK_EQ_U64(parse(text, false), 0);
	CHECK_EQ_U64(sc.nr_ops, 8);
	CHECK_EQ_U64(sc.ops[0].match, 7);
	CHECK_EQ_U64(sc.ops[7].match, 0);
	CHECK_EQ_U64(sc.ops[1].match, 3);
	CHECK_EQ_U64(sc.ops[1].count, 10);
	CHECK_EQ_U64(sc.ops[3].match, 1);
	CHECK_EQ_U64(sc.ops[5].match, 6);
	/* the plan adds load+attach before, detach+unload after, and fixes the matches */
	CHECK_EQ_U64(scn_plan(&sc), 0);
	CHECK_EQ_U64(sc.nr_ops, 12);
	CHECK_EQ_U64(sc.ops[2].kind, SCN_REPEAT);
	CHECK_EQ_U64(sc.ops[2].match, 9);
	CHECK_EQ_U64(sc.ops[9].match, 2);
	CHECK_EQ_U64(sc.ops[3].match, 5);
}

static void crlf_tabs_and_trailing_comments(void)
{
	CHECK_EQ_U64(parse("get\ti915.0  get\t\tgem_fault   # took one\r\n"
			   "\t# indented comment\r\n"
			   "\r\n"
			   "sleep 1ms#x\r\n", false) != 0, 1);
	/* '#' starts a comment only as a word: "1ms#not" is a bad duration */
	CHECK_CONTAINS(errs, "x.scn:4: 'sleep' wants a duration like 100ms, got '1ms#x'");
	CHECK_EQ_U64(parse("get\ti915.0  get\t\tgem_fault   # took one\r\n"
			   "\t# indented comment\r\n"
			   "\r\n"
			   "checkpoint a #the end\r", false), 0);
	CHECK_EQ_U64(sc.nr_ops, 2);
	CHECK_STR(sc.ops[0].text, "get i915.0 get gem_fault");
	CHECK_STR(sc.ops[1].argv[0], "a");
	CHECK_EQ_U64(sc.ops[1].line, 4);
}

static void empty_file(void)
{
	CHECK_EQ_U64(parse("", true), 0);
	CHECK_EQ_U64(sc.nr_lines, 0);
	/* load, attach, detach, unload: wakeref attached to an idle device */
	CHECK_EQ_U64(sc.nr_ops, 4);
	CHECK_EQ_U64(sc.ops[0].kind, SCN_LOAD);
	CHECK(sc.ops[0].implicit);
	CHECK_EQ_U64(sc.ops[3].kind, SCN_UNLOAD);
	CHECK_EQ_U64(parse("# only comments\n\n   \n", false), 0);
	CHECK_EQ_U64(sc.nr_ops, 0);
	CHECK_EQ_U64(sc.nr_lines, 3);
}

static void error_unknown_operation(void)
{
	CHECK_CONTAINS(error_of("get i915.0 get gem_fault\n\ngett i915.0 get x\n"),
		       "x.scn:3: unknown operation 'gett' (known: get put getput reset ");
	CHECK_CONTAINS(errs,
		       "; sleep checkpoint repeat end load unload attach detach user user_cmd user_exit expect)");
}

static void error_argument_count(void)
{
	CHECK_STR(error_of("get i915.0 gem_fault\n"),
		  "x.scn:1: 'get' wants 3 arguments (get DEV VARIANT SITE), got 2\n");
	CHECK_STR(error_of("\nput i915.0 a b c\n"),
		  "x.scn:2: 'put' wants 2 to 3 arguments (put DEV SITE [KIND]), got 4\n");
	CHECK_STR(error_of("display_flush\n"),
		  "x.scn:1: 'display_flush' wants 1 to 2 arguments (display_flush DEV [SITE]), got 0\n");
	CHECK_STR(error_of("gt_get i915.0\n"),
		  "x.scn:1: 'gt_get' wants 2 arguments (gt_get DEV SITE), got 1\n");
	CHECK_STR(error_of("bench i915.0\n"),
		  "x.scn:1: 'bench' wants 2 arguments (bench DEV SITE), got 1\n");
}

static void error_bad_arguments(void)
{
	CHECK_STR(error_of("get i915 get gem_fault\n"),
		  "x.scn:1: 'get' wants a device like i915.0 or xe.1 as DEV, got 'i915'\n");
	CHECK_STR(error_of("wakeref_auto i915.0 gem_fault timeout_ms=1x\n"),
		  "x.scn:1: option 'timeout_ms' wants milliseconds 0..60000, like timeout_ms=100, got 'timeout_ms=1x'\n");
	CHECK_STR(error_of("gt_put i915.0 guc_submit later\n"),
		  "x.scn:1: 'gt_put' wants the word 'async' as ASYNC, got 'later'\n");
	CHECK_STR(error_of("get i915.0 get n=2 gem_fault\n"),
		  "x.scn:1: 'get': argument 'gem_fault' after the options (n=2); options go last\n");
}

static void error_options(void)
{
	CHECK_STR(error_of("get i915.0 get gem_fault cxt=wq\n"),
		  "x.scn:1: 'get' has no option 'cxt' (options: ctx n)\n");
	CHECK_STR(error_of("reset n=2\n"), "x.scn:1: 'reset' takes no options, got 'n=2'\n");
	CHECK_STR(error_of("get i915.0 get gem_fault delay_ms=5\n"),
		  "x.scn:1: 'get' has no option 'delay_ms' (options: ctx n)\n");
	CHECK_STR(error_of("get i915.0 get gem_fault n=0\n"),
		  "x.scn:1: option 'n' wants a repeat count >= 1, like n=3, got 'n=0'\n");
	CHECK_STR(error_of("get i915.0 get gem_fault n=3x\n"),
		  "x.scn:1: option 'n' wants a repeat count >= 1, like n=3, got 'n=3x'\n");
	CHECK_STR(error_of("get i915.0 get gem_fault ctx=task:\n"),
		  "x.scn:1: option 'ctx' wants current, task:NAME (1-15 letters, digits, _ . -), wq, timer or irq, got 'ctx=task:'\n");
	CHECK_STR(error_of("get i915.0 get gem_fault ctx=task:a/b\n"),
		  "x.scn:1: option 'ctx' wants current, task:NAME (1-15 letters, digits, _ . -), wq, timer or irq, got 'ctx=task:a/b'\n");
	CHECK_STR(error_of("bench i915.0 gem_fault tracking=full\n"),
		  "x.scn:1: option 'tracking' wants none or debug, got 'tracking=full'\n");
	CHECK_STR(error_of("get i915.0 get gem_fault n=1 n=2\n"),
		  "x.scn:1: option 'n' given twice\n");
}

static void error_sleep(void)
{
	CHECK_STR(error_of("\n\nsleep 1x\n"),
		  "x.scn:3: 'sleep' wants a duration like 100ms, got '1x'\n");
	CHECK_STR(error_of("sleep ms\n"), "x.scn:1: 'sleep' wants a duration like 100ms, got 'ms'\n");
	CHECK_STR(error_of("sleep 1.5s\n"),
		  "x.scn:1: 'sleep' wants a duration like 100ms, got '1.5s'\n");
	CHECK_STR(error_of("sleep\n"),
		  "x.scn:1: 'sleep' wants one duration like 100ms, 2s or 500us, got 0 words\n");
	CHECK_STR(error_of("sleep 601s\n"), "x.scn:1: 'sleep' of '601s' is longer than 600 s\n");
	CHECK_STR(error_of("sleep 99999999999999999999999s\n"),
		  "x.scn:1: 'sleep' of '99999999999999999999999s' is longer than 600 s\n");
}

static void error_repeat_and_end(void)
{
	CHECK_STR(error_of("get i915.0 get a\n\n\n\n\n\n\n\nend\n"),
		  "x.scn:9: 'end' without 'repeat'\n");
	CHECK_STR(error_of("\n\n\nrepeat 2\n get i915.0 get a\n"),
		  "x.scn:5: 'repeat' at line 4 has no 'end'\n");
	CHECK_STR(error_of("repeat 0\nend\n"), "x.scn:1: 'repeat' wants a count 1..1000000, got '0'\n");
	CHECK_STR(error_of("repeat -1\nend\n"),
		  "x.scn:1: 'repeat' wants a count 1..1000000, got '-1'\n");
	CHECK_STR(error_of("repeat\nend\n"), "x.scn:1: 'repeat' wants one count >= 1, got 0 words\n");
	CHECK_STR(error_of("repeat 2\nend 2\n"), "x.scn:2: 'end' takes no arguments, got '2'\n");
	/* two unclosed: both reported, at the last line */
	CHECK(parse("repeat 2\nrepeat 3\n", false) != 0);
	CHECK_STR(errs, "x.scn:2: 'repeat' at line 2 has no 'end'\n"
			"x.scn:2: 'repeat' at line 1 has no 'end'\n");
	CHECK(parse("repeat 1\nrepeat 1\nrepeat 1\nrepeat 1\nrepeat 1\nrepeat 1\nrepeat 1\n"
		    "repeat 1\nrepeat 1\nend\nend\nend\nend\nend\nend\nend\nend\nend\n", false));
	CHECK_STR(errs, "x.scn:9: 'repeat' nested deeper than 8\n");
}

static void error_checkpoint(void)
{
	CHECK_STR(error_of("checkpoint a b\n"),
		  "x.scn:1: 'checkpoint' takes at most one name, got 'a b'\n");
	CHECK_STR(error_of("checkpoint a/b\n"),
		  "x.scn:1: checkpoint name 'a/b': use letters, digits, '.', '_' and '-'\n");
	CHECK_STR(error_of("checkpoint a\ncheckpoint a\n"),
		  "x.scn:2: checkpoint 'a' is already at line 1\n");
}

static void error_lifecycle_ops(void)
{
	CHECK_STR(error_of("load i915_devs=x\n"),
		  "x.scn:1: 'load': i915_devs wants a number 0..4, got 'x'\n");
	CHECK_STR(error_of("load i915_devs=5\n"),
		  "x.scn:1: 'load': i915_devs wants a number 0..4, got '5'\n");
	CHECK_STR(error_of("load foo=1\n"),
		  "x.scn:1: 'load': unknown module parameter 'foo' (known: i915_devs xe_devs autosuspend_ms async_put_delay_ms userfault_autosuspend_ms svm_gc_auto tlb_timeout_ms)\n");
	CHECK_STR(error_of("load svm_gc_auto=2\n"),
		  "x.scn:1: 'load': svm_gc_auto wants a number 0..1, got '2'\n");
	CHECK_EQ_U64(parse("load xe_devs=1 svm_gc_auto=0 userfault_autosuspend_ms=1500\n", false), 0);
	CHECK_STR(error_of("load 2\n"), "x.scn:1: 'load' wants PARAM=VALUE arguments, got '2'\n");
	CHECK_STR(error_of("unload now\n"), "x.scn:1: 'unload' takes no arguments, got 'now'\n");
	CHECK_STR(error_of("repeat 2\n  load\nend\n"),
		  "x.scn:2: 'load' cannot be inside 'repeat' (line 1)\n");
	CHECK_STR(error_of("attach -d 3\n"),
		  "x.scn:1: 'attach' passes '-d' to wakeref trace, but the runner sets the format and stops the trace itself\n");
	CHECK_STR(error_of("attach --format=text\n"),
		  "x.scn:1: 'attach' passes '--format=text' to wakeref trace, but the runner sets the format and stops the trace itself\n");
}

static void error_long_lines_and_binary(void)
{
	char text[1200];

	memset(text, 'a', sizeof(text));
	text[sizeof(text) - 1] = '\0';
	CHECK_STR(error_of(text), "x.scn:1: line longer than 1000 characters\n");
	CHECK_STR(error_of("reset a b c d e f g h i j k l m n o p q\n"),
		  "x.scn:1: more than 16 words in a line\n");
	scn_free(&sc);
	CHECK(scn_parse_buf(&sc, "x.scn", "reset\n\0x", 8) != 0);
	CHECK_STR(sc.errors[0], "x.scn:2: a NUL byte: this is not a text file");
}

static void errors_all_reported(void)
{
	CHECK(parse("gett\nsleep 1x\nend\nrepeat 2\n", false) != 0);
	CHECK_EQ_U64(sc.nr_errors, 4);
	CHECK_CONTAINS(errs, "x.scn:1: unknown operation 'gett'");
	CHECK_CONTAINS(errs, "x.scn:2: 'sleep'");
	CHECK_CONTAINS(errs, "x.scn:3: 'end' without 'repeat'");
	CHECK_CONTAINS(errs, "x.scn:4: 'repeat' at line 4 has no 'end'");
}

static const char *kinds(void)
{
	static char buf[1024];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < sc.nr_ops; i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s%s", i ? "," : "",
				sc.ops[i].implicit ? "+" : "", scn_kind_name(sc.ops[i].kind));
	return buf;
}

static void plan_adds_the_implicit_ops(void)
{
	CHECK_EQ_U64(parse("get i915.0 get a\ncheckpoint\n", true), 0);
	CHECK_STR(kinds(), "+load,+attach,driver operation,checkpoint,+detach,+unload");
	CHECK_EQ_U64(sc.ops[0].line, 0);
	CHECK_EQ_U64(sc.ops[4].line, 3);	/* after the last line */
	/* explicit load: attach right after it */
	CHECK_EQ_U64(parse("load i915_devs=2\nget i915.1 get a\n", true), 0);
	CHECK_STR(kinds(), "load,+attach,driver operation,+detach,+unload");
	/* explicit attach: none implicit; unload detaches first */
	CHECK_EQ_U64(parse("load\nget i915.0 get a\nattach\ncheckpoint\nunload\n", true), 0);
	CHECK_STR(kinds(), "load,driver operation,attach,checkpoint,+detach,unload");
	CHECK_EQ_U64(sc.ops[4].line, 5);
	/* load twice, no attach: attached after each */
	CHECK_EQ_U64(parse("load\nunload\nload i915_devs=2\n", true), 0);
	CHECK_STR(kinds(), "load,+attach,+detach,unload,load,+attach,+detach,+unload");
}

static void plan_errors(void)
{
	CHECK(parse("get i915.0 get a\nload\n", true));
	CHECK_STR(errs, "x.scn:2: 'load': the simulated driver is already loaded, with defaults, because the scenario does not start with 'load'\n");
	CHECK(parse("load\nload\n", true));
	CHECK_STR(errs, "x.scn:2: 'load': the simulated driver is already loaded (line 1)\n");
	CHECK(parse("unload\nget i915.0 get a\n", true));
	CHECK_STR(errs, "x.scn:2: 'get i915.0 get a' needs the simulated driver loaded (line 1 unloaded it)\n");
	CHECK(parse("load\ncheckpoint\nattach\n", true));
	CHECK_STR(errs, "x.scn:2: 'checkpoint' needs wakeref attached: put 'attach' before it\n");
	CHECK(parse("detach\ncheckpoint\n", true));
	CHECK_STR(errs, "x.scn:2: 'checkpoint' needs wakeref attached (line 1 detached it)\n");
	CHECK(parse("attach\nattach\n", true));
	CHECK_STR(errs, "x.scn:2: 'attach': wakeref is already attached (line 1)\n");
	CHECK(parse("unload\nattach\n", true));
	CHECK_STR(errs, "x.scn:2: 'attach' needs the simulated driver loaded (line 1 unloaded it)\n");
	CHECK(parse("detach\ndetach\n", true));
	CHECK_STR(errs, "x.scn:2: 'detach': wakeref is not attached\n");
	CHECK(parse("unload\nunload\n", true));
	CHECK_STR(errs, "x.scn:2: 'unload': the simulated driver is not loaded (line 1 unloaded it)\n");
}

static void user_lines(void)
{
	static const char text[] =
		"load xe_devs=1\n"
		"user g1 gem i915.0 obj1\n"			/* 1 */
		"user v gem /dev/wakeref-sim-xe.0 v1\n"	/* 2 */
		"user s_2 svm wakeref-sim-xe.0 4m shared ro\n"	/* 3 */
		"user_cmd g1 touch 0 4p\n"			/* 4 */
		"user_cmd s_2 fault 0x10000\n"
		"user_cmd s_2 munmap 2m 0x200000\n"
		"user_cmd v  sleep\t100\n"
		"user_cmd s_2 unbind\n"
		"user_exit g1\n"				/* 9 */
		"user_exit s_2 kill\n"
		"user g1 svm xe.0 2m\n"			/* 11: a name again */
		"user_exit g1\n"
		"user_exit v\n";
	const struct scn_op *op;

	CHECK_EQ_U64(parse(text, false), 0);
	CHECK_STR(errs, "");
	CHECK_EQ_U64(sc.nr_ops, 14);
	CHECK_EQ_U64(sc.nr_slots, 3);
	if (sc.nr_ops != 14 || sc.nr_slots != 3)
		return;
	CHECK_STR(sc.slots[0], "g1");
	CHECK_STR(sc.slots[1], "v");
	CHECK_STR(sc.slots[2], "s_2");
	op = sc.ops;
	CHECK_EQ_U64(op[1].kind, SCN_USER);
	CHECK_EQ_U64(op[1].slot, 0);
	CHECK_EQ_U64(op[1].mode, SCN_USER_GEM);
	CHECK_STR(op[1].argv[0], "g1");
	/* the device is given to wakeref-simuser as its node */
	CHECK_STR(op[1].user_argv[0], "gem");
	CHECK_STR(op[1].user_argv[1], "/dev/wakeref-sim-i915.0");
	CHECK_STR(op[1].user_argv[2], "obj1");
	CHECK(op[1].user_argv[3] == NULL);
	CHECK_STR(op[2].user_argv[1], "/dev/wakeref-sim-xe.0");
	CHECK_EQ_U64(op[3].mode, SCN_USER_SVM);
	CHECK_STR(op[3].user_argv[1], "/dev/wakeref-sim-xe.0");
	CHECK_STR(op[3].user_argv[3], "shared");
	CHECK_STR(op[3].user_argv[4], "ro");
	CHECK(op[3].user_argv[5] == NULL);
	CHECK_EQ_U64(op[4].kind, SCN_USER_CMD);
	CHECK_STR(op[4].send, "touch 0 4p");
	CHECK(!op[4].svm_only);
	CHECK_EQ_U64(op[5].slot, 2);
	CHECK(op[5].svm_only);
	CHECK_STR(op[7].send, "sleep 100");
	CHECK_STR(op[7].text, "user_cmd v sleep 100");
	CHECK(op[8].svm_only);
	CHECK_EQ_U64(op[9].kind, SCN_USER_EXIT);
	CHECK(!op[9].kill);
	CHECK(op[10].kill);
	CHECK_EQ_U64(op[11].slot, 0);
	CHECK_EQ_U64(op[11].mode, SCN_USER_SVM);
	CHECK_EQ_U64(scn_plan(&sc), 0);
	CHECK_STR(errs, "");
}

static void error_user_lines(void)
{
	CHECK_STR(error_of("user\n"),
		  "x.scn:1: 'user' wants the process's name first: user SLOT gem DEV NAME, or user SLOT svm DEV SIZE [shared] [ro]\n");
	CHECK_STR(error_of("user u-1 gem i915.0 g\n"),
		  "x.scn:1: 'user': process name 'u-1': use 1-32 letters, digits and '_'\n");
	CHECK_STR(error_of("user u\n"),
		  "x.scn:1: 'user' wants what the process maps: user SLOT gem DEV NAME, or user SLOT svm DEV SIZE [shared] [ro]\n");
	CHECK_STR(error_of("user u map i915.0 g\n"),
		  "x.scn:1: 'user' wants 'gem' or 'svm' after the process's name, got 'map' (user SLOT gem DEV NAME, or user SLOT svm DEV SIZE [shared] [ro])\n");
	CHECK_STR(error_of("user u gem i915.0\n"),
		  "x.scn:1: 'user SLOT gem' wants 2 arguments (user SLOT gem NODE NAME), got 1\n");
	CHECK_STR(error_of("user u gem /dev/i915.0 g\n"),
		  "x.scn:1: 'user SLOT gem' wants a device like i915.0, xe.1 or /dev/wakeref-sim-xe.0 as NODE, got '/dev/i915.0'\n");
	CHECK_STR(error_of("user u gem i915.0 a23456789012345678901234567890123\n"),
		  "x.scn:1: 'user SLOT gem' wants an object name of at most 31 characters as NAME, got 'a23456789012345678901234567890123'\n");
	CHECK_STR(error_of("user u svm i915.0 2m\n"),
		  "x.scn:1: 'user SLOT svm': GPU SVM is xe's, got the device 'i915.0'\n");
	CHECK_STR(error_of("user u svm xe.0 0\n"),
		  "x.scn:1: 'user SLOT svm' wants a size like 4096, 0x200000, 16p, 64k or 2m (not 0) as SIZE, got '0'\n");
	CHECK_STR(error_of("user u svm xe.0 2m big\n"),
		  "x.scn:1: 'user SLOT svm' wants 'shared' or 'ro' as FLAG, got 'big'\n");
	CHECK_STR(error_of("user u svm xe.0 2m shared ro x\n"),
		  "x.scn:1: 'user SLOT svm' wants 2 to 4 arguments (user SLOT svm NODE SIZE [FLAG] [FLAG]), got 5\n");
	CHECK_STR(error_of("user_cmd u\n"),
		  "x.scn:1: 'user_cmd' wants a command after the process's name (touch check munmap dontneed fault unbind sleep)\n");
	CHECK_STR(error_of("user_cmd u poke 0\n"),
		  "x.scn:1: 'user_cmd': unknown command 'poke' of wakeref-simuser (known: touch check munmap dontneed fault unbind sleep)\n");
	CHECK_STR(error_of("user_cmd u exit\n"),
		  "x.scn:1: 'user_cmd SLOT exit': say 'user_exit SLOT', which also waits for the process and reaps it\n");
	CHECK_STR(error_of("user_cmd u touch\n"),
		  "x.scn:1: 'user_cmd SLOT touch' wants 1 to 2 arguments (user_cmd SLOT touch OFF [LEN]), got 0\n");
	/* wakeref-simuser's strtoul() would read 010 as octal */
	CHECK_STR(error_of("user_cmd u touch 010\n"),
		  "x.scn:1: 'user_cmd SLOT touch' wants an offset like 0, 4096, 0x10000, 3p, 64k or 2m as OFF, got '010'\n");
	CHECK_STR(error_of("user_cmd u munmap 0 0\n"),
		  "x.scn:1: 'user_cmd SLOT munmap' wants a length like 4096, 0x10000, 3p, 64k or 2m (not 0) as LEN, got '0'\n");
	CHECK_STR(error_of("user_cmd u munmap 4k 2g\n"),
		  "x.scn:1: 'user_cmd SLOT munmap' wants a length like 4096, 0x10000, 3p, 64k or 2m (not 0) as LEN, got '2g'\n");
	CHECK_STR(error_of("user_cmd u unbind now\n"),
		  "x.scn:1: 'user_cmd SLOT unbind' takes no arguments, got 'now'\n");
	CHECK_STR(error_of("user_cmd u sleep 1s\n"),
		  "x.scn:1: 'user_cmd SLOT sleep' wants milliseconds 0..60000 as MS, got '1s'\n");
	CHECK_STR(error_of("user_cmd u touch 0 len=4\n"),
		  "x.scn:1: 'user_cmd SLOT touch' takes no options, got 'len=4'\n");
	CHECK_STR(error_of("user_exit\n"),
		  "x.scn:1: 'user_exit' wants the process's name first: user_exit SLOT [kill]\n");
	CHECK_STR(error_of("user_exit u now\n"),
		  "x.scn:1: 'user_exit' wants the process's name and, to SIGKILL it, 'kill': got 'now'\n");
	CHECK_STR(error_of("user_exit u kill 9\n"),
		  "x.scn:1: 'user_exit' wants the process's name and, to SIGKILL it, 'kill': got '9'\n");
}

static void plan_user_processes(void)
{
	/* running at the end: killed before wakeref's final report */
	CHECK_EQ_U64(parse("user a gem i915.0 g\nuser b svm xe.0 2m\nuser_exit a\n", true), 0);
	CHECK_STR(kinds(), "+load,+attach,user,user,user_exit,+user_exit,+detach,+unload");
	CHECK_STR(sc.ops[5].text, "user_exit b kill");
	CHECK_STR(sc.ops[5].argv[0], "b");
	CHECK_EQ_U64(sc.ops[5].slot, 1);
	CHECK(sc.ops[5].kill);
	CHECK_EQ_U64(sc.ops[5].line, 4);
	/* and at an unload, before it detaches wakeref */
	CHECK_EQ_U64(parse("load xe_devs=1\nuser a gem i915.0 g\nuser b gem xe.0 v\nunload\n"
			   "load\nuser a gem i915.0 g\n", true), 0);
	CHECK_STR(kinds(), "load,+attach,user,user,+user_exit,+user_exit,+detach,unload,"
			   "load,+attach,user,+user_exit,+detach,+unload");
	CHECK_EQ_U64(sc.ops[4].line, 4);
	CHECK_STR(sc.ops[4].text, "user_exit a kill");
	CHECK_STR(sc.ops[5].text, "user_exit b kill");
	/* a balanced repeat: started and ended in each round */
	CHECK_EQ_U64(parse("user a gem i915.0 g\nrepeat 3\n user b gem i915.0 h\n"
			   " user_cmd a touch 0\n user_cmd b touch 0\n user_exit b kill\nend\n",
			   true), 0);
	CHECK_STR(errs, "");
	/* the most at once */
	CHECK_EQ_U64(parse("user a gem i915.0 g\nuser b gem i915.0 g\nuser c gem i915.0 g\n"
			   "user d gem i915.0 g\nuser e gem i915.0 g\nuser f gem i915.0 g\n"
			   "user g gem i915.0 g\nuser h gem i915.0 g\nuser i gem i915.0 g\n"
			   "user j gem i915.0 g\nuser k gem i915.0 g\nuser l gem i915.0 g\n"
			   "user m gem i915.0 g\nuser n gem i915.0 g\nuser o gem i915.0 g\n"
			   "user p gem i915.0 g\nuser_exit a\nuser q gem i915.0 g\n", true), 0);
	CHECK(parse("user a gem i915.0 g\nuser b gem i915.0 g\nuser c gem i915.0 g\n"
		    "user d gem i915.0 g\nuser e gem i915.0 g\nuser f gem i915.0 g\n"
		    "user g gem i915.0 g\nuser h gem i915.0 g\nuser i gem i915.0 g\n"
		    "user j gem i915.0 g\nuser k gem i915.0 g\nuser l gem i915.0 g\n"
		    "user m gem i915.0 g\nuser n gem i915.0 g\nuser o gem i915.0 g\n"
		    "user p gem i915.0 g\nuser q gem i915.0 g\n", true));
	CHECK_STR(errs, "x.scn:17: 'user': more than 16 user processes at once\n");
}

static void plan_user_errors(void)
{
	CHECK(parse("user_cmd u touch 0\n", true));
	CHECK_STR(errs, "x.scn:1: 'user_cmd': no process 'u' is running: start it with 'user u ...' first\n");
	CHECK(parse("user_exit u\n", true));
	CHECK_STR(errs, "x.scn:1: 'user_exit': no process 'u' is running: start it with 'user u ...' first\n");
	CHECK(parse("user u gem i915.0 g\n\nuser u gem i915.0 h\n", true));
	CHECK_STR(errs, "x.scn:3: 'user': process 'u' is still running (line 1 started it): end it first with 'user_exit u'\n");
	CHECK(parse("user u gem i915.0 g\nuser_exit u\nuser_cmd u touch 0\n", true));
	CHECK_STR(errs, "x.scn:3: 'user_cmd': process 'u' ended at line 2\n");
	CHECK(parse("user u gem i915.0 g\nuser_exit u kill\nuser_exit u\n", true));
	CHECK_STR(errs, "x.scn:3: 'user_exit': process 'u' ended at line 2\n");
	CHECK(parse("load\nuser u gem i915.0 g\nunload\nload\nuser_cmd u touch 0\n", true));
	CHECK_STR(errs, "x.scn:5: 'user_cmd': process 'u' was killed by the 'unload' at line 3\n");
	CHECK(parse("unload\nuser u gem i915.0 g\n", true));
	CHECK_STR(errs, "x.scn:2: 'user' needs the simulated driver loaded (line 1 unloaded it)\n");
	CHECK(parse("user u gem xe.0 v\nuser_cmd u fault 0\nuser_cmd u unbind\n", true));
	CHECK_STR(errs, "x.scn:2: 'user_cmd u fault' is a command of SVM processes, but 'u' (line 1) maps a GEM object\n"
			"x.scn:3: 'user_cmd u unbind' is a command of SVM processes, but 'u' (line 1) maps a GEM object\n");
	/* repeat blocks must leave the processes as they found them */
	CHECK(parse("repeat 2\n  user u gem i915.0 g\nend\n", true));
	CHECK_STR(errs, "x.scn:3: process 'u' (line 2) still runs at the end of the 'repeat' at line 1: its next round would start it again (end it inside the block with 'user_exit u')\n");
	CHECK(parse("user u gem i915.0 g\nrepeat 2\n  user_cmd u touch 0\n  user_exit u\nend\n", true));
	CHECK_STR(errs, "x.scn:5: process 'u' (line 1) ends at line 4, inside the 'repeat' at line 2: its next round would find it gone\n");
	CHECK(parse("user u gem xe.0 v\nrepeat 2\n  user_cmd u touch 0\n  user_exit u\n"
		    "  user u svm xe.0 2m\nend\n", true));
	CHECK_STR(errs, "x.scn:6: process 'u' maps a GEM object at one round of the 'repeat' at line 2 and SVM at the next\n");
	/* the inner block's check, then the outer's */
	CHECK(parse("repeat 2\n repeat 2\n  user u gem i915.0 g\n end\nend\n", true));
	CHECK_EQ_U64(sc.nr_errors, 2);
	CHECK_CONTAINS(errs, "x.scn:4: process 'u' (line 3) still runs at the end of the 'repeat' at line 2");
	CHECK_CONTAINS(errs, "x.scn:5: process 'u' (line 3) still runs at the end of the 'repeat' at line 1");
}

static void file_errors(void)
{
	scn_free(&sc);
	CHECK(scn_parse_file(&sc, "/nonexistent/x.scn", NULL) != 0);
	CHECK_STR(sc.errors[0], "/nonexistent/x.scn: cannot open: No such file or directory");
	scn_free(&sc);
	CHECK(scn_parse_file(&sc, "/nonexistent/x.scn", "shown.scn") != 0);
	CHECK_STR(sc.errors[0], "shown.scn: cannot open: No such file or directory");
}

/* "expect" lines: what the file allows of wakeref's pairing, each once. */
static void expect_lines(void)
{
	CHECK_EQ_U64(parse("get i915.0 get a\n", false), 0);
	CHECK(sc.expect.min_accuracy == 100 && !sc.expect.fallback && !sc.expect.divergence &&
	      !sc.expect.loss && !sc.expect.accuracy_line);
	CHECK_EQ_U64(parse("# jobs freed out of order\nexpect accuracy>=62.5 fallback\n"
			   "get i915.0 get a\nexpect divergence loss\n", true), 0);
	CHECK(sc.expect.min_accuracy == 62.5);
	CHECK_EQ_U64(sc.expect.accuracy_line, 2);
	CHECK(sc.expect.fallback && sc.expect.fallback_line == 2);
	CHECK(sc.expect.divergence && sc.expect.divergence_line == 4);
	CHECK(sc.expect.loss && sc.expect.loss_line == 4);
	/* no operation: the plan has only the get and the implicit ones */
	CHECK_EQ_U64(sc.nr_ops, 5);
	CHECK_EQ_U64(parse("expect accuracy>=0\n", false), 0);
	CHECK(sc.expect.min_accuracy == 0);
	CHECK_EQ_U64(parse("expect accuracy>=100\n", false), 0);
}

static void error_expect_lines(void)
{
	CHECK_STR(error_of("expect\n"),
		  "x.scn:1: 'expect' wants what wakeref may do in this file: accuracy>=N (a percentage), fallback, divergence or loss\n");
	CHECK_STR(error_of("expect accuracy>=101\n"),
		  "x.scn:1: 'expect accuracy>=N' wants a percentage 0..100, like accuracy>=80, got 'accuracy>=101'\n");
	CHECK_STR(error_of("expect accuracy>=-1\n"),
		  "x.scn:1: 'expect accuracy>=N' wants a percentage 0..100, like accuracy>=80, got 'accuracy>=-1'\n");
	CHECK_STR(error_of("expect accuracy>=80%\n"),
		  "x.scn:1: 'expect accuracy>=N' wants a percentage 0..100, like accuracy>=80, got 'accuracy>=80%'\n");
	CHECK_STR(error_of("expect accuracy>80\n"),
		  "x.scn:1: 'expect': unknown 'accuracy>80' (accuracy>=N, fallback, divergence, loss)\n");
	CHECK_STR(error_of("expect fallback\n\nexpect loss fallback\n"),
		  "x.scn:3: 'expect fallback' is already at line 1\n");
	CHECK_STR(error_of("expect accuracy>=50 accuracy>=60\n"),
		  "x.scn:1: 'expect accuracy' is already at line 1\n");
	CHECK_STR(error_of("repeat 2\nexpect fallback\nend\n"),
		  "x.scn:2: 'expect' cannot be inside 'repeat' (line 1)\n");
}

/* Every scenario of the corpus, pending ones too, parses and plans clean. */
static void corpus_parses(void)
{
	static const char * const patterns[] = { "tests/scenarios/*.scn",
						 "tests/scenarios/pending/*.scn" };
	size_t p, i, n = 0;
	glob_t g;

	for (p = 0; p < 2; p++) {
		if (glob(patterns[p], 0, NULL, &g))
			continue;
		for (i = 0; i < g.gl_pathc; i++, n++) {
			scn_free(&sc);
			if (scn_parse_file(&sc, g.gl_pathv[i], NULL) || scn_plan(&sc)) {
				printf("    %s: %s\n", g.gl_pathv[i],
				       sc.nr_errors ? sc.errors[0] : "out of memory");
				unit_failed = 1;
			}
		}
		globfree(&g);
	}
	CHECK(n >= 5);
	scn_free(&sc);
}

UNIT_MAIN("scn_parse",
	  T(every_line_kind),
	  T(options_of_the_new_grammar),
	  T(path_ops),
	  T(nested_repeat),
	  T(crlf_tabs_and_trailing_comments),
	  T(empty_file),
	  T(error_unknown_operation),
	  T(error_argument_count),
	  T(error_bad_arguments),
	  T(error_options),
	  T(error_sleep),
	  T(error_repeat_and_end),
	  T(error_checkpoint),
	  T(error_lifecycle_ops),
	  T(error_long_lines_and_binary),
	  T(errors_all_reported),
	  T(plan_adds_the_implicit_ops),
	  T(plan_errors),
	  T(user_lines),
	  T(error_user_lines),
	  T(plan_user_processes),
	  T(plan_user_errors),
	  T(file_errors),
	  T(expect_lines),
	  T(error_expect_lines),
	  T(corpus_parses))
