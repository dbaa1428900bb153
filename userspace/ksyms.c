// SPDX-License-Identifier: GPL-2.0
/*
 * ksyms.c - a sorted in-memory copy of /proc/kallsyms.
 *
 * Module symbols and the bpf_prog_* / bpf_trampoline_* symbols of programs
 * attached by this process only appear once loaded and attached, so the
 * frontend loads this table after attaching (and again when a module loads).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksyms.h"

struct ksyms {
	uint64_t id;		/* unique per table, for caches keyed by it */
	struct ksym *syms;
	size_t nr, cap;
	char **modules;		/* interned module names */
	size_t nr_modules;
};

static const char *intern_module(struct ksyms *ks, const char *mod)
{
	char **grown;
	size_t i;

	for (i = 0; i < ks->nr_modules; i++)
		if (!strcmp(ks->modules[i], mod))
			return ks->modules[i];
	grown = realloc(ks->modules, (ks->nr_modules + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	ks->modules = grown;
	ks->modules[ks->nr_modules] = strdup(mod);
	if (!ks->modules[ks->nr_modules])
		return NULL;
	return ks->modules[ks->nr_modules++];
}

static int add_sym(struct ksyms *ks, uint64_t addr, uint64_t size, const char *name,
		   const char *mod)
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
	s->size = size;
	s->name = strdup(name);
	s->module = NULL;
	if (!s->name)
		return -ENOMEM;
	if (mod) {
		s->module = intern_module(ks, mod);
		if (!s->module) {
			free((char *)s->name);
			return -ENOMEM;
		}
	}
	ks->nr++;
	return 0;
}

static int cmp_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* aliases: keep the table order stable, the first one wins lookups */
	return x < y ? -1 : x > y;
}

/* Parse "ffffffffc0a1b2c0 t name\t[module]" lines. */
static int parse(struct ksyms *ks, FILE *f)
{
	char line[1024], name[512], mod[256];
	unsigned long long addr;
	char type;
	int n, err;

	while (fgets(line, sizeof(line), f)) {
		mod[0] = 0;
		n = sscanf(line, "%llx %c %511s [%255[^]]]", &addr, &type, name, mod);
		if (n < 3 || !addr)
			continue;
		/* text symbols only: stacks never point into data */
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		err = add_sym(ks, addr, 0, name, n == 4 ? mod : NULL);
		if (err)
			return err;
	}
	return ferror(f) ? -EIO : 0;
}

struct ksyms *ksyms__load(const char *path)
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

struct ksyms *ksyms__new(void)
{
	static uint64_t next_id;
	struct ksyms *ks = calloc(1, sizeof(*ks));

	if (ks)
		ks->id = ++next_id;
	return ks;
}

uint64_t ksyms__id(const struct ksyms *ks)
{
	return ks ? ks->id : 0;
}

int ksyms__add(struct ksyms *ks, uint64_t addr, uint64_t size, const char *name,
	       const char *module)
{
	return add_sym(ks, addr, size, name, module);
}

void ksyms__finish(struct ksyms *ks)
{
	size_t i;

	if (!ks->nr)
		return;
	qsort(ks->syms, ks->nr, sizeof(*ks->syms), cmp_addr);
	for (i = 0; i + 1 < ks->nr; i++)
		if (!ks->syms[i].size)
			ks->syms[i].size = ks->syms[i + 1].addr - ks->syms[i].addr;
	if (!ks->syms[ks->nr - 1].size)
		ks->syms[ks->nr - 1].size = 4096;	/* unknown: assume a page */
}

const struct ksym *ksyms__at(const struct ksyms *ks, size_t i)
{
	return ks && i < ks->nr ? &ks->syms[i] : NULL;
}

void ksyms__free(struct ksyms *ks)
{
	size_t i;

	if (!ks)
		return;
	for (i = 0; i < ks->nr; i++)
		free((char *)ks->syms[i].name);
	for (i = 0; i < ks->nr_modules; i++)
		free(ks->modules[i]);
	free(ks->modules);
	free(ks->syms);
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
	size_t i;

	for (i = 0; ks && i < ks->nr; i++) {
		const struct ksym *s = &ks->syms[i];

		if (strcmp(s->name, name))
			continue;
		if (module ? (s->module && !strcmp(s->module, module)) : !s->module)
			return s->addr;
	}
	return 0;
}

int ksyms__modules_of(const struct ksyms *ks, const char *name, const char **mods, int max)
{
	size_t i;
	int n = 0;

	for (i = 0; ks && i < ks->nr; i++) {
		if (strcmp(ks->syms[i].name, name))
			continue;
		if (n < max)
			mods[n] = ks->syms[i].module;
		n++;
	}
	return n;
}

bool ksym__is_bpf(const struct ksym *sym)
{
	return sym && sym->module && !strcmp(sym->module, "bpf");
}

int ksyms__snprint(const struct ksyms *ks, uint64_t addr, char *buf, size_t len)
{
	const struct ksym *s = ksyms__find(ks, addr);

	if (!s)
		return snprintf(buf, len, "0x%016" PRIx64, addr);
	if (s->module)
		return snprintf(buf, len, "%s+0x%" PRIx64 "/0x%" PRIx64 " [%s]", s->name,
				addr - s->addr, s->size, s->module);
	return snprintf(buf, len, "%s+0x%" PRIx64 "/0x%" PRIx64, s->name, addr - s->addr, s->size);
}
