/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dump.h - the daemon's answer to a dump request on the control socket
 * (the request's forms, old and new, are in request.h): a report of the
 * owner table in the format and part of the table the client asked for.
 */
#ifndef WR_DAEMON_DUMP_H
#define WR_DAEMON_DUMP_H

#include <stdio.h>

#include "output/report.h"

/*
 * Answer REQ (one line, no newline) into OUT when it is a dump request:
 * a report of OT (RO has the rest: clock, losses, allowlist, views, the
 * daemon's report cache), or one error line when the request or its format
 * cannot be answered as asked.  Returns 1 when REQ was a dump request
 * (answered or refused), 0 when it is another request (nothing written).
 */
int dump__answer(const char *req, const struct wr_owners *ot, const struct ksyms *ks,
		 const struct report_opts *ro, FILE *out);

#endif
