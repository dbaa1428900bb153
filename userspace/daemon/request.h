/* SPDX-License-Identifier: GPL-2.0 */
/*
 * request.h - the dump request of the control socket, both sides: the line
 * a client sends for `wakeref dump [-f FORMAT] [--device NAME] [--pid PID]`
 * and the daemon's reading of it.
 *
 * Versions skew (a client and a daemon of different versions): a dump that
 * a daemon cannot narrow must be refused, never answered whole.  Every
 * daemon refuses a request whose first word it does not know ("error:
 * unknown request"), while daemons before the filters answered any line
 * that starts with "dump" as a whole dump.  So:
 *  - a dump without filters is "dump FORMAT", which every daemon answers;
 *  - a dump with filters is "filter [device=NAME] [pid=PID] dump FORMAT":
 *    an older daemon refuses it, and the client says the daemon is older;
 *  - the daemon reads every word and refuses a word it does not know (a
 *    filter of a newer client), naming it;
 *  - "dump FORMAT device=NAME pid=PID", what the first clients with
 *    --device and --pid sent, is still read.
 */
#ifndef WR_DAEMON_REQUEST_H
#define WR_DAEMON_REQUEST_H

#include <stddef.h>

struct wr_dump_req {
	char format[32];	/* "text" when the request names none */
	char device[64];	/* "": every device */
	unsigned int pid;	/* 0: every task */
};

/* The first word of a filtered dump request. */
#define WR_REQ_FILTER "filter"

/* The line (no newline) asking for REQ into BUF: 0, or -E2BIG. */
int request__dump_line(char *buf, size_t size, const struct wr_dump_req *req);

/*
 * Read LINE: 1 and REQ filled when it is a dump request; 0 when it is no
 * dump request (another command); -1 when it is one the daemon cannot
 * answer as asked, ERR (ERR_SIZE bytes) then says why in one line.
 */
int request__parse_dump(const char *line, struct wr_dump_req *req, char *err, size_t err_size);

#endif
