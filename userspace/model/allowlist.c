// SPDX-License-Identifier: GPL-2.0
/* allowlist.c - known long-lived holders (see allowlist.default). */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/files.h"
#include "lib/log.h"
#include "model/allowlist.h"
#include "allowlist_default.h"	/* generated from allowlist.default */

int64_t parse_duration_ns(const char *s)
{
	static const struct { const char *unit; double ns; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "m", 60e9 },
	};
	double v, ns = 0;
	char *end;
	size_t i;

	/* strtod() would take spaces, signs, hex, inf and nan: a digit or '.' first */
	if (!(isdigit((unsigned char)*s) || *s == '.') || strpbrk(s, "xX"))
		return -1;
	v = strtod(s, &end);
	if (end == s || !isfinite(v))
		return -1;
	if (!*end)
		ns = 1e9;	/* bare number: seconds */
	for (i = 0; i < sizeof(units) / sizeof(units[0]) && !ns; i++)
		if (!strcmp(end, units[i].unit))
			ns = units[i].ns;
	/* 2^63 ns is 292 years: past that, no int64_t holds it */
	if (!ns || v * ns >= 9.2e18)
		return -1;
	return (int64_t)(v * ns);
}

static int add_rule(struct wr_allowlist *al, const char *glob, uint64_t max_age_ns)
{
	struct wr_allow_rule *r = realloc(al->rules, (al->nr + 1) * sizeof(*r));

	if (!r)
		return -ENOMEM;
	al->rules = r;
	r[al->nr].glob = strdup(glob);
	if (!r[al->nr].glob)
		return -ENOMEM;
	r[al->nr++].max_age_ns = max_age_ns;
	return 0;
}

#define LINE_MAX_CHARS	511
#define GLOB_MAX_CHARS	255
#define FILE_MAX_BYTES	(1 << 20)

static int bad_line(struct wr_allowlist *al, const char *name, int lineno, const char *why)
{
	log_error("%s:%d: %s\n", name, lineno, why);
	allowlist__free(al);
	return -EINVAL;
}

int allowlist__parse(struct wr_allowlist *al, const char *text, const char *name)
{
	char line[LINE_MAX_CHARS + 1], orig[LINE_MAX_CHARS + 1], *tok[3], *save, *t;
	const char *p = text, *nl;
	int lineno = 0, n, err;

	memset(al, 0, sizeof(*al));
	while (*p) {
		size_t len;
		char *hash;
		int64_t ns = 0;

		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		lineno++;
		/* cut, a long line would be read as another rule */
		if (len > LINE_MAX_CHARS)
			return bad_line(al, name, lineno, "a line of more than 511 characters");
		memcpy(line, p, len);
		line[len] = 0;
		p += len + (nl ? 1 : 0);
		hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		memcpy(orig, line, strlen(line) + 1);
		n = 0;
		for (t = strtok_r(line, " \t\r\v\f", &save); t && n < 3;
		     t = strtok_r(NULL, " \t\r\v\f", &save))
			tok[n++] = t;
		if (!n)
			continue;
		if (n == 3 || (n == 2 && (ns = parse_duration_ns(tok[1])) < 0)) {
			log_error("%s:%d: want 'FUNCTION [MAX_AGE]', e.g. "
				  "'intel_wakeref_auto 1s', got '%s'\n", name, lineno, orig);
			allowlist__free(al);
			return -EINVAL;
		}
		if (strlen(tok[0]) > GLOB_MAX_CHARS)
			return bad_line(al, name, lineno,
					"a FUNCTION pattern of more than 255 characters");
		err = add_rule(al, tok[0], ns);
		if (err) {
			allowlist__free(al);
			return err;
		}
	}
	return 0;
}

int allowlist__load(struct wr_allowlist *al, const char *path)
{
	char *text;
	ssize_t n;
	size_t len = 0;
	int fd = wr_open_regular(path), err = 0;

	if (fd < 0) {
		log_error("cannot read allowlist %s: %s\n", path,
			  fd == -EINVAL ? "not a regular file" : strerror(-fd));
		return fd;
	}
	/* one byte more than allowed: to know it was too big */
	text = malloc(FILE_MAX_BYTES + 2);
	if (!text) {
		close(fd);
		return -ENOMEM;
	}
	while (len <= FILE_MAX_BYTES &&
	       (n = read(fd, text + len, FILE_MAX_BYTES + 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			log_error("cannot read allowlist %s: %s\n", path, strerror(errno));
			goto out;
		}
		len += n;
	}
	if (len > FILE_MAX_BYTES) {
		log_error("allowlist %s: bigger than 1 MiB\n", path);
		err = -EFBIG;
		goto out;
	}
	text[len] = 0;
	if (strlen(text) != len) {
		log_error("allowlist %s: a NUL byte; want a text file\n", path);
		err = -EINVAL;
		goto out;
	}
	err = allowlist__parse(al, text, path);
out:
	free(text);
	close(fd);
	return err;
}

int allowlist__load_default(struct wr_allowlist *al)
{
	return allowlist__parse(al, allowlist_default, "built-in allowlist");
}

void allowlist__free(struct wr_allowlist *al)
{
	int i;

	for (i = 0; i < al->nr; i++)
		free(al->rules[i].glob);
	free(al->rules);
	memset(al, 0, sizeof(*al));
}

bool allowlist__match(const struct wr_allowlist *al, const char *owner, const char *api,
		      uint64_t age_ns)
{
	int i;

	for (i = 0; al && i < al->nr; i++) {
		const struct wr_allow_rule *r = &al->rules[i];

		if (r->max_age_ns && age_ns >= r->max_age_ns)
			continue;
		if ((owner && !fnmatch(r->glob, owner, 0)) || (api && !fnmatch(r->glob, api, 0)))
			return true;
	}
	return false;
}

uint64_t allowlist__allowed_below(const struct wr_allowlist *al, const char *owner,
				  const char *api, bool *any)
{
	uint64_t below = 0;
	int i;

	*any = false;
	for (i = 0; al && i < al->nr; i++) {
		const struct wr_allow_rule *r = &al->rules[i];

		if ((!owner || fnmatch(r->glob, owner, 0)) && (!api || fnmatch(r->glob, api, 0)))
			continue;
		if (!r->max_age_ns) {
			*any = true;
			return 0;
		}
		if (r->max_age_ns > below)
			below = r->max_age_ns;
	}
	return below;
}
