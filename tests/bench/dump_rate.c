// SPDX-License-Identifier: GPL-2.0
/*
 * dump_rate.c - dump requests a second, the figure of issue #19: one
 * client asking again as soon as it has the whole answer, over the control
 * socket's protocol (a connection per request, the framed answer read to
 * its last byte).  One JSON line per request:
 *
 *   {"dump_rate":{"where":W,"owners":N,"request":R,"answers":A,"seconds":S,
 *                 "per_s":P,"bytes":B,"floor_ratio":F}}
 *
 * B is the size of one answer; F is P over the rate of the request floor
 * measured in the same run ("dump none": the daemon's fixed cost of a dump
 * request, answered with an error, so the connection, the framing and
 * what the daemon does before any report).
 *
 *   dump_rate client SOCKET SECONDS OWNERS   a running daemon (the guest's
 *                                            make bench), OWNERS held
 *   dump_rate host KALLSYMS SECONDS OWNERS   the host: a table of OWNERS
 *                                            owners built without BPF, served
 *                                            by the daemon's server and dump
 *                                            path (daemon/dump.c) in a child
 *
 * Both ask for the floor, then text, json and owners.  The host's table is
 * shaped like the guest's: every owner from one task through one stack (the
 * simulated driver's leaky path in a write()), then the same count again
 * spread over 64 tasks, 8 stacks and 4 system calls ("mixed").
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon/control.h"
#include "daemon/dump.h"
#include "daemon/server.h"
#include "kernel/ksyms.h"
#include "model/owners.h"
#include "output/rcache.h"
#include "output/report.h"

static const char *const requests[] = { "dump none", "dump text", "dump json", "dump owners" };
#define NR_REQUESTS (sizeof(requests) / sizeof(requests[0]))

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* One request, its answer read whole: its body's size, or -1. */
static long ask(const char *path, const char *req)
{
	static char buf[1 << 16];
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	unsigned long long len;
	size_t got = 0, body = 0;
	char *nl = NULL;
	long ret = -1;
	ssize_t n;
	int fd;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) ||
	    dprintf(fd, "%s\n", req) != (int)strlen(req) + 1)
		goto out;
	shutdown(fd, SHUT_WR);
	while (!nl && got < 64) {
		n = read(fd, buf + got, sizeof(buf) - got);
		if (n <= 0)
			goto out;
		got += n;
		nl = memchr(buf, '\n', got);
	}
	if (!nl || sscanf(buf, WR_ANSWER_HEADER "%llu", &len) != 1)
		goto out;
	body = got - (nl + 1 - buf);
	/* the floor is answered with an error; a report never is */
	if (strcmp(req, requests[0]) && body >= 7 && !memcmp(nl + 1, "error: ", 7))
		goto out;
	while (body < len) {
		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			goto out;
		body += n;
	}
	ret = body == len ? (long)len : -1;
out:
	close(fd);
	return ret;
}

/* Ask REQ for SECONDS (at least 3 answers); the rate into *PER_S.  0 or -1. */
static int rate(const char *path, const char *req, double seconds, double *per_s, long *bytes,
		unsigned long *answers, double *took)
{
	uint64_t start = now_ns(), end = start + seconds * 1e9, t;

	*answers = 0;
	do {
		*bytes = ask(path, req);
		if (*bytes < 0) {
			fprintf(stderr, "dump_rate: '%s' on %s: no whole answer\n", req, path);
			return -1;
		}
		++*answers;
		t = now_ns();
	} while (t < end || *answers < 3);
	*took = (t - start) / 1e9;
	*per_s = *answers / *took;
	return 0;
}

static int measure(const char *where, const char *path, double seconds, long owners)
{
	double per_s, floor = 0, took;
	unsigned long answers;
	size_t i;
	long bytes;

	for (i = 0; i < NR_REQUESTS; i++) {
		if (rate(path, requests[i], seconds, &per_s, &bytes, &answers, &took))
			return 1;
		if (!i)
			floor = per_s;
		printf("{\"dump_rate\":{\"where\":\"%s\",\"owners\":%ld,\"request\":\"%s\","
		       "\"answers\":%lu,\"seconds\":%.3f,\"per_s\":%.0f,\"bytes\":%ld,"
		       "\"floor_ratio\":%.3f}}\n", where, owners, requests[i], answers, took,
		       per_s, bytes, floor ? per_s / floor : 0);
		fflush(stdout);
	}
	return 0;
}

/* The host's table (see the top of this file). */
static uint64_t clock_ns = 1000000000ull;

