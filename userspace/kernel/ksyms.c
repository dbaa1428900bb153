// SPDX-License-Identifier: GPL-2.0
/*
 * ksyms.c - a sorted in-memory copy of /proc/kallsyms.
 *
 * Module symbols and the bpf_prog_* / bpf_trampoline_* symbols of programs
 * attached by this process only appear once loaded and attached: the
 * session reads the table again when a frame falls outside it
 * (session/session.c), which module edges (ksyms__finish()) make possible.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/ksyms.h"
#include "kernel/procmod.h"
#include "lib/strhash.h"

/* Names live in chunks: one allocation per 64 KiB of names, not per symbol. */
#define KSYMS_CHUNK	(64u << 10)

struct name_chunk {
	struct name_chunk *next;
	size_t used;
	char buf[KSYMS_CHUNK];
};

struct ksyms {
	uint64_t id;		/* unique per table, for caches keyed by it: first (ksyms.h) */
	struct ksym *syms;
	size_t nr, cap;
	const char **modules;	/* its modules' names, from ksyms_module_names */
	uint64_t *module_end;	/* per module: where it ends (/proc/modules), 0: unknown */
	size_t nr_modules;
	uint16_t last_module;	/* id: symbols come grouped by module */
	struct name_chunk *names;	/* the newest chunk first */
	/* by name: 1 + index into syms, open addressing, built by ksyms__finish() */
	uint32_t *by_name;
	size_t by_name_mask;
	uint64_t anchors[WR_KSYM_ANCHOR__COUNT];	/* vmlinux data symbols, 0: absent */
};

/* ksyms__id() reads the id in line, through a pointer to the table */
_Static_assert(offsetof(struct ksyms, id) == 0, "struct ksyms begins with its id");

/* The few vmlinux data symbols kept (ksyms__anchor()), in enum wr_ksym_anchor order. */
static const char *const anchor_names[WR_KSYM_ANCHOR__COUNT] = {
	[WR_KSYM_ORC_IP_START] = "__start_orc_unwind_ip",
	[WR_KSYM_ORC_IP_STOP] = "__stop_orc_unwind_ip",
	[WR_KSYM_ORC_START] = "__start_orc_unwind",
};

/* NAME (NAME_LEN bytes, not terminated) is an anchor: remember its address. */
static void note_anchor(struct ksyms *ks, const char *name, size_t name_len, uint64_t addr)
{
	int i;

	for (i = 0; i < WR_KSYM_ANCHOR__COUNT; i++)
		if (strlen(anchor_names[i]) == name_len &&
		    !memcmp(anchor_names[i], name, name_len))
			ks->anchors[i] = addr;
}

/*
 * The attach plan asks for a few dozen functions by name: without an index
 * each is a walk over 150,000 symbols (seconds under emulation).  Equal
 * names sit on one probe run in table order, so lookups see them in the
 * order a walk would.
 */
static void index_names(struct ksyms *ks)
{
	size_t cap = 1024, i;

	free(ks->by_name);
	ks->by_name = NULL;
	while (cap * 3 < ks->nr * 4)	/* at most 3/4 full: 1 MiB, not 2, for 150,000 */
		cap *= 2;
	ks->by_name = calloc(cap, sizeof(*ks->by_name));
	if (!ks->by_name)
		return;			/* lookups walk the table */
	ks->by_name_mask = cap - 1;
	for (i = 0; i < ks->nr; i++) {
		size_t h = wr_str_hash(ks->syms[i].name) & ks->by_name_mask;

		while (ks->by_name[h])
			h = (h + 1) & ks->by_name_mask;
		ks->by_name[h] = i + 1;
	}
}

/* The next symbol named NAME after *POS of a lookup (*POS: start with SIZE_MAX). */
static const struct ksym *next_named(const struct ksyms *ks, const char *name, size_t *pos)
{
	if (!ks->by_name) {		/* no index (no memory): walk */
		for (*pos = *pos == SIZE_MAX ? 0 : *pos + 1; *pos < ks->nr; (*pos)++)
			if (!strcmp(ks->syms[*pos].name, name))
				return &ks->syms[*pos];
		return NULL;
	}
	*pos = *pos == SIZE_MAX ? wr_str_hash(name) & ks->by_name_mask
				: (*pos + 1) & ks->by_name_mask;
	for (; ks->by_name[*pos]; *pos = (*pos + 1) & ks->by_name_mask) {
		const struct ksym *s = &ks->syms[ks->by_name[*pos] - 1];

		if (!strcmp(s->name, name))
			return s;
	}
	return NULL;
}

