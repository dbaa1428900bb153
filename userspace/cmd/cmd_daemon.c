// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_daemon.c - `wakeref daemon`: the foreground service for developer
 * boxes (tools/wakeref.service runs it).  It traces for as long as it runs,
 * logs to stderr, answers `wakeref dump|stats` on a root-only control
 * socket, writes a dump to the log on SIGUSR1, exports metrics on request,
 * and stops cleanly on SIGTERM.  One daemon at a time: a lock file says who.
 *
 * Restarts lose nothing: the programs, links and ring buffers stay pinned in
 * bpffs (tracer_pin.c) when the daemon stops or dies, and every event it
 * applied is in a journal (journal.c); the next daemon adopts the pins,
 * replays the journal and reads on from the ring buffer where the last one
 * stopped.  `wakeref daemon --detach` removes both; --no-persist does not
 * pin at all (the programs go with the daemon).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/log.h"
#include "model/allowlist.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "drivers/drivers.h"
#include "daemon/control.h"
#include "daemon/dump.h"
#include "daemon/journal.h"
#include "daemon/metrics.h"
#include "daemon/request.h"
#include "daemon/server.h"
#include "attach/modwatch.h"
#include "output/rcache.h"
#include "output/report.h"
#include "session/session.h"

#define LOCK_PATH "/run/wakeref/daemon.lock"

struct daemon {
	struct session s;
	struct wr_journal journal;
	struct wr_modwatch mods;
	uint64_t next_modcheck_ns;
	long journal_max;		/* bytes: compacted past this */
	struct wr_allowlist allow;
	struct wr_rcache rc;		/* what dumps keep from one to the next */
	const char *metrics_file;
	struct wr_server ctl, http;
	struct stat ctl_own;		/* the socket file we made */
	int lock_fd;
	uint64_t started_ns, next_metrics_ns;
};

/*
 * Exclusive lock with our pid in it; says who holds it when it is taken.
 * The holder removes the file when it stops, so the file locked must be the
 * one still at LOCK_PATH: one removed meanwhile is let go and taken anew.
 */
static int take_lock(void)
{
	struct stat fst, pst;
	char buf[32] = "";
	int fd, n, tries = 0;

	wr_mkdir_p("/run/wakeref", WR_RUN_DIR_MODE);
again:
	fd = open(LOCK_PATH, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		log_error("cannot open %s: %s\n", LOCK_PATH, strerror(errno));
		return -1;
	}
	if (fstat(fd, &fst) || !S_ISREG(fst.st_mode) || fst.st_uid != geteuid()) {
		log_error("%s is not a regular file of this user's: remove it\n", LOCK_PATH);
		close(fd);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		n = read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = 0;
		buf[strcspn(buf, "\n")] = 0;
		log_error("another wakeref daemon is running (pid %s, lock %s); "
			  "stop it first (systemctl stop wakeref, or kill it)\n",
			  buf[0] ? buf : "?", LOCK_PATH);
		close(fd);
		return -1;
	}
	if (stat(LOCK_PATH, &pst) || pst.st_ino != fst.st_ino || pst.st_dev != fst.st_dev) {
		close(fd);
		if (++tries < 10)
			goto again;
		log_error("%s keeps being replaced: is another daemon starting?\n", LOCK_PATH);
		return -1;
	}
	if (ftruncate(fd, 0) == 0) {
		n = snprintf(buf, sizeof(buf), "%d\n", getpid());
		if (write(fd, buf, n) != n)
			log_warn("cannot write %s\n", LOCK_PATH);
	}
	return fd;
}

/* Remove the lock file while still holding it, then let it go. */
static void drop_lock(int fd)
{
	if (fd < 0)
		return;
	unlink(LOCK_PATH);
	close(fd);
}

static void print_stats(struct daemon *dm, FILE *out, const struct wr_loss *loss)
{
	const struct wr_device *d;
	int i;

	fprintf(out, "daemon pid %d, up %.1f s\n", getpid(), (wr_now_ns() - dm->started_ns) / 1e9);
	fprintf(out, "events %llu, ring-buffer drops %llu, recursion misses %llu, stack errors "
		"%llu, ", (unsigned long long)loss->events,
		(unsigned long long)loss->ringbuf_drops,
		(unsigned long long)loss->recursion_misses,
		(unsigned long long)loss->stack_errors);
	if (loss->kprobe_misses_unreported)
		fprintf(out, "kprobe misses not reported by this kernel\n");
	else
		fprintf(out, "kprobe misses %llu\n", (unsigned long long)loss->kprobe_misses);
	if (loss->where[0])
		fprintf(out, "lost in: %s\n", loss->where);
	for (d = dm->s.ot->devices; d; d = d->next)
		fprintf(out, "device %s (%s): %llu held, %llu gets, %llu puts, %llu failed gets\n",
			d->name, owners__driver_name(d->driver), (unsigned long long)d->nr_owners,
			(unsigned long long)d->gets, (unsigned long long)d->puts,
			(unsigned long long)d->failed_gets);
	fprintf(out, "attach plan:\n");
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &dm->s.t.plan[i];

		fprintf(out, "  %-6s %-32s %-8s %s%s\n", hooks__driver_label(r->ap), r->ap->func,
			attach_plan__state_name(r->state), r->module[0] ? r->module : "-",
			dm->s.t.links[i] ? " (attached)" : "");
	}
}

