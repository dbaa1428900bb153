/* SPDX-License-Identifier: GPL-2.0 */
/*
 * files.h - files wakeref creates as root: never through a symbolic link,
 * never onto a FIFO or device, and with the mode asked for even when the
 * file was there before (an older wakeref made some of them 0644).
 */
#ifndef WR_LIB_FILES_H
#define WR_LIB_FILES_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Open PATH for writing, created with MODE, and set to MODE: truncated
 * (WR_CREATE_TRUNC), appended to (WR_CREATE_APPEND, must exist), or new
 * only (WR_CREATE_EXCL, after removing what is there: a temporary file).
 * A descriptor, or -errno (-EINVAL: not a regular file).
 */
enum wr_create { WR_CREATE_TRUNC, WR_CREATE_APPEND, WR_CREATE_EXCL };
int wr_create_file(const char *path, enum wr_create how, mode_t mode);

/*
 * Open PATH for reading only if it is a regular file (a FIFO would block,
 * a device never end, a directory read as empty).  A descriptor, or -errno
 * (-EISDIR, -EINVAL for anything else that is not a regular file).
 */
int wr_open_regular(const char *path);

#endif
