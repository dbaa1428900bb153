// SPDX-License-Identifier: GPL-2.0
/*
 * unwind_orc.c - the running kernel's ORC entries, read through /proc/kcore
 * (see unwind_orc.h).
 *
 * Layouts come from BTF at open: the bit fields of struct orc_entry, and
 * where struct module keeps its ORC tables and its core text; the numbers
 * of the ORC registers, which BTF does not have, from a sample of vmlinux's
 * entries (24 KB).  Tables are read when first needed: vmlinux's ip table
 * (about 2 MB) at the first lookup in vmlinux, a module's at the first
 * lookup in that module, and one ORC entry per lookup.  Of an ip table only
 * every ORC_BLOCK-th address is kept (16 KB of vmlinux's): a lookup reads
 * the one block of ips it falls in.  x86-64 only: the
 * tables are read in host order.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>

#include "kernel/unwind_orc.h"

/*
 * ORC registers (arch/x86/include/asm/orc_types.h).  7.x renumbered them
 * (Debian's 6.18 has the old numbers, its 7.3 the new); UNDEFINED and BP
 * kept theirs.  They are #defines, not in BTF: reg_numbering() tells which
 * numbering the running kernel's table uses.
 */
#define ORC_REG_UNDEFINED	0
#define ORC_REG_BP		4
#define ORC_OLD_REG_PREV_SP	1
#define ORC_OLD_REG_SP		5
#define ORC_NEW_REG_SP		3
#define ORC_NEW_REG_PREV_SP	8

#define ORC_SAMPLE_ENTRIES	4096	/* of vmlinux's table, for reg_numbering() */

/* ORC types before 6.4 (struct orc_entry has an "end" bit) */
#define ORC_OLD_TYPE_CALL	0
#define ORC_OLD_TYPE_REGS	1

/* ORC types from 6.4 on */
#define ORC_TYPE_END_OF_STACK	1
#define ORC_TYPE_CALL		2
#define ORC_TYPE_REGS		3

#define ORC_MAX_ENTRY_SIZE	16		/* bytes of one struct orc_entry (6 today) */
#define ORC_MAX_ENTRIES		(16u << 20)	/* more in one table is a misread */
#define ORC_MAX_SEGS		4096		/* PT_LOADs of kcore */

struct kcore_seg {
	uint64_t vaddr, memsz, offset;
};

/* A bit field of struct orc_entry: bits [off, off + bits) of the entry, little-endian. */
struct orc_field {
	uint32_t off, bits;
	bool present;
};

/* A member of struct module read through kcore: byte offset and size (1, 2, 4 or 8). */
struct mod_field {
	uint32_t off, size;
};

/* One ip table and its parallel entries: vmlinux's or a module's. */
struct orc_table {
	uint64_t ip_addr;	/* s32 ip[n]: entry i describes &ip[i] + ip[i] on */
	uint64_t entry_addr;	/* struct orc_entry[n] */
	uint32_t n;
	uint64_t *first;	/* the address of each block's first entry, read at first use */
};

#ifndef ORC_BLOCK
#define ORC_BLOCK	256	/* ip entries a lookup reads (1 KB) */
#endif

struct orc_module {
	char name[64];
	uint64_t text_start, text_end;	/* core text: init text is never described */
	struct orc_table t;
	bool seen;		/* listed Live in the last read of /proc/modules */
};

struct orc_tables {
	int fd;			/* kcore */
	struct kcore_seg *segs;
	int nr_segs;
	char *proc_modules, *sys_module;
	uint64_t *refuse;	/* sorted */
	int nr_refuse;
	uint64_t text_start, text_end;
	struct orc_table vmlinux;

	/* struct orc_entry */
	uint32_t entry_size;
	bool new_layout;	/* 6.4+: types UNDEFINED and END_OF_STACK, no "end" bit */
	uint32_t reg_sp, reg_prev_sp;	/* their numbers in this kernel */
	struct orc_field sp_offset, bp_offset, sp_reg, bp_reg, type, end, signal;

