// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of "who, and during what": the system call, DRM ioctl and
 * client of a get, the context read from its stack, the module of an owner
 * outside the driver, in every format, and --by.
 */
#include "drivers/ioctls.h"
#include "kernel/context.h"
#include "kernel/ksyms.h"
#include "kernel/syscalls.h"
#include "model/who.h"
#include "output/report.h"
#include "unit.h"
#include "events.h"
#include "render.h"

#define A_PROCESS_ONE_WORK	0xffffffff81003080ull
#define A_DO_SYSCALL_64		0xffffffff81003420ull
#define A_HANDLE_IRQ		0xffffffff81003840ull
#define F_WORK_FN		0xffffffffc0200300ull
#define F_AZX			0xffffffffc0500000ull

/* uapi: DRM_IOWR(0x40 + 0x29, 64 bytes) and DRM_IOW(0x40 + 0x09, struct drm_xe_exec) */
#define I915_EXECBUFFER2_WR	0xc0406469u
#define XE_EXEC	0x40386449u

static char *render_by(const struct wr_owners *ot, enum wr_format fmt, int by)
{
	return render_opts(ot, (struct report_opts){ .format = fmt, .by = by,
						     .now_ns = test_clock + 1000000000ull });
}

/* A get from CALLER with the stack FRAMES (innermost first), in system call NR. */
static void get_in(struct wr_owners *ot, uint8_t driver, uint32_t pid, uint64_t caller,
		   const uint64_t *frames, uint32_t n, int nr, uint32_t cmd, uint64_t client)
{
	struct wr_event e = mk_event(RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, pid, ~0ull);
	struct wr_site site = { .frames = frames, .nr_frames = n, .caller = caller };

	e.driver = driver;
	e.tgid = pid - 1;
	if (nr >= 0) {
		e.flags |= WR_EVF_SYSCALL;
		e.sys_nr = nr;
		e.ioctl_cmd = cmd;
		e.client = client;
	}
	owners__apply(ot, &e, &site);
}

static void ioctl_names_come_from_the_uapi_numbers(void)
{
	CHECK_STR(ioctls__name(WR_DRV_I915, I915_EXECBUFFER2_WR),
		  "DRM_IOCTL_I915_GEM_EXECBUFFER2_WR");
	CHECK_STR(ioctls__name(WR_DRV_I915, 0x40406469u), "DRM_IOCTL_I915_GEM_EXECBUFFER2");
	/* the same number is another ioctl in xe: the driver's table decides */
	CHECK_STR(ioctls__name(WR_DRV_XE, XE_EXEC), "DRM_IOCTL_XE_EXEC");
	CHECK_STR(ioctls__name(WR_DRV_XE, 0xc028644au), "DRM_IOCTL_XE_WAIT_USER_FENCE");
	/* core DRM, shared by both */
	CHECK_STR(ioctls__name(WR_DRV_XE, 0xc03864bcu), "DRM_IOCTL_MODE_ATOMIC");
	CHECK_STR(ioctls__name(WR_DRV_I915, 0x40086409u), "DRM_IOCTL_GEM_CLOSE");
	/* not a DRM ioctl, or a number no table has */
	CHECK(!ioctls__name(WR_DRV_I915, 0x5401));		/* TCGETS */
	CHECK(!ioctls__name(WR_DRV_XE, 0xc0086490u));		/* xe 0x50: none */
	CHECK_STR(syscalls__name(16), "ioctl");
	CHECK_STR(syscalls__name(1), "write");
	CHECK(!syscalls__name(-1) && !syscalls__name(100000));
}

static void ioctl_and_client_in_every_format(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t frames[4] = { A_RPM_GET, F_LEAKY + 0x10, A_DO_SYSCALL_64, 0 };
	char *s;

	get_in(ot, WR_DRV_XE, 42, F_LEAKY, frames, 3, 16, XE_EXEC,
	       0xffff888000abc000ull);
	s = render_by(ot, WR_FMT_TEXT, WR_BY_STACK);
	CHECK_CONTAINS(s, "by pid 42 [task42] tgid 41 in ioctl DRM_IOCTL_XE_EXEC client "
		       "0xffff888000abc000 via intel_runtime_pm_get)");
	CHECK_CONTAINS(s, "by sim_leaky_path (pid 42 task42, ioctl DRM_IOCTL_XE_EXEC client "
		       "0xffff888000abc000)\n");
	free(s);
	s = render_by(ot, WR_FMT_OWNERS, WR_BY_STACK);
	CHECK_CONTAINS(s, "who 0000:00:02.0 sim_leaky_path pid=42 tgid=41 comm=task42 "
		       "syscall=ioctl ioctl=DRM_IOCTL_XE_EXEC cmd=0x40386449 "
		       "client=0xffff888000abc000 context=syscall\n");
	free(s);
	s = render_by(ot, WR_FMT_JSON, WR_BY_STACK);
	CHECK_CONTAINS(s, "\"tgid\":41,\"syscall_nr\":16,\"syscall\":\"ioctl\","
		       "\"ioctl_cmd\":\"0x40386449\",\"ioctl\":\"DRM_IOCTL_XE_EXEC\","
		       "\"drm_file\":\"0xffff888000abc000\"");
	free(s);
	s = render_by(ot, WR_FMT_PERFETTO, WR_BY_STACK);
	CHECK_CONTAINS(s, "\"during\":\"ioctl DRM_IOCTL_XE_EXEC client 0xffff888000abc000\"");
	free(s);
	owners__free(ot);
}

