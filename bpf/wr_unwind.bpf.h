/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wr_unwind.bpf.h - the stacks of fentry/fexit programs, walked fast (see
 * struct wr_unwind_entry in wakeref.h).
 *
 * bpf_get_stack() starts the kernel's unwinder in its own frames, climbs
 * through the helper, the program and the trampoline, and searches the ORC
 * tables at every frame: under emulation that is most of an event's cost.
 * Here the walk starts at the trampoline's frame, and each frame's rule
 * (where the caller's stack pointer, return address and frame pointer are)
 * is one array lookup, filled by the frontend from the kernel's own ORC
 * tables (userspace/kernel/unwind.c).  A frame without a rule of this
 * generation sends the event to bpf_get_stack() and tells the frontend to
 * learn it: a stack is never guessed.  WR_UNWIND_VERIFY walks both ways and
 * counts any difference.
 */
#ifndef WR_UNWIND_BPF_H
#define WR_UNWIND_BPF_H

#include "wr_tramp.bpf.h"

#define WR_TRAMP_WORDS	16	/* words read above a program's context */
#define WR_SLOW_EXTRA	WR_TRACER_FRAMES	/* room for them in bpf_get_stack()'s */
#define WR_WIN_WORDS	64	/* a window of the stack read at once: several frames */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, WR_UNWIND_SLOTS + 1);	/* + the control slot */
	__type(key, __u32);
	__type(value, struct wr_unwind_entry);
} wr_unwind SEC(".maps");

struct unwind_scratch {
	__u64 slow[WR_MAX_FRAMES + WR_SLOW_EXTRA];	/* bpf_get_stack(), tracer frames first */
	__u64 fast[WR_MAX_FRAMES];			/* the fast walk */
	__u64 win[WR_WIN_WORDS];			/* the stack from walk.win_base on */
	__u64 ctx_addr;					/* the program's context, as a number */
	__s32 opaque;					/* see opaque() */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct unwind_scratch);
} unwind_scratch SEC(".maps");

/*
 * V as the verifier sees a number read back from a map: any value.  A loop
 * that breaks out with its index (a constant on each way out) otherwise
 * brings one state per way out to the code after it, and that code, index
 * precise where it indexes, is walked once for each.
 */
static __always_inline __s32 opaque(struct unwind_scratch *sc, __s32 v)
{
	sc->opaque = v;
	return *(volatile __s32 *)&sc->opaque;
}

static __always_inline struct wr_unwind_entry *unwind_ctl(void)
{
	__u32 key = WR_UNWIND_CTL;

	return bpf_map_lookup_elem(&wr_unwind, &key);
}

/* The rule of return address IP in generation GEN: either way of its slot pair, or NULL. */
static __always_inline struct wr_unwind_entry *rule_of(__u64 ip, __u32 gen)
{
	__u32 slot = WR_UNWIND_SLOT(ip), way;
	struct wr_unwind_entry *u;

	for (way = 0; way < 2; way++) {
		slot |= way;
		u = bpf_map_lookup_elem(&wr_unwind, &slot);
		if (u && u->ip == ip && u->gen == gen)
			return u;
	}
	return NULL;
}

/* The walk's state, between bpf_loop() steps. */
struct walk {
	__u64 ip, sp, bp;	/* the frame's return address, stack and frame pointers */
	__u64 win_base;		/* where the scratch's window was read from; 0: nowhere */
	__u32 max, gen;
	__u32 first;		/* frames in fast[] before the walk's (the function put back) */
	int n;			/* frames in fast[]; -1: one had no rule */
};

#ifdef WR_STACK_PROBE_READ
/*
 * Kernels before 6.2 (no bpf_rdonly_cast): the stack word at ADDR into
 * *VAL, through the window, so that one bpf_probe_read_kernel() serves the
 * frames it covers.  The window starts at the frame's stack pointer when it
 * can: a frame's return address and saved frame pointer, and its callers',
 * lie above it.  Near the top of a stack the window cannot be read whole
 * (the guard page above): the word alone is.
 */
static __always_inline long stack_word(struct walk *w, struct unwind_scratch *sc, __u64 addr,
				       __u64 *val)
{
	__u64 off = addr - w->win_base, base;

	if (!w->win_base || off > (WR_WIN_WORDS - 1) * sizeof(__u64) || (off & 7)) {
		base = w->sp;
		if (addr < base || addr - base > (WR_WIN_WORDS - 1) * sizeof(__u64) ||
		    ((addr - base) & 7))
			base = addr;
		if (bpf_probe_read_kernel(sc->win, sizeof(sc->win), (void *)base)) {
			w->win_base = 0;
			return bpf_probe_read_kernel(val, sizeof(*val), (void *)addr);
		}
		w->win_base = base;
		off = addr - base;
	}
	*val = sc->win[(off / sizeof(__u64)) & (WR_WIN_WORDS - 1)];
	return 0;
}

