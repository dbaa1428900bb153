// SPDX-License-Identifier: GPL-2.0
/*
 * The built program (build/wakeref) given bad input from the command line
 * and files: each refused at once, with exit status 2 (or 1 when nothing
 * answers) and one line naming what is wrong and what is allowed.  Only
 * inputs refused before anything is traced are tried here.
 */
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

#define WAKEREF "build/wakeref"

static char err_text[8192];

/* Run wakeref with ARGV (NULL-terminated); its exit status, stderr in err_text. */
static int run(const char *const *argv)
{
	int pfd[2], status;
	ssize_t n, len = 0;
	pid_t pid;

	CHECK(pipe(pfd) == 0);
	pid = fork();
	if (pid == 0) {
		dup2(pfd[1], 2);
		close(pfd[0]);
		close(1);
		alarm(5);	/* one that waits forever dies of SIGALRM: a failure */
		execv(WAKEREF, (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], err_text + len, sizeof(err_text) - 1 - len)) > 0)
		len += n;
	err_text[len] = 0;
	close(pfd[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

#define REFUSED(status, want, ...) do {						\
	const char *const _argv[] = { WAKEREF, __VA_ARGS__, NULL };		\
	CHECK_EQ_U64(run(_argv), status);					\
	CHECK_CONTAINS(err_text, want);						\
	CHECK(strchr(err_text, '\n') == err_text + strlen(err_text) - 1);	\
} while (0)

/* getopt's own refusal comes with the usage */
#define REFUSED_USAGE(want, ...) do {						\
	const char *const _argv[] = { WAKEREF, __VA_ARGS__, NULL };		\
	CHECK_EQ_U64(run(_argv), 2);						\
	CHECK_CONTAINS(err_text, want);						\
	CHECK_CONTAINS(err_text, "Usage: wakeref");				\
} while (0)

static char dir[] = "/tmp/wr-cmdline-XXXXXX";
static char fifo[64], longpath[200];

static void setup(void)
{
	CHECK(mkdtemp(dir) != NULL);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	CHECK(mkfifo(fifo, 0600) == 0);
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = 0;
}

static void sockets(void)
{
	char sock[96];

	REFUSED(2, "bad --socket '/aaa", "dump", "--socket", longpath);
	REFUSED(2, "want a socket path of 1 to 107 bytes", "daemon", "--socket", longpath);
	REFUSED(2, "bad --socket '': want a socket path", "stats", "--socket", "");
	snprintf(sock, sizeof(sock), "%s/none.sock", dir);
	REFUSED(1, "no daemon answers on", "dump", "--socket", sock);
}

static void options(void)
{
	REFUSED_USAGE("invalid option -- 'f'", "stats", "-f", "bogus");
	REFUSED(2, "unknown format 'bogus'", "dump", "-f", "bogus");
	REFUSED(2, "bad --metrics-port '4294967297': want a port from 1 to 65535",
		"daemon", "--metrics-port", "4294967297");
	REFUSED(2, "bad --journal-max", "daemon", "--journal-max", "99999999999999999999");
	REFUSED(2, "bad --duration 'inf'", "trace", "-d", "inf");
	REFUSED(2, "bad --metrics-file '': want a file path of 1 to 4091 bytes", "daemon",
		"--metrics-file", "");
	REFUSED(2, "bad --metrics-file '/tmp/': want a file path", "daemon",
		"--metrics-file", "/tmp/");
	REFUSED(2, "explain: one function at a time ('f' and 'g'); a command goes after '--'",
		"explain", "f", "g");
	REFUSED(2, "explain: nothing after '--': name the command to run", "explain", "f", "--");
	REFUSED(2, "explain: --duration or a command, not both", "explain", "f", "-d", "1",
		"--", "true");
	REFUSED(2, "bad --duration 'inf'", "explain", "f", "-d", "inf");
}

static void files(void)
{
	time_t start = time(NULL);

	REFUSED(2, "cannot read allowlist", "daemon", "--allowlist", fifo);
	CHECK_CONTAINS(err_text, "not a regular file");
	REFUSED(2, "Is a directory", "daemon", "--allowlist", dir);
	REFUSED(2, "/dev/zero: not a regular file", "daemon", "--allowlist", "/dev/zero");
	REFUSED(1, "not a regular file", "report", fifo);
	CHECK(time(NULL) - start < 4);	/* nothing waited for a writer */
}

static void cleanup(void)
{
	unlink(fifo);
	CHECK(rmdir(dir) == 0);
}

UNIT_MAIN("cmdline", T(setup), T(sockets), T(options), T(files), T(cleanup))
