// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the ORC table reader: a fake kcore (an ELF core file whose
 * PT_LOADs hold "vmlinux" and "module" memory), fake /proc/modules and
 * /sys/module files, and BTF built here for the struct orc_entry and
 * struct module layouts before and after 6.4 (and one with its bit fields
 * moved around, so that nothing hard-coded passes), with the ORC register
 * numbers of 6.x and of 7.x.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/btf.h>

#include "kernel/unwind_orc.h"
#include "unit.h"

/* kcore: "vmlinux" memory, "module" memory, and a segment past the end of the file */
#define VM_BASE		0xffffffff81000000ull
#define VM_SIZE		0x10000
#define MOD_BASE	0xffffffffc0000000ull
#define MOD_SIZE	0x20000
#define GONE_BASE	0xffffffffc1000000ull	/* PT_LOAD beyond EOF: reads come back short */
#define NOWHERE		0xffffffffd0000000ull	/* in no PT_LOAD */
#define VM_OFF		0x1000
#define MOD_OFF		(VM_OFF + VM_SIZE)
#define GONE_OFF	0x100000

#define TEXT_START	VM_BASE
#define TEXT_END	(VM_BASE + 0x1000)
#define ORC_IP		(VM_BASE + 0x8000)
#define ORC		(VM_BASE + 0x9000)

/* ORC registers, as numbered up to 6.18 (new_regs: renumbered when encoded) */
#define R_UNDEF		0
#define R_PREV_SP	1
#define R_DI		3
#define R_BP		4
#define R_SP		5
#define R_R10		6

/* struct module as this test's BTF lays it out */
#define MODULE_SIZE	0x400
#define MODULE_TEXT	0x80	/* core_layout, or mem[] */
#define MODULE_INIT	0xa0	/* init_layout (old layout) */
#define MODULE_MEM_SIZE	24	/* struct module_memory */
#define MOD_INIT_TEXT	4
#define MODULE_ARCH	0x200

struct layout {
	bool new_fmt;		/* type:3 + signal, mem[]; else type:2 + end, core_layout */
	bool new_regs;		/* 7.x's register numbers */
	bool no_text;		/* struct module with neither mem nor core_layout */
	uint32_t sp_off_bit, bp_off_bit, sp_reg_bit, bp_reg_bit, type_bit, type_bits, flag_bit;
};

static const struct layout old_layout = {
	.sp_off_bit = 0, .bp_off_bit = 16, .sp_reg_bit = 32, .bp_reg_bit = 36,
	.type_bit = 40, .type_bits = 2, .flag_bit = 42,
};

static const struct layout new_layout = {
	.new_fmt = true, .sp_off_bit = 0, .bp_off_bit = 16, .sp_reg_bit = 32, .bp_reg_bit = 36,
	.type_bit = 40, .type_bits = 3, .flag_bit = 43,
};

static const struct layout renumbered_layout = {
	.new_fmt = true, .new_regs = true, .sp_off_bit = 0, .bp_off_bit = 16, .sp_reg_bit = 32,
	.bp_reg_bit = 36, .type_bit = 40, .type_bits = 3, .flag_bit = 43,
};

static const struct layout moved_layout = {
	.new_fmt = true, .sp_off_bit = 16, .bp_off_bit = 0, .sp_reg_bit = 44, .bp_reg_bit = 40,
	.type_bit = 32, .type_bits = 3, .flag_bit = 35,
};

/* What an entry means, encoded per layout by encode() */
enum kind { K_CALL, K_REGS, K_UNDEF, K_END, K_SIGNAL };

struct ent {
	uint64_t addr;
	enum kind kind;
	int sp_reg, bp_reg;
	int16_t sp_off, bp_off;
};

