/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracer.h - the BPF side seen from userspace: open, configure, load and
 * attach the programs the attach plan selects, then stream events.  Its
 * files (tracer_int.h): tracer.c the lifecycle, programs.c what loads
 * against what, attach.c the rows attached, rings.c the ring buffers,
 * loss.c what was lost, tracer_unwind.c the fast unwinder, privileges.c,
 * tracer_pin.c the daemon's pins.
 */
#ifndef WR_TRACER_H
#define WR_TRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attach/plan.h"
#include "model/loss.h"

struct wakeref_bpf;
struct bpf_object;
struct split_load;
struct bpf_program;
struct wr_unwinder;
struct wr_ringbuf;
struct kbtf;
struct wr_tail_caller;
struct ksyms;

typedef void (*tracer_event_fn)(void *ctx, const struct wr_event *e);
/* A record of a view's ring buffer (userfault, SVM): FEATURE says whose. */
typedef void (*tracer_record_fn)(void *ctx, unsigned int feature, const void *data, size_t size);

/*
 * Frames walked per event: the unwinder is most of an event's cost (make
 * bench: 32 frames cost about twice 12).  A get keeps enough for the
 * report's stack (i915's debug build keeps 16 since 6.8, 8 before), a put enough to pass the
 * tracer's frames and the API layers and find who released.
 * WAKEREF_FRAMES=GET:PUT (at most 32 each) changes them.
 */
#define WR_DEFAULT_GET_FRAMES	16
#define WR_DEFAULT_PUT_FRAMES	12

struct tracer_opts {
	size_t ringbuf_bytes;	/* 0: the default */
	bool verbose;		/* -v: say what is attached where (switches log_verbose() on) */
	bool no_fentry;		/* kprobes only (also WAKEREF_NO_FENTRY=1) */
	bool no_module_btf;	/* act as if no module had BTF (also WAKEREF_NO_MODULE_BTF=1) */
	bool no_kprobe;		/* tracepoints where fentry fails (also WAKEREF_NO_KPROBE=1) */
	bool link_per_row;	/* no kprobe_multi link: the daemon pins a link per row */
	unsigned int features;	/* enum wr_feature to trace; 0: all */
	unsigned int get_frames, put_frames;	/* stack depth walked; 0: the defaults */
	tracer_event_fn on_event;
	tracer_record_fn on_record;	/* records of the other features' ring buffers */
	void *ctx;
	/*
	 * tracer__start() with no kallsyms: the plan is guessed from BTF and
	 * the programs start loading; this gives kallsyms (NULL: unreadable,
	 * said) before anything attaches, and the guess is checked.
	 */
	const struct ksyms *(*ksyms_wait)(void *ctx);
};

/* The maps a tracer reads, and that the daemon pins (tracer_pin.c). */
enum wr_map {
	WR_MAP_EVENTS,		/* the owner events' ring buffer */
	WR_MAP_UF,		/* the userfault view's */
	WR_MAP_SVM,		/* the SVM view's */
	WR_MAP_STATS,		/* per-hook counters */
	WR_MAP_UNWIND,		/* the fast unwinder's rules (unwind.h) */
	WR_MAP__COUNT
};
extern const char *const wr_map_names[WR_MAP__COUNT];

/* fexit trampolines of tail callers, at most (bpf/wr_tailcall.bpf.h's slots) */
#define WR_TAIL_SLOTS	24

/* A fentry/fexit program and the function's BTF object and type it loads against. */
struct tracer_target {
	const struct bpf_program *prog;
	int btf_fd;
	int btf_id;
};

/* A view's ring buffer: whose records come out of it. */
struct tracer_ring {
	struct tracer *t;
	unsigned int feature;	/* enum wr_feature */
};

