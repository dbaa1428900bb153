// SPDX-License-Identifier: GPL-2.0
/*
 * insn.c - x86-64 instruction lengths (insn.h), from the opcode maps of the
 * Intel SDM, volume 2, appendix A, 64-bit mode only: what each opcode takes
 * after it (a ModRM byte, an immediate), nothing of what it does.
 */
#include <stdbool.h>
#include <string.h>

#include "kernel/insn.h"

#define M	0x01	/* a ModRM byte (and SIB, displacement) */
#define B	0x02	/* imm8 (or rel8) */
#define Z	0x04	/* imm16/32 by operand size */
#define W	0x08	/* imm16 */
#define V	0x10	/* imm16/32/64: mov r, imm */
#define O	0x20	/* a memory offset: 8 bytes, 4 with 67 */
#define X	0x40	/* invalid in 64-bit mode, or a prefix or escape handled apart */
#define G	0x80	/* f6/f7: an immediate with /0 and /1 (test) only */

static const unsigned char one_byte[256] = {
	/* 00 */ M, M, M, M, B, Z, X, X,  M, M, M, M, B, Z, X, X,
	/* 10 */ M, M, M, M, B, Z, X, X,  M, M, M, M, B, Z, X, X,
	/* 20 */ M, M, M, M, B, Z, X, X,  M, M, M, M, B, Z, X, X,
	/* 30 */ M, M, M, M, B, Z, X, X,  M, M, M, M, B, Z, X, X,
	/* 40 */ X, X, X, X, X, X, X, X,  X, X, X, X, X, X, X, X,
	/* 50 */ 0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,
	/* 60 */ X, X, X, M, X, X, X, X,  Z, M | Z, B, M | B, 0, 0, 0, 0,
	/* 70 */ B, B, B, B, B, B, B, B,  B, B, B, B, B, B, B, B,
	/* 80 */ M | B, M | Z, X, M | B, M, M, M, M,  M, M, M, M, M, M, M, M,
	/* 90 */ 0, 0, 0, 0, 0, 0, 0, 0,  0, 0, X, 0, 0, 0, 0, 0,
	/* a0 */ O, O, O, O, 0, 0, 0, 0,  B, Z, 0, 0, 0, 0, 0, 0,
	/* b0 */ B, B, B, B, B, B, B, B,  V, V, V, V, V, V, V, V,
	/* c0 */ M | B, M | B, W, 0, X, X, M | B, M | Z,  W | B, 0, W, 0, 0, B, X, 0,
	/* d0 */ M, M, M, M, X, X, X, 0,  M, M, M, M, M, M, M, M,
	/* e0 */ B, B, B, B, B, B, B, B,  Z, Z, X, B, 0, 0, 0, 0,
	/* f0 */ X, 0, X, X, 0, 0, M | G, M | G,  0, 0, 0, 0, 0, 0, M, M,
};

/* the 0f map; 0f 38 takes a ModRM byte always, 0f 3a a ModRM byte and imm8 */
static const unsigned char two_byte[256] = {
	/* 00 */ M, M, M, M, X, 0, 0, 0,  0, 0, X, 0, X, M, 0, M | B,
	/* 10 */ M, M, M, M, M, M, M, M,  M, M, M, M, M, M, M, M,
	/* 20 */ M, M, M, M, X, X, X, X,  M, M, M, M, M, M, M, M,
	/* 30 */ 0, 0, 0, 0, 0, 0, X, 0,  X, X, X, X, X, X, X, X,
	/* 40 */ M, M, M, M, M, M, M, M,  M, M, M, M, M, M, M, M,
	/* 50 */ M, M, M, M, M, M, M, M,  M, M, M, M, M, M, M, M,
	/* 60 */ M, M, M, M, M, M, M, M,  M, M, M, M, M, M, M, M,
	/* 70 */ M | B, M | B, M | B, M | B, M, M, M, 0,  M, M, X, X, M, M, M, M,
	/* 80 */ Z, Z, Z, Z, Z, Z, Z, Z,  Z, Z, Z, Z, Z, Z, Z, Z,
	/* 90 */ M, M, M, M, M, M, M, M,  M, M, M, M, M, M, M, M,
	/* a0 */ 0, 0, 0, M, M | B, M, X, X,  0, 0, 0, M, M | B, M, M, M,
	/* b0 */ M, M, M, M, M, M, M, M,  M, M, M | B, M, M, M, M, M,
	/* c0 */ M, M, M | B, M, M | B, M | B, M | B, M,  0, 0, 0, 0, 0, 0, 0, 0,
	/* d0 */ M, M, M, M, M, M, M, M,  M, M, M, M, M, M, M, M,
	/* e0 */ M, M, M, M, M, M, M, M,  M, M, M, M, M, M, M, M,
	/* f0 */ M, M, M, M, M, M, M, M,  M, M, M, M, M, M, M, M,
};

struct state {
	const unsigned char *p;
	size_t avail, pos;
	bool opsize16, addr32, rex_w;
};

static bool take(struct state *s, size_t n)
{
	if (n > s->avail - s->pos)
		return false;
	s->pos += n;
	return true;
}

