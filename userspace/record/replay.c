// SPDX-License-Identifier: GPL-2.0
/* replay.c - the owner table from a recording (see replay.h). */
#include <errno.h>
#include <string.h>

#include "kernel/ksyms.h"
#include "record/replay.h"
#include "model/site.h"

struct replay_ctx {
	struct wr_replay *r;
	enum wr_keep keep;
};

static int on_event(void *ctx, const struct wr_event *e)
{
	struct replay_ctx *c = ctx;
	struct wr_replay *r = c->r;
	uint64_t frames[WR_MAX_FRAMES];
	struct wr_site site;

	if (!r->ot) {	/* the symbols are known once the first event comes */
		r->ot = owners__new(r->info.header.cookie_mask);
		if (!r->ot)
			return -ENOMEM;
		owners__keep(r->ot, c->keep);
	}
	site__apply(r->ot, r->ks, e, frames, &site);
	return 0;
}

/* recfile__read() fills R->ks and R->info before it hands out events. */
int replay__file(const char *path, enum wr_keep keep, struct wr_replay *r)
{
	struct replay_ctx c = { r, keep };
	int err;

	memset(r, 0, sizeof(*r));
	err = recfile__read(path, &r->info, &r->ks, on_event, &c);
	if (err)
		goto fail;
	if (!r->ot) {
		r->ot = owners__new(r->info.header.cookie_mask);
		if (!r->ot) {
			err = -ENOMEM;
			goto fail;
		}
	}
	/* as a live session does when it reads its losses */
	owners__reconcile(r->ot, r->info.loss.ringbuf_drops + r->info.loss.recursion_misses +
			  r->info.loss.kprobe_misses);
	return 0;
fail:
	replay__free(r);
	return err;
}

void replay__free(struct wr_replay *r)
{
	owners__free(r->ot);
	ksyms__free(r->ks);
	memset(r, 0, sizeof(*r));
}
