// SPDX-License-Identifier: GPL-2.0
/* modwatch.c - traced modules watched for unload and reload (see modwatch.h). */
#include <stdio.h>
#include <string.h>

#include "attach/modwatch.h"
#include "attach/tracer.h"
#include "kernel/procmod.h"

void modwatch__init(struct wr_modwatch *w, const struct tracer *t)
{
	int i, j;

	memset(w, 0, sizeof(*w));
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &t->plan[i];
		unsigned int drv;

		if (!tracer__row_attached(t, i) || !r->module[0] || !strcmp(r->module, "vmlinux"))
			continue;
		drv = r->ap->drv ? 1u << r->ap->drv : 0;
		for (j = 0; j < w->n; j++)
			if (!strcmp(w->m[j].name, r->module))
				break;
		if (j == w->n) {
			if (w->n == WR_MODWATCH_MAX)
				continue;
			snprintf(w->m[j].name, sizeof(w->m[j].name), "%s", r->module);
			w->n++;
		}
		w->m[j].drivers |= drv;
	}
	modwatch__poll(w, "/proc/modules", &(unsigned int){ 0 }, &(const char *){ NULL });
}

/* The load address of MOD in /proc/modules, 0 if it is not loaded (or not Live). */
static uint64_t module_addr(FILE *f, const char *mod)
{
	struct wr_procmod m;
	char line[512];

	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		if (!procmod__parse(line, &m))
			continue;
		if (!strcmp(m.name, mod))
			return strcmp(m.state, "Live") ? 0 : m.addr ? m.addr : 1;
	}
	return 0;
}

enum wr_modwatch_change modwatch__poll(struct wr_modwatch *w, const char *path,
				       unsigned int *drivers, const char **name)
{
	enum wr_modwatch_change ch = WR_MW_NONE;
	bool any_gone = false, reloaded = false;
	FILE *f = fopen(path, "r");
	int i;

	*drivers = 0;
	if (!f)
		return WR_MW_NONE;
	for (i = 0; i < w->n; i++) {
		uint64_t addr = module_addr(f, w->m[i].name);

		if (!addr && !w->m[i].gone) {
			w->m[i].gone = true;
			*drivers |= w->m[i].drivers;
			*name = w->m[i].name;
			ch = WR_MW_GONE;
		} else if (addr && w->m[i].addr && addr != w->m[i].addr) {
			reloaded = true;	/* gone and back between two polls */
			*drivers |= w->m[i].drivers;
			*name = w->m[i].name;
		} else if (addr && w->m[i].gone) {
			reloaded = true;
		}
		if (addr)
			w->m[i].addr = addr;
		any_gone |= !addr;
	}
	fclose(f);
	if (ch == WR_MW_NONE && reloaded && !any_gone)
		ch = WR_MW_BACK;
	return ch;
}
