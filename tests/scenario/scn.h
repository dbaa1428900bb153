/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scn.h - the scenario language of the simulated driver (tests/scenarios/,
 * described in tests/scenarios/README.md).
 *
 *   scn_ops.c      the table of driver operations (sim ctl commands), of
 *                  the sim's module parameters and of the user process's
 *                  commands: what a line may say
 *   scn_parse.c    a file into a list of operations, with FILE:LINE errors
 *   scn_plan.c     the implicit load/attach/detach/unload, and their order
 *   scn_view.c     wakeref's and the oracle's views, and their comparison
 *   scn_pairs.c    wakeref's pairs (which get each put ended) judged by the
 *                  oracle's, and the scenario's expectations of them
 *   scn_sim.c      guest side: load/unload the sim, write ctl, read the oracle
 *   scn_child.c    guest side: `wakeref trace -f owners` as a child process
 *   scn_proc.c     guest side: the sim's user processes (wakeref-simuser)
 *   scn_run.c      guest side: run a planned scenario, print the verdicts
 *   scn_main.c     wakeref-scn check|run
 *
 * The first four do no I/O but reading the scenario file, and are what the
 * host unit tests link.
 */
#ifndef WAKEREF_SCN_H
#define WAKEREF_SCN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SCN_MAX_WORDS		16	/* words in a line, the operation included */
#define SCN_MAX_LINE		1000	/* characters in a line */
#define SCN_MAX_DEPTH		8	/* nested repeat blocks */
#define SCN_MAX_REPEAT		1000000
#define SCN_MAX_SLEEP_US	(600ull * 1000000)
#define SCN_MAX_FILE		(1 << 20)
#define SCN_MAX_ERRORS		20	/* reported per file; more are counted */
#define SCN_MAX_SLOT		32	/* characters in a user process's name */
#define SCN_MAX_PROCS		16	/* user processes alive at once */

enum scn_kind {
	SCN_DRIVER,		/* a sim ctl command, written as is to ctl */
	SCN_SLEEP,
	SCN_CHECKPOINT,
	SCN_REPEAT,
	SCN_END,
	SCN_LOAD,
	SCN_UNLOAD,
	SCN_ATTACH,
	SCN_DETACH,
	SCN_USER,		/* start a user process (wakeref-simuser) */
	SCN_USER_CMD,		/* one command line to it */
	SCN_USER_EXIT,		/* close its stdin, or SIGKILL it; reap it */
};

/* What a user process maps, from its "user SLOT MODE ..." line. */
enum scn_user_mode {
	SCN_USER_GEM,		/* a GEM object / BO of a device node */
	SCN_USER_SVM,		/* anonymous memory bound to an xe GPU SVM */
};

struct scn_op {
	enum scn_kind kind;
	unsigned int line;	/* 1-based line of the file; see @implicit */
	bool implicit;		/* added by scn_plan() at @line, not written */
	char **argv;		/* the words after the first (NULL-terminated) */
	int argc;
	char *text;		/* all words, single-spaced: the ctl line for
				 * SCN_DRIVER, the name for SCN_CHECKPOINT */
	uint64_t usec;		/* SCN_SLEEP */
	unsigned long count;	/* SCN_REPEAT */
	size_t match;		/* SCN_REPEAT: index of its END, SCN_END: of its REPEAT */
	/* SCN_USER*: argv[0] is the process's name (its slot) */
	unsigned int slot;	/* index of that name in scn.slots */
	enum scn_user_mode mode;	/* SCN_USER */
	char **user_argv;	/* SCN_USER: wakeref-simuser's arguments, the
				 * device expanded to its node (NULL-terminated) */
	char *send;		/* SCN_USER_CMD: the line sent to the process */
	bool svm_only;		/* SCN_USER_CMD: a command of SVM processes only */
	bool kill;		/* SCN_USER_EXIT: SIGKILL instead of EOF */
};

/*
 * What a scenario allows of wakeref's pairing ("expect" lines): by default
 * every pair right, no fallback put, no divergence from the driver's count,
 * no lost event.  A line number is 0 while the file does not say.
 */
struct scn_expect {
	double min_accuracy;	/* percent of the puts paired right */
	unsigned int accuracy_line;
	bool fallback;		/* fallback puts allowed */
	unsigned int fallback_line;
	bool divergence;
	unsigned int divergence_line;
	bool loss;
	unsigned int loss_line;
};

struct scn {
	char *file;		/* the name used in messages */
	struct scn_expect expect;
	struct scn_op *ops;
	size_t nr_ops, cap_ops;
	unsigned int nr_lines;
	char **slots;		/* the user processes' names, in order of appearance */
	unsigned int nr_slots;
	char **errors;		/* "FILE:LINE: message", at most SCN_MAX_ERRORS */
	size_t nr_errors;	/* all of them, also those not kept */
	bool oom;
};

