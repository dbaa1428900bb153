/* SPDX-License-Identifier: GPL-2.0 */
/*
 * svm.h - the GPU SVM view's model: the drm_gpusvm state of every xe device
 * rebuilt from the records of bpf/svm.bpf.c (svm_model.c), and its reports
 * (svm_report.c, the struct wr_view_ops "svm").
 *
 * Per GPU SVM: its notifiers (as registered with the MM) and ranges (as in
 * drm_gpusvm's trees), with intervals, flags, age and the stack that made
 * them.  Per device: invalidations by MMU notifier event, ranges they hit,
 * the garbage collector's work.  For all: a histogram of the time spent
 * under the notifier lock, and the anomalies: ranges unmapped but not
 * collected after a threshold, ranges or notifiers alive after
 * drm_gpusvm_fini, get-pages retry storms.
 */
#ifndef WR_SVM_MODEL_H
#define WR_SVM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/view.h"
#include "wr_svm.h"

/* GC backlog: an unmapped range not removed after this long (WAKEREF_SVM_GC_THRESHOLD_MS) */
#define SVM_DEFAULT_GC_THRESHOLD_MS	1000
/* a retry storm: this many failed get-pages calls in a row on one range */
#define SVM_STORM_FAILURES		8
/* lock-held histogram: <1 us, then [2^(i-1), 2^i) us, the last one open */
#define SVM_HIST_BUCKETS		22
#define SVM_RECENT_INVALIDATIONS	16
#define SVM_MAX_ANOMALIES		256

struct svm_stack {
	int nr;
	uint64_t ip[WR_MAX_FRAMES];
};

struct svm_range {
	uint64_t ptr;			/* struct drm_gpusvm_range * */
	uint64_t notifier;		/* its struct drm_gpusvm_notifier * */
	uint64_t start, last;
	uint16_t flags;			/* WR_SVMF_* as last read */
	uint16_t flags_known;		/* those ever read */
	bool in_tree;			/* inserted and not removed: the oracle's range lines */
	bool seen_alloc;		/* xe_svm_range_alloc seen: its free will be too */
	uint64_t created_ns;
	uint64_t unmapped_ns;		/* first seen unmapped, 0: not unmapped */
	uint32_t get_pages;		/* calls */
	uint32_t fails_in_row;		/* failed get-pages calls since the last success */
	int64_t last_err;
	bool storm;			/* reported as a retry storm */
	uint32_t pid;
	char comm[WR_COMM_LEN];
	struct svm_stack stack;		/* where it was made */
};

struct svm_notifier {
	uint64_t ptr;			/* struct drm_gpusvm_notifier * */
	uint64_t start, last;
	bool registered;		/* with the MM: mmu_interval_notifier_remove not seen yet */
	uint64_t created_ns;
	struct svm_stack stack;
};

struct svm_gpusvm {
	uint64_t ptr;			/* struct drm_gpusvm * */
	uint64_t mm;
	int dev;			/* index in svm_state.devs */
	bool seen_init;			/* false: it existed before wakeref attached */
	bool in_fini;
	uint64_t init_ns;
	uint32_t fini_ranges, fini_notifiers;	/* alive when drm_gpusvm_fini began */
	uint32_t pid;
	char comm[WR_COMM_LEN];
	struct svm_stack stack;
	struct svm_range *ranges;
	size_t nr_ranges, cap_ranges;
	struct svm_notifier *notifiers;
	size_t nr_notifiers, cap_notifiers;
};

struct svm_dev_stats {
	uint64_t invalidations;		/* the notifier callback ran (blockable) */
	uint64_t skipped;		/* not blockable: returned false */
	uint64_t by_event[WR_SVM_EV__COUNT];
	uint64_t releases;		/* MMU_NOTIFY_RELEASE: the mm went away */
	uint64_t ranges_hit;		/* summed over invalidations */
	uint64_t unmapped;		/* drm_gpusvm_range_set_unmapped calls */
	uint64_t gc_removed;		/* __xe_svm_garbage_collector calls */
	uint64_t get_pages, get_pages_failed;
	uint64_t evictions;
	uint64_t faults_failed;		/* drm_gpusvm_range_find_or_insert errors */
	uint64_t gpusvms_made, gpusvms_fini;
	uint64_t fini_ranges, fini_notifiers;	/* alive when a drm_gpusvm_fini began */
};

