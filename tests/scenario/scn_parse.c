// SPDX-License-Identifier: GPL-2.0
/*
 * scn_parse.c - a scenario file into a list of operations.
 *
 * One operation a line; words are separated by spaces or tabs; a word that
 * starts with '#' starts a comment to the end of the line; CRLF line ends are
 * fine.  The first word is a keyword of the language (sleep, checkpoint,
 * repeat, end, load, unload, attach, detach, user, user_cmd, user_exit,
 * expect) or a driver operation of the table in scn_ops.c.  "expect" is no
 * operation: it says what the whole file allows of wakeref's pairing.  Every error is reported as
 * "FILE:LINE: message" and parsing goes on to the end of the file, so one run
 * lists them all (up to SCN_MAX_ERRORS).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "scn.h"

struct scn_parser {
	struct scn *s;
	unsigned int line;
	size_t open[SCN_MAX_DEPTH];	/* indices of the open REPEAT ops */
	unsigned int depth;
	unsigned int depth_overflow;	/* repeats opened beyond SCN_MAX_DEPTH */
};

static const char * const scn_kind_names[] = {
	[SCN_DRIVER] = "driver operation",
	[SCN_SLEEP] = "sleep",
	[SCN_CHECKPOINT] = "checkpoint",
	[SCN_REPEAT] = "repeat",
	[SCN_END] = "end",
	[SCN_LOAD] = "load",
	[SCN_UNLOAD] = "unload",
	[SCN_ATTACH] = "attach",
	[SCN_DETACH] = "detach",
	[SCN_USER] = "user",
	[SCN_USER_CMD] = "user_cmd",
	[SCN_USER_EXIT] = "user_exit",
};

const char *scn_kind_name(enum scn_kind kind)
{
	return kind < sizeof(scn_kind_names) / sizeof(scn_kind_names[0]) ? scn_kind_names[kind] :
	       "?";
}

void scn_error(struct scn *s, unsigned int line, const char *fmt, ...)
{
	char *msg = NULL, *full = NULL;
	va_list ap;
	int ret;

	s->nr_errors++;
	if (s->nr_errors > SCN_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	ret = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (ret < 0)
		goto oom;
	if (line)
		ret = asprintf(&full, "%s:%u: %s", s->file, line, msg);
	else
		ret = asprintf(&full, "%s: %s", s->file, msg);
	free(msg);
	if (ret < 0)
		goto oom;
	s->errors[s->nr_errors - 1] = full;
	return;
oom:
	s->oom = true;
}

/* A copy of @n words joined by single spaces. */
static char *scn_join(char **w, int n)
{
	size_t len = 1;
	char *out;
	int i;

	for (i = 0; i < n; i++)
		len += strlen(w[i]) + 1;
	out = malloc(len);
	if (!out)
		return NULL;
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, w[i]);
	}
	return out;
}

static void scn_op_free(struct scn_op *op)
{
	int i;

	for (i = 0; i < op->argc; i++)
		free(op->argv[i]);
	free(op->argv);
	free(op->text);
	for (i = 0; op->user_argv && op->user_argv[i]; i++)
		free(op->user_argv[i]);
	free(op->user_argv);
	free(op->send);
}

/* Append an op of @kind with the line's words @w[0..n); NULL when out of memory. */
static struct scn_op *scn_add_op(struct scn *s, enum scn_kind kind, unsigned int line,
				 char **w, int n)
{
	struct scn_op *op;
	int i;

	if (s->nr_ops == s->cap_ops) {
		size_t cap = s->cap_ops ? 2 * s->cap_ops : 32;
		struct scn_op *ops = realloc(s->ops, cap * sizeof(*ops));

		if (!ops)
			goto oom;
		s->ops = ops;
		s->cap_ops = cap;
	}
	op = &s->ops[s->nr_ops];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->line = line;
	op->argv = calloc(n > 0 ? n : 1, sizeof(char *));
	op->text = scn_join(w, n);
	if (!op->argv || !op->text)
		goto oom_op;
	for (i = 1; i < n; i++) {
		op->argv[i - 1] = strdup(w[i]);
		if (!op->argv[i - 1])
			goto oom_op;
		op->argc = i;
	}
	s->nr_ops++;
	return op;
oom_op:
	scn_op_free(op);
oom:
	s->oom = true;
	return NULL;
}