struct tracer {
	struct wakeref_bpf *skel;	/* NULL when the programs were adopted from bpffs */
	struct bpf_object *halves[2];	/* the programs, loaded in two halves (split_load.c) */
	struct split_load *loading;	/* which of their programs are loaded so far */
	bool guessed;			/* the plan is BTF's guess, kallsyms not seen yet */
	struct wr_plan_opts popts;	/* what the plan was chosen with */
	bool attach_tried[WR_HOOK__COUNT];	/* attach.c: rows attached (or refused) so far */
	int attach_err[WR_HOOK__COUNT];
	double attach_took[WR_HOOK__COUNT];
	int map_fd[WR_MAP__COUNT];	/* -1: not in this object */
	int prog_fd[WR_HOOK__COUNT];	/* of each attached fentry/fexit, for its misses; -1 */
	bool adopted;			/* links and maps taken over from a previous daemon */
	struct wr_ringbuf *rb;	/* attach/ringbuf.h */
	struct kbtf *kbtf;		/* while starting only (tracer__drop_btf()) */
	struct wr_ap_resolved plan[WR_HOOK__COUNT];	/* with the mode of each row */
	struct bpf_link *links[WR_HOOK__COUNT];		/* fentry/fexit, or the entry kprobe */
	struct bpf_link *rlinks[WR_HOOK__COUNT];	/* the kretprobe of a kprobe row */
	/* the object rows' kprobe_multi links, entry and return (attach_multi.c) */
	struct bpf_link *multi[2];
	int multi_err[2];		/* the kernel refused it: -errno */
	const struct ksyms *ks;		/* while starting: the symbols the plan was made with */
	int nr_attached;				/* rows traced */
	/* the tail callers given a trampoline (attach/tailcall.c), by slot */
	struct bpf_link *tail_links[WR_TAIL_SLOTS];
	const struct wr_tail_caller *tail_rows[WR_TAIL_SLOTS];
	char tail_modules[WR_TAIL_SLOTS][64];
	int nr_tails;
	int nr_tail_links;	/* of them attached (or adopted from the pins) */
	struct tracer_target targets[WR_HOOK__COUNT + WR_TAIL_SLOTS];	/* of fentry/fexit progs */
	int nr_targets;
	int target_handlers[2];		/* libbpf's ids of the fentry, fexit handlers; 0: none */
	struct tracer_ring rings[WR_MAP__COUNT];	/* of the views' ring buffers */
	char core_btf[64];	/* vmlinux-only BTF file for CO-RE when module BTF is hidden */
	uint64_t cookie_mask;
	uint64_t malformed;	/* records of the wrong size */
	/*
	 * tracer__loss(): what it last read of the kernel's own counts (a
	 * system call a program or kprobe), when, and each hook's drops then
	 */
	struct wr_loss loss_last;
	uint64_t loss_read_ns;
	uint64_t loss_drops[WR_HOOK__COUNT];
	/* a reading turn stops at this CLOCK_MONOTONIC time (0: when empty) */
	uint64_t turn_end_ns;
	uint32_t turn_records;
	/* the fast unwinder: its mode, why it is off, its rules' learner */
	enum wr_unwind_mode unwind_mode;
	char unwind_why[160];
	bool probe_reads;	/* the object for kernels without bpf_rdonly_cast (< 6.2) */
	struct wr_unwinder *unwinder;
	struct bpf_link *unwind_links[2];	/* module load, module free */
	struct tracer_opts opts;
};

/* Root, or CAP_BPF with CAP_PERFMON; says so on stderr when not. */
int tracer__check_privileges(void);
/* The same, silently. */
bool tracer__privileged(void);
/* Everything up to attached; on failure says why and leaves nothing behind. */
int tracer__start(struct tracer *t, const struct ksyms *ks, const struct tracer_opts *opts);
/* Deliver events for up to TIMEOUT_MS; returns events handled or -errno. */
int tracer__poll(struct tracer *t, int timeout_ms);
/* Drain what is left in the ring buffer. */
int tracer__drain(struct tracer *t);
/*
 * As tracer__drain, but for at most MAX_MS: under a storm the ring buffer
 * never empties, and a reader that must also serve others stops there (what
 * is left is read on the next turn).  Records read, or -errno.
 */
int tracer__drain_for(struct tracer *t, unsigned int max_ms);
/* A descriptor that polls readable when events wait, or -1. */
int tracer__poll_fd(const struct tracer *t);
/* What was lost: the programs' counters and the kernel's counts, read now. */
void tracer__loss(struct tracer *t, struct wr_loss *loss);
/*
 * The same, but the kernel's counts (recursion and kprobe misses) may be
 * up to 100 ms old while no new drop was counted: for a daemon answering
 * many requests a second (attach/loss.c).
 */
void tracer__loss_recent(struct tracer *t, struct wr_loss *loss);
/* Stacks walked fast, left to bpf_get_stack(), and that differed (WR_UNWIND_VERIFY). */
void tracer__unwind_counts(struct tracer *t, uint64_t *fast, uint64_t *slow, uint64_t *differ);
/* Is row I traced: by a link of its own or in a kprobe_multi link (entry, return)? */
static inline bool tracer__row_attached(const struct tracer *t, int i)
{
	const struct wr_ap_resolved *r = &t->plan[i];

	if (t->links[i])
		return true;
	return r->multi && t->multi[r->mode == WR_MODE_KRETPROBE] && t->attach_tried[i] &&
	       !t->attach_err[i];
}

/* Detach and free everything (links pinned in bpffs stay attached). */
void tracer__stop(struct tracer *t);

/*
 * The daemon's state in bpffs (tracer_pin.c): links and maps pinned under
 * DIR, what they are in META, so that a restarted daemon adopts them and
 * loses no event.  tracer__adopt() returns 0 when it took them over,
 * -ENOENT when there is nothing pinned, -ESTALE when the pins are not this
 * build's or this boot's (WHY says; tracer__unpin() them), other -errno.
 */
#define WR_PIN_DIR	"/sys/fs/bpf/wakeref"
#define WR_PIN_META	"/run/wakeref/pins.meta"
int tracer__pin(struct tracer *t, const char *dir, const char *meta);
int tracer__adopt(struct tracer *t, const struct ksyms *ks, const struct tracer_opts *opts,
		  const char *dir, const char *meta, char *why, size_t len);
/* Remove the pins and META; the number of pins removed, or -errno. */
int tracer__unpin(const char *dir, const char *meta);
/* A hash of the BPF object and the hook table: pins of another build are not adopted. */
uint64_t tracer__build_id(void);

/* The links a stop detaches (pinned ones, the daemon's, stay). */
int tracer__live_links(const struct tracer *t);

#endif