struct svm_device {
	char name[WR_DEV_LEN];
	struct svm_dev_stats st;
};

enum svm_anomaly_kind {
	SVM_AN_GC_BACKLOG,		/* computed when asked: not stored */
	SVM_AN_ALIVE_AFTER_FINI,
	SVM_AN_RETRY_STORM,
};

struct svm_anomaly {
	enum svm_anomaly_kind kind;
	int dev;
	uint64_t gpusvm;
	bool is_range;			/* else a notifier */
	bool not_freed;			/* alive after fini: removed, never freed */
	uint64_t ptr, start, last;
	uint16_t flags;
	uint64_t ts_ns;			/* when it was seen */
	uint64_t since_ns;		/* GC backlog: unmapped since */
	uint32_t count;			/* retry storm: failed calls in a row */
	int64_t err;
	struct svm_stack stack;
};

struct svm_inval {
	uint64_t ts_ns;
	int dev;
	uint64_t gpusvm, start, last;
	uint8_t event;
	uint32_t ranges_hit;
	uint64_t held_ns;
};

struct svm_state {
	uint64_t gc_threshold_ns;
	struct svm_device *devs;
	size_t nr_devs;
	struct svm_gpusvm **svms;	/* live */
	size_t nr_svms, cap_svms;
	struct svm_anomaly *anomalies;	/* stored ones: alive after fini, retry storms */
	size_t nr_anomalies;
	uint64_t anomalies_dropped;
	struct svm_inval recent[SVM_RECENT_INVALIDATIONS];
	uint64_t nr_invalidations;	/* all devices; recent[] holds the last ones */
	uint64_t hist[SVM_HIST_BUCKETS];
	uint64_t no_lock_time;		/* invalidations without it (driver callback not traced) */
	uint64_t received;		/* records, malformed ones included */
	uint64_t malformed;
	uint64_t max_seq;
	uint64_t simple_gpusvms;	/* initialised without an mm (xe userptr only) */
	bool saw_init_hook;		/* drm_gpusvm_init is traced (xe_svm_init too) */
	bool new_pages_api;		/* drm_gpusvm_get_pages is traced: count calls there */
};

/* GC threshold: WAKEREF_SVM_GC_THRESHOLD_MS if set, else the default. */
struct svm_state *svm_state_new(void);
void svm_state_free(struct svm_state *st);
void svm_on_record(struct svm_state *st, const void *data, size_t size);

/* Records lost by the BPF side: the gaps in their sequence numbers. */
uint64_t svm_lost(const struct svm_state *st);
/* Ranges unmapped longer than the threshold and still in the tree at NOW. */
size_t svm_gc_backlog(const struct svm_state *st, uint64_t now_ns);
int svm_nr_anomalies(void *state, uint64_t now_ns);

struct svm_gpusvm *svm_find_gpusvm(const struct svm_state *st, uint64_t ptr);
/* Made and appended, zeroed but for PTR (NULL when out of memory); the device's index. */
struct svm_gpusvm *svm_add_gpusvm(struct svm_state *st, uint64_t ptr);
struct svm_range *svm_add_range(struct svm_gpusvm *g, uint64_t ptr);
struct svm_notifier *svm_add_notifier(struct svm_gpusvm *g, uint64_t ptr);
int svm_device_of(struct svm_state *st, const char *name);
/*
 * svm_snapshot.c: the state as records that rebuild it (the daemon's journal
 * restarts from them), and their restore: true when DATA was one (applied
 * if it holds up, counted malformed if not).
 */
void svm_snapshot(void *state, void (*emit)(void *ctx, const void *rec, size_t size), void *ctx);
bool svm_snapshot_restore(struct svm_state *st, const void *data, size_t size);
size_t svm_nr_live_ranges(const struct svm_gpusvm *g);
/* The histogram bucket of a time under the lock. */
int svm_hist_bucket(uint64_t ns);
/* "has_dma_mapping,migrate_devmem" or "-" */
const char *svm_flags_str(uint16_t flags, char *buf, size_t size);
const char *svm_event_name(unsigned int ev);

extern const struct wr_view_ops wr_svm_view;

#endif