static void answer(void *ctx, const char *cmd, FILE *out)
{
	struct daemon *dm = ctx;
	struct report_opts ro = { .format = WR_FMT_TEXT, .allow = &dm->allow };
	struct wr_loss loss;
	char fmt[32] = "text", name[32];

	/* a client waits on the ring buffer for 50 ms at most, storm or not */
	session__sync_for(&dm->s, &loss, 50);
	ro.loss = &loss;
	ro.now_ns = wr_now_ns();
	ro.views = &dm->s.views;
	ro.cache = &dm->rc;
	if (!strcmp(cmd, "stats")) {
		print_stats(dm, out, &loss);
	} else if (!strcmp(cmd, "metrics")) {
		metrics__write(out, dm->s.ot, &dm->s.views, &loss, ro.now_ns);
	} else if (dump__answer(cmd, dm->s.ot, session__ksyms(&dm->s), &ro, out)) {
		/* answered, or refused in one line */
	} else if (sscanf(cmd, "view %31s %31s", name, fmt) >= 1) {
		view__answer(&dm->s.views, name, fmt, session__ksyms(&dm->s), ro.now_ns, out);
	} else {
		fprintf(out, "error: unknown request '%s' (dump [FORMAT], " WR_REQ_FILTER
			" [device=NAME] [pid=PID] dump FORMAT, view NAME [FORMAT], stats, "
			"metrics)\n", cmd);
	}
}

static int listen_http(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) || listen(fd, 64)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* GET anything: the metrics, as Prometheus expects them (server.c frames them). */
static void answer_http(void *ctx, const char *req, FILE *out)
{
	struct daemon *dm = ctx;
	struct wr_loss loss;

	(void)req;
	session__sync_for(&dm->s, &loss, 50);
	metrics__write(out, dm->s.ot, &dm->s.views, &loss, wr_now_ns());
}

/*
 * Wait up to 50 ms for events or clients, then serve both: the clients'
 * sockets never block, so no client can hold the ring buffers' reader.
 */
static int poll_all(struct daemon *dm)
{
	struct pollfd pfd[1 + 2 * (1 + WR_SERVER_MAX_CONNS)];
	uint64_t now = wr_now_ns();
	int n = 0, t = server__timeout_ms(&dm->ctl, now, 50);

	pfd[n++] = (struct pollfd){ .fd = session__poll_fd(&dm->s), .events = POLLIN };
	n += server__pollfds(&dm->ctl, pfd + n, 1 + WR_SERVER_MAX_CONNS);
	if (dm->http.lfd >= 0) {
		n += server__pollfds(&dm->http, pfd + n, 1 + WR_SERVER_MAX_CONNS);
		t = server__timeout_ms(&dm->http, now, t);
	}
	if (poll(pfd, n, t) < 0 && errno != EINTR)
		log_warn("poll: %s\n", strerror(errno));
	if (session__poll(&dm->s, 0) < 0)
		return -1;
	server__step(&dm->ctl, wr_now_ns());
	if (dm->http.lfd >= 0)
		server__step(&dm->http, wr_now_ns());
	return 0;
}

static int forget(struct daemon *dm, unsigned int drivers)
{
	int n = 0, d;

	for (d = WR_DRV_FIRST; drivers__info(d); d++)
		if (drivers & (1u << d))
			n += owners__forget_driver(dm->s.ot, d);
	return n;
}

/*
 * Once a second: a traced module unloaded (possible in kprobe mode only)
 * takes its devices with it; loaded again, it is attached anew.  The
 * journal starts over then: it must replay to what the table now is.
 */