/* "100ms", "2s", "500us" */
static int scn_parse_duration(const char *w, uint64_t *usec)
{
	static const struct { const char *unit; uint64_t us; } units[] = {
		{ "us", 1 }, { "ms", 1000 }, { "s", 1000000 },
	};
	uint64_t v = 0;
	size_t i;

	if (*w < '0' || *w > '9')
		return -EINVAL;
	for (; *w >= '0' && *w <= '9'; w++) {
		v = v * 10 + (*w - '0');
		if (v > SCN_MAX_SLEEP_US)
			return -ERANGE;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(w, units[i].unit))
			continue;
		if (v > SCN_MAX_SLEEP_US / units[i].us)
			return -ERANGE;
		*usec = v * units[i].us;
		return 0;
	}
	return -EINVAL;
}

static bool scn_no_args(struct scn_parser *p, char **w, int n)
{
	if (n == 1)
		return true;
	scn_error(p->s, p->line, "'%s' takes no arguments, got '%s'", w[0], w[1]);
	return false;
}

/* load, unload, attach, detach change what runs: not in a loop */
static bool scn_top_level(struct scn_parser *p, const char *what)
{
	if (!p->depth && !p->depth_overflow)
		return true;
	scn_error(p->s, p->line, "'%s' cannot be inside 'repeat' (line %u)", what,
		  p->depth ? p->s->ops[p->open[p->depth - 1]].line : 0);
	return false;
}

static void scn_kw_sleep(struct scn_parser *p, char **w, int n)
{
	struct scn_op *op;
	uint64_t usec;
	int ret;

	if (n != 2) {
		scn_error(p->s, p->line,
			  "'sleep' wants one duration like 100ms, 2s or 500us, got %d words",
			  n - 1);
		return;
	}
	ret = scn_parse_duration(w[1], &usec);
	if (ret == -ERANGE) {
		scn_error(p->s, p->line, "'sleep' of '%s' is longer than %llu s", w[1],
			  SCN_MAX_SLEEP_US / 1000000);
		return;
	}
	if (ret) {
		scn_error(p->s, p->line, "'sleep' wants a duration like 100ms, got '%s'", w[1]);
		return;
	}
	op = scn_add_op(p->s, SCN_SLEEP, p->line, w, n);
	if (op)
		op->usec = usec;
}

static void scn_kw_checkpoint(struct scn_parser *p, char **w, int n)
{
	static const char name_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					 "0123456789._-";
	const struct scn_op *o;
	size_t i;

	if (n > 2) {
		scn_error(p->s, p->line, "'checkpoint' takes at most one name, got '%s %s'", w[1],
			  w[2]);
		return;
	}
	if (n == 2) {
		if (strspn(w[1], name_chars) != strlen(w[1])) {
			scn_error(p->s, p->line,
				  "checkpoint name '%s': use letters, digits, '.', '_' and '-'",
				  w[1]);
			return;
		}
		for (i = 0; i < p->s->nr_ops; i++) {
			o = &p->s->ops[i];
			if (o->kind != SCN_CHECKPOINT || !o->argc || strcmp(o->argv[0], w[1]))
				continue;
			scn_error(p->s, p->line, "checkpoint '%s' is already at line %u", w[1],
				  o->line);
			return;
		}
	}
	scn_add_op(p->s, SCN_CHECKPOINT, p->line, w, n);
}

