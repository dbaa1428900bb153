// SPDX-License-Identifier: GPL-2.0
/* report_cli.c - shared report options (see report_cli.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/log.h"
#include "model/who.h"
#include "output/report_cli.h"

int report_cli__option(struct report_cli *rc, int opt, const char *arg)
{
	enum wr_by by;
	int64_t ns;

	switch (opt) {
	case 'f':
		if (report__parse_format(arg, &rc->ropts.format)) {
			log_error("unknown format '%s' (text, json, jsonl, folded, "
				  "perfetto, owners, ref_tracker)\n", arg);
			return -1;
		}
		return 1;
	case 0x100:
		ns = parse_duration_ns(arg);
		if (ns < 0) {
			log_error("bad --min-age '%s': want a duration like 500ms "
				  "or 2s\n", arg);
			return -1;
		}
		rc->ropts.min_age_ns = ns;
		return 1;
	case 0x101:
		rc->allow_path = arg;
		return 1;
	case 'a':
		rc->show_all = true;
		return 1;
	case 0x102:
		if (!arg[0]) {
			log_error("--device wants a device's name, as reports print it "
				  "(0000:00:02.0)\n");
			return -1;
		}
		rc->ropts.device = arg;
		return 1;
	case 0x103: {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(arg, &end, 10);
		if (arg[0] < '1' || arg[0] > '9' || *end || errno || v > 0x7fffffff) {
			log_error("bad --pid '%s': want a process id, 1 or more\n", arg);
			return -1;
		}
		rc->ropts.pid = v;
		return 1;
	}
	case 0x105:
		if (arg && !arg[0]) {
			log_error("--compare-ref-tracker= wants a path: the ref_tracker "
				  "directory or a copy of a device's file\n");
			return -1;
		}
		rc->ropts.ref_tracker = arg ? arg : WR_REFTRACKER_DIR;
		return 1;
	case 0x104:
		if (who__parse_by(arg, &by) || by == WR_BY_STACK) {
			log_error("bad --by '%s': want ioctl, pid or module\n", arg);
			return -1;
		}
		rc->ropts.by = by;
		return 1;
	}
	return 0;
}

int report_cli__finish(struct report_cli *rc)
{
	if (rc->show_all) {
		rc->ropts.min_age_ns = 0;
		rc->ropts.allow = NULL;
		return 0;
	}
	if (rc->allow_path ? allowlist__load(&rc->allow, rc->allow_path) :
	    allowlist__load_default(&rc->allow))
		return -1;
	rc->ropts.allow = &rc->allow;
	return 0;
}

void report_cli__free(struct report_cli *rc)
{
	allowlist__free(&rc->allow);
}