static int watch_modules(struct daemon *dm)
{
	unsigned int drivers;
	const char *name = NULL;
	int n;

	if (wr_now_ns() < dm->next_modcheck_ns)
		return 0;
	dm->next_modcheck_ns = wr_now_ns() + 1000000000ull;
	switch (modwatch__poll(&dm->mods, "/proc/modules", &drivers, &name)) {
	case WR_MW_GONE:
		n = forget(dm, drivers);
		log_warn("module %s was unloaded while traced: its devices are "
			 "gone (%d owners dropped); wakeref attaches again when it is loaded\n",
			 name, n);
		return 0;
	case WR_MW_BACK:
		n = forget(dm, drivers);
		if (session__reattach(&dm->s)) {
			log_error("cannot attach to the reloaded module: stopping\n");
			return -1;
		}
		modwatch__init(&dm->mods, &dm->s.t);
		if (dm->journal.w) {
			journal__close(&dm->journal);
			journal__open(&dm->journal, &dm->s, WR_JOURNAL_PATH);
		}
		log_info("traced modules loaded again: attached %d functions%s\n",
			 dm->s.t.nr_attached, n ? " (the old devices' owners dropped)" : "");
		return 0;
	case WR_MW_NONE:
		break;
	}
	return 0;
}

static void journal_event(void *ctx, const struct wr_event *e, const struct wr_site *site,
			  int pairing)
{
	struct daemon *dm = ctx;

	(void)site;
	(void)pairing;
	journal__event(&dm->journal, e);
}

static void journal_record(void *ctx, unsigned int feature, const void *data, size_t size)
{
	struct daemon *dm = ctx;

	journal__record(&dm->journal, feature, data, size);
}

/* --detach: no daemon may run; remove what the last one left attached. */
static int detach(void)
{
	int lock = take_lock(), n;

	if (lock < 0)
		return 1;
	n = tracer__unpin(WR_PIN_DIR, WR_PIN_META);
	journal__remove(WR_JOURNAL_PATH);
	drop_lock(lock);
	if (n < 0) {
		log_error("cannot remove %s: %s\n", WR_PIN_DIR, strerror(-n));
		return 1;
	}
	log_info("%s: removed %d pins; the programs are detached\n", WR_PIN_DIR, n);
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: wakeref daemon [OPTIONS]\n\n"
		"Trace until SIGTERM; answer `wakeref dump` and `wakeref stats` on the control\n"
		"socket (root only); SIGUSR1 writes a dump to the log (stderr).\n\n"
		"      --socket PATH        control socket (default " WR_CONTROL_SOCKET ")\n"
		"      --metrics-file PATH  keep Prometheus metrics in PATH (node_exporter\n"
		"                           textfile collector), rewritten every 10 s\n"
		"      --metrics-port PORT  serve them over HTTP on 127.0.0.1:PORT\n"
		"      --allowlist FILE     known long-lived holders to hide in dumps\n"
		"      --journal-max KIB    start the journal over from a snapshot when it\n"
		"                           grows past KIB (default 16384)\n"
		"      --no-persist         do not pin: the programs go with the daemon, a\n"
		"                           restart starts afresh\n"
		"      --detach             remove the programs and state a stopped daemon left\n"
		"                           pinned in " WR_PIN_DIR ", and exit\n"
		CLI_TRACE_HELP
		"  -h, --help\n\n"
		"fentry holds the traced modules; with --no-fentry they can be unloaded and\n"
		"reloaded while attached.\n");
}

#define WR_DAEMON_MMAP_THRESHOLD	(256 << 10)

