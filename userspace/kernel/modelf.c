// SPDX-License-Identifier: GPL-2.0
/*
 * modelf.c - a module's call and jump edges from its relocations (modelf.h).
 *
 * A module is a relocatable object: every call or jump to a symbol that is
 * global, or in another section, keeps its relocation, R_X86_64_PLT32 (or
 * PC32 from older binutils) on the rel32 after the opcode byte: e8 call,
 * e9 jmp, 0f 80..8f jcc.  A RIP-relative operand has a ModRM byte there,
 * never one of these.  The file is not trusted: every offset, size and index
 * is checked against the bounds of what it points into.
 */
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/insn.h"
#include "kernel/modelf.h"
#include "kernel/modfile.h"

struct fsym {
	uint64_t start, end;
	const char *name;
};

/* an executable section: its bytes and its functions, by address */
struct xsec {
	const unsigned char *bytes;
	uint64_t size;
	const char *name;
	struct fsym *funcs;
	size_t nr, cap;
	uint64_t *relocs;	/* offsets of its relocations, of any type */
	size_t nr_relocs, cap_relocs;
};

struct reader {
	struct modelf *m;
	Elf *elf;
	size_t nr_scns, shstrndx, symtab_ndx, strndx, nr_syms, cap_edges;
	Elf_Data *syms;
	struct xsec *xs;	/* by section index; bytes NULL: not executable */
	char *err;
	size_t errlen;
};

#define BAD(r, ...) (snprintf((r)->err, (r)->errlen, __VA_ARGS__), -1)

static const char *scn_name(struct reader *r, const GElf_Shdr *sh)
{
	const char *n = elf_strptr(r->elf, r->shstrndx, sh->sh_name);

	return n ? n : "?";
}

/* Every section within the file; the symbol table and the code found. */
static int read_sections(struct reader *r)
{
	Elf_Scn *scn = NULL;
	size_t nr_symtabs = 0;

	if (elf_getshdrnum(r->elf, &r->nr_scns) || elf_getshdrstrndx(r->elf, &r->shstrndx) ||
	    r->nr_scns > r->m->size / sizeof(Elf64_Shdr))
		return BAD(r, "bad section header table");
	r->xs = calloc(r->nr_scns + 1, sizeof(*r->xs));
	if (!r->xs)
		return BAD(r, "out of memory");
	while ((scn = elf_nextscn(r->elf, scn))) {
		size_t idx = elf_ndxscn(scn);
		Elf_Data *d;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh) || idx >= r->nr_scns)
			return BAD(r, "bad section header %zu", idx);
		if (sh.sh_type != SHT_NOBITS &&
		    (sh.sh_offset > r->m->size || sh.sh_size > r->m->size - sh.sh_offset))
			return BAD(r, "section %zu lies outside the file", idx);
		if (sh.sh_type == SHT_SYMTAB) {
			nr_symtabs++;
			r->symtab_ndx = idx;
			r->strndx = sh.sh_link;
		}
		if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_EXECINSTR) || !sh.sh_size)
			continue;
		if (sh.sh_flags & SHF_COMPRESSED)
			return BAD(r, "compressed code section %s", scn_name(r, &sh));
		d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf || d->d_size != sh.sh_size)
			return BAD(r, "cannot read section %s", scn_name(r, &sh));
		r->xs[idx].bytes = d->d_buf;
		r->xs[idx].size = d->d_size;
		r->xs[idx].name = scn_name(r, &sh);
	}
	if (nr_symtabs != 1)
		return BAD(r, nr_symtabs ? "more than one symbol table" : "no symbol table");
	return 0;
}

static int read_symtab(struct reader *r)
{
	Elf_Scn *scn = elf_getscn(r->elf, r->symtab_ndx), *str;
	GElf_Shdr sh, strsh;

	if (!scn || !gelf_getshdr(scn, &sh) || sh.sh_entsize != sizeof(Elf64_Sym) ||
	    r->strndx >= r->nr_scns)
		return BAD(r, "bad symbol table");
	str = elf_getscn(r->elf, r->strndx);
	if (!str || !gelf_getshdr(str, &strsh) || strsh.sh_type != SHT_STRTAB)
		return BAD(r, "bad symbol string table");
	r->syms = elf_getdata(scn, NULL);
	if (!r->syms || r->syms->d_size % sizeof(Elf64_Sym))
		return BAD(r, "bad symbol table");
	r->nr_syms = r->syms->d_size / sizeof(Elf64_Sym);
	return 0;
}

