// SPDX-License-Identifier: GPL-2.0
/* procmod.c - lines of /proc/modules (see procmod.h). */
#include <stdio.h>

#include "kernel/procmod.h"

bool procmod__parse(const char *line, struct wr_procmod *m)
{
	unsigned long long size, addr;

	if (sscanf(line, "%63s %llu %*s %*s %15s %llx", m->name, &size, m->state, &addr) != 4)
		return false;
	m->size = size;
	m->addr = addr;
	return true;
}

uint64_t procmod__sig(const char *path)
{
	FILE *f = fopen(path, "re");
	uint64_t h = 0xcbf29ce484222325ull;	/* FNV-1a */
	struct wr_procmod m;
	char line[512];
	const char *p;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (!procmod__parse(line, &m))
			continue;
		for (p = m.name; *p; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
		h = (h ^ m.addr) * 0x100000001b3ull;
	}
	fclose(f);
	return h;
}
