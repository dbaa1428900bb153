/* SPDX-License-Identifier: GPL-2.0 */
/*
 * session.h - a live tracing session: privileges, symbols, the tracer and the
 * owner table, wired together once for every subcommand that traces (trace,
 * record, ci, hang, daemon).
 */
#ifndef WR_SESSION_H
#define WR_SESSION_H

#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <bpf/libbpf.h>

#include "model/owners.h"
#include "output/report.h"
#include "model/site.h"
#include "attach/tracer.h"
#include "model/view.h"
#include "session/symbols_bg.h"

struct ksyms;

/* Called for every event after the owner table took it; PAIRING as owners__apply(). */
typedef void (*session_event_fn)(void *ctx, const struct wr_event *e, const struct wr_site *site,
				 int pairing);

struct session_opts {
	const char *kallsyms;		/* default /proc/kallsyms */
	size_t ringbuf_bytes;
	bool verbose;
	enum wr_keep keep;		/* the history a report needs (report__keeps()) */
	bool no_fentry;			/* kprobes only */
	bool no_module_btf;		/* act as if modules had no BTF */
	bool no_kprobe;			/* no kprobes: tracepoints where they exist */
	unsigned int features;		/* enum wr_feature; 0: owners and every view */
	session_event_fn on_event;	/* optional */
	/* optional: every record of a view's ring buffer, after the view took it */
	void (*on_record)(void *ctx, unsigned int feature, const void *data, size_t size);
	void *ctx;
	/*
	 * The daemon: adopt the programs a previous daemon pinned under
	 * WR_PIN_DIR (stale pins are removed, saying why), or load and pin.
	 */
	bool persist;
	/*
	 * The GPU state reader (session/gpus.h) loaded beside the kallsyms
	 * read, for a command that reads the GPUs' state anyway (ci).
	 */
	bool prefetch_gpus;
};

struct session {
	struct tracer t;
	struct ksyms *ks;
	struct wr_owners *ot;
	struct wr_view_set views;	/* userfault, SVM: those traced */
	struct session_opts opts;
	bool adopted;			/* persist: the programs were already there */
	bool ks_stale;			/* programs attached since kallsyms was read */
	bool saw_record;		/* a view's record came: its stacks are printed later */
	uint64_t ks_modules;		/* /proc/modules' names and addresses at the read */
	uint64_t ks_checked_ns;		/* when they were last compared with it */
	bool skip_first;		/* drop the first event if it equals first_dup */
	struct wr_event first_dup;	/* the journal's last event (session__skip_once) */
	struct symbols_bg ks_bg;	/* kallsyms read beside the start */
};

/* The first event, if identical to E, was already seen (journaled before a crash). */
void session__skip_once(struct session *s, const struct wr_event *e);
/* Apply an event as if it came from the ring buffer (journal replay). */
void session__apply(struct session *s, const struct wr_event *e);
void session__apply_record(struct session *s, unsigned int feature, const void *data,
			   size_t size);

/*
 * The kernel's symbols.  kallsyms is read once before attaching, and again
 * only when frames need it: an event's stack with an address the table does
 * not name (the programs just attached; a module loaded since, which
 * /proc/modules shows, looked at once a second at most), or a view's record
 * before it is printed.  A start, and a ci whose command makes no event,
 * wait for one pass over /proc/kallsyms, not two; a module unloaded since
 * keeps its names (ksyms__keep_gone_modules()).
 */
const struct ksyms *session__ksyms(struct session *s);

/*
 * libbpf's messages, "libbpf: " first, where every other message goes
 * (quieter in a thread that says so: log_set_libbpf_quiet()).
 */
int session__libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap);

/* Everything up to tracing; says why on stderr and returns -errno if not. */
int session__start(struct session *s, const struct session_opts *opts);
/* Deliver events for up to TIMEOUT_MS; <0 on a failure it has reported. */
int session__poll(struct session *s, int timeout_ms);
/* For a caller's poll(): readable when events wait (-1: none). */
int session__poll_fd(const struct session *s);
/*
 * As session__sync, but reading for at most MAX_MS: under a storm the rest
 * is read on the next turn (the daemon's answers); the kernel's own loss
 * counts may be up to 100 ms old (tracer__loss_recent()).
 */
void session__sync_for(struct session *s, struct wr_loss *loss, unsigned int max_ms);
/* Drain what is buffered, then fill LOSS. */
void session__sync(struct session *s, struct wr_loss *loss);
void session__stop(struct session *s);
/*
 * Stop S in a child of its own (stop_bg.c), so that the caller can exit at
 * once: 0, or -errno when it could not (WAKEREF_DETACH=wait: -EAGAIN); the
 * caller then calls session__stop() itself.  Only before exiting: S is the
 * child's now.
 */
int session__stop_after_exit(struct session *s);
/*
 * A traced module was reloaded: detach, read the symbols again and attach
 * anew (and pin, for the daemon), keeping the owner table and the views.
 */
int session__reattach(struct session *s);

uint64_t wr_now_ns(void);			/* CLOCK_MONOTONIC, as bpf_ktime_get_ns() */
struct ksyms *wr_load_symbols(const char *path);	/* ksyms__load, or why not */

#endif
