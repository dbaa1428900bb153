// SPDX-License-Identifier: GPL-2.0
/* procmod.c - lines of /proc/modules, and a module's holders (see procmod.h). */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

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

int procmod__holders(const char *module, char (*names)[64], int max)
{
	char path[160];
	struct dirent *de;
	int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/sys/module/%s/holders", module);
	d = opendir(path);
	if (!d)
		return 0;
	while (n < max && (de = readdir(d))) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(names[0]))
			continue;
		snprintf(names[n++], sizeof(names[0]), "%s", de->d_name);
	}
	closedir(d);
	return n;
}
