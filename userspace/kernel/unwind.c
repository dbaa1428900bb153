// SPDX-License-Identifier: GPL-2.0
/* unwind.c - frame rules for the fast unwinder (see unwind.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "kernel/ksyms.h"
#include "kernel/unwind.h"
#include "lib/log.h"
#include "lib/settings.h"
#include "kernel/unwind_orc.h"

/*
 * What the map holds, mirrored: a return address already written in this
 * generation is not looked up again; nor is one found to have no rule
 * (kept apart, direct-mapped: forgetting one costs a lookup, nothing else).
 */
struct mirror_slot {
	uint64_t ip;		/* 0: empty (no stack holds a 0 return address) */
	uint32_t gen;
};

#define NO_RULE_SLOTS	4096

struct wr_unwinder {
	struct orc_tables *orc;
	int map_fd;
	uint32_t gen;
	struct wr_unwind_stats st;
	uint64_t refuse[4];
	struct mirror_slot mirror[WR_UNWIND_SLOTS];
	struct mirror_slot no_rule[NO_RULE_SLOTS];
	bool break_rules;	/* WAKEREF_UNWIND_BREAK=end (tests only) */
};

static const char *const mode_names[] = {
	[WR_UNWIND_OFF] = "off",
	[WR_UNWIND_FAST] = "fast",
	[WR_UNWIND_VERIFY] = "verify",
};

const char *unwind__mode_name(enum wr_unwind_mode mode)
{
	return mode <= WR_UNWIND_VERIFY ? mode_names[mode] : "?";
}

int unwind__mode_from_env(enum wr_unwind_mode *mode)
{
	const char *v = settings__get(WR_SET_UNWIND);
	int i;

	*mode = WR_UNWIND_FAST;
	if (!v || !*v)
		return 0;
	for (i = WR_UNWIND_OFF; i <= WR_UNWIND_VERIFY; i++) {
		if (!strcmp(v, mode_names[i])) {
			*mode = i;
			return 0;
		}
	}
	log_error("bad WAKEREF_UNWIND '%s': want off, fast or verify\n", v);
	return -EINVAL;
}

/*
 * Return addresses the kernel's unwinder translates rather than follows
 * (function-graph and return-probe trampolines): never given a rule, so a
 * stack through one goes the slow way.
 */
static const char *const refused_names[] = {
	"return_to_handler", "arch_rethook_trampoline", "__kretprobe_trampoline",
	"kretprobe_trampoline",
};

struct wr_unwinder *unwind__open(const struct ksyms *ks, const struct btf *btf, int map_fd,
				 char *why, size_t len)
{
	struct orc_tables_cfg cfg = {
		.kcore = "/proc/kcore",
		.proc_modules = "/proc/modules",
		.sys_module = "/sys/module",
		.btf = btf,
	};
	struct wr_unwinder *u;
	size_t i;

	cfg.text_start = ksyms__addr(ks, "_stext", NULL);
	cfg.text_end = ksyms__addr(ks, "_etext", NULL);
	cfg.orc_ip_start = ksyms__anchor(ks, WR_KSYM_ORC_IP_START);
	cfg.orc_ip_end = ksyms__anchor(ks, WR_KSYM_ORC_IP_STOP);
	cfg.orc_start = ksyms__anchor(ks, WR_KSYM_ORC_START);
	if (!cfg.text_start || !cfg.text_end || !cfg.orc_ip_start || !cfg.orc_ip_end ||
	    !cfg.orc_start) {
		snprintf(why, len, "kallsyms does not show the kernel's ORC tables "
			 "(CONFIG_UNWINDER_ORC and CONFIG_KALLSYMS_ALL are needed)");
		return NULL;
	}
	if (!btf) {
		snprintf(why, len, "no vmlinux BTF to read the ORC tables with");
		return NULL;
	}
	u = calloc(1, sizeof(*u));
	if (!u) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	for (i = 0; i < sizeof(refused_names) / sizeof(refused_names[0]); i++) {
		uint64_t a = ksyms__addr(ks, refused_names[i], NULL);

		if (a)
			u->refuse[cfg.nr_refuse++] = a;
	}
	cfg.refuse = u->refuse;
	u->orc = orc_tables__open(&cfg, why, len);
	if (!u->orc) {
		free(u);
		return NULL;
	}
	u->map_fd = map_fd;
	if (settings__get(WR_SET_UNWIND_BREAK)) {
		if (strcmp(settings__get(WR_SET_UNWIND_BREAK), "end")) {
			snprintf(why, len, "bad WAKEREF_UNWIND_BREAK '%s': want end",
				 settings__get(WR_SET_UNWIND_BREAK));
			unwind__close(u);
			return NULL;
		}
		log_info("WAKEREF_UNWIND_BREAK=end: every rule learnt ends the stack (a test)\n");
		u->break_rules = true;
	}
	return u;
}

