// SPDX-License-Identifier: GPL-2.0
/*
 * scn_child.c - `wakeref trace -f owners` as a child with its stdout and
 * stderr on pipes:
 *
 *   start      fork+exec, then wait for its readiness line "wakeref: tracing"
 *              on stderr (its earlier stderr is kept for an error message)
 *   snapshot   SIGUSR1, then wait for "=== end of snapshot N" on stdout
 *   stop       SIGINT, read to EOF (the final report), reap it
 *
 * wakeref's stderr after readiness (warnings) goes to ours line by line.
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

#define SCN_READY_LINE		"wakeref: tracing"
#define SCN_START_TIMEOUT_MS	60000	/* BPF load + kallsyms under TCG */
#define SCN_SNAPSHOT_TIMEOUT_MS	20000
/*
 * A hang guard, not a timing check: detaching every view's programs (one
 * trampoline update each) took over 20 s under TCG on a loaded 2-core host;
 * the guest harness gives a stop 60 s too (tests/guest/lib.sh).
 */
#define SCN_STOP_TIMEOUT_MS	60000

static long long scn_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}

int scn_buf_add(struct scn_buf *b, const char *data, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *p;

		while (cap < b->len + len + 1)
			cap *= 2;
		p = realloc(b->data, cap);
		if (!p)
			return -ENOMEM;
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

/* Drop the first @n bytes. */
void scn_buf_consume(struct scn_buf *b, size_t n)
{
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
	if (b->data)
		b->data[b->len] = '\0';
}

/* Complete stderr lines: before readiness kept, after it forwarded. */
static void scn_child_stderr_lines(struct scn_child *c)
{
	char *nl;
	size_t n;

	while (c->err.len && (nl = memchr(c->err.data, '\n', c->err.len))) {
		n = nl + 1 - c->err.data;
		if (!c->ready) {
			if (!strncmp(c->err.data, SCN_READY_LINE, strlen(SCN_READY_LINE)))
				c->ready = true;
			else
				scn_buf_add(&c->early, c->err.data, n);
		} else {
			fwrite(c->err.data, 1, n, stderr);
		}
		scn_buf_consume(&c->err, n);
	}
}

/*
 * Read what the child wrote, waiting at most @timeout_ms for something.
 * Returns 0, or -EPIPE once both pipes are at EOF.
 */
static int scn_child_pump(struct scn_child *c, int timeout_ms)
{
	struct pollfd pfd[2] = { { c->out_fd, POLLIN, 0 }, { c->err_fd, POLLIN, 0 } };
	struct scn_buf *bufs[2] = { &c->out, &c->err };
	char chunk[8192];
	int i, *fds[2] = { &c->out_fd, &c->err_fd };
	ssize_t n;

	if (c->out_fd < 0 && c->err_fd < 0)
		return -EPIPE;
	if (poll(pfd, 2, timeout_ms) < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < 2; i++) {
		if (pfd[i].fd < 0 || !pfd[i].revents)
			continue;
		n = read(pfd[i].fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(*fds[i]);
			*fds[i] = -1;
			continue;
		}
		if (scn_buf_add(bufs[i], chunk, n))
			return -ENOMEM;
	}
	scn_child_stderr_lines(c);
	return 0;
}

/* Reap the child, waiting up to @timeout_ms; SIGKILL it after that. */
static int scn_child_reap(struct scn_child *c, int timeout_ms, int *status)
{
	long long deadline = scn_now_ms() + timeout_ms;
	struct timespec ts = { 0, 20 * 1000000 };
	pid_t ret;

	while ((ret = waitpid(c->pid, status, WNOHANG)) == 0 && scn_now_ms() < deadline)
		nanosleep(&ts, NULL);
	if (ret == 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, status, 0);
	}
	c->pid = 0;
	return ret == 0 ? -ETIMEDOUT : 0;
}

static void scn_child_close(struct scn_child *c)
{
	if (c->out_fd >= 0)
		close(c->out_fd);
	if (c->err_fd >= 0)
		close(c->err_fd);
	c->out_fd = c->err_fd = -1;
	free(c->out.data);
	free(c->err.data);
	free(c->early.data);
	memset(&c->out, 0, sizeof(c->out));
	memset(&c->err, 0, sizeof(c->err));
	memset(&c->early, 0, sizeof(c->early));
}

void scn_describe_status(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exited with rc=%d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "was killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, size, "ended with status %#x", status);
}

