// SPDX-License-Identifier: GPL-2.0
/* control.c - the daemon's control socket (see control.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/control.h"
#include "lib/log.h"

static int sun_for(const char *path, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path))
		return -ENAMETOOLONG;
	strcpy(sun->sun_path, path);
	return 0;
}

int wr_mkdir_p(const char *dir)
{
	char buf[256], *p;

	if (snprintf(buf, sizeof(buf), "%s", dir) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -errno : 0;
}

int control__listen(const char *path)
{
	struct sockaddr_un sun;
	char dir[sizeof(sun.sun_path)], *slash;
	int fd, err = sun_for(path, &sun);

	if (err)
		return err;
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		wr_mkdir_p(dir);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	unlink(path);	/* a stale socket of a dead daemon: the lock says it is dead */
	/* anyone may connect; SO_PEERCRED decides who is answered */
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) || chmod(path, 0666) ||
	    listen(fd, 8)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

void control__serve_one(int lfd, control_fn fn, void *ctx)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	char cmd[256] = "";
	ssize_t n;
	FILE *out;
	int fd;

	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		return;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) || cred.uid != 0) {
		fprintf(out, "error: permission denied: only root may use the wakeref daemon "
			"(uid %d)\n", len == sizeof(cred) ? (int)cred.uid : -1);
		fclose(out);
		return;
	}
	{
		struct timeval tv = { .tv_sec = 2 };

		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	}
	n = read(fd, cmd, sizeof(cmd) - 1);
	cmd[n > 0 ? n : 0] = 0;
	cmd[strcspn(cmd, "\r\n")] = 0;
	fn(ctx, cmd, out);
	fclose(out);
}

int control__request(const char *path, const char *cmd, FILE *out)
{
	struct sockaddr_un sun;
	char buf[4096];
	ssize_t n;
	int fd, err = sun_for(path, &sun);

	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		err = -errno;
		log_error("no daemon answers on %s: %s (start one with "
			  "`wakeref daemon`)\n", path, strerror(-err));
		close(fd);
		return err;
	}
	/*
	 * One write: the daemon answers what its first read gets and closes;
	 * a second write (the newline) could then hit a closed socket, and
	 * SIGPIPE kill this client without a word.
	 */
	n = snprintf(buf, sizeof(buf), "%s\n", cmd);
	if (n >= (ssize_t)sizeof(buf) || send(fd, buf, n, MSG_NOSIGNAL) != n) {
		err = n >= (ssize_t)sizeof(buf) ? -E2BIG : -errno;
		log_error("cannot send '%s' to the daemon: %s\n", cmd, strerror(-err));
		close(fd);
		return err;
	}
	shutdown(fd, SHUT_WR);
	n = read(fd, buf, sizeof(buf));
	if (n > 7 && !strncmp(buf, "error: ", 7)) {
		log_error("the daemon refused: %.*s", (int)n - 7, buf + 7);
		close(fd);
		return -EACCES;
	}
	for (; n > 0; n = read(fd, buf, sizeof(buf)))
		fwrite(buf, 1, n, out);
	close(fd);
	return 0;
}
