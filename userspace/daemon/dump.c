// SPDX-License-Identifier: GPL-2.0
/* dump.c - the daemon's dump requests (see dump.h). */
#include <stdio.h>

#include "daemon/dump.h"
#include "daemon/request.h"

int dump__answer(const char *req, const struct wr_owners *ot, const struct ksyms *ks,
		 const struct report_opts *ro, FILE *out)
{
	struct report_opts o = *ro;
	struct wr_dump_req r;
	char err[256];
	int dump = request__parse_dump(req, &r, err, sizeof(err));

	if (!dump)
		return 0;
	if (dump < 0) {
		fprintf(out, "error: %s\n", err);
		return 1;
	}
	/* --device and --pid of the client */
	o.device = r.device[0] ? r.device : NULL;
	o.pid = r.pid;
	if (report__parse_format(r.format, &o.format))
		fprintf(out, "error: unknown format '%s'\n", r.format);
	else
		report__print(out, ot, ks, &o);
	return 1;
}
