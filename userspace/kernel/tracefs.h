/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefs.h - what the tracepoint fallback needs from tracefs: where it is
 * mounted, an event's format file and whether its fields are where
 * wr_tp_rpm reads them; and whether this kernel has kprobes at all.
 */
#ifndef WR_TRACEFS_H
#define WR_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>

struct tracefs_field {
	char type[64];		/* "__data_loc char[]", "void *", "int" */
	char name[64];		/* without an array suffix */
	int offset, size;
};

#define TRACEFS_MAX_FIELDS	32

/*
 * The tracefs directory that has the events (/sys/kernel/tracing, else
 * /sys/kernel/debug/tracing); with MOUNT, mount tracefs on
 * /sys/kernel/tracing when neither has them.  NULL when there is none.
 */
const char *tracefs__dir(bool mount);

/* Parse a format file's field lines; the number of fields, or -EINVAL. */
int tracefs__parse_format(const char *text, struct tracefs_field *fields, int max);

/*
 * Do the fields of FORMAT (a format file's text) match struct
 * wr_tp_rpm_record?  0, or -EPROTO with WHY saying what differs.
 */
int tracefs__check_rpm_format(const char *format, char *why, size_t len);

/*
 * The same for tracepoint TP ("system:event") in tracefs DIR: -ENOENT when
 * the event is not there, -EPROTO (and WHY) when its layout differs.
 */
int tracefs__check_rpm_event(const char *dir, const char *tp, char *why, size_t len);

/*
 * Can kprobes be created?  Through the perf kprobe PMU, or the legacy
 * kprobe_events file of tracefs DIR (NULL: not looked at); false, with
 * WHY, when neither exists (CONFIG_KPROBES or CONFIG_KPROBE_EVENTS off).
 */
bool tracefs__have_kprobes(const char *dir, char *why, size_t len);

#endif
