// SPDX-License-Identifier: GPL-2.0
/*
 * clones.c - GCC's clones of a function: interprocedural SRA (.isra.N),
 * partial inlining (.part.N) and constant propagation (.constprop.N) make
 * a copy of a function under a symbol of its own, the one kallsyms and a
 * stack show.  A declared pair (pairs.c) names the source function; it
 * names its clones too, as the code is the same function's.
 */
#include <ctype.h>
#include <string.h>

#include "drivers/clones.h"

/* ".isra.3", ".part.0", ".constprop.12" at S: its length, or 0 */
static size_t clone_suffix(const char *s)
{
	static const char *const kinds[] = { ".isra.", ".part.", ".constprop." };
	size_t i, len;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		len = strlen(kinds[i]);
		if (strncmp(s, kinds[i], len) || !isdigit((unsigned char)s[len]))
			continue;
		while (isdigit((unsigned char)s[len]))
			len++;
		return len;
	}
	return 0;
}

bool clones__same_function(const char *sym, const char *name)
{
	size_t len = strlen(name), step;

	if (strncmp(sym, name, len))
		return false;
	for (sym += len; *sym; sym += step) {
		step = clone_suffix(sym);
		if (!step)
			return false;
	}
	return true;
}
