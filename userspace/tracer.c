// SPDX-License-Identifier: GPL-2.0
/*
 * tracer.c - libbpf lifecycle of wakeref.bpf.c: open -> configure (targets
 * from the attach plan, cookie width from BTF, ring-buffer size) -> load ->
 * attach, every step checked and explained.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kbtf.h"
#include "ksyms.h"
#include "tracer.h"
#include "wakeref.skel.h"

#define DEFAULT_RINGBUF_BYTES (8u << 20)

static int on_sample(void *ctx, void *data, size_t size)
{
	struct tracer *t = ctx;

	if (size < sizeof(struct wr_event)) {
		t->malformed++;
		return 0;
	}
	t->opts.on_event(t->opts.ctx, data);
	return 0;
}

/* intel_wakeref_t is u32 before 6.8: only its low bits are the cookie. */
static uint64_t cookie_mask_for(struct tracer *t)
{
	const struct wr_ap_resolved *r = &t->plan[WR_HOOK_I915_RPM_GET];
	int size;

	if (r->state != WR_AP_PRESENT)
		return ~0ULL;
	size = kbtf__func_ret_size(t->kbtf, r->module, r->ap->func);
	return size > 0 && size < 8 ? (1ULL << (size * 8)) - 1 : ~0ULL;
}

static size_t round_pow2(size_t v)
{
	size_t p = 4096;

	while (p < v)
		p <<= 1;
	return p;
}

/* Point each planned program at its function; disable the others. */
static int configure_programs(struct tracer *t)
{
	int i, err, nr = 0;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &t->plan[i];
		struct bpf_program *prog;

		prog = bpf_object__find_program_by_name(t->skel->obj, r->ap->prog);
		if (!prog) {
			fprintf(stderr, "wakeref: internal error: no BPF program %s\n", r->ap->prog);
			return -ENOENT;
		}
		if (r->state != WR_AP_PRESENT) {
			bpf_program__set_autoload(prog, false);
			continue;
		}
		err = bpf_program__set_attach_target(prog, 0, r->ap->func);
		if (err) {
			fprintf(stderr, "wakeref: cannot target %s: %s\n", r->ap->func, strerror(-err));
			return err;
		}
		nr++;
	}
	return nr;
}

static void explain_missing(const struct tracer *t)
{
	int i;

	fprintf(stderr, "wakeref: none of the runtime-PM functions can be traced on this kernel:\n");
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &t->plan[i];

		fprintf(stderr, "  %-34s %s%s%s\n", r->ap->func, attach_plan__state_name(r->state),
			r->module[0] ? " in " : "", r->module);
	}
	fprintf(stderr, "Is the i915 module loaded (lsmod | grep i915)?  A function \"absent\" "
		"is in no loaded module; \"no-btf\" means the module has no BTF "
		"(CONFIG_DEBUG_INFO_BTF_MODULES).\n");
}

