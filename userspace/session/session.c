// SPDX-License-Identifier: GPL-2.0
/* session.c - a live tracing session (see session.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>

#include "attach/detach.h"
#include "kernel/ksyms.h"
#include "kernel/procmod.h"
#include "lib/log.h"
#include "lib/settings.h"
#include "model/site.h"
#include "record/recfile.h"
#include "session/gpus.h"
#include "session/session.h"

uint64_t wr_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

struct ksyms *wr_load_symbols(const char *path)
{
	struct ksyms *ks = ksyms__load(path);
	char why[200];

	if (!ks && errno == ENODATA)
		log_error("cannot read kernel symbols from %s: %s\n", path,
			  ksyms__hidden_why(why, sizeof(why)));
	else if (!ks)
		log_error("cannot read kernel symbols from %s: %s\n", path, strerror(errno));
	return ks;
}

void session__skip_once(struct session *s, const struct wr_event *e)
{
	s->first_dup = *e;
	s->skip_first = true;
}

/* Equal as recorded: the frames past nr_frames are not part of an event. */
static bool same_event(const struct wr_event *a, const struct wr_event *b)
{
	return !memcmp(a, b, recfile__event_bytes(a));
}

static void on_event(void *ctx, const struct wr_event *e)
{
	struct session *s = ctx;
	uint64_t frames[WR_MAX_FRAMES];
	struct wr_site site;
	int pairing;

	if (s->skip_first) {
		s->skip_first = false;
		if (same_event(e, &s->first_dup))
			return;
	}
	/* an address the table does not name reads it again (refresh_symbols()) */
	pairing = site__apply(s->ot, s->ks, e, frames, &site);
	if (s->opts.on_event)
		s->opts.on_event(s->opts.ctx, e, &site, pairing);
}

void session__apply(struct session *s, const struct wr_event *e)
{
	uint64_t frames[WR_MAX_FRAMES];
	struct wr_site site;

	site__apply(s->ot, s->ks, e, frames, &site);
}

void session__apply_record(struct session *s, unsigned int feature, const void *data,
			   size_t size)
{
	s->saw_record = true;
	views__record(&s->views, feature, data, size);
}

static void on_record(void *ctx, unsigned int feature, const void *data, size_t size)
{
	struct session *s = ctx;

	s->saw_record = true;		/* a view's record may carry a stack */
	views__record(&s->views, feature, data, size);
	if (s->opts.on_record)
		s->opts.on_record(s->opts.ctx, feature, data, size);
}

int session__libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *msg;
	int n;

	if (log_libbpf_quiet() && (level != LIBBPF_WARN || !log_is_verbose()))
		return 0;
	if (level == LIBBPF_DEBUG && !settings__on(WR_SET_DEBUG_LIBBPF))
		return 0;
	n = vasprintf(&msg, fmt, ap);
	if (n < 0)
		return n;
	log_raw("%s", msg);
	free(msg);
	return n;
}

static void read_symbols_again(struct session *s)
{
	uint64_t t0 = wr_now_ns();
	struct ksyms *ks;

	s->ks_stale = false;
	s->ks_checked_ns = t0;
	/* before the read: a module loaded during it shows as a change later */
	s->ks_modules = procmod__sig("/proc/modules");
	ks = wr_load_symbols(s->opts.kallsyms);
	if (!ks)		/* said why; the table from before is kept */
		return;
	/* a traced module unloaded since the start (an unbind) keeps its names */
	ks = ksyms__keep_gone_modules(s->ks, ks);
	ksyms__free(s->ks);
	s->ks = ks;
	log_verbose("read %s again in %.2f s\n", s->opts.kallsyms, (wr_now_ns() - t0) / 1e9);
}

/* site__on_unknown(): a stack holds an address the table does not name */
static const struct ksyms *refresh_symbols(void *ctx)
{
	struct session *s = ctx;
	uint64_t now = wr_now_ns();

	if (!s->ks_stale) {
		/* once a second at most: a name that stays unknown costs nothing */
		if (now - s->ks_checked_ns < 1000000000ull)
			return s->ks;
		s->ks_checked_ns = now;
		if (procmod__sig("/proc/modules") == s->ks_modules)
			return s->ks;
	}
	read_symbols_again(s);
	return s->ks;
}

/* Adopt what a previous daemon pinned, or load, attach and pin. */
static int start_persistent(struct session *s, const struct tracer_opts *opts)
{
	struct tracer_opts own = *opts, *topts = &own;
	char why[256];
	int err;

	own.link_per_row = true;	/* each row's links are pinned on their own */
	err = tracer__adopt(&s->t, s->ks, topts, WR_PIN_DIR, WR_PIN_META, why, sizeof(why));

	if (!err) {
		s->adopted = true;
		log_info("adopted %d attached functions, %d tail callers' trampolines and "
			 "their ring buffers from %s\n", s->t.nr_attached, s->t.nr_tail_links,
			 WR_PIN_DIR);
		return 0;
	}
	if (err == -ESTALE) {
		log_warn("stale pins under %s: %s; removing them and starting "
			 "afresh\n", WR_PIN_DIR, why);
		tracer__unpin(WR_PIN_DIR, WR_PIN_META);
	} else if (err != -ENOENT) {
		log_error("cannot adopt the pins under %s: %s%s%s\n", WR_PIN_DIR,
			  strerror(-err), why[0] ? ": " : "", why);
		return err;
	}
	err = tracer__start(&s->t, s->ks, topts);
	if (err)
		return err;
	return tracer__pin(&s->t, WR_PIN_DIR, WR_PIN_META);
}

