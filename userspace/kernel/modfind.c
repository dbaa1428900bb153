// SPDX-License-Identifier: GPL-2.0
/*
 * modfind.c - a kernel's module files by name (modfind.h): modules.dep says
 * where each one is; a tree without it (unpacked by hand) is walked.
 */
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/modfind.h"

void modfind__name(const char *path, char *name, size_t len)
{
	static const char *const suffixes[] = { ".xz", ".zst", ".ko" };
	const char *base = strrchr(path, '/');
	size_t i, n, k;

	snprintf(name, len, "%s", base ? base + 1 : path);
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		n = strlen(name);
		k = strlen(suffixes[i]);
		if (n > k && !strcmp(name + n - k, suffixes[i]))
			name[n - k] = 0;
	}
}

/* what a search looks for and has found: nftw() passes no context */
static struct {
	const char *const *names;
	int nr_names;
	char **found;		/* by index in names */
} search;

static void consider(const char *path)
{
	char name[64];
	int i;

	if (!strstr(path, ".ko"))
		return;
	modfind__name(path, name, sizeof(name));
	for (i = 0; i < search.nr_names; i++)
		if (!search.found[i] && !strcmp(name, search.names[i]))
			search.found[i] = strdup(path);
}

/* modules.dep: "kernel/drivers/gpu/drm/i915/i915.ko.xz: deps..."; false if absent */
static bool from_modules_dep(const char *dir)
{
	char path[4096], line[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/modules.dep", dir);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		*colon = 0;
		if (line[0] == '/')
			consider(line);
		else if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, line) < sizeof(path))
			consider(path);
	}
	fclose(f);
	return true;
}

static int walk_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (type == FTW_F)
		consider(path);
	return 0;
}

int modfind__find(const char *dir, const char *const *names, int nr_names, char **paths,
		  int max)
{
	int i, n = 0;

	search.names = names;
	search.nr_names = nr_names;
	search.found = calloc(nr_names + 1, sizeof(*search.found));
	if (!search.found)
		return 0;
	if (!from_modules_dep(dir))
		nftw(dir, walk_one, 32, FTW_PHYS);
	for (i = 0; i < nr_names; i++) {
		if (search.found[i] && n < max)
			paths[n++] = search.found[i];
		else
			free(search.found[i]);
	}
	free(search.found);
	memset(&search, 0, sizeof(search));
	return n;
}
