// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the tracepoint fallback's pure parts: format files
 * (tracefs.c), device keys from names (wr_tracepoint.h), the choice of
 * mode when kprobes cannot be used (attach/plan.c), how a tracepoint put
 * that nothing ties to an owner is counted (owners.c), and when the kernel
 * reports kprobe misses (probe_misses.c).
 */
#include <errno.h>

#include "attach/plan.h"
#include "attach/probe_misses.h"
#include "kernel/tracefs.h"
#include "wr_tracepoint.h"
#include "unit.h"
#include "events.h"
#include "fake_plan.h"

/* /sys/kernel/tracing/events/xe/xe_pm_runtime_get/format, Debian 6.12 */
static const char xe_format[] =
	"name: xe_pm_runtime_get\n"
	"ID: 1530\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:__data_loc char[] dev;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:void * caller;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\n"
	"print fmt: \"dev=%s caller_function=%pS\", __get_str(dev), REC->caller\n";

static void format_fields_are_parsed(void)
{
	struct tracefs_field f[TRACEFS_MAX_FIELDS];
	int n = tracefs__parse_format(xe_format, f, TRACEFS_MAX_FIELDS);

	CHECK_EQ_U64(n, 6);
	CHECK_STR(f[0].type, "unsigned short");
	CHECK_STR(f[0].name, "common_type");
	CHECK_STR(f[4].type, "__data_loc char[]");
	CHECK_STR(f[4].name, "dev");
	CHECK_EQ_U64(f[4].offset, 8);
	CHECK_EQ_U64(f[4].size, 4);
	CHECK_STR(f[5].type, "void *");
	CHECK_STR(f[5].name, "caller");
	CHECK_EQ_U64(f[5].offset, 16);
	n = tracefs__parse_format("\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n", f, 4);
	CHECK_EQ_U64(n, 1);
	CHECK_STR(f[0].name, "comm");
	CHECK_STR(f[0].type, "char");
	CHECK(tracefs__parse_format("\tfield:int;\toffset:8;\tsize:4;\n", f, 4) == -EINVAL);
	CHECK(tracefs__parse_format("\tfield:int x;\toffset:eight;\n", f, 4) == -EINVAL);
}

static void the_xe_layout_is_accepted(void)
{
	char why[160] = "";

	CHECK(tracefs__check_rpm_format(xe_format, why, sizeof(why)) == 0);
	CHECK_STR(why, "");
}

/* A field moved, retyped or gone: refused, saying which. */
static void another_layout_is_refused(void)
{
	char text[sizeof(xe_format) + 16], why[160];
	char *p;

	snprintf(text, sizeof(text), "%s", xe_format);
	p = strstr(text, "offset:16");
	memcpy(p, "offset:24", 9);
	CHECK(tracefs__check_rpm_format(text, why, sizeof(why)) == -EPROTO);
	CHECK_CONTAINS(why, "field caller is \"void *\" at offset 24 size 8");
	CHECK_CONTAINS(why, "reads \"void *\" at 16 size 8");

	snprintf(text, sizeof(text), "%s", xe_format);
	p = strstr(text, "__data_loc char[] dev");
	memcpy(p, "__data_loc char[] drv", 21);
	CHECK(tracefs__check_rpm_format(text, why, sizeof(why)) == -EPROTO);
	CHECK_STR(why, "no field \"dev\"");

	snprintf(text, sizeof(text), "%s", xe_format);
	p = strstr(text, "void * caller");
	memcpy(p, "long   caller", 13);
	CHECK(tracefs__check_rpm_format(text, why, sizeof(why)) == -EPROTO);
	CHECK_CONTAINS(why, "field caller is \"long\"");
}

static void name_keys_are_stable_and_never_pointers(void)
{
	char long_name[64];
	uint64_t a = wr_dev_name_key("0000:03:00.0", WR_DEV_LEN);
	uint64_t b = wr_dev_name_key("0000:04:00.0", WR_DEV_LEN);

	/* FNV-1a of "0000:03:00.0", bit 62 set, bit 63 clear */
	CHECK_EQ_U64(a, 0x4000000000000000ull | (0x1d9d9fc94a692f0cull & WR_NAME_KEY_MASK));
	CHECK(a != b);
	CHECK(wr_is_name_key(a) && wr_is_name_key(b));
	CHECK(!(a >> 63));
	CHECK(!wr_is_name_key(RPM_DEV));
	CHECK(!wr_is_name_key(0));
	/* the event's dev[] is WR_DEV_LEN bytes: a longer name is cut there */
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = 0;
	CHECK_EQ_U64(wr_dev_name_key(long_name, sizeof(long_name)),
		     wr_dev_name_key(long_name, WR_DEV_LEN));
}

