/* SPDX-License-Identifier: GPL-2.0 */
/* errname.h - the kernel's name of an errno (errname.c). */
#ifndef WR_LIB_ERRNAME_H
#define WR_LIB_ERRNAME_H

/* "ENOMEM" for 12 or -12, "EPROBE_DEFER" for 517 (the kernel's own); NULL if unknown. */
const char *errname(int err);

#endif
