/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unit.h - the smallest test harness that does the job: TEST() functions
 * registered in a table, CHECK*() that record a failure with file:line and
 * go on, one "PASS/FAIL unit/<file>/<test>" line per test and a closing
 * "N passed, N failed" line.
 */
#ifndef WR_UNIT_H
#define WR_UNIT_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_failed;

#define CHECK(cond) do {							\
	if (!(cond)) {								\
		printf("    %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);	\
		unit_failed = 1;						\
	}									\
} while (0)

#define CHECK_EQ_U64(a, b) do {							\
	uint64_t _a = (a), _b = (b);						\
	if (_a != _b) {								\
		printf("    %s:%d: %s == %" PRIu64 ", expected %s == %" PRIu64 "\n",	\
		       __FILE__, __LINE__, #a, _a, #b, _b);			\
		unit_failed = 1;						\
	}									\
} while (0)

#define CHECK_STR(a, b) do {							\
	const char *_a = (a), *_b = (b);					\
	if (!_a || !_b || strcmp(_a, _b)) {					\
		printf("    %s:%d: %s == \"%s\", expected \"%s\"\n",		\
		       __FILE__, __LINE__, #a, _a ? _a : "(null)", _b ? _b : "(null)");	\
		unit_failed = 1;						\
	}									\
} while (0)

#define CHECK_CONTAINS(hay, needle) do {					\
	const char *_h = (hay), *_n = (needle);					\
	if (!_h || !strstr(_h, _n)) {						\
		printf("    %s:%d: expected to find \"%s\" in:\n%s\n",		\
		       __FILE__, __LINE__, _n, _h ? _h : "(null)");		\
		unit_failed = 1;						\
	}									\
} while (0)

struct unit_test {
	const char *name;
	void (*fn)(void);
};

#define UNIT_MAIN(suite, ...)							\
int main(void)									\
{										\
	static const struct unit_test tests[] = { __VA_ARGS__ };		\
	int pass = 0, fail = 0;							\
	size_t i;								\
										\
	setvbuf(stdout, NULL, _IOLBF, 0);					\
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {		\
		unit_failed = 0;						\
		tests[i].fn();							\
		printf("%s unit/%s/%s\n", unit_failed ? "FAIL" : "PASS", suite,	\
		       tests[i].name);						\
		if (unit_failed)						\
			fail++;							\
		else								\
			pass++;							\
	}									\
	printf("%d passed, %d failed\n", pass, fail);				\
	return fail ? 1 : 0;							\
}

#define T(fn) { #fn, fn }

/* A whole text file, NUL-terminated, to free(); NULL if it cannot be read. */
static inline char *unit_slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* Fixture files are found relative to the source tree (make runs at the top). */
#define FIXTURE(name) "tests/unit/fixtures/" name

#endif