static const struct ent vmlinux_ents[] = {
	{ VM_BASE + 0x100, K_CALL, R_SP, R_UNDEF, 8, 0 },
	{ VM_BASE + 0x200, K_CALL, R_SP, R_PREV_SP, 16, -16 },
	{ VM_BASE + 0x300, K_CALL, R_BP, R_PREV_SP, 16, -16 },
	{ VM_BASE + 0x400, K_CALL, R_SP, R_BP, 24, -8 },
	{ VM_BASE + 0x500, K_REGS, R_SP, R_UNDEF, 8, 0 },
	{ VM_BASE + 0x600, K_UNDEF },
	{ VM_BASE + 0x700, K_END },
	{ VM_BASE + 0x800, K_CALL, R_R10, R_UNDEF, 8, 0 },
	{ VM_BASE + 0x900, K_CALL, R_SP, R_DI, 8, 0 },
	{ VM_BASE + 0xa00, K_SIGNAL, R_SP, R_UNDEF, 8, 0 },
	{ VM_BASE + 0xb00, K_CALL, R_SP, R_UNDEF, 32, 0 },
	{ VM_BASE + 0xc00, K_CALL, R_SP, R_PREV_SP, 0x7ff0, -0x7ff0 },
};

/* A module: its struct module, core and init text, ORC tables, /proc/modules line */
struct mod {
	const char *name;
	uint64_t mod, text, init;	/* text: 0x1000 bytes, init: 0x800 */
	uint64_t orc_ip, orc;
	struct ent ent[3];
	int nr_ent;
	const char *line;
};

static const struct mod m1 = {
	"m1", MOD_BASE, MOD_BASE + 0x1000, MOD_BASE + 0x3000, MOD_BASE + 0x4000, MOD_BASE + 0x4800,
	{ { MOD_BASE + 0x1000, K_CALL, R_SP, R_UNDEF, 8, 0 },
	  { MOD_BASE + 0x1100, K_CALL, R_BP, R_PREV_SP, 16, -16 },
	  { MOD_BASE + 0x3000, K_CALL, R_SP, R_UNDEF, 8, 0 } }, 3,
	"m1 16384 0 - Live 0xffffffffc0001000 (OE)\n",
};

static const struct mod m2 = {		/* still loading */
	"m2", MOD_BASE + 0x6000, MOD_BASE + 0x7000, 0, MOD_BASE + 0x8000, MOD_BASE + 0x8800,
	{ { MOD_BASE + 0x7000, K_CALL, R_SP, R_UNDEF, 8, 0 } }, 1,
	"m2 16384 1 - Loading 0xffffffffc0007000\n",
};

static const struct mod m3 = {		/* loaded after open */
	"m3", MOD_BASE + 0xa000, MOD_BASE + 0xb000, 0, MOD_BASE + 0xc000, MOD_BASE + 0xc800,
	{ { MOD_BASE + 0xb000, K_CALL, R_SP, R_UNDEF, 40, 0 } }, 1,
	"m3 20480 0 - Live 0xffffffffc000b000\n",
};

static const struct mod m4 = {		/* its ip table reads short */
	"m4", MOD_BASE + 0xe000, MOD_BASE + 0xf000, 0, GONE_BASE, MOD_BASE + 0xe800,
	{ { MOD_BASE + 0xf000, K_CALL, R_SP, R_UNDEF, 8, 0 } }, 1,
	"m4 16384 0 - Live 0xffffffffc000f000\n",
};

static const struct mod m5 = {		/* its entries are in no PT_LOAD */
	"m5", MOD_BASE + 0x10000, MOD_BASE + 0x11000, 0, MOD_BASE + 0x12000, NOWHERE,
	{ { MOD_BASE + 0x11000, K_CALL, R_SP, R_UNDEF, 8, 0 } }, 1,
	"m5 16384 0 - Live 0xffffffffc0011000\n",
};

static const struct mod m6 = {		/* its struct module is in no PT_LOAD */
	"m6", NOWHERE, 0, 0, 0, 0, {}, 0,
	"m6 16384 0 - Live 0x0000000000000000\n",
};

static const struct mod *const mods[] = { &m1, &m2, &m3, &m4, &m5, &m6 };

