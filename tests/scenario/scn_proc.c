// SPDX-License-Identifier: GPL-2.0
/*
 * scn_proc.c - the sim's user processes of a scenario ("user", "user_cmd",
 * "user_exit"): /bin/wakeref-simuser (tests/sim/user) as children of the
 * runner, their stdin a pipe, their stdout and stderr another:
 *
 *   start   fork+exec, then wait for its "ready addr=... size=... pid=..."
 *           line; an "error: ..." or "usage: ..." line, or its exit, fails
 *   cmd     one line to its stdin; wait for the answer "ok SEQ ..." or
 *           "err SEQ CMD: WHY", SEQ counting commands from 1
 *   exit    close its stdin (it exits 0, leaving mappings and GPU SVM to the
 *           kernel) or SIGKILL it; reap it
 *
 * Its pipes are close-on-exec: no other child (another process, wakeref)
 * holds them, so closing our end of its stdin is its end of input.  The
 * runner ignores SIGPIPE: a write to a process that died fails with EPIPE.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scn_guest.h"

#define SCN_PROC_START_TIMEOUT_MS	10000
#define SCN_PROC_CMD_TIMEOUT_MS		20000	/* plus a "sleep MS" command's */
#define SCN_PROC_EXIT_TIMEOUT_MS	10000
#define SCN_PROC_TAIL			300	/* bytes of its output quoted in an error */

static long long scn_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}

void scn_proc_init(struct scn_proc *p, const char *name)
{
	memset(p, 0, sizeof(*p));
	p->name = name;
	p->in_fd = p->out_fd = -1;
}

static void scn_proc_close(struct scn_proc *p)
{
	if (p->in_fd >= 0)
		close(p->in_fd);
	if (p->out_fd >= 0)
		close(p->out_fd);
	p->in_fd = p->out_fd = -1;
	free(p->out.data);
	memset(&p->out, 0, sizeof(p->out));
	p->pid = 0;
}

/*
 * Read what it wrote, waiting at most @timeout_ms for something.  Returns 0,
 * -EPIPE once its output is at EOF, or another -errno.
 */
static int scn_proc_pump(struct scn_proc *p, int timeout_ms)
{
	struct pollfd pfd = { p->out_fd, POLLIN, 0 };
	char chunk[4096];
	ssize_t n;

	if (p->out_fd < 0)
		return -EPIPE;
	if (poll(&pfd, 1, timeout_ms) < 0)
		return errno == EINTR ? 0 : -errno;
	if (!pfd.revents)
		return 0;
	n = read(p->out_fd, chunk, sizeof(chunk));
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (!n) {
		close(p->out_fd);
		p->out_fd = -1;
		return -EPIPE;
	}
	return scn_buf_add(&p->out, chunk, n);
}

/*
 * The first complete line of its output, without its newline, in @line
 * (@size bytes); it is consumed.  Returns false when there is none yet.
 */
static bool scn_proc_line(struct scn_proc *p, char *line, size_t size)
{
	char *nl = p->out.len ? memchr(p->out.data, '\n', p->out.len) : NULL;
	size_t n;

	if (!nl)
		return false;
	n = nl - p->out.data;
	snprintf(line, size, "%.*s", (int)n, p->out.data);
	scn_buf_consume(&p->out, n + 1);
	return true;
}

/* Append ": it said: ...", the end of what it wrote and did not consume. */
static void scn_proc_quote(struct scn_proc *p, char *err)
{
	size_t len = strlen(err), from;

	while (p->out.len && p->out.data[p->out.len - 1] == '\n')
		p->out.data[--p->out.len] = '\0';
	if (!p->out.len || len >= SCN_ERR_LEN - 1)
		return;
	from = p->out.len > SCN_PROC_TAIL ? p->out.len - SCN_PROC_TAIL : 0;
	snprintf(err + len, SCN_ERR_LEN - len, "; it said: %s%s", from ? "..." : "",
		 p->out.data + from);
}

/*
 * It is gone, or going (its output at EOF): reap it, waiting up to
 * @timeout_ms, and describe how it ended in @how.  SIGKILL after that.
 */
