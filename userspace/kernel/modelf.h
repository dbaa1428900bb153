/* SPDX-License-Identifier: GPL-2.0 */
/*
 * modelf.h - the call graph of a kernel module (modelf.c): one edge per
 * call, jmp or conditional jump of an executable section whose target a
 * R_X86_64_PLT32/PC32 relocation names, plus the branches the assembler
 * resolved itself (to a static function of the same section), found by
 * walking each function instruction by instruction.  Calls through pointers
 * are not seen.
 */
#ifndef WR_KERNEL_MODELF_H
#define WR_KERNEL_MODELF_H

#include <stddef.h>

#include "drivers/callgraph.h"

struct modelf_stats {
	size_t relocs;		/* PLT32/PC32 relocations of executable sections */
	size_t calls, jmps, jccs;	/* of them: at a call, a jmp, a jcc */
	size_t outside;		/* at a branch, but in no function symbol */
	size_t inside;		/* to the middle of a function (foo.cold back to foo) */
	size_t decoded, undecoded;	/* functions walked instruction by instruction, or not */
	size_t local_calls, local_jmps;	/* branches without a relocation, to a function */
};

struct Elf;

struct modelf {
	struct Elf *elf;	/* libelf's view of the image; the names live there */
	void *image;		/* the ELF object, decompressed */
	size_t size;
	const char *compression;	/* "none", "xz", "zstd" */
	struct cg_edge *edges;	/* names point into the image */
	size_t nr_edges;
	struct modelf_stats stats;
};

/* Read PATH (.ko, .ko.xz, .ko.zst); NULL with one line in ERR on any error. */
struct modelf *modelf__open(const char *path, char *err, size_t errlen);
/* The same from an image in memory, which the result then owns (freed on error). */
struct modelf *modelf__from_image(void *image, size_t size, char *err, size_t errlen);
void modelf__close(struct modelf *m);

#endif
