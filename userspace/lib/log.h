/* SPDX-License-Identifier: GPL-2.0 */
/*
 * log.h - every message wakeref prints for a person, on standard error.
 *
 * One line each, "wakeref: " first.  An error says what is wrong and what to
 * do about it; a warning says what is lost or guessed; verbose lines say how
 * things were set up and are printed only with -v.
 */
#ifndef WR_LIB_LOG_H
#define WR_LIB_LOG_H

#include <stdbool.h>
#include <stdio.h>

/* What cannot be done, and what to do instead. */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What is lost, guessed or degraded; the work goes on. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What is happening (tracing N functions, ...). */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Details for -v: printed only when log_set_verbose(true). */
void log_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Continuation lines of a message, without the prefix (lists under a message). */
void log_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void log_set_verbose(bool on);
bool log_is_verbose(void);
/*
 * This thread's libbpf messages: warnings only with -v, the rest not at all
 * (an attempt that may fail: the GPU state reader's fentry, a load against
 * a plan still guessed).  Read by the session's libbpf printer.
 */
void log_set_libbpf_quiet(bool on);
bool log_libbpf_quiet(void);
/* Where messages go; standard error when NULL (tests set a memory stream). */
void log_set_stream(FILE *f);

#endif