static bool skipped_symbol(const char *name)
{
	/* the padding before a function (6.2+ call depth tracking, kCFI) */
	return !strncmp(name, "__pfx_", 6) || !strncmp(name, "__cfi_", 6) || !name[0];
}

static int add_func(struct reader *r, struct xsec *x, const GElf_Sym *s, const char *name)
{
	if (x->nr == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 256;
		struct fsym *f = realloc(x->funcs, cap * sizeof(*f));

		if (!f)
			return BAD(r, "out of memory");
		x->funcs = f;
		x->cap = cap;
	}
	x->funcs[x->nr].start = s->st_value;
	x->funcs[x->nr].end = s->st_value + s->st_size;
	x->funcs[x->nr++].name = name;
	return 0;
}

static int cmp_fsym(const void *a, const void *b)
{
	const struct fsym *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* an alias: the larger one contains what follows */
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return 0;
}

/* The function symbols of every code section, checked against its bounds. */
static int read_funcs(struct reader *r)
{
	size_t i;

	for (i = 1; i < r->nr_syms; i++) {
		GElf_Sym s;
		const char *name;
		struct xsec *x;

		if (!gelf_getsym(r->syms, i, &s))
			return BAD(r, "bad symbol %zu", i);
		if (GELF_ST_TYPE(s.st_info) != STT_FUNC || s.st_shndx == SHN_UNDEF ||
		    s.st_shndx >= SHN_LORESERVE || s.st_shndx >= r->nr_scns)
			continue;
		x = &r->xs[s.st_shndx];
		if (!x->bytes)
			continue;
		name = elf_strptr(r->elf, r->strndx, s.st_name);
		if (!name)
			return BAD(r, "symbol %zu: name outside the string table", i);
		if (s.st_value > x->size || s.st_size > x->size - s.st_value)
			return BAD(r, "symbol %s lies outside section %s", name, x->name);
		if (!skipped_symbol(name) && s.st_size && add_func(r, x, &s, name))
			return -1;
	}
	for (i = 0; i < r->nr_scns; i++)
		if (r->xs[i].nr)
			qsort(r->xs[i].funcs, r->xs[i].nr, sizeof(struct fsym), cmp_fsym);
	return 0;
}

/* The function that contains OFF, or NULL. */
static const struct fsym *func_at(const struct xsec *x, uint64_t off)
{
	size_t lo = 0, hi = x->nr;
	const struct fsym *f;

	/* the last function starting at or before OFF */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->funcs[mid].start <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	/* of those starting at the same address, the first (largest) */
	f = &x->funcs[lo - 1];
	while (f > x->funcs && f[-1].start == f->start)
		f--;
	return off < f->end ? f : NULL;
}

static int add_edge(struct reader *r, const char *func, const char *callee,
		    enum cg_edge_kind kind)
{
	struct modelf *m = r->m;

	if (m->nr_edges == r->cap_edges) {
		size_t cap = r->cap_edges ? r->cap_edges * 2 : 1024;
		struct cg_edge *e = realloc(m->edges, cap * sizeof(*e));

		if (!e)
			return BAD(r, "out of memory");
		m->edges = e;
		r->cap_edges = cap;
	}
	m->edges[m->nr_edges].func = func;
	m->edges[m->nr_edges].callee = callee;
	m->edges[m->nr_edges++].kind = kind;
	return 0;
}

/*
 * The function a relocation's symbol and addend point at: by name for an
 * undefined or function symbol, else the function starting at the target
 * (a section symbol: a static function in another section).  NULL: the
 * middle of a function, or not code.
 */
static const char *callee_of(struct reader *r, const GElf_Sym *s, int64_t addend)
{
	const char *name = elf_strptr(r->elf, r->strndx, s->st_name);
	const struct fsym *f;
	const struct xsec *x;
	uint64_t target;

	if (s->st_shndx == SHN_UNDEF)
		return name && name[0] && addend == -4 ? name : NULL;
	if (s->st_shndx >= SHN_LORESERVE || s->st_shndx >= r->nr_scns)
		return NULL;
	if (GELF_ST_TYPE(s->st_info) == STT_FUNC && addend == -4 && name &&
	    !skipped_symbol(name))
		return name;
	x = &r->xs[s->st_shndx];
	target = s->st_value + (uint64_t)addend + 4;
	if (!x->bytes || target >= x->size)
		return NULL;
	f = func_at(x, target);
	return f && f->start == target ? f->name : NULL;
}