/*
 * The words above the program's context, where the trampoline keeps the
 * return address: one read into the window, which then serves the first
 * frames too.  A loop of stack_word() here would have the verifier walk
 * its branches in every iteration: 6.7 s to load the programs on 6.1.
 */
static __always_inline long tramp_words(struct walk *w, struct unwind_scratch *sc, __u64 at)
{
	if (bpf_probe_read_kernel(sc->win, sizeof(sc->win), (void *)at))
		return -1;
	w->win_base = at;
	return 0;
}

static __always_inline __u64 tramp_word(struct unwind_scratch *sc, __u64 at, int i)
{
	return sc->win[i & (WR_WIN_WORDS - 1)];
}

/* Eight bytes of kernel text at ADDR into *VAL; 0, or the read's error. */
static __always_inline long text_word(__u64 addr, __u64 *val)
{
	return bpf_probe_read_kernel(val, sizeof(*val), (void *)addr);
}
#else
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

/*
 * The stack word at ADDR, by one load: bpf_rdonly_cast() (6.2+) makes ADDR
 * a read-only pointer whose loads the JIT guards with an exception entry,
 * where bpf_probe_read_kernel() costs a helper call, an address check and
 * a copy loop.  struct pt_regs serves as a type whose first member (r15) is
 * an 8-byte word.  A load that faults gives 0, which no rule matches: the
 * walk then ends in bpf_get_stack().
 */
static __always_inline __u64 load_word(__u64 addr)
{
	struct pt_regs *word = bpf_rdonly_cast((void *)addr, bpf_core_type_id_kernel(struct pt_regs));

	return word->r15;
}

static __always_inline long stack_word(struct walk *w, struct unwind_scratch *sc, __u64 addr,
				       __u64 *val)
{
	*val = load_word(addr);
	return 0;
}

static __always_inline long tramp_words(struct walk *w, struct unwind_scratch *sc, __u64 at)
{
	return 0;
}

static __always_inline __u64 tramp_word(struct unwind_scratch *sc, __u64 at, int i)
{
	return load_word(at + i * sizeof(__u64));
}

/* Eight bytes of kernel text at ADDR, by one load (0 if it faults). */
static __always_inline long text_word(__u64 addr, __u64 *val)
{
	*val = load_word(addr);
	return *val ? 0 : -EFAULT;
}
#endif

/*
 * One frame: note IP, then step to its caller as the kernel's ORC unwinder
 * does for a call frame.  A bpf_loop() callback: the verifier checks it
 * once, not once per frame and branch.
 */
static long walk_step(__u64 i, struct walk *w)
{
	struct unwind_scratch *sc;
	struct wr_unwind_entry *u;
	__u64 cfa, k = i + w->first;
	__u32 zero = 0;

	sc = bpf_map_lookup_elem(&unwind_scratch, &zero);
	if (!sc || k >= WR_MAX_FRAMES)
		goto fail;
	sc->fast[k] = w->ip;
	u = rule_of(w->ip, w->gen);
	if (!u)
		goto fail;
	w->n = k + 1;
	if (u->end || k + 1 >= w->max)
		return 1;
	cfa = (u->cfa_bp ? w->bp : w->sp) + u->sp_offset;
	if (u->regs) {
		/*
		 * pt_regs: the stack ends if they are user space's, else ask
		 * the kernel (0: a faulting load, ask it too)
		 */
		if (stack_word(w, sc, cfa + WR_PT_REGS_IP, &w->ip) || (__s64)w->ip <= 0)
			goto fail;
		return 1;
	}
	if (stack_word(w, sc, cfa - sizeof(w->ip), &w->ip))
		goto fail;
	if (u->bp_rule == WR_UNW_BP_PREV_SP) {
		if (stack_word(w, sc, cfa + u->bp_offset, &w->bp))
			goto fail;
	} else if (u->bp_rule == WR_UNW_BP_BP) {
		if (stack_word(w, sc, w->bp + u->bp_offset, &w->bp))
			goto fail;
	}
	w->sp = cfa;
	return 0;
fail:
	w->n = -1;
	return 1;
}

