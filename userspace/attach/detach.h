/* SPDX-License-Identifier: GPL-2.0 */
/* detach.h - destroy many BPF links at once (see detach.c). */
#ifndef WR_ATTACH_DETACH_H
#define WR_ATTACH_DETACH_H

struct bpf_link;

/*
 * bpf_link__destroy() on each of the N LINKS (NULLs allowed), several at a
 * time; TOOK (NULL: not wanted) gets the seconds each one took.
 */
void detach__links(struct bpf_link **links, int n, double *took);

/*
 * The detach lock: held (exclusive) by a process that detaches in the
 * background, waited for by every tracing start.  detach__lock(): its fd,
 * held until closed, or -errno.
 */
int detach__lock(void);
/* Wait (saying so) while another process holds the detach lock. */
void detach__wait_others(void);

#endif