static uint8_t vm_mem[VM_SIZE], mod_mem[MOD_SIZE];

struct fixture {
	char dir[64];
	char kcore[128], proc_modules[128], sys_module[128];
	struct btf *btf;
};

static void *at(uint64_t va, size_t len)
{
	if (va >= VM_BASE && va + len <= VM_BASE + VM_SIZE)
		return vm_mem + (va - VM_BASE);
	if (va >= MOD_BASE && va + len <= MOD_BASE + MOD_SIZE)
		return mod_mem + (va - MOD_BASE);
	return NULL;		/* GONE_BASE, NOWHERE: nothing to write */
}

static void put(uint64_t va, const void *p, size_t len)
{
	void *dst = at(va, len);

	if (dst)
		memcpy(dst, p, len);
}

static void put32(uint64_t va, uint32_t v)
{
	put(va, &v, 4);
}

static void put64(uint64_t va, uint64_t v)
{
	put(va, &v, 8);
}

static void set_bits(uint64_t *v, uint32_t off, uint32_t bits, uint64_t val)
{
	*v |= (val & ((1ull << bits) - 1)) << off;
}

/* 7.x's number of register R (numbered as up to 6.18): SP 3, PREV_SP 8, DI 5, ... */
static int new_reg(int r)
{
	static const int to_new[16] = { 0, 8, 2, 5, 4, 3, 6, 7, 10, 9 };

	return r >= 0 && r < 16 ? to_new[r] : r;
}

static void encode(const struct layout *l, const struct ent *e, uint8_t b[6])
{
	int sp_reg = e->sp_reg, bp_reg = e->bp_reg, type, flag = 0, i;
	uint64_t v = 0;

	if (l->new_regs) {
		sp_reg = new_reg(sp_reg);
		bp_reg = new_reg(bp_reg);
	}

	if (!l->new_fmt) {
		type = e->kind == K_REGS ? 1 : e->kind == K_SIGNAL ? 2 : 0;
		if (e->kind == K_UNDEF || e->kind == K_END)
			sp_reg = R_UNDEF;
		flag = e->kind == K_END;
	} else {
		type = e->kind == K_REGS ? 3 : e->kind == K_UNDEF ? 0 : e->kind == K_END ? 1 : 2;
		flag = e->kind == K_SIGNAL;
	}
	set_bits(&v, l->sp_off_bit, 16, (uint16_t)e->sp_off);
	set_bits(&v, l->bp_off_bit, 16, (uint16_t)e->bp_off);
	set_bits(&v, l->sp_reg_bit, 4, sp_reg);
	set_bits(&v, l->bp_reg_bit, 4, bp_reg);
	set_bits(&v, l->type_bit, l->type_bits, type);
	set_bits(&v, l->flag_bit, 1, flag);
	for (i = 0; i < 6; i++)
		b[i] = v >> (8 * i);
}

/* An ORC table at IP / ORC: relative s32 addresses and 6-byte entries */
static void put_table(const struct layout *l, uint64_t ip, uint64_t orc, const struct ent *e,
		      int n)
{
	uint8_t b[6];
	int i;

	for (i = 0; i < n; i++) {
		put32(ip + 4 * i, (uint32_t)(int32_t)(e[i].addr - (ip + 4 * i)));
		encode(l, &e[i], b);
		put(orc + 6 * i, b, 6);
	}
}

