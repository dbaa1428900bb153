// SPDX-License-Identifier: GPL-2.0
/* request.c - the control socket's dump request, both sides (see request.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/request.h"

int request__dump_line(char *buf, size_t size, const struct wr_dump_req *req)
{
	char pid[24] = "";
	int n;

	if (!req->device[0] && !req->pid) {
		n = snprintf(buf, size, "dump %s", req->format);
	} else {
		if (req->pid)
			snprintf(pid, sizeof(pid), " pid=%u", req->pid);
		n = snprintf(buf, size, WR_REQ_FILTER "%s%s%s dump %s",
			     req->device[0] ? " device=" : "", req->device, pid, req->format);
	}
	return n < 0 || (size_t)n >= size ? -E2BIG : 0;
}

/* One filter word W of LEN bytes into REQ: 0, or -1 with ERR said. */
static int parse_filter(const char *w, size_t len, struct wr_dump_req *req, char *err,
			size_t err_size)
{
	char num[16], *end;
	unsigned long v;

	if (len > 7 && !strncmp(w, "device=", 7)) {
		if (len - 7 >= sizeof(req->device))
			goto bad;
		memcpy(req->device, w + 7, len - 7);
		req->device[len - 7] = 0;
		return 0;
	}
	if (len > 4 && !strncmp(w, "pid=", 4)) {
		if (len - 4 >= sizeof(num))
			goto bad;
		memcpy(num, w + 4, len - 4);
		num[len - 4] = 0;
		errno = 0;
		v = strtoul(num, &end, 10);
		if (errno || *end || num[0] < '1' || num[0] > '9' || v > 0x7fffffff)
			goto bad;
		req->pid = v;
		return 0;
	}
	snprintf(err, err_size, "unknown dump filter '%.*s': this daemon narrows a dump by "
		 "device= and pid= only (it is older than its client: restart it with the "
		 "client's version, or ask without that option)", (int)len, w);
	return -1;
bad:
	snprintf(err, err_size, "bad dump filter '%.*s'", (int)len, w);
	return -1;
}

#define MAX_WORDS 8

/* Split LINE at spaces into W (pointers into a copy in BUF): the count, or -1 if too many. */
static int split(const char *line, char *buf, size_t size, char **w)
{
	char *save, *t;
	int n = 0;

	snprintf(buf, size, "%s", line);
	for (t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (n == MAX_WORDS)
			return -1;
		w[n++] = t;
	}
	return n;
}

int request__parse_dump(const char *line, struct wr_dump_req *req, char *err, size_t err_size)
{
	char buf[1024], *w[MAX_WORDS];
	int n = split(line, buf, sizeof(buf), w), i = 1;
	bool filter;

	memset(req, 0, sizeof(*req));
	snprintf(req->format, sizeof(req->format), "text");
	if (n < 0 && (!strncmp(line, "dump ", 5) || !strncmp(line, WR_REQ_FILTER " ", 7))) {
		snprintf(err, err_size, "a dump request of more than %d words", MAX_WORDS);
		return -1;
	}
	if (n < 1 || (strcmp(w[0], "dump") && strcmp(w[0], WR_REQ_FILTER)))
		return 0;
	filter = !strcmp(w[0], WR_REQ_FILTER);
	/* filter [FILTER...] dump [FORMAT] | dump [FORMAT] [FILTER...] */
	for (; filter && i < n && strcmp(w[i], "dump"); i++) {
		if (parse_filter(w[i], strlen(w[i]), req, err, err_size))
			return -1;
	}
	if (filter && i++ == n) {
		snprintf(err, err_size, "a '" WR_REQ_FILTER "' request without 'dump FORMAT'");
		return -1;
	}
	if (i < n && !strchr(w[i], '=')) {
		if (strlen(w[i]) >= sizeof(req->format)) {
			snprintf(err, err_size, "unknown format '%.40s'", w[i]);
			return -1;
		}
		snprintf(req->format, sizeof(req->format), "%s", w[i++]);
	}
	for (; i < n; i++) {
		if (parse_filter(w[i], strlen(w[i]), req, err, err_size))
			return -1;
	}
	return 1;
}