static void scn_kw_repeat(struct scn_parser *p, char **w, int n)
{
	unsigned long count = 0;
	struct scn_op *op;

	if (n != 2)
		scn_error(p->s, p->line, "'repeat' wants one count >= 1, got %d words", n - 1);
	else if (scn_parse_count(w[1], SCN_MAX_REPEAT, &count))
		scn_error(p->s, p->line, "'repeat' wants a count 1..%d, got '%s'", SCN_MAX_REPEAT,
			  w[1]);
	/* opened even when bad, so that its 'end' is not reported too */
	if (p->depth == SCN_MAX_DEPTH) {
		if (!p->depth_overflow++)
			scn_error(p->s, p->line, "'repeat' nested deeper than %d", SCN_MAX_DEPTH);
		return;
	}
	op = scn_add_op(p->s, SCN_REPEAT, p->line, w, n);
	if (!op)
		return;
	op->count = count;
	p->open[p->depth++] = p->s->nr_ops - 1;
}

static void scn_kw_end(struct scn_parser *p, char **w, int n)
{
	struct scn_op *op;
	size_t r;

	if (p->depth_overflow) {
		p->depth_overflow--;
		return;
	}
	if (!p->depth) {
		scn_error(p->s, p->line, "'end' without 'repeat'");
		return;
	}
	r = p->open[--p->depth];
	scn_no_args(p, w, n);
	op = scn_add_op(p->s, SCN_END, p->line, w, 1);
	if (!op)
		return;
	op->match = r;
	p->s->ops[r].match = p->s->nr_ops - 1;
}

static void scn_kw_load(struct scn_parser *p, char **w, int n)
{
	int i, bad = 0;

	if (!scn_top_level(p, "load"))
		return;
	for (i = 1; i < n; i++)
		bad |= scn_check_module_param(p->s, p->line, w[i]);
	if (!bad)
		scn_add_op(p->s, SCN_LOAD, p->line, w, n);
}

static void scn_kw_unload(struct scn_parser *p, char **w, int n)
{
	if (scn_top_level(p, w[0]) && scn_no_args(p, w, n))
		scn_add_op(p->s, !strcmp(w[0], "unload") ? SCN_UNLOAD : SCN_DETACH, p->line, w, n);
}

/* the runner owns the output format and the lifetime of the trace */
static void scn_kw_attach(struct scn_parser *p, char **w, int n)
{
	static const char * const owned[] = {
		"-f", "--format", "-d", "--duration", "-h", "--help",
	};
	size_t k, len;
	int i;

	if (!scn_top_level(p, "attach"))
		return;
	for (i = 1; i < n; i++) {
		for (k = 0; k < sizeof(owned) / sizeof(owned[0]); k++) {
			len = strlen(owned[k]);
			if (!strncmp(w[i], owned[k], len) &&
			    (!w[i][len] || w[i][len] == '=' || (len == 2 && w[i][1] != '-'))) {
				scn_error(p->s, p->line,
					  "'attach' passes '%s' to wakeref trace, but the runner sets the format and stops the trace itself",
					  w[i]);
				return;
			}
		}
	}
	scn_add_op(p->s, SCN_ATTACH, p->line, w, n);
}

/* "accuracy>=N": N a percentage 0..100, decimals allowed */
static int scn_parse_percent(const char *w, double *out)
{
	char *end;
	double v;

	if (*w < '0' || *w > '9')
		return -EINVAL;
	errno = 0;
	v = strtod(w, &end);
	if (*end || errno || v > 100)
		return -EINVAL;
	*out = v;
	return 0;
}

/* One expectation at most once a file: false (and the error) if said before. */
static bool scn_expect_once(struct scn_parser *p, unsigned int *line, const char *what)
{
	if (*line) {
		scn_error(p->s, p->line, "'expect %s' is already at line %u", what, *line);
		return false;
	}
	*line = p->line;
	return true;
}

/*
 * expect accuracy>=N | fallback | divergence | loss ...: what wakeref may do
 * in this file (scn_pairs_verdict()); several on a line or on several lines.
 */
