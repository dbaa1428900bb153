/* SPDX-License-Identifier: GPL-2.0 */
/* site.h - turn an event's raw kernel stack into a symbolized call site. */
#ifndef WR_SITE_H
#define WR_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/owners.h"

struct ksyms;

/*
 * Fill SITE from E: its frames without the tracer's own BPF program and
 * trampoline frames, and the function that called HOOKED (the first frame,
 * after those in HOOKED itself, that is not in HOOKED).  SITE's frames are
 * in BUF, or in E's stack itself when they are a run of it: SITE lives as
 * long as both.
 */
void site__from_event(const struct ksyms *ks, const struct wr_event *e, const char *hooked,
		      uint64_t buf[WR_MAX_FRAMES], struct wr_site *site);

/*
 * Symbolize E and apply it to the owner table: the one path that live
 * tracing and replay share, so that both give the same report.  Returns
 * owners__apply()'s result; SITE (backed by FRAMES) describes the event.
 */
int site__apply(struct wr_owners *ot, const struct ksyms *ks, const struct wr_event *e,
		uint64_t frames[WR_MAX_FRAMES], struct wr_site *site);

/*
 * A stack that site__apply() symbolizes holds an address the table does not
 * name: a module loaded, or programs attached, since it was read.  FN then
 * says which table to use (read again, or the same when it has no newer
 * one) and the event is symbolized again with it before it is applied.
 * Each address is looked up once per table: a name that stays unknown
 * (freed init code) asks FN once, not at every event.  NULL: no one asked.
 */
typedef const struct ksyms *(*site_refresh_fn)(void *ctx);
void site__on_unknown(site_refresh_fn fn, void *ctx);

/*
 * Format frame I of a stack as %pS does, and " (tail call)" after a frame
 * the tracer put back (WR_EVF_TAIL_CALL: a function's first byte, never a
 * return address).  Returns snprintf's count.
 */
int site__snprint_frame(const struct ksyms *ks, const uint64_t *frames, uint32_t i, char *buf,
			size_t len);
/* Whether frame I of FRAMES is one the tracer put back. */
bool site__frame_restored(const struct ksyms *ks, const uint64_t *frames, uint32_t i);

#endif