static void get(struct wr_owners *ot, uint32_t pid, int site, int32_t sys_nr)
{
	static const uint64_t callers[8] = {
		0xffffffffc0200100ull, 0xffffffffc0200080ull, 0xffffffffc0200180ull,
		0xffffffffc0200300ull, 0xffffffffc0200100ull, 0xffffffffc0200080ull,
		0xffffffffc0200180ull, 0xffffffffc0200300ull,
	};
	uint64_t frames[6] = { 0xffffffffc0200010ull, callers[site] + 0x10 + site,
			       0xffffffffc0200190ull, 0xffffffff81001234ull,
			       0xffffffff81001310ull, 0xffffffff81003410ull };
	struct wr_site s = { .frames = frames, .nr_frames = 6, .caller = callers[site] };
	struct wr_event e;

	memset(&e, 0, sizeof(e));
	e.ts_ns = (clock_ns += 1000);
	e.obj = 0xffff888012340000ull;
	e.type = WR_EV_GET;
	e.hook = WR_HOOK_I915_RPM_GET;
	e.flags = WR_EVF_WAKELOCK | WR_EVF_SYSCALL;
	e.sys_nr = sys_nr;
	if (sys_nr == WR_NR_IOCTL) {
		e.ioctl_cmd = 0xc0106440 + pid % 3;
		e.client = 0xffff888099990000ull + (pid % 5) * 0x100;
	}
	e.pid = e.tgid = pid;
	e.driver = WR_DRV_I915;
	e.usage_count = -1;
	snprintf(e.comm, sizeof(e.comm), "task%u", pid);
	snprintf(e.dev, sizeof(e.dev), "0000:00:02.0");
	owners__apply(ot, &e, &s);
}

struct host_ctx {
	struct wr_owners *ot;
	struct ksyms *ks;
	struct wr_rcache rc;	/* as the daemon keeps it */
};

static void host_answer(void *ctx, const char *req, FILE *out)
{
	struct host_ctx *h = ctx;
	static const struct wr_loss loss = { .events = 10000 };
	struct report_opts ro = { .format = WR_FMT_TEXT, .loss = &loss, .now_ns = clock_ns,
				  .cache = &h->rc };

	if (!dump__answer(req, h->ot, h->ks, &ro, out))
		fprintf(out, "error: unknown request '%s'\n", req);
}

static pid_t serve(struct wr_server *srv)
{
	struct pollfd pfd[1 + WR_SERVER_MAX_CONNS];
	pid_t pid = fork();
	int n;

	if (pid)
		return pid;
	for (;;) {
		n = server__pollfds(srv, pfd, 1 + WR_SERVER_MAX_CONNS);
		poll(pfd, n, server__timeout_ms(srv, now_ns(), 50));
		server__step(srv, now_ns());
	}
}

static int host(const char *kallsyms, double seconds, long owners)
{
	static const int32_t sys[4] = { 1, WR_NR_IOCTL, 0, 9 };
	struct host_ctx h = { .ks = ksyms__load(kallsyms) };
	char dir[] = "/tmp/wr-dump-rate-XXXXXX", path[64];
	struct wr_server srv;
	struct stat own;
	int shape, err = 1, fd;
	long i;
	pid_t pid;

	if (!h.ks || !mkdtemp(dir)) {
		fprintf(stderr, "dump_rate: cannot load %s or make a directory\n", kallsyms);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/control.sock", dir);
	for (shape = 0; shape < 2; shape++) {
		h.ot = owners__new(~0ull);
		rcache__init(&h.rc);
		for (i = 0; i < owners; i++)
			if (shape)
				get(h.ot, 1000 + i % 64, i % 8, sys[i % 4]);
			else
				get(h.ot, 212, 0, 1);
		fd = control__listen(path, &own);
		if (fd < 0) {
			fprintf(stderr, "dump_rate: cannot listen on %s: %s\n", path,
				strerror(-fd));
			break;
		}
		server__init(&srv, fd, WR_PROTO_CONTROL, host_answer, &h);
		pid = serve(&srv);
		err = measure(shape ? "host, mixed" : "host", path, seconds, owners);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		server__close(&srv);
		control__unlink(path, &own);
		rcache__free(&h.rc);
		owners__free(h.ot);
		if (err)
			break;
	}
	rmdir(dir);
	ksyms__free(h.ks);
	return err;
}

int main(int argc, char **argv)
{
	double seconds = argc == 5 ? atof(argv[3]) : 0;
	long owners = argc == 5 ? atol(argv[4]) : 0;

	if (argc != 5 || seconds <= 0 || owners <= 0 ||
	    (strcmp(argv[1], "client") && strcmp(argv[1], "host"))) {
		fprintf(stderr, "usage: dump_rate client SOCKET SECONDS OWNERS\n"
			"       dump_rate host KALLSYMS SECONDS OWNERS\n");
		return 2;
	}
	if (!strcmp(argv[1], "client"))
		return measure("guest", argv[2], seconds, owners);
	if (geteuid()) {
		fprintf(stderr, "dump_rate: the control socket answers root only: run "
			"make bench-host as root for the dump figures\n");
		return 0;
	}
	return host(argv[2], seconds, owners);
}
