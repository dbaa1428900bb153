// SPDX-License-Identifier: GPL-2.0
/*
 * attach.c - every row of the plan attached in its mode: the fentry/fexit
 * program loaded against it, the generic kprobe (and kretprobe) programs
 * with the hook id as BPF cookie, or wr_tp_rpm on the row's tracepoint.
 * What failed goes back to the plan, which decides what comes next.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <bpf/libbpf.h>

#include "lib/clock.h"
#include "lib/log.h"
#include "kernel/tracefs.h"
#include "attach/tailcall.h"
#include "attach/tracer_int.h"
#include "wakeref.skel.h"

/* The program the plan traces row R by in its mode (RET: at return). */
static struct bpf_program *find_prog(const struct tracer *t, const struct wr_ap_resolved *r,
				     bool ret)
{
	return tracer__prog(t, attach_plan__row_prog(r, ret));
}

/* A kprobe row's return link: a get's result, a put's when devices are learnt. */
static bool wants_return(const struct wr_ap_resolved *r, bool learn)
{
	return r->mode == WR_MODE_KRETPROBE || (learn && r->ap->role == WR_ROLE_PUT);
}

static struct bpf_link *attach_kprobe(struct tracer *t, int hook, bool ret)
{
	const struct wr_ap_resolved *r = &t->plan[hook];
	char target[160];
	LIBBPF_OPTS(bpf_kprobe_opts, kopts, .bpf_cookie = hook, .retprobe = ret);

	attach_plan__kprobe_target(r, target, sizeof(target));
	return bpf_program__attach_kprobe_opts(find_prog(t, r, ret), target, &kopts);
}

/* -v: "attached wr_kprobe+wr_kretprobe to i915:intel_runtime_pm_get as kretprobe" */
static void say_attached(const struct wr_ap_resolved *r)
{
	char line[256];

	if (!log_is_verbose())
		return;
	attach_plan__describe(r, line, sizeof(line));
	log_verbose("attached %s\n", line);
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
		/* ours: the halves that loaded it are closed once started */
		t->prog_fd[hook] = fcntl(bpf_program__fd(prog), F_DUPFD_CLOEXEC, 0);
		t->links[hook] = bpf_program__attach_trace(prog);
		break;
	case WR_MODE_KPROBE:
	case WR_MODE_KRETPROBE:
		/* the entry kprobe; the return one for gets, and for every row when learning */
		t->links[hook] = attach_kprobe(t, hook, false);
		if (!t->links[hook] || !wants_return(r, learn))
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

/* -v: where an attach's time went, per kind of row */
static void say_attach_times(const struct tracer *t)
{
	double sum[WR_MODE_TRACEPOINT + 1] = { 0 };
	int nr[WR_MODE_TRACEPOINT + 1] = { 0 }, i, m, len = 0;
	char buf[384] = "";

	if (!log_is_verbose())
		return;
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		if (!t->attach_tried[i])
			continue;
		m = t->plan[i].mode;
		nr[m]++;
		sum[m] += t->attach_took[i];
	}
	for (m = WR_MODE_FENTRY; m <= WR_MODE_TRACEPOINT && len < (int)sizeof(buf); m++)
		if (nr[m])
			len += snprintf(buf + len, sizeof(buf) - len, "%s%d %s %.2f s", len ? "; " : "",
					nr[m], attach_plan__mode_name(m), sum[m]);
	log_verbose("attach took %s\n", buf);
}

/* Are the programs row R is traced by loaded (tracer__prog())? */
static bool ready(const struct tracer *t, const struct wr_ap_resolved *r, bool learn)
{
	if (!find_prog(t, r, false))
		return false;
	if (attach_plan__is_kprobe(r->mode) && wants_return(r, learn))
		return find_prog(t, r, true) != NULL;
	return true;
}

void tracer__attach_ready(struct tracer *t, bool learn)
{
	double t0;
	int i;

	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &t->plan[i];

		/* the object rows by kprobe_multi: one link each way, below */
		if (r->mode == WR_MODE_NONE || r->multi || t->attach_tried[i] ||
		    !ready(t, r, learn))
			continue;
		t0 = clock_now_s();
		errno = 0;
		t->attach_err[i] = attach_row(t, i, learn);
		t->attach_took[i] = clock_now_s() - t0;
		t->attach_tried[i] = true;
	}
	tracer__attach_multi(t);
}

/*
 * Then, in the table's order, when a row failed the plan decides what comes
 * next (attach_plan__attach_failed()): the row is skipped, or it (or every
 * kprobe row) moved down the fallback order and -EAGAIN asks the caller to
 * load again, or the error stands.  The links made meanwhile are the
 * caller's to destroy, as on any error.
 */
int tracer__attach_programs(struct tracer *t, bool learn)
{
	int i, err;

	tracer__attach_ready(t, learn);
	say_attach_times(t);
	if (tracer__multi_refused(t))
		return -EAGAIN;
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		if (t->plan[i].mode == WR_MODE_NONE)
			continue;
		err = t->attach_tried[i] ? t->attach_err[i] : -ENOENT;
		if (err) {
			enum wr_next next = attach_plan__attach_failed(t->plan, i, err);

			if (next == WR_NEXT_SKIP)
				continue;
			return next == WR_NEXT_RELOAD ? -EAGAIN : err;
		}
		say_attached(&t->plan[i]);
		t->nr_attached++;
	}
	tracer__attach_tails(t);
	return 0;
}
