// SPDX-License-Identifier: GPL-2.0
/* site.c - symbolized call sites of events (see site.h). */
#include <string.h>

#include "ksyms.h"
#include "site.h"

void site__from_event(const struct ksyms *ks, const struct wr_event *e, const char *hooked,
		      uint64_t buf[WR_MAX_FRAMES], struct wr_site *site)
{
	int i, n = e->nr_frames > 0 ? e->nr_frames : 0;

	if (n > WR_MAX_FRAMES)
		n = WR_MAX_FRAMES;
	site->frames = buf;
	site->nr_frames = 0;
	site->caller = 0;
	for (i = 0; i < n; i++) {
		const struct ksym *s = ksyms__find(ks, e->stack[i]);

		if (!e->stack[i])
			break;
		/* tracer frames; unnamed ones too when bpf_jit_kallsyms is off */
		if (ksym__is_bpf(s) || (!s && !site->nr_frames))
			continue;
		buf[site->nr_frames++] = e->stack[i];
		if (!s || site->caller)
			continue;
		if (!hooked || strcmp(s->name, hooked))
			site->caller = s->addr;
	}
}
