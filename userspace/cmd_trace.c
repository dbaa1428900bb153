// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_trace.c - `wakeref trace`: attach, rebuild the owner table from live
 * events, and print the leak report on SIGINT/SIGTERM or after --duration.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>

#include "allowlist.h"
#include "commands.h"
#include "ksyms.h"
#include "owners.h"
#include "report.h"
#include "site.h"
#include "tracer.h"

static volatile sig_atomic_t exiting, snapshots_requested;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		snapshots_requested++;
	else
		exiting = 1;
}

struct trace_ctx {
	struct ksyms *ks;
	struct wr_owners *ot;
	bool stream;		/* -f jsonl: print every event as it comes */
};

static void on_event(void *ctx, const struct wr_event *e)
{
	struct trace_ctx *tc = ctx;
	uint64_t frames[WR_MAX_FRAMES];
	struct wr_site site;
	const char *hooked = e->hook < WR_HOOK__COUNT ? wr_attach_plan[e->hook].func : NULL;

	int pairing;

	site__from_event(tc->ks, e, hooked, frames, &site);
	pairing = owners__apply(tc->ot, e, &site);
	if (tc->stream)
		report__event_jsonl(stdout, e, &site, pairing, tc->ks);
}

static uint64_t now_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Everything that happened before now, as a report on stdout. */
static void print_report(struct tracer *t, struct trace_ctx *tc, struct report_opts *ropts)
{
	struct wr_loss loss;

	tracer__drain(t);
	tracer__loss(t, &loss);
	ropts->loss = &loss;
	ropts->now_ns = now_monotonic_ns();
	report__print(stdout, tc->ot, tc->ks, ropts);
	ropts->loss = NULL;
	fflush(stdout);
}

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && !getenv("WAKEREF_DEBUG_LIBBPF"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: wakeref trace [OPTIONS]\n\n"
		"Trace runtime-PM gets and puts and print, on Ctrl-C, SIGTERM or after\n"
		"--duration, the wakerefs still held per device and who took them.\n"
		"SIGUSR1 prints the same report at once, between the lines\n"
		"\"=== wakeref snapshot N\" and \"=== end of snapshot N\", and goes on.\n\n"
		"  -d, --duration SECONDS   stop after SECONDS (default: until a signal)\n"
		"  -f, --format FORMAT      text: i915's wakeref report (default)\n"
		"                           json: one document; jsonl: every event as it\n"
		"                           happens, then the report, as JSON Lines\n"
		"                           folded: stacks for flame graphs\n"
		"                           perfetto: a timeline for ui.perfetto.dev\n"
		"                           owners: one line per device and owner, unfiltered\n"
		"      --min-age DURATION   hide owners younger than DURATION (500ms, 2s)\n"
		"      --allowlist FILE     known long-lived holders to hide (default: built in,\n"
		"                           see userspace/allowlist.default)\n"
		"  -a, --all                hide nothing\n"
		"      --ringbuf-size BYTES ring buffer size (default 8 MiB, rounded to a\n"
		"                           power of two)\n"
		"      --kallsyms FILE      symbol table (default /proc/kallsyms)\n"
		"  -v, --verbose            say what is attached where\n"
		"  -h, --help\n");
}

/* Load kallsyms, or explain why its addresses are unusable. */
static struct ksyms *load_symbols(const char *path)
{
	struct ksyms *ks = ksyms__load(path);

	if (!ks)
		fprintf(stderr, "wakeref: cannot read kernel symbols from %s: %s%s\n", path,
			strerror(errno), errno == ENODATA ?
			" (all addresses are hidden: run as root, or sysctl kernel.kptr_restrict=0)" :
			"");
	return ks;
}

