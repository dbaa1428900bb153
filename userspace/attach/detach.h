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

#endif
