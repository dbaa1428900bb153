/* SPDX-License-Identifier: GPL-2.0 */
/*
 * probe_misses.h - what the kernel counts as missed for a kprobe (a hit
 * while another kprobe ran: re-entrancy) and for a program (a run skipped
 * because a BPF program was already running on the CPU).
 *
 * A kprobe's misses are in its BPF link's info from 6.7 on
 * (bpf_link_info.perf_event.kprobe.missed); before that nothing reports
 * them for kprobes created through perf (kprobe_profile lists only the
 * kprobe_events ones).  Programs of type kprobe count recursion misses from
 * 6.7 on too, fentry/fexit ones from 5.12.
 */
#ifndef WR_PROBE_MISSES_H
#define WR_PROBE_MISSES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wr_link_misses {
	uint32_t prog_id;	/* the program behind the link, 0: unknown */
	bool reported;		/* the kernel reports the kprobe's misses */
	uint64_t missed;
};

/* The kprobe (or kretprobe) link LINK_FD; 0, or -errno when its info cannot be read. */
int probe_misses__link(int link_fd, struct wr_link_misses *m);

/*
 * Does a bpf_link_info the kernel filled with LEN bytes, of link type TYPE
 * and perf event type PERF_TYPE, carry kprobe.missed?
 */
bool probe_misses__has_missed(uint32_t len, uint32_t type, uint32_t perf_type);

/* Recursion misses of the program with id PROG_ID, and its NAME; 0 when it cannot be asked. */
uint64_t probe_misses__prog(uint32_t prog_id, char *name, size_t len);

#endif
