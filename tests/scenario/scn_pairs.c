// SPDX-License-Identifier: GPL-2.0
/*
 * scn_pairs.c - wakeref's pairs judged by the oracle's: for every put the
 * driver made while wakeref traced, did wakeref end the get the driver
 * ended?
 *
 * The oracle (debugfs "pairs", tests/sim/sim_oracle_pairs.c) lists
 *   pair DEV GET_NS PUT_NS FUNC KIND GET_CPU PUT_CPU   every record a put ended
 *   held DEV GET_NS FUNC KIND GET_CPU                  every record still held
 * and wakeref (-f owners, userspace/output/report_pairs.c)
 *   pair DEV GET_NS PUT_NS FUNC KIND PAIRING GET_CPU PUT_CPU
 *   pair DEV - PUT_NS - KIND unmatched - PUT_CPU     (a reference from before tracing)
 * both in CLOCK_MONOTONIC ns.  wakeref stamps a put at the entry point's
 * fentry, the oracle as the entry point's body starts: the same put is
 * wakeref's latest put on the device and CPU at or before the oracle's
 * (each used once; the CPU keeps a put made meanwhile elsewhere, as the G2H
 * worker's beside the IRQ's, out).  wakeref stamps a get at fexit, the
 * oracle just before the entry point returns: the get wakeref's put ended
 * is the oracle's latest get on the device and CPU at or before wakeref's
 * stamp of it.  A pair is right when that is the oracle's get, with the
 * same owning function and kind.
 *
 * Only puts wakeref could see are judged: after it was ready, before it was
 * stopped, and before its history was cut.  A put of a get taken before
 * wakeref started must be "unmatched"; one of a get taken while it was
 * starting is not judged.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "scn.h"

#define SCN_PAIR_WORDS		32
#define SCN_PAIR_LINE		512
/* a stamp further than this from its event's is not that event's */
#define SCN_PAIR_SLACK_NS	(100ull * 1000 * 1000)

/* a CPU number, or -1 for "-" or anything else */
static int scn_cpu(const char *w)
{
	char *end;
	long v = strtol(w, &end, 10);

	return *w >= '0' && *w <= '9' && !*end && v < 4096 ? (int)v : -1;
}

/* the same CPU, or one side does not know */
static bool scn_same_cpu(int a, int b)
{
	return a < 0 || b < 0 || a == b;
}

static int scn_pairs_add(struct scn_pair **v, size_t *nr, size_t *cap, char **w, int nw,
			 bool held)
{
	struct scn_pair *p;
	char *end;

	if (*nr == *cap) {
		size_t c = *cap ? 2 * *cap : 64;
		struct scn_pair *n = realloc(*v, c * sizeof(*n));

		if (!n)
			return -ENOMEM;
		*v = n;
		*cap = c;
	}
	p = &(*v)[*nr];
	memset(p, 0, sizeof(*p));
	snprintf(p->dev, sizeof(p->dev), "%s", w[1]);
	p->get_cpu = p->put_cpu = -1;
	if (held) {
		/* held DEV GET_NS FUNC KIND GET_CPU */
		if (nw != 6)
			return -EINVAL;
		p->get_ns = strtoull(w[2], &end, 10);
		snprintf(p->func, sizeof(p->func), "%s", w[3]);
		snprintf(p->kind, sizeof(p->kind), "%s", w[4]);
		p->get_cpu = scn_cpu(w[5]);
		(*nr)++;
		return *end ? -EINVAL : 0;
	}
	/* oracle: pair DEV GET_NS PUT_NS FUNC KIND GET_CPU PUT_CPU (8 words);
	 * wakeref: the pairing before the CPUs (9) */
	if (nw != 8 && nw != 9)
		return -EINVAL;
	p->unmatched = nw == 9 && !strcmp(w[6], "unmatched");
	p->get_ns = p->unmatched ? 0 : strtoull(w[2], &end, 10);
	if (!p->unmatched && *end)
		return -EINVAL;
	p->put_ns = strtoull(w[3], &end, 10);
	if (*end)
		return -EINVAL;
	snprintf(p->func, sizeof(p->func), "%s", w[4]);
	snprintf(p->kind, sizeof(p->kind), "%s", w[5]);
	snprintf(p->pairing, sizeof(p->pairing), "%s", nw == 9 ? w[6] : "");
	p->get_cpu = scn_cpu(w[nw - 2]);
	p->put_cpu = scn_cpu(w[nw - 1]);
	(*nr)++;
	return 0;
}

/* "key=N" among the words: N, or 0 */
static uint64_t scn_word_u64(char **w, int nw, const char *key)
{
	size_t len = strlen(key);
	int i;

	for (i = 1; i < nw; i++)
		if (!strncmp(w[i], key, len) && w[i][len] == '=')
			return strtoull(w[i] + len + 1, NULL, 10);
	return 0;
}

