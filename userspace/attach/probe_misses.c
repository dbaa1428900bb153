// SPDX-License-Identifier: GPL-2.0
/* probe_misses.c - kprobe and program misses (see probe_misses.h). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "attach/probe_misses.h"

/*
 * struct bpf_link_info of a perf-event link (6.6+), up to kprobe.missed
 * (6.7+) and .cookie (6.9+): newer than the system's linux/bpf.h.  The
 * kernel fills as much of it as it knows and says how much in the length.
 */
struct wr_link_info_kprobe {
	__u32 type;		/* BPF_LINK_TYPE_PERF_EVENT */
	__u32 id;
	__u32 prog_id;
	__u32 pad;
	__u32 perf_type;	/* enum bpf_perf_event_type */
	__u32 pad2;
	__aligned_u64 func_name;
	__u32 name_len;
	__u32 offset;
	__u64 addr;
	__u64 missed;
	__u64 cookie;
};

/* The same of a kprobe_multi link (6.6+), up to .missed (6.7+). */
struct wr_link_info_kmulti {
	__u32 type;		/* BPF_LINK_TYPE_KPROBE_MULTI */
	__u32 id;
	__u32 prog_id;
	__u32 pad;
	__aligned_u64 addrs;
	__u32 count;
	__u32 flags;
	__u64 missed;
};
#define WR_LINK_TYPE_PERF_EVENT		7	/* BPF_LINK_TYPE_PERF_EVENT */
#define WR_LINK_TYPE_KPROBE_MULTI	8	/* BPF_LINK_TYPE_KPROBE_MULTI */
#define WR_PERF_EVENT_KPROBE		3	/* BPF_PERF_EVENT_KPROBE */
#define WR_PERF_EVENT_KRETPROBE		4	/* BPF_PERF_EVENT_KRETPROBE */

bool probe_misses__has_missed(uint32_t len, uint32_t type, uint32_t perf_type)
{
	return len >= offsetof(struct wr_link_info_kprobe, missed) + sizeof(__u64) &&
	       type == WR_LINK_TYPE_PERF_EVENT &&
	       (perf_type == WR_PERF_EVENT_KPROBE || perf_type == WR_PERF_EVENT_KRETPROBE);
}

int probe_misses__link(int link_fd, struct wr_link_misses *m)
{
	struct wr_link_info_kprobe info;
	__u32 len = sizeof(info);

	memset(m, 0, sizeof(*m));
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(link_fd, &info, &len))
		return -errno;
	m->prog_id = info.prog_id;
	m->reported = probe_misses__has_missed(len, info.type, info.perf_type);
	m->missed = m->reported ? info.missed : 0;
	if (info.type == WR_LINK_TYPE_KPROBE_MULTI) {
		const struct wr_link_info_kmulti *km = (const void *)&info;

		_Static_assert(sizeof(struct wr_link_info_kmulti) <= sizeof(info), "room");
		m->reported = len >= offsetof(struct wr_link_info_kmulti, missed) + sizeof(__u64);
		m->missed = m->reported ? km->missed : 0;
	}
	return 0;
}

uint64_t probe_misses__prog(uint32_t prog_id, char *name, size_t len)
{
	struct bpf_prog_info info;
	__u32 info_len = sizeof(info);
	uint64_t misses = 0;
	int fd = bpf_prog_get_fd_by_id(prog_id);

	snprintf(name, len, "program %u", prog_id);
	if (fd < 0)
		return 0;
	memset(&info, 0, sizeof(info));
	if (!bpf_obj_get_info_by_fd(fd, &info, &info_len)) {
		misses = info.recursion_misses;
		if (info.name[0])
			snprintf(name, len, "%.*s", (int)sizeof(info.name), info.name);
	}
	close(fd);
	return misses;
}
