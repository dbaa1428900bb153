/* SPDX-License-Identifier: GPL-2.0 */
/*
 * view.h - the state views next to the owner table: the userfault lists and
 * the GPU SVM table.  Each view rebuilds its state from the records of its
 * own ring buffer (tracer.h: on_record) and prints itself in every report
 * format; views.c lists them.  A session holds one state per view it traces.
 */
#ifndef WR_VIEW_H
#define WR_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct ksyms;
struct jw;

struct wr_view_ops {
	const char *name;		/* "userfault", "svm": the subcommand and JSON key */
	unsigned int feature;		/* enum wr_feature */
	/* SEED: with the GPUs bound now (a replay's come from the recording) */
	void *(*create)(bool seed);
	void (*destroy)(void *state);
	/* One record of the view's ring buffer; a malformed one is counted, never trusted. */
	void (*on_record)(void *state, const void *data, size_t size);
	/* Text for humans, after the owner report (and for `wakeref NAME`). */
	void (*print_text)(FILE *out, void *state, const struct ksyms *ks, uint64_t now_ns);
	/* Stable lines for -f owners, compared with the simulated driver's oracle. */
	void (*print_lines)(FILE *out, void *state, const struct ksyms *ks);
	/* The view's members inside an open JSON object. */
	void (*print_json)(struct jw *w, void *state, const struct ksyms *ks, uint64_t now_ns);
	/*
	 * Optional: the kernel stack a record of the BPF side carries, *STACK
	 * and its frames (0: none), for a recording to keep their symbols.
	 */
	int (*frames)(const void *data, size_t size, const uint64_t **stack);
	/* Anomalies now (leftover objects, leaked ranges, ...): for `ci` and metrics. */
	int (*nr_anomalies)(void *state, uint64_t now_ns);
	/*
	 * Optional: records that, given to on_record of a new state, rebuild
	 * this one (the daemon's journal restarts from them when it grows).
	 */
	void (*snapshot)(void *state, void (*emit)(void *ctx, const void *rec, size_t size),
			 void *ctx);
};

extern const struct wr_view_ops *const wr_views[];	/* NULL-terminated */

#define WR_MAX_VIEWS 4

/* The views a session traces, with their states. */
struct wr_view_set {
	unsigned int features;		/* of the views below */
	int nr;
	const struct wr_view_ops *ops[WR_MAX_VIEWS];
	void *state[WR_MAX_VIEWS];
};

/* Every registered view's feature. */
unsigned int views__all_features(void);
/* The view named NAME, or NULL. */
const struct wr_view_ops *views__find(const char *name);
/* States for the views of FEATURES; -ENOMEM. */
int views__create(struct wr_view_set *vs, unsigned int features);
/* The same, empty of this machine's GPUs: a recording replayed brings its own. */
int views__create_unseeded(struct wr_view_set *vs, unsigned int features);
void views__destroy(struct wr_view_set *vs);
/* Hand a record of FEATURE's ring buffer to its view. */
void views__record(struct wr_view_set *vs, unsigned int feature, const void *data, size_t size);

/* The stack of FEATURE's record DATA, as the view's frames op says (0: none). */
int views__frames(const struct wr_view_set *vs, unsigned int feature, const void *data,
		  size_t size, const uint64_t **stack);

/* Each view in turn, in the report format's way (VS may be NULL: nothing). */
void views__print_text(FILE *out, const struct wr_view_set *vs, const struct ksyms *ks,
		       uint64_t now_ns);
void views__print_lines(FILE *out, const struct wr_view_set *vs, const struct ksyms *ks);
void views__print_json(struct jw *w, const struct wr_view_set *vs, const struct ksyms *ks,
		       uint64_t now_ns);
int views__nr_anomalies(const struct wr_view_set *vs, uint64_t now_ns);
/* Each view's snapshot records, with its feature; the views that have none. */
unsigned int views__snapshot(const struct wr_view_set *vs,
			     void (*emit)(void *ctx, unsigned int feature, const void *rec,
					  size_t size), void *ctx);

/*
 * One view alone, as `wakeref NAME` prints it: FORMAT "text" (or "") or
 * "json"; an error line when the view is unknown or not traced.
 */
void view__answer(const struct wr_view_set *vs, const char *name, const char *format,
		  const struct ksyms *ks, uint64_t now_ns, FILE *out);

#endif