static const char *save_name(struct ksyms *ks, const char *name, size_t len)
{
	struct name_chunk *c = ks->names;
	char *p;

	if (len >= KSYMS_CHUNK)
		return NULL;
	if (!c || c->used + len + 1 > KSYMS_CHUNK) {
		c = malloc(sizeof(*c));
		if (!c)
			return NULL;
		c->next = ks->names;
		c->used = 0;
		ks->names = c;
	}
	p = c->buf + c->used;
	memcpy(p, name, len);
	p[len] = 0;
	c->used += len + 1;
	return p;
}

/*
 * Every module name the process has seen, each once, never freed: a
 * symbol keeps an index into it (struct ksym), and the names stay valid for
 * as long as anything holds a symbol.  At most UINT16_MAX.
 */
const char **ksyms_module_names;
static size_t nr_module_names;

/* MOD's 1-based index in ksyms_module_names, added if new; 0: no memory */
static uint16_t module_id(const char *mod)
{
	const char **grown;
	size_t i;

	for (i = 0; i < nr_module_names; i++)
		if (!strcmp(ksyms_module_names[i], mod))
			return i + 1;
	if (nr_module_names == UINT16_MAX)
		return 0;
	grown = realloc(ksyms_module_names, (nr_module_names + 1) * sizeof(*grown));
	if (!grown)
		return 0;
	ksyms_module_names = grown;
	grown[nr_module_names] = strdup(mod);
	if (!grown[nr_module_names])
		return 0;
	return ++nr_module_names;
}

/* MOD's id, and MOD among KS's modules (with an unknown end) if new there */
static uint16_t intern_module(struct ksyms *ks, const char *mod)
{
	const char **grown;
	uint64_t *ends;
	uint16_t id;
	size_t i;

	if (ks->last_module && !strcmp(ksyms_module_names[ks->last_module - 1], mod))
		return ks->last_module;
	id = module_id(mod);
	if (!id)
		return 0;
	for (i = 0; i < ks->nr_modules; i++)
		if (ks->modules[i] == ksyms_module_names[id - 1])
			return ks->last_module = id;
	grown = realloc(ks->modules, (ks->nr_modules + 1) * sizeof(*grown));
	if (!grown)
		return 0;
	ks->modules = grown;
	ends = realloc(ks->module_end, (ks->nr_modules + 1) * sizeof(*ends));
	if (!ends)
		return 0;
	ks->module_end = ends;
	ends[ks->nr_modules] = 0;
	ks->modules[ks->nr_modules++] = ksyms_module_names[id - 1];
	return ks->last_module = id;
}

