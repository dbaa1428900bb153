// SPDX-License-Identifier: GPL-2.0
/*
 * tracer.c - libbpf lifecycle of wakeref.bpf.c: open -> configure (targets
 * from the attach plan, cookie width from BTF, ring-buffer size) -> load ->
 * attach, every step checked and explained.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <linux/perf_event.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib/log.h"
#include "lib/settings.h"
#include "kernel/kbtf.h"
#include "kernel/ksyms.h"
#include "attach/probe_misses.h"
#include "kernel/tracefs.h"
#include "attach/tracer.h"
#include "kernel/unwind.h"
#include "wakeref.skel.h"
#include "wakeref_pr.skel.h"

#define DEFAULT_RINGBUF_BYTES (8u << 20)

static int on_sample(void *ctx, void *data, size_t size);

const char *const wr_map_names[WR_MAP__COUNT] = {
	[WR_MAP_EVENTS] = "events",
	[WR_MAP_UF] = "uf_events",
	[WR_MAP_SVM] = "svm_events",
	[WR_MAP_STATS] = "wr_stats",
	[WR_MAP_UNWIND] = "wr_unwind",
};

/* The ring buffer of each feature other than the owners. */
static const struct view_ring {
	unsigned int feature;
	enum wr_map map;
} view_rings[] = {
	{ WR_FEAT_USERFAULT, WR_MAP_UF },
	{ WR_FEAT_SVM, WR_MAP_SVM },
};

static struct view_ring_ctx {
	struct tracer *t;
	unsigned int feature;
} view_ring_ctx[sizeof(view_rings) / sizeof(view_rings[0])];

static int on_view_sample(void *ctx, void *data, size_t size)
{
	struct view_ring_ctx *vc = ctx;

	if (vc->t->opts.on_record)
		vc->t->opts.on_record(vc->t->opts.ctx, vc->feature, data, size);
	return 0;
}

static int add_view_rings(struct tracer *t)
{
	size_t i;
	int err;

	for (i = 0; i < sizeof(view_rings) / sizeof(view_rings[0]); i++) {
		int fd = t->map_fd[view_rings[i].map];

		if (fd < 0 || (t->opts.features && !(t->opts.features & view_rings[i].feature)))
			continue;
		view_ring_ctx[i].t = t;
		view_ring_ctx[i].feature = view_rings[i].feature;
		err = ring_buffer__add(t->rb, fd, on_view_sample, &view_ring_ctx[i]);
		if (err) {
			log_error("cannot map the %s ring buffer: %s\n",
				  wr_map_names[view_rings[i].map], strerror(-err));
			return err;
		}
	}
	return 0;
}

void tracer__init_fds(struct tracer *t)
{
	int i;

	for (i = 0; i < WR_MAP__COUNT; i++)
		t->map_fd[i] = -1;
	for (i = 0; i < WR_HOOK__COUNT; i++)
		t->prog_fd[i] = -1;
}

int tracer__open_rings(struct tracer *t)
{
	int err;

	if (t->map_fd[WR_MAP_EVENTS] < 0) {
		log_error("internal error: no events ring buffer\n");
		return -ENOENT;
	}
	t->rb = ring_buffer__new(t->map_fd[WR_MAP_EVENTS], on_sample, t, NULL);
	if (!t->rb) {
		err = -errno;
		log_error("cannot map the ring buffer: %s\n", strerror(-err));
		return err;
	}
	return add_view_rings(t);
}

static int on_sample(void *ctx, void *data, size_t size)
{
	struct tracer *t = ctx;

	if (size < sizeof(struct wr_event)) {
		t->malformed++;
		return 0;
	}
	if (t->unwinder && (((const struct wr_event *)data)->flags & WR_EVF_UNWIND_MISS))
		unwind__learn(t->unwinder, data);
	t->opts.on_event(t->opts.ctx, data);
	return 0;
}

/* intel_wakeref_t is u32 before 6.8: only its low bits are the cookie. */
static uint64_t cookie_mask_for(struct tracer *t)
{
	const struct wr_ap_resolved *r = &t->plan[WR_HOOK_I915_RPM_GET];
	int size;

	struct utsname u;
	int major, minor;

	if (r->state == WR_AP_PRESENT) {
		size = kbtf__func_ret_size(t->kbtf, r->module, r->ap->func);
		return size > 0 && size < 8 ? (1ULL << (size * 8)) - 1 : ~0ULL;
	}
	/* no BTF to tell: by the release (kernel-api.md §2.1), u32 up to 6.7 */
	if (!uname(&u) && sscanf(u.release, "%d.%d", &major, &minor) == 2 &&
	    (major < 6 || (major == 6 && minor < 8)))
		return 0xffffffffULL;
	return ~0ULL;
}