	/* struct module; !mod_ok: module addresses are never described */
	bool mod_ok;
	struct mod_field num_orcs, orc_unwind_ip, orc_unwind, text_base, text_size;

	struct orc_module *mods;
	int nr_mods, cap_mods;
};

static void say(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!why || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

/* LEN bytes at kernel address ADDR: 0, -EFAULT where kcore maps nothing, -EIO on a short read. */
static int kcore_read(struct orc_tables *o, uint64_t addr, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		const struct kcore_seg *s = NULL;
		size_t chunk;
		ssize_t r;
		int i;

		for (i = 0; i < o->nr_segs && !s; i++)
			if (addr - o->segs[i].vaddr < o->segs[i].memsz && addr >= o->segs[i].vaddr)
				s = &o->segs[i];
		if (!s)
			return -EFAULT;
		chunk = s->memsz - (addr - s->vaddr);
		if (chunk > len)
			chunk = len;
		r = pread(o->fd, p, chunk, s->offset + (addr - s->vaddr));
		if (r < 0)
			return -errno;
		if (r == 0)
			return -EIO;
		p += r;
		addr += r;
		len -= r;
	}
	return 0;
}

/* An unsigned little-endian integer of SIZE bytes at ADDR. */
static int kcore_read_uint(struct orc_tables *o, uint64_t addr, uint32_t size, uint64_t *val)
{
	uint8_t b[8] = {};
	int err = kcore_read(o, addr, b, size), i;

	if (err)
		return err;
	*val = 0;
	for (i = size - 1; i >= 0; i--)
		*val = *val << 8 | b[i];
	return 0;
}

/* Open kcore and keep its PT_LOAD segments. */
static int kcore_open(struct orc_tables *o, const char *path, char *why, size_t len)
{
	Elf64_Ehdr eh;
	Elf64_Phdr *ph = NULL;
	size_t sz;
	int i, err = -EINVAL;

	o->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (o->fd < 0) {
		err = -errno;
		say(why, len, "cannot open %s: %s (%s)", path, strerror(errno),
		    errno == EPERM || errno == EACCES ? "needs CAP_SYS_RAWIO, and no lockdown" :
		    "needs a kernel with CONFIG_PROC_KCORE");
		return err;
	}
	if (pread(o->fd, &eh, sizeof(eh), 0) != sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_type != ET_CORE || eh.e_phentsize != sizeof(Elf64_Phdr) || !eh.e_phnum ||
	    eh.e_phnum > ORC_MAX_SEGS)
		goto bad;
	sz = (size_t)eh.e_phnum * sizeof(*ph);
	ph = malloc(sz);
	o->segs = calloc(eh.e_phnum, sizeof(*o->segs));
	if (!ph || !o->segs) {
		err = -ENOMEM;
		say(why, len, "out of memory");
		goto out;
	}
	if (pread(o->fd, ph, sz, eh.e_phoff) != (ssize_t)sz)
		goto bad;
	for (i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		o->segs[o->nr_segs].vaddr = ph[i].p_vaddr;
		o->segs[o->nr_segs].memsz = ph[i].p_memsz;
		o->segs[o->nr_segs].offset = ph[i].p_offset;
		o->nr_segs++;
	}
	if (!o->nr_segs)
		goto bad;
	err = 0;
	goto out;
bad:
	say(why, len, "%s is not an x86-64 ELF core file with PT_LOAD segments", path);
out:
	free(ph);
	return err;
}

struct member {
	uint32_t off;		/* bits from the start of the outermost struct */
	uint32_t bits;		/* width in bits */
	uint32_t type;		/* type id, typedefs and modifiers skipped */
};

/* Member NAME of struct or union ID (anonymous members searched too), BASE bits in. */
static bool find_member(const struct btf *btf, uint32_t id, const char *name, uint32_t base,
			struct member *m)
{
	const struct btf_member *bm;
	const struct btf_type *t;
	int rid = btf__resolve_type(btf, id), i;

