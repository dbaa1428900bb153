/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report_sleep.h - a device's system sleep and unbind in the reports
 * (model/sleep.h): what was held when system suspend began, the gets and
 * puts made while it was asleep, what was held at unbind.  Not for outside
 * output/.
 */
#ifndef WR_OUTPUT_REPORT_SLEEP_H
#define WR_OUTPUT_REPORT_SLEEP_H

#include <stdio.h>

#include "lib/json.h"
#include "model/owners.h"

struct ksyms;

/* The text report's sections, after the device's owners; nothing if none seen. */
void report__sleep_text(FILE *out, const struct wr_device *d, const struct ksyms *ks);
/* "sleep": { ... } in the device's JSON object; nothing if none seen. */
void report__sleep_json(struct jw *w, const struct wr_device *d, const struct ksyms *ks);
/*
 * -f owners, stable and sorted for the oracle:
 *   suspend DEV suspends=N resumes=N failed=N held=N
 *   suspend_owner DEV FUNC N       the owners at the last suspend, by function
 *   asleep DEV get|put FUNC        per get or put while asleep, in order
 *   asleep_count DEV gets=N puts=N
 *   unbind DEV held=N
 *   unbind_owner DEV FUNC N
 */
void report__sleep_lines(FILE *out, const struct wr_device *d, const struct ksyms *ks);

#endif
