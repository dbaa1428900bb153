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
 * What one call of the writer puts out, gathered here and handed to stdio
 * at once: a member used to cost five to ten stdio calls (separator, quotes,
 * key, colon, a printf for its value), each taking the stream's lock, and
 * a dump of a big table writes thousands of members.
 */
struct jbuf {
	FILE *out;
	size_t n;
	char s[256];
};

static void jb_flush(struct jbuf *b)
{
	if (b->n)
		fwrite(b->s, 1, b->n, b->out);
	b->n = 0;
}

static void jb_mem(struct jbuf *b, const void *p, size_t n)
{
	if (n > sizeof(b->s) - b->n) {
		jb_flush(b);
		if (n > sizeof(b->s)) {
			fwrite(p, 1, n, b->out);
			return;
		}
	}
	memcpy(b->s + b->n, p, n);
	b->n += n;
}

static void jb_c(struct jbuf *b, char c)
{
	if (b->n == sizeof(b->s))
		jb_flush(b);
	b->s[b->n++] = c;
}

/* VAL in decimal, as "%" PRIu64 writes it */
static void jb_u64(struct jbuf *b, uint64_t val)
{
	char d[20];
	size_t i = sizeof(d);

	do {
		d[--i] = '0' + val % 10;
		val /= 10;
	} while (val);
	jb_mem(b, d + i, sizeof(d) - i);
}

static const char hexdig[] = "0123456789abcdef";

/* ASCII that JSON and a terminal take as it is */
static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/*
 * Valid UTF-8 out whatever came in (task names are any bytes): a byte that
 * is not part of a valid sequence becomes U+FFFD; controls, C1 included,
 * are escaped so that printing the JSON cannot drive a terminal either.
 * Plain ASCII, nearly every byte written, is passed without decoding.
 */
static void put_string(struct jbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	size_t len = s ? strlen(s) : 0, n;
	unsigned int cp;

	jb_c(b, '"');
	while (len) {
		if (plain(*p)) {
			p++;
			len--;
			continue;
		}
		n = utf8_seq(p, len, &cp);
		if (n && cp >= 0xa0) {
			p += n;		/* as it is: written with the run it is in */
			len -= n;
			continue;
		}
		jb_mem(b, run, p - run);
		if (!n) {
			jb_mem(b, "\\ufffd", 6);
			n = 1;
		} else if (cp == '"' || cp == '\\') {
			jb_c(b, '\\');
			jb_c(b, cp);
		} else if (cp == '\n') {
			jb_mem(b, "\\n", 2);
		} else if (cp == '\t') {
			jb_mem(b, "\\t", 2);
		} else {
			/* C0, DEL, C1: "\\u%04x" */
			char u[6] = { '\\', 'u', '0', '0', hexdig[cp >> 4 & 0xf], hexdig[cp & 0xf] };

			jb_mem(b, u, sizeof(u));
		}
		p += n;
		len -= n;
		run = p;
	}
	jb_mem(b, run, p - run);
	jb_c(b, '"');
}

/* separator and key before a value, into B */
static void lead(struct jw *w, struct jbuf *b, const char *key)
{
	b->out = w->out;
	b->n = 0;
	/* top-level values are separate documents (JSON Lines) */
	if (w->depth && w->need_comma[w->depth])
		jb_c(b, ',');
	w->need_comma[w->depth] = true;
	if (key) {
		put_string(b, key);
		jb_c(b, ':');
	}
}

static void open_(struct jw *w, const char *key, char c)
{
	struct jbuf b;

	lead(w, &b, key);
	jb_c(&b, c);
	jb_flush(&b);
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
	struct jbuf b;

	lead(w, &b, key);
	put_string(&b, val);
	jb_flush(&b);
}

void jw_u64(struct jw *w, const char *key, uint64_t val)
{
	struct jbuf b;

	lead(w, &b, key);
	jb_u64(&b, val);
	jb_flush(&b);
}

void jw_i64(struct jw *w, const char *key, int64_t val)
{
	struct jbuf b;

	lead(w, &b, key);
	if (val < 0)
		jb_c(&b, '-');
	/* the magnitude in unsigned arithmetic: INT64_MIN has no positive twin */
	jb_u64(&b, val < 0 ? -(uint64_t)val : (uint64_t)val);
	jb_flush(&b);
}

void jw_double(struct jw *w, const char *key, double val)
{
	char num[328];		/* -DBL_MAX in full and six decimals */
	struct jbuf b;
	int n;

	lead(w, &b, key);
	n = snprintf(num, sizeof(num), "%.6f", val);
	jb_mem(&b, num, n > 0 ? (size_t)n : 0);
	jb_flush(&b);
}

/*
 * Below it, jw_ns_as_s()'s digits are those of printf: NS is exact as a
 * double (< 2^53) and the quotient NS / 1e9, under 2^23, is within half
 * an ulp, 2^-31 s, of the true one; a microsecond boundary that is not a
 * tie is at least 1 ns (1e-9 s) from it, so the double rounds to the
 * microsecond the integers do.
 */
#define NS_AS_S_EXACT	(8388608ull * 1000000000ull)	/* 2^23 s, 97 days */

void jw_ns_as_s(struct jw *w, const char *key, uint64_t ns)
{
	uint64_t us = ns / 1000;
	unsigned int sub = ns % 1000, frac, i;
	char d[6];
	struct jbuf b;

	/* a tie (x.xxxxxx500 s) rounds as the double's bits say: printf decides */
	if (sub == 500 || ns >= NS_AS_S_EXACT) {
		jw_double(w, key, ns / 1e9);
		return;
	}
	us += sub > 500;
	lead(w, &b, key);
	jb_u64(&b, us / 1000000);
	jb_c(&b, '.');
	for (frac = us % 1000000, i = sizeof(d); i--; frac /= 10)
		d[i] = '0' + frac % 10;
	jb_mem(&b, d, sizeof(d));
	jb_flush(&b);
}

void jw_bool(struct jw *w, const char *key, bool val)
{
	struct jbuf b;

	lead(w, &b, key);
	if (val)
		jb_mem(&b, "true", 4);
	else
		jb_mem(&b, "false", 5);
	jb_flush(&b);
}

void jw_null(struct jw *w, const char *key)
{
	struct jbuf b;

	lead(w, &b, key);
	jb_mem(&b, "null", 4);
	jb_flush(&b);
}

/* "0x%" PRIx64, a string */
void jw_hex(struct jw *w, const char *key, uint64_t val)
{
	char d[16];
	size_t i = sizeof(d);
	struct jbuf b;

	do {
		d[--i] = hexdig[val & 0xf];
		val >>= 4;
	} while (val);
	lead(w, &b, key);
	jb_mem(&b, "\"0x", 3);
	jb_mem(&b, d + i, sizeof(d) - i);
	jb_c(&b, '"');
	jb_flush(&b);
}