static void put_module(const struct layout *l, const struct mod *m)
{
	put32(m->mod + MODULE_ARCH, m->nr_ent);
	put64(m->mod + MODULE_ARCH + 8, m->orc_ip);
	put64(m->mod + MODULE_ARCH + 16, m->orc);
	if (l->new_fmt) {
		put64(m->mod + MODULE_TEXT, m->text);
		put32(m->mod + MODULE_TEXT + 8, 0x1000);
		put64(m->mod + MODULE_TEXT + MOD_INIT_TEXT * MODULE_MEM_SIZE, m->init);
		put32(m->mod + MODULE_TEXT + MOD_INIT_TEXT * MODULE_MEM_SIZE + 8, 0x800);
	} else {
		put64(m->mod + MODULE_TEXT, m->text);
		put32(m->mod + MODULE_TEXT + 8, 0x2000);	/* size: text and more */
		put32(m->mod + MODULE_TEXT + 12, 0x1000);	/* text_size */
		put64(m->mod + MODULE_INIT, m->init);
		put32(m->mod + MODULE_INIT + 8, 0x800);
		put32(m->mod + MODULE_INIT + 12, 0x800);
	}
	put_table(l, m->orc_ip, m->orc, m->ent, m->nr_ent);
}

static void write_file(const char *path, const char *text, const char *mode)
{
	FILE *f = fopen(path, mode);

	CHECK(f != NULL);
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static void write_kcore(const char *path)
{
	Elf64_Phdr ph[4] = {
		{ .p_type = PT_NOTE, .p_offset = 0x800, .p_filesz = 0x10 },
		{ .p_type = PT_LOAD, .p_vaddr = VM_BASE, .p_offset = VM_OFF, .p_memsz = VM_SIZE },
		{ .p_type = PT_LOAD, .p_vaddr = MOD_BASE, .p_offset = MOD_OFF,
		  .p_memsz = MOD_SIZE },
		{ .p_type = PT_LOAD, .p_vaddr = GONE_BASE, .p_offset = GONE_OFF,
		  .p_memsz = 0x1000 },
	};
	Elf64_Ehdr eh = {
		.e_type = ET_CORE, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
		.e_phoff = sizeof(eh), .e_ehsize = sizeof(eh), .e_phentsize = sizeof(ph[0]),
		.e_phnum = 4,
	};
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	CHECK(fd >= 0);
	CHECK(pwrite(fd, &eh, sizeof(eh), 0) == sizeof(eh));
	CHECK(pwrite(fd, ph, sizeof(ph), sizeof(eh)) == sizeof(ph));
	CHECK(pwrite(fd, vm_mem, VM_SIZE, VM_OFF) == VM_SIZE);
	CHECK(pwrite(fd, mod_mem, MOD_SIZE, MOD_OFF) == MOD_SIZE);
	close(fd);
}

/* The kernel's types, as much of them as the reader needs (and some it does not) */
static struct btf *make_btf(const struct layout *l)
{
	struct btf *b = btf__new_empty();
	int s16, u32, s32, u64, chr, voidp, s32p, orc, orcp, arch, mm, module, names, text;
	int init = 0;

	s16 = btf__add_int(b, "short int", 2, BTF_INT_SIGNED);
	u32 = btf__add_int(b, "unsigned int", 4, 0);
	s32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	u64 = btf__add_int(b, "long unsigned int", 8, 0);
	chr = btf__add_int(b, "char", 1, BTF_INT_SIGNED);
	voidp = btf__add_ptr(b, 0);
	s32p = btf__add_ptr(b, s32);

	orc = btf__add_struct(b, "orc_entry", 6);
	btf__add_field(b, "sp_offset", s16, l->sp_off_bit, 0);
	btf__add_field(b, "bp_offset", s16, l->bp_off_bit, 0);
	btf__add_field(b, "sp_reg", u32, l->sp_reg_bit, 4);
	btf__add_field(b, "bp_reg", u32, l->bp_reg_bit, 4);
	btf__add_field(b, "type", u32, l->type_bit, l->type_bits);
	btf__add_field(b, l->new_fmt ? "signal" : "end", u32, l->flag_bit, 1);
	orcp = btf__add_ptr(b, orc);

	arch = btf__add_struct(b, "mod_arch_specific", 24);
	btf__add_field(b, "num_orcs", u32, 0, 0);
	btf__add_field(b, "orc_unwind_ip", s32p, 64, 0);
	btf__add_field(b, "orc_unwind", orcp, 128, 0);

	if (l->new_fmt) {
		btf__add_enum(b, "mod_mem_type", 4);
		btf__add_enum_value(b, "MOD_TEXT", 0);
		btf__add_enum_value(b, "MOD_DATA", 1);
		btf__add_enum_value(b, "MOD_RODATA", 2);
		btf__add_enum_value(b, "MOD_RO_AFTER_INIT", 3);
		btf__add_enum_value(b, "MOD_INIT_TEXT", MOD_INIT_TEXT);
		btf__add_enum_value(b, "MOD_INIT_DATA", 5);
		btf__add_enum_value(b, "MOD_INIT_RODATA", 6);
		mm = btf__add_struct(b, "module_memory", MODULE_MEM_SIZE);
		btf__add_field(b, "base", voidp, 0, 0);
		btf__add_field(b, "size", u32, 64, 0);
		btf__add_field(b, "is_rox", u32, 96, 0);
		btf__add_field(b, "mtn", u64, 128, 0);
		text = btf__add_array(b, u32, mm, 7);
	} else {
		mm = btf__add_struct(b, "module_layout", 32);
		btf__add_field(b, "base", voidp, 0, 0);
		btf__add_field(b, "size", u32, 64, 0);
		btf__add_field(b, "text_size", u32, 96, 0);
		btf__add_field(b, "ro_size", u32, 128, 0);
		btf__add_field(b, "ro_after_init_size", u32, 160, 0);
		btf__add_field(b, "mtn", u64, 192, 0);
		text = init = mm;
	}
	names = btf__add_array(b, u32, chr, 56);
	module = btf__add_struct(b, "module", MODULE_SIZE);
	btf__add_field(b, "state", u32, 0, 0);
	btf__add_field(b, "name", names, 64, 0);
	if (!l->no_text)
		btf__add_field(b, l->new_fmt ? "mem" : "core_layout", text, MODULE_TEXT * 8, 0);
	if (!l->no_text && !l->new_fmt)
		btf__add_field(b, "init_layout", init, MODULE_INIT * 8, 0);
	btf__add_field(b, "arch", arch, MODULE_ARCH * 8, 0);
	CHECK(module > 0 && btf__find_by_name_kind(b, "module", BTF_KIND_STRUCT) == module);
	return b;
}

static void write_sys_module(struct fixture *fx, const struct mod *m)
{
	char path[256], addr[32];

	snprintf(path, sizeof(path), "%s/%s", fx->sys_module, m->name);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%s/sections", fx->sys_module, m->name);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%s/sections/.gnu.linkonce.this_module", fx->sys_module,
		 m->name);
	snprintf(addr, sizeof(addr), "0x%016" PRIx64 "\n", m->mod);
	write_file(path, addr, "w");
}

