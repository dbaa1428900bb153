// SPDX-License-Identifier: GPL-2.0
/*
 * tracer.c - the lifecycle of wakeref.bpf.c's object: the plan made, then
 * open -> configure (programs and targets, cookie width from BTF, stack
 * depths, ring-buffer size) -> load -> attach, again when the plan moved
 * rows after a refusal, then the fast unwinder and the ring buffers; stop
 * undoes it all.  Every step checked and explained.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib/clock.h"
#include "lib/log.h"
#include "lib/settings.h"
#include "kernel/kbtf.h"
#include "kernel/tracefs.h"
#include "kernel/unwind.h"
#include "attach/detach.h"
#include "attach/explain.h"
#include "attach/ringbuf.h"
#include "attach/tailcall.h"
#include "attach/tracer_int.h"
#include "wakeref.skel.h"
#include "wakeref_pr.skel.h"

#define DEFAULT_RINGBUF_BYTES (8u << 20)

void tracer__init_fds(struct tracer *t)
{
	int i;

	for (i = 0; i < WR_MAP__COUNT; i++)
		t->map_fd[i] = -1;
	for (i = 0; i < WR_HOOK__COUNT; i++)
		t->prog_fd[i] = -1;
}

/* Nothing can be traced: say what was asked, why each function cannot be, and what to check. */
static void explain_missing(const struct tracer *t)
{
	char *msg = explain__nothing_traced(t->plan, t->opts.features);

	if (!msg) {
		log_error("nothing can be traced on this kernel (wakeref doctor says why)\n");
		return;
	}
	log_error("%s", msg);
	free(msg);
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
	/* no BTF to tell: by the release, u32 up to 6.6, unsigned long from 6.8
	 * (6.7 taken as u32) */
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

/*
 * Every link destroyed, the object closed.  SAY: say first that it is
 * detaching (a stop takes seconds under emulation); a pinned link (the
 * daemon's) stays attached and is not counted.
 */
int tracer__live_links(const struct tracer *t)
{
	int i, n = 0;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		n += t->links[i] && !bpf_link__pin_path(t->links[i]);
		n += t->rlinks[i] && !bpf_link__pin_path(t->rlinks[i]);
	}
	return n + !!t->multi[0] + !!t->multi[1];
}

/* -v: where a stop's time went, per kind of link (the kernel's cost differs) */
static void say_detach(const double *took, const enum wr_mode *mode, int n, int funcs,
		       double wall)
{
	double sum[WR_MODE_TRACEPOINT + 1] = { 0 }, max[WR_MODE_TRACEPOINT + 1] = { 0 };
	int nr[WR_MODE_TRACEPOINT + 1] = { 0 }, i, m, len = 0;
	char buf[512] = "";

	for (i = 0; i < n; i++) {
		m = mode[i];
		nr[m]++;
		sum[m] += took[i];
		if (took[i] > max[m])
			max[m] = took[i];
	}
	for (m = WR_MODE_FENTRY; m <= WR_MODE_TRACEPOINT && len < (int)sizeof(buf); m++)
		if (nr[m])
			len += snprintf(buf + len, sizeof(buf) - len, "%s%d %s %.2f s, longest %.3f",
					len ? "; " : "", nr[m], m == WR_MODE_KRETPROBE ?
					"kretprobe" : attach_plan__mode_name(m), sum[m], max[m]);
	log_verbose("detached %d functions (%d links: %s) in %.2f s\n", funcs, n, buf, wall);
}

