// SPDX-License-Identifier: GPL-2.0
/* recfile.c - wakeref recordings (format in recfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kernel/ksyms.h"
#include "lib/files.h"
#include "lib/log.h"
#include "record/recfile.h"

struct wr_rec_writer {
	FILE *f;
	uint64_t nr_events;
	uint64_t *addrs;		/* every stack address seen, for the symbols */
	size_t nr_addrs, cap_addrs;
	int error;
	bool journal;			/* no symbols at the end: addresses not kept */
};

/* One fwrite a record: a journal (unbuffered) never holds half of one. */
static int put_record(struct wr_rec_writer *w, uint32_t type, const void *a, uint32_t alen,
		      const void *b, uint32_t blen)
{
	uint8_t buf[2048];
	uint32_t hdr[2] = { type, alen + blen };

	if (w->error)
		return w->error;
	if (sizeof(hdr) + alen + blen > sizeof(buf))
		return w->error = -E2BIG;
	memcpy(buf, hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), a, alen);
	if (blen)
		memcpy(buf + sizeof(hdr) + alen, b, blen);
	if (fwrite(buf, sizeof(hdr) + alen + blen, 1, w->f) != 1)
		w->error = -EIO;
	return w->error;
}

/* the names of the loaded modules, so a reader knows what was there */
static void put_modules(struct wr_rec_writer *w)
{
	char line[512], name[256];
	FILE *f = fopen("/proc/modules", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%255s", name) == 1)
			put_record(w, WR_REC_MODULE, name, strlen(name) + 1, NULL, 0);
	if (f)
		fclose(f);
}

static struct wr_rec_writer *create(const char *path, enum wr_create how,
				    uint64_t cookie_mask, uint64_t start_ns)
{
	struct wr_rec_header h = { .version = WR_REC_VERSION, .header_size = sizeof(h),
				   .start_ns = start_ns, .cookie_mask = cookie_mask };
	struct wr_rec_writer *w = calloc(1, sizeof(*w));
	struct utsname u;
	int fd, err;

	if (!w)
		return NULL;
	/* kernel addresses: root's only, and never written through a link */
	fd = wr_create_file(path, how, 0600);
	if (fd < 0 || !(w->f = fdopen(fd, "wb"))) {
		err = fd < 0 ? -fd : errno;
		log_error("cannot create %s: %s\n", path,
			  err == EINVAL ? "not a regular file" : strerror(err));
		if (fd >= 0)
			close(fd);
		free(w);
		errno = err;
		return NULL;
	}
	memcpy(h.magic, WR_REC_MAGIC, sizeof(WR_REC_MAGIC));
	if (!uname(&u)) {
		snprintf(h.release, sizeof(h.release), "%s", u.release);
		snprintf(h.host, sizeof(h.host), "%s", u.nodename);
	}
	if (fwrite(&h, sizeof(h), 1, w->f) != 1)
		w->error = -EIO;
	put_modules(w);
	return w;
}

int recfile__note_addrs(struct wr_rec_writer *w, const uint64_t *addrs, int n)
{
	int i;

	for (i = 0; !w->journal && !w->error && i < n; i++) {
		if (w->nr_addrs == w->cap_addrs) {
			size_t cap = w->cap_addrs ? w->cap_addrs * 2 : 4096;
			uint64_t *grown = realloc(w->addrs, cap * sizeof(*grown));

			if (!grown)
				return w->error = -ENOMEM;
			w->addrs = grown;
			w->cap_addrs = cap;
		}
		w->addrs[w->nr_addrs++] = addrs[i];
	}
	return w->error;
}

int recfile__write_event(struct wr_rec_writer *w, const struct wr_event *e)
{
	size_t bytes = recfile__event_bytes(e);
	int n = (bytes - WR_REC_EVENT_HEAD) / sizeof(e->stack[0]);

	if (recfile__note_addrs(w, (const uint64_t *)e->stack, n))
		return w->error;
	w->nr_events++;
	/* the frames captured, not the whole array: most stacks fill half of it */
	return put_record(w, WR_REC_EVENT, e, bytes, NULL, 0);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* one record per distinct symbol that some stack address falls in */
static void put_symbols(struct wr_rec_writer *w, const struct ksyms *ks)
{
	const struct ksym *last = NULL;
	size_t i;

	qsort(w->addrs, w->nr_addrs, sizeof(*w->addrs), cmp_u64);
	for (i = 0; i < w->nr_addrs; i++) {
		const struct ksym *s = ksyms__find(ks, w->addrs[i]);
		struct wr_rec_symbol r = {};
		char both[512];
		size_t nl, ml;

		if (!s || s == last)
			continue;
		last = s;
		nl = strlen(s->name) + 1;
		ml = ksym__module(s) ? strlen(ksym__module(s)) + 1 : 0;
		if (nl + ml > sizeof(both))
			continue;
		r.addr = s->addr;
		r.size = s->size;
		r.name_len = nl;
		r.module_len = ml;
		memcpy(both, s->name, nl);
		if (ml)
			memcpy(both + nl, ksym__module(s), ml);
		put_record(w, WR_REC_SYMBOL, &r, sizeof(r), both, nl + ml);
	}
}

int recfile__finish(struct wr_rec_writer *w, const struct ksyms *ks, const struct wr_loss *loss,
		    uint64_t stop_ns)
{
	struct wr_rec_loss l = { loss->events, loss->ringbuf_drops, loss->recursion_misses,
				 loss->stack_errors, "", loss->kprobe_misses,
				 loss->kprobe_misses_unreported ? WR_REC_KPROBE_UNREPORTED : 0 };
	struct wr_rec_end end = { stop_ns, w->nr_events, 0 };
	long events_end;
	int err;

	snprintf(l.where, sizeof(l.where), "%s", loss->where);
	/* where the symbols start, if this is a file with offsets (not a pipe) */
	events_end = fflush(w->f) ? -1 : ftell(w->f);
	end.events_end = events_end > 0 ? events_end : 0;
	put_symbols(w, ks);
	put_record(w, WR_REC_LOSS, &l, sizeof(l), NULL, 0);
	put_record(w, WR_REC_END, &end, sizeof(end), NULL, 0);
	err = w->error;
	if (fclose(w->f) && !err)
		err = -EIO;
	free(w->addrs);
	free(w);
	return err;
}

/* ---- reading ---- */

static int bad(const char *name, uint64_t off, const char *what)
{
	log_error("%s: not a usable recording: %s (at byte %llu)\n", name, what,
		  (unsigned long long)off);
	return -EINVAL;
}

static bool has_nul(const char *s, size_t len)
{
	return len && memchr(s, 0, len) == s + len - 1;
}

/* a NUL in S[0..LEN): inline, as the strings are short and end early */
static bool ends(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!s[i])
			return true;
	return false;
}

static int check_event(const struct wr_event *e)
{
	return e->nr_frames < -4095 || e->nr_frames > WR_MAX_FRAMES ||
	       !ends(e->comm, sizeof(e->comm)) || !ends(e->dev, sizeof(e->dev)) ||
	       e->type < WR_EV_GET || e->type > WR_EV_PHASE || e->hook >= WR_HOOK__COUNT;
}

/*
 * The event in an event record of LEN bytes at P: whole (version 1), or cut
 * after its nr_frames frames.  Versions 1 and 2 end their head before
 * client, sys_nr and ioctl_cmd (3): those read as "not in a system call".
 * As from the ring buffer, the frames past nr_frames mean nothing.  0, or
 * -1 if the record cannot be a true event.
 */
static int event_from_record(const uint8_t *p, uint32_t len, struct wr_event *e,
			     uint32_t version)
{
	size_t head = version < 3 ? WR_REC_EVENT_HEAD_V2 : WR_REC_EVENT_HEAD;
	size_t whole = head + sizeof(e->stack);
	size_t i, n;

	if (len < head || len > whole)
		return -1;
	memcpy(e, p, head);
	if (version < 3) {
		e->client = 0;
		e->sys_nr = 0;
		e->ioctl_cmd = 0;
	}
	n = e->nr_frames > 0 ? e->nr_frames : 0;
	if (n > WR_MAX_FRAMES || (len != whole && len != head + n * sizeof(e->stack[0])))
		return -1;
	/* a loop: GCC inlines a short variable memcpy as rep movs, slow to start */
	for (i = 0; i < n; i++)
		memcpy(&e->stack[i], p + head + i * sizeof(e->stack[0]), sizeof(e->stack[0]));
	return check_event(e);
}

/*
 * The bytes of a recording: all of it in memory (the fuzzer), or a file
 * mapped read-only and given back to the kernel behind the reader, so that
 * reading a recording of any length neither copies it nor keeps it.
 */
#define SRC_RELEASE	(8u << 20)	/* drop what was read, this much at a time */

struct rec_src {
	const uint8_t *buf;
	size_t len, pos;
	size_t released;	/* mapped bytes before this were given back */
	bool mapped;
};

static bool src_need(struct rec_src *s, size_t n)
{
	return s->len - s->pos >= n;
}

static uint64_t src_off(const struct rec_src *s)
{
	return s->pos;
}

/* Past records are not read again in this pass: let their pages go. */
static void src_release(struct rec_src *s)
{
	size_t upto = s->pos & ~(size_t)(SRC_RELEASE - 1);

	if (!s->mapped || upto <= s->released)
		return;
	madvise((void *)(s->buf + s->released), upto - s->released, MADV_DONTNEED);
	s->released = upto;
}

/* Back to the first record, for the second pass. */
static int src_rewind(struct rec_src *s)
{
	s->pos = sizeof(struct wr_rec_header);
	s->released = 0;
	return 0;
}

/*
 * How a pass reads: pass 1 (SYMBOLS) takes symbols, losses and the end,
 * pass 2 (EVENTS) hands the events to FN.  SPLIT: the end record said where
 * the events end, so pass 1 starts there and pass 2 stops there, and each
 * refuses the other's records.
 */
struct pass {
	bool symbols;
	bool split;
	uint64_t nr_events;	/* events met in this pass */
	recfile_item_fn view;	/* pass 2: the view records, if not NULL */
};

static int walk(struct rec_src *src, const char *name, struct wr_rec_info *info,
		struct ksyms *ks, struct pass *pass, recfile_event_fn fn, void *ctx)
{
	bool ended = false;
	uint64_t off = src_off(src);
	int err;

	while (src_need(src, 1)) {
		uint32_t hdr[2];
		const uint8_t *p;

		off = src_off(src);
		if (ended)
			return bad(name, off, "data after the end record");
		if (!src_need(src, sizeof(hdr)))
			return bad(name, off, "truncated record header");
		memcpy(hdr, src->buf + src->pos, sizeof(hdr));
		if (!src_need(src, sizeof(hdr) + hdr[1]))
			return bad(name, off, "record runs past the end of the file (truncated?)");
		p = src->buf + src->pos + sizeof(hdr);
		src->pos += sizeof(hdr) + hdr[1];
		src_release(src);
		if (pass->split && (pass->symbols ? hdr[0] == WR_REC_EVENT
						  : hdr[0] == WR_REC_SYMBOL || hdr[0] == WR_REC_LOSS ||
						    hdr[0] == WR_REC_END))
			return bad(name, off, pass->symbols ? "an event after the symbols"
							    : "a trailer record among the events");
		switch (hdr[0]) {
		case WR_REC_EVENT: {
			struct wr_event e;

			pass->nr_events++;
			if (pass->symbols) {	/* checked in pass 2, before it is used */
				if (hdr[1] < WR_REC_EVENT_HEAD_V2 || hdr[1] > sizeof(e))
					return bad(name, off, "event record of the wrong size");
				break;
			}
			if (event_from_record(p, hdr[1], &e, info->header.version))
				return bad(name, off, "event with impossible fields");
			err = fn ? fn(ctx, &e) : 0;
			if (err)
				return err;
			break;
		}
		case WR_REC_MODULE:
			if (!has_nul((const char *)p, hdr[1]))
				return bad(name, off, "module name without its NUL");
			/* counted once: in pass 1, or in pass 2 if that is where they are */
			info->nr_modules += pass->symbols != pass->split;
			break;
		case WR_REC_SYMBOL: {
			struct wr_rec_symbol r;
			const char *names = (const char *)p + sizeof(r);

			if (hdr[1] < sizeof(r))
				return bad(name, off, "symbol record too short");
			memcpy(&r, p, sizeof(r));
			if (hdr[1] != sizeof(r) + r.name_len + r.module_len ||
			    !has_nul(names, r.name_len) ||
			    (r.module_len && !has_nul(names + r.name_len, r.module_len)))
				return bad(name, off, "malformed symbol record");
			if (pass->symbols && ksyms__add(ks, r.addr, r.size, names,
							r.module_len ? names + r.name_len : NULL))
				return -ENOMEM;
			break;
		}
		case WR_REC_LOSS: {
			struct wr_rec_loss l = {};

			if (hdr[1] != sizeof(l) && hdr[1] != WR_REC_LOSS_V1_SIZE)
				return bad(name, off, "loss record of the wrong size");
			memcpy(&l, p, hdr[1]);
			if (!memchr(l.where, 0, sizeof(l.where)))
				return bad(name, off, "loss record without its NUL");
			memcpy(info->loss.where, l.where, sizeof(info->loss.where));
			info->loss.events = l.events;
			info->loss.ringbuf_drops = l.ringbuf_drops;
			info->loss.recursion_misses = l.recursion_misses;
			info->loss.stack_errors = l.stack_errors;
			info->loss.kprobe_misses = l.kprobe_misses;
			info->loss.kprobe_misses_unreported =
				l.kprobe_flags & WR_REC_KPROBE_UNREPORTED;
			break;
		}
		case WR_REC_VIEW:
		case WR_REC_SNAP:
			if (hdr[1] < sizeof(uint32_t) || hdr[1] > 2048 - 2 * sizeof(uint32_t))
				return bad(name, off, "journal record of the wrong size");
			if (hdr[0] == WR_REC_VIEW && !pass->symbols && pass->view) {
				uint32_t feature;

				memcpy(&feature, p, sizeof(feature));
				err = pass->view(ctx, feature, p + sizeof(feature),
						 hdr[1] - sizeof(feature));
				if (err)
					return err;
			}
			break;
		case WR_REC_END:
			if (hdr[1] != sizeof(info->end) && hdr[1] != WR_REC_END_V1_SIZE)
				return bad(name, off, "end record of the wrong size");
			memset(&info->end, 0, sizeof(info->end));
			memcpy(&info->end, p, hdr[1]);
			ended = true;
			break;
		default:
			return bad(name, off, "unknown record type");
		}
	}
	if (!ended && !(pass->split && !pass->symbols)) {
		log_error("%s: the recording was cut short (no end record); "
			  "was wakeref record killed?\n", name);
		return -EINVAL;
	}
	return 0;
}

/*
 * Where the events end, from the end record if it is the file's last
 * record and says so (version 2, written to a file); 0: walk it all.
 */
static uint64_t find_events_end(const struct rec_src *src)
{
	uint32_t hdr[2];
	struct wr_rec_end end;
	size_t rec = sizeof(hdr) + sizeof(end);

	if (src->len < sizeof(struct wr_rec_header) + rec)
		return 0;
	memcpy(hdr, src->buf + src->len - rec, sizeof(hdr));
	memcpy(&end, src->buf + src->len - sizeof(end), sizeof(end));
	if (hdr[0] != WR_REC_END || hdr[1] != sizeof(end) ||
	    end.events_end < sizeof(struct wr_rec_header) || end.events_end > src->len - rec)
		return 0;
	return end.events_end;
}

/* Header, pass 1 (symbols), pass 2 (events through FN). */
static int read_src(struct rec_src *src, const char *name, struct wr_rec_info *info,
		    struct ksyms **ksp, recfile_event_fn fn, recfile_item_fn vfn, void *ctx)
{
	struct pass symbols = { .symbols = true }, events = { .view = vfn };
	uint64_t events_end;
	struct ksyms *ks;
	size_t len = src->len;
	int err;

	memset(info, 0, sizeof(*info));
	*ksp = NULL;
	if (!src_need(src, sizeof(info->header)))
		return bad(name, 0, "shorter than a header");
	memcpy(&info->header, src->buf, sizeof(info->header));
	src->pos = sizeof(info->header);
	if (memcmp(info->header.magic, WR_REC_MAGIC, sizeof(WR_REC_MAGIC)))
		return bad(name, 0, "no WAKEREF magic");
	if (info->header.version < WR_REC_VERSION_MIN || info->header.version > WR_REC_VERSION)
		return bad(name, 8, "unsupported version (this wakeref reads versions 1 to 3)");
	if (info->header.header_size != sizeof(info->header))
		return bad(name, 12, "unexpected header size");
	if (!memchr(info->header.release, 0, sizeof(info->header.release)) ||
	    !memchr(info->header.host, 0, sizeof(info->header.host)))
		return bad(name, 32, "header strings without their NUL");
	ks = ksyms__new();
	if (!ks)
		return -ENOMEM;
	events_end = find_events_end(src);
	symbols.split = events.split = events_end != 0;
	if (events_end)
		src->pos = events_end;
	err = walk(src, name, info, ks, &symbols, NULL, NULL);
	if (err)
		goto fail;
	if (!events_end && info->end.nr_events != symbols.nr_events) {
		err = bad(name, src_off(src), "the end record's event count does not match");
		goto fail;
	}
	ksyms__finish(ks);
	*ksp = ks;
	err = src_rewind(src);
	if (events_end)
		src->len = events_end;
	if (!err)
		err = walk(src, name, info, ks, &events, fn, ctx);
	src->len = len;
	if (!err && events.nr_events != info->end.nr_events)
		err = bad(name, events_end, "the end record's event count does not match");
	if (err)
		goto fail;
	info->nr_events = events.nr_events;
	return 0;
fail:
	ksyms__free(ks);
	*ksp = NULL;
	return err;
}

int recfile__read_mem(const uint8_t *buf, size_t len, const char *name, struct wr_rec_info *info,
		      struct ksyms **ksp, recfile_event_fn fn, void *ctx)
{
	struct rec_src src = { .buf = buf, .len = len };

	return read_src(&src, name, info, ksp, fn, NULL, ctx);
}

int recfile__read(const char *path, struct wr_rec_info *info, struct ksyms **ks,
		  recfile_event_fn fn, void *ctx)
{
	return recfile__read_views(path, info, ks, fn, NULL, ctx);
}

int recfile__read_views(const char *path, struct wr_rec_info *info, struct ksyms **ks,
			recfile_event_fn fn, recfile_item_fn vfn, void *ctx)
{
	struct rec_src src = { .mapped = true };
	struct stat st;
	void *map;
	int fd, err;

	memset(info, 0, sizeof(*info));
	*ks = NULL;
	/* a FIFO would block the open itself: checked before a byte is read */
	fd = wr_open_regular(path);
	if (fd == -EINVAL || fd == -EISDIR)
		return bad(path, 0, "not a regular file");
	if (fd < 0 || fstat(fd, &st)) {
		err = fd < 0 ? fd : -errno;
		log_error("cannot open %s: %s\n", path, strerror(-err));
		if (fd >= 0)
			close(fd);
		return err;
	}
	if (st.st_size == 0) {
		close(fd);
		return bad(path, 0, "an empty file");
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		err = -errno;
		log_error("cannot map %s: %s\n", path, strerror(-err));
		return err;
	}
	madvise(map, st.st_size, MADV_SEQUENTIAL);
	src.buf = map;
	src.len = st.st_size;
	err = read_src(&src, path, info, ks, fn, vfn, ctx);
	munmap(map, st.st_size);
	return err;
}

int recfile__write_view(struct wr_rec_writer *w, uint32_t feature, const void *data,
			size_t size)
{
	if (size > WR_REC_VIEW_MAX)
		return w->error = -E2BIG;
	return put_record(w, WR_REC_VIEW, &feature, sizeof(feature), data, size);
}

int recfile__write_snap(struct wr_rec_writer *w, uint32_t kind, const void *data, size_t size)
{
	return put_record(w, WR_REC_SNAP, &kind, sizeof(kind), data, size);
}

long recfile__size(struct wr_rec_writer *w)
{
	return ftell(w->f);
}

int recfile__read_journal(const char *path, struct wr_rec_header *header,
			  const struct recfile_journal_ops *ops, void *ctx, uint64_t *valid)
{
	int fd = wr_open_regular(path);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
	uint8_t view[2048];
	uint32_t hdr[2];
	struct wr_event e;
	int err = 0;

	*valid = 0;
	if (!f) {
		err = fd < 0 ? fd : -errno;
		if (fd >= 0)
			close(fd);
		return err;
	}
	if (fread(header, sizeof(*header), 1, f) != 1 ||
	    memcmp(header->magic, WR_REC_MAGIC, sizeof(WR_REC_MAGIC)) ||
	    header->version < WR_REC_VERSION_MIN || header->version > WR_REC_VERSION ||
	    header->header_size != sizeof(*header)) {
		log_error("%s is not a wakeref journal of this version\n", path);
		fclose(f);
		return -EINVAL;
	}
	*valid = sizeof(*header);
	while (fread(hdr, sizeof(hdr), 1, f) == 1) {
		if (hdr[0] == WR_REC_EVENT && hdr[1] <= sizeof(e)) {
			if (fread(view, hdr[1], 1, f) != 1)
				break;			/* cut short by a crash */
			if (event_from_record(view, hdr[1], &e, header->version))
				break;
			err = ops->event ? ops->event(ctx, &e) : 0;
			if (err)
				break;
		} else if (hdr[0] == WR_REC_MODULE && hdr[1] < 4096) {
			if (fseek(f, hdr[1], SEEK_CUR))
				break;
		} else if ((hdr[0] == WR_REC_VIEW || hdr[0] == WR_REC_SNAP) &&
			   hdr[1] >= sizeof(uint32_t) && hdr[1] <= sizeof(view)) {
			recfile_item_fn fn = hdr[0] == WR_REC_VIEW ? ops->view : ops->snap;
			uint32_t kind;

			if (fread(view, hdr[1], 1, f) != 1)
				break;			/* cut short by a crash */
			memcpy(&kind, view, sizeof(kind));
			err = fn ? fn(ctx, kind, view + sizeof(kind), hdr[1] - sizeof(kind)) : 0;
			if (err)
				break;
		} else {
			break;				/* anything else ends the journal */
		}
		*valid = ftell(f);
	}
	fclose(f);
	return err;
}

void recfile__unbuffered(struct wr_rec_writer *w)
{
	w->journal = true;
	fflush(w->f);
	setvbuf(w->f, NULL, _IONBF, 0);
}

/* Close a journal without symbols or end: it stays appendable. */
void recfile__close(struct wr_rec_writer *w)
{
	if (!w)
		return;
	fclose(w->f);
	free(w->addrs);
	free(w);
}

struct wr_rec_writer *recfile__create(const char *path, uint64_t cookie_mask, uint64_t start_ns)
{
	return create(path, WR_CREATE_TRUNC, cookie_mask, start_ns);
}

struct wr_rec_writer *recfile__create_new(const char *path, uint64_t cookie_mask,
					  uint64_t start_ns)
{
	return create(path, WR_CREATE_EXCL, cookie_mask, start_ns);
}

struct wr_rec_writer *recfile__append(const char *path, uint64_t valid)
{
	struct wr_rec_writer *w = calloc(1, sizeof(*w));
	int fd, err;

	if (!w)
		return NULL;
	fd = wr_create_file(path, WR_CREATE_APPEND, 0600);
	if (fd < 0 || (valid != WR_REC_APPEND_ALL && ftruncate(fd, valid)) ||
	    !(w->f = fdopen(fd, "ab"))) {
		err = fd < 0 ? -fd : errno;
		log_error("cannot append to %s: %s\n", path,
			  err == EINVAL ? "not a regular file" : strerror(err));
		if (fd >= 0)
			close(fd);
		free(w);
		return NULL;
	}
	setvbuf(w->f, NULL, _IONBF, 0);
	w->journal = true;
	return w;
}