void unwind__close(struct wr_unwinder *u)
{
	if (!u)
		return;
	orc_tables__close(u->orc);
	free(u);
}

int unwind__set_mode(int map_fd, enum wr_unwind_mode mode)
{
	struct wr_unwind_entry ctl = {};
	__u32 key = WR_UNWIND_CTL;

	if (bpf_map_lookup_elem(map_fd, &key, &ctl))
		return -errno;
	ctl.mode = mode;
	return bpf_map_update_elem(map_fd, &key, &ctl, BPF_ANY) ? -errno : 0;
}

/* The programs' generation; a new one drops every rule learnt (module text moved). */
static void sync_generation(struct wr_unwinder *u)
{
	struct wr_unwind_entry ctl = {};
	__u32 key = WR_UNWIND_CTL;

	if (bpf_map_lookup_elem(u->map_fd, &key, &ctl) || ctl.gen == u->gen)
		return;
	u->gen = ctl.gen;
	u->st.generations++;
	orc_tables__reset_modules(u->orc);
}

static bool holds(const struct mirror_slot *m, uint64_t ip, uint32_t gen)
{
	return m->ip == ip && m->gen == gen;
}

/* Rule ENT of return address IP into the map: a free way of its pair, else the second. */
static void put_rule(struct wr_unwinder *u, uint64_t ip, struct wr_unwind_entry *ent)
{
	__u32 slot = WR_UNWIND_SLOT(ip);
	struct mirror_slot *m = &u->mirror[slot];

	if (m->ip && m->gen == u->gen)
		m = &u->mirror[++slot];
	ent->gen = u->gen;
	ent->mode = 0;
	/* WAKEREF_UNWIND_BREAK=end: a deliberately wrong rule, for verify mode to catch */
	if (u->break_rules)
		ent->end = 1;
	if (bpf_map_update_elem(u->map_fd, &slot, ent, BPF_ANY))
		return;
	u->st.learnt++;
	m->ip = ip;
	m->gen = u->gen;
}

void unwind__learn(struct wr_unwinder *u, const struct wr_event *e)
{
	int i, n = e->nr_frames < WR_MAX_FRAMES ? e->nr_frames : WR_MAX_FRAMES;

	if (!u)
		return;
	/* read before the tables: a module that comes now makes these rules stale, not wrong */
	sync_generation(u);
	for (i = 0; i < n && e->stack[i]; i++) {
		uint64_t ip = e->stack[i];
		__u32 slot = WR_UNWIND_SLOT(ip);
		struct mirror_slot *none = &u->no_rule[(ip * 0x9e3779b97f4a7c15ull) >> 52];
		struct wr_unwind_entry ent;
		int r;

		if (holds(&u->mirror[slot], ip, u->gen) || holds(&u->mirror[slot + 1], ip, u->gen) ||
		    holds(none, ip, u->gen))
			continue;
		r = orc_tables__lookup(u->orc, ip, &ent);
		if (r < 0) {
			u->st.read_errors++;
		} else if (r == 0) {
			u->st.undescribed++;
			none->ip = ip;
			none->gen = u->gen;
		} else {
			put_rule(u, ip, &ent);
		}
	}
}

void unwind__stats(const struct wr_unwinder *u, struct wr_unwind_stats *st)
{
	if (u)
		*st = u->st;
	else
		memset(st, 0, sizeof(*st));
}