static void unload(struct tracer *t, bool say)
{
	struct bpf_link *links[2 * WR_HOOK__COUNT + 2];
	enum wr_mode mode[2 * WR_HOOK__COUNT + 2];
	double t0 = clock_now_s(), took[2 * WR_HOOK__COUNT + 2];
	int i, n = 0, live = 0;

	tracer__stop_unwinder(t);
	tracer__detach_tails(t);
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct bpf_link *l[2] = { t->links[i], t->rlinks[i] };
		int j;

		for (j = 0; j < 2; j++) {
			if (!l[j])
				continue;
			/* a kprobe row's entry link is a kprobe, its second the kretprobe */
			mode[n] = t->plan[i].mode == WR_MODE_KRETPROBE && !j ? WR_MODE_KPROBE :
				  t->plan[i].mode;
			links[n++] = l[j];
			live += !bpf_link__pin_path(l[j]);
		}
		t->links[i] = t->rlinks[i] = NULL;
	}
	for (i = 0; i < 2; i++) {	/* the object rows' kprobe_multi links */
		if (!t->multi[i])
			continue;
		mode[n] = i ? WR_MODE_KRETPROBE : WR_MODE_KPROBE;
		links[n++] = t->multi[i];
		live++;
		t->multi[i] = NULL;
	}
	if (say && live)
		log_info("detaching %d programs ...\n", live);
	if (t->nr_attached)
		log_verbose("detached the unwinder's and tail-call links in %.2f s\n",
			    clock_now_s() - t0);
	t0 = clock_now_s();
	detach__links(links, n, took);
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		/* ours, adopted or duplicated (attach.c) */
		if (t->prog_fd[i] >= 0)
			close(t->prog_fd[i]);
		t->prog_fd[i] = -1;
	}
	for (i = 0; i < WR_MAP__COUNT; i++) {
		if (t->adopted && t->map_fd[i] >= 0)
			close(t->map_fd[i]);
		t->map_fd[i] = -1;
	}
	if (t->nr_attached)
		say_detach(took, mode, n, t->nr_attached, clock_now_s() - t0);
	t0 = clock_now_s();
	tracer__close_halves(t);
	wakeref_bpf__destroy(t->skel);
	t->skel = NULL;
	if (t->nr_attached)
		log_verbose("closed the BPF object in %.2f s\n", clock_now_s() - t0);
	t->nr_attached = 0;
}

/* -v: how long a step took, under emulation seconds each */
static void say_time(const char *what, double *since)
{
	double now = clock_now_s();

	log_verbose("%s in %.2f s\n", what, now - *since);
	*since = now;
}

/*
 * -v: how much the verifier walked, in all and for the programs that cost
 * it most (the load is most of a start under emulation).
 */
static void say_verified(const struct tracer *t)
{
	struct { const char *name; __u32 insns; } top[4] = { { 0 } };
	struct bpf_program *prog;
	unsigned long long sum = 0;
	int n = 0, i, j, k;

	if (!log_is_verbose())
		return;
	for (k = 0; k < 2; k++) {
		if (!t->halves[k])
			continue;
		bpf_object__for_each_program(prog, t->halves[k]) {
			struct bpf_prog_info info = { 0 };
			__u32 len = sizeof(info);
			int fd = bpf_program__fd(prog);

			if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len))
				continue;
			n++;
			sum += info.verified_insns;
			for (i = 0; i < 4 && top[i].insns >= info.verified_insns; i++)
				;
			if (i == 4)
				continue;
			for (j = 3; j > i; j--)
				top[j] = top[j - 1];
			top[i].name = bpf_program__name(prog);
			top[i].insns = info.verified_insns;
		}
	}
	log_verbose("the verifier walked %llu instructions in %d programs; most:", sum, n);
	for (i = 0; i < 4 && top[i].name; i++)
		log_raw(" %s %u", top[i].name, top[i].insns);
	log_raw("\n");
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

/* OUT resolved (KS NULL: guessed from BTF), tracepoints checked, modes chosen; any traced? */
static bool plan_rows(struct tracer *t, const struct ksyms *ks, struct wr_ap_resolved *out)
{
	attach_plan__resolve(t->kbtf, ks, out);
	attach_plan__check_tracepoints(out, tracefs__dir(true));
	return attach_plan__choose(out, &t->popts);
}

/*
 * The plan was guessed from BTF while kallsyms was read (make_plan()); the
 * programs are loading.  Now made again with kallsyms: if every row keeps
 * its mode, module and member offset the programs are the right ones and
 * the plan's own words replace the guess's; else -EAGAIN, to load again.
 */
static int settle_plan(struct tracer *t)
{
	struct wr_ap_resolved *real;
	const struct ksyms *ks;
	int i, differ = 0;
	bool any;

	if (!t->guessed)
		return 0;
	t->guessed = false;
	ks = t->opts.ksyms_wait(t->opts.ctx);
	if (!ks)
		return -ENOENT;
	t->ks = ks;
	real = calloc(WR_HOOK__COUNT, sizeof(*real));
	if (!real)
		return -ENOMEM;
	any = plan_rows(t, ks, real);
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *g = &t->plan[i], *r = &real[i];

		if (attach_plan__same_row(g, r))
			continue;
		if (differ++ < 4)
			log_verbose("%s: guessed %s in %s, kallsyms says %s in %s\n", r->ap->func,
				    attach_plan__mode_name(g->mode), g->module,
				    attach_plan__mode_name(r->mode), r->module);
	}
	memcpy(t->plan, real, WR_HOOK__COUNT * sizeof(*real));
	free(real);
	/* as the loaded programs were chosen (tracer__configure_programs()) */
	attach_plan__multi_where_held(t->plan);
	if (!any) {
		explain_missing(t);
		return -ENOENT;
	}
	if (differ) {
		log_verbose("kallsyms moved %d rows of the plan guessed from BTF: loading again\n",
			    differ);
		return -EAGAIN;
	}
	return 0;
}