/* Everything for layout L in a fresh directory; /proc/modules lists m1, m2, m4, m5. */
static void setup(struct fixture *fx, const struct layout *l)
{
	size_t i;

	memset(vm_mem, 0, sizeof(vm_mem));
	memset(mod_mem, 0, sizeof(mod_mem));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/wr-unwind-orc-XXXXXX");
	CHECK(mkdtemp(fx->dir) != NULL);
	snprintf(fx->kcore, sizeof(fx->kcore), "%s/kcore", fx->dir);
	snprintf(fx->proc_modules, sizeof(fx->proc_modules), "%s/modules", fx->dir);
	snprintf(fx->sys_module, sizeof(fx->sys_module), "%s/module", fx->dir);
	mkdir(fx->sys_module, 0700);

	put_table(l, ORC_IP, ORC, vmlinux_ents, sizeof(vmlinux_ents) / sizeof(vmlinux_ents[0]));
	for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		put_module(l, mods[i]);
		write_sys_module(fx, mods[i]);
	}
	write_kcore(fx->kcore);
	write_file(fx->proc_modules, "", "w");
	write_file(fx->proc_modules, m1.line, "a");
	write_file(fx->proc_modules, m2.line, "a");
	write_file(fx->proc_modules, m4.line, "a");
	write_file(fx->proc_modules, m5.line, "a");
	fx->btf = make_btf(l);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void teardown(struct fixture *fx)
{
	btf__free(fx->btf);
	nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static struct orc_tables_cfg fixture_cfg(const struct fixture *fx)
{
	return (struct orc_tables_cfg){
		.kcore = fx->kcore, .proc_modules = fx->proc_modules, .sys_module = fx->sys_module,
		.btf = fx->btf, .text_start = TEXT_START, .text_end = TEXT_END,
		.orc_ip_start = ORC_IP,
		.orc_ip_end = ORC_IP + 4 * sizeof(vmlinux_ents) / sizeof(vmlinux_ents[0]),
		.orc_start = ORC,
	};
}

/* lookup(IP) returns RET and, when 1, exactly *WANT */
static void expect(struct orc_tables *o, uint64_t ip, int ret, const struct wr_unwind_entry *want,
		   int line)
{
	struct wr_unwind_entry got;
	int r = orc_tables__lookup(o, ip, &got);

	if (r != ret) {
		printf("    line %d: lookup(0x%" PRIx64 ") = %d, expected %d\n", line, ip, r, ret);
		unit_failed = 1;
		return;
	}
	if (ret != 1 || !memcmp(&got, want, sizeof(got)))
		return;
	printf("    line %d: lookup(0x%" PRIx64 ") = { ip 0x%" PRIx64 " gen %u sp %d bp %d "
	       "cfa_bp %u bp_rule %u end %u }, expected { ip 0x%" PRIx64 " sp %d bp %d cfa_bp %u "
	       "bp_rule %u end %u }\n", line, ip, (uint64_t)got.ip, got.gen, got.sp_offset,
	       got.bp_offset, got.cfa_bp, got.bp_rule, got.end, (uint64_t)want->ip,
	       want->sp_offset, want->bp_offset, want->cfa_bp, want->bp_rule, want->end);
	unit_failed = 1;
}

#define EXPECT(o, ip, ret, ...)							\
	expect(o, ip, ret, &(struct wr_unwind_entry){ __VA_ARGS__ }, __LINE__)
#define EXPECT_NONE(o, ip) expect(o, ip, 0, NULL, __LINE__)

static void check_layout(const struct layout *l)
{
	uint64_t refuse[2] = { VM_BASE + 0xb10, 0xffffffff81000000ull };
	struct orc_tables_cfg cfg;
	struct fixture fx;
	struct orc_tables *o;
	char why[256] = "", *s1, *s2, *s3;
	uint64_t ip;

	setup(&fx, l);
	cfg = fixture_cfg(&fx);
	/* the reader keeps copies: the caller's strings and refuse list may go */
	cfg.kcore = s1 = strdup(fx.kcore);
	cfg.proc_modules = s2 = strdup(fx.proc_modules);
	cfg.sys_module = s3 = strdup(fx.sys_module);
	cfg.refuse = refuse;
	cfg.nr_refuse = 2;
	o = orc_tables__open(&cfg, why, sizeof(why));
	CHECK(o != NULL);
	if (!o) {
		printf("    %s\n", why);
		goto out;
	}
	memset(s1, 'x', strlen(s1));
	memset(s2, 'x', strlen(s2));
	memset(s3, 'x', strlen(s3));
	refuse[0] = refuse[1] = 0;

	/* vmlinux: sp-based CFA, each bp rule, bp-based CFA */
	ip = VM_BASE + 0x150;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 8, .bp_rule = WR_UNW_BP_KEEP);
	ip = VM_BASE + 0x201;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 16, .bp_offset = -16,
	       .bp_rule = WR_UNW_BP_PREV_SP);
	ip = VM_BASE + 0x310;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 16, .bp_offset = -16, .cfa_bp = 1,
	       .bp_rule = WR_UNW_BP_PREV_SP);
	ip = VM_BASE + 0x410;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 24, .bp_offset = -8, .bp_rule = WR_UNW_BP_BP);
	ip = VM_BASE + 0xc10;	/* all 16 bits, both signs */
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 0x7ff0, .bp_offset = -0x7ff0,
	       .bp_rule = WR_UNW_BP_PREV_SP);
	/* a return address at the start of the next range: the call is in the previous */
	ip = VM_BASE + 0x200;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 8, .bp_rule = WR_UNW_BP_KEEP);
	ip = VM_BASE + 0x401;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 24, .bp_offset = -8, .bp_rule = WR_UNW_BP_BP);
	ip = VM_BASE + 0x400;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 16, .bp_offset = -16, .cfa_bp = 1,
	       .bp_rule = WR_UNW_BP_PREV_SP);
	/* end of stack */
	ip = VM_BASE + 0x710;
	EXPECT(o, ip, 1, .ip = ip, .end = 1);
	/* full pt_regs: where they are (the BPF side stops at user registers) */
	ip = VM_BASE + 0x510;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 8, .regs = 1);
	/* not plain call frames, unsupported registers, a signal frame */
	EXPECT_NONE(o, VM_BASE + 0x610);	/* undefined */
	EXPECT_NONE(o, VM_BASE + 0x810);	/* CFA from r10 */
	EXPECT_NONE(o, VM_BASE + 0x910);	/* bp from di */
	EXPECT_NONE(o, VM_BASE + 0xa10);	/* signal (old layout: REGS_PARTIAL) */
	/* refused, and its neighbour not */
	EXPECT_NONE(o, VM_BASE + 0xb10);
	ip = VM_BASE + 0xb20;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 32, .bp_rule = WR_UNW_BP_KEEP);
	/* before the first entry, outside any text */
	EXPECT_NONE(o, VM_BASE + 0x50);
	EXPECT_NONE(o, VM_BASE + 0x2000);
	EXPECT_NONE(o, 0x1234);
	EXPECT_NONE(o, 0);

	/* a live module: core text only; a module still loading: nothing */
	ip = m1.text + 0x10;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 8, .bp_rule = WR_UNW_BP_KEEP);
	ip = m1.text + 0x100;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 8, .bp_rule = WR_UNW_BP_KEEP);
	ip = m1.text + 0x110;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 16, .bp_offset = -16, .cfa_bp = 1,
	       .bp_rule = WR_UNW_BP_PREV_SP);
	EXPECT_NONE(o, m1.init + 0x10);
	EXPECT_NONE(o, m2.text + 0x10);

	/* loaded after open: found when first met */
	ip = m3.text + 0x10;
	EXPECT_NONE(o, ip);
	write_file(fx.proc_modules, m3.line, "a");
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 40, .bp_rule = WR_UNW_BP_KEEP);

	/* kcore reads that fail */
	expect(o, m4.text + 0x10, -EIO, NULL, __LINE__);
	expect(o, m5.text + 0x10, -EFAULT, NULL, __LINE__);

	/* m3 unloaded: forgotten once told */
	write_file(fx.proc_modules, m1.line, "w");
	orc_tables__reset_modules(o);
	EXPECT_NONE(o, m3.text + 0x10);
	ip = m1.text + 0x10;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 8, .bp_rule = WR_UNW_BP_KEEP);

	/* a module that cannot be read: an address in no known module is unknown */
	write_file(fx.proc_modules, m6.line, "a");
	expect(o, VM_BASE + 0x2000, -EFAULT, NULL, __LINE__);
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 8, .bp_rule = WR_UNW_BP_KEEP);
	ip = VM_BASE + 0x150;
	EXPECT(o, ip, 1, .ip = ip, .sp_offset = 8, .bp_rule = WR_UNW_BP_KEEP);
	orc_tables__close(o);
