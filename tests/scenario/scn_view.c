// SPDX-License-Identifier: GPL-2.0
/*
 * scn_view.c - what wakeref and the oracle say is held, and their comparison.
 *
 * Both sides print lines whose first word says their kind: the oracle's
 * debugfs "owners" file and `wakeref trace -f owners`.  A view keeps, for
 * every kind of scn_cmp_kinds[], the canonical form of its lines; two views
 * agree when, kind by kind, they hold the same multiset of lines.  Adding a
 * kind is one row of the table (and its canonical form).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scn.h"

#define SCN_VIEW_LINE	1024
#define SCN_VIEW_WORDS	32
#define SCN_VIEW_NAME	256	/* a device or function name, in discount */

static void scn_canon_join(char **w, int n, char *out, size_t size)
{
	size_t len = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < n && len < size; i++)
		len += snprintf(out + len, size - len, "%s%s", i ? " " : "", w[i]);
}

/* "owner DEV FUNC COUNT" as is; count 0 is no owner */
static void scn_canon_owner(char **w, int n, char *out, size_t size)
{
	if (n == 4 && !strcmp(w[3], "0")) {
		out[0] = '\0';
		return;
	}
	scn_canon_join(w, n, out, size);
}

/*
 * "device DEV ... count=N ..." -> "device DEV count=N".  wakeref lists only
 * the devices it saw events of, so a missing device means count 0: lines
 * with count=0 are left out on both sides.
 */
static void scn_canon_device(char **w, int n, char *out, size_t size)
{
	int i;

	for (i = 2; i < n; i++) {
		if (strncmp(w[i], "count=", 6))
			continue;
		if (!strcmp(w[i] + 6, "0"))
			out[0] = '\0';
		else
			snprintf(out, size, "device %s %s", w[1], w[i]);
		return;
	}
	scn_canon_join(w, n, out, size);	/* malformed: shows in a diff */
}

/*
 * "userfault DEV LIST count=0" and "svm DEV gpusvms=0" are left out on both
 * sides: wakeref lists only the devices it saw events of, the oracle every
 * device.  Every other line of these kinds is compared as it is.
 */
static void scn_canon_userfault(char **w, int n, char *out, size_t size)
{
	if (n == 4 && !strcmp(w[3], "count=0"))
		out[0] = '\0';
	else
		scn_canon_join(w, n, out, size);
}

static void scn_canon_svm(char **w, int n, char *out, size_t size)
{
	if (n == 3 && !strcmp(w[2], "gpusvms=0"))
		out[0] = '\0';
	else
		scn_canon_join(w, n, out, size);
}

const struct scn_cmp_kind scn_cmp_kinds[SCN_NR_CMP] = {
	[SCN_CMP_OWNER] = { "owner", "wakerefs held per device and calling function",
			    NULL, scn_canon_owner },
	[SCN_CMP_DEVICE] = { "device", "wakerefs held per device (count=)", NULL,
			     scn_canon_device },
	[SCN_CMP_USERFAULT] = { "userfault", "userfault list membership", "userfault",
				scn_canon_userfault },
	[SCN_CMP_SVM] = { "svm", "SVM state", "svm", scn_canon_svm },
};

/* kinds not compared: their view is not traced (scn_view_set_features) */
static bool scn_untraced[SCN_NR_CMP];

bool scn_view_compared(int kind)
{
	return !scn_untraced[kind];
}

int scn_view_set_features(const char *env)
{
	bool traced[SCN_NR_CMP] = {};
	char buf[128], *tok, *save;
	int k;

	if (!env) {
		memset(scn_untraced, 0, sizeof(scn_untraced));
		return 0;
	}
	if (strlen(env) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, env);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		bool known = !strcmp(tok, "owners") || !strcmp(tok, "all");

		for (k = 0; k < SCN_NR_CMP; k++) {
			if (!scn_cmp_kinds[k].feature)
				continue;
			if (!strcmp(tok, "all") || !strcmp(tok, scn_cmp_kinds[k].feature)) {
				traced[k] = true;
				known = true;
			}
		}
		if (!known)
			return -EINVAL;
	}
	for (k = 0; k < SCN_NR_CMP; k++)
		scn_untraced[k] = scn_cmp_kinds[k].feature && !traced[k];
	return 0;
}

static int scn_view_add(struct scn_view *v, enum scn_cmp kind, const char *text)
{
	if (v->nr == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 16;
		struct scn_view_line *lines = realloc(v->lines, cap * sizeof(*lines));

		if (!lines)
			return -ENOMEM;
		v->lines = lines;
		v->cap = cap;
	}
	v->lines[v->nr].kind = kind;
	v->lines[v->nr].text = strdup(text);
	if (!v->lines[v->nr].text)
		return -ENOMEM;
	v->nr++;
	return 0;
}