/*
 * The walk, into the scratch's fast[] (at most MAX frames): the number of
 * frames, or -1 when a frame has no rule (or a read fails).  A trampoline
 * keeps, above the program's context (the traced call's arguments, then
 * what the trampoline saves), its caller's frame pointer and the return
 * address into the traced function, which has not touched the stack yet;
 * found by value, not offset, as the layout changes with kernels and
 * trampoline flags.  A trampoline entered by a jmp (wr_tramp.bpf.h) has
 * none: the walk starts at its return address into the caller, at the
 * offset a trampoline that calls the function keeps it, and the function's
 * frame is put back first, as bpf_get_stack()'s is by put_back_fn().  An
 * offset wrong for this kernel finds a word with no rule: the slow way.
 */
static __always_inline int fast_stack(void *ctx, struct unwind_scratch *sc, __u32 max, __u32 gen)
{
	struct walk walk = { .max = max, .gen = gen, .n = -1 };
	__u64 fn = bpf_get_func_ip(ctx), at, word = 0, prev = 0;
	int i;

	/*
	 * Where the context is, as a number: a pointer stored in a map value
	 * reads back as one (the verifier lets root and CAP_PERFMON do so).
	 */
	sc->ctx_addr = (__u64)ctx;
	at = *(volatile __u64 *)&sc->ctx_addr;
	if (tramp_words(&walk, sc, at))
		return -1;
	for (i = 0; i < WR_TRAMP_WORDS; i++) {
		prev = word;
		word = tramp_word(sc, at, i);
		if (i && returns_into(word, fn))
			break;
	}
	if (i >= WR_TRAMP_WORDS) {
		i = jmp_ret_word(ctx);
		if (i < 1 || i >= WR_TRAMP_WORDS)
			return -1;
		sc->fast[0] = fn_return(fn);
		walk.first = walk.n = 1;
		if (max <= 1)
			return 1;
		prev = tramp_word(sc, at, i - 1);
		word = tramp_word(sc, at, i);
	}
	walk.ip = word;
	walk.bp = prev;
	walk.sp = at + (i + 1) * sizeof(__u64);
	bpf_loop(WR_MAX_FRAMES, walk_step, &walk, 0);
	return walk.n;
}

/*
 * The frames at SRC to an event's stack DST: all WR_MAX_FRAMES words, a
 * constant size (the event's nr_frames says how many count, as after
 * bpf_get_stack()), copied by straight-line loads and stores: cheaper than
 * a bpf_probe_read_kernel() of them, and a loop the verifier need not walk.
 */
static __always_inline void copy_frames(__u64 *dst, const __u64 *src)
{
	__builtin_memcpy(dst, src, WR_MAX_FRAMES * sizeof(__u64));
}

/*
 * bpf_get_stack() from the traced function down, as fast_stack() gives it:
 * the tracer's frames above it dropped (*FIRST of them).  Frames or -errno.
 */
static __always_inline int slow_stack(void *ctx, struct unwind_scratch *sc, __u32 max,
				      __u32 *first)
{
	__u64 fn = bpf_get_func_ip(ctx);
	__u32 bytes = (max + WR_SLOW_EXTRA) * sizeof(__u64), i;
	int n;

	*first = 0;
	if (bytes > sizeof(sc->slow))
		bytes = sizeof(sc->slow);
	n = bpf_get_stack(ctx, sc->slow, bytes, 0);
	if (n <= 0)
		return n;
	n /= sizeof(__u64);
	put_back_fn(ctx, sc->slow, n);
	for (i = 0; i < WR_SLOW_EXTRA && i < n; i++) {
		if (returns_into(sc->slow[i], fn)) {
			*first = i;
			break;
		}
	}
	*first = opaque(sc, *first) & (WR_SLOW_EXTRA - 1);
	n -= *first;
	if (n > max)
		n = max;
	if (n <= 0)
		return 0;
	return n < WR_MAX_FRAMES ? n : WR_MAX_FRAMES;
}

/* WR_UNWIND_VERIFY: do the fast walk's frames differ from bpf_get_stack()'s? */
struct cmp {
	__u32 n, first;
	bool differ;
};

static long cmp_step(__u64 i, struct cmp *c)
{
	struct unwind_scratch *sc;
	__u32 zero = 0, j = c->first + i;

	sc = bpf_map_lookup_elem(&unwind_scratch, &zero);
	if (!sc || i >= c->n || i >= WR_MAX_FRAMES || j >= WR_MAX_FRAMES + WR_SLOW_EXTRA)
		return 1;
	if (sc->fast[i] != sc->slow[j]) {
		c->differ = true;
		return 1;
	}
	return 0;
}

static __always_inline void count_unwind(__u16 hook, bool fast, bool mismatch)
{
	struct wr_hook_stats *st = hook_stats(hook);

	if (!st)
		return;
	if (fast)
		__sync_fetch_and_add(&st->unwind_fast, 1);
	else
		__sync_fetch_and_add(&st->unwind_slow, 1);
	if (mismatch)
		__sync_fetch_and_add(&st->unwind_mismatch, 1);
}