static size_t round_pow2(size_t v)
{
	size_t p = 4096;

	while (p < v)
		p <<= 1;
	return p;
}

/*
 * fentry/fexit programs are loaded against the BTF object of the module the
 * plan chose, never by a bare name: libbpf 1.1 has no "fentry/MOD:FUNC" and
 * would bind a name that several modules define (xe compiles i915's display
 * code) to whichever module BTF it finds first.  The section handlers below
 * replace libbpf's own for SEC("fentry") and SEC("fexit") and put each
 * program's target in its load attributes.
 */
static struct fentry_target {
	const struct bpf_program *prog;
	int btf_fd;
	int btf_id;
} fentry_targets[WR_HOOK__COUNT];
static int nr_fentry_targets;

static int prepare_fentry(struct bpf_program *prog, struct bpf_prog_load_opts *opts, long cookie)
{
	int i;

	for (i = 0; i < nr_fentry_targets; i++) {
		if (fentry_targets[i].prog != prog)
			continue;
		opts->attach_btf_obj_fd = fentry_targets[i].btf_fd;
		opts->attach_btf_id = fentry_targets[i].btf_id;
		return 0;
	}
	log_error("internal error: BPF program %s has no target\n", bpf_program__name(prog));
	return -EINVAL;
}

static int register_fentry_handlers(void)
{
	LIBBPF_OPTS(libbpf_prog_handler_opts, hopts, .prog_prepare_load_fn = prepare_fentry);
	static bool done;

	if (done)
		return 0;
	if (libbpf_register_prog_handler("fentry", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY,
					 &hopts) < 0 ||
	    libbpf_register_prog_handler("fexit", BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT,
					 &hopts) < 0) {
		log_error("cannot register the fentry section handlers\n");
		return -EINVAL;
	}
	done = true;
	return 0;
}

static struct wr_hook_info hook_info_of(const struct wr_attach_point *ap)
{
	struct wr_hook_info hi = {};

	switch (ap->role) {
	case WR_ROLE_GET:
	case WR_ROLE_GET_COND:
		hi.kind = WR_HK_GET;
		break;
	case WR_ROLE_PUT:
		hi.kind = WR_HK_PUT;
		break;
	case WR_ROLE_LEARN:
		hi.kind = WR_HK_LEARN;
		break;
	case WR_ROLE_ENTRY:
	case WR_ROLE_EXIT:
		hi.kind = WR_HK_NONE;	/* fentry/fexit only */
		break;
	}
	hi.driver = ap->drv == WR_DRV_XE ? WR_DRV_XE : WR_DRV_I915;
	hi.ret = ap->ret;
	hi.flags = (ap->flags & WR_AP_WAKELOCK ? WR_HI_WAKELOCK : 0) |
		   (ap->flags & WR_AP_COOKIE_ARG ? WR_HI_COOKIE_ARG : 0);
	return hi;
}

/*
 * Load the fentry/fexit program of every row in that mode, the generic
 * kprobe programs if a row needs them; fill the kprobe table.
 */
static int configure_programs(struct tracer *t, bool *learn)
{
	struct bpf_object *obj = t->skel->obj;
	bool kprobes = false, tracepoints = false, unwinder;
	struct bpf_program *prog;
	int i, err;

	*learn = false;
	nr_fentry_targets = 0;
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, false);
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &t->plan[i];
		struct fentry_target *ft;

		t->skel->rodata->hook_info[i] = hook_info_of(r->ap);
		if (attach_plan__is_kprobe(r->mode)) {
			kprobes = true;
			*learn |= attach_plan__core_blind(r);
			continue;
		}
		if (r->mode == WR_MODE_TRACEPOINT) {
			tracepoints = true;
			continue;
		}
		if (r->mode == WR_MODE_NONE)
			continue;
		prog = bpf_object__find_program_by_name(obj, r->ap->prog);
		if (!prog) {
			log_error("internal error: no BPF program %s\n", r->ap->prog);
			return -ENOENT;
		}
		ft = &fentry_targets[nr_fentry_targets];
		err = kbtf__target(t->kbtf, r->module, r->ap->func, &ft->btf_fd, &ft->btf_id);
		if (err) {
			log_error("cannot target %s in %s: %s\n", r->ap->func, r->module,
				  strerror(-err));
			return err;
		}
		ft->prog = prog;
		nr_fentry_targets++;
		bpf_program__set_autoload(prog, true);
	}
	bpf_program__set_autoload(t->skel->progs.wr_kprobe, kprobes);
	bpf_program__set_autoload(t->skel->progs.wr_kretprobe, kprobes);
	bpf_program__set_autoload(t->skel->progs.wr_learn, *learn);
	bpf_program__set_autoload(t->skel->progs.wr_tp_rpm, tracepoints);
	/* the fast unwinder's module watch, when there is a trampoline to walk from */
	unwinder = nr_fentry_targets && t->unwind_mode != WR_UNWIND_OFF;
	bpf_program__set_autoload(t->skel->progs.wr_module_load, unwinder);
	bpf_program__set_autoload(t->skel->progs.wr_module_free, unwinder);
	t->skel->rodata->learn_devices = *learn;
	return 0;
}