static int add_sym_len(struct ksyms *ks, uint64_t addr, uint64_t size, const char *name,
		       size_t name_len, const char *mod)
{
	struct ksym *s;

	if (ks->nr == ks->cap) {
		size_t cap = ks->cap ? ks->cap * 2 : 4096;
		struct ksym *grown = realloc(ks->syms, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		ks->syms = grown;
		ks->cap = cap;
	}
	s = &ks->syms[ks->nr];
	s->addr = addr;
	s->size = size > UINT32_MAX ? UINT32_MAX : size;
	s->name = save_name(ks, name, name_len);
	s->mod = mod ? intern_module(ks, mod) : 0;
	if (!s->name || (mod && !s->mod))
		return -ENOMEM;
	ks->nr++;
	return 0;
}

static int add_sym(struct ksyms *ks, uint64_t addr, uint64_t size, const char *name,
		   const char *mod)
{
	return add_sym_len(ks, addr, size, name, strlen(name), mod);
}

static int cmp_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* aliases: keep the table order stable, the first one wins lookups */
	return x < y ? -1 : x > y;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * One "ffffffffc0a1b2c0 t name\t[module]" line (no newline) into KS; lines
 * of other shapes, data symbols and hidden (zero) addresses are skipped.
 * By hand, not sscanf: under emulation a kernel's 150,000 lines took
 * seconds.
 */
static int parse_line(struct ksyms *ks, const char *p, const char *end)
{
	const char *name, *mod = NULL, *mod_end = NULL;
	char modbuf[256];
	uint64_t addr = 0;
	int d, digits = 0;
	char type;

	while (p < end && (d = hex_digit(*p)) >= 0 && digits++ < 16)
		addr = addr << 4 | d, p++;
	if (!digits || p + 3 > end || *p != ' ' || p[2] != ' ' || !addr)
		return 0;
	type = p[1];
	name = p += 3;
	while (p < end && *p != '\t' && *p != ' ')
		p++;
	if (p == name || p - name > 511)
		return 0;
	/* text symbols only: stacks never point into data; but a few anchors */
	if (type != 't' && type != 'T' && type != 'w' && type != 'W') {
		if ((type == 'R' || type == 'r') && p == end && name[0] == '_')
			note_anchor(ks, name, p - name, addr);
		return 0;
	}
	if (p < end) {
		mod = memchr(p, '[', end - p);
		mod_end = mod ? memchr(mod, ']', end - mod) : NULL;
		if (mod_end && (size_t)(mod_end - mod - 1) < sizeof(modbuf)) {
			memcpy(modbuf, mod + 1, mod_end - mod - 1);
			modbuf[mod_end - mod - 1] = 0;
		} else {
			mod_end = NULL;
		}
	}
	return add_sym_len(ks, addr, 0, name, p - name, mod_end ? modbuf : NULL);
}

static int parse(struct ksyms *ks, FILE *f)
{
	char buf[1 << 16];
	size_t have = 0, n;
	int err;

	while ((n = fread(buf + have, 1, sizeof(buf) - have, f)) > 0 || have) {
		char *p = buf, *end = buf + have + n, *nl;

		have += n;
		while ((nl = memchr(p, '\n', end - p))) {
			err = parse_line(ks, p, nl);
			if (err)
				return err;
			p = nl + 1;
		}
		if (!n) {		/* the last line, without its newline */
			err = parse_line(ks, p, end);
			if (err)
				return err;
			break;
		}
		have = end - p;
		if (have == sizeof(buf))	/* a line longer than the buffer: not kallsyms */
			return -EINVAL;
		memmove(buf, p, have);
	}
	return ferror(f) ? -EIO : 0;
}

/* The module named NAME's index in KS, or -1. */
static int module_index(const struct ksyms *ks, const char *name)
{
	size_t i;

	for (i = 0; i < ks->nr_modules; i++)
		if (!strcmp(ks->modules[i], name))
			return i;
	return -1;
}

/*
 * Where each module of KS ends: "name size refcount deps state addr" lines
 * of /proc/modules.  Its size counts its data too (since 6.4 in other
 * allocations): an end past its code, never before it.
 */
static void read_module_ends(struct ksyms *ks, const char *path)
{
	FILE *f = fopen(path, "re");
	struct wr_procmod m;
	char line[512];
	int i;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!procmod__parse(line, &m) || !m.addr)
			continue;
		i = module_index(ks, m.name);
		if (i >= 0 && m.addr + m.size > m.addr)
			ks->module_end[i] = m.addr + m.size;
	}
	fclose(f);
}

struct ksyms *ksyms__load_modules(const char *path, const char *modules)
{
	struct ksyms *ks;
	FILE *f;
	int err;

	f = fopen(path, "r");
	if (!f)
		return NULL;
	ks = ksyms__new();
	if (!ks) {
		err = -ENOMEM;
		goto err_close;
	}
	err = parse(ks, f);
	if (err)
		goto err_free;
	if (!ks->nr) {
		err = -ENODATA;	/* e.g. kptr_restrict hides every address */
		goto err_free;
	}
	if (modules)
		read_module_ends(ks, modules);
	ksyms__finish(ks);
	fclose(f);
	return ks;

err_free:
	ksyms__free(ks);
err_close:
	fclose(f);
	errno = -err;
	return NULL;
}

struct ksyms *ksyms__load(const char *path)
{
	/* the modules' ends where the symbols are the running kernel's */
	return ksyms__load_modules(path, strcmp(path, "/proc/kallsyms") ? NULL : "/proc/modules");
}

struct ksyms *ksyms__new(void)
{
	static uint64_t next_id;
	struct ksyms *ks = calloc(1, sizeof(*ks));

	if (ks)
		ks->id = ++next_id;
	return ks;
}

int ksyms__add(struct ksyms *ks, uint64_t addr, uint64_t size, const char *name,
	       const char *module)
{
	return add_sym(ks, addr, size, name, module);
}

/*
 * By address, aliases in table order.  kallsyms lists the kernel's own
 * symbols sorted, then the modules' and BPF's: sort only what follows the
 * sorted start and merge the two.
 */