/* One open-configure-load-attach; -EAGAIN when a row fell back and it must be redone. */
static int load_and_attach(struct tracer *t)
{
	double t0 = clock_now_s();
	LIBBPF_OPTS(bpf_object_open_opts, oopts);
	bool learn;
	int err, err2;

	if (t->core_btf[0])
		oopts.btf_custom_path = t->core_btf;
	t->skel = open_object(t, &oopts);
	if (!t->skel) {
		err = -errno;
		log_error("cannot open the BPF object: %s\n", strerror(-err));
		return err;
	}
	err = tracer__configure_programs(t, &learn);
	/* a module's BTF object refused (no CAP_SYS_ADMIN): those rows fall back */
	if (err == -EPERM || err == -EACCES)
		return attach_plan__load_failed(t->plan, t->kbtf, err) == WR_NEXT_RELOAD ? -EAGAIN :
		       err;
	if (err)
		return err;
	t->skel->rodata->cookie_mask = t->cookie_mask;
	t->skel->rodata->get_stack_bytes = t->opts.get_frames * sizeof(__u64);
	t->skel->rodata->put_stack_bytes = t->opts.put_frames * sizeof(__u64);
	/* benchmarks only (make bench): the programs attach but do nothing */
	t->skel->rodata->bench_empty = settings__on(WR_SET_BENCH_EMPTY);
	t->skel->rodata->no_tail_repair = settings__on(WR_SET_NO_TAIL_REPAIR);
	t->skel->rodata->events_bytes = round_pow2(t->opts.ringbuf_bytes ? t->opts.ringbuf_bytes :
						   DEFAULT_RINGBUF_BYTES);
	err = bpf_map__set_max_entries(t->skel->maps.events, t->skel->rodata->events_bytes);
	if (err) {
		log_error("bad ring-buffer size: %s\n", strerror(-err));
		return err;
	}

	err = tracer__load_split(t, &oopts);
	/* a plan guessed from BTF is checked before anything attaches */
	if (!err && t->guessed) {
		err = settle_plan(t);
		say_time("read kallsyms and checked the guess while loading", &t0);
		if (err) {
			tracer__load_wait(t);
			return err;
		}
	}
	/* each row attaches once its programs are loaded, while the others load */
	while (!err && tracer__load_more(t))
		tracer__attach_ready(t, learn);
	err2 = tracer__load_wait(t);
	err = err ? err : err2;
	say_time("loaded the BPF programs (CO-RE, verifier; rows attached meanwhile)", &t0);
	if (!err)
		say_verified(t);
	if (err)
		return attach_plan__load_failed(t->plan, t->kbtf, err) == WR_NEXT_RELOAD ? -EAGAIN :
		       err;
	err = tracer__attach_programs(t, learn);
	say_time("attached", &t0);
	return err;
}

/* The options, and the stack depths and unwinder mode the environment asks for. */
static int take_opts(struct tracer *t, const struct tracer_opts *opts)
{
	const char *frames = settings__get(WR_SET_FRAMES);

	t->opts = *opts;
	if (opts->verbose)
		log_set_verbose(true);
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
	return unwind__mode_from_env(&t->unwind_mode) ? -EINVAL : 0;
}

/* Does the plan trace a function of a driver's module (not only the PM core's)? */
static bool traces_a_driver(const struct tracer *t)
{
	int i;

	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (t->plan[i].mode != WR_MODE_NONE && strcmp(t->plan[i].ap->module, "vmlinux"))
			return true;
	return false;
}