static void explain_missing(const struct tracer *t)
{
	int i;

	log_error("none of the runtime-PM functions can be traced on this kernel:\n");
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &t->plan[i];

		if (r->ap->role == WR_ROLE_LEARN)
			continue;
		log_raw("  %-34s %s%s%s%s%s\n", r->ap->func, attach_plan__state_name(r->state),
			r->module[0] ? " in " : "", r->module, r->state == WR_AP_ABSENT ? "" : ": ",
			r->state == WR_AP_ABSENT ? "" : r->why);
	}
	log_raw("Is the i915 module loaded (lsmod | grep i915)?  A function \"absent\" "
		"is in no loaded module; \"no-btf\" means the module has no BTF "
		"(CONFIG_DEBUG_INFO_BTF_MODULES).\n");
}

/* "i915:intel_runtime_pm_get", or the bare name of a vmlinux function */
static void kprobe_target(const struct wr_ap_resolved *r, char *buf, size_t len)
{
	if (!strcmp(r->module, "vmlinux"))
		snprintf(buf, len, "%s", r->ap->func);
	else
		snprintf(buf, len, "%s:%s", r->module, r->ap->func);
}

/* The program the plan traces row R by in its mode (RET: at return). */
static struct bpf_program *find_prog(const struct tracer *t, const struct wr_ap_resolved *r,
				     bool ret)
{
	return bpf_object__find_program_by_name(t->skel->obj,
						attach_plan__prog(r->ap, r->mode, ret));
}

static struct bpf_link *attach_kprobe(struct tracer *t, int hook, bool ret)
{
	const struct wr_ap_resolved *r = &t->plan[hook];
	char target[160];
	LIBBPF_OPTS(bpf_kprobe_opts, kopts, .bpf_cookie = hook, .retprobe = ret);

	kprobe_target(r, target, sizeof(target));
	return bpf_program__attach_kprobe_opts(find_prog(t, r, ret), target, &kopts);
}

/* -v: "attached wr_kprobe+wr_kretprobe to i915:intel_runtime_pm_get as kretprobe" */
static void say_attached(const struct tracer *t, const struct wr_ap_resolved *r)
{
	const char *prog = attach_plan__prog(r->ap, r->mode, false);
	char target[160];

	if (!log_is_verbose())
		return;
	kprobe_target(r, target, sizeof(target));
	if (r->mode == WR_MODE_TRACEPOINT)
		snprintf(target, sizeof(target), "%s", r->ap->tracepoint);
	else if (!strchr(target, ':'))
		snprintf(target, sizeof(target), "vmlinux:%s", r->ap->func);
	log_verbose("attached %s%s%s to %s as %s\n", prog,
		    r->mode == WR_MODE_KRETPROBE ? "+" : "",
		    r->mode == WR_MODE_KRETPROBE ? attach_plan__prog(r->ap, r->mode, true) : "",
		    target, attach_plan__mode_name(r->mode));
}

/*
 * The perf event of tracepoint SYS:NAME, found in our tracefs: libbpf 1.1
 * looks into /sys/kernel/debug/tracing first, which automounts tracefs
 * there (a deprecation notice in 7.x's log).  NULL with errno set.
 */