static void sort_syms(struct ksyms *ks)
{
	struct ksym *merged, *a, *a_end, *b, *b_end, *out;
	size_t k = 1;

	while (k < ks->nr && ks->syms[k - 1].addr <= ks->syms[k].addr)
		k++;
	if (k == ks->nr)
		return;
	qsort(ks->syms + k, ks->nr - k, sizeof(*ks->syms), cmp_addr);
	merged = malloc(ks->nr * sizeof(*merged));
	if (!merged) {			/* no memory for the merge: sort in place */
		qsort(ks->syms, ks->nr, sizeof(*ks->syms), cmp_addr);
		return;
	}
	a = ks->syms, a_end = b = ks->syms + k, b_end = ks->syms + ks->nr;
	for (out = merged; a < a_end && b < b_end;)
		*out++ = a->addr <= b->addr ? *a++ : *b++;
	while (a < a_end)
		*out++ = *a++;
	while (b < b_end)
		*out++ = *b++;
	free(ks->syms);
	ks->syms = merged;
	ks->cap = ks->nr;
}

/*
 * kallsyms gives no sizes: a symbol's is up to the next one's address.
 * Across a module's edge that stretched its last function (or vmlinux's)
 * over what lies beyond, such as a module or program loaded after the table
 * was read: an address in them must stay unknown (site__on_unknown()).  A
 * module's last function ends at the module's end where /proc/modules gave
 * it, else a page on; programs ([bpf]) are packed one after the other and
 * keep the distance.
 */
static uint64_t edge(const struct ksyms *ks, const struct ksym *s)
{
	int i;

	if (ksym__is_bpf(s))
		return UINT64_MAX;
	i = ksym__module(s) ? module_index(ks, ksym__module(s)) : -1;
	if (i >= 0 && ks->module_end[i] > s->addr)
		return ks->module_end[i] - s->addr;
	return 4096;
}

void ksyms__finish(struct ksyms *ks)
{
	size_t i;

	if (!ks->nr)
		return;
	sort_syms(ks);
	for (i = 0; i + 1 < ks->nr; i++) {
		struct ksym *s = &ks->syms[i];

		if (s->size)
			continue;
		s->size = s[1].addr - s->addr;
		if (s[1].mod != s->mod) {
			uint64_t most = edge(ks, s);

			if (s->size > most)
				s->size = most;
		}
	}
	if (!ks->syms[ks->nr - 1].size)
		ks->syms[ks->nr - 1].size = 4096;	/* unknown: assume a page */
	index_names(ks);
}

const struct ksym *ksyms__at(const struct ksyms *ks, size_t i)
{
	return ks && i < ks->nr ? &ks->syms[i] : NULL;
}

void ksyms__free(struct ksyms *ks)
{
	if (!ks)
		return;
	while (ks->names) {
		struct name_chunk *c = ks->names;

		ks->names = c->next;
		free(c);
	}
	free(ks->modules);
	free(ks->module_end);
	free(ks->syms);
	free(ks->by_name);
	free(ks);
}

size_t ksyms__count(const struct ksyms *ks)
{
	return ks ? ks->nr : 0;
}

const struct ksym *ksyms__find(const struct ksyms *ks, uint64_t addr)
{
	size_t lo = 0, hi;
	const struct ksym *s;

	if (!ks || !ks->nr || addr < ks->syms[0].addr)
		return NULL;
	hi = ks->nr;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (ks->syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	/* the first of several aliases at one address */
	while (lo > 0 && ks->syms[lo - 1].addr == ks->syms[lo].addr)
		lo--;
	s = &ks->syms[lo];
	/* a zero-size alias shares its address with the next symbol */
	while (!s->size && s + 1 < ks->syms + ks->nr)
		s++;
	if (addr - s->addr >= s->size)
		return NULL;
	return s;
}

uint64_t ksyms__addr(const struct ksyms *ks, const char *name, const char *module)
{
	const struct ksym *s;
	size_t pos = SIZE_MAX;

	while (ks && (s = next_named(ks, name, &pos)))
		if (module ? (ksym__module(s) && !strcmp(ksym__module(s), module)) : !ksym__module(s))
			return s->addr;
	return 0;
}

int ksyms__modules_of(const struct ksyms *ks, const char *name, const char **mods, int max)
{
	const struct ksym *s;
	size_t pos = SIZE_MAX;
	int n = 0;

	while (ks && (s = next_named(ks, name, &pos))) {
		if (n < max)
			mods[n] = ksym__module(s);
		n++;
	}
	return n;
}

uint64_t ksyms__anchor(const struct ksyms *ks, enum wr_ksym_anchor a)
{
	return ks && a < WR_KSYM_ANCHOR__COUNT ? ks->anchors[a] : 0;
}

bool ksym__is_bpf(const struct ksym *sym)
{
	return sym && ksym__module(sym) && !strcmp(ksym__module(sym), "bpf");
}

/* Whether KS has a symbol at an address in [LO, HI) */
static bool has_sym_in(const struct ksyms *ks, uint64_t lo, uint64_t hi)
{
	size_t a = 0, b = ks->nr;

	while (a < b) {		/* the first symbol at LO or above */
		size_t mid = a + (b - a) / 2;

		if (ks->syms[mid].addr < lo)
			a = mid + 1;
		else
			b = mid;
	}
	return a < ks->nr && ks->syms[a].addr < hi;
}

/* OLD's symbols of module MOD into KS, unless NOW has one where they were: -errno */
static int add_gone_module(struct ksyms *ks, const struct ksyms *old, const struct ksyms *now,
			   const char *mod)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	const struct ksym *y;
	size_t i;

	for (i = 0; i < old->nr; i++) {
		y = &old->syms[i];
		if (ksym__module(y) != mod)
			continue;
		lo = y->addr < lo ? y->addr : lo;
		hi = y->addr + y->size > hi ? y->addr + y->size : hi;
	}
	if (lo >= hi || has_sym_in(now, lo, hi))
		return 0;	/* another module took its place */
	for (i = 0; i < old->nr; i++) {
		y = &old->syms[i];
		if (ksym__module(y) == mod && add_sym(ks, y->addr, 0, y->name, ksym__module(y)))
			return -ENOMEM;
	}
	return 0;
}

