/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ringbuf.h - BPF ring buffers read by the frontend: libbpf's ring_buffer
 * API, with the data area mapped once instead of twice.
 *
 * libbpf maps a ring buffer's data twice in a row, so that a record that
 * wraps around its end reads as one; the kernel fills every page of such a
 * mapping at mmap() time, and all of them count in the process's RSS: the
 * default 8 MiB events buffer alone made 16 MiB of the daemon's.  Here the
 * data is mapped once, and the rare record that wraps is copied whole into
 * a buffer before it is handed out.  Records are handed out, consumed and
 * stopped on exactly as libbpf does (a callback's negative return stops
 * the reading, after that record).
 */
#ifndef WR_RINGBUF_H
#define WR_RINGBUF_H

#include <stddef.h>

struct wr_ringbuf;

typedef int (*wr_ringbuf_fn)(void *ctx, void *data, size_t size);

/* Read ring-buffer map MAP_FD, records to FN; NULL with errno set on failure. */
struct wr_ringbuf *ringbuf__new(int map_fd, wr_ringbuf_fn fn, void *ctx);
/* One more ring buffer read with the others; 0 or -errno. */
int ringbuf__add(struct wr_ringbuf *rb, int map_fd, wr_ringbuf_fn fn, void *ctx);
/*
 * Wait up to TIMEOUT_MS for a ring buffer to wake us, read those that did;
 * records read, or a callback's negative return, or -errno.
 */
int ringbuf__poll(struct wr_ringbuf *rb, int timeout_ms);
/* Read every ring buffer now; records read, or a callback's negative return. */
int ringbuf__consume(struct wr_ringbuf *rb);
int ringbuf__epoll_fd(const struct wr_ringbuf *rb);
void ringbuf__free(struct wr_ringbuf *rb);

#endif
