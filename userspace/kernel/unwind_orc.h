/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unwind_orc.h - the running kernel's ORC unwind tables, read through /proc/kcore.
 *
 * For one kernel return address, what the kernel's ORC unwinder
 * (arch/x86/kernel/unwind_orc.c) does to step from the frame it returns
 * into to that frame's caller, as a struct wr_unwind_entry for the BPF fast
 * unwinder (include/wakeref.h).  vmlinux's tables are found by their
 * kallsyms addresses, a module's through its struct module (offsets from
 * vmlinux BTF).  Only plain call frames and the end of the stack are
 * described; anything else is left to the kernel's own unwinder.
 */
#ifndef WR_UNWIND_ORC_H
#define WR_UNWIND_ORC_H

#include <stddef.h>
#include <stdint.h>

#include "wakeref.h"

struct btf;
struct orc_tables;

/*
 * Where to read from.  orc_tables__open() copies the strings and the refuse
 * list, and uses BTF only while it runs: none of it needs to outlive the call.
 */
struct orc_tables_cfg {
	const char *kcore;		/* "/proc/kcore" */
	const char *proc_modules;	/* "/proc/modules" */
	const char *sys_module;		/* "/sys/module" */
	const struct btf *btf;		/* vmlinux BTF: struct orc_entry, struct module */
	uint64_t text_start, text_end;	/* vmlinux _stext, _etext (kallsyms) */
	uint64_t orc_ip_start, orc_ip_end;	/* __start_orc_unwind_ip, __stop_orc_unwind_ip */
	uint64_t orc_start;		/* __start_orc_unwind */
	const uint64_t *refuse;		/* return addresses never described (trampolines) */
	int nr_refuse;
};

/* NULL with WHY filled (what is missing and what to do) on failure. */
struct orc_tables *orc_tables__open(const struct orc_tables_cfg *cfg, char *why, size_t len);
void orc_tables__close(struct orc_tables *o);
/* Forget what is known of modules: after a module was loaded or unloaded. */
void orc_tables__reset_modules(struct orc_tables *o);
/*
 * What the kernel's unwinder does at return address IP: 1 with *OUT filled
 * (out->ip = IP, gen left 0), 0 when IP cannot be described (not kernel text
 * of vmlinux or of a live module, no ORC entry, a frame that is not a plain
 * call frame, a refused address, an unsupported register), -errno when
 * kcore cannot be read.
 */
int orc_tables__lookup(struct orc_tables *o, uint64_t ip, struct wr_unwind_entry *out);

#endif
