// SPDX-License-Identifier: GPL-2.0
/* test_insn.c - x86-64 instruction lengths and branches (kernel/insn.c). */
#include "unit.h"
#include "kernel/insn.h"

struct vec {
	const char *what;
	unsigned char bytes[16];
	size_t n;		/* bytes given */
	int len;		/* expected length, -1: invalid or cut */
	enum insn_branch branch;
	int32_t rel;
};

static const struct vec vectors[] = {
	{ "push %rbp", { 0x55 }, 1, 1, INSN_OTHER, 0 },
	{ "mov %rsp,%rbp", { 0x48, 0x89, 0xe5 }, 3, 3, INSN_OTHER, 0 },
	{ "call rel32", { 0xe8, 0x10, 0, 0, 0 }, 5, 5, INSN_CALL, 16 },
	{ "call back", { 0xe8, 0xef, 0xfe, 0xff, 0xff }, 5, 5, INSN_CALL, -273 },
	{ "jmp rel32", { 0xe9, 0, 1, 0, 0 }, 5, 5, INSN_JMP, 256 },
	{ "jmp rel8", { 0xeb, 0xfe }, 2, 2, INSN_JMP, -2 },
	{ "je rel8", { 0x74, 0x05 }, 2, 2, INSN_JCC, 5 },
	{ "jne rel32", { 0x0f, 0x85, 0, 1, 0, 0 }, 6, 6, INSN_JCC, 256 },
	{ "cs call (retpoline form)", { 0x2e, 0xe8, 0, 0, 0, 0 }, 6, 6, INSN_CALL, 0 },
	{ "nopl 0(%rax,%rax)", { 0x0f, 0x1f, 0x44, 0, 0 }, 5, 5, INSN_OTHER, 0 },
	{ "nopw %cs:0(%rax,%rax)", { 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0 }, 10, 10,
	  INSN_OTHER, 0 },
	{ "endbr64", { 0xf3, 0x0f, 0x1e, 0xfa }, 4, 4, INSN_OTHER, 0 },
	{ "movabs $imm64,%rax", { 0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8 }, 10, 10, INSN_OTHER, 0 },
	{ "mov $imm32,%eax", { 0xb8, 1, 2, 3, 4 }, 5, 5, INSN_OTHER, 0 },
	{ "mov $imm16,%ax", { 0x66, 0xb8, 1, 2 }, 4, 4, INSN_OTHER, 0 },
	{ "movq $imm32,disp(%rip)", { 0x48, 0xc7, 0x05, 1, 2, 3, 4, 5, 6, 7, 8 }, 11, 11,
	  INSN_OTHER, 0 },
	{ "test $1,%cl", { 0xf6, 0xc1, 0x01 }, 3, 3, INSN_OTHER, 0 },
	{ "neg %al", { 0xf6, 0xd8 }, 2, 2, INSN_OTHER, 0 },
	{ "test $imm32,%eax", { 0xf7, 0xc0, 1, 2, 3, 4 }, 6, 6, INSN_OTHER, 0 },
	{ "test $imm16,%ax", { 0x66, 0xf7, 0xc0, 1, 2 }, 5, 5, INSN_OTHER, 0 },
	{ "mov abs32 by SIB", { 0x48, 0x8b, 0x04, 0x25, 1, 2, 3, 4 }, 8, 8, INSN_OTHER, 0 },
	{ "mov 8(%rsp)", { 0x8b, 0x44, 0x24, 0x08 }, 4, 4, INSN_OTHER, 0 },
	{ "mov disp32(%rsp)", { 0x8b, 0x84, 0x24, 1, 2, 3, 4 }, 7, 7, INSN_OTHER, 0 },
	{ "vzeroupper", { 0xc5, 0xf8, 0x77 }, 3, 3, INSN_OTHER, 0 },
	{ "vbroadcastss disp(%rip)", { 0xc4, 0xe2, 0x79, 0x18, 0x05, 1, 2, 3, 4 }, 9, 9,
	  INSN_OTHER, 0 },
	{ "vmovdqa64 disp(%rip),%zmm0", { 0x62, 0xf1, 0xfd, 0x48, 0x6f, 0x05, 1, 2, 3, 4 },
	  10, 10, INSN_OTHER, 0 },
	{ "palignr $8", { 0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x08 }, 6, 6, INSN_OTHER, 0 },
	{ "pshufb", { 0x66, 0x0f, 0x38, 0x00, 0xc1 }, 5, 5, INSN_OTHER, 0 },
	{ "enter", { 0xc8, 0x10, 0, 0 }, 4, 4, INSN_OTHER, 0 },
	{ "mov moffs64,%eax", { 0xa1, 1, 2, 3, 4, 5, 6, 7, 8 }, 9, 9, INSN_OTHER, 0 },
	{ "mov moffs32,%eax (67)", { 0x67, 0xa1, 1, 2, 3, 4 }, 6, 6, INSN_OTHER, 0 },
	{ "ud2", { 0x0f, 0x0b }, 2, 2, INSN_OTHER, 0 },
	{ "xgetbv", { 0x0f, 0x01, 0xd0 }, 3, 3, INSN_OTHER, 0 },
	{ "lock cmpxchg", { 0xf0, 0x48, 0x0f, 0xb1, 0x17 }, 5, 5, INSN_OTHER, 0 },
	{ "ret", { 0xc3 }, 1, 1, INSN_OTHER, 0 },
	{ "push (invalid in 64-bit)", { 0x06 }, 1, -1, INSN_OTHER, 0 },
	{ "call cut short", { 0xe8, 0, 0 }, 3, -1, INSN_OTHER, 0 },
	{ "ModRM missing", { 0x48, 0x89 }, 2, -1, INSN_OTHER, 0 },
	{ "prefixes only", { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
			     0x66, 0x66, 0x66, 0x66, 0x66, 0x90 }, 16, -1, INSN_OTHER, 0 },
};

