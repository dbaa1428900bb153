/* SPDX-License-Identifier: GPL-2.0 */
/* allowlist.h - known long-lived holders, hidden from leak reports. */
#ifndef WR_ALLOWLIST_H
#define WR_ALLOWLIST_H

#include <stdbool.h>
#include <stdint.h>

struct wr_allow_rule {
	char *glob;
	uint64_t max_age_ns;	/* 0: any age */
};

struct wr_allowlist {
	struct wr_allow_rule *rules;
	int nr;
};

/* Parse TEXT (the file format of allowlist.default); NAME is for errors. */
int allowlist__parse(struct wr_allowlist *al, const char *text, const char *name);
int allowlist__load(struct wr_allowlist *al, const char *path);
int allowlist__load_default(struct wr_allowlist *al);
void allowlist__free(struct wr_allowlist *al);

/* Whether an owner of this age, named OWNER and calling API, is allowed. */
bool allowlist__match(const struct wr_allowlist *al, const char *owner, const char *api,
		      uint64_t age_ns);

/*
 * The same, the names matched once for every age: an owner named OWNER
 * calling API is allowed at any age when *ANY is set, else while younger
 * than the result (0: never).  For reports that keep the names between
 * dumps.
 */
uint64_t allowlist__allowed_below(const struct wr_allowlist *al, const char *owner,
				  const char *api, bool *any);

/* "100ms", "2s", "500us", "1.5s" -> ns; -1 on a bad duration */
int64_t parse_duration_ns(const char *s);

#endif
