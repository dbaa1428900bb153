/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unwind.h - the fast unwinder's frontend side: the frame rules of the
 * return addresses met in stacks, from the kernel's ORC tables into map
 * "wr_unwind" (see struct wr_unwind_entry in wakeref.h, and
 * bpf/wr_unwind.bpf.h for the walk).
 */
#ifndef WR_UNWIND_H
#define WR_UNWIND_H

#include <stddef.h>
#include <stdint.h>

#include "wakeref.h"

struct btf;
struct ksyms;
struct wr_unwinder;

struct wr_unwind_stats {
	uint64_t learnt;	/* rules written to the map */
	uint64_t undescribed;	/* return addresses the ORC tables give no call rule for */
	uint64_t read_errors;	/* /proc/kcore reads that failed */
	uint64_t generations;	/* module loads/unloads seen (rules dropped) */
};

/*
 * The mode asked for by WAKEREF_UNWIND (off, fast, verify; fast when unset)
 * into *MODE; -EINVAL, said on stderr, for anything else.
 */
int unwind__mode_from_env(enum wr_unwind_mode *mode);
const char *unwind__mode_name(enum wr_unwind_mode mode);

/*
 * Ready to learn into the map MAP_FD, with the kernel's ORC tables found
 * through KS (kallsyms) and BTF (vmlinux): NULL with WHY filled when not
 * (then the programs must stay in WR_UNWIND_OFF).
 */
struct wr_unwinder *unwind__open(const struct ksyms *ks, const struct btf *btf, int map_fd,
				 char *why, size_t len);
void unwind__close(struct wr_unwinder *u);

/* Switch the programs of map MAP_FD to MODE (its control slot); 0 or -errno. */
int unwind__set_mode(int map_fd, enum wr_unwind_mode mode);

/*
 * E went the slow way (WR_EVF_UNWIND_MISS): learn the rules of its stack's
 * return addresses, so that the next stack like it is walked fast.
 */
void unwind__learn(struct wr_unwinder *u, const struct wr_event *e);

void unwind__stats(const struct wr_unwinder *u, struct wr_unwind_stats *st);

#endif
