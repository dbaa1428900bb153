// SPDX-License-Identifier: GPL-2.0
/* site.c - symbolized call sites of events (see site.h). */
#include <string.h>

#include "attach_plan.h"
#include "ksyms.h"
#include "site.h"

/* The declared pair class of an API chain ending at OWNER, for one side. */
static int classify(const struct ksyms *ks, enum wr_pair_side side, const uint64_t *api_ips,
		    int nr_api, const char *owner)
{
	int i, j;

	for (i = 0; i < wr_nr_declared_pairs; i++) {
		const struct wr_declared_pair *p = &wr_declared_pairs[i];

		if (p->side != side)
			continue;
		if (p->caller && owner && !strcmp(p->caller, owner))
			return p->pair_class;
		for (j = 0; p->api && j < nr_api; j++) {
			const struct ksym *s = ksyms__find(ks, api_ips[j]);

			if (s && !strcmp(s->name, p->api))
				return p->pair_class;
		}
	}
	return 0;
}

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
 * lookup plus the API-layer check cost more than the rest of an event.
 */
#define SITE_CACHE_SIZE 8192

static struct site_cache_entry {
	uint64_t ks_id;
	uint64_t addr;
	const struct ksym *sym;
	bool is_api;
	bool is_hook;		/* a traced runtime-PM get/put itself */
	bool is_tracepoint;	/* tracepoint machinery (is_tracepoint_frame()) */
} site_cache[SITE_CACHE_SIZE];

static const struct site_cache_entry *lookup(const struct ksyms *ks, uint64_t addr)
{
	struct site_cache_entry *c = &site_cache[(addr ^ (addr >> 13)) % SITE_CACHE_SIZE];

	if (c->ks_id != ksyms__id(ks) || c->addr != addr) {
		c->ks_id = ksyms__id(ks);
		c->addr = addr;
		c->sym = ksyms__find(ks, addr);
		c->is_api = c->sym && attach_plan__is_api(c->sym->name);
		c->is_tracepoint = is_tracepoint_frame(c->sym);
		if (c->is_api) {
			const struct wr_attach_point *ap = attach_plan__find(c->sym->name);

			c->is_hook = ap && attach_plan__is_rpm_hook(ap);
		} else {
			c->is_hook = false;
		}
	}
	return c;
}

void site__from_event(const struct ksyms *ks, const struct wr_event *e, const char *hooked,
		      uint64_t buf[WR_MAX_FRAMES], struct wr_site *site)
{
	int i, n = e->nr_frames > 0 ? e->nr_frames : 0, nr_api = 0;
	const char *owner = NULL;
	uint64_t api_ips[WR_MAX_FRAMES];

	if (n > WR_MAX_FRAMES)
		n = WR_MAX_FRAMES;
	memset(site, 0, sizeof(*site));
	site->frames = buf;
	for (i = 0; i < n && e->stack[i]; i++) {
		const struct site_cache_entry *c = lookup(ks, e->stack[i]);
		const struct ksym *s = c->sym;

		/*
		 * tracer frames; unnamed ones too when bpf_jit_kallsyms is off;
		 * the tracepoint machinery above a tracepoint's function
		 */
		if (ksym__is_bpf(s) || (!site->nr_frames && (!s || c->is_tracepoint)))
			continue;
		buf[site->nr_frames++] = e->stack[i];
		if (!s || owner)
			continue;
		/* the hook itself, then the API layers above it, then the owner */
		if (c->is_api) {
			bool self = hooked && !strcmp(s->name, hooked);

			/* a traced get/put calling another (6.19+ display ops on some builds) */
			if (c->is_hook && !self)
				site->nested = true;
			if (!self)
				site->api = s->addr;
			api_ips[nr_api++] = e->stack[i];
			continue;
		}
		site->caller = s->addr;
		owner = s->name;
	}
	site->pair_class = classify(ks, e->type == WR_EV_PUT ? WR_SIDE_PUT : WR_SIDE_GET,
				    api_ips, nr_api, owner);
}

int site__apply(struct wr_owners *ot, const struct ksyms *ks, const struct wr_event *e,
		uint64_t frames[WR_MAX_FRAMES], struct wr_site *site)
{
	const char *hooked = e->hook < WR_HOOK__COUNT ? wr_attach_plan[e->hook].func : NULL;

	site__from_event(ks, e, hooked, frames, site);
	if (site->nested) {
		/* the outer hook's own event counts this reference, once */
		ot->nested++;
		return -1;
	}
	return owners__apply(ot, e, site);
}
