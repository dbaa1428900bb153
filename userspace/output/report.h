/* SPDX-License-Identifier: GPL-2.0 */
/* report.h - leak reports from the owner table. */
#ifndef WR_REPORT_H
#define WR_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model/loss.h"
#include "model/owners.h"

struct ksyms;

enum wr_format {
	WR_FMT_TEXT,	/* i915's print_intel_runtime_pm_wakeref form */
	WR_FMT_OWNERS,	/* "owner DEV CALLER COUNT" lines, diffable against the oracle */
	WR_FMT_JSON,	/* one document */
	WR_FMT_JSONL,	/* JSON Lines: events as they happen, then the report */
	WR_FMT_FOLDED,	/* folded stacks for flame graphs, weighted by owners */
	WR_FMT_PERFETTO,	/* Chrome/Perfetto trace: holds as slices, counts as counters */
	WR_FMT_REF_TRACKER,	/* a debug kernel's ref_tracker: "<class>@<ptr> has N/M users at" */
};

struct wr_allowlist;
struct wr_gpu_states;
struct wr_rcache;

struct report_opts {
	enum wr_format format;
	uint64_t now_ns;	/* CLOCK_MONOTONIC, for ages */
	const struct wr_loss *loss;
	uint64_t min_age_ns;	/* hide owners younger than this */
	const struct wr_allowlist *allow;	/* hide known long-lived holders */
	const struct wr_view_set *views;	/* userfault, SVM: printed after the owners */
	const struct wr_gpu_states *gpus;	/* state read at once: the verdicts, first */
	int by;			/* enum wr_by (model/who.h): --by, a count per key */
	const char *device;	/* --device: this device only (NULL: every one) */
	uint32_t pid;		/* --pid: owners this task took only (0: every task) */
	/*
	 * What reports of this table keep from one to the next (rcache.h):
	 * the daemon's, for its dumps; NULL: made for this report alone.
	 */
	struct wr_rcache *cache;
	const char *ref_tracker;	/* --compare-ref-tracker: its directory or file, NULL: no */
};

int report__parse_format(const char *name, enum wr_format *fmt);
/* What FMT prints of the owner table's history (owners__keep() it from the start). */
enum wr_keep report__keeps(enum wr_format fmt);
void report__print(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
		   const struct report_opts *opts);

/* -f jsonl: one event, as it happens; PAIRING is owners__apply()'s result. */
struct wr_site;
void report__event_jsonl(FILE *out, const struct wr_event *e, const struct wr_site *site,
			 int pairing, const struct ksyms *ks);

#endif
