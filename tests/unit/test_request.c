// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the dump request across versions (daemon/request.c, the
 * client cmd/client.c over daemon/control.c, served by daemon/server.c):
 * a client's --device/--pid must never come back as a whole dump.  Two
 * daemons answer on a real socket: OLD reads requests as every daemon
 * before the filters did (the first word, then "dump FORMAT" and nothing
 * after it), NEW through request__parse_dump(), as cmd_daemon.c does.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <getopt.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd/client.h"
#include "daemon/control.h"
#include "daemon/request.h"
#include "daemon/server.h"
#include "log_capture.h"
#include "unit.h"

static char dir[64];
static char path[100];

/* As the daemons before the filters: "dump FORMAT" read, the rest ignored. */
static void old_daemon(void *ctx, const char *req, FILE *out)
{
	char fmt[32] = "text";

	(void)ctx;
	if (!strcmp(req, "stats"))
		fprintf(out, "stats\n");
	else if (!strcmp(req, "dump") || sscanf(req, "dump %31s", fmt) == 1)
		fprintf(out, "whole dump, format %s\n", fmt);
	else
		fprintf(out, "error: unknown request '%s' (dump [FORMAT], view NAME [FORMAT], "
			"stats, metrics)\n", req);
}

/* As cmd_daemon.c's answer(): what the daemon narrows the dump to. */
static void new_daemon(void *ctx, const char *req, FILE *out)
{
	struct wr_dump_req d;
	char err[256];
	int r = request__parse_dump(req, &d, err, sizeof(err));

	(void)ctx;
	if (r < 0)
		fprintf(out, "error: %s\n", err);
	else if (r)
		fprintf(out, "dump format %s device '%s' pid %u\n", d.format, d.device, d.pid);
	else
		fprintf(out, "error: unknown request '%s'\n", req);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* A child serving FN on PATH until killed. */
static pid_t serve(server_fn fn, struct wr_server *srv)
{
	struct pollfd pfd[1 + WR_SERVER_MAX_CONNS];
	struct stat own;
	int fd, n;
	pid_t pid;

	snprintf(dir, sizeof(dir), "/tmp/wr-request-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/control.sock", dir);
	fd = control__listen(path, &own);
	CHECK(fd >= 0);
	server__init(srv, fd, WR_PROTO_CONTROL, fn, NULL);
	pid = fork();
	if (pid == 0) {
		for (;;) {
			n = server__pollfds(srv, pfd, 1 + WR_SERVER_MAX_CONNS);
			poll(pfd, n, server__timeout_ms(srv, now_ns(), 50));
			server__step(srv, now_ns());
		}
	}
	return pid;
}

static void stop(pid_t pid, struct wr_server *srv)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	server__close(srv);
	unlink(path);
	snprintf(path, sizeof(path), "%s/stdout", dir);
	unlink(path);
	CHECK(rmdir(dir) == 0);
}

/*
 * `wakeref dump ARGS...` against the daemon on PATH: its exit status, what
 * it printed on stdout in OUT, what it said in SAID (the log).
 */
static int dump(char *out, size_t size, const char **said, ...)
{
	static const struct client_cmd cc = { .name = "dump", .about = "", .formats = true };
	char *argv[16] = { "dump", "--socket", path };
	int argc = 3, rc, saved, fd;
	char tmp[128];
	va_list ap;
	ssize_t n;

	va_start(ap, said);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	snprintf(tmp, sizeof(tmp), "%s/stdout", dir);
	fflush(stdout);
	saved = dup(1);
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 1);
	optind = 0;
	listen_log();
	rc = client_ask(argc, argv, &cc);
	*said = heard();
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	n = pread(fd, out, size - 1, 0);
	out[n > 0 ? n : 0] = 0;
	close(fd);
	return rc;
}

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* A newer client's filters to an older daemon: refused, one line, nothing printed. */
static void new_client_old_daemon(void)
{
	struct wr_server srv;
	const char *said;
	char out[256];
	pid_t pid = serve(old_daemon, &srv);

	CHECK_EQ_U64(dump(out, sizeof(out), &said, "-j", "--device", "0000:00:02.0", NULL), 1);
	CHECK_STR(out, "");
	CHECK_CONTAINS(said, "is older than this client and cannot narrow a dump by "
		       "--device or --pid");
	CHECK_EQ_U64(lines(said), 1);
	CHECK_EQ_U64(dump(out, sizeof(out), &said, "--pid", "42", NULL), 1);
	CHECK_STR(out, "");
	CHECK_CONTAINS(said, "restart it with this version, or ask without them");
	/* without filters every daemon answers, as before */
	CHECK_EQ_U64(dump(out, sizeof(out), &said, "-j", NULL), 0);
	CHECK_STR(out, "whole dump, format json\n");
	stop(pid, &srv);
}