static void scn_kw_expect(struct scn_parser *p, char **w, int n)
{
	struct scn_expect *e = &p->s->expect;
	double v;
	int i;

	if (n < 2) {
		scn_error(p->s, p->line,
			  "'expect' wants what wakeref may do in this file: accuracy>=N (a percentage), fallback, divergence or loss");
		return;
	}
	if (!scn_top_level(p, "expect"))
		return;
	for (i = 1; i < n; i++) {
		if (!strncmp(w[i], "accuracy>=", 10)) {
			if (scn_parse_percent(w[i] + 10, &v)) {
				scn_error(p->s, p->line,
					  "'expect accuracy>=N' wants a percentage 0..100, like accuracy>=80, got '%s'",
					  w[i]);
				continue;
			}
			if (scn_expect_once(p, &e->accuracy_line, "accuracy"))
				e->min_accuracy = v;
		} else if (!strcmp(w[i], "fallback")) {
			e->fallback = scn_expect_once(p, &e->fallback_line, w[i]);
		} else if (!strcmp(w[i], "divergence")) {
			e->divergence = scn_expect_once(p, &e->divergence_line, w[i]);
		} else if (!strcmp(w[i], "loss")) {
			e->loss = scn_expect_once(p, &e->loss_line, w[i]);
		} else {
			scn_error(p->s, p->line,
				  "'expect': unknown '%s' (accuracy>=N, fallback, divergence, loss)",
				  w[i]);
		}
	}
}

/* The index of user process @name in s->slots, added if new; -1 when out of memory. */
static int scn_slot(struct scn *s, const char *name)
{
	unsigned int i;
	char **slots;

	for (i = 0; i < s->nr_slots; i++)
		if (!strcmp(s->slots[i], name))
			return i;
	slots = realloc(s->slots, (s->nr_slots + 1) * sizeof(*slots));
	if (!slots)
		goto oom;
	s->slots = slots;
	slots[s->nr_slots] = strdup(name);
	if (!slots[s->nr_slots])
		goto oom;
	return s->nr_slots++;
oom:
	s->oom = true;
	return -1;
}

/* "KEYWORD SLOT ...": the name of a user process */
static bool scn_slot_ok(struct scn_parser *p, char **w, int n, const char *usage)
{
	static const char slot_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					 "0123456789_";

	if (n < 2) {
		scn_error(p->s, p->line, "'%s' wants the process's name first: %s", w[0], usage);
		return false;
	}
	if (strspn(w[1], slot_chars) != strlen(w[1]) || strlen(w[1]) > SCN_MAX_SLOT) {
		scn_error(p->s, p->line,
			  "'%s': process name '%s': use 1-%d letters, digits and '_'", w[0], w[1],
			  SCN_MAX_SLOT);
		return false;
	}
	return true;
}

/* Add the op of a user line whose checks passed; NULL when out of memory. */
static struct scn_op *scn_add_user_op(struct scn_parser *p, enum scn_kind kind, char **w, int n)
{
	int slot = scn_slot(p->s, w[1]);
	struct scn_op *op;

	if (slot < 0)
		return NULL;
	op = scn_add_op(p->s, kind, p->line, w, n);
	if (op)
		op->slot = slot;
	return op;
}

/* user SLOT gem DEV NAME | user SLOT svm DEV SIZE [shared] [ro] */
static void scn_kw_user(struct scn_parser *p, char **w, int n)
{
	enum scn_user_mode mode;
	struct scn_op *op;
	char **user_argv;
	int i;

	if (!scn_slot_ok(p, w, n, "user SLOT gem DEV NAME, or user SLOT svm DEV SIZE [shared] [ro]"))
		return;
	if (scn_check_user(p->s, p->line, w + 2, n - 2, &mode, &user_argv))
		goto out;
	op = scn_add_user_op(p, SCN_USER, w, n);
	if (!op)
		goto out;
	op->mode = mode;
	op->user_argv = user_argv;
	return;
out:
	for (i = 0; user_argv && user_argv[i]; i++)
		free(user_argv[i]);
	free(user_argv);
}

