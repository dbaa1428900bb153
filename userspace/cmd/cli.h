/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - what the subcommands' command lines share: the tracing options of
 * every command that traces (one table, one parser that fills the session's
 * options), the stop and snapshot signals, and strict parsers for numbers
 * that name the option they reject and say what is wanted.
 *
 * The parsers (cli_parse.c) print and touch nothing else, so the unit tests
 * link them; the signals are in cli.c.
 */
#ifndef WR_CMD_CLI_H
#define WR_CMD_CLI_H

#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct report_cli;
struct session_opts;

/* Codes of the long-only tracing options: past every letter and report_cli's. */
enum {
	CLI_OPT_NO_FENTRY = 0x200,
	CLI_OPT_NO_KPROBE,
	CLI_OPT_NO_MODULE_BTF,
	CLI_OPT_RINGBUF_SIZE,
	CLI_OPT_KALLSYMS,
	CLI_OPT_FEATURES,
};

/* The tracing options, for trace, record, ci, hang, top, userfault, svm, daemon. */
#define CLI_TRACE_SHORTOPTS "v"
#define CLI_TRACE_LONGOPTS							\
	{ "no-fentry", no_argument, NULL, CLI_OPT_NO_FENTRY },			\
	{ "no-kprobe", no_argument, NULL, CLI_OPT_NO_KPROBE },			\
	{ "no-module-btf", no_argument, NULL, CLI_OPT_NO_MODULE_BTF },		\
	{ "ringbuf-size", required_argument, NULL, CLI_OPT_RINGBUF_SIZE },	\
	{ "kallsyms", required_argument, NULL, CLI_OPT_KALLSYMS },		\
	{ "features", required_argument, NULL, CLI_OPT_FEATURES },		\
	{ "verbose", no_argument, NULL, 'v' }

#define CLI_TRACE_HELP								\
	"      --no-fentry          the fallbacks only: kprobes, tracepoints\n"	\
	"                           (also WAKEREF_NO_FENTRY=1)\n"			\
	"      --no-kprobe          no kprobes: where fentry cannot be used, a function's\n" \
	"                           tracepoint if it has one (also WAKEREF_NO_KPROBE=1)\n" \
	"      --no-module-btf      act as if modules had no BTF (WAKEREF_NO_MODULE_BTF=1)\n" \
	"      --ringbuf-size BYTES ring buffer size, 4096 .. 1G; K, M, G: KiB, MiB,\n" \
	"                           GiB (default 8M, rounded to a power of two)\n"	\
	"      --kallsyms FILE      symbol table (default /proc/kallsyms)\n"	\
	"      --features LIST      what to trace: owners, userfault, svm, all (default;\n" \
	"                           also WAKEREF_FEATURES): fewer attach and detach faster\n" \
	"  -v, --verbose            say what is attached where\n"

#define CLI_RINGBUF_MIN 4096ull
#define CLI_RINGBUF_MAX (1ull << 30)

/*
 * 1: OPT was a tracing option and is taken into SO (-v also turns on the
 * verbose log); 0: not one; -1: a bad value, said with the option's name.
 */
int cli__trace_option(struct session_opts *so, int opt, const char *arg);

#define CLI_BAD_VALUE (-2)
/*
 * getopt_long() for a command's loop, taking the tracing options into SO
 * (and, when RC is not NULL, the report options into RC) on the way: the
 * next option for the command itself, -1 at the end, or CLI_BAD_VALUE when
 * a shared option's value was bad (said).
 */
int cli__getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
		struct session_opts *so, struct report_cli *rc);

/* The longest --duration and the like: a year, so that SECONDS * 1e9 fits. */
#define CLI_SECONDS_MAX 31536000.0

/*
 * Strict parsers: 0 and *OUT set, or -1 with one line naming OPTION, the
 * value and what is wanted (*OUT untouched).  No sign, space, hex, inf or nan.
 */
/* Seconds (fractions allowed), more than MIN (or MIN itself when INCLUSIVE). */
int cli__parse_seconds(const char *option, const char *arg, double min, bool inclusive,
		       double *out);
/* Bytes MIN..MAX: a whole number, with K, M or G for KiB, MiB or GiB. */
int cli__parse_size(const char *option, const char *arg, uint64_t min, uint64_t max,
		    uint64_t *out);
/* A TCP port, 1..65535. */
int cli__parse_port(const char *option, const char *arg, uint16_t *out);
/* A whole number MIN..MAX of UNIT ("KiB", "refreshes"). */
int cli__parse_count(const char *option, const char *arg, uint64_t min, uint64_t max,
		     const char *unit, uint64_t *out);

/* For commands without positional arguments: 0, or 2 when ARGV[NEXT] is one (said). */
int cli__no_args(const char *cmd, int argc, char **argv, int next);

/* SIGINT/SIGTERM set wr_stop; SIGUSR1 counts up wr_usr1; SIGPIPE is ignored. */
extern volatile sig_atomic_t wr_stop, wr_usr1;
void wr_catch_signals(void);

#endif