static int scn_pairs_line(struct scn_pairs *ps, char *text)
{
	char *w[SCN_PAIR_WORDS + 1], *tok;
	int nw = 0;

	for (tok = strtok(text, " \t\r"); tok && nw <= SCN_PAIR_WORDS; tok = strtok(NULL, " \t\r"))
		w[nw++] = tok;
	if (!nw)
		return 0;
	if (!strcmp(w[0], "pair") && nw >= 2)
		return scn_pairs_add(&ps->v, &ps->nr, &ps->cap, w, nw, false);
	if (!strcmp(w[0], "held") && nw >= 2)
		return scn_pairs_add(&ps->held, &ps->nr_held, &ps->cap_held, w, nw, true);
	if (!strcmp(w[0], "pairs")) {
		ps->seen = true;
		ps->cut += scn_word_u64(w, nw, "cut");
	} else if (!strcmp(w[0], "device")) {
		ps->fallback += scn_word_u64(w, nw, "fallback_puts");
		ps->diverged += scn_word_u64(w, nw, "diverged") != 0;
	} else if (!strcmp(w[0], "loss")) {
		/* kprobe_misses=unreported (before 6.7) counts as none */
		ps->losses += scn_word_u64(w, nw, "ringbuf_drops") +
			      scn_word_u64(w, nw, "recursion_misses") +
			      scn_word_u64(w, nw, "stack_errors") +
			      scn_word_u64(w, nw, "kprobe_misses");
	}
	return 0;
}

/*
 * The pair, held, pairs, device and loss lines of either side's output
 * (other lines are skipped); -EINVAL for a malformed pair or held line.
 */
int scn_pairs_parse(struct scn_pairs *ps, const char *text, size_t len)
{
	const char *start = text, *nl;
	char line[SCN_PAIR_LINE];
	int ret;

	while (start < text + len) {
		nl = memchr(start, '\n', text + len - start);
		if (!nl)
			nl = text + len;
		if ((size_t)(nl - start) < sizeof(line)) {
			memcpy(line, start, nl - start);
			line[nl - start] = '\0';
			ret = scn_pairs_line(ps, line);
			if (ret)
				return ret;
		}
		start = nl + 1;
	}
	return 0;
}

void scn_pairs_free(struct scn_pairs *ps)
{
	free(ps->v);
	free(ps->held);
	memset(ps, 0, sizeof(*ps));
}

/* wakeref's put for the oracle's @o: its latest unused one at or before, near enough */
static struct scn_pair *scn_match_put(struct scn_pairs *w, const struct scn_pair *o)
{
	struct scn_pair *best = NULL;
	size_t i;

	for (i = 0; i < w->nr; i++) {
		struct scn_pair *p = &w->v[i];

		if (p->used || strcmp(p->dev, o->dev) || p->put_ns > o->put_ns ||
		    o->put_ns - p->put_ns > SCN_PAIR_SLACK_NS ||
		    !scn_same_cpu(p->put_cpu, o->put_cpu))
			continue;
		if (!best || p->put_ns > best->put_ns)
			best = p;
	}
	return best;
}

/* The oracle's get that wakeref stamped for @w: its latest at or before, on that CPU. */
static uint64_t scn_oracle_get(const struct scn_pairs *o, const struct scn_pair *w)
{
	uint64_t best = 0;
	size_t i;

	for (i = 0; i < o->nr + o->nr_held; i++) {
		const struct scn_pair *p = i < o->nr ? &o->v[i] : &o->held[i - o->nr];

		if (strcmp(p->dev, w->dev) || p->get_ns > w->get_ns ||
		    w->get_ns - p->get_ns > SCN_PAIR_SLACK_NS ||
		    !scn_same_cpu(p->get_cpu, w->get_cpu))
			continue;
		if (p->get_ns > best)
			best = p->get_ns;
	}
	return best;
}

static void scn_pairs_why(FILE *why, unsigned long *nr_why, const struct scn_pair *o,
			  const struct scn_pair *w, const char *what)
{
	if (!why || ++*nr_why > SCN_MAX_WRONG_SHOWN)
		return;
	fprintf(why, "  wrong pair: %s put at %" PRIu64 " ended %s %s get at %" PRIu64, o->dev,
		o->put_ns, o->func, o->kind, o->get_ns);
	if (!w)
		fprintf(why, "; wakeref: %s\n", what);
	else if (w->unmatched)
		fprintf(why, "; wakeref: an unmatched put (%s)\n", what);
	else
		fprintf(why, "; wakeref: %s %s get at %" PRIu64 ", %s (%s)\n", w->func, w->kind,
			w->get_ns, w->pairing, what);
}

