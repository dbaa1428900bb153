/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dump.h - the daemon's "dump" requests on the control socket:
 * "dump [FORMAT] [device=NAME] [pid=PID]" (the client's -f, --device and
 * --pid), answered with a report of the owner table.
 */
#ifndef WR_DAEMON_DUMP_H
#define WR_DAEMON_DUMP_H

#include <stdbool.h>
#include <stdio.h>

#include "output/report.h"

/* Whether REQ (one line, no newline) is a dump request. */
bool dump__is_request(const char *req);

/*
 * Answer dump request REQ into OUT: a report of OT in the format and part
 * of the table it asks for; RO has the rest (clock, losses, allowlist,
 * views).  An unknown format is answered with an error line.
 */
void dump__answer(const char *req, const struct wr_owners *ot, const struct ksyms *ks,
		  const struct report_opts *ro, FILE *out);

#endif