	t = rid < 0 ? NULL : btf__type_by_id(btf, rid);
	if (!t || !btf_is_composite(t))
		return false;
	bm = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, bm++) {
		const char *n = btf__name_by_offset(btf, bm->name_off);
		uint32_t off = base + btf_member_bit_offset(t, i);
		const struct btf_type *mt;
		long long size;

		if (!n || !n[0]) {
			if (find_member(btf, bm->type, name, off, m))
				return true;
			continue;
		}
		if (strcmp(n, name))
			continue;
		rid = btf__resolve_type(btf, bm->type);
		mt = rid < 0 ? NULL : btf__type_by_id(btf, rid);
		if (!mt)
			return false;
		m->off = off;
		m->type = rid;
		m->bits = btf_member_bitfield_size(t, i);
		if (m->bits)
			return true;
		if (btf_is_int(mt) && btf_int_bits(mt) < mt->size * 8) {
			/* a bit field in the old encoding: width and offset in the int */
			m->bits = btf_int_bits(mt);
			m->off += btf_int_offset(mt);
			return true;
		}
		size = btf__resolve_size(btf, rid);
		if (size <= 0 || size > UINT32_MAX / 8)
			return false;
		m->bits = size * 8;
		return true;
	}
	return false;
}

/* Bit field NAME of struct orc_entry ID, at most MAX_BITS wide. */
static bool entry_field(const struct orc_tables *o, const struct btf *btf, int id,
			const char *name, uint32_t max_bits, struct orc_field *f)
{
	struct member m;

	if (!find_member(btf, id, name, 0, &m) || !m.bits || m.bits > max_bits ||
	    m.off + m.bits > o->entry_size * 8)
		return false;
	f->off = m.off;
	f->bits = m.bits;
	f->present = true;
	return true;
}

static int entry_layout(struct orc_tables *o, const struct btf *btf, char *why, size_t len)
{
	int id = btf ? btf__find_by_name_kind(btf, "orc_entry", BTF_KIND_STRUCT) : -ENOENT;
	long long size;

	if (id < 0) {
		say(why, len, "vmlinux BTF has no struct orc_entry: needs a kernel built with "
		    "CONFIG_UNWINDER_ORC and CONFIG_DEBUG_INFO_BTF");
		return -ENOENT;
	}
	size = btf__resolve_size(btf, id);
	if (size <= 0 || size > ORC_MAX_ENTRY_SIZE) {
		say(why, len, "struct orc_entry has an unexpected size (%lld bytes)", size);
		return -EINVAL;
	}
	o->entry_size = size;
	if (!entry_field(o, btf, id, "sp_offset", 16, &o->sp_offset) ||
	    !entry_field(o, btf, id, "bp_offset", 16, &o->bp_offset) ||
	    !entry_field(o, btf, id, "sp_reg", 8, &o->sp_reg) ||
	    !entry_field(o, btf, id, "bp_reg", 8, &o->bp_reg) ||
	    !entry_field(o, btf, id, "type", 8, &o->type)) {
		say(why, len, "struct orc_entry in vmlinux BTF lacks sp_offset, bp_offset, sp_reg, "
		    "bp_reg or type: an ORC format this version does not know");
		return -EINVAL;
	}
	entry_field(o, btf, id, "end", 1, &o->end);
	entry_field(o, btf, id, "signal", 1, &o->signal);
	o->new_layout = !o->end.present;
	return 0;
}

/* Member NAME of ID, BASE bits in, as a whole number of bytes (1, 2, 4 or 8). */
static bool mod_member(const struct btf *btf, uint32_t id, const char *name, uint32_t base,
		       struct mod_field *f)
{
	struct member m;

	if (!find_member(btf, id, name, base, &m) || m.off % 8 ||
	    (m.bits != 8 && m.bits != 16 && m.bits != 32 && m.bits != 64))
		return false;
	f->off = m.off / 8;
	f->size = m.bits / 8;
	return true;
}

