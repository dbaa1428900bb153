// SPDX-License-Identifier: GPL-2.0
/* explain.c - the message when nothing can be traced (see explain.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach/explain.h"

#define MAX_LISTED 8

/* "a", "a or b", "a, b or c" */
static void put_list(FILE *f, const char *const *items, int n)
{
	int i;

	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ", items[i]);
}

/* "runtime-PM, userfault or GPU SVM": what a person calls the asked functions */
static void put_titles(FILE *f, unsigned int features)
{
	const char *titles[MAX_LISTED];
	unsigned int bit;
	int n = 0;

	for (bit = 1; bit & WR_FEAT_ALL && n < MAX_LISTED; bit <<= 1)
		if (!features || (features & bit))
			titles[n++] = hooks__feature_title(bit);
	put_list(f, titles, n);
}

/* "Is the i915 module loaded, or the xe module (lsmod | grep -e i915 -e xe)?" */
static void put_modules(FILE *f, unsigned int features)
{
	const char *mods[MAX_LISTED];
	int n = hooks__modules(features, mods, MAX_LISTED), i;

	if (!n)
		return;
	fprintf(f, "Is the %s module loaded", mods[0]);
	if (n > 1) {
		fprintf(f, ", or the ");
		put_list(f, mods + 1, n - 1);
		fprintf(f, " module");
	}
	fprintf(f, " (lsmod | grep");
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", n > 1 ? " -e " : " ", mods[i]);
	fprintf(f, ")?  ");
}

char *explain__nothing_traced(const struct wr_ap_resolved plan[WR_HOOK__COUNT],
			      unsigned int features)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i;

	if (!f)
		return NULL;
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &plan[i];

		/*
		 * the PM core's own functions (vmlinux) are in every kernel:
		 * found, they say nothing of whether a driver is loaded
		 */
		if (r->ap->role == WR_ROLE_LEARN || (features && !(r->ap->feature & features)) ||
		    !strcmp(r->ap->module, "vmlinux"))
			continue;
		if (r->state != WR_AP_ABSENT)
			break;
	}
	fprintf(f, "none of the ");
	put_titles(f, features);
	/* every function absent: the cause is a module not loaded, not a list of rows */
	if (i == WR_HOOK__COUNT) {
		fprintf(f, " functions can be traced on this kernel: no module that has them is "
			"loaded.\n");
		put_modules(f, features);
		fprintf(f, "\n(wakeref doctor -v lists every function.)\n");
		goto out;
	}
	fprintf(f, " functions can be traced on this kernel:\n");
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &plan[i];
		bool absent = r->state == WR_AP_ABSENT;

		if (r->ap->role == WR_ROLE_LEARN || (features && !(r->ap->feature & features)))
			continue;
		fprintf(f, "  %-34s %s%s%s%s%s\n", r->ap->func, attach_plan__state_name(r->state),
			r->module[0] ? " in " : "", r->module, absent ? "" : ": ",
			absent ? "" : r->why);
	}
	put_modules(f, features);
	fprintf(f, "A function \"absent\" is in no loaded module; \"no-btf\" means the module "
		"has no BTF (CONFIG_DEBUG_INFO_BTF_MODULES).\n");
out:
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}