/* Start `WAKEREF trace -f owners ARGS...` and wait until it traces. */
int scn_child_start(struct scn_child *c, const char *wakeref, char **args, int nargs,
		    char *err)
{
	char *argv[SCN_MAX_WORDS + 5], how[64];
	int out[2] = { -1, -1 }, errp[2] = { -1, -1 }, i, status = 0, ret;
	long long deadline;

	memset(c, 0, sizeof(*c));
	c->out_fd = c->err_fd = -1;
	argv[0] = (char *)wakeref;
	argv[1] = "trace";
	argv[2] = "-f";
	argv[3] = "owners";
	for (i = 0; i < nargs && i < SCN_MAX_WORDS; i++)
		argv[4 + i] = args[i];
	argv[4 + i] = NULL;

	if (access(wakeref, X_OK)) {
		snprintf(err, SCN_ERR_LEN, "cannot run %s: %s", wakeref, strerror(errno));
		return -ENOENT;
	}
	if (pipe2(out, O_CLOEXEC) || pipe2(errp, O_CLOEXEC)) {
		snprintf(err, SCN_ERR_LEN, "pipe: %s", strerror(errno));
		goto fail_pipes;
	}
	fflush(NULL);
	c->pid = fork();
	if (c->pid < 0) {
		snprintf(err, SCN_ERR_LEN, "fork: %s", strerror(errno));
		goto fail_pipes;
	}
	if (!c->pid) {
		dup2(out[1], STDOUT_FILENO);
		dup2(errp[1], STDERR_FILENO);
		signal(SIGINT, SIG_DFL);
		signal(SIGUSR1, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);	/* the runner ignores it */
		execv(wakeref, argv);
		fprintf(stderr, "cannot run %s: %s\n", wakeref, strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(errp[1]);
	c->out_fd = out[0];
	c->err_fd = errp[0];

	deadline = scn_now_ms() + SCN_START_TIMEOUT_MS;
	while (!c->ready) {
		ret = scn_child_pump(c, 100);
		if (ret == -EPIPE || (!ret && waitpid(c->pid, &status, WNOHANG) == c->pid)) {
			if (ret == -EPIPE)
				waitpid(c->pid, &status, 0);
			/* it is gone: what it said before dying */
			for (i = 0; i < 20 && !scn_child_pump(c, 100); i++)
				;
			c->pid = 0;
			scn_buf_add(&c->early, c->err.data ? c->err.data : "", c->err.len);
			scn_describe_status(status, how, sizeof(how));
			snprintf(err, SCN_ERR_LEN, "wakeref trace %s before it was ready:\n%s", how,
				 c->early.data ? c->early.data : "(no output)\n");
			goto fail;
		}
		if (ret < 0) {
			snprintf(err, SCN_ERR_LEN, "reading from wakeref: %s", strerror(-ret));
			goto fail_kill;
		}
		if (scn_now_ms() > deadline) {
			snprintf(err, SCN_ERR_LEN, "wakeref trace not ready after %d s:\n%s",
				 SCN_START_TIMEOUT_MS / 1000,
				 c->early.data ? c->early.data : "(no output)\n");
			goto fail_kill;
		}
	}
	/* what came before readiness was not a problem: show it anyway */
	if (c->early.len)
		fwrite(c->early.data, 1, c->early.len, stderr);
	return 0;

fail_pipes:
	for (i = 0; i < 2; i++) {
		if (out[i] >= 0)
			close(out[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	return -EIO;
fail_kill:
	scn_child_kill(c);
	return -EIO;
fail:
	scn_child_close(c);
	return -EIO;
}

/* SIGUSR1 and the snapshot it prints; *@text (free() it) is the report. */
int scn_child_snapshot(struct scn_child *c, char **text, size_t *len, char *err)
{
	long long deadline = scn_now_ms() + SCN_SNAPSHOT_TIMEOUT_MS;
	const char *block;
	size_t end;
	int ret;

	c->snapshots++;
	if (kill(c->pid, SIGUSR1)) {
		snprintf(err, SCN_ERR_LEN, "wakeref is gone: %s", strerror(errno));
		return -ESRCH;
	}
	while (!(block = scn_snapshot_find(c->out.data, c->out.len, c->snapshots, len, &end))) {
		ret = scn_child_pump(c, 100);
		if (ret == -EPIPE) {
			snprintf(err, SCN_ERR_LEN, "wakeref exited instead of printing snapshot %u",
				 c->snapshots);
			return ret;
		}
		if (ret < 0) {
			snprintf(err, SCN_ERR_LEN, "reading from wakeref: %s", strerror(-ret));
			return ret;
		}
		if (scn_now_ms() > deadline) {
			snprintf(err, SCN_ERR_LEN, "no snapshot %u from wakeref within %d s",
				 c->snapshots, SCN_SNAPSHOT_TIMEOUT_MS / 1000);
			return -ETIMEDOUT;
		}
	}
	*text = strndup(block, *len);
	scn_buf_consume(&c->out, end);
	if (!*text) {
		snprintf(err, SCN_ERR_LEN, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

/* SIGINT, the final report in *@text (free() it), and wakeref's exit. */
int scn_child_stop(struct scn_child *c, char **text, size_t *len, char *err)
{
	long long deadline = scn_now_ms() + SCN_STOP_TIMEOUT_MS;
	char how[64];
	int ret = 0, status = 0;

	*text = NULL;
	kill(c->pid, SIGINT);
	while ((ret = scn_child_pump(c, 100)) == 0 && scn_now_ms() < deadline)
		;
	if (ret != -EPIPE) {
		snprintf(err, SCN_ERR_LEN, "wakeref did not exit within %d s of SIGINT",
			 SCN_STOP_TIMEOUT_MS / 1000);
		scn_child_kill(c);
		return -ETIMEDOUT;
	}
	if (c->err.len)		/* a last line without its newline */
		fprintf(stderr, "%s\n", c->err.data);
	ret = scn_child_reap(c, SCN_STOP_TIMEOUT_MS, &status);
	if (!ret && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		scn_describe_status(status, how, sizeof(how));
		snprintf(err, SCN_ERR_LEN, "wakeref %s", how);
		ret = -EIO;
	}
	*len = c->out.len;
	*text = c->out.data ? c->out.data : strdup("");
	c->out.data = NULL;
	scn_child_close(c);
	if (!*text && !ret) {
		snprintf(err, SCN_ERR_LEN, "out of memory");
		ret = -ENOMEM;
	}
	return ret;
}

/* Whatever state it is in: SIGKILL, reap, close. */
void scn_child_kill(struct scn_child *c)
{
	int status;

	if (c->pid > 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, &status, 0);
	}
	c->pid = 0;
	scn_child_close(c);
}
