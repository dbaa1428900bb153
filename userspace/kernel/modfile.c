// SPDX-License-Identifier: GPL-2.0
/*
 * modfile.c - the bytes of a module file (modfile.h).  The file may be
 * anything: its size and what it decompresses to are bounded, and every
 * failure is one line.
 */
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "kernel/modfile.h"

#define XZ_MEMLIMIT	((uint64_t)256 << 20)	/* the decoder's own memory */

static const unsigned char xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
static const unsigned char zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };

const char *modfile__compression(const void *buf, size_t size)
{
	if (size >= sizeof(xz_magic) && !memcmp(buf, xz_magic, sizeof(xz_magic)))
		return "xz";
	if (size >= sizeof(zstd_magic) && !memcmp(buf, zstd_magic, sizeof(zstd_magic)))
		return "zstd";
	return "none";
}

/* "512 MiB", or bytes below a MiB */
static const char *size_str(size_t n)
{
	static char buf[32];

	if (n >= (1u << 20))
		snprintf(buf, sizeof(buf), "%zu MiB", n >> 20);
	else
		snprintf(buf, sizeof(buf), "%zu bytes", n);
	return buf;
}

/* An output buffer that grows by doubling, never past its limit. */
struct outbuf {
	unsigned char *p;
	size_t len, cap, limit;
};

/* Room for more output: false when the limit is reached or memory is out. */
static bool outbuf_grow(struct outbuf *o)
{
	size_t cap = o->cap ? o->cap * 2 : (size_t)1 << 20;
	unsigned char *p;

	if (o->cap >= o->limit)
		return false;
	if (cap > o->limit)
		cap = o->limit;
	p = realloc(o->p, cap);
	if (!p)
		return false;
	o->p = p;
	o->cap = cap;
	return true;
}

static int unxz(const unsigned char *in, size_t len, struct outbuf *o, char *err, size_t errlen)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret ret;
	int rc = -1;

	if (lzma_stream_decoder(&s, XZ_MEMLIMIT, LZMA_CONCATENATED) != LZMA_OK) {
		snprintf(err, errlen, "cannot start the xz decoder");
		return -1;
	}
	s.next_in = in;
	s.avail_in = len;
	for (;;) {
		if (o->len == o->cap && !outbuf_grow(o)) {
			snprintf(err, errlen, "decompresses to more than %s", size_str(o->limit));
			goto out;
		}
		s.next_out = o->p + o->len;
		s.avail_out = o->cap - o->len;
		ret = lzma_code(&s, LZMA_FINISH);
		o->len = o->cap - s.avail_out;
		if (ret == LZMA_STREAM_END)
			break;
		if (ret == LZMA_OK || (ret == LZMA_BUF_ERROR && !s.avail_out))
			continue;
		snprintf(err, errlen, "xz data %s", ret == LZMA_BUF_ERROR ? "truncated" :
			 ret == LZMA_MEMLIMIT_ERROR ? "needs too much memory" : "corrupt");
		goto out;
	}
	rc = 0;
out:
	lzma_end(&s);
	return rc;
}

static int unzstd(const unsigned char *in, size_t len, struct outbuf *o, char *err,
		  size_t errlen)
{
	ZSTD_DCtx *dc = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { in, len, 0 };
	size_t ret = 1;
	int rc = -1;

	if (!dc) {
		snprintf(err, errlen, "cannot start the zstd decoder");
		return -1;
	}
	/* frame after frame, until the input is used up at the end of one */
	while (ib.pos < ib.size || ret) {
		ZSTD_outBuffer ob;

		if (o->len == o->cap && !outbuf_grow(o)) {
			snprintf(err, errlen, "decompresses to more than %s", size_str(o->limit));
			goto out;
		}
		ob.dst = o->p;
		ob.size = o->cap;
		ob.pos = o->len;
		ret = ZSTD_decompressStream(dc, &ob, &ib);
		o->len = ob.pos;
		if (ZSTD_isError(ret)) {
			snprintf(err, errlen, "zstd data corrupt (%s)", ZSTD_getErrorName(ret));
			goto out;
		}
		/* all input given, room left, and still not the end of a frame */
		if (ret && ib.pos == ib.size && ob.pos < ob.size) {
			snprintf(err, errlen, "zstd data truncated");
			goto out;
		}
	}
	rc = 0;
out:
	ZSTD_freeDCtx(dc);
	return rc;
}

static int read_all(const char *path, size_t limit, unsigned char **buf, size_t *size,
		    char *err, size_t errlen)
{
	unsigned char *p = NULL;
	struct stat st;
	size_t done = 0;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "not a regular file");
		goto out;
	}
	if ((uint64_t)st.st_size > limit) {
		snprintf(err, errlen, "larger than %s", size_str(limit));
		goto out;
	}
	p = malloc(st.st_size ? st.st_size : 1);
	if (!p) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, p + done, st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "read: %s", n ? strerror(errno) : "file shrank");
			goto out;
		}
		done += n;
	}
	*buf = p;
	*size = done;
	p = NULL;
	rc = 0;
out:
	free(p);
	close(fd);
	return rc;
}

int modfile__read(const char *path, size_t limit, void **buf, size_t *size,
		  const char **compression, char *err, size_t errlen)
{
	struct outbuf o = { .limit = limit };
	const char *comp;
	unsigned char *raw;
	size_t len;
	int rc;

	if (read_all(path, limit, &raw, &len, err, errlen))
		return -1;
	comp = modfile__compression(raw, len);
	*compression = comp;
	if (!strcmp(comp, "none")) {
		*buf = raw;
		*size = len;
		return 0;
	}
	rc = !strcmp(comp, "xz") ? unxz(raw, len, &o, err, errlen) :
				   unzstd(raw, len, &o, err, errlen);
	free(raw);
	if (rc) {
		free(o.p);
		return -1;
	}
	*buf = o.p;
	*size = o.len;
	return 0;
}
