/* SPDX-License-Identifier: GPL-2.0 */
/*
 * journal.h - the daemon's crash-proof journal: every event and view record
 * it applied, written through at once, so that a daemon restarted on the
 * programs and ring buffers a previous one pinned (tracer_pin.c) rebuilds
 * the owner table and the views exactly, then goes on where it stopped.
 */
#ifndef WR_JOURNAL_H
#define WR_JOURNAL_H

#include <stdbool.h>
#include <stdint.h>

struct session;
struct wr_rec_writer;

#define WR_JOURNAL_PATH	"/run/wakeref/journal.rec"

struct wr_journal {
	struct wr_rec_writer *w;
	const char *path;
	uint64_t events, records;	/* replayed at start */
	bool failed;			/* a write failed: said once, then off */
	long compacted_size;		/* right after the last compaction */
};

/*
 * Open the journal for session S: replay it into S when S adopted pinned
 * programs (the last event replayed is skipped if the ring buffer still has
 * it), else start a new one.  0, or -errno said on stderr.
 */
int journal__open(struct wr_journal *j, struct session *s, const char *path);
void journal__event(struct wr_journal *j, const void *e);
void journal__record(struct wr_journal *j, unsigned int feature, const void *data, size_t size);
/*
 * When the journal has grown past MAX_BYTES, start it over from a snapshot
 * of the owner table and the views: its size then follows what is held.
 */
void journal__compact(struct wr_journal *j, struct session *s, long max_bytes);
void journal__close(struct wr_journal *j);
/* Remove it (wakeref daemon --detach). */
void journal__remove(const char *path);

#endif