static bool enum_value(const struct btf *btf, const char *type, const char *name, int64_t *val)
{
	const struct btf_type *t;
	int id = btf__find_by_name_kind(btf, type, BTF_KIND_ENUM), i;

	if (id < 0)
		id = btf__find_by_name_kind(btf, type, BTF_KIND_ENUM64);
	t = id < 0 ? NULL : btf__type_by_id(btf, id);
	if (!t)
		return false;
	for (i = 0; i < btf_vlen(t); i++) {
		const char *n;

		if (btf_is_enum(t)) {
			n = btf__name_by_offset(btf, btf_enum(t)[i].name_off);
			*val = btf_enum(t)[i].val;
		} else {
			n = btf__name_by_offset(btf, btf_enum64(t)[i].name_off);
			*val = btf_enum64_value(&btf_enum64(t)[i]);
		}
		if (n && !strcmp(n, name))
			return true;
	}
	return false;
}

/*
 * Where struct module keeps its ORC tables (arch) and its core text: mem[MOD_TEXT]
 * from 6.4 on, core_layout before.  Leaves mod_ok false when any is missing.
 */
static void module_layout(struct orc_tables *o, const struct btf *btf)
{
	const struct btf_type *t;
	struct member arch, m;
	int id = btf ? btf__find_by_name_kind(btf, "module", BTF_KIND_STRUCT) : -ENOENT;
	int64_t text;

	if (id < 0 || !find_member(btf, id, "arch", 0, &arch) ||
	    !mod_member(btf, arch.type, "num_orcs", arch.off, &o->num_orcs) ||
	    !mod_member(btf, arch.type, "orc_unwind_ip", arch.off, &o->orc_unwind_ip) ||
	    !mod_member(btf, arch.type, "orc_unwind", arch.off, &o->orc_unwind) ||
	    o->orc_unwind_ip.size != 8 || o->orc_unwind.size != 8)
		return;
	if (find_member(btf, id, "mem", 0, &m)) {
		const struct btf_array *a;
		long long elem;

		t = btf__type_by_id(btf, m.type);
		if (!t || !btf_is_array(t) || !enum_value(btf, "mod_mem_type", "MOD_TEXT", &text))
			return;
		a = btf_array(t);
		elem = btf__resolve_size(btf, a->type);
		if (text < 0 || text >= a->nelems || elem <= 0)
			return;
		m.off += text * elem * 8;
		if (!mod_member(btf, a->type, "base", m.off, &o->text_base) ||
		    !mod_member(btf, a->type, "size", m.off, &o->text_size))
			return;
	} else if (find_member(btf, id, "core_layout", 0, &m)) {
		if (!mod_member(btf, m.type, "base", m.off, &o->text_base) ||
		    !mod_member(btf, m.type, "text_size", m.off, &o->text_size))
			return;
	} else {
		return;
	}
	o->mod_ok = o->text_base.size == 8;
}

static void table_free(struct orc_table *t)
{
	free(t->first);
	t->first = NULL;
}

/* Entries [FROM, FROM + N) of T's ip table (N <= ORC_BLOCK) into IP. */
static int read_ips(struct orc_tables *o, const struct orc_table *t, uint32_t from, uint32_t n,
		    int32_t *ip)
{
	return kcore_read(o, t->ip_addr + 4ull * from, ip, (size_t)n * sizeof(*ip));
}

static uint32_t block_len(const struct orc_table *t, uint32_t b)
{
	return t->n - b * ORC_BLOCK < ORC_BLOCK ? t->n - b * ORC_BLOCK : ORC_BLOCK;
}

static uint64_t ip_addr(const struct orc_table *t, uint32_t i, int32_t ip)
{
	return t->ip_addr + 4ull * i + (int64_t)ip;
}

#ifndef ORC_LOAD_BLOCKS
#define ORC_LOAD_BLOCKS	64	/* blocks read at a time by table_load() (64 KB) */
#endif