/* The plan: every row resolved against this kernel's BTF, symbols and tracefs, its mode chosen. */
static int make_plan(struct tracer *t, const struct ksyms *ks, double *t0)
{
	struct wr_plan_opts popts = {
		.no_fentry = t->opts.no_fentry,
		.no_module_btf = t->opts.no_module_btf,
		.no_kprobe = t->opts.no_kprobe,
		.features = t->opts.features,
	};
	const char *tracefs = tracefs__dir(true);
	char no_kprobes[96];
	int err;

	attach_plan__env_opts(&popts);
	/* the environment's WAKEREF_NO_FENTRY holds for what the plan does not attach too */
	t->opts.no_fentry = popts.no_fentry;
	if (!tracefs__have_kprobes(tracefs, no_kprobes, sizeof(no_kprobes)))
		popts.kprobes_missing = no_kprobes;
	t->kbtf = kbtf__open();
	say_time("read the kernel's BTF", t0);
	if (!t->kbtf) {
		log_error("this kernel has no BTF (/sys/kernel/btf/vmlinux): wakeref needs "
			  "CONFIG_DEBUG_INFO_BTF=y and, for drivers, "
			  "CONFIG_DEBUG_INFO_BTF_MODULES=y\n");
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
	popts.kprobe_multi = tracer__multi_usable(t);
	t->popts = popts;
	t->ks = ks;
	/*
	 * kallsyms still being read: guess from BTF, unless modules' BTF is
	 * not to be used; a guess that traces none of the drivers' functions
	 * waits for kallsyms instead (they may be there without BTF).
	 */
	t->guessed = !ks && t->opts.ksyms_wait && !popts.no_module_btf;
	if (t->guessed) {
		if (plan_rows(t, NULL, t->plan) && traces_a_driver(t)) {
			say_time("guessed the attach plan from BTF (kallsyms still read)", t0);
			return 0;
		}
		t->guessed = false;
	}
	if (!ks && t->opts.ksyms_wait) {
		ks = t->opts.ksyms_wait(t->opts.ctx);
		if (!ks)
			return -ENOENT;
		t->ks = ks;
	}
	attach_plan__resolve(t->kbtf, ks, t->plan);
	say_time("resolved the attach plan (BTF, kallsyms)", t0);
	attach_plan__check_tracepoints(t->plan, tracefs);
	say_time("checked the tracepoints", t0);
	if (!attach_plan__choose(t->plan, &popts)) {
		explain_missing(t);
		return -ENOENT;
	}
	return 0;
}

static int start(struct tracer *t, const struct ksyms *ks, const struct tracer_opts *opts)
{
	double t0 = clock_now_s();
	int err, tries, i;

	memset(t, 0, sizeof(*t));
	tracer__init_fds(t);
	err = take_opts(t, opts);
	if (!err)
		err = make_plan(t, ks, &t0);
	if (!err)
		err = tracer__register_targets(t);
	if (err)
		return err;

	/* the plan moves rows that the kernel refuses down the fallback order: load again */
	for (tries = 0; tries < 4; tries++) {
		t->cookie_mask = cookie_mask_for(t);
		err = load_and_attach(t);
		if (err != -EAGAIN)
			break;
		unload(t, false);
	}
	if (err)
		return err == -EAGAIN ? -ENOENT : err;
	for (i = 0; i < WR_MAP__COUNT; i++) {
		const struct bpf_map *m = bpf_object__find_map_by_name(t->skel->obj,
								       wr_map_names[i]);

		t->map_fd[i] = m ? bpf_map__fd(m) : -1;
	}
	t0 = clock_now_s();
	if (!ks && t->opts.ksyms_wait)
		ks = t->opts.ksyms_wait(t->opts.ctx);
	tracer__start_unwinder(t, ks);
	say_time("started the fast unwinder", &t0);
	/*
	 * Every link holds its program: the halves, each a copy of every
	 * program's instructions (2 MiB of a daemon's RSS), are not needed
	 * past the start.
	 */
	tracer__close_halves(t);
	tracer__drop_btf(t);
	t->ks = NULL;		/* the session's, which may read them again */
	/* what they and the loaders' copies of the kernel's BTF held, given back */
	malloc_trim(0);
	err = tracer__open_rings(t);
	if (!err)
		tracer__read_uf_lists(t);
	return err;
}

void tracer__drop_btf(struct tracer *t)
{
	kbtf__close(t->kbtf);
	t->kbtf = NULL;
}

int tracer__start(struct tracer *t, const struct ksyms *ks, const struct tracer_opts *opts)
{
	int err = start(t, ks, opts);

	if (err)
		tracer__stop(t);
	return err;
}

void tracer__stop(struct tracer *t)
{
	tracer__say_unwinder(t);
	ringbuf__free(t->rb);
	unload(t, true);
	tracer__unregister_targets(t);
	kbtf__close(t->kbtf);
	if (t->core_btf[0])
		unlink(t->core_btf);
	memset(t, 0, sizeof(*t));
}
