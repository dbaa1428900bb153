/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json.h - a small streaming JSON writer.  Commas and nesting are tracked
 * here so that emitters only say what goes where; KEY is NULL for array
 * elements and at the top level.
 */
#ifndef WR_JSON_H
#define WR_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JW_MAX_DEPTH 16

struct jw {
	FILE *out;
	int depth;
	bool need_comma[JW_MAX_DEPTH];
};

void jw_init(struct jw *w, FILE *out);
void jw_object(struct jw *w, const char *key);
void jw_array(struct jw *w, const char *key);
void jw_end_object(struct jw *w);
void jw_end_array(struct jw *w);
void jw_string(struct jw *w, const char *key, const char *val);
void jw_u64(struct jw *w, const char *key, uint64_t val);
void jw_i64(struct jw *w, const char *key, int64_t val);
void jw_double(struct jw *w, const char *key, double val);
/*
 * NS nanoseconds in seconds: the bytes of jw_double(W, KEY, NS / 1e9),
 * made without printf's conversion of a double where that is sure to
 * give the same digits (an age of every owner group in each dump).
 */
void jw_ns_as_s(struct jw *w, const char *key, uint64_t ns);
void jw_bool(struct jw *w, const char *key, bool val);
void jw_null(struct jw *w, const char *key);
/* "0x..." string, as addresses are shown */
void jw_hex(struct jw *w, const char *key, uint64_t val);

/*
 * Members rendered apart, put in an object later: a writer that starts as
 * inside an object, without its brace, and writes "key":value,... to OUT;
 * jw_members() puts such a text where the next member goes.
 */
void jw_init_members(struct jw *w, FILE *out);
void jw_members(struct jw *w, const char *members, size_t len);
/* The separator before members written to W's file directly (not empty). */
void jw_members_lead(struct jw *w);

#endif