/* The branch whose rel32 a relocation at OFF fills, or -1: not a branch. */
static int branch_at(const struct xsec *x, uint64_t off, uint64_t *insn)
{
	unsigned char op = off >= 1 ? x->bytes[off - 1] : 0;

	if (op == 0xe8 || op == 0xe9) {
		*insn = off - 1;
		return op == 0xe8 ? 0 : 1;
	}
	if (off >= 2 && x->bytes[off - 2] == 0x0f && (op & 0xf0) == 0x80) {
		*insn = off - 2;
		return 2;
	}
	return -1;
}

static int add_reloc(struct reader *r, struct xsec *x, uint64_t off)
{
	if (x->nr_relocs == x->cap_relocs) {
		size_t cap = x->cap_relocs ? x->cap_relocs * 2 : 1024;
		uint64_t *p = realloc(x->relocs, cap * sizeof(*p));

		if (!p)
			return BAD(r, "out of memory");
		x->relocs = p;
		x->cap_relocs = cap;
	}
	x->relocs[x->nr_relocs++] = off;
	return 0;
}

static int read_rela(struct reader *r, Elf_Scn *scn, const GElf_Shdr *sh)
{
	struct xsec *x = &r->xs[sh->sh_info];
	struct modelf_stats *st = &r->m->stats;
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t i, n;

	if (!d || sh->sh_entsize != sizeof(Elf64_Rela) || d->d_size % sizeof(Elf64_Rela))
		return BAD(r, "bad relocation section %s", scn_name(r, sh));
	n = d->d_size / sizeof(Elf64_Rela);
	for (i = 0; i < n; i++) {
		const struct fsym *f;
		const char *callee;
		uint64_t insn;
		GElf_Rela rel;
		GElf_Sym s;
		int kind;

		if (!gelf_getrela(d, i, &rel))
			return BAD(r, "bad relocation %zu of %s", i, x->name);
		if (rel.r_offset >= x->size)
			return BAD(r, "relocation at 0x%llx lies past the end of section %s",
				   (unsigned long long)rel.r_offset, x->name);
		if (add_reloc(r, x, rel.r_offset))
			return -1;
		if (GELF_R_TYPE(rel.r_info) != R_X86_64_PLT32 &&
		    GELF_R_TYPE(rel.r_info) != R_X86_64_PC32)
			continue;
		if (rel.r_offset > x->size || x->size - rel.r_offset < 4)
			return BAD(r, "relocation at 0x%llx lies past the end of section %s",
				   (unsigned long long)rel.r_offset, x->name);
		if (GELF_R_SYM(rel.r_info) >= r->nr_syms ||
		    !gelf_getsym(r->syms, GELF_R_SYM(rel.r_info), &s))
			return BAD(r, "relocation at 0x%llx of %s: bad symbol index",
				   (unsigned long long)rel.r_offset, x->name);
		st->relocs++;
		kind = branch_at(x, rel.r_offset, &insn);
		if (kind < 0)
			continue;
		st->calls += kind == 0;
		st->jmps += kind == 1;
		st->jccs += kind == 2;
		f = func_at(x, insn);
		if (!f) {
			st->outside++;
			continue;
		}
		callee = callee_of(r, &s, rel.r_addend);
		if (!callee) {
			st->inside++;
			continue;
		}
		if (add_edge(r, f->name, callee, kind ? CG_JMP : CG_CALL))
			return -1;
	}
	return 0;
}