/*
 * The stack of a fentry/fexit program's event into E (MAX frames at most):
 * frames, or -errno from bpf_get_stack().  With the unwinder off (or not
 * started yet) bpf_get_stack()'s, the tracer's frames dropped.  -ENOENT:
 * no scratch space, the caller walks the old way.
 */
static __always_inline int unwind_stack(void *ctx, struct wr_event *e, __u16 hook, __u32 max)
{
	struct wr_unwind_entry *ctl = unwind_ctl();
	__u32 zero = 0, mode = ctl ? ctl->mode : WR_UNWIND_OFF;
	struct cmp cmp = {};
	struct unwind_scratch *sc;
	const __u64 *src;
	int n, fast = 0;

	sc = bpf_map_lookup_elem(&unwind_scratch, &zero);
	if (!sc)
		return -ENOENT;
	if (ctl && mode != WR_UNWIND_OFF)
		fast = opaque(sc, fast_stack(ctx, sc, max, ctl->gen));
	if (fast > WR_MAX_FRAMES)
		fast = WR_MAX_FRAMES;
	if (mode != WR_UNWIND_VERIFY && fast > 0) {
		count_unwind(hook, true, false);
		src = sc->fast;
		n = fast;
		goto copy;
	}
	/*
	 * The one place bpf_get_stack()'s frames are mended.  Reached with
	 * MODE and FAST as constants on some ways, which the verifier tells
	 * apart: as numbers from a map it walks the slow path once.
	 */
	mode = opaque(sc, mode);
	fast = opaque(sc, fast);
	n = slow_stack(ctx, sc, max, &cmp.first);
	src = &sc->slow[cmp.first & (WR_SLOW_EXTRA - 1)];
	if (mode == WR_UNWIND_OFF)
		goto copy;
	if (fast <= 0) {
		e->flags |= WR_EVF_UNWIND_MISS;
		count_unwind(hook, false, false);
		goto copy;
	}
	cmp.n = fast;
	cmp.differ = fast != n;
	if (!cmp.differ)
		bpf_loop(WR_MAX_FRAMES, cmp_step, &cmp, 0);
	count_unwind(hook, true, cmp.differ);
copy:
	/* one copy for either way (the program's size is most of its load time) */
	copy_frames(e->stack, src);
	/* every way out as one state to what follows */
	return opaque(sc, n);
}

/* A module came or went: every rule learnt so far may be stale. */
static __always_inline int unwind_new_generation(void)
{
	struct wr_unwind_entry *ctl = unwind_ctl();

	if (ctl)
		__sync_fetch_and_add(&ctl->gen, 1);
	return 0;
}

/*
 * A traced get or put entered by a tail call (WR_EVF_TAIL_CALL in
 * wakeref.h): when the instruction before the first return address is a
 * direct call (e8 rel32) to another function than FN, that function is put
 * back as stack[1].  The traced function itself may be called at its
 * padding or just after its endbr64: a target within 16 bytes of FN is FN.
 * Returns the frames now in the stack.
 */
static __always_inline int repair_tail(struct wr_event *e, __u64 fn, int n, int max)
{
	const __u32 SHIFTED = (WR_MAX_FRAMES - 2) * sizeof(__u64);
	__u64 ret, word = 0, target;
	struct unwind_scratch *sc;
	__u32 zero = 0;

	if (n < 2 || n > WR_MAX_FRAMES || !returns_into(e->stack[0], fn))
		return n;
	ret = e->stack[1];
	if (text_word(ret - 8, &word) || ((word >> 24) & 0xff) != 0xe8) {
		e->flags |= WR_EVF_CALL_UNSEEN;
		return n;
	}
	target = ret + (__s64)(__s32)(word >> 32);
	if (target - (fn - 16) < 32)
		return n;
	/*
	 * Frames 1.. move up one, counted or not (nr_frames says which
	 * count), through the scratch space (its bpf_get_stack() frames are
	 * copied out by now): two helper calls on this rare path, where an
	 * unrolled move was a tenth of every program's size.
	 */
	sc = bpf_map_lookup_elem(&unwind_scratch, &zero);
	if (!sc || bpf_probe_read_kernel(sc->slow, SHIFTED, &e->stack[1]) ||
	    bpf_probe_read_kernel(&e->stack[2], SHIFTED, sc->slow))
		return n;
	e->stack[1] = target;
	e->flags |= WR_EVF_TAIL_CALL;
	return n < max ? n + 1 : n;
}

#endif /* WR_UNWIND_BPF_H */
