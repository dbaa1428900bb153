/* SPDX-License-Identifier: GPL-2.0 */
/*
 * modfile.h - the bytes of a kernel module file: read whole, and
 * decompressed when it is a .ko.xz or .ko.zst (modfile.c).
 */
#ifndef WR_KERNEL_MODFILE_H
#define WR_KERNEL_MODFILE_H

#include <stddef.h>

/* What a module may weigh, read or decompressed: i915.ko is about 10 MiB. */
#define MODFILE_MAX_SIZE	((size_t)512 << 20)

/*
 * Read PATH into *BUF (malloc'd, *SIZE bytes), decompressing xz and zstd by
 * their magic (*COMPRESSION: modfile__compression()).  More than LIMIT
 * bytes, read or decompressed, is an error.  0, or -1 with one line in ERR
 * that says why.
 */
int modfile__read(const char *path, size_t limit, void **buf, size_t *size,
		  const char **compression, char *err, size_t errlen);

/* "xz", "zstd" or "none": the compression of the bytes BUF starts with */
const char *modfile__compression(const void *buf, size_t size);

#endif
