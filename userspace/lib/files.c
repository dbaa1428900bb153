// SPDX-License-Identifier: GPL-2.0
/* files.c - files created and read as root (see files.h). */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/files.h"

int wr_create_file(const char *path, enum wr_create how, mode_t mode)
{
	int flags = O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, fd, err;
	struct stat st;

	switch (how) {
	case WR_CREATE_TRUNC:
		flags |= O_CREAT;
		break;
	case WR_CREATE_APPEND:
		flags |= O_APPEND;
		break;
	case WR_CREATE_EXCL:
		if (unlink(path) && errno != ENOENT)
			return -errno;
		flags |= O_CREAT | O_EXCL;
		break;
	}
	/* O_NONBLOCK: a FIFO without a reader fails (ENXIO) instead of waiting */
	fd = open(path, flags, mode);
	if (fd < 0)
		return errno == ELOOP ? -ELOOP : -errno;
	if (fstat(fd, &st))
		goto fail_errno;
	if (!S_ISREG(st.st_mode)) {
		err = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		goto fail;
	}
	/* truncate only once it is known to be a regular file */
	if ((how == WR_CREATE_TRUNC && ftruncate(fd, 0)) || fchmod(fd, mode) ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK & (O_APPEND)))
		goto fail_errno;
	return fd;
fail_errno:
	err = -errno;
fail:
	close(fd);
	return err;
}

int wr_open_regular(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), err;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		err = -errno;
	} else if (!S_ISREG(st.st_mode)) {
		err = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	} else {
		fcntl(fd, F_SETFL, 0);
		return fd;
	}
	close(fd);
	return err;
}