static int table_load(struct orc_tables *o, struct orc_table *t)
{
	uint32_t nr = (t->n + ORC_BLOCK - 1) / ORC_BLOCK, b, k, n;
	uint64_t *first;
	int32_t *ip;
	int err = -ENOMEM;

	if (t->first || !t->n)
		return 0;
	first = malloc((size_t)nr * sizeof(*first));
	ip = malloc(ORC_LOAD_BLOCKS * ORC_BLOCK * sizeof(*ip));
	if (!first || !ip)
		goto fail;
	for (b = 0; b < nr; b += ORC_LOAD_BLOCKS) {
		n = t->n - b * ORC_BLOCK;
		if (n > ORC_LOAD_BLOCKS * ORC_BLOCK)
			n = ORC_LOAD_BLOCKS * ORC_BLOCK;
		err = kcore_read(o, t->ip_addr + 4ull * b * ORC_BLOCK, ip, (size_t)n * sizeof(*ip));
		if (err)
			goto fail;
		for (k = 0; k * ORC_BLOCK < n; k++)
			first[b + k] = ip_addr(t, (b + k) * ORC_BLOCK, ip[k * ORC_BLOCK]);
	}
	free(ip);
	t->first = first;
	return 0;
fail:
	free(ip);
	free(first);
	return err;
}

/*
 * As the kernel's __orc_find(): the last entry at or below A; -1 if A is
 * before all, or -errno - 1 when the table cannot be read.  The block's
 * first entries, then the block.
 */