static int read_relocs(struct reader *r)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(r->elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			return BAD(r, "bad section header");
		if (sh.sh_type != SHT_RELA || sh.sh_info >= r->nr_scns ||
		    !r->xs[sh.sh_info].bytes)
			continue;
		if (sh.sh_link != r->symtab_ndx)
			return BAD(r, "%s does not use the symbol table", scn_name(r, &sh));
		if (read_rela(r, scn, &sh))
			return -1;
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* the first relocation at or after OFF */
static size_t reloc_from(const struct xsec *x, uint64_t off)
{
	size_t lo = 0, hi = x->nr_relocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->relocs[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Walk F instruction by instruction; its branches without a relocation to
 * the start of another function of the section are edges.  Each relocation
 * must fall inside an instruction, past its first byte, and the last one
 * must end where F ends: else the walk lost step, and F's local edges are
 * dropped (stats.undecoded).
 */
static int walk_func(struct reader *r, const struct xsec *x, const struct fsym *f)
{
	size_t rel = reloc_from(x, f->start), first = r->m->nr_edges;
	struct modelf_stats *st = &r->m->stats;
	uint64_t pos = f->start;
	struct insn in;

	while (pos < f->end) {
		const struct fsym *t;
		uint64_t target;
		bool relocated = false;

		if (insn_decode(x->bytes + pos, f->end - pos, &in))
			goto lost;
		for (; rel < x->nr_relocs && x->relocs[rel] < pos + in.len; rel++) {
			if (x->relocs[rel] <= pos)
				goto lost;
			relocated |= in.branch && x->relocs[rel] == pos + in.rel_off;
		}
		pos += in.len;
		if (!in.branch || relocated)
			continue;
		target = pos + (int64_t)in.rel;
		t = target < x->size ? func_at(x, target) : NULL;
		if (!t || t->start != target || t->start == f->start)
			continue;
		st->local_calls += in.branch == INSN_CALL;
		st->local_jmps += in.branch != INSN_CALL;
		if (add_edge(r, f->name, t->name, in.branch == INSN_CALL ? CG_CALL : CG_JMP))
			return -1;
	}
	st->decoded++;
	return 0;
lost:
	r->m->nr_edges = first;
	st->undecoded++;
	return 0;
}

/* The calls and jumps the assembler resolved itself: to static functions. */
static int read_local(struct reader *r)
{
	size_t i, j;

	for (i = 0; i < r->nr_scns; i++) {
		struct xsec *x = &r->xs[i];

		if (!x->nr)
			continue;
		if (x->nr_relocs)
			qsort(x->relocs, x->nr_relocs, sizeof(*x->relocs), cmp_u64);
		for (j = 0; j < x->nr; j++)
			if ((!j || x->funcs[j - 1].start != x->funcs[j].start) &&
			    walk_func(r, x, &x->funcs[j]))
				return -1;
	}
	return 0;
}

static int read_elf(struct reader *r)
{
	GElf_Ehdr eh;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return BAD(r, "libelf: %s", elf_errmsg(-1));
	r->elf = elf_memory(r->m->image, r->m->size);
	r->m->elf = r->elf;
	if (!r->elf || elf_kind(r->elf) != ELF_K_ELF)
		return BAD(r, "not an ELF file");
	if (!gelf_getehdr(r->elf, &eh) || gelf_getclass(r->elf) != ELFCLASS64 ||
	    eh.e_machine != EM_X86_64 || eh.e_type != ET_REL)
		return BAD(r, "not an x86-64 kernel module (ELF64 relocatable object)");
	if (read_sections(r) || read_symtab(r) || read_funcs(r) || read_relocs(r) ||
	    read_local(r))
		return -1;
	return 0;
}

struct modelf *modelf__from_image(void *image, size_t size, char *err, size_t errlen)
{
	struct reader r = { .err = err, .errlen = errlen };
	size_t i;
	int rc;

	r.m = calloc(1, sizeof(*r.m));
	if (!r.m) {
		free(image);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r.m->image = image;
	r.m->size = size;
	r.m->compression = "none";
	rc = read_elf(&r);
	for (i = 0; r.xs && i < r.nr_scns; i++)
		free(r.xs[i].funcs), free(r.xs[i].relocs);
	free(r.xs);
	if (rc) {
		modelf__close(r.m);
		return NULL;
	}
	return r.m;
}

struct modelf *modelf__open(const char *path, char *err, size_t errlen)
{
	const char *comp = "none";
	struct modelf *m;
	void *image;
	size_t size;

	if (modfile__read(path, MODFILE_MAX_SIZE, &image, &size, &comp, err, errlen))
		return NULL;
	m = modelf__from_image(image, size, err, errlen);
	if (m)
		m->compression = comp;
	return m;
}

void modelf__close(struct modelf *m)
{
	if (!m)
		return;
	if (m->elf)
		elf_end(m->elf);
	free(m->edges);
	free(m->image);
	free(m);
}
