// SPDX-License-Identifier: GPL-2.0
/* site.c - symbolized call sites of events (see site.h). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "drivers/clones.h"
#include "drivers/hooks.h"
#include "drivers/layers.h"
#include "drivers/objlinks.h"
#include "drivers/pairs.h"
#include "kernel/ksyms.h"
#include "model/site.h"

/*
 * The kernel's tracepoint machinery between a traced function and a
 * tracepoint program (wr_tp_rpm): its frames top a tracepoint event's stack.
 */
static bool is_tracepoint_frame(const struct ksym *s)
{
	static const char *const prefixes[] = {
		"__traceiter_", "__bpf_trace_", "perf_trace_", "trace_event_raw_event_",
		"trace_call_bpf", "bpf_trace_run", "perf_tp_event",
	};
	size_t i;

	for (i = 0; s && i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(s->name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/*
 * What each stack address is, cached: most stacks repeat, and a symbol
 * lookup, the API-layer check and the declared-pair rules cost more than
 * the rest of an event.
 */
#define SITE_CACHE_SIZE 8192	/* 1 << 13: the hash keeps the top 13 bits */
#define NO_ROW 0x7fff

struct site_cache_entry {
	uint64_t ks_id;
	uint64_t addr;
	const struct ksym *sym;
	const struct ksym *owner;	/* sym, or foo for foo.cold (cold_parent()) */
	const char *plan_func;	/* the attach-plan function it is, or NULL */
	bool is_bpf;		/* the tracer's own program or trampoline */
	bool is_api;
	bool is_hook;		/* a traced runtime-PM get/put itself */
	/* first declared-pair row matching it, per side: as owner, as API layer */
	int16_t caller_row[2], api_row[2];
	bool is_tracepoint;	/* tracepoint machinery (is_tracepoint_frame()) */
};

static struct site_cache_entry site_cache[SITE_CACHE_SIZE];

/* lookup() met an address the table does not name (site__on_unknown()) */
static bool site_unknown;
static site_refresh_fn site_refresh;
static void *site_refresh_ctx;

void site__on_unknown(site_refresh_fn fn, void *ctx)
{
	site_refresh = fn;
	site_refresh_ctx = ctx;
	site_unknown = false;
}

/*
 * foo.cold is the part of foo that GCC moved out of line: it runs in foo's
 * frame, as foo.  The owner a frame in it names is foo (in the same module),
 * so that foo's get and the put of its cold part pair by function.  SYM
 * itself when it is no cold part, or foo is not in the table.
 */
static const struct ksym *cold_parent(const struct ksyms *ks, const struct ksym *sym)
{
	size_t len = sym ? strlen(sym->name) : 0;
	char base[256];
	uint64_t addr;

	if (len <= 5 || len - 5 >= sizeof(base) || strcmp(sym->name + len - 5, ".cold"))
		return sym;
	memcpy(base, sym->name, len - 5);
	base[len - 5] = 0;
	addr = ksyms__addr(ks, base, ksym__module(sym));
	return addr ? ksyms__find(ks, addr) : sym;
}

static void classify_symbol(struct site_cache_entry *c)
{
	int i, side;

	for (side = 0; side < 2; side++)
		c->caller_row[side] = c->api_row[side] = NO_ROW;
	if (!c->sym)
		return;
	for (i = wr_nr_declared_pairs - 1; i >= 0; i--) {
		const struct wr_declared_pair *p = &wr_declared_pairs[i];

		if (p->caller && clones__same_function(c->owner->name, p->caller))
			c->caller_row[p->side] = i;
		if (p->api && !strcmp(p->api, c->sym->name))
			c->api_row[p->side] = i;
	}
}

static const struct site_cache_entry *lookup(const struct ksyms *ks, uint64_t addr)
{
	/* Fibonacci hashing: nearby return addresses spread over the table */
	struct site_cache_entry *c = &site_cache[(addr * 0x9e3779b97f4a7c15ull) >> 51];
	const struct wr_attach_point *ap;

	if (c->ks_id == ksyms__id(ks) && c->addr == addr)
		return c;
	c->ks_id = ksyms__id(ks);
	c->addr = addr;
	c->sym = ksyms__find(ks, addr);
	if (!c->sym)
		site_unknown = true;
	c->owner = cold_parent(ks, c->sym);
	c->is_bpf = ksym__is_bpf(c->sym);
	c->is_tracepoint = is_tracepoint_frame(c->sym);
	c->is_api = c->sym && layers__is_api(c->sym->name);
	ap = c->is_api ? hooks__find(c->sym->name) : NULL;
	c->is_hook = ap && hooks__is_rpm(ap);
	c->plan_func = ap ? ap->func : NULL;
	classify_symbol(c);
	return c;
}

/*
 * Whole stacks, cached: most events repeat a stack seen before, and for one
 * the site is known from the stack, the hook's function and the side alone.
 * The frames kept (not the tracer's) are a subset of the stack's: a mask.
 */
#define SITE_MEMO_SIZE		2048	/* a stack takes two of them (two keys) */
#define SITE_MEMO_FRAMES	16	/* longer stacks (WAKEREF_FRAMES) go the slow way */

struct site_memo {
	uint64_t ks_id;
	const char *hooked;
	int nr, side;			/* frames of the stack, get or put */
	uint32_t keep;			/* bit i: stack[i] is one of the site's frames */
	int first;			/* the first of them */
	bool contiguous;		/* and the others follow it */
	struct wr_site site;		/* without its frames */
	struct wr_stack_memo stack_memo;	/* the frames interned in an owner table */
	uint64_t stack[SITE_MEMO_FRAMES];
};

static struct site_memo site_memo[SITE_MEMO_SIZE];

/*
 * Indirect calls: a retpoline or call-depth thunk, or a static call's
 * trampoline, called by the traced function's caller.  A frame the tracer
 * put back that is one of these says nothing of who called: dropped.
 */
static bool is_call_thunk(const struct ksym *s)
{
	static const char *const prefixes[] = {
		"__x86_indirect_thunk_", "__x86_indirect_call_thunk_",
		"__x86_indirect_jump_thunk_", "__SCT__", "__x86_return_thunk",
	};
	size_t i;

	for (i = 0; s && i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(s->name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

static void site_from_stack(const struct ksyms *ks, const __u64 *stack, int n,
			    const char *hooked, int side, uint64_t *buf, struct wr_site *site,
			    uint32_t *keep)
{
	int i, row = NO_ROW;
	bool owned = false;

	memset(site, 0, sizeof(*site));
	site->frames = buf;
	*keep = 0;
	for (i = 0; i < n; i++) {
		const struct site_cache_entry *c = lookup(ks, stack[i]);
		const struct ksym *s = c->sym;

		/*
		 * tracer frames; unnamed ones too when bpf_jit_kallsyms is off;
		 * the tracepoint machinery above a tracepoint's function
		 */
		if (c->is_bpf || (!site->nr_frames && (!s || c->is_tracepoint)))
			continue;
		/* a tail-call frame put back (never a return address): an indirect one says nothing */
		if (site->nr_frames && s && stack[i] == s->addr && is_call_thunk(s)) {
			site->call_unseen = true;
			continue;
		}
		buf[site->nr_frames++] = stack[i];
		*keep |= 1u << (i & 31);
		if (!s || owned)
			continue;
		/* the hook itself, then the API layers above it, then the owner */
		if (c->is_api) {
			bool self = hooked && c->plan_func && !strcmp(c->plan_func, hooked);

			/* a traced get/put calling another (6.19+ display ops on some builds) */
			if (c->is_hook && !self)
				site->nested = true;
			if (!self)
				site->api = s->addr;
			if (c->api_row[side] < row)
				row = c->api_row[side];
			continue;
		}
		/*
		 * Core kernel code (a workqueue, a timer, an interrupt) that
		 * called a driver API function directly, as a callback: the
		 * callback is the owner (an async display put's work requeued,
		 * the userfault timer), not the worker that ran it.
		 */
		if (!ksym__module(s) && site->api) {
			site->caller = site->api;
			owned = true;
			continue;
		}
		site->caller = c->owner->addr;
		owned = true;
		if (c->caller_row[side] < row)
			row = c->caller_row[side];
	}
	/* the first declared-pair row that the owner or an API layer matches */
	site->pair_class = row == NO_ROW ? 0 : wr_declared_pairs[row].pair_class;
}

/*
 * The key's words or'ed together, not tested one by one: one branch for
 * the four of them at every event.
 */
static inline bool memo_hit(const struct site_memo *m, uint64_t id, const char *hooked,
			    int side, const struct wr_event *e, int n)
{
	uint64_t diff = (m->ks_id ^ id) | ((uintptr_t)m->hooked ^ (uintptr_t)hooked) |
			(uint32_t)(m->side ^ side) | (uint32_t)(m->nr ^ n);

	return !diff && !memcmp(m->stack, e->stack, n * sizeof(e->stack[0]));
}

static void memo_fill(struct site_memo *m, uint64_t id, const char *hooked, int side,
		      const struct wr_event *e, int n, const struct wr_site *site, uint32_t keep)
{
	m->ks_id = id;
	m->hooked = hooked;
	m->side = side;
	m->nr = n;
	m->keep = keep;
	m->first = keep ? __builtin_ctz(keep) : 0;
	m->contiguous = !((keep >> m->first) & ((keep >> m->first) + 1));
	m->site = *site;
	m->site.frames = NULL;
	memset(&m->stack_memo, 0, sizeof(m->stack_memo));
	m->site.stack_memo = &m->stack_memo;
	memcpy(m->stack, e->stack, n * sizeof(e->stack[0]));
}

#define MEMO_MIX	0x9e3779b97f4a7c15ull
#define MEMO_QUICK	4	/* words of the quick key (hashed in line: four) */
_Static_assert(MEMO_QUICK == 4, "site__from_event() hashes four words in line");

/* SITE from memo M, which holds E's stack */
static inline void memo_site(const struct site_memo *m, const struct wr_event *e,
			     uint64_t buf[WR_MAX_FRAMES], struct wr_site *site)
{
	uint32_t keep;
	int i;

	*site = m->site;
	if (m->contiguous) {	/* the usual: all but the tracer's frames at the top */
		site->frames = (const uint64_t *)&e->stack[m->first];
		return;
	}
	site->frames = buf;
	for (i = 0, keep = m->keep; keep; keep &= keep - 1)
		buf[i++] = e->stack[__builtin_ctz(keep)];
}

/* The quick key's hash of a stack of N (MEMO_QUICK or more) words */
static inline uint64_t quick_hash(const char *hooked, int side, int n, const struct wr_event *e)
{
	uint64_t h = ((uintptr_t)hooked ^ side ^ (uint64_t)n << 40) * MEMO_MIX;

	/* in line: a loop took ten instructions a word */
	h = (h ^ e->stack[0]) * MEMO_MIX;
	h = (h ^ e->stack[1]) * MEMO_MIX;
	h = (h ^ e->stack[2]) * MEMO_MIX;
	return (h ^ e->stack[3]) * MEMO_MIX;
}

/* site__from_event(): every way, the quick key's hit too */
static __attribute__((noinline)) void
from_event_slow(const struct ksyms *ks, const struct wr_event *e, const char *hooked,
		uint64_t buf[WR_MAX_FRAMES], struct wr_site *site)
{
	int i, n = e->nr_frames > 0 ? e->nr_frames : 0, side = e->type == WR_EV_PUT;
	uint64_t h, id = ksyms__id(ks);
	struct site_memo *m, *quick;
	uint32_t keep;

	if (n > WR_MAX_FRAMES)
		n = WR_MAX_FRAMES;
	if (n > SITE_MEMO_FRAMES)
		goto slow;
	/*
	 * A stack is looked for under two keys, one xor and one multiply a
	 * word: its first MEMO_QUICK words (and its length, hook and side),
	 * where it is found when no other stack of that beginning came since,
	 * then all of its words.  A stack is kept under both.  A stack ends at
	 * its first 0: the memo holds none, so a stack with one in it never
	 * hits and takes the slow way, which cuts it.
	 */
	if (n >= MEMO_QUICK) {
		h = quick_hash(hooked, side, n, e);
		i = MEMO_QUICK;
	} else {
		h = ((uintptr_t)hooked ^ side ^ (uint64_t)n << 40) * MEMO_MIX;
		for (i = 0; i < n; i++)
			h = (h ^ e->stack[i]) * MEMO_MIX;
	}
	m = quick = &site_memo[(h >> 32) % SITE_MEMO_SIZE];
	if (memo_hit(m, id, hooked, side, e, n))
		goto hit;
	for (; i + 1 < n; i += 2) {	/* two a turn: half the loop's own steps */
		h = (h ^ e->stack[i]) * MEMO_MIX;
		h = (h ^ e->stack[i + 1]) * MEMO_MIX;
	}
	if (i < n)
		h = (h ^ e->stack[i]) * MEMO_MIX;
	m = &site_memo[(h >> 32) % SITE_MEMO_SIZE];
	if (m == quick || !memo_hit(m, id, hooked, side, e, n))
		goto miss;
hit:
	memo_site(m, e, buf, site);
	return;
miss:
	for (i = 0; i < n && e->stack[i]; i++)
		;
	if (i < n)	/* cut at its first 0: the memo holds it under the whole key */
		goto slow;
	site_from_stack(ks, e->stack, n, hooked, side, buf, site, &keep);
	memo_fill(m, id, hooked, side, e, n, site, keep);
	if (quick != m)
		memo_fill(quick, id, hooked, side, e, n, site, keep);
	return;
slow:
	for (i = 0; i < n && e->stack[i]; i++)
		;
	site_from_stack(ks, e->stack, i, hooked, side, buf, site, &keep);
}

/*
 * site__from_event(), in line in site__apply(): a hit under the quick key
 * (the usual) here, anything else from_event_slow()'s, so that the usual
 * way keeps little alive across memcmp() and saves few registers.
 */
static inline __attribute__((always_inline)) void
from_event(const struct ksyms *ks, const struct wr_event *e, const char *hooked,
	   uint64_t buf[WR_MAX_FRAMES], struct wr_site *site)
{
	int n = e->nr_frames, side = e->type == WR_EV_PUT;
	const struct site_memo *m;

	if (n >= MEMO_QUICK && n <= SITE_MEMO_FRAMES) {
		m = &site_memo[(quick_hash(hooked, side, n, e) >> 32) % SITE_MEMO_SIZE];
		if (memo_hit(m, ksyms__id(ks), hooked, side, e, n)) {
			memo_site(m, e, buf, site);
			return;
		}
	}
	from_event_slow(ks, e, hooked, buf, site);
}

void site__from_event(const struct ksyms *ks, const struct wr_event *e, const char *hooked,
		      uint64_t buf[WR_MAX_FRAMES], struct wr_site *site)
{
	from_event(ks, e, hooked, buf, site);
}

/*
 * Whether FUNC made the get or put whose stack is FRAMES (the traced
 * function first): it is right above it, or one plain function above (an
 * inlined-or-not helper such as a fence's fini).  A get or put that an API
 * layer made inside FUNC is not FUNC's own: the GT's last put runs the
 * park callback, whose display put comes first.
 */
static bool made_by(const struct ksyms *ks, const uint64_t *frames, uint32_t n,
		    const char *func)
{
	uint32_t i;

	for (i = 1; frames && i < n && i <= 2; i++) {
		const struct ksym *s = ksyms__find(ks, frames[i]);

		if (!s)
			return false;
		if (!strcmp(s->name, func))
			return true;
		if (layers__is_api(s->name))
			return false;
	}
	return false;
}

/*
 * Whether FUNC owns the get or put whose owner (the first frame past the
 * API layers, site.h) is CALLER: a commit's get goes through the display
 * runtime-PM layers (7.x: intel_display_rpm_get and xe's or i915's op)
 * before it reaches the entry point.
 */
static bool owned_by(const struct ksyms *ks, uint64_t caller, const char *func)
{
	const struct ksym *s = caller ? ksyms__find(ks, caller) : NULL;

	return s && s->addr == caller && !strcmp(s->name, func);
}

/*
 * WR_EV_OBJ: a function that links a get to its put was entered with its
 * object (wait for the task's get or put inside it), or returned the object
 * it made (the task's last get, made inside it, was for that object).
 */
static void apply_obj(struct wr_owners *ot, const struct ksyms *ks, const struct wr_event *e)
{
	const struct wr_attach_point *ap = &wr_hooks[e->hook];
	const struct wr_obj_link *l = objlinks__of(e->hook);
	uint64_t key = objlinks__key(e->cookie, l ? l->link : 0);
	struct wr_owner *o;

	if (ap->role != WR_ROLE_OBJ)
		return;
	if (!ap->obj_ret) {
		owners__obj_announce(ot, e->pid, e->cpu, e->hook, key);
		return;
	}
	ot->objs_seen++;
	o = owners__last_get(ot, e->pid);
	if (o && !o->obj && (made_by(ks, o->frames, o->nr_frames, ap->func) ||
			     owned_by(ks, o->caller, ap->func))) {
		o->obj = key;
		ot->objs_bound++;
	}
}

/* Whether pending object C is for a get (PUT false) or a put made inside its function. */
static bool obj_made_inside(const struct ksyms *ks, const struct wr_obj_ctx *c, bool put,
			    const struct wr_site *site)
{
	const struct wr_attach_point *ap = &wr_hooks[c->hook];
	const struct wr_obj_link *l = objlinks__of(c->hook);
	bool side = l && l->both ? put == c->got : ap->obj_put == put;

	return side && (made_by(ks, site->frames, site->nr_frames, ap->func) ||
			owned_by(ks, site->caller, ap->func));
}

/*
 * The object announced for this get or put: the innermost of the task's
 * pending ones whose function made it.  A put that such a function F
 * reached by a tail jump has no F frame: when F was entered through a
 * pointer (a work, an ops table) the tracer could not put it back
 * (WR_EVF_CALL_UNSEEN), and when F was itself jumped to, the frame put back
 * is the function that jumped (WR_EVF_TAIL_CALL).  Such a put is still F's
 * when F's row says its put is made so (drivers/objlinks.c), F is the
 * innermost of those pending, and the task made no get or put that no
 * object claimed since F was entered.
 */
static void take_obj(struct wr_owners *ot, const struct ksyms *ks, const struct wr_event *e,
		     struct wr_site *site)
{
	struct wr_obj_task *t;
	bool put = e->type == WR_EV_PUT, tailed, unseen;
	int i;

	if (!ot->nr_obj_tasks)	/* the usual: no task waits for an object */
		return;
	t = owners__obj_task(ot, e->pid, e->cpu);
	if (!t)
		return;
	for (i = t->nr - 1; i >= 0; i--) {
		const struct wr_obj_link *l = objlinks__of(t->ctx[i].hook);

		if (!obj_made_inside(ks, &t->ctx[i], put, site))
			continue;
		site->obj = t->ctx[i].obj;
		/* a failed conditional get: the function makes no put either */
		owners__obj_take(ot, t, i, l && l->both && e->type == WR_EV_GET);
		return;
	}
	unseen = site->call_unseen || (e->flags & WR_EVF_CALL_UNSEEN);
	tailed = unseen || (e->flags & WR_EVF_TAIL_CALL);
	for (i = t->nr - 1; put && tailed && i >= 0; i--) {
		const struct wr_obj_link *l = objlinks__of(t->ctx[i].hook);
		const struct wr_obj_ctx *c = &t->ctx[i];

		/*
		 * a put row of no link entry: its put may follow an indirect
		 * call when it is the innermost pending (as before links)
		 */
		if (!l && unseen && i == t->nr - 1 && wr_hooks[c->hook].obj_put && !c->touched) {
			site->obj = c->obj;
			owners__obj_take(ot, t, i, false);
			return;
		}
		if (!l || !l->tail_put || (l->both && !c->got))
			continue;
		if (c->touched)
			break;
		site->obj = c->obj;
		owners__obj_take(ot, t, i, false);
		return;
	}
	owners__obj_touch(t);
}

int site__apply(struct wr_owners *ot, const struct ksyms *ks, const struct wr_event *e,
		uint64_t frames[WR_MAX_FRAMES], struct wr_site *site)
{
	const char *hooked = e->hook < WR_HOOK__COUNT ? wr_hooks[e->hook].func : NULL;

	if (e->type == WR_EV_PHASE) {
		memset(site, 0, sizeof(*site));
		return owners__apply(ot, e, site);
	}
	if (e->type == WR_EV_OBJ) {
		memset(site, 0, sizeof(*site));
		if (e->hook < WR_HOOK__COUNT)
			apply_obj(ot, ks, e);
		return -1;
	}
	from_event(ks, e, hooked, frames, site);
	if (__builtin_expect(site_unknown, 0)) {
		uint64_t id = ksyms__id(ks);

		site_unknown = false;
		if (site_refresh) {
			ks = site_refresh(site_refresh_ctx);	/* may free the old table */
			if (ksyms__id(ks) != id)
				from_event(ks, e, hooked, frames, site);
			site_unknown = false;
		}
	}
	if (site->nested) {
		/* the outer hook's own event counts this reference, once */
		ot->nested++;
		return -1;
	}
	take_obj(ot, ks, e, site);
	return owners__apply(ot, e, site);
}

bool site__frame_restored(const struct ksyms *ks, const uint64_t *frames, uint32_t i)
{
	const struct ksym *s;

	if (!i)
		return false;
	s = ksyms__find(ks, frames[i]);
	if (!s)
		return false;
	/*
	 * at the function's first byte (a direct call named it), or at its
	 * body's, past the __fentry__ call (5 bytes) and endbr64 (4): where a
	 * tail caller's trampoline calls it (bpf/README.md).  No return
	 * address is either: the only call that ends there is __fentry__'s,
	 * whose frame is gone before the body runs.
	 */
	return frames[i] == s->addr || frames[i] == s->addr + 5 || frames[i] == s->addr + 9;
}

int site__snprint_frame(const struct ksyms *ks, const uint64_t *frames, uint32_t i, char *buf,
			size_t len)
{
	int n = ksyms__snprint(ks, frames[i], buf, len);

	if (n >= 0 && (size_t)n < len && site__frame_restored(ks, frames, i))
		n += snprintf(buf + n, len - n, " (tail call)");
	return n;
}
