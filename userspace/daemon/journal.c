// SPDX-License-Identifier: GPL-2.0
/* journal.c - the daemon's crash-proof journal (see journal.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon/journal.h"
#include "lib/log.h"
#include "model/owners_snapshot.h"
#include "record/recfile.h"
#include "session/session.h"

struct replay {
	struct session *s;
	struct wr_journal *j;
	struct wr_event last;
	bool have_last;
};

static int replay_event(void *ctx, const struct wr_event *e)
{
	struct replay *r = ctx;

	session__apply(r->s, e);
	r->last = *e;
	r->have_last = true;
	r->j->events++;
	return 0;
}

static int replay_record(void *ctx, uint32_t feature, const void *data, size_t size)
{
	struct replay *r = ctx;

	session__apply_record(r->s, feature, data, size);
	r->j->records++;
	return 0;
}

static int replay_snap(void *ctx, uint32_t kind, const void *data, size_t size)
{
	struct replay *r = ctx;
	int err = owners__restore(r->s->ot, kind, data, size);

	if (err)
		log_error("%s: a bad snapshot item (%s)\n", r->j->path, strerror(-err));
	return err;
}

static const struct recfile_journal_ops replay_ops = {
	.event = replay_event, .view = replay_record, .snap = replay_snap,
};

static int create(struct wr_journal *j, struct session *s)
{
	j->w = recfile__create(j->path, s->t.cookie_mask, wr_now_ns());
	if (!j->w) {
		log_error("cannot create the journal %s: %s\n", j->path, strerror(errno));
		return -errno;
	}
	recfile__unbuffered(j->w);
	return 0;
}

int journal__open(struct wr_journal *j, struct session *s, const char *path)
{
	struct replay r = { .s = s, .j = j };
	struct wr_rec_header h;
	uint64_t valid = 0;
	int err;

	memset(j, 0, sizeof(*j));
	j->path = path;
	if (!s->adopted)
		return create(j, s);
	err = recfile__read_journal(path, &h, &replay_ops, &r, &valid);
	if (err) {
		log_warn("%s: %s; the owners taken before this restart are "
			 "counted as held before tracing\n", path,
			 err == -ENOENT ? "no journal" : "the journal is unusable");
		return create(j, s);
	}
	if (r.have_last)
		session__skip_once(s, &r.last);
	log_info("replayed %llu events and %llu view records from %s\n",
		 (unsigned long long)j->events, (unsigned long long)j->records, path);
	j->w = recfile__append(path, valid);
	return j->w ? 0 : -EIO;
}

static void check(struct wr_journal *j, int err)
{
	if (!err || j->failed)
		return;
	j->failed = true;
	log_warn("writing the journal %s failed (%s): a restart from now on "
		 "loses what follows\n", j->path, strerror(-err));
}

void journal__event(struct wr_journal *j, const void *e)
{
	if (j->w && !j->failed)
		check(j, recfile__write_event(j->w, e));
}

void journal__record(struct wr_journal *j, unsigned int feature, const void *data, size_t size)
{
	if (j->w && !j->failed)
		check(j, recfile__write_view(j->w, feature, data, size));
}

static int snap_item(void *ctx, uint32_t kind, const void *item, size_t size)
{
	return recfile__write_snap(ctx, kind, item, size);
}

static void snap_view(void *ctx, unsigned int feature, const void *rec, size_t size)
{
	recfile__write_view(ctx, feature, rec, size);
}

void journal__compact(struct wr_journal *j, struct session *s, long max_bytes)
{
	struct wr_rec_writer *w;
	char tmp[300];
	unsigned int lost;
	long before, snap;
	int err;

	/* and twice what the last snapshot left, or a big table compacts in a loop */
	if (!j->w || j->failed || (before = recfile__size(j->w)) < max_bytes ||
	    before < 2 * j->compacted_size)
		return;
	snprintf(tmp, sizeof(tmp), "%s.new", j->path);
	w = recfile__create_new(tmp, s->t.cookie_mask, wr_now_ns());
	if (!w) {
		check(j, -errno);
		return;
	}
	recfile__unbuffered(w);
	err = owners__snapshot(s->ot, snap_item, w);
	lost = views__snapshot(&s->views, snap_view, w);
	snap = recfile__size(w);
	recfile__close(w);
	if (!err && rename(tmp, j->path))
		err = -errno;
	if (err) {
		unlink(tmp);
		check(j, err);
		return;
	}
	recfile__close(j->w);
	j->w = recfile__append(j->path, WR_REC_APPEND_ALL);
	if (!j->w)
		j->failed = true;
	else
		j->compacted_size = snap;
	log_info("journal compacted: %ld -> %ld bytes%s\n", before, snap,
		 lost ? " (a view without snapshots: its state before now is not in the journal)" :
		 "");
}

void journal__close(struct wr_journal *j)
{
	recfile__close(j->w);
	j->w = NULL;
}

void journal__remove(const char *path)
{
	if (unlink(path) && errno != ENOENT)
		log_warn("cannot remove %s: %s\n", path, strerror(errno));
}