static void no_kprobes_means_tracepoints(void)
{
	static struct wr_ap_resolved plan[WR_HOOK__COUNT];
	struct wr_plan_opts o = { .no_fentry = true, .no_kprobe = true,
				  .features = WR_FEAT_OWNERS };

	fake_plan(plan, WR_TP_OK);
	CHECK_EQ_U64(attach_plan__choose(plan, &o), 3);
	CHECK_EQ_U64(plan[WR_HOOK_XE_GET].mode, WR_MODE_TRACEPOINT);
	CHECK_EQ_U64(plan[WR_HOOK_XE_PUT].mode, WR_MODE_TRACEPOINT);
	CHECK_EQ_U64(plan[WR_HOOK_XE_GET_IOCTL].mode, WR_MODE_TRACEPOINT);
	CHECK_STR(plan[WR_HOOK_XE_GET].why, "fentry disabled (--no-fentry), kprobes disabled "
		  "(--no-kprobe): tracepoint xe:xe_pm_runtime_get");
	CHECK_CONTAINS(plan[WR_HOOK_XE_GET_IOCTL].why, "fires before the result is known");
	CHECK_EQ_U64(plan[WR_HOOK_XE_GET_IF_IN_USE].mode, WR_MODE_NONE);
	CHECK_CONTAINS(plan[WR_HOOK_XE_GET_IF_IN_USE].why, ", and no tracepoint");
	CHECK_EQ_U64(plan[WR_HOOK_I915_RPM_GET].mode, WR_MODE_NONE);
	CHECK_STR(attach_plan__mode_name(WR_MODE_TRACEPOINT), "tracepoint");
}

/* fentry first; kprobes when they exist; a bad format is said, not used. */
static void tracepoints_only_as_a_last_resort(void)
{
	static struct wr_ap_resolved plan[WR_HOOK__COUNT];
	struct wr_plan_opts o = { .no_kprobe = true, .features = WR_FEAT_OWNERS };

	fake_plan(plan, WR_TP_OK);
	attach_plan__choose(plan, &o);
	CHECK_EQ_U64(plan[WR_HOOK_XE_GET].mode, WR_MODE_FEXIT);
	o.no_kprobe = false;
	o.no_fentry = true;
	attach_plan__choose(plan, &o);
	CHECK_EQ_U64(plan[WR_HOOK_XE_GET].mode, WR_MODE_KRETPROBE);

	fake_plan(plan, WR_TP_BAD_FORMAT);
	snprintf(plan[WR_HOOK_XE_PUT].tp_why, sizeof(plan[WR_HOOK_XE_PUT].tp_why),
		 "no field \"dev\"");
	o.kprobes_missing = "this kernel has no kprobes";
	attach_plan__choose(plan, &o);
	CHECK_EQ_U64(plan[WR_HOOK_XE_PUT].mode, WR_MODE_NONE);
	CHECK_STR(plan[WR_HOOK_XE_PUT].why, "fentry disabled (--no-fentry), this kernel has no "
		  "kprobes, and tracepoint xe:xe_pm_runtime_put refused: no field \"dev\"");
}