static struct bpf_link *attach_tp_event(const struct bpf_program *prog, const char *sys,
					const char *name, const struct bpf_tracepoint_opts *topts)
{
	LIBBPF_OPTS(bpf_perf_event_opts, popts, .bpf_cookie = topts->bpf_cookie);
	struct perf_event_attr attr = { .type = PERF_TYPE_TRACEPOINT, .size = sizeof(attr),
					.sample_period = 1, .wakeup_events = 1 };
	const char *dir = tracefs__dir(true);
	struct bpf_link *link;
	char path[256];
	int pfd, err;
	FILE *f;

	if (!dir) {
		errno = ENOENT;
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", dir, sys, name);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	err = fscanf(f, "%llu", (unsigned long long *)&attr.config) == 1 ? 0 : -EINVAL;
	fclose(f);
	if (err) {
		errno = EINVAL;
		return NULL;
	}
	pfd = syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	if (pfd < 0)
		return NULL;
	link = bpf_program__attach_perf_event_opts(prog, pfd, &popts);
	if (!link) {
		err = errno;
		close(pfd);
		errno = err;
	}
	return link;
}

/* The row's tracepoint ("system:event"), the hook id as its cookie; NULL with errno set. */
static struct bpf_link *attach_tracepoint(struct tracer *t, int hook)
{
	const struct wr_ap_resolved *r = &t->plan[hook];
	const char *tp = r->ap->tracepoint, *colon = strchr(tp, ':');
	LIBBPF_OPTS(bpf_tracepoint_opts, topts, .bpf_cookie = hook);
	char sys[64];

	snprintf(sys, sizeof(sys), "%.*s", (int)(colon - tp), tp);
	return attach_tp_event(find_prog(t, r, false), sys, colon + 1, &topts);
}

/* -errno of the attach that just failed (libbpf sets errno) */
static int attach_err(void)
{
	return errno ? -errno : -EINVAL;
}

/* Row HOOK attached in the mode its plan says: 0 or -errno. */
static int attach_row(struct tracer *t, int hook, bool learn)
{
	const struct wr_ap_resolved *r = &t->plan[hook];
	struct bpf_program *prog;

	switch (r->mode) {
	case WR_MODE_NONE:
		return 0;
	case WR_MODE_FENTRY:
	case WR_MODE_FEXIT:
		prog = find_prog(t, r, false);
		t->prog_fd[hook] = bpf_program__fd(prog);
		t->links[hook] = bpf_program__attach_trace(prog);
		break;
	case WR_MODE_KPROBE:
	case WR_MODE_KRETPROBE:
		/* the entry kprobe; the return one for gets, and for every row when learning */
		t->links[hook] = attach_kprobe(t, hook, false);
		if (!t->links[hook] ||
		    (r->mode != WR_MODE_KRETPROBE && !(learn && r->ap->role == WR_ROLE_PUT)))
			break;
		t->rlinks[hook] = attach_kprobe(t, hook, true);
		if (!t->rlinks[hook] && r->mode == WR_MODE_KRETPROBE)
			return attach_err();
		break;
	case WR_MODE_TRACEPOINT:
		t->links[hook] = attach_tracepoint(t, hook);
		break;
	}
	return t->links[hook] ? 0 : attach_err();
}

/*
 * Attach every row in its mode.  When one fails the plan decides what
 * comes next (attach_plan__attach_failed()): the row is skipped, or it (or
 * every kprobe row) moved down the fallback order and -EAGAIN asks the
 * caller to load again, or the error stands.
 */
static int attach_programs(struct tracer *t, bool learn)
{
	int i, err;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		if (t->plan[i].mode == WR_MODE_NONE)
			continue;
		err = attach_row(t, i, learn);
		if (err) {
			enum wr_next next = attach_plan__attach_failed(t->plan, i, err);

			if (next == WR_NEXT_SKIP)
				continue;
			return next == WR_NEXT_RELOAD ? -EAGAIN : err;
		}
		say_attached(t, &t->plan[i]);
		t->nr_attached++;
	}
	return 0;
}

/* CapEff of this process, from /proc/self/status. */
static uint64_t effective_caps(void)
{
	unsigned long long caps = 0;
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			break;
	if (f)
		fclose(f);
	return caps;
}

#define CAP_BIT(n) (1ull << (n))
#define WR_CAP_SYS_ADMIN 21
#define WR_CAP_PERFMON 38
#define WR_CAP_BPF 39

bool tracer__privileged(void)
{
	uint64_t caps = effective_caps();

	return geteuid() == 0 || (caps & CAP_BIT(WR_CAP_SYS_ADMIN)) ||
	       ((caps & CAP_BIT(WR_CAP_BPF)) && (caps & CAP_BIT(WR_CAP_PERFMON)));
}

int tracer__check_privileges(void)
{
	if (tracer__privileged())
		return 0;
	log_error("must run as root (or with CAP_BPF and CAP_PERFMON) to load BPF tracing "
		  "programs\n");
	return -EPERM;
}

