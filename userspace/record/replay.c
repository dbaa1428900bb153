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

/*
 * A view record: one with nothing after its feature says the view was
 * traced (they come first), the others rebuild its state as live.
 */
static int on_view(void *ctx, uint32_t feature, const void *data, size_t size)
{
	struct replay_ctx *c = ctx;
	struct wr_view_set *vs = &c->r->views;
	unsigned int features = vs->features;

	if (size) {
		views__record(vs, feature, data, size);
		return 0;
	}
	if (features & feature)
		return 0;
	views__destroy(vs);
	return views__create_unseeded(vs, features | feature);
}

/* recfile__read() fills R->ks and R->info before it hands out events. */
int replay__file(const char *path, enum wr_keep keep, struct wr_replay *r)
{
	struct replay_ctx c = { r, keep };
	int err;

	memset(r, 0, sizeof(*r));
	err = recfile__read_views(path, &r->info, &r->ks, on_event, on_view, &c);
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
	views__destroy(&r->views);
	memset(r, 0, sizeof(*r));
}
