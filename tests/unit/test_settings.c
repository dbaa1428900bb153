// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the WAKEREF_* settings: strict values, one table, and the
 * man page naming every setting the table has (and no other).
 */
#include <stdlib.h>

#include "lib/log.h"
#include "lib/settings.h"
#include "unit.h"

static void frames_are_strict(void)
{
	unsigned int g = 99, p = 99;

	CHECK(settings__parse_frames("8:4", 32, &g, &p) == 0);
	CHECK_EQ_U64(g, 8);
	CHECK_EQ_U64(p, 4);
	g = p = 99;
	CHECK(settings__parse_frames("0:0", 32, &g, &p) < 0);
	CHECK(settings__parse_frames("8:8junk", 32, &g, &p) < 0);
	CHECK(settings__parse_frames("4294967297:1", 32, &g, &p) < 0);
	CHECK(settings__parse_frames("33:1", 32, &g, &p) < 0);
	CHECK(settings__parse_frames("-1:4", 32, &g, &p) < 0);
	CHECK(settings__parse_frames(" 8:4", 32, &g, &p) < 0);
	CHECK(settings__parse_frames("8", 32, &g, &p) < 0);
	CHECK(settings__parse_frames("8:", 32, &g, &p) < 0);
	CHECK(settings__parse_frames("", 32, &g, &p) < 0);
	CHECK_EQ_U64(g, 99);	/* nothing written on an error */
	CHECK_EQ_U64(p, 99);
}

static void numbers_are_strict(void)
{
	uint64_t v = 7;

	CHECK(settings__parse_u64("1000", 86400000, &v) == 0 && v == 1000);
	CHECK(settings__parse_u64("1e300", 86400000, &v) < 0);
	CHECK(settings__parse_u64("inf", 86400000, &v) < 0);
	CHECK(settings__parse_u64("86400001", 86400000, &v) < 0);
	CHECK(settings__parse_u64("18446744073709551616", ~0ull, &v) < 0);
	CHECK(settings__parse_u64("+5", 100, &v) < 0);
	CHECK(v == 1000);
}

/* every switch takes the same words; a word it does not know is said, and off */
static void switches_take_the_same_words(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	log_set_stream(f);
	setenv("WAKEREF_BENCH_EMPTY", "yes", 1);
	CHECK(settings__on(WR_SET_BENCH_EMPTY));
	setenv("WAKEREF_BENCH_EMPTY", "1", 1);
	CHECK(settings__on(WR_SET_BENCH_EMPTY));
	setenv("WAKEREF_NO_KPROBE", "TRUE", 1);
	CHECK(settings__on(WR_SET_NO_KPROBE));
	setenv("WAKEREF_NO_KPROBE", "0", 1);
	CHECK(!settings__on(WR_SET_NO_KPROBE));
	setenv("WAKEREF_NO_KPROBE", "", 1);
	CHECK(!settings__on(WR_SET_NO_KPROBE));
	setenv("WAKEREF_NO_FENTRY", "maybe", 1);
	CHECK(!settings__on(WR_SET_NO_FENTRY));
	fflush(f);
	CHECK_CONTAINS(buf, "bad WAKEREF_NO_FENTRY 'maybe'");
	log_set_stream(NULL);
	fclose(f);
	free(buf);
	unsetenv("WAKEREF_BENCH_EMPTY");
	unsetenv("WAKEREF_NO_KPROBE");
	unsetenv("WAKEREF_NO_FENTRY");
}

/* the man page documents each setting of the table, and names no other */
static void man_page_lists_the_table(void)
{
	char *man = unit_slurp("tools/wakeref.8"), *p;
	int i;

	CHECK(man != NULL);
	if (!man)
		return;
	for (i = 0; i < WR_SET__COUNT; i++) {
		CHECK(wr_settings[i].name && wr_settings[i].meaning && wr_settings[i].dflt);
		if (!strstr(man, wr_settings[i].name))
			printf("    tools/wakeref.8 does not name %s\n", wr_settings[i].name);
		CHECK(strstr(man, wr_settings[i].name) != NULL);
	}
	for (p = strstr(man, "WAKEREF_"); p; p = strstr(p + 1, "WAKEREF_")) {
		char name[64];
		size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
		bool known = false;

		snprintf(name, sizeof(name), "%.*s", (int)(n < 63 ? n : 63), p);
		for (i = 0; i < WR_SET__COUNT; i++)
			known |= !strcmp(name, wr_settings[i].name);
		if (!known)
			printf("    tools/wakeref.8 names %s, which is not in lib/settings.c\n", name);
		CHECK(known);
	}
	free(man);
}

UNIT_MAIN("settings",
	  { "frames_are_strict", frames_are_strict },
	  { "numbers_are_strict", numbers_are_strict },
	  { "switches_take_the_same_words", switches_take_the_same_words },
	  { "man_page_lists_the_table", man_page_lists_the_table })
