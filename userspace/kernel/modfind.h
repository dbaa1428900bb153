/* SPDX-License-Identifier: GPL-2.0 */
/* modfind.h - where a kernel's module files are, by module name (modfind.c). */
#ifndef WR_KERNEL_MODFIND_H
#define WR_KERNEL_MODFIND_H

#include <stddef.h>

/* "i915" of ".../i915.ko.xz" (also .ko.zst, .ko) into NAME */
void modfind__name(const char *path, char *name, size_t len);

/*
 * The files of the modules NAMES under DIR (a /lib/modules/RELEASE tree),
 * by its modules.dep, else by walking it: at most one per name, in the
 * order of NAMES, malloc'd into PATHS (at most MAX).  How many were found.
 */
int modfind__find(const char *dir, const char *const *names, int nr_names, char **paths,
		  int max);

#endif