out:
	free(s1);
	free(s2);
	free(s3);
	teardown(&fx);
}

/* before 6.4: type:2 + end, struct module_layout core_layout */
static void layout_before_6_4(void)
{
	check_layout(&old_layout);
}

/* 6.4 on: type:3 + signal, struct module_memory mem[MOD_TEXT] */
static void layout_from_6_4(void)
{
	check_layout(&new_layout);
}

/* the bit fields where BTF says they are, not where x86 has them */
static void layout_from_btf(void)
{
	check_layout(&moved_layout);
}

static void open_fails(struct orc_tables_cfg *cfg, const char *needle);

/* 7.x: the registers renumbered (SP 3, PREV_SP 8), told from the table */
static void registers_renumbered(void)
{
	check_layout(&renumbered_layout);
}

/* a table that says neither numbering: the unwinder is refused, with why */
static void registers_unknown(void)
{
	static const struct ent odd[] = {
		{ VM_BASE + 0x100, K_CALL, R_BP, R_PREV_SP, 16, -16 },
		{ VM_BASE + 0x200, K_CALL, R_R10, R_UNDEF, 8, 0 },
	};
	struct orc_tables_cfg cfg;
	struct fixture fx;

	setup(&fx, &new_layout);
	put_table(&new_layout, ORC_IP, ORC, odd, 2);
	write_kcore(fx.kcore);
	cfg = fixture_cfg(&fx);
	cfg.orc_ip_end = ORC_IP + 4 * 2;
	open_fails(&cfg, "cannot tell the ORC register numbering");
	teardown(&fx);
}

