/* SPDX-License-Identifier: GPL-2.0 */
/*
 * text.h - text that came from the kernel (task names: any process picks
 * its own) made safe to print: no byte of it can drive a terminal, and
 * what is not valid UTF-8 is shown as escapes rather than passed on.
 */
#ifndef WR_LIB_TEXT_H
#define WR_LIB_TEXT_H

#include <stddef.h>

/*
 * Bytes of a valid UTF-8 sequence starting at S (at most LEN bytes), or 0
 * when it is not one (overlong, a surrogate, past U+10FFFF, cut short).
 * *CP gets the code point.
 */
size_t utf8_seq(const unsigned char *s, size_t len, unsigned int *cp);

/*
 * S with every control character (C0, DEL, C1), backslash and byte that is
 * not valid UTF-8 written as \xHH, in BUF of SIZE bytes (cut to fit, whole
 * escapes only).  Returns BUF.  WR_SAFE_SIZE(N): what N bytes can need.
 */
#define WR_SAFE_SIZE(n) (4 * (n) + 1)
const char *text__safe(const char *s, char *buf, size_t size);

#endif
