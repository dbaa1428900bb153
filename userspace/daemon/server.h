/* SPDX-License-Identifier: GPL-2.0 */
/*
 * server.h - the daemon's listeners (control socket, metrics port) served
 * without ever blocking the loop that reads the ring buffers: every socket
 * is non-blocking, each client has its own request and answer buffers and
 * a deadline, and while the table is full newcomers wait in the listen
 * backlog (bounded by the kernel) for a slot.
 *
 * The loop asks server__pollfds() what to wait for and server__timeout_ms()
 * how long, polls, then calls server__step(), which accepts every pending
 * connection, reads what came, answers complete requests and sends what the
 * client takes.  A request is answered into memory by the server's
 * function, so the answer reflects one instant and a slow reader holds only
 * its own buffer.
 */
#ifndef WR_SERVER_H
#define WR_SERVER_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define WR_SERVER_MAX_CONNS	32
#define WR_SERVER_REQ_MAX	1024

/*
 * The control socket frames every answer: a header line
 * "wakeref-answer LEN\n", then exactly LEN bytes.  A client that gets fewer
 * knows the answer was cut.
 */
#define WR_ANSWER_HEADER	"wakeref-answer "

enum wr_proto {
	WR_PROTO_CONTROL,	/* one line; root only (SO_PEERCRED); framed answer */
	WR_PROTO_HTTP,		/* GET anything; HTTP/1.0 with Content-Length */
};

/* Answer request REQ (one line, no newline) into OUT. */
typedef void (*server_fn)(void *ctx, const char *req, FILE *out);

struct wr_conn {
	int fd;			/* -1: a free slot */
	bool answering;		/* request complete, answer being sent */
	char req[WR_SERVER_REQ_MAX];
	size_t req_len;
	char head[160];		/* the answer's frame, sent before OUT */
	size_t head_len;
	/*
	 * The answer, as the server's function wrote it.  The first
	 * WR_SERVER_KEEP_SLOTS slots keep its memory for the next client (up
	 * to WR_SERVER_KEEP bytes): a dump of 10,000 owners is a megabyte, and
	 * memory that is new to the process costs a page fault a page.  Clients
	 * one after the other take the first slot.
	 */
	char *out;
	size_t out_len, out_cap, out_off;	/* OUT_OFF counts HEAD's bytes too */
	uint64_t deadline_ns;	/* closed when reached */
};

#define WR_SERVER_KEEP		(8u << 20)
#define WR_SERVER_KEEP_SLOTS	4

struct wr_server {
	int lfd;
	enum wr_proto proto;
	server_fn fn;
	void *ctx;
	unsigned int max_conns;		/* <= WR_SERVER_MAX_CONNS */
	uint64_t read_timeout_ns;	/* the whole request must come by then */
	uint64_t send_timeout_ns;	/* the client must take some bytes by then */
	struct wr_conn conns[WR_SERVER_MAX_CONNS];
	/* figures, for stats and tests */
	uint64_t served, timed_out, refused;
};

/* Serve listening socket LFD (made non-blocking) with FN; defaults set. */
void server__init(struct wr_server *srv, int lfd, enum wr_proto proto, server_fn fn,
		  void *ctx);
/* The descriptors to poll (the listener unless full, every client): how many. */
int server__pollfds(const struct wr_server *srv, struct pollfd *pfd, int max);
/* Milliseconds until the nearest deadline, at most CAP_MS. */
int server__timeout_ms(const struct wr_server *srv, uint64_t now_ns, int cap_ms);
/* Accept, read, answer, send and expire, without blocking. */
void server__step(struct wr_server *srv, uint64_t now_ns);
/* Clients being served now. */
unsigned int server__nr_conns(const struct wr_server *srv);
/* Close every client and the listener. */
void server__close(struct wr_server *srv);

#endif