/* This client and this daemon: the filters arrive; without, the old line. */
static void new_client_new_daemon(void)
{
	struct wr_server srv;
	const char *said;
	char out[256];
	pid_t pid = serve(new_daemon, &srv);

	CHECK_EQ_U64(dump(out, sizeof(out), &said, "-f", "owners", "--device", "0000:00:02.0",
			  "--pid", "42", NULL), 0);
	CHECK_STR(out, "dump format owners device '0000:00:02.0' pid 42\n");
	CHECK_EQ_U64(dump(out, sizeof(out), &said, "--pid", "7", NULL), 0);
	CHECK_STR(out, "dump format text device '' pid 7\n");
	CHECK_EQ_U64(dump(out, sizeof(out), &said, NULL), 0);
	CHECK_STR(out, "dump format text device '' pid 0\n");
	stop(pid, &srv);
}

/* What clients sent before: the first filtered form is still honoured. */
static void old_requests_new_daemon(void)
{
	struct wr_dump_req d;
	char err[256];

	CHECK_EQ_U64(request__parse_dump("dump json device=0000:03:00.0 pid=12", &d, err,
					 sizeof(err)), 1);
	CHECK_STR(d.format, "json");
	CHECK_STR(d.device, "0000:03:00.0");
	CHECK_EQ_U64(d.pid, 12);
	CHECK_EQ_U64(request__parse_dump("dump", &d, err, sizeof(err)), 1);
	CHECK_STR(d.format, "text");
	CHECK_STR(d.device, "");
	CHECK_EQ_U64(request__parse_dump("stats", &d, err, sizeof(err)), 0);
	CHECK_EQ_U64(request__parse_dump("view userfault json", &d, err, sizeof(err)), 0);
}

/* A filter this daemon does not know (a newer client's): refused, by name. */
static void unknown_filter_is_refused(void)
{
	struct wr_server srv;
	struct wr_dump_req d;
	char err[256], out[256];
	const char *said;
	FILE *f;
	pid_t pid;

	CHECK_EQ_U64(request__parse_dump("filter device=card0 since=5 dump text", &d, err,
					 sizeof(err)), -1);
	CHECK_CONTAINS(err, "unknown dump filter 'since=5'");
	CHECK_EQ_U64(request__parse_dump("dump text since=5", &d, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "unknown dump filter 'since=5'");
	CHECK_EQ_U64(request__parse_dump("dump text pid=0", &d, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "bad dump filter 'pid=0'");
	CHECK_EQ_U64(request__parse_dump("filter pid=3", &d, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "without 'dump FORMAT'");
	/* over the socket: the client says the daemon's words, one line */
	pid = serve(new_daemon, &srv);
	f = fmemopen(out, sizeof(out), "w");
	listen_log();
	CHECK(control__ask(path, "filter since=5 dump text", "older", f) == -EACCES);
	fclose(f);
	said = heard();
	CHECK_CONTAINS(said, "the daemon refused: unknown dump filter 'since=5'");
	CHECK_EQ_U64(lines(said), 1);
	stop(pid, &srv);
}

/* The line a client sends: whole dumps in the form every daemon knows. */
static void request_lines(void)
{
	struct wr_dump_req d = { .format = "json" };
	char buf[160];

	CHECK(request__dump_line(buf, sizeof(buf), &d) == 0);
	CHECK_STR(buf, "dump json");
	d.pid = 9;
	CHECK(request__dump_line(buf, sizeof(buf), &d) == 0);
	CHECK_STR(buf, "filter pid=9 dump json");
	snprintf(d.device, sizeof(d.device), "0000:00:02.0");
	CHECK(request__dump_line(buf, sizeof(buf), &d) == 0);
	CHECK_STR(buf, "filter device=0000:00:02.0 pid=9 dump json");
	CHECK(request__dump_line(buf, 10, &d) == -E2BIG);
}

UNIT_MAIN("request",
	T(request_lines),
	T(new_client_old_daemon),
	T(new_client_new_daemon),
	T(old_requests_new_daemon),
	T(unknown_filter_is_refused))