/* ModRM, SIB and displacement; *REG: the ModRM reg field */
static bool modrm(struct state *s, unsigned int *reg)
{
	unsigned char m, mod, rm;
	size_t disp = 0;

	if (s->pos >= s->avail)
		return false;
	m = s->p[s->pos++];
	mod = m >> 6;
	rm = m & 7;
	*reg = (m >> 3) & 7;
	if (mod == 3)
		return true;
	if (rm == 4) {
		if (s->pos >= s->avail)
			return false;
		if (mod == 0 && (s->p[s->pos] & 7) == 5)
			disp = 4;
		s->pos++;
	}
	if (mod == 0 && rm == 5)
		disp = 4;
	else if (mod == 1)
		disp = 1;
	else if (mod == 2)
		disp = 4;
	return take(s, disp);
}

static bool immediates(struct state *s, unsigned int flags)
{
	size_t z = s->opsize16 ? 2 : 4, n = 0;

	if (flags & B)
		n += 1;
	if (flags & Z)
		n += z;
	if (flags & W)
		n += 2;
	if (flags & V)
		n += s->rex_w ? 8 : z;
	if (flags & O)
		n += s->addr32 ? 4 : 8;
	return take(s, n);
}

/* after a VEX or EVEX prefix: the opcode of MAP, its ModRM and immediate */
static bool vex_body(struct state *s, unsigned int map)
{
	unsigned int reg, flags;
	unsigned char op;

	if (map < 1 || map > 3 || s->pos >= s->avail)
		return false;
	op = s->p[s->pos++];
	flags = map == 1 ? two_byte[op] : map == 3 ? M | B : M;
	if (map == 1 && op == 0x77)	/* vzeroupper, vzeroall */
		return true;
	if (map == 1 && (flags & X))
		return false;
	return modrm(s, &reg) && immediates(s, (flags & B) | (map == 3 ? B : 0));
}

static bool escape_0f(struct state *s, struct insn *in)
{
	unsigned int reg, flags;
	unsigned char op;

	if (s->pos >= s->avail)
		return false;
	op = s->p[s->pos++];
	if (op == 0x38 || op == 0x3a) {
		if (!take(s, 1))
			return false;
		return modrm(s, &reg) && immediates(s, op == 0x3a ? B : 0);
	}
	flags = two_byte[op];
	if (flags & X)
		return false;
	if ((op & 0xf0) == 0x80) {
		in->branch = INSN_JCC;
		in->rel_off = s->pos;
		in->rel_size = 4;
		return take(s, 4);
	}
	if ((flags & M) && !modrm(s, &reg))
		return false;
	return immediates(s, flags & ~M);
}

static bool branch(struct state *s, struct insn *in, enum insn_branch kind, unsigned int size)
{
	in->branch = kind;
	in->rel_off = s->pos;
	in->rel_size = size;
	return take(s, size);
}

static bool one(struct state *s, struct insn *in, unsigned char op)
{
	unsigned int reg, flags = one_byte[op];

	switch (op) {
	case 0x0f:
		return escape_0f(s, in);
	case 0xc4:	/* VEX, 3 bytes: RXB.mmmmm W.vvvv.L.pp */
		return take(s, 2) && vex_body(s, s->p[s->pos - 2] & 0x1f);
	case 0xc5:	/* VEX, 2 bytes: the 0f map */
		return take(s, 1) && vex_body(s, 1);
	case 0x62:	/* EVEX: P0 (map in its low bits) P1 P2 */
		return take(s, 3) && vex_body(s, s->p[s->pos - 3] & 3);
	case 0xe8:
		return branch(s, in, INSN_CALL, 4);
	case 0xe9:
		return branch(s, in, INSN_JMP, 4);
	case 0xeb:
		return branch(s, in, INSN_JMP, 1);
	}
	if (op >= 0x70 && op <= 0x7f)
		return branch(s, in, INSN_JCC, 1);
	if (flags & X)
		return false;
	if ((flags & M) && !modrm(s, &reg))
		return false;
	if ((flags & G) && reg < 2)
		flags |= op == 0xf6 ? B : Z;
	return immediates(s, flags & ~(M | G));
}

static bool is_legacy_prefix(unsigned char b)
{
	return b == 0x66 || b == 0x67 || b == 0xf0 || b == 0xf2 || b == 0xf3 ||
	       b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65;
}

int insn_decode(const unsigned char *p, size_t avail, struct insn *in)
{
	struct state s = { .p = p, .avail = avail > 15 ? 15 : avail };
	unsigned char b;

	memset(in, 0, sizeof(*in));
	for (;;) {
		if (s.pos >= s.avail)
			return -1;
		b = p[s.pos];
		if (is_legacy_prefix(b)) {
			s.opsize16 |= b == 0x66;
			s.addr32 |= b == 0x67;
			s.rex_w = false;	/* a REX counts only right before the opcode */
		} else if ((b & 0xf0) == 0x40) {
			s.rex_w = b & 8;
		} else {
			break;
		}
		s.pos++;
	}
	s.pos++;
	if (!one(&s, in, b))
		return -1;
	in->len = s.pos;
	if (in->branch) {
		const unsigned char *r = p + in->rel_off;

		in->rel = in->rel_size == 1 ? (int8_t)r[0] :
			  (int32_t)((uint32_t)r[0] | (uint32_t)r[1] << 8 |
				    (uint32_t)r[2] << 16 | (uint32_t)r[3] << 24);
	}
	return 0;
}
