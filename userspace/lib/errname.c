// SPDX-License-Identifier: GPL-2.0
/*
 * errname.c - errno names: the C library's for the numbers userspace shares
 * with the kernel, a table for the kernel's own (include/linux/errno.h,
 * 512..530), which a kernel function may return but no program sees.
 */
#include <string.h>

#include "lib/errname.h"

static const char *const kernel_only[] = {
	[512 - 512] = "ERESTARTSYS",	[513 - 512] = "ERESTARTNOINTR",
	[514 - 512] = "ERESTARTNOHAND",	[515 - 512] = "ENOIOCTLCMD",
	[516 - 512] = "ERESTART_RESTARTBLOCK", [517 - 512] = "EPROBE_DEFER",
	[518 - 512] = "EOPENSTALE",	[519 - 512] = "ENOPARAM",
	[521 - 512] = "EBADHANDLE",	[522 - 512] = "ENOTSYNC",
	[523 - 512] = "EBADCOOKIE",	[524 - 512] = "ENOTSUPP",
	[525 - 512] = "ETOOSMALL",	[526 - 512] = "ESERVERFAULT",
	[527 - 512] = "EBADTYPE",	[528 - 512] = "EJUKEBOX",
	[529 - 512] = "EIOCBQUEUED",	[530 - 512] = "ERECALLCONFLICT",
};

const char *errname(int err)
{
	if (err < 0)
		err = -err;
	if (err >= 512 && err < 512 + (int)(sizeof(kernel_only) / sizeof(kernel_only[0])))
		return kernel_only[err - 512];
	if (err == 0 || err >= 512)
		return NULL;
	return strerrorname_np(err);
}