static int64_t table_find(struct orc_tables *o, const struct orc_table *t, uint64_t a)
{
	uint32_t lo = 0, hi = (t->n + ORC_BLOCK - 1) / ORC_BLOCK, b, n;
	int32_t ip[ORC_BLOCK];
	int err;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->first[mid] <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return -1;
	b = lo - 1;
	n = block_len(t, b);
	err = read_ips(o, t, b * ORC_BLOCK, n, ip);
	if (err)
		return (int64_t)err - 1;
	for (lo = 0, hi = n; lo < hi;) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (ip_addr(t, b * ORC_BLOCK + mid, ip[mid]) <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (int64_t)b * ORC_BLOCK + lo - 1;
}

static uint32_t field_get(const uint8_t *b, const struct orc_field *f)
{
	uint32_t v = 0, i;

	for (i = 0; i < f->bits; i++)
		v |= (uint32_t)(b[(f->off + i) / 8] >> ((f->off + i) % 8) & 1) << i;
	return v;
}

static int16_t field_get_s16(const uint8_t *b, const struct orc_field *f)
{
	uint32_t v = field_get(b, f);

	if (v & 1u << (f->bits - 1))
		v |= ~0u << (f->bits - 1);
	return (int16_t)v;
}

/* What the kernel's unwind_next_frame() does with entry B: 1 and *OUT, or 0. */
static int entry_decode(const struct orc_tables *o, const uint8_t *b, struct wr_unwind_entry *out)
{
	uint32_t sp_reg = field_get(b, &o->sp_reg), type = field_get(b, &o->type), bp_reg;

	if (!o->new_layout && sp_reg == ORC_REG_UNDEFINED) {
		if (!field_get(b, &o->end))
			return 0;
		out->end = 1;
		return 1;
	}
	if (o->new_layout && type == ORC_TYPE_END_OF_STACK) {
		out->end = 1;
		return 1;
	}
	/*
	 * Full pt_regs (a system call's entry, an interrupt's): the walk stops
	 * there if they are a user task's, which the BPF side checks.
	 */
	if (type == (o->new_layout ? ORC_TYPE_REGS : ORC_OLD_TYPE_REGS)) {
		if (sp_reg != o->reg_sp && sp_reg != ORC_REG_BP)
			return 0;
		out->regs = 1;
		out->cfa_bp = sp_reg == ORC_REG_BP;
		out->sp_offset = field_get_s16(b, &o->sp_offset);
		return 1;
	}
	if (type != (o->new_layout ? ORC_TYPE_CALL : ORC_OLD_TYPE_CALL))
		return 0;
	/* the caller's return address would be looked up without the "- 1" */
	if (o->signal.present && field_get(b, &o->signal))
		return 0;
	if (sp_reg == o->reg_sp)
		out->cfa_bp = 0;
	else if (sp_reg == ORC_REG_BP)
		out->cfa_bp = 1;
	else
		return 0;
	bp_reg = field_get(b, &o->bp_reg);
	if (bp_reg == ORC_REG_UNDEFINED)
		out->bp_rule = WR_UNW_BP_KEEP;
	else if (bp_reg == o->reg_prev_sp)
		out->bp_rule = WR_UNW_BP_PREV_SP;
	else if (bp_reg == ORC_REG_BP)
		out->bp_rule = WR_UNW_BP_BP;
	else
		return 0;
	out->sp_offset = field_get_s16(b, &o->sp_offset);
	out->bp_offset = field_get_s16(b, &o->bp_offset);
	return 1;
}

/* The entry of T for return address IP, decoded into *OUT. */
static int table_lookup(struct orc_tables *o, struct orc_table *t, uint64_t ip,
			struct wr_unwind_entry *out)
{
	uint8_t b[ORC_MAX_ENTRY_SIZE];
	int64_t i;
	int err = table_load(o, t);

	if (err)
		return err;
	if (!t->n)
		return 0;
	i = table_find(o, t, ip - 1);	/* the call instruction, as for a non-signal frame */
	if (i < -1)
		return (int)(i + 1);
	if (i < 0)
		return 0;
	err = kcore_read(o, t->entry_addr + (uint64_t)i * o->entry_size, b, o->entry_size);
	if (err)
		return err;
	return entry_decode(o, b, out);
}

/*
 * Which numbering of the ORC registers the kernel uses (see ORC_REG_*).
 * Nearly every entry of kernel text takes its CFA from the stack pointer
 * (the kernel keeps no frame pointers), so among the call entries of a
 * sample of vmlinux's table, SP's number is by far the most common sp_reg:
 * 5 in the old numbering, 3 in the new, where each of the two numbers is a
 * rare register of the other (DI).  Kernels before 6.4 (the old entry
 * layout) all have the old numbers.
 */
static int reg_numbering(struct orc_tables *o, char *why, size_t len)
{
	uint32_t n = o->vmlinux.n < ORC_SAMPLE_ENTRIES ? o->vmlinux.n : ORC_SAMPLE_ENTRIES;
	uint32_t first = (o->vmlinux.n - n) / 2, i, old_sp = 0, new_sp = 0;
	uint8_t *b;
	int err;

	o->reg_sp = ORC_OLD_REG_SP;
	o->reg_prev_sp = ORC_OLD_REG_PREV_SP;
	if (!o->new_layout)
		return 0;
	b = malloc((size_t)n * o->entry_size);
	if (!b) {
		say(why, len, "out of memory");
		return -ENOMEM;
	}
	err = kcore_read(o, o->vmlinux.entry_addr + (uint64_t)first * o->entry_size, b,
			 (size_t)n * o->entry_size);
	for (i = 0; !err && i < n; i++) {
		const uint8_t *e = b + (size_t)i * o->entry_size;
		uint32_t sp_reg = field_get(e, &o->sp_reg);

		if (field_get(e, &o->type) != ORC_TYPE_CALL)
			continue;
		old_sp += sp_reg == ORC_OLD_REG_SP;
		new_sp += sp_reg == ORC_NEW_REG_SP;
	}
	free(b);
	if (err) {
		say(why, len, "cannot read the kernel's ORC table through kcore: %s", strerror(-err));
		return err;
	}
	if (old_sp == new_sp) {
		say(why, len, "cannot tell the ORC register numbering of this kernel (%u call "
		    "entries of %u sampled take the CFA from register 5, %u from register 3)",
		    old_sp, n, new_sp);
		return -EINVAL;
	}
	if (new_sp > old_sp) {
		o->reg_sp = ORC_NEW_REG_SP;
		o->reg_prev_sp = ORC_NEW_REG_PREV_SP;
	}
	return 0;
}

static void module_drop(struct orc_tables *o, int i)
{
	table_free(&o->mods[i].t);
	o->mods[i] = o->mods[--o->nr_mods];
}

/* Read module NAME's struct module into *M: 1, 0 when it cannot be found, or -errno. */
static int module_read(struct orc_tables *o, const char *name, struct orc_module *m)
{
	const struct mod_field *fields[] = { &o->text_base, &o->text_size, &o->num_orcs,
					     &o->orc_unwind_ip, &o->orc_unwind };
	enum { BASE, SIZE, NUM, IP, ENTRIES };
	char path[PATH_MAX], buf[64];
	uint64_t mod, v[5];
	int err, i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/sections/.gnu.linkonce.this_module", o->sys_module,
		 name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	mod = fgets(buf, sizeof(buf), f) ? strtoull(buf, NULL, 16) : 0;
	fclose(f);
	if (!mod)
		return 0;		/* hidden: not root */
	for (i = 0; i < 5; i++) {
		err = kcore_read_uint(o, mod + fields[i]->off, fields[i]->size, &v[i]);
		if (err)
			return err;
	}
	if (v[NUM] > ORC_MAX_ENTRIES || v[BASE] + v[SIZE] < v[BASE])
		return 0;		/* not what BTF says: misread */
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->text_start = v[BASE];
	m->text_end = v[BASE] + v[SIZE];
	m->t.ip_addr = v[IP];
	m->t.entry_addr = v[ENTRIES];
	m->t.n = v[IP] && v[ENTRIES] ? v[NUM] : 0;
	m->seen = true;
	return 1;
}

static int module_add(struct orc_tables *o, const char *name)
{
	int r;

	if (o->nr_mods == o->cap_mods) {
		int cap = o->cap_mods ? 2 * o->cap_mods : 32;
		struct orc_module *m = realloc(o->mods, cap * sizeof(*m));

		if (!m)
			return -ENOMEM;
		o->mods = m;
		o->cap_mods = cap;
	}
	r = module_read(o, name, &o->mods[o->nr_mods]);
	if (r > 0)
		o->nr_mods++;
	return r < 0 ? r : 0;
}

/*
 * Read /proc/modules again: add the Live modules not known yet (or loaded
 * again elsewhere), drop those no longer listed.  0, or the error of a
 * module that could not be read.
 */
static int modules_refresh(struct orc_tables *o)
{
	char line[512], name[64], state[16], addr[32];
	int err = 0, i, r;
	FILE *f = fopen(o->proc_modules, "r");

	if (!f)
		return 0;		/* no modules */
	for (i = 0; i < o->nr_mods; i++)
		o->mods[i].seen = false;
	while (fgets(line, sizeof(line), f)) {
		uint64_t base;

		addr[0] = '\0';
		if (sscanf(line, "%63s %*s %*s %*s %15s %31s", name, state, addr) < 2 ||
		    strcmp(state, "Live"))
			continue;
		base = strtoull(addr, NULL, 16);	/* 0 when hidden */
		for (i = 0; i < o->nr_mods; i++)
			if (!strcmp(o->mods[i].name, name))
				break;
		if (i < o->nr_mods && (!base || base == o->mods[i].text_start)) {
			o->mods[i].seen = true;
			continue;
		}
		if (i < o->nr_mods)
			module_drop(o, i);
		r = module_add(o, name);
		if (r < 0)
			err = r;
	}
	fclose(f);
	for (i = o->nr_mods - 1; i >= 0; i--)
		if (!o->mods[i].seen)
			module_drop(o, i);
	return err;
}

static struct orc_module *module_of(struct orc_tables *o, uint64_t ip)
{
	int i;

	for (i = 0; i < o->nr_mods; i++)
		if (ip >= o->mods[i].text_start && ip < o->mods[i].text_end)
			return &o->mods[i];
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct orc_tables *orc_tables__open(const struct orc_tables_cfg *cfg, char *why, size_t len)
{
	struct orc_tables *o = calloc(1, sizeof(*o));
	uint64_t n;

	if (!o) {
		say(why, len, "out of memory");
		return NULL;
	}
	o->fd = -1;
	if (!cfg->text_start || cfg->text_end <= cfg->text_start || !cfg->orc_ip_start ||
	    !cfg->orc_start || cfg->orc_ip_end <= cfg->orc_ip_start ||
	    (cfg->orc_ip_end - cfg->orc_ip_start) % 4) {
		say(why, len, "kallsyms lacks _stext, _etext or the ORC tables "
		    "(__start_orc_unwind_ip, __stop_orc_unwind_ip, __start_orc_unwind): needs "
		    "a kernel built with CONFIG_UNWINDER_ORC, and root to see their addresses");
		goto fail;
	}
	n = (cfg->orc_ip_end - cfg->orc_ip_start) / 4;
	if (n > ORC_MAX_ENTRIES) {
		say(why, len, "the kernel's ORC table is implausibly large (%llu entries)",
		    (unsigned long long)n);
		goto fail;
	}
	o->text_start = cfg->text_start;
	o->text_end = cfg->text_end;
	o->vmlinux.ip_addr = cfg->orc_ip_start;
	o->vmlinux.entry_addr = cfg->orc_start;
	o->vmlinux.n = n;
	o->proc_modules = strdup(cfg->proc_modules ? cfg->proc_modules : "/proc/modules");
	o->sys_module = strdup(cfg->sys_module ? cfg->sys_module : "/sys/module");
	if (cfg->nr_refuse > 0) {
		o->refuse = malloc(cfg->nr_refuse * sizeof(*o->refuse));
		if (o->refuse) {
			memcpy(o->refuse, cfg->refuse, cfg->nr_refuse * sizeof(*o->refuse));
			qsort(o->refuse, cfg->nr_refuse, sizeof(*o->refuse), cmp_u64);
			o->nr_refuse = cfg->nr_refuse;
		}
	}
	if (!o->proc_modules || !o->sys_module || (cfg->nr_refuse > 0 && !o->refuse)) {
		say(why, len, "out of memory");
		goto fail;
	}
	if (entry_layout(o, cfg->btf, why, len))
		goto fail;
	module_layout(o, cfg->btf);
	if (kcore_open(o, cfg->kcore ? cfg->kcore : "/proc/kcore", why, len))
		goto fail;
	if (reg_numbering(o, why, len))
		goto fail;
	return o;
fail:
	orc_tables__close(o);
	return NULL;
}

void orc_tables__reset_modules(struct orc_tables *o)
{
	while (o->nr_mods)
		module_drop(o, o->nr_mods - 1);
}

void orc_tables__close(struct orc_tables *o)
{
	if (!o)
		return;
	orc_tables__reset_modules(o);
	free(o->mods);
	table_free(&o->vmlinux);
	if (o->fd >= 0)
		close(o->fd);
	free(o->segs);
	free(o->refuse);
	free(o->proc_modules);
	free(o->sys_module);
	free(o);
}

int orc_tables__lookup(struct orc_tables *o, uint64_t ip, struct wr_unwind_entry *out)
{
	struct orc_table *t = NULL;
	struct orc_module *m;
	int r = 0;

	memset(out, 0, sizeof(*out));
	if (!ip || (o->nr_refuse &&
		    bsearch(&ip, o->refuse, o->nr_refuse, sizeof(*o->refuse), cmp_u64)))
		return 0;
	if (ip >= o->text_start && ip < o->text_end) {
		t = &o->vmlinux;
	} else if (o->mod_ok) {
		m = module_of(o, ip);
		if (!m) {
			r = modules_refresh(o);
			m = module_of(o, ip);
		}
		t = m ? &m->t : NULL;
	}
	if (t)
		r = table_lookup(o, t, ip, out);
	if (r != 1) {
		memset(out, 0, sizeof(*out));	/* nothing half-described */
		return r;
	}
	out->ip = ip;
	return 1;
}
