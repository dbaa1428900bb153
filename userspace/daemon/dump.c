// SPDX-License-Identifier: GPL-2.0
/* dump.c - the daemon's dump requests (see dump.h). */
#include <stdio.h>
#include <string.h>

#include "daemon/dump.h"

bool dump__is_request(const char *req)
{
	char fmt[32];

	return !strcmp(req, "dump") || sscanf(req, "dump %31s", fmt) == 1;
}

void dump__answer(const char *req, const struct wr_owners *ot, const struct ksyms *ks,
		  const struct report_opts *ro, FILE *out)
{
	struct report_opts o = *ro;
	char fmt[32] = "text", device[64] = "";
	const char *opt = strstr(req, " device=");
	unsigned int pid = 0;

	if (strcmp(req, "dump"))
		sscanf(req, "dump %31s", fmt);
	/* dump FORMAT [device=NAME] [pid=PID]: --device and --pid of the client */
	if (opt && sscanf(opt, " device=%63s", device) == 1)
		o.device = device;
	opt = strstr(req, " pid=");
	if (opt && sscanf(opt, " pid=%u", &pid) == 1)
		o.pid = pid;
	if (report__parse_format(fmt, &o.format))
		fprintf(out, "error: unknown format '%s'\n", fmt);
	else
		report__print(out, ot, ks, &o);
}
