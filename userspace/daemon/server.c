// SPDX-License-Identifier: GPL-2.0
/*
 * server.c - the daemon's listeners, served without blocking (see
 * server.h).  Everything a client sends is untrusted: the request is
 * bounded, must arrive by a deadline, and a client that stops taking its
 * answer is dropped when the send deadline passes; none of it can hold the
 * loop that reads the ring buffers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "daemon/server.h"

#define NS_PER_MS		1000000ull
#define ACCEPTS_PER_STEP	64	/* a connect flood cannot starve the loop */

void server__init(struct wr_server *srv, int lfd, enum wr_proto proto, server_fn fn,
		  void *ctx)
{
	unsigned int i;

	memset(srv, 0, sizeof(*srv));
	srv->lfd = lfd;
	srv->proto = proto;
	srv->fn = fn;
	srv->ctx = ctx;
	srv->max_conns = proto == WR_PROTO_HTTP ? 16 : WR_SERVER_MAX_CONNS;
	srv->read_timeout_ns = 2000 * NS_PER_MS;
	srv->send_timeout_ns = proto == WR_PROTO_HTTP ? 5000 * NS_PER_MS : 10000 * NS_PER_MS;
	for (i = 0; i < WR_SERVER_MAX_CONNS; i++)
		srv->conns[i].fd = -1;
	if (lfd >= 0)
		fcntl(lfd, F_SETFL, fcntl(lfd, F_GETFL) | O_NONBLOCK);
}

static void conn_close(struct wr_server *srv, struct wr_conn *c)
{
	char sink[512], *out;
	size_t cap;
	int i;

	/* unread bytes make close() send a reset, which can cut the answer */
	if (c->answering && c->out_off == c->head_len + c->out_len) {
		shutdown(c->fd, SHUT_WR);
		for (i = 0; i < 8 && read(c->fd, sink, sizeof(sink)) > 0; i++)
			;
	}
	close(c->fd);
	out = c->out;
	cap = c->out_cap;
	if (cap > WR_SERVER_KEEP || c - srv->conns >= WR_SERVER_KEEP_SLOTS) {
		free(out);
		out = NULL;
		cap = 0;
	}
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->out = out;
	c->out_cap = cap;
}

/* Room for LEN more bytes of answer in C's buffer; 0 or -ENOMEM. */
static int out_room(struct wr_conn *c, size_t len)
{
	size_t cap = c->out_cap ? c->out_cap : 64 << 10;
	char *grown;

	while (cap - c->out_len < len) {
		if (cap > SIZE_MAX / 2)
			return -ENOMEM;
		cap *= 2;
	}
	if (cap == c->out_cap)
		return 0;
	grown = realloc(c->out, cap);
	if (!grown)
		return -ENOMEM;
	c->out = grown;
	c->out_cap = cap;
	return 0;
}

/* The FILE the server's function writes its answer to, into C's buffer. */
static ssize_t out_write(void *cookie, const char *buf, size_t len)
{
	struct wr_conn *c = cookie;

	if (out_room(c, len)) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(c->out + c->out_len, buf, len);
	c->out_len += len;
	return len;
}

/*
 * The answer in C's buffer framed for the protocol: the frame is sent
 * first, then the answer itself, not a copy of it.
 */
static void frame(struct wr_server *srv, struct wr_conn *c, uint64_t now_ns)
{
	if (srv->proto == WR_PROTO_HTTP)
		c->head_len = snprintf(c->head, sizeof(c->head), "HTTP/1.0 200 OK\r\n"
				       "Content-Type: text/plain; version=0.0.4\r\n"
				       "Content-Length: %zu\r\nConnection: close\r\n\r\n",
				       c->out_len);
	else
		c->head_len = snprintf(c->head, sizeof(c->head), WR_ANSWER_HEADER "%zu\n",
				       c->out_len);
	c->out_off = 0;
	c->answering = true;
	c->deadline_ns = now_ns + srv->send_timeout_ns;
}

/* Answer with a fixed text (a refusal, an error); 0 or -ENOMEM. */
static int answer_text(struct wr_server *srv, struct wr_conn *c, const char *text,
		       uint64_t now_ns)
{
	c->out_len = 0;
	if (out_write(c, text, strlen(text)) < 0)
		return -ENOMEM;
	frame(srv, c, now_ns);
	return 0;
}

static int answer(struct wr_server *srv, struct wr_conn *c, uint64_t now_ns)
{
	static const cookie_io_functions_t io = { .write = out_write };
	FILE *out;

	c->req[c->req_len < sizeof(c->req) ? c->req_len : sizeof(c->req) - 1] = 0;
	c->req[strcspn(c->req, "\r\n")] = 0;
	c->out_len = 0;
	out = fopencookie(c, "w", io);
	if (!out)
		return -ENOMEM;
	srv->fn(srv->ctx, c->req, out);
	if (fclose(out))
		return -ENOMEM;
	frame(srv, c, now_ns);
	return 0;
}

static bool request_complete(const struct wr_server *srv, const struct wr_conn *c)
{
	if (srv->proto == WR_PROTO_CONTROL)
		return memchr(c->req, '\n', c->req_len) != NULL;
	return memmem(c->req, c->req_len, "\r\n\r\n", 4) || memmem(c->req, c->req_len, "\n\n", 2);
}

static struct wr_conn *free_slot(struct wr_server *srv)
{
	unsigned int i;

