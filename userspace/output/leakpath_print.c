// SPDX-License-Identifier: GPL-2.0
/* leakpath_print.c - the answer of `--explain FUNC` (see leakpath_print.h). */
#include <inttypes.h>
#include <stdio.h>

#include "lib/errname.h"
#include "output/leakpath_print.h"

const char *leakpath__err_str(int err, char *buf, size_t len)
{
	const char *name = errname(err);

	if (name)
		snprintf(buf, len, "-%s (%d)", name, err);
	else
		snprintf(buf, len, "%d", err);
	return buf;
}

static const char *times(uint64_t n)
{
	return n == 1 ? "time" : "times";
}

/* FUNC's own return value, as the error it passed up when it is one */
static void put_func_ret(FILE *out, const struct lp_plan *p, int64_t ret)
{
	char buf[48];

	if (ret < 0 && ret >= -LP_MAX_ERRNO)
		fprintf(out, "; %s returned %s", p->func, leakpath__err_str((int)ret, buf,
									    sizeof(buf)));
	else
		fprintf(out, "; %s returned %" PRId64, p->func, ret);
}

static void print_path(FILE *out, const struct lp_plan *p, const struct lp_result *r,
		       const struct lp_leak *l)
{
	const struct lp_callee *c = l->slot >= 0 ? lp_plan__slot(p, LP_ROLE_CALLEE, l->slot) :
				    NULL;
	char buf[48];

	if (c)
		fprintf(out, "  %s leaked its wakeref after %s() returned %s, %" PRIu64
			" %s of %" PRIu64 " calls", p->func, c->name,
			leakpath__err_str(l->err, buf, sizeof(buf)), l->leaks, times(l->leaks),
			(uint64_t)r->stats.calls);
	else
		fprintf(out, "  %s leaked its wakeref with no callee error after its get, %"
			PRIu64 " %s of %" PRIu64 " calls", p->func, l->leaks, times(l->leaks),
			(uint64_t)r->stats.calls);
	put_func_ret(out, p, l->func_ret);
	fputc('\n', out);
}

static void print_watched(FILE *out, const struct lp_plan *p, enum lp_role role,
			  const char *what)
{
	const char *sep = "";
	size_t i;

	fprintf(out, "  watched %s:", what);
	for (i = 0; i < p->nr; i++) {
		if (p->v[i].role != role || p->v[i].state != LP_WATCHED)
			continue;
		fprintf(out, "%s %s", sep, p->v[i].name);
		sep = ",";
	}
	fprintf(out, "%s\n", *sep ? "" : " none");
}

static void print_unwatched(FILE *out, const struct lp_plan *p)
{
	bool any = false;
	size_t i;

	for (i = 0; i < p->nr; i++) {
		const struct lp_callee *c = &p->v[i];

		if (c->state == LP_WATCHED)
			continue;
		if (!any)
			fprintf(out, "  not watched:\n");
		any = true;
		fprintf(out, "    %s%s%s%s: %s", c->name, c->module[0] ? " [" : "", c->module,
			c->module[0] ? "]" : "", lp_plan__state_name(c->state));
		if (c->state == LP_NO_ERROR_RETURN)
			fprintf(out, " (%s)", c->ret_type[0] ? c->ret_type : "void");
		else if (c->err)
			fprintf(out, " (%s)", leakpath__err_str(c->err, (char[48]){}, 48));
		fputc('\n', out);
	}
}

void leakpath__print(FILE *out, const struct lp_plan *p, const struct lp_result *r)
{
	const struct lp_stats *st = &r->stats;
	int i;

	fprintf(out, "explain %s [%s]: %" PRIu64 " calls, %" PRIu64
		" returned holding a wakeref they took\n", p->func, p->module, (uint64_t)st->calls,
		(uint64_t)st->leaks);
	for (i = 0; i < r->nr_paths; i++)
		print_path(out, p, r, &r->paths[i]);
	if (!st->leaks)
		fprintf(out, "  no leak path: %s put every wakeref it took\n", p->func);
	for (i = 0; i < LP_CALLEE_SLOTS; i++) {
		const struct lp_callee *c = lp_plan__slot(p, LP_ROLE_CALLEE, i);

		if (c && st->errs_clean[i])
			fprintf(out, "  %s() failed %" PRIu64 " %s in calls that put their "
				"wakeref\n", c->name, (uint64_t)st->errs_clean[i],
				times(st->errs_clean[i]));
	}
	if (st->recursion)
		fprintf(out, "  %" PRIu64 " recursive calls followed as part of the outer one\n",
			(uint64_t)st->recursion);
	if (st->tasks_full || st->paths_full)
		fprintf(out, "  WARNING: not followed: %" PRIu64 " calls (more than %d tasks "
			"inside at once), %" PRIu64 " leaks (more than %d paths)\n",
			(uint64_t)st->tasks_full, LP_MAX_TASKS, (uint64_t)st->paths_full,
			LP_MAX_PATHS);
	print_watched(out, p, LP_ROLE_GET, "gets");
	print_watched(out, p, LP_ROLE_PUT, "puts");
	print_watched(out, p, LP_ROLE_CALLEE, "callees");
	print_unwatched(out, p);
}
