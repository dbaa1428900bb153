// SPDX-License-Identifier: GPL-2.0
/*
 * scn_run.c - run a planned scenario in the guest and judge wakeref by the
 * oracle at every checkpoint and when it detaches:
 *
 *   checkpoint NAME (FILE:LINE): agree
 *   checkpoint NAME (FILE:LINE): DIFFER
 *     - oracle:  owner wakeref-sim-i915.0 sim_leaky_path 2
 *     + wakeref: owner wakeref-sim-i915.0 sim_leaky_path 1
 *
 * A checkpoint reads the oracle, asks wakeref for a snapshot, and reads the
 * oracle again: if the oracle moved meanwhile (asynchronous work in the
 * sim), it tries again, up to SCN_SETTLE_TRIES times.  When wakeref attached
 * late, the wakerefs held at that moment are taken out of the oracle's view
 * (scn_view_discount()).  The first failing operation stops the scenario;
 * its user processes are killed, wakeref is stopped and the sim unloaded
 * anyway.
 *
 * At every detach, wakeref's pairs (which get each put ended) are judged by
 * the oracle's (scn_pairs.c), for the puts made while it traced; at the end
 * the scenario says
 *
 *   FILE: pairs: R right / P puts (A%), kinds: K agree / C, fallback puts F, ...
 *
 * and fails unless what its "expect" lines allow holds (scn_pairs_verdict()).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scn_guest.h"

#define SCN_SETTLE_TRIES	5
#define SCN_SETTLE_MS		100

struct scn_runner {
	struct scn *s;
	const struct scn_run_opts *opts;
	struct scn_sim sim;
	struct scn_child child;
	struct scn_proc *procs;		/* by slot (scn.slots) */
	bool attached;
	struct scn_view base;		/* the oracle when wakeref attached */
	struct scn_window win;		/* when the attached wakeref traced */
	struct scn_pair_result pairs;	/* over every attach */
	unsigned int nr_judged;		/* detaches whose pairs were judged */
	/* where we are in repeat blocks, for the verdict lines */
	unsigned long iter[SCN_MAX_DEPTH], iter_of[SCN_MAX_DEPTH];
	unsigned int depth;
	unsigned long nr_driver_ops, nr_user_cmds;
	unsigned int nr_checkpoints, nr_differ;
	bool failed;
	double attach_s;
};

