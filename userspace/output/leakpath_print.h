/* SPDX-License-Identifier: GPL-2.0 */
/*
 * leakpath_print.h - the answer of `--explain FUNC` (leakpath_print.c):
 * each path by which FUNC returned still holding a wakeref it took, named
 * by the callee error that led there, with how often; then what was not
 * watched, and why.
 */
#ifndef WR_OUTPUT_LEAKPATH_PRINT_H
#define WR_OUTPUT_LEAKPATH_PRINT_H

#include <stdio.h>

#include "attach/leakpath_plan.h"

/* "-EDEADLK (-35)", or "-600" for a number without a name */
const char *leakpath__err_str(int err, char *buf, size_t len);
/* The explanation, in text. */
void leakpath__print(FILE *out, const struct lp_plan *p, const struct lp_result *r);

#endif