static int attach_programs(struct tracer *t)
{
	int i, err;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &t->plan[i];
		struct bpf_program *prog;

		if (r->state != WR_AP_PRESENT)
			continue;
		prog = bpf_object__find_program_by_name(t->skel->obj, r->ap->prog);
		t->links[i] = bpf_program__attach(prog);
		if (!t->links[i]) {
			err = -errno;
			fprintf(stderr, "wakeref: cannot attach to %s [%s]: %s\n", r->ap->func,
				r->module, strerror(-err));
			return err;
		}
		t->nr_attached++;
		if (t->opts.verbose)
			fprintf(stderr, "wakeref: attached %s to %s [%s]\n", r->ap->prog,
				r->ap->func, r->module);
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

int tracer__check_privileges(void)
{
	uint64_t caps = effective_caps();

	if (geteuid() == 0 || (caps & CAP_BIT(WR_CAP_SYS_ADMIN)) ||
	    ((caps & CAP_BIT(WR_CAP_BPF)) && (caps & CAP_BIT(WR_CAP_PERFMON))))
		return 0;
	fprintf(stderr, "wakeref: must run as root (or with CAP_BPF and CAP_PERFMON) to load "
		"BPF tracing programs\n");
	return -EPERM;
}

int tracer__start(struct tracer *t, const struct ksyms *ks, const struct tracer_opts *opts)
{
	int err, nr;

	memset(t, 0, sizeof(*t));
	t->opts = *opts;
	t->kbtf = kbtf__open();
	if (!t->kbtf) {
		fprintf(stderr, "wakeref: this kernel has no BTF (/sys/kernel/btf/vmlinux): "
			"wakeref needs CONFIG_DEBUG_INFO_BTF=y and, for drivers, "
			"CONFIG_DEBUG_INFO_BTF_MODULES=y\n");
		return -ENOENT;
	}
	attach_plan__resolve(t->kbtf, ks, t->plan);

	t->skel = wakeref_bpf__open();
	if (!t->skel) {
		err = -errno;
		fprintf(stderr, "wakeref: cannot open the BPF object: %s\n", strerror(-err));
		return err;
	}
	nr = configure_programs(t);
	if (nr < 0)
		return nr;
	if (!nr) {
		explain_missing(t);
		return -ENOENT;
	}
	t->cookie_mask = cookie_mask_for(t);
	t->skel->rodata->cookie_mask = t->cookie_mask;
	err = bpf_map__set_max_entries(t->skel->maps.events,
				       round_pow2(opts->ringbuf_bytes ? opts->ringbuf_bytes :
						  DEFAULT_RINGBUF_BYTES));
	if (err) {
		fprintf(stderr, "wakeref: bad ring-buffer size: %s\n", strerror(-err));
		return err;
	}

	err = wakeref_bpf__load(t->skel);
	if (err) {
		fprintf(stderr, "wakeref: the BPF programs failed to load: %s%s\n", strerror(-err),
			err == -EPERM ? " (root, CAP_BPF+CAP_PERFMON, or a lockdown policy?)" : "");
		return err;
	}
	err = attach_programs(t);
	if (err)
		return err;
	t->rb = ring_buffer__new(bpf_map__fd(t->skel->maps.events), on_sample, t, NULL);
	if (!t->rb) {
		err = -errno;
		fprintf(stderr, "wakeref: cannot map the ring buffer: %s\n", strerror(-err));
		return err;
	}
	return 0;
}

int tracer__poll(struct tracer *t, int timeout_ms)
{
	int n = ring_buffer__poll(t->rb, timeout_ms);

	return n == -EINTR ? 0 : n;
}

int tracer__drain(struct tracer *t)
{
	return t->rb ? ring_buffer__consume(t->rb) : 0;
}

/* Sum the per-CPU counters and ask the kernel for each program's recursion misses. */
void tracer__loss(struct tracer *t, struct wr_loss *loss)
{
	int ncpu = libbpf_num_possible_cpus(), fd, i, c;
	struct wr_hook_stats st[ncpu > 0 ? ncpu : 1];
	size_t off = 0;

	memset(loss, 0, sizeof(*loss));
	if (!t->skel || ncpu <= 0)
		return;
	fd = bpf_map__fd(t->skel->maps.wr_stats);
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info), key = i;
		uint64_t drops = 0, misses = 0;

		if (!bpf_map_lookup_elem(fd, &key, st)) {
			for (c = 0; c < ncpu; c++) {
				loss->events += st[c].events;
				drops += st[c].ringbuf_drops;
				loss->stack_errors += st[c].stack_errors;
			}
		}
		if (t->links[i]) {
			struct bpf_program *p =
				bpf_object__find_program_by_name(t->skel->obj, t->plan[i].ap->prog);

			if (!bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len))
				misses = info.recursion_misses;
		}
		loss->ringbuf_drops += drops;
		loss->recursion_misses += misses;
		if ((drops || misses) && off < sizeof(loss->where))
			off += snprintf(loss->where + off, sizeof(loss->where) - off,
					"%s%s: %llu drops, %llu recursion misses",
					off ? "; " : "", t->plan[i].ap->prog,
					(unsigned long long)drops, (unsigned long long)misses);
	}
}

void tracer__stop(struct tracer *t)
{
	int i;

	ring_buffer__free(t->rb);
	for (i = 0; i < WR_HOOK__COUNT; i++)
		bpf_link__destroy(t->links[i]);
	wakeref_bpf__destroy(t->skel);
	kbtf__close(t->kbtf);
	memset(t, 0, sizeof(*t));
}