static void jsonl_events_carry_the_ioctl(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	uint64_t frames[2] = { A_RPM_GET, F_LEAKY + 0x10 };
	struct wr_event e = mk_event(RPM_DEV, WR_EV_GET, WR_HOOK_XE_GET, 0, 9, 0);
	struct wr_site site = { .frames = frames, .nr_frames = 2, .caller = F_LEAKY };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	e.driver = WR_DRV_XE;
	e.flags |= WR_EVF_SYSCALL;
	e.sys_nr = 16;
	e.ioctl_cmd = XE_EXEC;
	e.client = 0xffff888000abc000ull;
	report__event_jsonl(f, &e, &site, -1, ks);
	e.flags &= ~WR_EVF_SYSCALL;	/* no system call: none of it */
	report__event_jsonl(f, &e, &site, -1, ks);
	fclose(f);
	CHECK_CONTAINS(buf, "\"syscall_nr\":16,\"ioctl_cmd\":\"0x40386449\","
		       "\"ioctl\":\"DRM_IOCTL_XE_EXEC\",\"drm_file\":\"0xffff888000abc000\"");
	CHECK(!strstr(strchr(buf, '\n') + 1, "syscall_nr"));
	free(buf);
	ksyms__free(ks);
}

static void client_id_where_the_kernel_has_one(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t frames[2] = { A_RPM_GET, F_LEAKY + 0x10 };
	struct wr_event e = mk_event(RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 5, ~0ull);
	struct wr_site site = { .frames = frames, .nr_frames = 2, .caller = F_LEAKY };
	char *s;

	e.flags |= WR_EVF_SYSCALL | WR_EVF_CLIENT_ID;
	e.sys_nr = 16;
	e.ioctl_cmd = I915_EXECBUFFER2_WR;
	e.client = 17;
	owners__apply(ot, &e, &site);
	s = render_by(ot, WR_FMT_JSON, WR_BY_STACK);
	CHECK_CONTAINS(s, "\"ioctl\":\"DRM_IOCTL_I915_GEM_EXECBUFFER2_WR\",\"drm_client_id\":17");
	free(s);
	s = render_by(ot, WR_FMT_TEXT, WR_BY_STACK);
	CHECK_CONTAINS(s, "in ioctl DRM_IOCTL_I915_GEM_EXECBUFFER2_WR client 17 via");
	free(s);
	s = render_by(ot, WR_FMT_OWNERS, WR_BY_STACK);
	CHECK_CONTAINS(s, " client=17\n");	/* an id is decimal, as fdinfo prints it */
	free(s);
	owners__free(ot);
}

static void work_and_irq_come_from_the_stack(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t work[3] = { A_RPM_GET, F_WORK_FN + 0x10, A_PROCESS_ONE_WORK };
	/* an interrupt on top of a task in write(): the call is not the handler's */
	uint64_t irq[4] = { A_RPM_GET, F_GEM_FAULT + 0x10, A_HANDLE_IRQ, A_DO_SYSCALL_64 };
	char *s;

	get_in(ot, WR_DRV_I915, 10, F_WORK_FN, work, 3, -1, 0, 0);
	get_in(ot, WR_DRV_I915, 11, F_GEM_FAULT, irq, 4, 1, 0, 0);
	s = render_by(ot, WR_FMT_OWNERS, WR_BY_STACK);
	CHECK_CONTAINS(s, "who 0000:00:02.0 sim_work_fn pid=10 tgid=9 comm=task10 "
		       "context=work context_fn=sim_work_fn\n");
	CHECK_CONTAINS(s, "who 0000:00:02.0 sim_gem_fault pid=11 tgid=10 comm=task11 "
		       "context=irq context_fn=sim_gem_fault\n");
	free(s);
	s = render_by(ot, WR_FMT_TEXT, WR_BY_STACK);
	CHECK_CONTAINS(s, "[task10] tgid 9 in work sim_work_fn via");
	CHECK_CONTAINS(s, "[task11] tgid 10 in irq sim_gem_fault via");
	CHECK(!strstr(s, "syscall write"));
	free(s);
	owners__free(ot);
}

