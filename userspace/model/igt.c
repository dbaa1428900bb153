// SPDX-License-Identifier: GPL-2.0
/* igt.c - igt tests and subtests from their kernel-log markers (see igt.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/igt.h"

#define PREFIX	"[IGT] "

void igt__init(struct wr_igt *g)
{
	memset(g, 0, sizeof(*g));
	g->test = g->subtest = g->dynamic = -1;
}

void igt__free(struct wr_igt *g)
{
	free(g->v);
	igt__init(g);
}

static long open_span(struct wr_igt *g, uint64_t ts_ns, const char *name, size_t len)
{
	struct wr_igt_span *sp;

	if (g->nr == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		struct wr_igt_span *v = realloc(g->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		g->v = v;
		g->cap = cap;
	}
	sp = &g->v[g->nr];
	memset(sp, 0, sizeof(*sp));
	sp->start_ns = ts_ns;
	snprintf(sp->name, sizeof(sp->name), "%.*s", (int)len, name);
	return g->nr++;
}

static void close_span(struct wr_igt *g, long *i, uint64_t ts_ns, const char *result, size_t len)
{
	if (*i < 0)
		return;
	g->v[*i].end_ns = ts_ns;
	if (result)
		snprintf(g->v[*i].result, sizeof(g->v[*i].result), "%.*s", (int)len, result);
	*i = -1;
}

/* the name of the span I plus "@" plus WORD (up to its end or LEN bytes) */
static long open_child(struct wr_igt *g, long parent, uint64_t ts_ns, const char *word,
		       size_t len)
{
	char name[3 * WR_IGT_NAME];
	int n;

	n = snprintf(name, sizeof(name), "%s@%.*s", parent >= 0 ? g->v[parent].name : "?",
		     (int)len, word);
	return open_span(g, ts_ns, name, n < 0 ? 0 : (size_t)n);
}

int igt__marker(struct wr_igt *g, uint64_t ts_ns, const char *msg)
{
	const char *colon, *rest, *comma;
	size_t len;
	long i;

	if (strncmp(msg, PREFIX, strlen(PREFIX)))
		return 0;
	msg += strlen(PREFIX);
	colon = strstr(msg, ": ");
	if (!colon || colon == msg || colon - msg >= WR_IGT_NAME)
		return 0;
	rest = colon + 2;
	len = strcspn(rest, "\n");
	if (!strncmp(rest, "executing", len) && len == strlen("executing")) {
		close_span(g, &g->dynamic, ts_ns, NULL, 0);
		close_span(g, &g->subtest, ts_ns, NULL, 0);
		close_span(g, &g->test, ts_ns, NULL, 0);
		i = open_span(g, ts_ns, msg, colon - msg);
		if (i < 0)
			return i;
		g->test = i;
		return 1;
	}
	if (!strncmp(rest, "starting subtest ", 17)) {
		close_span(g, &g->dynamic, ts_ns, NULL, 0);
		close_span(g, &g->subtest, ts_ns, NULL, 0);
		i = open_child(g, g->test, ts_ns, rest + 17, len - 17);
		if (i < 0)
			return i;
		g->subtest = i;
		return 1;
	}
	if (!strncmp(rest, "starting dynamic subtest ", 25)) {
		close_span(g, &g->dynamic, ts_ns, NULL, 0);
		i = open_child(g, g->subtest >= 0 ? g->subtest : g->test, ts_ns, rest + 25,
			       len - 25);
		if (i < 0)
			return i;
		g->dynamic = i;
		return 1;
	}
	if (!strncmp(rest, "finished subtest ", 17)) {
		/* "finished subtest NAME, RESULT": a dynamic subtest's, or the subtest's */
		const char *name = rest + 17, *last;
		size_t nlen;

		comma = NULL;
		for (last = name; last < rest + len; last++)
			if (last[0] == ',' && last[1] == ' ')
				comma = last;
		nlen = comma ? (size_t)(comma - name) : len - 17;
		if (g->dynamic >= 0) {
			const char *dyn = strrchr(g->v[g->dynamic].name, '@');

			if (dyn && strlen(dyn + 1) == nlen && !strncmp(dyn + 1, name, nlen)) {
				close_span(g, &g->dynamic, ts_ns, comma ? comma + 2 : NULL,
					   comma ? (size_t)(rest + len - comma - 2) : 0);
				return 1;
			}
		}
		close_span(g, &g->dynamic, ts_ns, NULL, 0);
		close_span(g, &g->subtest, ts_ns, comma ? comma + 2 : NULL,
			   comma ? (size_t)(rest + len - comma - 2) : 0);
		return 1;
	}
	if (!strncmp(rest, "exiting, ret=", 13)) {
		close_span(g, &g->dynamic, ts_ns, NULL, 0);
		close_span(g, &g->subtest, ts_ns, NULL, 0);
		close_span(g, &g->test, ts_ns, rest + 9, len - 9);
		return 1;
	}
	return 0;
}

const struct wr_igt_span *igt__at(const struct wr_igt *g, uint64_t ts_ns)
{
	const struct wr_igt_span *best = NULL;
	size_t i;

	/* spans nest and open in order: the last one begun that contains TS is innermost */
	for (i = 0; i < g->nr; i++) {
		const struct wr_igt_span *sp = &g->v[i];

		if (sp->start_ns <= ts_ns && (!sp->end_ns || ts_ns < sp->end_ns))
			best = sp;
	}
	return best;
}
