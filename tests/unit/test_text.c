// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of kernel text made safe to print (lib/text.c) and of JSON
 * strings (lib/json.c): a task name is any 15 bytes its process chose, so
 * neither a terminal escape nor invalid UTF-8 may come out as it went in.
 */
#include "lib/json.h"
#include "lib/text.h"
#include "unit.h"

static void utf8_sequences(void)
{
	unsigned int cp;

	CHECK(utf8_seq((const unsigned char *)"a", 1, &cp) == 1 && cp == 'a');
	CHECK(utf8_seq((const unsigned char *)"\xc3\xa9", 2, &cp) == 2 && cp == 0xe9);
	CHECK(utf8_seq((const unsigned char *)"\xe6\x97\xa5", 3, &cp) == 3 && cp == 0x65e5);
	CHECK(utf8_seq((const unsigned char *)"\xf0\x9f\x98\x80", 4, &cp) == 4 && cp == 0x1f600);
	CHECK(utf8_seq((const unsigned char *)"\xc3", 1, &cp) == 0);		/* cut short */
	CHECK(utf8_seq((const unsigned char *)"\xc0\xaf", 2, &cp) == 0);	/* overlong '/' */
	CHECK(utf8_seq((const unsigned char *)"\xed\xa0\x80", 3, &cp) == 0);	/* surrogate */
	CHECK(utf8_seq((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp) == 0);	/* > 10FFFF */
	CHECK(utf8_seq((const unsigned char *)"\xff", 1, &cp) == 0);
	CHECK(utf8_seq((const unsigned char *)"\x80", 1, &cp) == 0);
}

static void terminal_safe(void)
{
	char buf[WR_SAFE_SIZE(16)];

	CHECK_STR(text__safe("kworker/0:1", buf, sizeof(buf)), "kworker/0:1");
	CHECK_STR(text__safe("\x1b]0;pwn\x07", buf, sizeof(buf)), "\\x1b]0;pwn\\x07");
	CHECK_STR(text__safe("\x1b[2J", buf, sizeof(buf)), "\\x1b[2J");
	CHECK_STR(text__safe("a\x9b" "31m", buf, sizeof(buf)), "a\\x9b31m");	/* 8-bit CSI */
	CHECK_STR(text__safe("\xc2\x9b" "31m", buf, sizeof(buf)), "\\xc2\\x9b31m");	/* U+009B */
	CHECK_STR(text__safe("caf\xc3\xa9 \xe6\x97\xa5", buf, sizeof(buf)), "caf\xc3\xa9 \xe6\x97\xa5");
	CHECK_STR(text__safe("a\\x1b", buf, sizeof(buf)), "a\\x5cx1b");	/* no fake escapes */
	CHECK_STR(text__safe("del\x7f", buf, sizeof(buf)), "del\\x7f");
	CHECK_STR(text__safe("\xff\xfe", buf, sizeof(buf)), "\\xff\\xfe");
	/* 15 escaped bytes fit WR_SAFE_SIZE(16) whole */
	CHECK_EQ_U64(strlen(text__safe("\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b",
				       buf, sizeof(buf))), 60);
	/* a small buffer takes whole escapes only */
	CHECK_STR(text__safe("ab\x1b", buf, 5), "ab");
}

/* Every byte of S is valid UTF-8 and no control character but '\n'. */
static bool clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n;
	unsigned int cp;

	while (len) {
		n = utf8_seq(p, len, &cp);
		if (!n || (cp < 0x20 && cp != '\n') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return false;
		p += n;
		len -= n;
	}
	return true;
}

static void json_strings_are_valid_utf8(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct jw w;

	jw_init(&w, f);
	jw_object(&w, NULL);
	jw_string(&w, "comm", "\xff\x1b[31m\xc3\xa9\xc2\x9b\"\\\x7f");
	jw_end_object(&w);
	fclose(f);
	CHECK(clean(buf));
	CHECK_STR(buf, "{\"comm\":\"\\ufffd\\u001b[31m\xc3\xa9\\u009b\\\"\\\\\\u007f\"}\n");
	free(buf);
}

UNIT_MAIN("text", T(utf8_sequences), T(terminal_safe), T(json_strings_are_valid_utf8))