/* scn_parse.c */
int scn_parse_buf(struct scn *s, const char *file, const char *buf, size_t len);
int scn_parse_file(struct scn *s, const char *path, const char *name);
void scn_free(struct scn *s);
void scn_error(struct scn *s, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *scn_kind_name(enum scn_kind kind);

/* scn_plan.c */
int scn_plan(struct scn *s);

/* scn_ops.c */
struct scn_op_spec {
	const char *name;
	const char *args;	/* positional arguments, e.g. "DEV SITE [KIND]" */
	const char *keys;	/* allowed options, e.g. "ctx n", or "" */
};

extern const struct scn_op_spec scn_op_specs[];
extern const size_t scn_nr_op_specs;
const struct scn_op_spec *scn_op_spec_find(const char *name);
int scn_check_driver_op(struct scn *s, unsigned int line, const struct scn_op_spec *spec,
			char **argv, int argc);
int scn_check_module_param(struct scn *s, unsigned int line, const char *word);
void scn_print_known_ops(FILE *out);
int scn_parse_count(const char *word, unsigned long max, unsigned long *out);
bool scn_is_dev(const char *w);
int scn_check_user(struct scn *s, unsigned int line, char **argv, int argc,
		   enum scn_user_mode *mode, char ***user_argv);
int scn_check_user_cmd(struct scn *s, unsigned int line, char **argv, int argc,
		       bool *svm_only);
void scn_print_user_cmds(FILE *out);

/* scn_view.c */
enum scn_cmp {
	SCN_CMP_OWNER,
	SCN_CMP_DEVICE,
	SCN_CMP_USERFAULT,
	SCN_CMP_SVM,
	SCN_NR_CMP
};

struct scn_cmp_kind {
	const char *word;	/* the first word of the lines of this kind */
	const char *what;	/* what is compared, for humans */
	const char *feature;	/* compared iff wakeref traces it (WAKEREF_FEATURES); NULL: always */
	/* the line's canonical form into @out, or "" to leave the line out */
	void (*canon)(char **w, int n, char *out, size_t size);
};

extern const struct scn_cmp_kind scn_cmp_kinds[SCN_NR_CMP];

struct scn_view_line {
	enum scn_cmp kind;
	char *text;		/* canonical form */
};

struct scn_view {
	struct scn_view_line *lines;	/* sorted by kind, then text */
	size_t nr, cap;
	size_t nr_kind[SCN_NR_CMP];	/* lines of each kind printed, kept or not */
	char *loss;			/* wakeref's "loss ..." line, if any */
};

/* scn_pairs.c: one put and the get it ended, as one side says */
struct scn_pair {
	char dev[64];
	uint64_t get_ns, put_ns;	/* CLOCK_MONOTONIC; get 0: unmatched */
	char func[128];			/* the get's owner */
	char kind[16];			/* wakelock, raw, xe */
	char pairing[16];		/* wakeref: how it paired the put */
	int get_cpu, put_cpu;		/* where the get and the put ran, -1: unknown */
	bool unmatched;			/* wakeref: a put of a reference from before it */
	bool used;			/* judging: matched to an oracle put */
};

struct scn_pairs {
	struct scn_pair *v;		/* the puts, in the order they came */
	size_t nr, cap;
	struct scn_pair *held;		/* oracle: the records still held (no put) */
	size_t nr_held, cap_held;
	bool seen;			/* a "pairs" line was there */
	uint64_t cut;			/* puts the history did not keep */
	unsigned long fallback;		/* wakeref: fallback puts, all devices */
	unsigned long diverged;		/* wakeref: devices whose count diverged */
	unsigned long losses;		/* wakeref: events lost */
};

/* When wakeref traced, CLOCK_MONOTONIC ns: started, ready, stopped. */
struct scn_window {
	uint64_t start_ns, ready_ns, stop_ns;
};

struct scn_pair_result {
	unsigned long puts;		/* oracle puts judged */
	unsigned long right;		/* of them, wakeref ended the oracle's get */
	unsigned long compared;		/* of them, wakeref had a put for */
	unsigned long kinds;		/* of those, of the oracle's kind */
	unsigned long not_judged;	/* gets taken while wakeref was starting */
	unsigned long fallback, diverged, losses;
	uint64_t cut;
};

#define SCN_MAX_WRONG_SHOWN	10

int scn_pairs_parse(struct scn_pairs *ps, const char *text, size_t len);
void scn_pairs_free(struct scn_pairs *ps);
void scn_pairs_judge(const struct scn_pairs *oracle, struct scn_pairs *wakeref,
		     const struct scn_window *win, struct scn_pair_result *res, FILE *why);
void scn_pairs_summary(const struct scn_pair_result *res, char *buf, size_t size);
const char *scn_pairs_verdict(const struct scn_pair_result *res, const struct scn_expect *exp,
			      char *buf, size_t size);

int scn_view_parse(struct scn_view *v, const char *text, size_t len);
int scn_view_discount(struct scn_view *v, const struct scn_view *base);
/*
 * The views wakeref traces, from WAKEREF_FEATURES as wakeref reads it (NULL:
 * unset, all of them): a kind of an untraced view is not compared, a traced
 * one always is.  Returns -EINVAL for a word wakeref would refuse.
 */
int scn_view_set_features(const char *env);
bool scn_view_compared(int kind);
size_t scn_view_compare(const struct scn_view *oracle, const struct scn_view *wakeref,
			FILE *diff);
void scn_view_print(const struct scn_view *v, const char *prefix, FILE *out);
void scn_view_free(struct scn_view *v);
const char *scn_snapshot_find(const char *buf, size_t len, unsigned int n, size_t *block_len,
			      size_t *end);

#endif /* WAKEREF_SCN_H */
