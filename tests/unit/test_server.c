// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the daemon's listeners (daemon/server.c, daemon/control.c)
 * driven over real Unix and loopback sockets: a silent client, a client
 * that never reads a big answer and a flood of clients must not keep the
 * others from their answers within a deadline; deadlines close the silent
 * ones, a full table queues the rest; answers are framed and a cut one is told from a whole one; the
 * socket path is never taken from what is not ours.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon/control.h"
#include "daemon/server.h"
#include "kernel/ksyms.h"
#include "lib/log.h"
#include "output/report.h"
#include "log_capture.h"
#include "unit.h"
#include "events.h"

#define MS 1000000ull

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static size_t big_size = 8 << 20;

/* "big" answers BIG_SIZE bytes, anything else is echoed. */
static void echo(void *ctx, const char *req, FILE *out)
{
	size_t i;

	(void)ctx;
	if (!strcmp(req, "big")) {
		for (i = 0; i < big_size; i++)
			fputc('x', out);
		return;
	}
	fprintf(out, "you said '%s'\n", req);
}

static char dir[64];
static char path[100];

static void fresh_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/wr-server-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/control.sock", dir);
}

static void cleanup_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

static int unix_client(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	CHECK(connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	return fd;
}

/* One poll-and-step of the loop, as the daemon does it. */
static void turn(struct wr_server *srv, int cap_ms)
{
	struct pollfd pfd[1 + WR_SERVER_MAX_CONNS];
	int n = server__pollfds(srv, pfd, 1 + WR_SERVER_MAX_CONNS);

	poll(pfd, n, server__timeout_ms(srv, now_ns(), cap_ms));
	server__step(srv, now_ns());
}

/* Read from non-blocking FD into BUF while serving, until EOF or LIMIT_MS. */
static size_t read_answer(struct wr_server *srv, int fd, char *buf, size_t size, int limit_ms,
			  uint64_t *took_ms)
{
	uint64_t start = now_ns();
	size_t got = 0;
	ssize_t n;

	while (now_ns() - start < limit_ms * MS) {
		turn(srv, 5);
		n = read(fd, buf + got, size - 1 - got);
		if (n == 0)
			break;
		if (n > 0)
			got += n;
	}
	buf[got] = 0;
	*took_ms = (now_ns() - start) / MS;
	return got;
}

static int listen_unix(struct wr_server *srv, struct stat *own)
{
	int fd = control__listen(path, own);

	CHECK(fd >= 0);
	server__init(srv, fd, WR_PROTO_CONTROL, echo, NULL);
	return fd;
}

static void silent_client_does_not_hold_others(void)
{
	struct wr_server srv;
	struct stat own;
	char buf[256];
	uint64_t took;
	int silent, c;

	fresh_dir();
	listen_unix(&srv, &own);
	silent = unix_client();
	turn(&srv, 1);
	c = unix_client();
	CHECK(write(c, "hello\n", 6) == 6);
	read_answer(&srv, c, buf, sizeof(buf), 1000, &took);
	CHECK_STR(buf, WR_ANSWER_HEADER "17\nyou said 'hello'\n");
	CHECK(took < 200);
	CHECK_EQ_U64(server__nr_conns(&srv), 1);	/* the silent one waits */
	close(c);
	close(silent);
	server__close(&srv);
	cleanup_dir();
}

static void silent_client_times_out(void)
{
	struct wr_server srv;
	struct stat own;
	uint64_t start;
	char b;
	int silent;

	fresh_dir();
	listen_unix(&srv, &own);
	srv.read_timeout_ns = 100 * MS;
	silent = unix_client();
	start = now_ns();
	while (server__nr_conns(&srv) || now_ns() - start < 10 * MS) {
		turn(&srv, 20);
		if (now_ns() - start > 1000 * MS)
			break;
	}
	CHECK_EQ_U64(srv.timed_out, 1);
	CHECK(now_ns() - start < 300 * MS);
	CHECK(read(silent, &b, 1) == 0);	/* closed on it */
	close(silent);
	server__close(&srv);
	cleanup_dir();
}

static void non_reader_does_not_hold_others(void)
{
	struct wr_server srv;
	struct stat own;
	char buf[256];
	uint64_t took, start;
	int lazy, lazy2, c, i;

	fresh_dir();
	listen_unix(&srv, &own);
	/*
	 * A deadline far away: the pings must be answered while the one that
	 * never reads is still held (a loop that waited on it would answer
	 * none for 30 s), not because its deadline came.  No timed check.
	 */
	srv.send_timeout_ns = 30000 * MS;
	lazy = unix_client();
	CHECK(write(lazy, "big\n", 4) == 4);
	for (i = 0; i < 5; i++)
		turn(&srv, 1);
	for (i = 0; i < 20; i++) {
		c = unix_client();
		CHECK(write(c, "ping\n", 5) == 5);
		read_answer(&srv, c, buf, sizeof(buf), 5000, &took);
		CHECK_CONTAINS(buf, "you said 'ping'");
		close(c);
	}
	CHECK_EQ_U64(srv.timed_out, 0);
	CHECK_EQ_U64(server__nr_conns(&srv), 1);
	/* and one that never reads is let go at its deadline */
	srv.send_timeout_ns = 200 * MS;
	lazy2 = unix_client();
	CHECK(write(lazy2, "big\n", 4) == 4);
	start = now_ns();
	while (!srv.timed_out && now_ns() - start < 5000 * MS)
		turn(&srv, 20);
	CHECK_EQ_U64(server__nr_conns(&srv), 1);
	CHECK_EQ_U64(srv.timed_out, 1);
	close(lazy2);
	close(lazy);
	server__close(&srv);
	cleanup_dir();
}

/* A full table leaves newcomers in the backlog until a slot is free. */
static void full_table_queues(void)
{
	struct wr_server srv;
	struct stat own;
	char buf[256];
	uint64_t took;
	int a, b, c;

	fresh_dir();
	listen_unix(&srv, &own);
	srv.max_conns = 2;
	a = unix_client();
	b = unix_client();
	turn(&srv, 1);
	c = unix_client();
	CHECK(write(c, "ping\n", 5) == 5);
	CHECK(read_answer(&srv, c, buf, sizeof(buf), 50, &took) == 0);
	CHECK_EQ_U64(server__nr_conns(&srv), 2);
	close(a);	/* its slot frees: the one waiting is served */
	read_answer(&srv, c, buf, sizeof(buf), 500, &took);
	CHECK_CONTAINS(buf, "you said 'ping'");
	CHECK(took < 100);
	close(b);
	close(c);
	server__close(&srv);
	cleanup_dir();
}

static void overlong_request_is_refused(void)
{
	struct wr_server srv;
	struct stat own;
	char buf[4096];
	uint64_t took;
	int c;

	fresh_dir();
	listen_unix(&srv, &own);
	c = unix_client();
	memset(buf, 'a', sizeof(buf));
	CHECK(write(c, buf, sizeof(buf)) == sizeof(buf));
	read_answer(&srv, c, buf, sizeof(buf), 500, &took);
	CHECK_CONTAINS(buf, "error: request too long");
	close(c);
	server__close(&srv);
	cleanup_dir();
}

/* A child serving SRV until killed: for the blocking client side. */
static pid_t serve_in_child(struct wr_server *srv)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			turn(srv, 50);
	}
	return pid;
}

