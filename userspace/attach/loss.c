// SPDX-License-Identifier: GPL-2.0
/*
 * loss.c - what was lost between the kernel and the owner table: per hook,
 * the programs' own counters (events sent, ring-buffer drops, stack
 * errors, fast-unwinder counts in map wr_stats), and what the kernel
 * counts for each program (recursion misses) and each kprobe (misses).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "attach/probe_misses.h"
#include "attach/tracer_int.h"

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

/* The misses of kprobe link L (NULL: none); its program's id into *PROG_ID. */
static uint64_t link_misses(struct bpf_link *l, struct wr_loss *loss, uint32_t *prog_id)
{
	struct wr_link_misses m;

	if (!l)
		return 0;
	if (probe_misses__link(bpf_link__fd(l), &m)) {
		loss->kprobe_misses_unreported = true;	/* not a BPF link: pre-5.15 */
		return 0;
	}
	*prog_id = m.prog_id;
	if (!m.reported)
		loss->kprobe_misses_unreported = true;
	return m.missed;
}

/* The misses of row I's kprobe links; their programs' ids into PROG_ID[0..1]. */
static uint64_t kprobe_misses(struct tracer *t, int i, struct wr_loss *loss, uint32_t *prog_id)
{
	return link_misses(t->links[i], loss, &prog_id[0]) +
	       link_misses(t->rlinks[i], loss, &prog_id[1]);
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

/* The object rows' kprobe_multi links (attach_multi.c): their misses; their programs' ids. */
static void multi_misses(struct tracer *t, struct wr_loss *loss, size_t *off, uint32_t *prog_id)
{
	uint64_t missed;
	int k;

	for (k = 0; k < 2; k++) {
		missed = link_misses(t->multi[k], loss, &prog_id[k]);
		loss->kprobe_misses += missed;
		if (missed)
			add_where(loss, off, "the object rows' kprobe_multi link%s: %llu kprobe misses",
				  k ? " at return" : "", (unsigned long long)missed);
	}
}

static void add_cpus(const struct wr_hook_stats *st, int ncpu, struct wr_hook_stats *sum)
{
	int c;

	memset(sum, 0, sizeof(*sum));
	for (c = 0; c < ncpu; c++) {
		sum->events += st[c].events;
		sum->ringbuf_drops += st[c].ringbuf_drops;
		sum->stack_errors += st[c].stack_errors;
		sum->unwind_fast += st[c].unwind_fast;
		sum->unwind_slow += st[c].unwind_slow;
		sum->unwind_mismatch += st[c].unwind_mismatch;
	}
}

/*
 * Every hook's per-CPU counters in map wr_stats, summed into SUM[hook]
 * (zeros if unreadable): in one call where the kernel reads arrays in
 * batches (5.7 and later), else a call a hook.  The daemon reads them at
 * every request, and a system call costs tens of microseconds under
 * emulation.
 */
static void all_counters(struct tracer *t, struct wr_hook_stats *sum)
{
	int ncpu = libbpf_num_possible_cpus(), fd = t->map_fd[WR_MAP_STATS], err;
	__u32 keys[WR_HOOK__COUNT], count = WR_HOOK__COUNT, hook, out_batch;
	struct wr_hook_stats *st;

	memset(sum, 0, WR_HOOK__COUNT * sizeof(*sum));
	if (fd < 0 || ncpu <= 0)
		return;
	st = malloc((size_t)WR_HOOK__COUNT * ncpu * sizeof(*st));
	if (!st)
		return;
	err = bpf_map_lookup_batch(fd, NULL, &out_batch, keys, st, &count, NULL);
	if ((!err || errno == ENOENT) && count == WR_HOOK__COUNT) {
		for (hook = 0; hook < count; hook++)
			if (keys[hook] < WR_HOOK__COUNT)
				add_cpus(st + (size_t)hook * ncpu, ncpu, &sum[keys[hook]]);
	} else {
		for (hook = 0; hook < WR_HOOK__COUNT; hook++)
			if (!bpf_map_lookup_elem(fd, &hook, st))
				add_cpus(st, ncpu, &sum[hook]);
	}
	free(st);
}

/*
 * How long what the kernel counts itself (recursion misses of each program,
 * misses of each kprobe) is reused: reading it is a system call a program,
 * about 70 of them, which under emulation cost a daemon's dump request more
 * than the report (a millisecond).  The programs' own counters, ring-buffer
 * drops included, are read every time (one batched call), and a new drop
 * reads everything again at once.
 */
#define LOSS_KERNEL_REUSE_NS	(100 * 1000000ull)

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Whether what was last read of the kernel may stand for now, with ALL's counts. */
static bool reuse_kernel_counts(const struct tracer *t, const struct wr_hook_stats *all,
				uint64_t now)
{
	int i;

	if (!t->loss_read_ns || now - t->loss_read_ns >= LOSS_KERNEL_REUSE_NS)
		return false;
	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (all[i].ringbuf_drops != t->loss_drops[i])
			return false;
	return true;
}

/*
 * Sum the per-CPU counters and ask the kernel for each program's recursion
 * misses and each kprobe's misses; with REUSE, those of a read at most
 * LOSS_KERNEL_REUSE_NS old stand when no drop came since.
 */
static void read_loss(struct tracer *t, struct wr_loss *loss, bool reuse)
{
	uint32_t shared[2 * WR_HOOK__COUNT + 2] = {};
	struct wr_hook_stats all[WR_HOOK__COUNT];
	uint64_t now = mono_ns();
	size_t off = 0;
	int i;

	memset(loss, 0, sizeof(*loss));
	if (t->map_fd[WR_MAP_STATS] < 0 || libbpf_num_possible_cpus() <= 0)
		return;
	all_counters(t, all);
	if (reuse && reuse_kernel_counts(t, all, now)) {
		*loss = t->loss_last;
		loss->events = loss->stack_errors = 0;
		for (i = 0; i < WR_HOOK__COUNT; i++) {
			loss->events += all[i].events;
			loss->stack_errors += all[i].stack_errors;
		}
		return;
	}
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		uint64_t drops, misses = 0, kmisses = 0;
		const struct wr_hook_stats sum = all[i];
		struct wr_link_misses lm;
		char kp[48];

		loss->events += sum.events;
		loss->stack_errors += sum.stack_errors;
		drops = sum.ringbuf_drops;
		/* a kprobe's generic program is shared: only fentry/fexit count per hook */
		if (t->links[i] && t->prog_fd[i] >= 0 &&
		    !bpf_obj_get_info_by_fd(t->prog_fd[i], &info, &len))
			misses = info.recursion_misses;
		if (attach_plan__is_kprobe(t->plan[i].mode) && !t->plan[i].multi)
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
			snprintf(kp, sizeof(kp), ", %llu kprobe misses",
				 (unsigned long long)kmisses);
		add_where(loss, &off, "%s: %llu drops, %llu recursion misses%s",
			  t->plan[i].ap->func, (unsigned long long)drops,
			  (unsigned long long)misses, kp);
	}
	multi_misses(t, loss, &off, &shared[2 * WR_HOOK__COUNT]);
	shared_prog_misses(shared, 2 * WR_HOOK__COUNT + 2, loss, &off);
	t->loss_last = *loss;
	t->loss_read_ns = now;
	for (i = 0; i < WR_HOOK__COUNT; i++)
		t->loss_drops[i] = all[i].ringbuf_drops;
}

void tracer__loss(struct tracer *t, struct wr_loss *loss)
{
	read_loss(t, loss, false);
}

void tracer__loss_recent(struct tracer *t, struct wr_loss *loss)
{
	read_loss(t, loss, true);
}

void tracer__unwind_counts(struct tracer *t, uint64_t *fast, uint64_t *slow, uint64_t *differ)
{
	struct wr_hook_stats all[WR_HOOK__COUNT];
	__u32 hook;

	*fast = *slow = *differ = 0;
	all_counters(t, all);
	for (hook = 0; hook < WR_HOOK__COUNT; hook++) {
		*fast += all[hook].unwind_fast;
		*slow += all[hook].unwind_slow;
		*differ += all[hook].unwind_mismatch;
	}
}