static int scn_proc_reap(struct scn_proc *p, int timeout_ms, int *status, char *how,
			 size_t size)
{
	long long deadline = scn_now_ms() + timeout_ms;
	struct timespec ts = { 0, 10 * 1000000 };
	pid_t ret;

	/* what it writes meanwhile is kept for an error message */
	while ((ret = waitpid(p->pid, status, WNOHANG)) == 0 && scn_now_ms() < deadline) {
		if (scn_proc_pump(p, 10) == -EPIPE)
			nanosleep(&ts, NULL);
	}
	if (ret == 0) {
		kill(p->pid, SIGKILL);
		waitpid(p->pid, status, 0);
		snprintf(how, size, "did not exit within %d s, killed", timeout_ms / 1000);
		p->pid = 0;
		return -ETIMEDOUT;
	}
	p->pid = 0;
	scn_describe_status(*status, how, size);
	return 0;
}

/* It stopped answering: its output is at EOF.  What happened, into @err. */
static void scn_proc_gone(struct scn_proc *p, const char *what, char *err)
{
	char how[64];
	int status = 0;

	/* the rest of what it said, then the process */
	while (scn_proc_pump(p, 100) != -EPIPE)
		;
	scn_proc_reap(p, SCN_PROC_EXIT_TIMEOUT_MS, &status, how, sizeof(how));
	snprintf(err, SCN_ERR_LEN, "wakeref-simuser '%s' %s %s", p->name, how, what);
	scn_proc_quote(p, err);
	scn_proc_close(p);
}

/*
 * Start @path @args... as process @p and wait until it is ready; its ready
 * line in *@ready (free() it).  Returns 0 or -errno with @err set.
 */