/* the tracer's wait for kallsyms (tracer_opts.ksyms_wait) */
static const struct ksyms *wait_symbols(void *ctx)
{
	struct session *s = ctx;

	return symbols_bg__wait(&s->ks_bg);
}

int session__start(struct session *s, const struct session_opts *opts)
{
	struct tracer_opts topts = {
		.ringbuf_bytes = opts->ringbuf_bytes,
		.verbose = opts->verbose,
		.no_fentry = opts->no_fentry,
		.no_module_btf = opts->no_module_btf,
		.no_kprobe = opts->no_kprobe,
		.features = opts->features ? opts->features : WR_FEAT_OWNERS | views__all_features(),
		.on_event = on_event,
		.on_record = on_record,
		.ctx = s,
	};
	const char *kallsyms = opts->kallsyms ? opts->kallsyms : "/proc/kallsyms";
	const char *env = settings__get(WR_SET_FEATURES);
	unsigned int features;
	int err;

	/* WAKEREF_FEATURES=owners,userfault,svm: trace less (fewer functions to attach) */
	if (!opts->features && env) {
		if (hooks__parse_features(env, &features)) {
			log_error("bad WAKEREF_FEATURES '%s': want a comma list of "
				  "owners, userfault, svm, or all\n", env);
			return -EINVAL;
		}
		topts.features = features;
	}
	memset(s, 0, sizeof(*s));
	s->opts = *opts;
	s->opts.kallsyms = kallsyms;
	if (tracer__check_privileges())
		return -EPERM;
	/* an earlier ci may still be detaching in the background */
	detach__wait_others();
	libbpf_set_print(session__libbpf_log);
	if (opts->verbose)
		log_set_verbose(true);
	/*
	 * Beside the start: kallsyms (the tracer guesses its plan from BTF and
	 * checks it once they are read) and the GPU state reader.
	 */
	symbols_bg__start(&s->ks_bg, kallsyms, !s->opts.persist);
	if (opts->prefetch_gpus)
		session__gpus_prefetch();
	err = views__create(&s->views, topts.features);
	if (!err && s->opts.persist) {
		s->ks = symbols_bg__wait(&s->ks_bg);
		err = s->ks ? start_persistent(s, &topts) : -ENOENT;
	} else if (!err) {
		topts.ksyms_wait = wait_symbols;
		err = tracer__start(&s->t, NULL, &topts);
	}
	/* the table is the session's whatever happened (session__stop() frees it) */
	s->ks = symbols_bg__wait(&s->ks_bg);
	if (!err && !s->ks)
		err = -ENOENT;
	if (err)
		return err;
	s->ot = owners__new(s->t.cookie_mask);
	if (!s->ot)
		return -ENOMEM;
	owners__keep(s->ot, opts->keep);
	/* the programs and trampolines just attached have symbols now */
	s->ks_stale = true;
	site__on_unknown(refresh_symbols, s);
	return 0;
}

const struct ksyms *session__ksyms(struct session *s)
{
	if (s->ks_stale && s->saw_record)
		read_symbols_again(s);
	return s->ks;
}

int session__reattach(struct session *s)
{
	struct tracer_opts topts = s->t.opts;
	int err;

	tracer__stop(&s->t);
	if (s->opts.persist)
		tracer__unpin(WR_PIN_DIR, WR_PIN_META);
	s->adopted = false;
	ksyms__free(s->ks);
	s->ks = wr_load_symbols(s->opts.kallsyms);
	if (!s->ks)
		return -ENOENT;
	err = s->opts.persist ? start_persistent(s, &topts) : tracer__start(&s->t, s->ks, &topts);
	if (err)
		return err;
	s->ks_stale = true;
	return 0;
}

int session__poll(struct session *s, int timeout_ms)
{
	int n;

	n = tracer__poll(&s->t, timeout_ms);

	if (n < 0)
		log_error("reading events failed: %s\n", strerror(-n));
	return n;
}

int session__poll_fd(const struct session *s)
{
	return tracer__poll_fd(&s->t);
}

void session__sync_for(struct session *s, struct wr_loss *loss, unsigned int max_ms)
{
	tracer__drain_for(&s->t, max_ms);
	tracer__loss_recent(&s->t, loss);
	owners__reconcile(s->ot, loss->ringbuf_drops + loss->recursion_misses +
			  loss->kprobe_misses);
}

void session__sync(struct session *s, struct wr_loss *loss)
{
	tracer__drain(&s->t);
	tracer__loss(&s->t, loss);
	owners__reconcile(s->ot, loss->ringbuf_drops + loss->recursion_misses +
			  loss->kprobe_misses);
}

void session__stop(struct session *s)
{
	site__on_unknown(NULL, NULL);
	tracer__stop(&s->t);
	views__destroy(&s->views);
	owners__free(s->ot);
	ksyms__free(s->ks);
	memset(s, 0, sizeof(*s));
}