static int scn_line_cmp(const void *pa, const void *pb)
{
	const struct scn_view_line *a = pa, *b = pb;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->text, b->text);
}

static void scn_view_sort(struct scn_view *v)
{
	if (v->nr)
		qsort(v->lines, v->nr, sizeof(*v->lines), scn_line_cmp);
}

/* One line of output; lines of no kind in the table are ignored. */
static int scn_view_parse_line(struct scn_view *v, const char *start, size_t len)
{
	char text[SCN_VIEW_LINE], canon[SCN_VIEW_LINE], *w[SCN_VIEW_WORDS], *tok;
	int n = 0, k;

	if (len >= sizeof(text))
		len = sizeof(text) - 1;
	memcpy(text, start, len);
	text[len] = '\0';
	if (!strncmp(text, "loss ", 5) && !v->loss) {
		v->loss = strdup(text);
		return v->loss ? 0 : -ENOMEM;
	}
	for (tok = strtok(text, " \t\r"); tok && n < SCN_VIEW_WORDS; tok = strtok(NULL, " \t\r"))
		w[n++] = tok;
	if (!n)
		return 0;
	for (k = 0; k < SCN_NR_CMP; k++) {
		if (strcmp(w[0], scn_cmp_kinds[k].word))
			continue;
		v->nr_kind[k]++;
		scn_cmp_kinds[k].canon(w, n, canon, sizeof(canon));
		return canon[0] ? scn_view_add(v, k, canon) : 0;
	}
	return 0;
}

/* Add the lines of @text to @v (zeroed, or from an earlier parse). */
int scn_view_parse(struct scn_view *v, const char *text, size_t len)
{
	const char *start = text, *nl;
	int ret;

	while (start < text + len) {
		nl = memchr(start, '\n', text + len - start);
		if (!nl)
			nl = text + len;
		ret = scn_view_parse_line(v, start, nl - start);
		if (ret)
			return ret;
		start = nl + 1;
	}
	scn_view_sort(v);
	return 0;
}

static struct scn_view_line *scn_view_find(const struct scn_view *v, enum scn_cmp kind,
					   const char *prefix)
{
	size_t i, len = strlen(prefix);

	for (i = 0; i < v->nr; i++)
		if (v->lines[i].kind == kind && !strncmp(v->lines[i].text, prefix, len))
			return &v->lines[i];
	return NULL;
}

static int scn_view_replace(struct scn_view_line *l, const char *text)
{
	char *t = strdup(text);

	if (!t)
		return -ENOMEM;
	free(l->text);
	l->text = t;
	return 0;
}

/*
 * Attaching late: wakeref cannot know the wakerefs held before it attached.
 * Take out of @v (the oracle now) those of @base (the oracle when wakeref
 * attached) that are still held.  The sim's "put DEV SITE" releases the
 * newest wakeref taken at SITE, so of CUR wakerefs held at a (device, site)
 * where BASE were held at attach, min(BASE, CUR) are from before.
 */
int scn_view_discount(struct scn_view *v, const struct scn_view *base)
{
	char dev[SCN_VIEW_NAME], fn[SCN_VIEW_NAME], key[SCN_VIEW_LINE], text[SCN_VIEW_LINE];
	unsigned long cur, before, count;
	struct scn_view_line *l, *d;
	size_t i, j;

	for (i = 0; i < base->nr; i++) {
		if (base->lines[i].kind != SCN_CMP_OWNER ||
		    sscanf(base->lines[i].text, "owner %255s %255s %lu", dev, fn, &before) != 3)
			continue;
		snprintf(key, sizeof(key), "owner %s %s ", dev, fn);
		l = scn_view_find(v, SCN_CMP_OWNER, key);
		if (!l || sscanf(l->text + strlen(key), "%lu", &cur) != 1)
			continue;
		if (before > cur)
			before = cur;
		snprintf(text, sizeof(text), "owner %s %s %lu", dev, fn, cur - before);
		if (scn_view_replace(l, text))
			return -ENOMEM;
		snprintf(key, sizeof(key), "device %s count=", dev);
		d = scn_view_find(v, SCN_CMP_DEVICE, key);
		if (!d || sscanf(d->text + strlen(key), "%lu", &count) != 1)
			continue;
		snprintf(text, sizeof(text), "device %s count=%lu", dev,
			 count > before ? count - before : 0);
		if (scn_view_replace(d, text))
			return -ENOMEM;
	}
	/* drop what went to 0 */
	for (i = j = 0; i < v->nr; i++) {
		const char *t = v->lines[i].text;
		size_t len = strlen(t);

		if ((v->lines[i].kind == SCN_CMP_OWNER && len > 2 && !strcmp(t + len - 2, " 0")) ||
		    (v->lines[i].kind == SCN_CMP_DEVICE && len > 8 &&
		     !strcmp(t + len - 8, " count=0"))) {
			free(v->lines[i].text);
			continue;
		}
		v->lines[j++] = v->lines[i];
	}
	v->nr = j;
	scn_view_sort(v);
	return 0;
}