int scn_proc_start(struct scn_proc *p, const char *path, char **args, char **ready, char *err)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, nargs, i, ret;
	char line[512], **argv;
	long long deadline;

	*ready = NULL;
	p->seq = 0;		/* a new process counts its commands from 1 */
	for (nargs = 0; args[nargs]; nargs++)
		;
	argv = calloc(nargs + 2, sizeof(*argv));
	if (!argv) {
		snprintf(err, SCN_ERR_LEN, "out of memory");
		return -ENOMEM;
	}
	argv[0] = (char *)path;
	memcpy(argv + 1, args, nargs * sizeof(*argv));
	if (access(path, X_OK)) {
		snprintf(err, SCN_ERR_LEN, "cannot run %s: %s", path, strerror(errno));
		ret = -ENOENT;
		goto out;
	}
	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) {
		snprintf(err, SCN_ERR_LEN, "pipe: %s", strerror(errno));
		ret = -EIO;
		goto out_pipes;
	}
	fflush(NULL);
	p->pid = fork();
	if (p->pid < 0) {
		snprintf(err, SCN_ERR_LEN, "fork: %s", strerror(errno));
		p->pid = 0;
		ret = -EIO;
		goto out_pipes;
	}
	if (!p->pid) {
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		dup2(out[1], STDERR_FILENO);
		signal(SIGPIPE, SIG_DFL);	/* the runner ignores it */
		execv(path, argv);
		printf("error: cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	p->in_fd = in[1];
	p->out_fd = out[0];

	deadline = scn_now_ms() + SCN_PROC_START_TIMEOUT_MS;
	for (;;) {
		if (scn_proc_line(p, line, sizeof(line))) {
			if (!strncmp(line, "ready", 5) && (!line[5] || line[5] == ' '))
				break;
			/* "error: WHAT: WHY" or its usage: what it said is the reason */
			snprintf(err, SCN_ERR_LEN, "wakeref-simuser '%s' failed: %.400s", p->name,
				 line);
			scn_proc_kill(p);
			ret = -EIO;
			goto out;
		}
		ret = scn_proc_pump(p, 100);
		if (ret == -EPIPE) {
			scn_proc_gone(p, "before it was ready", err);
			ret = -EIO;
			goto out;
		}
		if (ret < 0) {
			snprintf(err, SCN_ERR_LEN, "reading from wakeref-simuser '%s': %s", p->name,
				 strerror(-ret));
			scn_proc_kill(p);
			goto out;
		}
		if (scn_now_ms() > deadline) {
			snprintf(err, SCN_ERR_LEN, "wakeref-simuser '%s' not ready after %d s",
				 p->name, SCN_PROC_START_TIMEOUT_MS / 1000);
			scn_proc_quote(p, err);
			scn_proc_kill(p);
			ret = -ETIMEDOUT;
			goto out;
		}
	}
	*ready = strdup(line);
	ret = 0;
	goto out;

out_pipes:
	for (i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
out:
	free(argv);
	return ret;
}

/* "ok SEQ ..." is 1, "err SEQ ..." -1, anything else 0 */
static int scn_proc_answer(const char *line, unsigned int seq)
{
	int ok = !strncmp(line, "ok ", 3) ? 1 : !strncmp(line, "err ", 4) ? -1 : 0;
	unsigned long n;
	char *end;

	if (!ok)
		return 0;
	n = strtoul(line + (ok > 0 ? 3 : 4), &end, 10);
	return n == seq && (*end == ' ' || !*end) ? ok : 0;
}

/*
 * Send @line and wait for its answer, @extra_ms more than usual; the answer
 * in *@reply (free() it), also when it is "err ...".  Returns 0 for "ok",
 * -EREMOTEIO for "err", another -errno when the process failed to answer.
 */
int scn_proc_cmd(struct scn_proc *p, const char *line, unsigned int extra_ms, char **reply,
		 char *err)
{
	size_t len = strlen(line), off = 0;
	char answer[1024];
	long long deadline;
	ssize_t w;
	char *buf;
	int ret;

	*reply = NULL;
	if (!p->pid) {
		snprintf(err, SCN_ERR_LEN, "wakeref-simuser '%s' is not running", p->name);
		return -ESRCH;
	}
	buf = malloc(len + 1);
	if (!buf) {
		snprintf(err, SCN_ERR_LEN, "out of memory");
		return -ENOMEM;
	}
	memcpy(buf, line, len);
	buf[len++] = '\n';
	p->seq++;
	while (off < len) {
		w = write(p->in_fd, buf + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			free(buf);
			if (errno == EPIPE) {
				scn_proc_gone(p, "before it could be told", err);
				return -EPIPE;
			}
			snprintf(err, SCN_ERR_LEN, "writing to wakeref-simuser '%s': %s", p->name,
				 strerror(errno));
			return -errno;
		}
		off += w;
	}
	free(buf);

	deadline = scn_now_ms() + SCN_PROC_CMD_TIMEOUT_MS + extra_ms;
	for (;;) {
		while (scn_proc_line(p, answer, sizeof(answer))) {
			int ok = scn_proc_answer(answer, p->seq);

			if (!ok)
				continue;	/* not an answer: it prints nothing else */
			*reply = strdup(answer);
			if (!*reply) {
				snprintf(err, SCN_ERR_LEN, "out of memory");
				return -ENOMEM;
			}
			if (ok > 0)
				return 0;
			snprintf(err, SCN_ERR_LEN, "wakeref-simuser '%s' answered: %.400s", p->name,
				 answer);
			return -EREMOTEIO;
		}
		ret = scn_proc_pump(p, 100);
		if (ret == -EPIPE) {
			scn_proc_gone(p, "without answering", err);
			return -EPIPE;
		}
		if (ret < 0) {
			snprintf(err, SCN_ERR_LEN, "reading from wakeref-simuser '%s': %s", p->name,
				 strerror(-ret));
			return ret;
		}
		if (scn_now_ms() > deadline) {
			snprintf(err, SCN_ERR_LEN, "no answer from wakeref-simuser '%s' within %u s",
				 p->name, (SCN_PROC_CMD_TIMEOUT_MS + extra_ms) / 1000);
			scn_proc_quote(p, err);
			return -ETIMEDOUT;
		}
	}
}

/*
 * End it: close its stdin and let it exit (it must exit 0), or SIGKILL it
 * (@kill); then reap it.  Returns 0 or -errno with @err set.
 */
int scn_proc_exit(struct scn_proc *p, bool kill_it, char *err)
{
	char how[64];
	int status = 0, ret;

	if (!p->pid) {		/* never waitpid(0): that is any child */
		snprintf(err, SCN_ERR_LEN, "wakeref-simuser '%s' is not running", p->name);
		return -ESRCH;
	}
	if (kill_it)
		kill(p->pid, SIGKILL);
	close(p->in_fd);
	p->in_fd = -1;
	ret = scn_proc_reap(p, SCN_PROC_EXIT_TIMEOUT_MS, &status, how, sizeof(how));
	if (!ret && !kill_it && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		ret = -EIO;
	if (!ret && kill_it && !(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL))
		ret = -EIO;	/* it exited before the signal: not what was asked */
	if (ret) {
		snprintf(err, SCN_ERR_LEN, "wakeref-simuser '%s' %s", p->name, how);
		scn_proc_pump(p, 0);
		scn_proc_quote(p, err);
	}
	scn_proc_close(p);
	return ret;
}

/* Whatever state it is in: SIGKILL, reap, close. */
void scn_proc_kill(struct scn_proc *p)
{
	int status;

	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		waitpid(p->pid, &status, 0);
	}
	scn_proc_close(p);
}
