/* SPDX-License-Identifier: GPL-2.0 */
/*
 * recfile.h - wakeref recordings (`wakeref record`, `wakeref report FILE`).
 *
 * A recording is self-contained, so one made on a CI machine symbolizes on a
 * developer's box.  Little-endian, version 3 (versions 1 and 2 are still
 * read; their events end before client, sys_nr and ioctl_cmd):
 *
 *   header   struct wr_rec_header: magic "WAKEREF\0", version, header size,
 *            kernel release, host, cookie mask, start time
 *   records  { u32 type; u32 len; u8 payload[len] } ...
 *     WR_REC_EVENT    a struct wr_event, as the BPF side produced it, cut
 *                     after its nr_frames stack frames (version 1: whole)
 *     WR_REC_MODULE   the name of a loaded module (NUL-terminated)
 *     WR_REC_SYMBOL   struct wr_rec_symbol + name + module: every symbol an
 *                     event's stack touched, with the size kallsyms gave it
 *     WR_REC_LOSS     struct wr_rec_loss: the losses at the end
 *     WR_REC_END      struct wr_rec_end: when recording stopped and where the
 *                     events end, always the last record; its absence means
 *                     the file was cut short
 *     WR_REC_VIEW     u32 feature + a record of that view's ring buffer (or of
 *                     its snapshot); in a recording, one with no record
 *                     after the feature says that the view was traced, and
 *                     comes before the view's other records
 *     WR_REC_SNAP     u32 kind + an item of an owner-table snapshot (the
 *                     daemon's journal only)
 *
 * Readers reject what they cannot trust, naming the offset: a bad magic or
 * version, a record running past the end, a payload of the wrong size, a
 * string without its NUL, an event with an impossible frame count.
 */
#ifndef WR_RECFILE_H
#define WR_RECFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "output/report.h"
#include "wakeref.h"

#define WR_REC_MAGIC	"WAKEREF"
#define WR_REC_VERSION	3
#define WR_REC_VERSION_MIN	1	/* the oldest this wakeref reads */

/* an event record holds the event up to its stack, then nr_frames frames */
#define WR_REC_EVENT_HEAD	offsetof(struct wr_event, stack)
/* versions 1 and 2: the head ended at dev[] */
#define WR_REC_EVENT_HEAD_V2	offsetof(struct wr_event, client)

/* The bytes of E that mean something, those a record holds: up to its last frame. */
static inline size_t recfile__event_bytes(const struct wr_event *e)
{
	int n = e->nr_frames < 0 ? 0 : e->nr_frames > WR_MAX_FRAMES ? WR_MAX_FRAMES : e->nr_frames;

	return WR_REC_EVENT_HEAD + n * sizeof(e->stack[0]);
}

enum wr_rec_type {
	WR_REC_EVENT = 1,
	WR_REC_MODULE,
	WR_REC_SYMBOL,
	WR_REC_LOSS,
	WR_REC_END,
	WR_REC_VIEW,
	WR_REC_SNAP,
};

#define WR_REC_VIEW_MAX	960	/* largest view record a journal holds */

struct wr_rec_header {
	char magic[8];
	uint32_t version;
	uint32_t header_size;
	uint64_t start_ns;		/* CLOCK_MONOTONIC */
	uint64_t cookie_mask;
	char release[65];		/* uname -r */
	char host[65];
	uint8_t pad[6];
};

struct wr_rec_symbol {
	uint64_t addr, size;
	uint16_t name_len, module_len;	/* each with its NUL; module_len 0: vmlinux */
	uint32_t pad;
};

struct wr_rec_loss {
	uint64_t events, ringbuf_drops, recursion_misses, stack_errors;
	char where[256];		/* as in struct wr_loss, NUL-terminated */
	/* appended; a record without them (older recordings) reads as 0, reported */
	uint64_t kprobe_misses;
	uint64_t kprobe_flags;		/* WR_REC_KPROBE_UNREPORTED */
};

#define WR_REC_KPROBE_UNREPORTED	1	/* this kernel did not count kprobe misses */
/* the loss record before kprobe misses were recorded */
#define WR_REC_LOSS_V1_SIZE		offsetof(struct wr_rec_loss, kprobe_misses)