/* A copy of the vmlinux BTF: CO-RE then sees no module, as if none had BTF. */
static int write_core_btf(struct tracer *t)
{
	char buf[65536];
	ssize_t n;
	int in, out, err = 0;

	snprintf(t->core_btf, sizeof(t->core_btf), "/tmp/wakeref-vmlinux-btf.XXXXXX");
	out = mkstemp(t->core_btf);
	if (out < 0) {
		t->core_btf[0] = 0;
		return -errno;
	}
	in = open("/sys/kernel/btf/vmlinux", O_RDONLY);
	if (in < 0)
		err = -errno;
	while (!err && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 || write(out, buf, n) != n)
			err = -EIO;
	}
	if (in >= 0)
		close(in);
	close(out);
	return err;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The fast unwinder's learner and module watch, gone. */
static void stop_unwinder(struct tracer *t)
{
	int i;

	unwind__close(t->unwinder);
	t->unwinder = NULL;
	for (i = 0; i < 2; i++) {
		bpf_link__destroy(t->unwind_links[i]);
		t->unwind_links[i] = NULL;
	}
}

static void unload(struct tracer *t)
{
	double t0 = now_s();
	int i, n = t->nr_attached;

	stop_unwinder(t);
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		bpf_link__destroy(t->links[i]);
		bpf_link__destroy(t->rlinks[i]);
		t->links[i] = t->rlinks[i] = NULL;
		/* an adopted program's fd is ours; a skeleton's belongs to it */
		if (t->adopted && t->prog_fd[i] >= 0)
			close(t->prog_fd[i]);
		t->prog_fd[i] = -1;
	}
	for (i = 0; i < WR_MAP__COUNT; i++) {
		if (t->adopted && t->map_fd[i] >= 0)
			close(t->map_fd[i]);
		t->map_fd[i] = -1;
	}
	wakeref_bpf__destroy(t->skel);
	t->skel = NULL;
	t->nr_attached = 0;
	if (n)
		log_verbose("detached %d functions in %.2f s\n", n, now_s() - t0);
}

/* -v: how long a step took, under emulation seconds each */
static void say_time(const struct tracer *t, const char *what, double *since)
{
	double now = now_s();

	log_verbose("%s in %.2f s\n", what, now - *since);
	*since = now;
}

/*
 * The fast unwinder (unwind.h), once the programs are attached: watch module
 * loads and unloads, find the kernel's ORC tables, then switch the programs
 * over.  Anything missing leaves it off (WR_UNWIND_OFF: bpf_get_stack()
 * alone), saying why; a mode asked for explicitly says it even without -v.
 */
static void start_unwinder(struct tracer *t, const struct ksyms *ks)
{
	struct bpf_program *progs[2] = { t->skel->progs.wr_module_load,
					 t->skel->progs.wr_module_free };
	bool asked = settings__get(WR_SET_UNWIND) != NULL;
	int i, err;

	if (t->unwind_mode == WR_UNWIND_OFF) {
		snprintf(t->unwind_why, sizeof(t->unwind_why), "WAKEREF_UNWIND=off");
		return;
	}
	if (!bpf_program__autoload(progs[0])) {
		snprintf(t->unwind_why, sizeof(t->unwind_why),
			 "no fentry/fexit program to walk stacks from");
		goto off;
	}
	for (i = 0; i < 2; i++) {
		t->unwind_links[i] = bpf_program__attach(progs[i]);
		if (!t->unwind_links[i]) {
			err = -errno;
			snprintf(t->unwind_why, sizeof(t->unwind_why),
				 "cannot watch module loads (raw tracepoint %s: %s)",
				 i ? "module_free" : "module_load", strerror(-err));
			goto off;
		}
	}
	t->unwinder = unwind__open(ks, kbtf__get(t->kbtf, NULL), t->map_fd[WR_MAP_UNWIND],
				   t->unwind_why, sizeof(t->unwind_why));
	if (!t->unwinder)
		goto off;
	err = unwind__set_mode(t->map_fd[WR_MAP_UNWIND], t->unwind_mode);
	if (err) {
		snprintf(t->unwind_why, sizeof(t->unwind_why), "cannot switch it on: %s",
			 strerror(-err));
		goto off;
	}
	log_verbose("fast unwinder: %s (rules from the kernel's ORC tables, stack read by %s)\n",
		    unwind__mode_name(t->unwind_mode),
		    t->probe_reads ? "bpf_probe_read_kernel" : "plain loads");
	return;
off:
	stop_unwinder(t);
	t->unwind_mode = WR_UNWIND_OFF;
	if (log_is_verbose() || asked)
		log_warn("fast unwinder off, stacks cost more: %s\n", t->unwind_why);
}

/*
 * The BPF object, opened: the fast unwinder reads stack words by plain
 * loads through bpf_rdonly_cast() (6.2+); older kernels get the object
 * built to read them with bpf_probe_read_kernel() (WR_STACK_PROBE_READ),
 * which the Makefile checks has the same maps, programs and variables, so
 * wakeref_bpf's skeleton opens it as well.
 */
