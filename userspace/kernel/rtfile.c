// SPDX-License-Identifier: GPL-2.0
/*
 * rtfile.c - parse a ref_tracker debugfs file (rtfile.h).  The form, from
 * lib/ref_tracker.c (the debugfs copy has no "ref_tracker: " prefix):
 *
 *   <class>@<%p> has <N>/<M> users at\n
 *   <frames: stack_trace_snprint(..., 4), "%*c%pS\n" with width 5>
 *   \n
 *   ... one such block per distinct stack, at most 16 ...
 *   <class>@<%p> skipped reports about <K>/<M> users.\n      (if any)
 *
 * or "<class>@<%p>: couldn't get stats, error <%pe>" when the kernel could
 * not allocate; an empty file when nothing is held.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/rtfile.h"
#include "lib/files.h"

static int fail(char *err, size_t errlen, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (line)
		n = snprintf(err, errlen, "line %u: ", line);
	if (n < 0 || (size_t)n >= errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* a decimal of at most 9 digits at *S; advances it */
static bool take_u32(const char **s, uint32_t *v)
{
	const char *p = *s;
	uint32_t x = 0;
	int n = 0;

	while (isdigit((unsigned char)*p) && n < 10) {
		x = x * 10 + (*p++ - '0');
		n++;
	}
	if (!n || n > 9)
		return false;
	*v = x;
	*s = p;
	return true;
}

