/* SPDX-License-Identifier: GPL-2.0 */
/* syscalls.h - the name of an x86-64 system call number (syscalls.c) */
#ifndef WR_KERNEL_SYSCALLS_H
#define WR_KERNEL_SYSCALLS_H

/* NULL: not a number this table knows */
const char *syscalls__name(int nr);

#endif
