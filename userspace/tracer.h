/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracer.h - the BPF side seen from userspace: open, configure, load and
 * attach the programs the attach plan selects, then stream events.
 */
#ifndef WR_TRACER_H
#define WR_TRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attach_plan.h"
#include "report.h"

struct wakeref_bpf;
struct ring_buffer;
struct kbtf;
struct ksyms;

typedef void (*tracer_event_fn)(void *ctx, const struct wr_event *e);
/* A record of a view's ring buffer (userfault, SVM): FEATURE says whose. */
typedef void (*tracer_record_fn)(void *ctx, unsigned int feature, const void *data, size_t size);

struct tracer_opts {
	size_t ringbuf_bytes;	/* 0: the default */
	bool verbose;		/* say what is attached where, and how */
	bool no_fentry;		/* kprobes only (also WAKEREF_NO_FENTRY=1) */
	bool no_module_btf;	/* act as if no module had BTF (also WAKEREF_NO_MODULE_BTF=1) */
	unsigned int features;	/* enum wr_feature to trace; 0: all */
	tracer_event_fn on_event;
	tracer_record_fn on_record;	/* records of the other features' ring buffers */
	void *ctx;
};

struct tracer {
	struct wakeref_bpf *skel;
	struct ring_buffer *rb;
	struct kbtf *kbtf;
	struct wr_ap_resolved plan[WR_HOOK__COUNT];	/* with the mode of each row */
	struct bpf_link *links[WR_HOOK__COUNT];		/* fentry/fexit, or the entry kprobe */
	struct bpf_link *rlinks[WR_HOOK__COUNT];	/* the kretprobe of a kprobe row */
	int nr_attached;				/* rows traced */
	char core_btf[64];	/* vmlinux-only BTF file for CO-RE when module BTF is hidden */
	uint64_t cookie_mask;
	uint64_t malformed;	/* records of the wrong size */
	struct tracer_opts opts;
};

/* Root, or CAP_BPF with CAP_PERFMON; says so on stderr when not. */
int tracer__check_privileges(void);
/* The same, silently. */
bool tracer__privileged(void);
/* Everything up to attached; prints a clear reason to stderr on failure. */
int tracer__start(struct tracer *t, const struct ksyms *ks, const struct tracer_opts *opts);
/* Deliver events for up to TIMEOUT_MS; returns events handled or -errno. */
int tracer__poll(struct tracer *t, int timeout_ms);
/* Drain what is left in the ring buffer. */
int tracer__drain(struct tracer *t);
void tracer__loss(struct tracer *t, struct wr_loss *loss);
void tracer__stop(struct tracer *t);

#endif
