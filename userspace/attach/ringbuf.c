// SPDX-License-Identifier: GPL-2.0
/* ringbuf.c - BPF ring buffers, data mapped once (see ringbuf.h). */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>

#include "attach/ringbuf.h"

struct ring {
	wr_ringbuf_fn fn;
	void *ctx;
	unsigned long *consumer_pos;	/* the writable first page */
	const unsigned long *producer_pos;	/* the read-only mapping's first page */
	const char *data;		/* and its data, once */
	size_t mask;			/* data bytes - 1 (a power of 2) */
	size_t map_len;			/* of the read-only mapping */
};

struct wr_ringbuf {
	struct ring *rings;
	int nr;
	int epoll_fd;
	struct epoll_event *events;	/* one per ring */
	char *bounce;			/* a record that wraps, made whole */
	size_t bounce_len;
};

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static void ring_unmap(struct ring *r)
{
	if (r->consumer_pos)
		munmap(r->consumer_pos, page_size());
	if (r->producer_pos)
		munmap((void *)r->producer_pos, r->map_len);
	memset(r, 0, sizeof(*r));
}

int ringbuf__add(struct wr_ringbuf *rb, int map_fd, wr_ringbuf_fn fn, void *ctx)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	struct epoll_event ev = { .events = EPOLLIN };
	struct ring *grown, *r;
	struct epoll_event *evs;
	size_t ps = page_size();
	void *p;
	int err;

	if (bpf_obj_get_info_by_fd(map_fd, &info, &len))
		return -errno;
	if (info.type != BPF_MAP_TYPE_RINGBUF || !info.max_entries ||
	    (info.max_entries & (info.max_entries - 1)))
		return -EINVAL;
	grown = realloc(rb->rings, (rb->nr + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	rb->rings = grown;
	evs = realloc(rb->events, (rb->nr + 1) * sizeof(*evs));
	if (!evs)
		return -ENOMEM;
	rb->events = evs;
	r = &rb->rings[rb->nr];
	memset(r, 0, sizeof(*r));
	r->fn = fn;
	r->ctx = ctx;
	r->mask = info.max_entries - 1;
	p = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	r->consumer_pos = p;
	/* the producer's page and the data, once: not the kernel's second copy */
	r->map_len = ps + info.max_entries;
	p = mmap(NULL, r->map_len, PROT_READ, MAP_SHARED, map_fd, ps);
	if (p == MAP_FAILED) {
		err = -errno;
		ring_unmap(r);
		return err;
	}
	r->producer_pos = p;
	r->data = (const char *)p + ps;
	ev.data.u32 = rb->nr;
	if (epoll_ctl(rb->epoll_fd, EPOLL_CTL_ADD, map_fd, &ev)) {
		err = -errno;
		ring_unmap(r);
		return err;
	}
	rb->nr++;
	return 0;
}

struct wr_ringbuf *ringbuf__new(int map_fd, wr_ringbuf_fn fn, void *ctx)
{
	struct wr_ringbuf *rb = calloc(1, sizeof(*rb));
	int err;

	if (!rb)
		return NULL;
	rb->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (rb->epoll_fd < 0) {
		err = -errno;
		goto fail;
	}
	err = ringbuf__add(rb, map_fd, fn, ctx);
	if (err)
		goto fail;
	return rb;
fail:
	ringbuf__free(rb);
	errno = -err;
	return NULL;
}

/* The record of SIZE bytes at data offset OFF, whole: in place, or copied if it wraps. */
static void *record(struct wr_ringbuf *rb, const struct ring *r, size_t off, size_t size)
{
	size_t first = r->mask + 1 - off;
	char *b;

	if (size <= first)
		return (void *)(r->data + off);
	if (size > rb->bounce_len) {
		b = realloc(rb->bounce, size);
		if (!b)
			return NULL;
		rb->bounce = b;
		rb->bounce_len = size;
	}
	memcpy(rb->bounce, r->data + off, first);
	memcpy(rb->bounce + first, r->data, size - first);
	return rb->bounce;
}

/* What libbpf's ringbuf_process_ring() does: records read, or a negative return. */
static int64_t read_ring(struct wr_ringbuf *rb, struct ring *r)
{
	unsigned long cons = __atomic_load_n(r->consumer_pos, __ATOMIC_ACQUIRE), prod;
	int64_t cnt = 0;
	bool got_new;
	int err;

	do {
		got_new = false;
		prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
		while (cons < prod) {
			const __u32 *hdr = (const __u32 *)(r->data + (cons & r->mask));
			__u32 len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
			__u32 size = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
			void *sample;

			if (len & BPF_RINGBUF_BUSY_BIT)
				return cnt;
			got_new = true;
			cons += (size + BPF_RINGBUF_HDR_SZ + 7) & ~7ul;
			if (!(len & BPF_RINGBUF_DISCARD_BIT)) {
				sample = record(rb, r, ((const char *)hdr - r->data +
							BPF_RINGBUF_HDR_SZ) & r->mask, size);
				err = sample ? r->fn(r->ctx, sample, size) : -ENOMEM;
				if (err < 0) {
					__atomic_store_n(r->consumer_pos, cons, __ATOMIC_RELEASE);
					return err;
				}
				cnt++;
			}
			__atomic_store_n(r->consumer_pos, cons, __ATOMIC_RELEASE);
			if (cnt == INT_MAX)
				return cnt;
		}
	} while (got_new);
	return cnt;
}

int ringbuf__consume(struct wr_ringbuf *rb)
{
	int64_t n, res = 0;
	int i;

	for (i = 0; i < rb->nr; i++) {
		n = read_ring(rb, &rb->rings[i]);
		if (n < 0)
			return (int)n;
		res += n;
		if (res > INT_MAX)
			return INT_MAX;
	}
	return (int)res;
}

int ringbuf__poll(struct wr_ringbuf *rb, int timeout_ms)
{
	int64_t n, res = 0;
	int i, cnt;

	cnt = epoll_wait(rb->epoll_fd, rb->events, rb->nr, timeout_ms);
	if (cnt < 0)
		return -errno;
	for (i = 0; i < cnt; i++) {
		n = read_ring(rb, &rb->rings[rb->events[i].data.u32]);
		if (n < 0)
			return (int)n;
		res += n;
		if (res > INT_MAX)
			return INT_MAX;
	}
	return (int)res;
}

int ringbuf__epoll_fd(const struct wr_ringbuf *rb)
{
	return rb->epoll_fd;
}

void ringbuf__free(struct wr_ringbuf *rb)
{
	int i;

	if (!rb)
		return;
	for (i = 0; i < rb->nr; i++)
		ring_unmap(&rb->rings[i]);
	if (rb->epoll_fd >= 0)
		close(rb->epoll_fd);
	free(rb->rings);
	free(rb->events);
	free(rb->bounce);
	free(rb);
}
