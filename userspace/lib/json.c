// SPDX-License-Identifier: GPL-2.0
/* json.c - the streaming JSON writer (see json.h). */
#include <inttypes.h>
#include <string.h>

#include "lib/json.h"
#include "lib/text.h"

void jw_init(struct jw *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->need_comma[0] = false;
}

/*
 * Valid UTF-8 out whatever came in (task names are any bytes): a byte that
 * is not part of a valid sequence becomes U+FFFD; controls, C1 included,
 * are escaped so that printing the JSON cannot drive a terminal either.
 */
static void put_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	size_t len = s ? strlen(s) : 0, n;
	unsigned int cp;

	fputc('"', out);
	while (len) {
		n = utf8_seq(p, len, &cp);
		if (n && cp != '"' && cp != '\\' && cp >= 0x20 && cp != 0x7f &&
		    (cp < 0x80 || cp >= 0xa0)) {
			p += n;		/* as it is: written with the run it is in */
			len -= n;
			continue;
		}
		fwrite(run, 1, p - run, out);
		if (!n) {
			fputs("\\ufffd", out);
			n = 1;
		} else if (cp == '"' || cp == '\\') {
			fprintf(out, "\\%c", cp);
		} else if (cp == '\n') {
			fputs("\\n", out);
		} else if (cp == '\t') {
			fputs("\\t", out);
		} else {
			fprintf(out, "\\u%04x", cp);
		}
		p += n;
		len -= n;
		run = p;
	}
	fwrite(run, 1, p - run, out);
	fputc('"', out);
}

/* separator and key before a value */
static void lead(struct jw *w, const char *key)
{
	/* top-level values are separate documents (JSON Lines) */
	if (w->depth && w->need_comma[w->depth])
		fputc(',', w->out);
	w->need_comma[w->depth] = true;
	if (key) {
		put_string(w->out, key);
		fputc(':', w->out);
	}
}

static void open_(struct jw *w, const char *key, char c)
{
	lead(w, key);
	fputc(c, w->out);
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->need_comma[w->depth] = false;
}

static void close_(struct jw *w, char c)
{
	fputc(c, w->out);
	if (w->depth > 0)
		w->depth--;
	if (!w->depth)
		fputc('\n', w->out);
}

void jw_init_members(struct jw *w, FILE *out)
{
	jw_init(w, out);
	w->depth = 1;
	w->need_comma[1] = false;
}

void jw_members_lead(struct jw *w)
{
	if (w->depth && w->need_comma[w->depth])
		fputc(',', w->out);
	w->need_comma[w->depth] = true;
}

void jw_members(struct jw *w, const char *members, size_t len)
{
	if (!len)
		return;
	jw_members_lead(w);
	fwrite(members, 1, len, w->out);
}

void jw_object(struct jw *w, const char *key) { open_(w, key, '{'); }
void jw_array(struct jw *w, const char *key) { open_(w, key, '['); }
void jw_end_object(struct jw *w) { close_(w, '}'); }
void jw_end_array(struct jw *w) { close_(w, ']'); }

void jw_string(struct jw *w, const char *key, const char *val)
{
	lead(w, key);
	put_string(w->out, val);
}

void jw_u64(struct jw *w, const char *key, uint64_t val)
{
	lead(w, key);
	fprintf(w->out, "%" PRIu64, val);
}

void jw_i64(struct jw *w, const char *key, int64_t val)
{
	lead(w, key);
	fprintf(w->out, "%" PRId64, val);
}

void jw_double(struct jw *w, const char *key, double val)
{
	lead(w, key);
	fprintf(w->out, "%.6f", val);
}

void jw_bool(struct jw *w, const char *key, bool val)
{
	lead(w, key);
	fputs(val ? "true" : "false", w->out);
}

void jw_null(struct jw *w, const char *key)
{
	lead(w, key);
	fputs("null", w->out);
}

void jw_hex(struct jw *w, const char *key, uint64_t val)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, val);
	jw_string(w, key, buf);
}