static struct wakeref_bpf *open_object(struct tracer *t, const struct bpf_object_open_opts *o)
{
	struct wakeref_bpf *obj;
	int err;

	t->probe_reads = !kbtf__has_func(t->kbtf, NULL, "bpf_rdonly_cast");
	obj = calloc(1, sizeof(*obj));
	if (!obj)
		return NULL;
	err = wakeref_bpf__create_skeleton(obj);
	if (err)
		goto fail;
	if (t->probe_reads)
		obj->skeleton->data = wakeref_pr_bpf__elf_bytes(&obj->skeleton->data_sz);
	err = bpf_object__open_skeleton(obj->skeleton, o);
	if (err)
		goto fail;
	return obj;
fail:
	wakeref_bpf__destroy(obj);
	errno = -err;
	return NULL;
}

/* One open-configure-load-attach; -EAGAIN when a row fell back and it must be redone. */
static int load_and_attach(struct tracer *t)
{
	double t0 = now_s();
	LIBBPF_OPTS(bpf_object_open_opts, oopts);
	bool learn;
	int err;

	if (t->core_btf[0])
		oopts.btf_custom_path = t->core_btf;
	t->skel = open_object(t, &oopts);
	if (!t->skel) {
		err = -errno;
		log_error("cannot open the BPF object: %s\n", strerror(-err));
		return err;
	}
	err = configure_programs(t, &learn);
	if (err)
		return err;
	t->skel->rodata->cookie_mask = t->cookie_mask;
	t->skel->rodata->get_stack_bytes = t->opts.get_frames * sizeof(__u64);
	t->skel->rodata->put_stack_bytes = t->opts.put_frames * sizeof(__u64);
	/* benchmarks only (make bench): the programs attach but do nothing */
	t->skel->rodata->bench_empty = settings__on(WR_SET_BENCH_EMPTY);
	t->skel->rodata->events_bytes = round_pow2(t->opts.ringbuf_bytes ? t->opts.ringbuf_bytes :
						   DEFAULT_RINGBUF_BYTES);
	err = bpf_map__set_max_entries(t->skel->maps.events, t->skel->rodata->events_bytes);
	if (err) {
		log_error("bad ring-buffer size: %s\n", strerror(-err));
		return err;
	}

	err = wakeref_bpf__load(t->skel);
	say_time(t, "loaded the BPF programs (CO-RE, verifier)", &t0);
	if (err)
		return attach_plan__load_failed(t->plan, t->kbtf, err) == WR_NEXT_RELOAD ? -EAGAIN :
		       err;
	err = attach_programs(t, learn);
	say_time(t, "attached", &t0);
	return err;
}

int tracer__start(struct tracer *t, const struct ksyms *ks, const struct tracer_opts *opts)
{
	struct wr_plan_opts popts = {};
	char no_kprobes[96];
	const char *tracefs;
	double t0 = now_s();
	const char *frames;
	int err, tries, i;

	memset(t, 0, sizeof(*t));
	tracer__init_fds(t);
	t->opts = *opts;
	if (opts->verbose)
		log_set_verbose(true);
	frames = settings__get(WR_SET_FRAMES);
	if (frames && settings__parse_frames(frames, WR_MAX_FRAMES, &t->opts.get_frames,
					     &t->opts.put_frames)) {
		log_error("bad WAKEREF_FRAMES '%s': want GET:PUT, each 1..%d\n", frames,
			  WR_MAX_FRAMES);
		return -EINVAL;
	}
	if (!t->opts.get_frames)
		t->opts.get_frames = WR_DEFAULT_GET_FRAMES;
	if (!t->opts.put_frames)
		t->opts.put_frames = WR_DEFAULT_PUT_FRAMES;
	if (unwind__mode_from_env(&t->unwind_mode))
		return -EINVAL;
	popts.no_fentry = opts->no_fentry;
	popts.no_module_btf = opts->no_module_btf;
	popts.no_kprobe = opts->no_kprobe;
	popts.features = opts->features;
	attach_plan__env_opts(&popts);
	tracefs = tracefs__dir(true);
	if (!tracefs__have_kprobes(tracefs, no_kprobes, sizeof(no_kprobes)))
		popts.kprobes_missing = no_kprobes;
	t->kbtf = kbtf__open();
	say_time(t, "read the kernel's BTF", &t0);
	if (!t->kbtf) {
		log_error("this kernel has no BTF (/sys/kernel/btf/vmlinux): wakeref needs "
			  "CONFIG_DEBUG_INFO_BTF=y and, for drivers, CONFIG_DEBUG_INFO_BTF_MODULES=y\n");
		return -ENOENT;
	}
	if (popts.no_module_btf) {
		kbtf__hide_modules(t->kbtf);
		err = write_core_btf(t);
		if (err) {
			log_error("cannot copy the vmlinux BTF: %s\n", strerror(-err));
			return err;
		}
	}
	err = register_fentry_handlers();
	if (err)
		return err;
	attach_plan__resolve(t->kbtf, ks, t->plan);
	say_time(t, "resolved the attach plan (BTF, kallsyms)", &t0);
	attach_plan__check_tracepoints(t->plan, tracefs);
	say_time(t, "checked the tracepoints", &t0);
	if (!attach_plan__choose(t->plan, &popts)) {
		explain_missing(t);
		return -ENOENT;
	}
	t->cookie_mask = cookie_mask_for(t);

	/* a refused fentry falls back to its kprobe, a kprobe to its tracepoint */
	for (tries = 0; tries < 4; tries++) {
		err = load_and_attach(t);
		if (err != -EAGAIN)
			break;
		unload(t);
	}
	if (err)
		return err == -EAGAIN ? -ENOENT : err;
	for (i = 0; i < WR_MAP__COUNT; i++) {
		const struct bpf_map *m = bpf_object__find_map_by_name(t->skel->obj,
								       wr_map_names[i]);

		t->map_fd[i] = m ? bpf_map__fd(m) : -1;
	}
	t0 = now_s();
	start_unwinder(t, ks);
	say_time(t, "started the fast unwinder", &t0);
	return tracer__open_rings(t);
}