static void stop_child(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void framed_answers_round_trip(void)
{
	struct wr_server srv;
	struct stat own;
	char *got = NULL;
	size_t len = 0;
	FILE *out;
	pid_t pid;

	fresh_dir();
	listen_unix(&srv, &own);
	pid = serve_in_child(&srv);
	out = open_memstream(&got, &len);
	CHECK(control__request(path, "stats", out) == 0);
	fclose(out);
	CHECK_STR(got, "you said 'stats'\n");
	free(got);
	got = NULL;
	out = open_memstream(&got, &len);
	CHECK(control__request(path, "big", out) == 0);
	fclose(out);
	CHECK_EQ_U64(len, big_size);
	free(got);
	stop_child(pid);
	server__close(&srv);
	cleanup_dir();
}


/* A fake daemon that promises 100 bytes and sends 10: the client says so. */
static void cut_answer_is_an_error(void)
{
	struct stat own;
	char buf[64];
	FILE *out = fopen("/dev/null", "w");
	pid_t pid;
	int lfd;

	fresh_dir();
	lfd = control__listen(path, &own);
	pid = fork();
	if (pid == 0) {
		int c;

		fcntl(lfd, F_SETFL, 0);	/* wait for the client: it may not be there yet */
		c = accept(lfd, NULL, NULL);

		if (read(c, buf, sizeof(buf)) < 0)
			_exit(1);
		if (write(c, WR_ANSWER_HEADER "100\n0123456789", 15 + 14) < 0)
			_exit(1);
		_exit(0);
	}
	listen_log();
	CHECK(control__request(path, "dump", out) == -EPIPE);
	CHECK_CONTAINS(heard(), "the daemon's answer was cut after 10 of 100 bytes");
	waitpid(pid, NULL, 0);
	fclose(out);
	close(lfd);
	cleanup_dir();
}

static void non_root_is_refused(void)
{
	struct wr_server srv;
	struct stat own;
	int status;
	pid_t pid, child;

	if (geteuid() != 0) {
		printf("    (not root: the refusal of other users is not tested)\n");
		return;
	}
	fresh_dir();
	chmod(dir, 0711);
	listen_unix(&srv, &own);
	pid = serve_in_child(&srv);
	child = fork();
	if (child == 0) {
		FILE *out = fopen("/dev/null", "w");

		if (setuid(65534))
			_exit(3);
		_exit(control__request(path, "dump", out) == -EACCES ? 0 : 1);
	}
	waitpid(child, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	stop_child(pid);
	server__close(&srv);
	cleanup_dir();
}

static void socket_path_is_ours_only(void)
{
	struct stat own, st;
	char link[160];
	int fd, fd2;

	fresh_dir();
	/* a regular file is left alone */
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	close(fd);
	listen_log();
	CHECK(control__listen(path, &own) == -EEXIST);
	CHECK_CONTAINS(heard(), "is not a socket of this user's");
	CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0644);
	unlink(path);
	/* so is a symlink, and what it points to keeps its mode */
	snprintf(link, sizeof(link), "%s/target", dir);
	fd = open(link, O_CREAT | O_WRONLY, 0600);
	close(fd);
	CHECK(symlink(link, path) == 0);
	listen_log();
	CHECK(control__listen(path, &own) == -EEXIST);
	heard();
	CHECK(stat(link, &st) == 0 && (st.st_mode & 07777) == 0600);
	CHECK(lstat(path, &st) == 0 && S_ISLNK(st.st_mode));
	unlink(path);
	/* a live socket is not taken over */
	fd = control__listen(path, &own);
	CHECK(fd >= 0);
	CHECK(lstat(path, &st) == 0 && S_ISSOCK(st.st_mode) && (st.st_mode & 0777) == 0666);
	listen_log();
	CHECK(control__listen(path, &st) == -EADDRINUSE);
	CHECK_CONTAINS(heard(), "something answers on this socket");
	/* a stale one is */
	close(fd);
	fd2 = control__listen(path, &st);
	CHECK(fd2 >= 0);
	/* and the old daemon's exit does not remove the new one's socket */
	control__unlink(path, &own);
	CHECK(lstat(path, &st) == 0);
	listen_log();
	CHECK(control__listen(path, &own) == -EADDRINUSE);
	heard();
	close(fd2);
	cleanup_dir();
}

static void socket_path_length_is_checked(void)
{
	char lng[200];

	memset(lng, 'a', sizeof(lng) - 1);
	lng[0] = '/';
	lng[sizeof(lng) - 1] = 0;
	listen_log();
	CHECK(control__check_path("--socket", lng) == -1);
	CHECK_CONTAINS(heard(), "bad --socket '/aaa");
	CHECK_CONTAINS(said, "want a socket path of 1 to 107 bytes");
	listen_log();
	CHECK(control__check_path("--socket", "") == -1);
	CHECK_CONTAINS(heard(), "bad --socket ''");
	CHECK(control__check_path("--socket", "/run/x.sock") == 0);
}

static int http_client(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	connect(fd, (struct sockaddr *)&sin, sizeof(sin));	/* EINPROGRESS */
	return fd;
}

static void http_serves_many_with_silent_ones(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sin);
	struct wr_server srv;
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), silent[8], c[10], i, port;
	char buf[512];
	uint64_t took, start;

	CHECK(bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) == 0 && listen(lfd, 64) == 0);
	getsockname(lfd, (struct sockaddr *)&sin, &sl);
	port = ntohs(sin.sin_port);
	server__init(&srv, lfd, WR_PROTO_HTTP, echo, NULL);
	/* the silent ones' deadline far away: the others are answered before it */
	srv.read_timeout_ns = 30000 * MS;
	for (i = 0; i < 4; i++)
		silent[i] = http_client(port);
	for (i = 0; i < 10; i++)
		c[i] = http_client(port);
	for (i = 0; i < 5; i++)
		turn(&srv, 1);
	for (i = 0; i < 10; i++)
		CHECK(write(c[i], "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", 35) == 35);
	for (i = 0; i < 10; i++) {
		read_answer(&srv, c[i], buf, sizeof(buf), 5000, &took);
		CHECK_CONTAINS(buf, "HTTP/1.0 200 OK");
		CHECK_CONTAINS(buf, "Content-Length: 33\r\n");
		CHECK_CONTAINS(buf, "\r\n\r\nyou said 'GET /metrics HTTP/1.1'\n");
		close(c[i]);
	}
	CHECK_EQ_U64(srv.timed_out, 0);		/* answered while the silent ones were held */
	/* silent ones with a near deadline are dropped at it; the others stay */
	srv.read_timeout_ns = 200 * MS;
	for (i = 4; i < 8; i++)
		silent[i] = http_client(port);
	start = now_ns();
	while (srv.timed_out < 4 && now_ns() - start < 5000 * MS)
		turn(&srv, 20);
	CHECK_EQ_U64(srv.timed_out, 4);
	CHECK_EQ_U64(server__nr_conns(&srv), 4);
	for (i = 0; i < 8; i++)
		close(silent[i]);
	server__close(&srv);
}

