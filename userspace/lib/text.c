// SPDX-License-Identifier: GPL-2.0
/* text.c - kernel text made safe to print (see text.h). */
#include <stdio.h>
#include <string.h>

#include "lib/text.h"

size_t utf8_seq(const unsigned char *s, size_t len, unsigned int *cp)
{
	static const unsigned int min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	unsigned int c = s[0];
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return len ? 1 : 0;
	}
	if ((c & 0xe0) == 0xc0)
		n = 2, c &= 0x1f;
	else if ((c & 0xf0) == 0xe0)
		n = 3, c &= 0x0f;
	else if ((c & 0xf8) == 0xf0)
		n = 4, c &= 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

const char *text__safe(const char *s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), at = 0, n;
	unsigned int cp;

	if (!size)
		return buf;
	while (len) {
		n = utf8_seq(p, len, &cp);
		if (n && cp >= 0x20 && cp != 0x7f && cp != '\\' && !(cp >= 0x80 && cp < 0xa0)) {
			if (at + n >= size)
				break;
			memcpy(buf + at, p, n);
		} else {
			n = 1;	/* the byte alone: a control, a backslash or not UTF-8 */
			if (at + 4 >= size)
				break;
			snprintf(buf + at, 5, "\\x%02x", *p);
			at += 4 - n;
		}
		at += n;
		p += n;
		len -= n;
	}
	buf[at] = 0;
	return buf;
}