/*
 * The programs wake us only when a ring buffer fills up (wakeup_flags() in
 * wr_common.bpf.h): after a quiet wait, read what came anyway.
 */
int tracer__poll(struct tracer *t, int timeout_ms)
{
	int n = ring_buffer__poll(t->rb, timeout_ms);

	if (n == 0)
		n = ring_buffer__consume(t->rb);
	return n == -EINTR ? 0 : n;
}

int tracer__drain(struct tracer *t)
{
	return t->rb ? ring_buffer__consume(t->rb) : 0;
}

/* "; " between the entries of LOSS->where, as long as there is room */
static void add_where(struct wr_loss *loss, size_t *off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_where(struct wr_loss *loss, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off >= sizeof(loss->where))
		return;
	if (*off)
		*off += snprintf(loss->where + *off, sizeof(loss->where) - *off, "; ");
	if (*off >= sizeof(loss->where))
		return;
	va_start(ap, fmt);
	n = vsnprintf(loss->where + *off, sizeof(loss->where) - *off, fmt, ap);
	va_end(ap);
	if (n > 0)
		*off += n;
}

/* The misses of row I's kprobe links; its program's id into *PROG_ID. */
static uint64_t kprobe_misses(struct tracer *t, int i, struct wr_loss *loss, uint32_t *prog_id)
{
	struct bpf_link *links[2] = { t->links[i], t->rlinks[i] };
	struct wr_link_misses m;
	uint64_t missed = 0;
	int j;

	for (j = 0; j < 2; j++) {
		if (!links[j])
			continue;
		if (probe_misses__link(bpf_link__fd(links[j]), &m)) {
			loss->kprobe_misses_unreported = true;	/* not a BPF link: pre-5.15 */
			continue;
		}
		prog_id[j] = m.prog_id;
		missed += m.missed;
		if (!m.reported)
			loss->kprobe_misses_unreported = true;
	}
	return missed;
}

/*
 * The recursion misses of the programs shared by the kprobe and tracepoint
 * rows (wr_kprobe, wr_kretprobe, wr_learn, wr_tp_rpm), once each.
 */
static void shared_prog_misses(const uint32_t *ids, int n, struct wr_loss *loss, size_t *off)
{
	int i, j;

	for (i = 0; i < n; i++) {
		uint64_t misses;
		char name[32];

		for (j = 0; j < i && ids[j] != ids[i]; j++)
			;
		if (!ids[i] || j < i)
			continue;
		misses = probe_misses__prog(ids[i], name, sizeof(name));
		loss->recursion_misses += misses;
		if (misses)
			add_where(loss, off, "%s (every kprobe or tracepoint hook): %llu recursion "
				  "misses", name, (unsigned long long)misses);
	}
}

/*
 * Sum the per-CPU counters and ask the kernel for each program's recursion
 * misses and each kprobe's misses.
 */
