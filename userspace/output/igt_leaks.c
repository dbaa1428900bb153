// SPDX-License-Identifier: GPL-2.0
/* igt_leaks.c - owners by igt test and subtest (see igt_leaks.h). */
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel/ksyms.h"
#include "lib/log.h"
#include "lib/text.h"
#include "model/site.h"
#include "model/who.h"
#include "output/igt_leaks.h"

void igt_leaks__print(FILE *out, const struct wr_owners *ot, const struct wr_igt *g)
{
	const struct wr_device *d;
	const struct wr_owner *o;
	size_t i, none = 0;
	size_t *count;

	if (!g->nr)
		return;
	count = calloc(g->nr, sizeof(*count));
	if (!count)
		return;
	for (d = ot->devices; d; d = d->next) {
		for (o = d->head; o; o = o->next) {
			const struct wr_igt_span *sp = igt__at(g, o->ts_ns);

			if (sp)
				count[sp - g->v]++;
			else
				none++;
		}
	}
	fprintf(out, "Wakerefs held, by the igt test during which they were taken:\n");
	for (i = 0; i < g->nr; i++)
		if (count[i])
			fprintf(out, "  %6zu  %s%s%s\n", count[i], g->v[i].name,
				g->v[i].result[0] ? ": " : "", g->v[i].result);
	if (none)
		fprintf(out, "  %6zu  (outside every test)\n", none);
	free(count);
}

/* NAME made safe as a file name: '/' and leading dots are not */
static void file_name(char *buf, size_t len, const char *name)
{
	size_t i;

	snprintf(buf, len, "%s.txt", name ? name : "none");
	for (i = 0; buf[i]; i++)
		if (buf[i] == '/' || (i == 0 && buf[i] == '.'))
			buf[i] = '_';
}

static void write_owner(FILE *f, const struct wr_device *d, const struct wr_owner *o,
			const struct ksyms *ks)
{
	const struct ksym *s = ks && o->caller ? ksyms__find(ks, o->caller) : NULL;
	char safe[WR_SAFE_SIZE(sizeof(o->task->comm))], during[160], sym[256];
	struct wr_who w;
	uint32_t k;

	who__of(ks, o, d->driver, &w);
	fprintf(f, "%s: wakeref taken by %s (pid %u [%s]", d->name[0] ? d->name : "?",
		s ? s->name : "?", o->pid, text__safe(o->task->comm, safe, sizeof(safe)));
	if (who__during(&w, during, sizeof(during)) > 0)
		fprintf(f, " in %s", during);
	fprintf(f, ")\n");
	for (k = 0; k < o->nr_frames; k++) {
		site__snprint_frame(ks, o->frames, k, sym, sizeof(sym));
		fprintf(f, "   %s\n", sym);
	}
}

int igt_leaks__write_dir(const char *dir, const struct wr_owners *ot, const struct ksyms *ks,
			 const struct wr_igt *g)
{
	const struct wr_device *d;
	const struct wr_owner *o;
	char name[3 * WR_IGT_NAME + 8], path[4096];
	bool *begun = calloc(g->nr + 1, sizeof(*begun));	/* [nr]: outside every test */
	int err = 0;

	if (!begun)
		return -ENOMEM;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		err = -errno;
		log_error("--leak-dir %s: %s\n", dir, strerror(-err));
		free(begun);
		return err;
	}
	for (d = ot->devices; d && !err; d = d->next) {
		for (o = d->head; o && !err; o = o->next) {
			const struct wr_igt_span *sp = igt__at(g, o->ts_ns);
			size_t i = sp ? (size_t)(sp - g->v) : g->nr;
			FILE *f;

			file_name(name, sizeof(name), sp ? sp->name : NULL);
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			/* this run's owners only: the first of a file truncates it */
			f = fopen(path, begun[i] ? "a" : "w");
			begun[i] = true;
			if (!f) {
				err = -errno;
				log_error("--leak-dir: %s: %s\n", path, strerror(-err));
				break;
			}
			write_owner(f, d, o, ks);
			if (fclose(f)) {
				err = -EIO;
				log_error("--leak-dir: %s: cannot write\n", path);
			}
		}
	}
	free(begun);
	return err;
}