int cmd_trace(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "duration", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "ringbuf-size", required_argument, NULL, 'R' },
		{ "kallsyms", required_argument, NULL, 'K' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "min-age", required_argument, NULL, 'M' },
		{ "allowlist", required_argument, NULL, 'A' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct tracer_opts topts = { .on_event = on_event };
	struct report_opts ropts = { .format = WR_FMT_TEXT };
	const char *kallsyms = "/proc/kallsyms", *allow_path = NULL;
	struct wr_allowlist allow = {};
	bool show_all = false;
	int64_t ns;
	struct trace_ctx tc = {};
	struct tracer t = {};
	double duration = 0;
	int snapshots = 0;
	uint64_t deadline = 0;
	int opt, err = 1;
	char *end;

	while ((opt = getopt_long(argc, argv, "d:f:vah", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			duration = strtod(optarg, &end);
			if (*end || duration <= 0) {
				fprintf(stderr, "wakeref: bad --duration '%s': want seconds > 0\n",
					optarg);
				return 2;
			}
			break;
		case 'f':
			if (report__parse_format(optarg, &ropts.format)) {
				fprintf(stderr, "wakeref: unknown format '%s' (text, json, jsonl, "
					"folded, perfetto, owners)\n", optarg);
				return 2;
			}
			break;
		case 'M':
			ns = parse_duration_ns(optarg);
			if (ns < 0) {
				fprintf(stderr, "wakeref: bad --min-age '%s': want a duration like "
					"500ms or 2s\n", optarg);
				return 2;
			}
			ropts.min_age_ns = ns;
			break;
		case 'A':
			allow_path = optarg;
			break;
		case 'a':
			show_all = true;
			break;
		case 'R':
			topts.ringbuf_bytes = strtoull(optarg, &end, 0);
			if (*end || topts.ringbuf_bytes < 4096 || topts.ringbuf_bytes > (1ull << 30)) {
				fprintf(stderr, "wakeref: bad --ringbuf-size '%s': want 4096 .. 1G bytes\n",
					optarg);
				return 2;
			}
			break;
		case 'K':
			kallsyms = optarg;
			break;
		case 'v':
			topts.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "wakeref: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (tracer__check_privileges())
		return 1;
	if (show_all) {
		ropts.min_age_ns = 0;
	} else if (allow_path ? allowlist__load(&allow, allow_path) :
		   allowlist__load_default(&allow)) {
		return 2;
	}
	ropts.allow = &allow;
	tc.stream = ropts.format == WR_FMT_JSONL;
	libbpf_set_print(libbpf_log);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGUSR1, on_signal);

	tc.ks = load_symbols(kallsyms);
	if (!tc.ks)
		return 1;
	topts.ctx = &tc;
	if (tracer__start(&t, tc.ks, &topts))
		goto out;
	tc.ot = owners__new(t.cookie_mask);
	if (!tc.ot)
		goto out;
	if (ropts.format == WR_FMT_PERFETTO)
		owners__keep_history(tc.ot, 1 << 20);
	/* the programs and trampolines just attached have symbols now */
	ksyms__free(tc.ks);
	tc.ks = load_symbols(kallsyms);
	if (!tc.ks)
		goto out;

	fprintf(stderr, "wakeref: tracing %d functions; Ctrl-C to stop and report\n",
		t.nr_attached);
	if (duration)
		deadline = now_monotonic_ns() + (uint64_t)(duration * 1e9);
	while (!exiting && (!deadline || now_monotonic_ns() < deadline)) {
		int n = tracer__poll(&t, 100);

		if (n < 0) {
			fprintf(stderr, "wakeref: reading events failed: %s\n", strerror(-n));
			goto out;
		}
		while (snapshots < snapshots_requested) {
			snapshots++;
			printf("=== wakeref snapshot %d\n", snapshots);
			print_report(&t, &tc, &ropts);
			printf("=== end of snapshot %d\n", snapshots);
			fflush(stdout);
		}
	}
	print_report(&t, &tc, &ropts);
	err = 0;
out:
	tracer__stop(&t);
	owners__free(tc.ot);
	ksyms__free(tc.ks);
	allowlist__free(&allow);
	return err;
}