static void owner_outside_the_driver_is_named(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t frames[3] = { A_RPM_GET, F_AZX + 0x10, A_PROCESS_ONE_WORK };
	char *s;

	get_in(ot, WR_DRV_I915, 20, F_AZX, frames, 3, -1, 0, 0);
	s = render_by(ot, WR_FMT_TEXT, WR_BY_STACK);
	CHECK_CONTAINS(s, "by azx_probe_continue [snd_hda_intel, outside wakeref_sim] "
		       "(pid 20 task20, work azx_probe_continue)\n");
	CHECK_CONTAINS(s, ", owner in snd_hda_intel, outside wakeref_sim via");
	free(s);
	s = render_by(ot, WR_FMT_JSON, WR_BY_STACK);
	CHECK_CONTAINS(s, "\"module\":\"snd_hda_intel\",\"outside_driver\":true");
	free(s);
	owners__free(ot);
}

static void by_groups_count_owners(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	uint64_t a[3] = { A_RPM_GET, F_LEAKY + 0x10, A_DO_SYSCALL_64 };
	uint64_t b[3] = { A_RPM_GET, F_GEM_FAULT + 0x10, A_DO_SYSCALL_64 };
	uint64_t c[3] = { A_RPM_GET, F_AZX + 0x10, A_PROCESS_ONE_WORK };
	char *s;

	/* two stacks in one ioctl from two clients, one write, one work item */
	get_in(ot, WR_DRV_XE, 30, F_LEAKY, a, 3, 16, XE_EXEC, 0x1000);
	get_in(ot, WR_DRV_XE, 31, F_GEM_FAULT, b, 3, 16, XE_EXEC, 0x2000);
	get_in(ot, WR_DRV_XE, 30, F_LEAKY, a, 3, 1, 0, 0);
	get_in(ot, WR_DRV_XE, 32, F_AZX, c, 3, -1, 0, 0);
	s = render_by(ot, WR_FMT_TEXT, WR_BY_IOCTL);
	CHECK_CONTAINS(s, "Owners by ioctl:\n"
		       "       2  ioctl DRM_IOCTL_XE_EXEC\n"
		       "       1  syscall write\n"
		       "       1  work azx_probe_continue\n");
	free(s);
	s = render_by(ot, WR_FMT_TEXT, WR_BY_PID);
	CHECK_CONTAINS(s, "Owners by pid:\n"
		       "       2  pid 30 [task30]\n"
		       "       1  pid 31 [task31]\n"
		       "       1  pid 32 [task32]\n");
	free(s);
	s = render_by(ot, WR_FMT_JSON, WR_BY_MODULE);
	CHECK_CONTAINS(s, "\"by\":{\"key\":\"module\",\"groups\":["
		       "{\"key\":\"wakeref_sim\",\"count\":3,\"oldest_owner\":\"sim_leaky_path\"},"
		       "{\"key\":\"snd_hda_intel\",\"count\":1,\"oldest_owner\":\"azx_probe_continue\"}]}");
	free(s);
	/* without --by: no such section */
	s = render_by(ot, WR_FMT_TEXT, WR_BY_STACK);
	CHECK(!strstr(s, "Owners by"));
	free(s);
	owners__free(ot);
}

static void by_names_parse(void)
{
	enum wr_by by = WR_BY_STACK;

	CHECK(!who__parse_by("ioctl", &by) && by == WR_BY_IOCTL);
	CHECK(!who__parse_by("module", &by) && by == WR_BY_MODULE);
	CHECK(!who__parse_by("pid", &by) && by == WR_BY_PID);
	CHECK(who__parse_by("comm", &by) == -1);
}

UNIT_MAIN("who", T(ioctl_names_come_from_the_uapi_numbers), T(ioctl_and_client_in_every_format),
	  T(client_id_where_the_kernel_has_one), T(jsonl_events_carry_the_ioctl), T(work_and_irq_come_from_the_stack),
	  T(owner_outside_the_driver_is_named), T(by_groups_count_owners), T(by_names_parse))