/*
 * The figures: requests a second on the control socket, one after the
 * other, each answered whole (a tiny answer: what the sockets cost).
 */
static void throughput(void)
{
	struct wr_server srv;
	struct stat own;
	FILE *out = fopen("/dev/null", "w");
	uint64_t start;
	pid_t pid;
	int i, ok = 0;

	fresh_dir();
	listen_unix(&srv, &own);
	pid = serve_in_child(&srv);
	start = now_ns();
	for (i = 0; i < 1000; i++)
		ok += control__request(path, "ping", out) == 0;
	printf("    1000 sequential control requests: %.0f/s\n",
	       1000 / ((now_ns() - start) / 1e9));
	CHECK_EQ_U64(ok, 1000);
	stop_child(pid);
	fclose(out);
	server__close(&srv);
	cleanup_dir();
}

/* The daemon's dump answer, on a table of 10,000 owners. */
struct dump_ctx {
	struct wr_owners *ot;
	struct ksyms *ks;
};

static void dump_answer(void *ctx, const char *req, FILE *out)
{
	struct dump_ctx *d = ctx;
	struct report_opts ro = { .format = WR_FMT_TEXT, .now_ns = test_clock };

	if (report__parse_format(req + (strncmp(req, "dump ", 5) ? 0 : 5), &ro.format))
		ro.format = WR_FMT_TEXT;
	report__print(out, d->ot, d->ks, &ro);
}