/*
 * Judge wakeref's pairs @w by the oracle's @o within @win; add to @res.
 * Each wrong pair is said on @why (if not NULL), the first
 * SCN_MAX_WRONG_SHOWN of them.
 */
void scn_pairs_judge(const struct scn_pairs *o, struct scn_pairs *w, const struct scn_window *win,
		     struct scn_pair_result *res, FILE *why)
{
	uint64_t last_kept = 0;
	unsigned long nr_why = 0;
	size_t i;

	for (i = 0; i < w->nr; i++) {
		w->v[i].used = false;
		if (w->v[i].put_ns > last_kept)
			last_kept = w->v[i].put_ns;
	}
	res->fallback += w->fallback;
	res->diverged += w->diverged;
	res->losses += w->losses;
	res->cut += o->cut + w->cut;
	/* the oracle's puts are in the order they happened, per device */
	for (i = 0; i < o->nr; i++) {
		const struct scn_pair *op = &o->v[i];
		struct scn_pair *wp;
		uint64_t got;

		if (op->put_ns < win->ready_ns || op->put_ns >= win->stop_ns)
			continue;
		wp = scn_match_put(w, op);
		/* past wakeref's history: its put may be one it did not keep */
		if (w->cut && !wp && op->put_ns > last_kept)
			continue;
		if (wp)
			wp->used = true;
		if (op->get_ns >= win->start_ns && op->get_ns < win->ready_ns) {
			res->not_judged++;	/* taken while wakeref was starting */
			continue;
		}
		res->puts++;
		if (!wp) {
			scn_pairs_why(why, &nr_why, op, NULL, "no put seen");
			continue;
		}
		res->compared++;
		if (!strcmp(wp->kind, op->kind))
			res->kinds++;
		if (op->get_ns < win->start_ns) {
			if (wp->unmatched)
				res->right++;
			else
				scn_pairs_why(why, &nr_why, op, wp,
					      "the get was taken before wakeref started");
			continue;
		}
		if (wp->unmatched) {
			scn_pairs_why(why, &nr_why, op, wp, "a traced get");
			continue;
		}
		got = scn_oracle_get(o, wp);
		if (got == op->get_ns && !strcmp(wp->func, op->func) && !strcmp(wp->kind, op->kind))
			res->right++;
		else
			scn_pairs_why(why, &nr_why, op, wp,
				      got != op->get_ns ? "another get" :
				      strcmp(wp->kind, op->kind) ? "another kind" :
				      "another owner");
	}
	if (why && nr_why > SCN_MAX_WRONG_SHOWN)
		fprintf(why, "  ... %lu more wrong pairs\n", nr_why - SCN_MAX_WRONG_SHOWN);
}

/* "pairs: R right / P puts (A%)" and the rest of the verdict line, into @buf */
void scn_pairs_summary(const struct scn_pair_result *res, char *buf, size_t size)
{
	size_t len;

	len = snprintf(buf, size, "pairs: %lu right / %lu puts", res->right, res->puts);
	if (res->puts && len < size)
		len += snprintf(buf + len, size - len, " (%.1f%%)", 100.0 * res->right / res->puts);
	if (len < size)
		len += snprintf(buf + len, size - len, ", kinds: %lu agree / %lu", res->kinds,
				res->compared);
	if (len < size)
		len += snprintf(buf + len, size - len,
				", fallback puts %lu, divergence %lu, losses %lu", res->fallback,
				res->diverged, res->losses);
	if (res->not_judged && len < size)
		len += snprintf(buf + len, size - len, ", %lu taken while wakeref started",
				res->not_judged);
	if (res->cut && len < size)
		snprintf(buf + len, size - len, ", %" PRIu64 " cut from the histories", res->cut);
}

/* What @exp allows, against @res: NULL if the scenario passes, else why not. */
const char *scn_pairs_verdict(const struct scn_pair_result *res, const struct scn_expect *exp,
			      char *buf, size_t size)
{
	double acc = res->puts ? 100.0 * res->right / res->puts : 100.0;

	if (acc < exp->min_accuracy) {
		snprintf(buf, size, "pairing accuracy %.1f%% is below %g%%%s", acc,
			 exp->min_accuracy, exp->accuracy_line ? " (expect)" : "");
		return buf;
	}
	if (res->fallback && !exp->fallback)
		return "wakeref fell back to guessing (fallback puts; say 'expect fallback' if that is known)";
	if (res->diverged && !exp->divergence)
		return "wakeref's owners diverged from the driver's count (say 'expect divergence' if that is known)";
	if (res->losses && !exp->loss)
		return "wakeref lost events (say 'expect loss' if that is known)";
	return NULL;
}
