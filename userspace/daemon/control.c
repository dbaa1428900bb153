// SPDX-License-Identifier: GPL-2.0
/* control.c - the daemon's control socket (see control.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/control.h"
#include "daemon/server.h"
#include "lib/log.h"

#define CLIENT_TIMEOUT_S 10	/* a daemon silent this long is stuck */

static int sun_for(const char *path, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (!path[0] || strlen(path) >= sizeof(sun->sun_path))
		return -ENAMETOOLONG;
	strcpy(sun->sun_path, path);
	return 0;
}

int control__check_path(const char *option, const char *path)
{
	struct sockaddr_un sun;

	if (!sun_for(path, &sun))
		return 0;
	log_error("bad %s '%s': want a socket path of 1 to %zu bytes\n", option, path,
		  sizeof(sun.sun_path) - 1);
	return -1;
}

int wr_mkdir_p(const char *dir, mode_t mode)
{
	char buf[256], *p;

	if (snprintf(buf, sizeof(buf), "%s", dir) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, mode) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, mode) && errno != EEXIST ? -errno : 0;
}

/*
 * May PATH be replaced?  Only a socket of ours that nobody answers on (the
 * lock says no daemon runs; this makes sure of what the path is).
 */
static int stale_socket(const char *path, const struct sockaddr_un *sun)
{
	struct stat st;
	int fd, err;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode) || st.st_uid != geteuid()) {
		log_error("%s exists and is not a socket of this user's: not replacing it "
			  "(remove it, or choose another --socket)\n", path);
		return -EEXIST;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	err = connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) ? errno : 0;
	close(fd);
	if (err != ECONNREFUSED) {
		log_error("%s: something answers on this socket: not replacing it\n", path);
		return -EADDRINUSE;
	}
	return unlink(path) && errno != ENOENT ? -errno : 0;
}

int control__listen(const char *path, struct stat *own)
{
	struct sockaddr_un sun;
	char dir[sizeof(sun.sun_path)], *slash;
	int fd, err = sun_for(path, &sun);
	mode_t old;

	if (err)
		return err;
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		wr_mkdir_p(dir, WR_RUN_DIR_MODE);
	}
	err = stale_socket(path, &sun);
	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/*
	 * Anyone may connect; SO_PEERCRED decides who is answered.  The mode
	 * comes from the umask at bind(): no chmod() that could follow a link.
	 */
	old = umask(0111);
	err = bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ? -errno : 0;
	umask(old);
	if (!err && (lstat(path, own) || listen(fd, 64)))
		err = -errno;
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

void control__unlink(const char *path, const struct stat *own)
{
	struct stat st;

	/* inode numbers are reused: the change time tells a new socket apart */
	if (!lstat(path, &st) && S_ISSOCK(st.st_mode) && st.st_ino == own->st_ino &&
	    st.st_dev == own->st_dev && st.st_ctim.tv_sec == own->st_ctim.tv_sec &&
	    st.st_ctim.tv_nsec == own->st_ctim.tv_nsec)
		unlink(path);
}

/* Read the header line into BUF; its length (to '\n' included) or -errno. */
static ssize_t read_header(int fd, char *buf, size_t size, size_t *got)
{
	char *nl;
	ssize_t n;

	*got = 0;
	while (*got < size - 1) {
		n = read(fd, buf + *got, size - 1 - *got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		*got += n;
		buf[*got] = 0;
		nl = memchr(buf, '\n', *got);
		if (nl)
			return nl + 1 - buf;
	}
	return -EPROTO;
}

static int send_cmd(int fd, const char *cmd)
{
	char buf[WR_SERVER_REQ_MAX];
	int n;

	/*
	 * One write: a daemon that answers what its first read gets and
	 * closes cannot make a second write raise SIGPIPE.
	 */
	n = snprintf(buf, sizeof(buf), "%s\n", cmd);
	if (n >= (int)sizeof(buf))
		return -E2BIG;
	if (send(fd, buf, n, MSG_NOSIGNAL) != n)
		return -errno;
	shutdown(fd, SHUT_WR);
	return 0;
}

/*
 * The framed answer on FD to OUT: 0 or -errno, said.  A refusal as an
 * unknown request is said as OLDER when there is one.
 */
static int receive(int fd, const char *path, const char *older, FILE *out)
{
	char buf[8192], *end = NULL, *num = buf + strlen(WR_ANSWER_HEADER);
	unsigned long long len, done;
	size_t got;
	ssize_t h = read_header(fd, buf, sizeof(buf), &got), n;

	if (h < 0) {
		log_error("no answer from the daemon on %s: %s\n", path,
			  h == -EAGAIN ? "timed out" : strerror((int)-h));
		return (int)h;
	}
	errno = 0;
	len = strncmp(buf, WR_ANSWER_HEADER, strlen(WR_ANSWER_HEADER)) ? 0 :
	      strtoull(num, &end, 10);
	if (!end || end == num || *num < '0' || *num > '9' || errno || *end != '\n') {
		log_error("the daemon on %s sent no answer header: is it an older wakeref?\n",
			  path);
		return -EPROTO;
	}
	done = got - h;
	if (done > len)
		done = len;
	if (done > 7 && !strncmp(buf + h, "error: ", 7)) {
		if (older && done > 23 && !strncmp(buf + h + 7, "unknown request ", 16)) {
			log_error("%s\n", older);
			return -EPROTONOSUPPORT;
		}
		log_error("the daemon refused: %.*s", (int)done - 7, buf + h + 7);
		return -EACCES;
	}
	fwrite(buf + h, 1, done, out);
	while (done < len) {
		n = read(fd, buf, len - done < sizeof(buf) ? len - done : sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		fwrite(buf, 1, n, out);
		done += n;
	}
	if (done < len) {
		log_error("the daemon's answer was cut after %llu of %llu bytes%s\n", done, len,
			  n < 0 && errno == EAGAIN ? " (timed out)" : "");
		return -EPIPE;
	}
	return 0;
}

int control__request(const char *path, const char *cmd, FILE *out)
{
	return control__ask(path, cmd, NULL, out);
}

int control__ask(const char *path, const char *cmd, const char *older, FILE *out)
{
	struct timeval tv = { .tv_sec = CLIENT_TIMEOUT_S };
	struct sockaddr_un sun;
	int fd, err = sun_for(path, &sun);

	if (err) {
		control__check_path("--socket", path);
		return err;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		err = -errno;
		log_error("no daemon answers on %s: %s (start one with "
			  "`wakeref daemon`)\n", path, strerror(-err));
		goto out;
	}
	err = send_cmd(fd, cmd);
	/* a daemon that refuses at once may close before it reads: hear why */
	if (!err || err == -EPIPE || err == -ECONNRESET) {
		err = receive(fd, path, older, out);
	} else {
		log_error("cannot send '%s' to the daemon: %s\n", cmd, strerror(-err));
	}
out:
	close(fd);
	return err;
}