static double scn_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CLOCK_MONOTONIC in ns: the clock of the sim's and wakeref's stamps */
static uint64_t scn_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void scn_sleep_us(uint64_t us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* "FILE:LINE", "FILE:end", "FILE:start", plus the repeat iterations */
static void scn_where(const struct scn_runner *r, const struct scn_op *op, char *buf,
		      size_t size)
{
	size_t len;
	unsigned int i;

	if (op->line == 0)
		len = snprintf(buf, size, "%s:start", r->s->file);
	else if (op->line > r->s->nr_lines)
		len = snprintf(buf, size, "%s:end", r->s->file);
	else
		len = snprintf(buf, size, "%s:%u", r->s->file, op->line);
	for (i = 0; i < r->depth && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%lu/%lu", i ? " " : ", repeat ",
				r->iter[i], r->iter_of[i]);
}

static void scn_fail(struct scn_runner *r, const struct scn_op *op, const char *what,
		     const char *err)
{
	char where[128];

	scn_where(r, op, where, sizeof(where));
	printf("FAIL: %s: %s%s%s\n", where, what, err[0] ? ": " : "", err);
	r->failed = true;
}

/* Parse the oracle's owners file now into @v. */
static int scn_read_oracle(struct scn_view *v, char *err)
{
	size_t len;
	char *text = scn_sim_owners(&len, err);
	int ret;

	memset(v, 0, sizeof(*v));
	if (!text)
		return -EIO;
	ret = scn_view_parse(v, text, len);
	free(text);
	if (ret)
		snprintf(err, SCN_ERR_LEN, "out of memory");
	return ret;
}

/* Wakerefs in @v (owner lines): what attaching late leaves out of the oracle's view. */
static size_t scn_nr_held(const struct scn_view *v)
{
	size_t i, n = 0;

	for (i = 0; i < v->nr; i++)
		n += v->lines[i].kind == SCN_CMP_OWNER;
	return n;
}

/* Compare and print the verdict; @oracle is discounted by the attach baseline. */
static int scn_verdict(struct scn_runner *r, const struct scn_op *op, const char *name,
		       struct scn_view *oracle, struct scn_view *wakeref)
{
	char where[128];
	size_t nr;

	if (scn_view_discount(oracle, &r->base))
		return -ENOMEM;
	scn_where(r, op, where, sizeof(where));
	r->nr_checkpoints++;
	nr = scn_view_compare(oracle, wakeref, NULL);
	printf("checkpoint %s%s(%s): %s\n", name ? name : "", name ? " " : "", where,
	       nr ? "DIFFER" : "agree");
	if (nr) {
		r->nr_differ++;
		scn_view_compare(oracle, wakeref, stdout);
		if (wakeref->loss)
			printf("  (wakeref: %s)\n", wakeref->loss);
	}
	if (r->opts->verbose) {
		printf("  oracle%s:\n",
		       scn_nr_held(&r->base) ? ", less what was held at attach" : "");
		scn_view_print(oracle, "    ", stdout);
		printf("  wakeref:\n");
		scn_view_print(wakeref, "    ", stdout);
	}
	fflush(stdout);
	return 0;
}

static int scn_checkpoint(struct scn_runner *r, const struct scn_op *op)
{
	struct scn_view before = {}, after = {}, seen = {};
	char err[SCN_ERR_LEN] = "", *text = NULL;
	const char *name = op->argc ? op->argv[0] : NULL;
	size_t len;
	int try, ret;

	for (try = 0; try < SCN_SETTLE_TRIES; try++) {
		scn_view_free(&before);
		scn_view_free(&after);
		scn_view_free(&seen);
		free(text);
		text = NULL;
		ret = scn_read_oracle(&before, err);
		if (!ret)
			ret = scn_child_snapshot(&r->child, &text, &len, err);
		if (!ret)
			ret = scn_read_oracle(&after, err);
		if (!ret && scn_view_parse(&seen, text, len)) {
			snprintf(err, SCN_ERR_LEN, "out of memory");
			ret = -ENOMEM;
		}
		if (ret)
			break;
		if (!scn_view_compare(&before, &after, NULL))
			break;
		if (try + 1 == SCN_SETTLE_TRIES)
			printf("  (the oracle kept changing during the checkpoint: asynchronous work still running?)\n");
		else
			scn_sleep_us(SCN_SETTLE_MS * 1000);
	}
	if (!ret && scn_verdict(r, op, name, &after, &seen)) {
		snprintf(err, SCN_ERR_LEN, "out of memory");
		ret = -ENOMEM;
	}
	if (ret)
		scn_fail(r, op, "checkpoint", err);
	scn_view_free(&before);
	scn_view_free(&after);
	scn_view_free(&seen);
	free(text);
	return ret;
}

static int scn_attach(struct scn_runner *r, const struct scn_op *op)
{
	char err[SCN_ERR_LEN] = "";
	double t = scn_now();

	scn_view_free(&r->base);
	r->win.start_ns = scn_now_ns();
	if (scn_read_oracle(&r->base, err) ||
	    scn_child_start(&r->child, r->opts->wakeref, op->argv, op->argc, err)) {
		scn_fail(r, op, "attach", err);
		return -EIO;
	}
	r->win.ready_ns = scn_now_ns();
	r->attached = true;
	r->attach_s += scn_now() - t;
	if (scn_nr_held(&r->base) && r->opts->verbose) {
		size_t i;

		printf("  held when wakeref attached (left out of the oracle's view):\n");
		for (i = 0; i < r->base.nr; i++)
			if (r->base.lines[i].kind == SCN_CMP_OWNER ||
			    r->base.lines[i].kind == SCN_CMP_DEVICE)
				printf("    %s\n", r->base.lines[i].text);
	}
	return 0;
}

/*
 * wakeref's pairs in its final report @text, judged by the oracle's for the
 * puts made while it traced; the wrong ones are said, the counts added up.
 */
static int scn_judge_pairs(struct scn_runner *r, const char *text, size_t len, char *err)
{
	struct scn_pairs oracle = {}, seen = {};
	size_t olen = 0;
	char *otext;
	int ret = -EIO;

	otext = scn_sim_file("pairs", &olen, err);
	if (!otext)
		return -EIO;
	if (scn_pairs_parse(&oracle, otext, olen)) {
		snprintf(err, SCN_ERR_LEN, "the oracle's pairs file has a malformed line");
		goto out;
	}
	if (scn_pairs_parse(&seen, text, len)) {
		snprintf(err, SCN_ERR_LEN, "wakeref's report has a malformed pair line");
		goto out;
	}
	if (!seen.seen) {
		snprintf(err, SCN_ERR_LEN, "wakeref's report has no 'pairs' line");
		goto out;
	}
	scn_pairs_judge(&oracle, &seen, &r->win, &r->pairs, stdout);
	r->nr_judged++;
	ret = 0;
out:
	scn_pairs_free(&oracle);
	scn_pairs_free(&seen);
	free(otext);
	return ret;
}

/* Stop wakeref and judge its final report ("checkpoint final") and its pairs. */
static int scn_detach(struct scn_runner *r, const struct scn_op *op)
{
	struct scn_view oracle = {}, seen = {};
	char err[SCN_ERR_LEN] = "", *text = NULL;
	size_t len = 0;
	int ret;

	ret = scn_read_oracle(&oracle, err);
	r->attached = false;
	if (ret) {
		scn_child_kill(&r->child);
		goto out;
	}
	/* judged even when wakeref exits with an error: it may say why */
	r->win.stop_ns = scn_now_ns();
	ret = scn_child_stop(&r->child, &text, &len, err);
	if (text && (scn_view_parse(&seen, text, len) ||
		     scn_verdict(r, op, "final", &oracle, &seen))) {
		snprintf(err, SCN_ERR_LEN, "out of memory");
		ret = -ENOMEM;
	}
	if (!ret && text)
		ret = scn_judge_pairs(r, text, len, err);
out:
	if (ret)
		scn_fail(r, op, "detach", err);
	scn_view_free(&oracle);
	scn_view_free(&seen);
	free(text);
	return ret;
}

/* "sleep MS" keeps the process from answering that long */
static unsigned int scn_user_cmd_ms(const struct scn_op *op)
{
	return op->argc == 3 && !strcmp(op->argv[1], "sleep") ? strtoul(op->argv[2], NULL, 0) : 0;
}

/* user, user_cmd, user_exit: the sim's user processes (scn_proc.c) */
static int scn_user_op(struct scn_runner *r, const struct scn_op *op)
{
	struct scn_proc *p = &r->procs[op->slot];
	char err[SCN_ERR_LEN] = "", *reply = NULL;
	int ret;

	scn_kmsg_mark(&r->sim);
	switch (op->kind) {
	case SCN_USER:
		ret = scn_proc_start(p, r->opts->simuser, op->user_argv, &reply, err);
		break;
	case SCN_USER_CMD:
		r->nr_user_cmds++;
		ret = scn_proc_cmd(p, op->send, scn_user_cmd_ms(op), &reply, err);
		break;
	default:
		ret = scn_proc_exit(p, op->kill, err);
		break;
	}
	if (r->opts->verbose && reply)
		printf("    %s: %s\n", p->name, reply);
	free(reply);
	if (ret) {
		/* the sim's reason for an ioctl or a fault it refused */
		scn_kmsg_quote(&r->sim, err);
		scn_fail(r, op, op->text, err);
	}
	return ret;
}

static int scn_exec(struct scn_runner *r, size_t from, size_t to);

static int scn_exec_op(struct scn_runner *r, size_t *i)
{
	const struct scn_op *op = &r->s->ops[*i];
	char err[SCN_ERR_LEN] = "";
	unsigned long k;
	int ret = 0;

	if (r->opts->verbose && op->kind != SCN_END) {
		char where[128];

		scn_where(r, op, where, sizeof(where));
		printf("  %s: %s%s\n", where, op->text, op->implicit ? " (implicit)" : "");
		fflush(stdout);
	}
	switch (op->kind) {
	case SCN_DRIVER:
		r->nr_driver_ops++;
		ret = scn_sim_ctl(&r->sim, op->text, err);
		if (ret)
			scn_fail(r, op, op->text, err);
		break;
	case SCN_SLEEP:
		scn_sleep_us(op->usec);
		break;
	case SCN_CHECKPOINT:
		ret = scn_checkpoint(r, op);
		break;
	case SCN_REPEAT:
		r->iter_of[r->depth] = op->count;
		r->depth++;
		for (k = 1; k <= op->count && !ret; k++) {
			r->iter[r->depth - 1] = k;
			ret = scn_exec(r, *i + 1, op->match);
		}
		r->depth--;
		*i = op->match;
		break;
	case SCN_END:
		break;
	case SCN_LOAD:
		ret = scn_sim_load(&r->sim, op->argv, op->argc, err);
		if (ret)
			scn_fail(r, op, "load", err);
		break;
	case SCN_UNLOAD:
		ret = scn_sim_unload(&r->sim, err);
		if (ret)
			scn_fail(r, op, "unload", err);
		break;
	case SCN_ATTACH:
		ret = scn_attach(r, op);
		break;
	case SCN_DETACH:
		ret = scn_detach(r, op);
		break;
	case SCN_USER:
	case SCN_USER_CMD:
	case SCN_USER_EXIT:
		ret = scn_user_op(r, op);
		break;
	}
	return ret;
}

static int scn_exec(struct scn_runner *r, size_t from, size_t to)
{
	size_t i;
	int ret;

	for (i = from; i < to; i++) {
		ret = scn_exec_op(r, &i);
		if (ret)
			return ret;
	}
	return 0;
}

/* After a failure: kill the user processes, stop wakeref, unload the sim, without verdicts. */
static void scn_cleanup(struct scn_runner *r)
{
	char err[SCN_ERR_LEN] = "";
	unsigned int i;

	for (i = 0; r->procs && i < r->s->nr_slots; i++)
		scn_proc_kill(&r->procs[i]);
	if (r->attached)
		scn_child_kill(&r->child);
	r->attached = false;
	if (r->sim.loaded && scn_sim_unload(&r->sim, err))
		printf("FAIL: %s: cleanup: %s\n", r->s->file, err);
}

/* Run @s (parsed and planned); 0 iff nothing failed and every checkpoint agreed. */
int scn_run(struct scn *s, const struct scn_run_opts *opts)
{
	struct scn_runner r = { .s = s, .opts = opts };
	double t0 = scn_now(), elapsed;
	char user[64] = "", summary[512], why[256];
	const char *bad;
	unsigned int i;

	scn_sim_init(&r.sim, opts->sim_ko);
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* a user process that died must not kill the runner writing to it */
	signal(SIGPIPE, SIG_IGN);
	r.procs = calloc(s->nr_slots + 1, sizeof(*r.procs));
	if (!r.procs) {
		printf("FAIL: %s: out of memory\n", s->file);
		return 1;
	}
	/* the views wakeref traces are compared, line for line, even when it prints none */
	if (scn_view_set_features(getenv("WAKEREF_FEATURES"))) {
		printf("FAIL: %s: bad WAKEREF_FEATURES '%s'\n", s->file, getenv("WAKEREF_FEATURES"));
		free(r.procs);
		return 1;
	}
	for (i = 0; i < SCN_NR_CMP; i++)
		if (scn_cmp_kinds[i].feature && !scn_view_compared(i))
			printf("(%s lines not compared: WAKEREF_FEATURES=%s does not trace %s)\n",
			       scn_cmp_kinds[i].word, getenv("WAKEREF_FEATURES"),
			       scn_cmp_kinds[i].feature);
	for (i = 0; i < s->nr_slots; i++)
		scn_proc_init(&r.procs[i], s->slots[i]);
	scn_exec(&r, 0, s->nr_ops);
	scn_cleanup(&r);
	scn_view_free(&r.base);
	free(r.procs);

	elapsed = scn_now() - t0;
	scn_pairs_summary(&r.pairs, summary, sizeof(summary));
	printf("%s: %s\n", s->file, summary);
	bad = scn_pairs_verdict(&r.pairs, &s->expect, why, sizeof(why));
	if (r.nr_user_cmds)
		snprintf(user, sizeof(user), ", %lu user process command%s", r.nr_user_cmds,
			 r.nr_user_cmds == 1 ? "" : "s");
	if (r.nr_differ) {
		printf("FAIL: %s: %u of %u checkpoints DIFFER%s (%lu driver operations%s, %.1f s)\n",
		       s->file, r.nr_differ, r.nr_checkpoints,
		       r.failed ? ", and an operation failed (above)" : "", r.nr_driver_ops,
		       user, elapsed);
		return 1;
	}
	if (r.failed) {
		printf("FAIL: %s: stopped by the failure above; the %u checkpoints before it agree (%lu driver operations%s, %.1f s)\n",
		       s->file, r.nr_checkpoints, r.nr_driver_ops, user, elapsed);
		return 1;
	}
	if (bad) {
		printf("FAIL: %s: all %u checkpoints agree, but %s\n", s->file, r.nr_checkpoints,
		       bad);
		return 1;
	}
	printf("%s: all %u checkpoints agree (%lu driver operations%s, %.1f s, attaching %.1f s)\n",
	       s->file, r.nr_checkpoints, r.nr_driver_ops, user, elapsed, r.attach_s);
	return 0;
}
