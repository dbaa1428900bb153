/* SPDX-License-Identifier: GPL-2.0 */
/* ksyms.h - kernel symbol table from /proc/kallsyms, for stack symbolization. */
#ifndef WR_KSYMS_H
#define WR_KSYMS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/*
 * 24 bytes: a 7.x kernel has 150,000 text symbols, which the daemon keeps
 * for its life.  The module is an index into the names of every module any
 * table of the process has seen (ksym__module()): one string a module.
 */
struct ksym {
	uint64_t addr;
	const char *name;
	uint32_t size;		/* distance to the next symbol, as %pS prints it */
	uint16_t mod;		/* 1 + its module's index in ksyms_module_names; 0: vmlinux */
};

extern const char **ksyms_module_names;

/* The module SYM is in, NULL for vmlinux; the same pointer for the same module. */
static inline const char *ksym__module(const struct ksym *sym)
{
	return sym->mod ? ksyms_module_names[sym->mod - 1] : NULL;
}

struct ksyms;

/* Load a kallsyms-format file; NULL with errno set on failure. */
struct ksyms *ksyms__load(const char *path);
/*
 * The same, the modules' ends read from MODULES (/proc/modules' format;
 * NULL: none): ksyms__load() reads /proc/modules with /proc/kallsyms.
 */
struct ksyms *ksyms__load_modules(const char *path, const char *modules);
/* Why /proc/kallsyms hides every address (ksyms__load() failed with ENODATA): the real cause. */
const char *ksyms__hidden_why(char *buf, size_t len);
void ksyms__free(struct ksyms *ks);

/*
 * Build a table by hand (recordings): add symbols, then finish.  A size of 0
 * means "up to the next symbol", as for kallsyms.
 */
struct ksyms *ksyms__new(void);
int ksyms__add(struct ksyms *ks, uint64_t addr, uint64_t size, const char *name,
	       const char *module);
void ksyms__finish(struct ksyms *ks);
/*
 * NOW, a table read again, with the symbols of OLD's modules that are gone
 * since (unless another module took their addresses): a module unloaded
 * while events of it wait to be read keeps its names.  Takes NOW; returns
 * it, or a new table and NOW freed.
 */
struct ksyms *ksyms__keep_gone_modules(const struct ksyms *old, struct ksyms *now);
/* The I-th symbol in address order, for walking the table. */
const struct ksym *ksyms__at(const struct ksyms *ks, size_t i);
size_t ksyms__count(const struct ksyms *ks);
/*
 * Unique per table loaded or built in this process (never reused).  In
 * line, as the per-event path (model/site.c) asks at every event: a
 * table's first member is its id (ksyms.c checks it), which a pointer to
 * the table, converted, points to.
 */
static inline uint64_t ksyms__id(const struct ksyms *ks)
{
	return ks ? *(const uint64_t *)ks : 0;
}

/* The symbol containing ADDR, or NULL. */
const struct ksym *ksyms__find(const struct ksyms *ks, uint64_t addr);
/* Address of NAME (in MODULE if not NULL), 0 if unknown. */
uint64_t ksyms__addr(const struct ksyms *ks, const char *name, const char *module);

/*
 * Modules that define a function NAME: fills MODS with up to MAX module names
 * (NULL for vmlinux) and returns how many define it in all.
 */
int ksyms__modules_of(const struct ksyms *ks, const char *name, const char **mods, int max);

/*
 * vmlinux data symbols kept besides the text (kallsyms lines of type R/r):
 * the kernel's ORC tables, for the fast unwinder (unwind.c).
 */
enum wr_ksym_anchor {
	WR_KSYM_ORC_IP_START,	/* __start_orc_unwind_ip */
	WR_KSYM_ORC_IP_STOP,	/* __stop_orc_unwind_ip */
	WR_KSYM_ORC_START,	/* __start_orc_unwind */
	WR_KSYM_ANCHOR__COUNT
};
/* Address of anchor A, 0 if the table had none. */
uint64_t ksyms__anchor(const struct ksyms *ks, enum wr_ksym_anchor a);

/* BPF programs and trampolines: frames of the tracer, not of the kernel. */
bool ksym__is_bpf(const struct ksym *sym);

/*
 * Format ADDR as the kernel's %pS does: "func+0xoff/0xsize [module]", or the
 * bare hex address when no symbol contains it.  Returns snprintf's count.
 */
int ksyms__snprint(const struct ksyms *ks, uint64_t addr, char *buf, size_t len);

#endif