	for (i = 0; i < srv->max_conns; i++)
		if (srv->conns[i].fd < 0)
			return &srv->conns[i];
	return NULL;
}

/* Into free slot C: a root-only listener answers anyone else with a refusal. */
static void accept_one(struct wr_server *srv, struct wr_conn *c, int fd, uint64_t now_ns)
{
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	char why[128];

	c->fd = fd;
	c->deadline_ns = now_ns + srv->read_timeout_ns;
	if (srv->proto != WR_PROTO_CONTROL)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) || cred.uid != 0) {
		srv->refused++;
		snprintf(why, sizeof(why), "error: permission denied: only root may use the "
			 "wakeref daemon (uid %d)\n", clen == sizeof(cred) ? (int)cred.uid : -1);
		if (answer_text(srv, c, why, now_ns))
			conn_close(srv, c);
	}
}

/* Read what came; answer a complete request.  false: close it. */
static bool read_some(struct wr_server *srv, struct wr_conn *c, uint64_t now_ns)
{
	ssize_t n;

	for (;;) {
		if (c->req_len >= sizeof(c->req) - 1) {
			if (srv->proto == WR_PROTO_HTTP)	/* enough to know it is a GET */
				return !answer(srv, c, now_ns);
			return !answer_text(srv, c, "error: request too long\n", now_ns);
		}
		n = read(c->fd, c->req + c->req_len, sizeof(c->req) - 1 - c->req_len);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		if (n == 0)	/* the client said all it will say */
			return c->req_len && !answer(srv, c, now_ns);
		c->req_len += n;
		if (request_complete(srv, c))
			return !answer(srv, c, now_ns);
	}
}

/* Send what the client takes, the frame and the answer in one call.  false: done or gone. */
static bool send_some(struct wr_server *srv, struct wr_conn *c, uint64_t now_ns)
{
	struct iovec iov[2];
	struct msghdr msg = { .msg_iov = iov };
	size_t off;
	ssize_t n;

	while (c->out_off < c->head_len + c->out_len) {
		msg.msg_iovlen = 0;
		if (c->out_off < c->head_len)
			iov[msg.msg_iovlen++] = (struct iovec){ c->head + c->out_off,
								c->head_len - c->out_off };
		off = c->out_off > c->head_len ? c->out_off - c->head_len : 0;
		if (off < c->out_len)
			iov[msg.msg_iovlen++] = (struct iovec){ c->out + off, c->out_len - off };
		n = sendmsg(c->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		c->out_off += n;
		c->deadline_ns = now_ns + srv->send_timeout_ns;
	}
	srv->served++;
	return false;
}

void server__step(struct wr_server *srv, uint64_t now_ns)
{
	struct wr_conn *c;
	unsigned int i;
	int fd;

	/*
	 * A full table accepts no more: the rest wait in the listen backlog
	 * (the kernel bounds it) until a slot is free, a deadline at most away.
	 */
	for (i = 0; srv->lfd >= 0 && i < ACCEPTS_PER_STEP && (c = free_slot(srv)); i++) {
		fd = accept4(srv->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			break;
		accept_one(srv, c, fd, now_ns);
	}
	for (i = 0; i < srv->max_conns; i++) {
		bool keep;

		c = &srv->conns[i];
		if (c->fd < 0)
			continue;
		keep = c->answering || read_some(srv, c, now_ns);
		if (keep && c->answering)
			keep = send_some(srv, c, now_ns);
		if (keep && now_ns >= c->deadline_ns) {
			srv->timed_out++;
			keep = false;
		}
		if (!keep)
			conn_close(srv, c);
	}
}

int server__pollfds(const struct wr_server *srv, struct pollfd *pfd, int max)
{
	unsigned int i;
	int n = 0;

	if (srv->lfd >= 0 && n < max && server__nr_conns(srv) < srv->max_conns)
		pfd[n++] = (struct pollfd){ .fd = srv->lfd, .events = POLLIN };
	for (i = 0; i < srv->max_conns && n < max; i++)
		if (srv->conns[i].fd >= 0)
			pfd[n++] = (struct pollfd){ .fd = srv->conns[i].fd,
				.events = srv->conns[i].answering ? POLLOUT : POLLIN };
	return n;
}

int server__timeout_ms(const struct wr_server *srv, uint64_t now_ns, int cap_ms)
{
	uint64_t ms;
	unsigned int i;
	int t = cap_ms;

	for (i = 0; i < srv->max_conns; i++) {
		if (srv->conns[i].fd < 0)
			continue;
		ms = srv->conns[i].deadline_ns <= now_ns ? 0 :
		     (srv->conns[i].deadline_ns - now_ns + NS_PER_MS - 1) / NS_PER_MS;
		if (ms < (uint64_t)t)
			t = ms;
	}
	return t;
}

unsigned int server__nr_conns(const struct wr_server *srv)
{
	unsigned int i, n = 0;

	for (i = 0; i < srv->max_conns; i++)
		n += srv->conns[i].fd >= 0;
	return n;
}

void server__close(struct wr_server *srv)
{
	unsigned int i;

	for (i = 0; i < srv->max_conns; i++) {	/* 0 when never initialised */
		if (srv->conns[i].fd >= 0)
			conn_close(srv, &srv->conns[i]);
		free(srv->conns[i].out);		/* what the slot kept */
		srv->conns[i].out = NULL;
		srv->conns[i].out_cap = 0;
	}
	if (srv->lfd >= 0)
		close(srv->lfd);
	srv->lfd = -1;
}
