// SPDX-License-Identifier: GPL-2.0
/* test_modfind.c - module files by name (kernel/modfind.c), in a temporary tree. */
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "kernel/modfind.h"

static const char *const names[] = { "i915", "xe", "drm_gpusvm_helper" };

static void touch(const char *root, const char *rel)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = 0;
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f)
		fclose(f);
}

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path);
}

static void rm_tree(const char *root)
{
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_name(void)
{
	char name[64];

	modfind__name("/lib/modules/x/kernel/drivers/gpu/drm/i915/i915.ko.xz", name, sizeof(name));
	CHECK_STR(name, "i915");
	modfind__name("xe.ko.zst", name, sizeof(name));
	CHECK_STR(name, "xe");
	modfind__name("drm_gpusvm_helper.ko", name, sizeof(name));
	CHECK_STR(name, "drm_gpusvm_helper");
	modfind__name("fixture.o", name, sizeof(name));
	CHECK_STR(name, "fixture.o");
}

static void free_all(char **paths, int n)
{
	while (n--)
		free(paths[n]);
}

/* modules.dep lists them in its order; they come back in the order asked */
static void test_modules_dep(void)
{
	char root[] = "/tmp/wakeref-modfind-XXXXXX", dep[600], *paths[4];
	FILE *f;
	int n;

	CHECK(mkdtemp(root) != NULL);
	snprintf(dep, sizeof(dep), "%s/modules.dep", root);
	f = fopen(dep, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fprintf(f, "kernel/drivers/gpu/drm/xe/xe.ko.xz: kernel/drivers/gpu/drm/drm.ko.xz\n"
		"kernel/drivers/gpu/drm/drm.ko.xz:\n"
		"kernel/drivers/gpu/drm/i915/i915.ko.xz: kernel/drivers/gpu/drm/drm.ko.xz\n"
		"kernel/drivers/gpu/drm/i915/i915_extra.ko.xz:\n");
	fclose(f);
	n = modfind__find(root, names, 3, paths, 4);
	CHECK_EQ_U64(n, 2);
	if (n == 2) {
		CHECK_CONTAINS(paths[0], "/kernel/drivers/gpu/drm/i915/i915.ko.xz");
		CHECK(!strncmp(paths[0], root, strlen(root)));
		CHECK_CONTAINS(paths[1], "/xe/xe.ko.xz");
	}
	free_all(paths, n);
	/* no more than asked for */
	n = modfind__find(root, names, 3, paths, 1);
	CHECK_EQ_U64(n, 1);
	free_all(paths, n);
	rm_tree(root);
}

/* without modules.dep the tree is walked */
static void test_walk(void)
{
	char root[] = "/tmp/wakeref-modfind-XXXXXX", *paths[4];
	int n;

	CHECK(mkdtemp(root) != NULL);
	touch(root, "kernel/drivers/gpu/drm/drm_gpusvm_helper.ko.zst");
	touch(root, "kernel/drivers/gpu/drm/i915/i915.ko");
	touch(root, "kernel/drivers/gpu/drm/i915/i915.txt");
	n = modfind__find(root, names, 3, paths, 4);
	CHECK_EQ_U64(n, 2);
	if (n == 2) {
		CHECK_CONTAINS(paths[0], "/i915/i915.ko");
		CHECK_CONTAINS(paths[1], "drm_gpusvm_helper.ko.zst");
	}
	free_all(paths, n);
	rm_tree(root);
	CHECK_EQ_U64(modfind__find("/nonexistent/dir", names, 3, paths, 4), 0);
}

UNIT_MAIN("modfind", T(test_name), T(test_modules_dep), T(test_walk))