/* Lines that differ only in their last word (a count) are shown as a pair. */
static bool scn_same_key(const struct scn_view_line *a, const struct scn_view_line *b)
{
	const char *ka = strrchr(a->text, ' '), *kb = strrchr(b->text, ' ');

	return a->kind == b->kind && ka && kb && ka - a->text == kb - b->text &&
	       !strncmp(a->text, b->text, ka - a->text);
}

static void scn_diff_line(FILE *diff, bool oracle, const struct scn_view_line *l)
{
	if (diff)
		fprintf(diff, "  %s %s\n", oracle ? "- oracle: " : "+ wakeref:", l->text);
}

/*
 * Compare, kind by kind; print each difference to @diff (if not NULL) as
 * "  - oracle:  LINE" or "  + wakeref: LINE", the two sides of one key (a
 * device, a device and function) next to each other.  Returns the number
 * of lines that differ.
 */
size_t scn_view_compare(const struct scn_view *oracle, const struct scn_view *wakeref,
			FILE *diff)
{
	size_t i = 0, j = 0, nr_diff = 0;
	int c;

	while (i < oracle->nr || j < wakeref->nr) {
		const struct scn_view_line *a = i < oracle->nr ? &oracle->lines[i] : NULL;
		const struct scn_view_line *b = j < wakeref->nr ? &wakeref->lines[j] : NULL;
		enum scn_cmp kind;

		if (!a)
			c = 1;
		else if (!b)
			c = -1;
		else
			c = scn_line_cmp(a, b);
		if (c == 0) {
			i++;
			j++;
			continue;
		}
		kind = c < 0 ? a->kind : b->kind;
		if (a && b && scn_same_key(a, b))
			c = 0;		/* both: the pair */
		i += c <= 0;
		j += c >= 0;
		/* a view wakeref does not trace is not compared; a traced one is */
		if (scn_untraced[kind])
			continue;
		if (c <= 0) {
			scn_diff_line(diff, true, a);
			nr_diff++;
		}
		if (c >= 0) {
			scn_diff_line(diff, false, b);
			nr_diff++;
		}
	}
	return nr_diff;
}

void scn_view_print(const struct scn_view *v, const char *prefix, FILE *out)
{
	size_t i;

	for (i = 0; i < v->nr; i++)
		fprintf(out, "%s%s\n", prefix, v->lines[i].text);
	if (!v->nr)
		fprintf(out, "%s(nothing held)\n", prefix);
}

void scn_view_free(struct scn_view *v)
{
	size_t i;

	for (i = 0; i < v->nr; i++)
		free(v->lines[i].text);
	free(v->lines);
	free(v->loss);
	memset(v, 0, sizeof(*v));
}

/*
 * The report of snapshot @n in wakeref's output @buf: the lines between
 * "=== wakeref snapshot N" and "=== end of snapshot N".  Returns its start
 * and sets *@block_len, and *@end to the offset just past the end marker;
 * NULL while the end marker is not there yet.
 */
const char *scn_snapshot_find(const char *buf, size_t len, unsigned int n, size_t *block_len,
			      size_t *end)
{
	char begin_mark[64], end_mark[64];
	const char *p = buf, *start = NULL, *nl;
	size_t blen, elen;

	blen = snprintf(begin_mark, sizeof(begin_mark), "=== wakeref snapshot %u", n);
	elen = snprintf(end_mark, sizeof(end_mark), "=== end of snapshot %u", n);
	while (p < buf + len) {
		nl = memchr(p, '\n', buf + len - p);
		if (!nl)
			return NULL;	/* a line still being written */
		if (!start && (size_t)(nl - p) == blen && !memcmp(p, begin_mark, blen)) {
			start = nl + 1;
		} else if (start && (size_t)(nl - p) == elen && !memcmp(p, end_mark, elen)) {
			*block_len = p - start;
			*end = nl + 1 - buf;
			return start;
		}
		p = nl + 1;
	}
	return NULL;
}