/* "0x" and at most 16 hex digits at *S; advances it */
static bool take_hex(const char **s, uint64_t *v)
{
	const char *p = *s;
	uint64_t x = 0;
	int n = 0;

	if (p[0] != '0' || p[1] != 'x')
		return false;
	p += 2;
	while (isxdigit((unsigned char)*p) && n < 17) {
		x = x * 16 + (isdigit((unsigned char)*p) ? *p - '0' : (tolower(*p) - 'a' + 10));
		p++;
		n++;
	}
	if (!n || n > 16)
		return false;
	*v = x;
	*s = p;
	return true;
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/*
 * "<class>@<ptr>" at the start of LINE into CLS and PTR; returns what
 * follows, or NULL when LINE does not start so.
 */
static const char *take_dir(const char *line, char *cls, size_t clen, char *ptr, size_t plen)
{
	const char *at = line, *p;

	while (is_name_char(*at))
		at++;
	if (*at != '@' || at == line || (size_t)(at - line) >= clen)
		return NULL;
	for (p = at + 1; *p && *p != ' ' && *p != ':'; p++)
		if (!isgraph((unsigned char)*p))
			return NULL;
	if (p == at + 1 || (size_t)(p - at - 1) >= plen)
		return NULL;
	memcpy(cls, line, at - line);
	cls[at - line] = '\0';
	memcpy(ptr, at + 1, p - at - 1);
	ptr[p - at - 1] = '\0';
	return p;
}

/* one frame, leading blanks removed: "func+0xoff/0xsize[ [mod[ buildid]]]" or "0xaddr" */
static int parse_frame(const char *s, struct wr_rt_frame *fr)
{
	const char *p = s, *mod = NULL;
	uint64_t off, size, addr;
	size_t flen, mlen = 0;

	if (p[0] == '0' && p[1] == 'x' && take_hex(&p, &addr) && !*p) {
		fr->func[0] = '\0';
		fr->bpf = false;
		snprintf(fr->text, sizeof(fr->text), "0x%016" PRIx64, addr);
		return 0;
	}
	while (*p && *p != '+' && isgraph((unsigned char)*p))
		p++;
	flen = p - s;
	if (*p != '+' || !flen || flen >= sizeof(fr->func))
		return -1;
	p++;
	if (!take_hex(&p, &off) || *p++ != '/' || !take_hex(&p, &size))
		return -1;
	if (*p == ' ' && p[1] == '[') {
		p += 2;
		mod = p;
		while (is_name_char(*p))
			p++;
		mlen = p - mod;
		if (!mlen || mlen > 64)
			return -1;
		if (*p == ' ')	/* CONFIG_STACKTRACE_BUILD_ID: "[mod buildid]" */
			for (p++; isxdigit((unsigned char)*p); p++)
				;
		if (*p++ != ']')
			return -1;
	}
	if (*p)
		return -1;
	memcpy(fr->func, s, flen);
	fr->func[flen] = '\0';
	/*
	 * %pS names BPF JIT code without a module (kallsyms lists it as
	 * [bpf]): a tracer's trampoline between a traced function and its
	 * caller when the stack was saved while it was attached
	 */
	fr->bpf = (mod && mlen == 3 && !strncmp(mod, "bpf", 3)) ||
		  !strncmp(fr->func, "bpf_trampoline_", 15) || !strncmp(fr->func, "bpf_prog_", 9) ||
		  !strncmp(fr->func, "bpf_dispatcher_", 15);
	if (mod)
		snprintf(fr->text, sizeof(fr->text), "%s+0x%" PRIx64 "/0x%" PRIx64 " [%.*s]",
			 fr->func, off, size, (int)mlen, mod);
	else
		snprintf(fr->text, sizeof(fr->text), "%s+0x%" PRIx64 "/0x%" PRIx64, fr->func,
			 off, size);
	return 0;
}

void rtfile__free(struct wr_rt_file *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++)
		free(f->v[i].frames);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

/* the directory named on every line must be one */
static int same_dir(struct wr_rt_file *f, const char *cls, const char *ptr)
{
	if (!f->cls[0]) {
		snprintf(f->cls, sizeof(f->cls), "%s", cls);
		snprintf(f->ptr, sizeof(f->ptr), "%s", ptr);
		return 0;
	}
	return strcmp(f->cls, cls) || strcmp(f->ptr, ptr) ? -1 : 0;
}

static int parse_header(struct wr_rt_file *f, const char *line, unsigned int ln, bool *skipped,
			char *err, size_t errlen)
{
	char cls[sizeof(f->cls)], ptr[sizeof(f->ptr)];
	struct wr_rt_block *b;
	const char *p = take_dir(line, cls, sizeof(cls), ptr, sizeof(ptr));
	uint32_t n, m;

	if (!p)
		return fail(err, errlen, ln, "not '<class>@<pointer> has N/M users at'");
	if (same_dir(f, cls, ptr))
		return fail(err, errlen, ln, "names %s@%s, the file began with %s@%s", cls, ptr,
			    f->cls, f->ptr);
	if (!strncmp(p, ": couldn't get stats", 20))
		return fail(err, errlen, ln, "the kernel could not list its trackers (%s)",
			    p + 2);
	if (!strncmp(p, " skipped reports about ", 23)) {
		p += 23;
		if (!take_u32(&p, &n) || *p++ != '/' || !take_u32(&p, &m) ||
		    strcmp(p, " users.") || !n)
			return fail(err, errlen, ln, "not 'skipped reports about K/M users.'");
		if (f->nr && m != f->total)
			return fail(err, errlen, ln, "%u users in all, the headers said %u", m,
				    f->total);
		f->skipped = n;
		f->total = m;
		*skipped = true;
		return 0;
	}
	if (strncmp(p, " has ", 5))
		return fail(err, errlen, ln, "not '<class>@<pointer> has N/M users at'");
	p += 5;
	if (!take_u32(&p, &n) || *p++ != '/' || !take_u32(&p, &m) || strcmp(p, " users at"))
		return fail(err, errlen, ln, "not 'has N/M users at' with two numbers");
	if (!n || n > m)
		return fail(err, errlen, ln, "%u of %u users", n, m);
	if (f->nr && m != f->total)
		return fail(err, errlen, ln, "%u users in all, an earlier header said %u", m,
			    f->total);
	if (f->nr >= WR_RT_MAX_BLOCKS)
		return fail(err, errlen, ln, "more than %d stacks (the kernel prints 16)",
			    WR_RT_MAX_BLOCKS);
	b = realloc(f->v, (f->nr + 1) * sizeof(*f->v));
	if (!b)
		return fail(err, errlen, 0, "out of memory");
	f->v = b;
	b = &f->v[f->nr++];
	memset(b, 0, sizeof(*b));
	b->users = n;
	f->total = m;
	return 0;
}

static int add_frame(struct wr_rt_block *b, const char *s, unsigned int ln, char *err,
		     size_t errlen)
{
	struct wr_rt_frame *fr;

	if (b->nr_frames >= WR_RT_MAX_FRAMES)
		return fail(err, errlen, ln, "more than %d frames in a stack (the kernel saves 16)",
			    WR_RT_MAX_FRAMES);
	fr = realloc(b->frames, (b->nr_frames + 1) * sizeof(*fr));
	if (!fr)
		return fail(err, errlen, 0, "out of memory");
	b->frames = fr;
	if (parse_frame(s, &fr[b->nr_frames]))
		return fail(err, errlen, ln, "not a frame as %%pS prints one "
			    "(function+0xoffset/0xsize [module])");
	b->nr_frames++;
	return 0;
}

int rtfile__parse(const char *text, size_t len, struct wr_rt_file *f, char *err, size_t errlen)
{
	char line[WR_RT_MAX_LINE + 1];
	bool in_block = false, skipped = false;
	unsigned int ln = 0;
	size_t pos = 0, i;
	uint64_t sum = 0;

	memset(f, 0, sizeof(*f));
	if (memchr(text, '\0', len))
		return fail(err, errlen, 0, "a NUL byte: not text");
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - text - pos) : len - pos;

		ln++;
		if (!nl)
			goto bad_end;
		if (n > WR_RT_MAX_LINE) {
			fail(err, errlen, ln, "longer than %d bytes", WR_RT_MAX_LINE);
			goto out;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + 1;
		if (skipped) {
			fail(err, errlen, ln, "text after the 'skipped reports' line");
			goto out;
		}
		if (in_block) {
			if (!n) {
				in_block = false;
				continue;
			}
			if (line[0] != ' ' && line[0] != '\t') {
				fail(err, errlen, ln, "a stack not ended by an empty line");
				goto out;
			}
			if (add_frame(&f->v[f->nr - 1], line + strspn(line, " \t"), ln, err,
				      errlen))
				goto out;
			continue;
		}
		if (!n || line[0] == ' ' || line[0] == '\t') {
			fail(err, errlen, ln, "%s where a 'has N/M users at' header belongs",
			     n ? "a frame" : "an empty line");
			goto out;
		}
		if (parse_header(f, line, ln, &skipped, err, errlen))
			goto out;
		in_block = !skipped;
	}
	if (in_block)
		goto bad_end;
	for (i = 0; i < f->nr; i++)
		sum += f->v[i].users;
	if (sum + f->skipped != f->total) {
		fail(err, errlen, 0, "the stacks hold %" PRIu64 " users and %u were skipped, "
		     "but the headers say %u in all", sum, f->skipped, f->total);
		goto out;
	}
	return 0;
bad_end:
	fail(err, errlen, ln, "cut short: the last stack has no empty line after it");
out:
	rtfile__free(f);
	return -1;
}

int rtfile__read(const char *path, struct wr_rt_file *f, char *err, size_t errlen)
{
	size_t len = 0, cap = 64 * 1024;
	char *buf = malloc(cap);
	int fd, ret;

	memset(f, 0, sizeof(*f));
	if (!buf) {
		fail(err, errlen, 0, "out of memory");
		return -ENOMEM;
	}
	fd = wr_open_regular(path);
	if (fd < 0) {
		free(buf);
		snprintf(err, errlen, "%s", strerror(-fd));
		return fd;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *nb;

			if (cap >= WR_RT_MAX_BYTES) {
				fail(err, errlen, 0, "larger than %u bytes", WR_RT_MAX_BYTES);
				ret = -EBADMSG;
				goto out;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				fail(err, errlen, 0, "out of memory");
				ret = -ENOMEM;
				goto out;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			snprintf(err, errlen, "%s", strerror(errno));
			goto out;
		}
		if (!n)
			break;
		len += n;
	}
	ret = rtfile__parse(buf, len, f, err, errlen) ? -EBADMSG : 0;
out:
	close(fd);
	free(buf);
	return ret;
}