struct wr_rec_end {
	uint64_t stop_ns;		/* CLOCK_MONOTONIC: "now" of the report */
	uint64_t nr_events;
	/*
	 * Appended in version 2: the offset of the first record after the
	 * events (the symbols), so that a reader finds them without reading
	 * every event twice; 0: unknown (a reader walks the whole file).
	 */
	uint64_t events_end;
};

/* the end record of version 1 */
#define WR_REC_END_V1_SIZE		offsetof(struct wr_rec_end, events_end)

struct ksyms;
struct wr_rec_writer;

/*
 * Writing: events as they come, then symbols, losses and the end at close.
 * The file is made 0600 (it holds kernel addresses) and never through a
 * link; _new removes what is at PATH and creates it exclusively.
 */
struct wr_rec_writer *recfile__create(const char *path, uint64_t cookie_mask, uint64_t start_ns);
struct wr_rec_writer *recfile__create_new(const char *path, uint64_t cookie_mask,
					  uint64_t start_ns);
int recfile__write_event(struct wr_rec_writer *w, const struct wr_event *e);
/* Symbols of every address seen (from KS), LOSS, END; closes and frees W. */
int recfile__finish(struct wr_rec_writer *w, const struct ksyms *ks, const struct wr_loss *loss,
		    uint64_t stop_ns);

/* Reading: the callback sees each event in order; symbols come back in *KS. */
struct wr_rec_info {
	struct wr_rec_header header;
	struct wr_rec_end end;
	struct wr_loss loss;
	uint64_t nr_events;
	int nr_modules;
};

typedef int (*recfile_event_fn)(void *ctx, const struct wr_event *e);

/*
 * Read PATH: the symbols first (they are at the end), then every event in
 * order through FN.  0, or -errno with the reason printed to stderr.
 */
int recfile__read(const char *path, struct wr_rec_info *info, struct ksyms **ks,
		  recfile_event_fn fn, void *ctx);
/*
 * The same, and every view record through VFN (KIND: the view's feature),
 * in the order they were written among the events.
 */
typedef int (*recfile_item_fn)(void *ctx, uint32_t kind, const void *data, size_t size);
int recfile__read_views(const char *path, struct wr_rec_info *info, struct ksyms **ks,
			recfile_event_fn fn, recfile_item_fn vfn, void *ctx);
/* The same on a buffer (for the fuzzer); NAME is for messages. */
int recfile__read_mem(const uint8_t *buf, size_t len, const char *name, struct wr_rec_info *info,
		      struct ksyms **ks, recfile_event_fn fn, void *ctx);

/*
 * The daemon's journal: a recording that is appended to for as long as the
 * daemon lives and survives its crash.  Reading one accepts what a crash
 * leaves: no symbols, no end, a last record cut short.  FN sees every
 * complete event, VFN (if not NULL) every view record, in the order they
 * were written; *VALID gets the length of the complete part, where
 * appending resumes.  0, or -errno (said why) when it is not a journal.
 */
struct recfile_journal_ops {
	recfile_event_fn event;
	recfile_item_fn view;		/* KIND: the view's feature */
	recfile_item_fn snap;		/* KIND: enum wr_snap_kind */
};
int recfile__read_journal(const char *path, struct wr_rec_header *header,
			  const struct recfile_journal_ops *ops, void *ctx, uint64_t *valid);
/* Addresses of a stack a view record carries: their symbols go in the recording too. */
int recfile__note_addrs(struct wr_rec_writer *w, const uint64_t *addrs, int n);
/* A record of a view's ring buffer (at most WR_REC_VIEW_MAX bytes). */
int recfile__write_view(struct wr_rec_writer *w, uint32_t feature, const void *data,
			size_t size);
/* An item of an owner-table snapshot (owners_snapshot.h). */
int recfile__write_snap(struct wr_rec_writer *w, uint32_t kind, const void *data, size_t size);
/* Bytes written so far (a journal's size). */
long recfile__size(struct wr_rec_writer *w);
/*
 * Write every record through at once (a journal must survive a SIGKILL);
 * a journal keeps no addresses for symbols (it is never finished).
 */
void recfile__unbuffered(struct wr_rec_writer *w);
void recfile__close(struct wr_rec_writer *w);
/* Append to a journal from offset VALID (what recfile__read_journal kept), or at its end. */
#define WR_REC_APPEND_ALL	UINT64_MAX
struct wr_rec_writer *recfile__append(const char *path, uint64_t valid);

#endif
