/* SPDX-License-Identifier: GPL-2.0 */
/*
 * settings.h - every WAKEREF_* environment setting, in one table with its
 * meaning and default (settings.c), and the one reader of each.  Command-line
 * options win over these; the man page lists the same table.
 */
#ifndef WR_LIB_SETTINGS_H
#define WR_LIB_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>

enum wr_setting {
	WR_SET_NO_FENTRY,
	WR_SET_NO_MODULE_BTF,
	WR_SET_NO_KPROBE,
	WR_SET_NO_KPROBE_MULTI,
	WR_SET_FEATURES,
	WR_SET_FRAMES,
	WR_SET_UNWIND,
	WR_SET_UNWIND_BREAK,
	WR_SET_SVM_GC_THRESHOLD_MS,
	WR_SET_DEBUG_LIBBPF,
	WR_SET_BENCH_EMPTY,
	WR_SET_DETACH,
	WR_SET_NO_TAIL_REPAIR,
	WR_SET__COUNT
};

struct wr_setting_def {
	const char *name;	/* "WAKEREF_FRAMES" */
	const char *value;	/* the form of its value: "1", "GET:PUT", ... */
	const char *meaning;
	const char *dflt;	/* what applies when it is unset */
};

extern const struct wr_setting_def wr_settings[WR_SET__COUNT];

/* The setting's value; NULL when unset or empty. */
const char *settings__get(enum wr_setting s);
/*
 * A switch: true for 1, yes, true, on; false when unset, empty or 0, no,
 * false, off.  Anything else is an error, said once on stderr, and false.
 */
bool settings__on(enum wr_setting s);

/*
 * "GET:PUT": two whole numbers, each 1..MAX, nothing around them.  0, or
 * -EINVAL (nothing is written then).
 */
int settings__parse_frames(const char *v, unsigned int max, unsigned int *get,
			   unsigned int *put);
/* A whole decimal number 0..MAX with nothing after it: 0, or -EINVAL. */
int settings__parse_u64(const char *v, uint64_t max, uint64_t *out);

#endif
