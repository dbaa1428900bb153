/* SPDX-License-Identifier: GPL-2.0 */
/*
 * igt_leaks.h - the wakerefs still held, by the igt test and subtest during
 * which each was taken (model/igt.h): a count per subtest after `wakeref
 * ci`'s report, and with --leak-dir one file per subtest, as igt_runner's
 * --kmemleak=each writes one per test.
 */
#ifndef WR_OUTPUT_IGT_LEAKS_H
#define WR_OUTPUT_IGT_LEAKS_H

#include <stdio.h>

#include "model/igt.h"
#include "model/owners.h"

struct ksyms;

/* "Wakerefs held, by igt test:" and a line per test; nothing without markers. */
void igt_leaks__print(FILE *out, const struct wr_owners *ot, const struct wr_igt *g);
/*
 * DIR/<test>@<subtest>[@<dynamic>].txt per span with owners (DIR/none.txt:
 * outside every test): per owner its device, function, who and during
 * what, and its stack.  0 or -errno (said why).
 */
int igt_leaks__write_dir(const char *dir, const struct wr_owners *ot, const struct ksyms *ks,
			 const struct wr_igt *g);

#endif