/* no known way to a module's text: vmlinux still works, modules are never described */
static void modules_unsupported(void)
{
	struct layout l = new_layout;
	struct orc_tables_cfg cfg;
	struct fixture fx;
	struct orc_tables *o;
	char why[256] = "";
	uint64_t ip = VM_BASE + 0x150;

	l.no_text = true;
	setup(&fx, &l);
	cfg = fixture_cfg(&fx);
	o = orc_tables__open(&cfg, why, sizeof(why));
	CHECK(o != NULL);
	if (o) {
		EXPECT(o, ip, 1, .ip = ip, .sp_offset = 8, .bp_rule = WR_UNW_BP_KEEP);
		EXPECT_NONE(o, m1.text + 0x10);
		orc_tables__close(o);
	}
	teardown(&fx);
}

static void open_fails(struct orc_tables_cfg *cfg, const char *needle)
{
	char why[256] = "";
	struct orc_tables *o = orc_tables__open(cfg, why, sizeof(why));

	CHECK(o == NULL);
	orc_tables__close(o);
	CHECK_CONTAINS(why, needle);
}

static void open_says_what_is_missing(void)
{
	struct orc_tables_cfg cfg;
	struct fixture fx;
	struct btf *empty = btf__new_empty();
	char path[128];

	setup(&fx, &new_layout);
	cfg = fixture_cfg(&fx);
	cfg.kcore = "/nonexistent/kcore";
	open_fails(&cfg, "cannot open /nonexistent/kcore");

	cfg = fixture_cfg(&fx);
	snprintf(path, sizeof(path), "%s/notelf", fx.dir);
	write_file(path, "not an ELF file, but longer than an ELF header would be.\n", "w");
	cfg.kcore = path;
	open_fails(&cfg, "not an x86-64 ELF core file");

	cfg = fixture_cfg(&fx);
	cfg.orc_ip_start = 0;
	open_fails(&cfg, "CONFIG_UNWINDER_ORC");

	cfg = fixture_cfg(&fx);
	cfg.orc_ip_end = ORC_IP + 6;
	open_fails(&cfg, "CONFIG_UNWINDER_ORC");

	cfg = fixture_cfg(&fx);
	btf__add_int(empty, "int", 4, BTF_INT_SIGNED);
	cfg.btf = empty;
	open_fails(&cfg, "struct orc_entry");

	btf__free(empty);
	teardown(&fx);
}

UNIT_MAIN("unwind_orc", T(layout_before_6_4), T(layout_from_6_4), T(layout_from_btf),
	  T(registers_renumbered), T(registers_unknown), T(modules_unsupported),
	  T(open_says_what_is_missing))
