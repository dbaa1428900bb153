/* SPDX-License-Identifier: GPL-2.0 */
/* strhash.h - the string hash of the name indexes (kallsyms, BTF functions). */
#ifndef WR_STRHASH_H
#define WR_STRHASH_H

#include <stdint.h>

/* FNV-1a, 32 bits: names are short and the tables open-addressed */
static inline uint32_t wr_str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

#endif
