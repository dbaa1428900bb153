/* SPDX-License-Identifier: GPL-2.0 */
/*
 * insn.h - the length of an x86-64 instruction, and whether it is a direct
 * call or jump (insn.c).  Enough to walk a kernel function instruction by
 * instruction and find the calls that carry no relocation: legacy and REX
 * prefixes, the one-byte, 0f, 0f38 and 0f3a maps, VEX and EVEX.
 */
#ifndef WR_KERNEL_INSN_H
#define WR_KERNEL_INSN_H

#include <stddef.h>
#include <stdint.h>

enum insn_branch {
	INSN_OTHER,
	INSN_CALL,	/* e8 rel32 */
	INSN_JMP,	/* e9 rel32, eb rel8 */
	INSN_JCC,	/* 0f 80..8f rel32, 70..7f rel8 */
};

struct insn {
	unsigned int len;
	enum insn_branch branch;
	unsigned int rel_off;	/* where the displacement of a branch starts */
	unsigned int rel_size;	/* 1 or 4 */
	int32_t rel;		/* and its value */
};

/* Decode the instruction at P (AVAIL bytes readable): 0, or -1 if invalid or cut. */
int insn_decode(const unsigned char *p, size_t avail, struct insn *in);

#endif