/* user_cmd SLOT CMD ARGS... */
static void scn_kw_user_cmd(struct scn_parser *p, char **w, int n)
{
	struct scn_op *op;
	bool svm_only;

	if (!scn_slot_ok(p, w, n, "user_cmd SLOT COMMAND [ARGS...], like user_cmd u touch 0 4p"))
		return;
	if (scn_check_user_cmd(p->s, p->line, w + 2, n - 2, &svm_only))
		return;
	op = scn_add_user_op(p, SCN_USER_CMD, w, n);
	if (!op)
		return;
	op->svm_only = svm_only;
	op->send = scn_join(w + 2, n - 2);
	if (!op->send)
		p->s->oom = true;
}

/* user_exit SLOT [kill] */
static void scn_kw_user_exit(struct scn_parser *p, char **w, int n)
{
	struct scn_op *op;

	if (!scn_slot_ok(p, w, n, "user_exit SLOT [kill]"))
		return;
	if (n > 3 || (n == 3 && strcmp(w[2], "kill"))) {
		scn_error(p->s, p->line,
			  "'user_exit' wants the process's name and, to SIGKILL it, 'kill': got '%s'",
			  w[n == 3 ? 2 : 3]);
		return;
	}
	op = scn_add_user_op(p, SCN_USER_EXIT, w, n);
	if (op)
		op->kill = n == 3;
}

static void scn_driver_op(struct scn_parser *p, char **w, int n)
{
	const struct scn_op_spec *spec = scn_op_spec_find(w[0]);
	char *known = NULL;
	size_t len = 0;
	FILE *f;

	if (!spec) {
		f = open_memstream(&known, &len);
		if (f) {
			scn_print_known_ops(f);
			fclose(f);
		}
		scn_error(p->s, p->line,
			  "unknown operation '%s' (known: %s; sleep checkpoint repeat end load unload attach detach user user_cmd user_exit expect)",
			  w[0], known ? known : "?");
		free(known);
		return;
	}
	if (!scn_check_driver_op(p->s, p->line, spec, w + 1, n - 1))
		scn_add_op(p->s, SCN_DRIVER, p->line, w, n);
}

static const struct {
	const char *word;
	void (*parse)(struct scn_parser *p, char **w, int n);
} scn_keywords[] = {
	{ "sleep", scn_kw_sleep },
	{ "checkpoint", scn_kw_checkpoint },
	{ "repeat", scn_kw_repeat },
	{ "end", scn_kw_end },
	{ "load", scn_kw_load },
	{ "unload", scn_kw_unload },
	{ "detach", scn_kw_unload },
	{ "attach", scn_kw_attach },
	{ "user", scn_kw_user },
	{ "user_cmd", scn_kw_user_cmd },
	{ "user_exit", scn_kw_user_exit },
	{ "expect", scn_kw_expect },
};

/* Split one line (NUL-terminated, writable) into words; a '#' word ends it. */
static int scn_split(char *text, char **w, int max)
{
	int n = 0;
	char *tok;

	for (tok = strtok(text, " \t\r\v\f"); tok; tok = strtok(NULL, " \t\r\v\f")) {
		if (tok[0] == '#')
			break;
		if (n == max)
			return -E2BIG;
		w[n++] = tok;
	}
	return n;
}

static void scn_parse_line(struct scn_parser *p, const char *start, size_t len)
{
	char text[SCN_MAX_LINE + 1], *w[SCN_MAX_WORDS];
	size_t i;
	int n;

	if (len > SCN_MAX_LINE) {
		scn_error(p->s, p->line, "line longer than %d characters", SCN_MAX_LINE);
		return;
	}
	memcpy(text, start, len);
	text[len] = '\0';
	n = scn_split(text, w, SCN_MAX_WORDS);
	if (n == -E2BIG) {
		scn_error(p->s, p->line, "more than %d words in a line", SCN_MAX_WORDS);
		return;
	}
	if (!n)
		return;
	for (i = 0; i < sizeof(scn_keywords) / sizeof(scn_keywords[0]); i++) {
		if (!strcmp(w[0], scn_keywords[i].word)) {
			scn_keywords[i].parse(p, w, n);
			return;
		}
	}
	scn_driver_op(p, w, n);
}