/* A kprobe refused at attach: every kprobe row moves to its tracepoint or to none. */
static void refused_kprobes_move_to_tracepoints(void)
{
	static struct wr_ap_resolved plan[WR_HOOK__COUNT];
	struct wr_plan_opts o = { .no_fentry = true, .features = WR_FEAT_OWNERS };

	fake_plan(plan, WR_TP_OK);
	plan[WR_HOOK_I915_RPM_GET].state = WR_AP_NO_BTF;	/* the PM core learns its device */
	attach_plan__choose(plan, &o);
	CHECK_EQ_U64(plan[WR_HOOK_PM_RESUME].mode, WR_MODE_KPROBE);
	CHECK_EQ_U64(attach_plan__no_kprobes(plan, "kprobes refused at attach (Operation not "
					     "permitted)"), 3);
	CHECK_EQ_U64(plan[WR_HOOK_XE_PUT].mode, WR_MODE_TRACEPOINT);
	CHECK_STR(plan[WR_HOOK_XE_PUT].why, "kprobes refused at attach (Operation not "
		  "permitted): tracepoint xe:xe_pm_runtime_put");
	CHECK_EQ_U64(plan[WR_HOOK_I915_RPM_GET].mode, WR_MODE_NONE);
	CHECK_EQ_U64(plan[WR_HOOK_PM_RESUME].mode, WR_MODE_NONE);
	CHECK(!attach_plan__core_blind(&plan[WR_HOOK_XE_PUT]));
}

static void put_xe(struct wr_owners *ot, uint32_t pid, uint64_t caller, uint32_t flags)
{
	struct wr_event e = mk_event(RPM_DEV, WR_EV_PUT, WR_HOOK_XE_PUT, flags, pid, 0);
	struct wr_site site = { .caller = caller };

	e.driver = WR_DRV_XE;
	owners__apply(ot, &e, &site);
}

static void get_xe(struct wr_owners *ot, uint32_t pid, uint64_t caller, uint32_t flags)
{
	struct wr_event e = mk_event(RPM_DEV, WR_EV_GET, WR_HOOK_XE_GET, flags, pid, 0);
	struct wr_site site = { .caller = caller };

	e.driver = WR_DRV_XE;
	owners__apply(ot, &e, &site);
}

/*
 * By tracepoint, a put that no owner's function matches most likely ends a
 * get that no tracepoint showed: unmatched, and the owners stay as they are.
 */
static void tracepoint_puts_are_never_absorbed(void)
{
	const uint32_t tp = WR_EVF_TRACEPOINT | WR_EVF_NO_COUNT;
	struct wr_owners *ot = owners__new(~0ull);
	const struct wr_device *d;

	get_xe(ot, 1, F_LEAKY, tp);
	get_xe(ot, 2, F_GEM_FAULT, tp);
	put_xe(ot, 3, F_CTL, tp | WR_EVF_COUNT_BEFORE);	/* its get had no tracepoint */
	put_xe(ot, 3, F_CTL, tp | WR_EVF_COUNT_BEFORE);	/* twice: nothing learnt */
	put_xe(ot, 2, F_GEM_FAULT, tp | WR_EVF_COUNT_BEFORE);
	d = ot->devices;
	CHECK(d && d->by_tracepoint);
	CHECK_EQ_U64(d->unmatched_puts, 2);
	CHECK_EQ_U64(d->paired[WR_PAIR_FALLBACK], 0);
	CHECK_EQ_U64(d->paired[WR_PAIR_SAME_FN], 1);
	CHECK_EQ_U64(ot->nr_learned, 0);
	CHECK(d && d->head && !d->head->next && d->head->caller == F_LEAKY);
	CHECK(d && d->head->pairing == WR_PAIR_SAME_FN);
	owners__free(ot);
}

/* bpf_link_info: kprobe.missed from 6.7 (the kernel's info is 56 bytes or more). */
static void kprobe_misses_from_6_7(void)
{
	CHECK(!probe_misses__has_missed(48, 7, 3));	/* 6.1 .. 6.6 */
	CHECK(probe_misses__has_missed(56, 7, 3));	/* kprobe */
	CHECK(probe_misses__has_missed(64, 7, 4));	/* kretprobe */
	CHECK(!probe_misses__has_missed(64, 7, 5));	/* a tracepoint */
	CHECK(!probe_misses__has_missed(64, 2, 3));	/* not a perf-event link */
}

UNIT_MAIN("tracepoint", T(format_fields_are_parsed), T(the_xe_layout_is_accepted),
	  T(another_layout_is_refused), T(name_keys_are_stable_and_never_pointers),
	  T(no_kprobes_means_tracepoints), T(tracepoints_only_as_a_last_resort),
	  T(refused_kprobes_move_to_tracepoints), T(tracepoint_puts_are_never_absorbed),
	  T(kprobe_misses_from_6_7))