static void test_vectors(void)
{
	size_t i;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vec *v = &vectors[i];
		struct insn in;
		int rc = insn_decode(v->bytes, v->n, &in);

		if (v->len < 0) {
			if (rc != -1)
				printf("    %s: decoded, expected invalid\n", v->what);
			CHECK(rc == -1);
			continue;
		}
		if (rc || (int)in.len != v->len || in.branch != v->branch || in.rel != v->rel)
			printf("    %s: rc %d len %u branch %d rel %d\n", v->what, rc, in.len,
			       in.branch, in.rel);
		CHECK(rc == 0);
		CHECK_EQ_U64(in.len, v->len);
		CHECK_EQ_U64(in.branch, v->branch);
		CHECK(in.rel == v->rel);
	}
}

/* where a branch's displacement starts: where its relocation would be */
static void test_rel_offset(void)
{
	static const unsigned char call[] = { 0x2e, 0xe8, 0, 0, 0, 0 };
	static const unsigned char jcc[] = { 0x0f, 0x84, 0, 0, 0, 0 };
	struct insn in;

	CHECK(!insn_decode(call, sizeof(call), &in));
	CHECK_EQ_U64(in.rel_off, 2);
	CHECK_EQ_U64(in.rel_size, 4);
	CHECK(!insn_decode(jcc, sizeof(jcc), &in));
	CHECK_EQ_U64(in.rel_off, 2);
}

/* never reads past AVAIL: every cut of a long instruction is refused */
static void test_cut(void)
{
	static const unsigned char movq[] = { 0x48, 0xc7, 0x05, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct insn in;
	size_t n;

	for (n = 0; n < sizeof(movq); n++)
		CHECK(insn_decode(movq, n, &in) == -1);
	CHECK(insn_decode(movq, sizeof(movq), &in) == 0);
}

UNIT_MAIN("insn", T(test_vectors), T(test_rel_offset), T(test_cut))