int cmd_daemon(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 'S' },
		{ "metrics-file", required_argument, NULL, 'm' },
		{ "metrics-port", required_argument, NULL, 'p' },
		{ "allowlist", required_argument, NULL, 'A' },
		{ "no-persist", no_argument, NULL, 'P' },
		{ "journal-max", required_argument, NULL, 'J' },
		{ "detach", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		CLI_TRACE_LONGOPTS,
		{}
	};
	struct daemon dm = { .ctl.lfd = -1, .http.lfd = -1, .lock_fd = -1,
			     .journal_max = 16384 * 1024 };
	const char *sock = WR_CONTROL_SOCKET, *allow_path = NULL;
	struct session_opts sopts = { .persist = true };
	int opt, ret = 1, fd;
	uint16_t port = 0;
	uint64_t kib;
	struct report_opts ro = { .format = WR_FMT_TEXT };
	struct wr_loss loss;

	/*
	 * An answer is built whole (a dump of 100,000 owners is 7 MB, twice:
	 * the report, then its frame).  glibc raises its mmap threshold to the
	 * size of the first such buffer freed, and the next ones come from the
	 * heap and stay in the RSS after they are freed (8 MiB of it for that
	 * dump): a fixed threshold keeps big buffers mmapped, given back.
	 */
	mallopt(M_MMAP_THRESHOLD, WR_DAEMON_MMAP_THRESHOLD);

	while ((opt = cli__getopt(argc, argv, "h" CLI_TRACE_SHORTOPTS,
				  longopts, &sopts, NULL)) != -1) {
		switch (opt) {
		case CLI_BAD_VALUE:
			return 2;
		case 'S':
			if (control__check_path("--socket", optarg))
				return 2;
			sock = optarg;
			break;
		case 'm':
			/* PATH.tmp is written beside it, then renamed */
			if (!optarg[0] || strlen(optarg) > PATH_MAX - 5 ||
			    optarg[strlen(optarg) - 1] == '/') {
				log_error("bad --metrics-file '%.64s': want a file path of 1 to %d "
					  "bytes\n", optarg, PATH_MAX - 5);
				return 2;
			}
			dm.metrics_file = optarg;
			break;
		case 'p':
			if (cli__parse_port("--metrics-port", optarg, &port))
				return 2;
			break;
		case 'A':
			allow_path = optarg;
			break;
		case 'P':
			sopts.persist = false;
			break;
		case 'J':
			if (cli__parse_count("--journal-max", optarg, 1, LONG_MAX / 1024, "KiB",
					     &kib))
				return 2;
			dm.journal_max = kib * 1024;
			break;
		case 'D':
			if (tracer__check_privileges())
				return 1;
			return detach();
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (cli__no_args("daemon", argc, argv, optind))
		return 2;
	if (allow_path ? allowlist__load(&dm.allow, allow_path) : allowlist__load_default(&dm.allow))
		return 2;
	if (tracer__check_privileges())
		goto out;
	dm.lock_fd = take_lock();
	if (dm.lock_fd < 0)
		goto out;
	wr_catch_signals();
	sopts.on_event = journal_event;
	sopts.on_record = journal_record;
	sopts.ctx = &dm;
	if (session__start(&dm.s, &sopts))
		goto out;
	if (sopts.persist && journal__open(&dm.journal, &dm.s, WR_JOURNAL_PATH))
		goto out;
	modwatch__init(&dm.mods, &dm.s.t);
	fd = control__listen(sock, &dm.ctl_own);
	if (fd < 0) {
		log_error("cannot listen on %s: %s\n", sock, strerror(-fd));
		goto out;
	}
	server__init(&dm.ctl, fd, WR_PROTO_CONTROL, answer, &dm);
	if (port) {
		fd = listen_http(port);
		if (fd < 0) {
			log_error("cannot serve metrics on 127.0.0.1:%d: %s\n", port,
				  strerror(-fd));
			goto out;
		}
		server__init(&dm.http, fd, WR_PROTO_HTTP, answer_http, &dm);
	}
	dm.started_ns = wr_now_ns();
	log_info("tracing %d functions; daemon pid %d, control socket %s\n",
		 dm.s.t.nr_attached, getpid(), sock);
	while (!wr_stop) {
		if (poll_all(&dm))
			goto out;
		if (watch_modules(&dm))
			goto out;
		journal__compact(&dm.journal, &dm.s, dm.journal_max);
		if (wr_usr1) {
			wr_usr1 = 0;
			log_info("dump requested (SIGUSR1)\n");
			answer(&dm, "dump text", stderr);
		}
		if (dm.metrics_file && wr_now_ns() >= dm.next_metrics_ns) {
			session__sync_for(&dm.s, &loss, 50);
			fd = metrics__write_file(dm.metrics_file, dm.s.ot, &dm.s.views, &loss,
						 wr_now_ns());
			if (fd)
				log_warn("cannot write %s: %s\n", dm.metrics_file,
					 fd == -EINVAL ? "not a regular file" : strerror(-fd));
			dm.next_metrics_ns = wr_now_ns() + 10000000000ull;
		}
	}
	log_info("stopping (SIGTERM); the owners at exit follow\n");
	/* a storm may not end: what is left stays in the ring buffer for the next daemon */
	session__sync_for(&dm.s, &loss, 1000);
	tracer__loss(&dm.s.t, &loss);	/* the last report: the kernel's counts read now */
	ro.loss = &loss;
	ro.now_ns = wr_now_ns();
	ro.allow = &dm.allow;
	ro.views = &dm.s.views;
	report__print(stderr, dm.s.ot, session__ksyms(&dm.s), &ro);
	if (sopts.persist)
		log_info("the programs stay attached (pinned in %s) and the "
			 "journal in %s: the next daemon resumes; `wakeref daemon --detach` "
			 "removes them\n", WR_PIN_DIR, WR_JOURNAL_PATH);
	ret = 0;
out:
	journal__close(&dm.journal);
	if (dm.ctl.lfd >= 0) {
		server__close(&dm.ctl);
		control__unlink(sock, &dm.ctl_own);
	}
	server__close(&dm.http);
	session__stop(&dm.s);
	drop_lock(dm.lock_fd);
	rcache__free(&dm.rc);
	allowlist__free(&dm.allow);
	return ret;
}