static int scn_init(struct scn *s, const char *file)
{
	memset(s, 0, sizeof(*s));
	s->file = strdup(file);
	s->expect.min_accuracy = 100;
	s->errors = calloc(SCN_MAX_ERRORS, sizeof(char *));
	if (!s->file || !s->errors) {
		s->oom = true;
		return -ENOMEM;
	}
	return 0;
}

static int scn_result(struct scn *s)
{
	if (s->oom)
		return -ENOMEM;
	return s->nr_errors ? -EINVAL : 0;
}

static void scn_parse_text(struct scn *s, const char *buf, size_t len)
{
	struct scn_parser p = { .s = s };
	const char *start = buf, *nl, *nul;

	nul = memchr(buf, '\0', len);
	if (nul) {
		for (nl = buf, p.line = 1; nl < nul; nl++)
			p.line += *nl == '\n';
		scn_error(s, p.line, "a NUL byte: this is not a text file");
		return;
	}
	while (start < buf + len && !s->oom) {
		nl = memchr(start, '\n', buf + len - start);
		if (!nl)
			nl = buf + len;
		p.line++;
		scn_parse_line(&p, start, nl - start);
		start = nl + 1;
	}
	s->nr_lines = p.line;
	while (p.depth)
		scn_error(s, p.line, "'repeat' at line %u has no 'end'",
			  s->ops[p.open[--p.depth]].line);
	if (p.depth_overflow)
		scn_error(s, p.line, "%u 'repeat' nested too deep have no 'end'", p.depth_overflow);
}

/*
 * Parse @len bytes of @buf, named @file in messages, into @s.  Returns 0,
 * -EINVAL with the errors in @s->errors, or -ENOMEM.  scn_free() @s anyway.
 */
int scn_parse_buf(struct scn *s, const char *file, const char *buf, size_t len)
{
	if (scn_init(s, file))
		return -ENOMEM;
	scn_parse_text(s, buf, len);
	return scn_result(s);
}

/* Read and parse @path, named @name (or @path) in messages; as scn_parse_buf(). */
int scn_parse_file(struct scn *s, const char *path, const char *name)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (scn_init(s, name ? name : path))
		return -ENOMEM;
	f = fopen(path, "r");
	if (!f) {
		scn_error(s, 0, "cannot open: %s", strerror(errno));
		goto out;
	}
	buf = malloc(SCN_MAX_FILE + 1);
	if (!buf) {
		s->oom = true;
		goto out;
	}
	len = fread(buf, 1, SCN_MAX_FILE + 1, f);
	if (ferror(f))
		scn_error(s, 0, "cannot read: %s", strerror(errno));
	else if (len > SCN_MAX_FILE)
		scn_error(s, 0, "larger than %d bytes: not a scenario", SCN_MAX_FILE);
	else
		scn_parse_text(s, buf, len);
out:
	if (f)
		fclose(f);
	free(buf);
	return scn_result(s);
}

void scn_free(struct scn *s)
{
	size_t i;

	for (i = 0; i < s->nr_ops; i++)
		scn_op_free(&s->ops[i]);
	free(s->ops);
	if (s->errors)
		for (i = 0; i < s->nr_errors && i < SCN_MAX_ERRORS; i++)
			free(s->errors[i]);
	free(s->errors);
	for (i = 0; i < s->nr_slots; i++)
		free(s->slots[i]);
	free(s->slots);
	free(s->file);
	memset(s, 0, sizeof(*s));
}
