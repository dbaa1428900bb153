/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report_cli.h - the report options every reporting subcommand takes
 * (-f FORMAT, --min-age, --allowlist, --all), parsed in one place.
 */
#ifndef WR_REPORT_CLI_H
#define WR_REPORT_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "drivers/reftracker.h"
#include "model/allowlist.h"
#include "output/report.h"

#define REPORT_CLI_SHORTOPTS "f:a"
#define REPORT_CLI_LONGOPTS						\
	{ "format", required_argument, NULL, 'f' },			\
	{ "min-age", required_argument, NULL, 0x100 },			\
	{ "allowlist", required_argument, NULL, 0x101 },		\
	{ "all", no_argument, NULL, 'a' },				\
	{ "by", required_argument, NULL, 0x104 },			\
	{ "device", required_argument, NULL, 0x102 },			\
	{ "pid", required_argument, NULL, 0x103 },			\
	{ "compare-ref-tracker", optional_argument, NULL, 0x105 }

#define REPORT_CLI_HELP							\
	"  -f, --format FORMAT      text: i915's wakeref report (default)\n"	\
	"                           json: one document; jsonl: JSON Lines\n"	\
	"                           folded: stacks for flame graphs\n"	\
	"                           perfetto: a timeline for ui.perfetto.dev\n"	\
	"                           owners: one line per device and owner, unfiltered\n" \
	"                           ref_tracker: as a debug kernel's ref_tracker\n" \
	"      --min-age DURATION   hide owners younger than DURATION (500ms, 2s)\n" \
	"      --allowlist FILE     known long-lived holders to hide (default: built in)\n" \
	"  -a, --all                hide nothing\n"				\
	"      --by KEY             also count the owners by ioctl, pid or module\n" \
	"      --device NAME        that device only (wakeref-sim-i915.0, 0000:00:02.0)\n" \
	"      --pid PID            owners that task (a pid or a process's) took only\n" \
	"      --compare-ref-tracker[=PATH]  then every difference with a debug kernel's\n" \
	"                           own tracking (default " WR_REFTRACKER_DIR ")\n"

struct report_cli {
	struct report_opts ropts;
	const char *allow_path;
	bool show_all;
	struct wr_allowlist allow;
};

/* 1: OPT was a report option and is taken; 0: not one; -1: bad value (said why). */
int report_cli__option(struct report_cli *rc, int opt, const char *arg);
/* Load the allowlist; 0 or -1 (said why). */
int report_cli__finish(struct report_cli *rc);
void report_cli__free(struct report_cli *rc);

#endif
