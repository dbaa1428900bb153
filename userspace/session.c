// SPDX-License-Identifier: GPL-2.0
/* session.c - a live tracing session (see session.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>

#include "ksyms.h"
#include "session.h"

volatile sig_atomic_t wr_stop, wr_usr1;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		wr_usr1++;
	else
		wr_stop = 1;
}

void wr_catch_signals(void)
{
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGUSR1, on_signal);
	signal(SIGPIPE, SIG_IGN);
}

int wr_parse_seconds(const char *option, const char *arg, double min, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v > min)) {
		fprintf(stderr, "wakeref: bad %s '%s': want seconds > %g\n", option, arg, min);
		return -1;
	}
	*out = v;
	return 0;
}

uint64_t wr_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

struct ksyms *wr_load_symbols(const char *path)
{
	struct ksyms *ks = ksyms__load(path);

	if (!ks)
		fprintf(stderr, "wakeref: cannot read kernel symbols from %s: %s%s\n", path,
			strerror(errno), errno == ENODATA ?
			" (all addresses are hidden: run as root, or sysctl kernel.kptr_restrict=0)" :
			"");
	return ks;
}

static void on_event(void *ctx, const struct wr_event *e)
{
	struct session *s = ctx;
	uint64_t frames[WR_MAX_FRAMES];
	struct wr_site site;
	int pairing = site__apply(s->ot, s->ks, e, frames, &site);

	if (s->opts.on_event)
		s->opts.on_event(s->opts.ctx, e, &site, pairing);
}

static void on_record(void *ctx, unsigned int feature, const void *data, size_t size)
{
	struct session *s = ctx;

	views__record(&s->views, feature, data, size);
}

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && !getenv("WAKEREF_DEBUG_LIBBPF"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

int session__start(struct session *s, const struct session_opts *opts)
{
	struct tracer_opts topts = {
		.ringbuf_bytes = opts->ringbuf_bytes,
		.verbose = opts->verbose,
		.no_fentry = opts->no_fentry,
		.no_module_btf = opts->no_module_btf,
		.features = opts->features ? opts->features : WR_FEAT_OWNERS | views__all_features(),
		.on_event = on_event,
		.on_record = on_record,
		.ctx = s,
	};
	const char *kallsyms = opts->kallsyms ? opts->kallsyms : "/proc/kallsyms";
	int err;

	memset(s, 0, sizeof(*s));
	s->opts = *opts;
	s->opts.kallsyms = kallsyms;
	if (tracer__check_privileges())
		return -EPERM;
	libbpf_set_print(libbpf_log);
	s->ks = wr_load_symbols(kallsyms);
	if (!s->ks)
		return -ENOENT;
	err = views__create(&s->views, topts.features);
	if (err)
		return err;
	err = tracer__start(&s->t, s->ks, &topts);
	if (err)
		return err;
	s->ot = owners__new(s->t.cookie_mask);
	if (!s->ot)
		return -ENOMEM;
	if (opts->keep_history)
		owners__keep_history(s->ot, 1 << 20);
	/* the programs and trampolines just attached have symbols now */
	ksyms__free(s->ks);
	s->ks = wr_load_symbols(kallsyms);
	return s->ks ? 0 : -ENOENT;
}

int session__poll(struct session *s, int timeout_ms)
{
	int n = tracer__poll(&s->t, timeout_ms);

	if (n < 0)
		fprintf(stderr, "wakeref: reading events failed: %s\n", strerror(-n));
	return n;
}

void session__sync(struct session *s, struct wr_loss *loss)
{
	tracer__drain(&s->t);
	tracer__loss(&s->t, loss);
}

void session__stop(struct session *s)
{
	tracer__stop(&s->t);
	views__destroy(&s->views);
	owners__free(s->ot);
	ksyms__free(s->ks);
	memset(s, 0, sizeof(*s));
}