/* HOOK's per-CPU counters in map wr_stats, summed into *SUM (zeros if unreadable). */
static void hook_counters(struct tracer *t, __u32 hook, struct wr_hook_stats *sum)
{
	int ncpu = libbpf_num_possible_cpus(), fd = t->map_fd[WR_MAP_STATS], c;
	struct wr_hook_stats st[ncpu > 0 ? ncpu : 1];

	memset(sum, 0, sizeof(*sum));
	if (fd < 0 || ncpu <= 0 || bpf_map_lookup_elem(fd, &hook, st))
		return;
	for (c = 0; c < ncpu; c++) {
		sum->events += st[c].events;
		sum->ringbuf_drops += st[c].ringbuf_drops;
		sum->stack_errors += st[c].stack_errors;
		sum->unwind_fast += st[c].unwind_fast;
		sum->unwind_slow += st[c].unwind_slow;
		sum->unwind_mismatch += st[c].unwind_mismatch;
	}
}

void tracer__loss(struct tracer *t, struct wr_loss *loss)
{
	uint32_t shared[2 * WR_HOOK__COUNT] = {};
	size_t off = 0;
	int i;

	memset(loss, 0, sizeof(*loss));
	if (t->map_fd[WR_MAP_STATS] < 0 || libbpf_num_possible_cpus() <= 0)
		return;
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		uint64_t drops, misses = 0, kmisses = 0;
		struct wr_hook_stats sum;
		struct wr_link_misses lm;
		char kp[48];

		hook_counters(t, i, &sum);
		loss->events += sum.events;
		loss->stack_errors += sum.stack_errors;
		drops = sum.ringbuf_drops;
		/* a kprobe's generic program is shared: only fentry/fexit count per hook */
		if (t->links[i] && t->prog_fd[i] >= 0 &&
		    !bpf_obj_get_info_by_fd(t->prog_fd[i], &info, &len))
			misses = info.recursion_misses;
		if (attach_plan__is_kprobe(t->plan[i].mode))
			kmisses = kprobe_misses(t, i, loss, &shared[2 * i]);
		else if (t->plan[i].mode == WR_MODE_TRACEPOINT && t->links[i] &&
			 !probe_misses__link(bpf_link__fd(t->links[i]), &lm))
			shared[2 * i] = lm.prog_id;
		loss->ringbuf_drops += drops;
		loss->recursion_misses += misses;
		loss->kprobe_misses += kmisses;
		if (!drops && !misses && !kmisses)
			continue;
		kp[0] = 0;
		if (kmisses)
			snprintf(kp, sizeof(kp), ", %llu kprobe misses", (unsigned long long)kmisses);
		add_where(loss, &off, "%s: %llu drops, %llu recursion misses%s", t->plan[i].ap->func,
			  (unsigned long long)drops, (unsigned long long)misses, kp);
	}
	shared_prog_misses(shared, 2 * WR_HOOK__COUNT, loss, &off);
}

void tracer__unwind_counts(struct tracer *t, uint64_t *fast, uint64_t *slow, uint64_t *differ)
{
	struct wr_hook_stats sum;
	__u32 hook;

	*fast = *slow = *differ = 0;
	for (hook = 0; hook < WR_HOOK__COUNT; hook++) {
		hook_counters(t, hook, &sum);
		*fast += sum.unwind_fast;
		*slow += sum.unwind_slow;
		*differ += sum.unwind_mismatch;
	}
}

/* -v, or when verifying: what the fast unwinder did. */
static void say_unwinder(struct tracer *t)
{
	struct wr_unwind_stats us;
	uint64_t fast, slow, differ;

	if (!t->unwinder || (!log_is_verbose() && t->unwind_mode != WR_UNWIND_VERIFY))
		return;
	tracer__unwind_counts(t, &fast, &slow, &differ);
	unwind__stats(t->unwinder, &us);
	log_info("fast unwinder (%s): %llu stacks walked, %llu by bpf_get_stack; %llu rules "
		 "learnt, %llu addresses without one, %llu unreadable, %llu module changes; "
		 "%llu stacks differed\n", unwind__mode_name(t->unwind_mode),
		 (unsigned long long)fast, (unsigned long long)slow,
		 (unsigned long long)us.learnt, (unsigned long long)us.undescribed,
		 (unsigned long long)us.read_errors, (unsigned long long)us.generations,
		 (unsigned long long)differ);
}

void tracer__stop(struct tracer *t)
{
	say_unwinder(t);
	ring_buffer__free(t->rb);
	unload(t);
	kbtf__close(t->kbtf);
	if (t->core_btf[0])
		unlink(t->core_btf);
	memset(t, 0, sizeof(*t));
}