/* The ends FROM knows of KS's modules that KS does not know yet. */
static void copy_module_ends(struct ksyms *ks, const struct ksyms *from)
{
	size_t i;
	int j;

	for (i = 0; i < ks->nr_modules; i++) {
		j = module_index(from, ks->modules[i]);
		if (!ks->module_end[i] && j >= 0)
			ks->module_end[i] = from->module_end[j];
	}
}

struct ksyms *ksyms__keep_gone_modules(const struct ksyms *old, struct ksyms *now)
{
	struct ksyms *ks;
	size_t i, gone = 0;

	for (i = 0; old && i < old->nr_modules; i++)
		gone += module_index(now, old->modules[i]) < 0;
	if (!gone)
		return now;
	ks = ksyms__new();
	if (!ks)
		return now;
	memcpy(ks->anchors, now->anchors, sizeof(ks->anchors));
	/* sizes again from the neighbours, as for a table read whole */
	for (i = 0; i < now->nr; i++)
		if (add_sym(ks, now->syms[i].addr, 0, now->syms[i].name, ksym__module(&now->syms[i])))
			goto fail;
	for (i = 0; i < old->nr_modules; i++)
		if (module_index(now, old->modules[i]) < 0 &&
		    add_gone_module(ks, old, now, old->modules[i]))
			goto fail;
	copy_module_ends(ks, now);
	copy_module_ends(ks, old);
	ksyms__finish(ks);
	ksyms__free(now);
	return ks;

fail:
	ksyms__free(ks);
	return now;		/* no memory: the table as read now */
}

int ksyms__snprint(const struct ksyms *ks, uint64_t addr, char *buf, size_t len)
{
	const struct ksym *s = ksyms__find(ks, addr);

	if (!s)
		return snprintf(buf, len, "0x%016" PRIx64, addr);
	if (ksym__module(s))
		return snprintf(buf, len, "%s+0x%" PRIx64 "/0x%" PRIx64 " [%s]", s->name,
				addr - s->addr, (uint64_t)s->size, ksym__module(s));
	return snprintf(buf, len, "%s+0x%" PRIx64 "/0x%" PRIx64, s->name, addr - s->addr,
			(uint64_t)s->size);
}

static long read_sysctl(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/*
 * kallsyms shows addresses: at kptr_restrict 0 to a task when
 * perf_event_paranoid <= 1, else to one with CAP_SYSLOG; at 1 to one with
 * CAP_SYSLOG; at 2 to none.
 */
const char *ksyms__hidden_why(char *buf, size_t len)
{
	long kr = read_sysctl("/proc/sys/kernel/kptr_restrict");
	long pp = read_sysctl("/proc/sys/kernel/perf_event_paranoid");

	if (kr >= 2)
		snprintf(buf, len, "kernel.kptr_restrict=%ld hides every address, even from "
			 "root: sysctl kernel.kptr_restrict=1 and run as root", kr);
	else if (kr == 1)
		snprintf(buf, len, "kernel.kptr_restrict=1 shows addresses only with CAP_SYSLOG: "
			 "run as root");
	else if (kr == 0 && pp > 1)
		snprintf(buf, len, "not root, and kernel.perf_event_paranoid=%ld (above 1, "
			 "kallsyms shows addresses only with CAP_SYSLOG; kptr_restrict is already "
			 "0): run as root", pp);
	else
		snprintf(buf, len, "addresses are hidden (kernel lockdown?): run as root");
	return buf;
}