/*
 * The figures the issue asks for: dump requests a second, one client after
 * another, each answered whole, with 10,000 owners held; then 8 clients at
 * once.  Printed; the check is only that every one was answered whole.
 */
static void dump_throughput_with_10000_owners(void)
{
	static const char *const fmts[] = { "dump text", "dump owners", "dump json" };
	struct dump_ctx d = { .ot = owners__new(~0ull), .ks = ksyms__load(FIXTURE("kallsyms.txt")) };
	struct wr_server srv;
	struct stat own;
	FILE *out = fopen("/dev/null", "w");
	uint64_t start;
	pid_t pid, kids[8];
	int i, k, ok, status;

	for (i = 0; i < 10000; i++)
		apply(d.ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 1 + i % 7,
		      i % 2 ? F_LEAKY : F_GEM_FAULT, 0x1000 + i);
	fresh_dir();
	listen_unix(&srv, &own);
	srv.fn = dump_answer;
	srv.ctx = &d;
	pid = serve_in_child(&srv);
	for (k = 0; k < 3; k++) {
		start = now_ns();
		for (i = 0, ok = 0; i < 1000; i++)
			ok += control__request(path, fmts[k], out) == 0;
		printf("    1000 sequential '%s' of 10,000 owners: %.0f/s\n", fmts[k],
		       1000 / ((now_ns() - start) / 1e9));
		CHECK_EQ_U64(ok, 1000);
	}
	start = now_ns();
	for (k = 0; k < 8; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			for (i = 0, ok = 0; i < 250; i++)
				ok += control__request(path, "dump text", out) == 0;
			_exit(ok == 250 ? 0 : 1);
		}
	}
	for (k = 0, ok = 0; k < 8; k++) {
		waitpid(kids[k], &status, 0);
		ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	printf("    8 clients x 250 'dump text' of 10,000 owners: %.0f/s\n",
	       2000 / ((now_ns() - start) / 1e9));
	CHECK_EQ_U64(ok, 8);
	stop_child(pid);
	fclose(out);
	server__close(&srv);
	cleanup_dir();
	owners__free(d.ot);
	ksyms__free(d.ks);
}

UNIT_MAIN("server",
	T(silent_client_does_not_hold_others),
	T(silent_client_times_out),
	T(non_reader_does_not_hold_others),
	T(full_table_queues),
	T(overlong_request_is_refused),
	T(framed_answers_round_trip),
	T(cut_answer_is_an_error),
	T(non_root_is_refused),
	T(socket_path_is_ours_only),
	T(socket_path_length_is_checked),
	T(http_serves_many_with_silent_ones),
	T(throughput),
	T(dump_throughput_with_10000_owners))
