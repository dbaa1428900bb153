// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the command line's shared parsers (cmd/cli.h): strict
 * durations, sizes, ports and counts, each bad value refused with a line
 * naming the option; the tracing options' table and parser.
 */
#include <stdlib.h>

#include "cmd/cli.h"
#include "lib/log.h"
#include "output/report_cli.h"
#include "session/session.h"
#include "log_capture.h"
#include "unit.h"


/* ARG refused for OPTION by a seconds parser, OUT untouched, the option named. */
static void seconds_bad(const char *arg, double min, bool inclusive)
{
	char want[96];
	double v = 42;

	listen_log();
	CHECK(cli__parse_seconds("--duration", arg, min, inclusive, &v) < 0);
	CHECK(v == 42);
	snprintf(want, sizeof(want), "bad --duration '%s': want seconds", arg);
	CHECK_CONTAINS(heard(), want);
}

static void seconds_are_strict(void)
{
	static const char *const bad[] = {
		"inf", "nan", "INF", "1e300", "1e400", "-1", "-0.5", "x", "1x", "1s", " 1", "+1",
		"0x10", "", ".", "0", "0.0", "31536001",
	};
	double v = 0;
	size_t i;

	CHECK(cli__parse_seconds("--duration", "1", 0, false, &v) == 0 && v == 1);
	CHECK(cli__parse_seconds("--duration", "0.25", 0, false, &v) == 0 && v == 0.25);
	CHECK(cli__parse_seconds("--duration", ".5", 0, false, &v) == 0 && v == 0.5);
	CHECK(cli__parse_seconds("--duration", "1e3", 0, false, &v) == 0 && v == 1000);
	CHECK(cli__parse_seconds("--duration", "31536000", 0, false, &v) == 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		seconds_bad(bad[i], 0, false);
}

/* --settle 0 is fine (>= 0); --interval wants 0.1 at least, and says so */
static void seconds_inclusive_bounds(void)
{
	double v = 7;

	CHECK(cli__parse_seconds("--settle", "0", 0, true, &v) == 0 && v == 0);
	CHECK(cli__parse_seconds("--interval", "0.1", 0.1, true, &v) == 0 && v == 0.1);
	seconds_bad("0.05", 0.1, true);
	listen_log();
	CHECK(cli__parse_seconds("--interval", "0.05", 0.1, true, &v) < 0);
	CHECK_CONTAINS(heard(), "bad --interval '0.05': want seconds >= 0.1");
	seconds_bad("-0", 0, true);
}

static void size_bad(const char *arg)
{
	char want[96];
	uint64_t v = 42;

	listen_log();
	CHECK(cli__parse_size("--ringbuf-size", arg, CLI_RINGBUF_MIN, CLI_RINGBUF_MAX, &v) < 0);
	CHECK_EQ_U64(v, 42);
	snprintf(want, sizeof(want), "bad --ringbuf-size '%s': want 4096 .. 1G bytes", arg);
	CHECK_CONTAINS(heard(), want);
}

static void sizes_are_strict(void)
{
	static const char *const bad[] = {
		"4095", "2G", "1025M", "0", "", "-4096", "+4096", " 4096", "0x1000", "4096B",
		"8MB", "8T", "1e6", "18446744073709551616", "18014398509481984K",
		"99999999999999999999999999999999999",
	};
	uint64_t v = 0;
	size_t i;

	CHECK(cli__parse_size("--ringbuf-size", "4096", CLI_RINGBUF_MIN, CLI_RINGBUF_MAX,
			      &v) == 0);
	CHECK_EQ_U64(v, 4096);
	CHECK(cli__parse_size("--ringbuf-size", "8M", CLI_RINGBUF_MIN, CLI_RINGBUF_MAX, &v) == 0);
	CHECK_EQ_U64(v, 8 << 20);
	CHECK(cli__parse_size("--ringbuf-size", "64k", CLI_RINGBUF_MIN, CLI_RINGBUF_MAX,
			      &v) == 0);
	CHECK_EQ_U64(v, 64 << 10);
	CHECK(cli__parse_size("--ringbuf-size", "1G", CLI_RINGBUF_MIN, CLI_RINGBUF_MAX, &v) == 0);
	CHECK_EQ_U64(v, 1 << 30);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		size_bad(bad[i]);
}

static void ports_are_strict(void)
{
	static const char *const bad[] = {
		"4294967297", "65536", "0", "-1", "80x", "", "+80", " 80", "0x50", "1e3",
	};
	uint16_t port = 0;
	char want[96];
	size_t i;

	CHECK(cli__parse_port("--metrics-port", "9464", &port) == 0);
	CHECK_EQ_U64(port, 9464);
	CHECK(cli__parse_port("--metrics-port", "65535", &port) == 0);
	CHECK_EQ_U64(port, 65535);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		port = 42;
		listen_log();
		CHECK(cli__parse_port("--metrics-port", bad[i], &port) < 0);
		CHECK_EQ_U64(port, 42);	/* 4294967297 is not port 1 */
		snprintf(want, sizeof(want), "bad --metrics-port '%s': want a port from 1 to 65535",
			 bad[i]);
		CHECK_CONTAINS(heard(), want);
	}
}

/* --journal-max KiB: no overflow when it becomes bytes */
static void counts_are_strict(void)
{
	static const char *const bad[] = {
		"0", "9007199254740992", "18446744073709551615", "18446744073709551616", "-1",
		"4k", "", "1.5",
	};
	const uint64_t max = INT64_MAX / 1024;
	uint64_t v = 0;
	char want[96];
	size_t i;

	CHECK(cli__parse_count("--journal-max", "4", 1, max, "KiB", &v) == 0);
	CHECK_EQ_U64(v, 4);
	CHECK(cli__parse_count("--journal-max", "9007199254740991", 1, max, "KiB", &v) == 0);
	CHECK(v * 1024 <= (uint64_t)INT64_MAX);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 42;
		listen_log();
		CHECK(cli__parse_count("--journal-max", bad[i], 1, max, "KiB", &v) < 0);
		CHECK_EQ_U64(v, 42);
		snprintf(want, sizeof(want), "bad --journal-max '%s': want a whole number of KiB",
			 bad[i]);
		CHECK_CONTAINS(heard(), want);
	}
}

/* each tracing option fills its field of the session's options, and no other */
static void trace_options_fill_the_session(void)
{
	struct session_opts so = {}, zero = {};

	CHECK(cli__trace_option(&so, 'd', "1") == 0);
	CHECK(cli__trace_option(&so, 'K', "x") == 0);	/* not --kallsyms: daemon's old code */
	CHECK(!memcmp(&so, &zero, sizeof(so)));
	CHECK(cli__trace_option(&so, CLI_OPT_NO_FENTRY, NULL) == 1 && so.no_fentry);
	CHECK(cli__trace_option(&so, CLI_OPT_NO_KPROBE, NULL) == 1 && so.no_kprobe);
	CHECK(cli__trace_option(&so, CLI_OPT_NO_MODULE_BTF, NULL) == 1 && so.no_module_btf);
	CHECK(cli__trace_option(&so, CLI_OPT_KALLSYMS, "/tmp/ks") == 1);
	CHECK_STR(so.kallsyms, "/tmp/ks");
	CHECK(cli__trace_option(&so, CLI_OPT_RINGBUF_SIZE, "16M") == 1);
	CHECK_EQ_U64(so.ringbuf_bytes, 16 << 20);
	listen_log();
	CHECK(cli__trace_option(&so, CLI_OPT_RINGBUF_SIZE, "3") == -1);
	CHECK_CONTAINS(heard(), "bad --ringbuf-size '3'");
	CHECK_EQ_U64(so.ringbuf_bytes, 16 << 20);
	CHECK(!so.verbose && !log_is_verbose());
	CHECK(cli__trace_option(&so, 'v', NULL) == 1);
	CHECK(so.verbose && log_is_verbose());
	log_set_verbose(false);
}

/* one table: each option has a help line, a code of its own, and a parser case */
static void trace_table_is_whole(void)
{
	static const struct option trace[] = { CLI_TRACE_LONGOPTS, {} };
	static const struct option report[] = { REPORT_CLI_LONGOPTS, {} };
	const struct option *o, *p;
	char line[64];

	for (o = trace; o->name; o++) {
		struct session_opts so = {};

		snprintf(line, sizeof(line), "--%s", o->name);
		CHECK_CONTAINS(CLI_TRACE_HELP, line);
		for (p = o + 1; p->name; p++)
			CHECK(p->val != o->val);
		for (p = report; p->name; p++)
			CHECK(p->val != o->val && strcmp(p->name, o->name));
		if (o->val != 'v')
			CHECK(o->val >= 0x200);	/* long only: no letter to collide with */
		CHECK(cli__trace_option(&so, o->val, o->val == CLI_OPT_FEATURES ? "owners" :
					"8M") == 1);
	}
	log_set_verbose(false);
}

/* a command's loop sees its own options only; the shared ones are taken on the way */
static void getopt_hands_on_the_rest(void)
{
	static const struct option longopts[] = {
		{ "duration", required_argument, NULL, 'd' },
		CLI_TRACE_LONGOPTS,
		REPORT_CLI_LONGOPTS,
		{}
	};
	char *argv[] = {
		"trace", "--no-kprobe", "-d", "5", "--kallsyms", "/k", "-f", "json",
		"--ringbuf-size", "8M", "extra", NULL,
	};
	char *bad[] = { "hang", "-v", "--ringbuf-size", "1x", "-d", "1", NULL };
	struct report_cli rc = { .ropts.format = WR_FMT_TEXT };
	struct session_opts so = {};
	const char *shortopts = "d:" CLI_TRACE_SHORTOPTS REPORT_CLI_SHORTOPTS;
	int opt, seen = 0;

	optind = 0;
	while ((opt = cli__getopt(11, argv, shortopts, longopts, &so, &rc)) != -1) {
		CHECK(opt == 'd');
		CHECK_STR(optarg, "5");
		seen++;
	}
	CHECK_EQ_U64(seen, 1);
	CHECK(so.no_kprobe && !so.no_fentry);
	CHECK_STR(so.kallsyms, "/k");
	CHECK_EQ_U64(so.ringbuf_bytes, 8 << 20);
	CHECK(rc.ropts.format == WR_FMT_JSON);
	CHECK_STR(argv[optind], "extra");

	optind = 0;
	listen_log();
	CHECK(cli__getopt(6, bad, shortopts, longopts, &so, NULL) == CLI_BAD_VALUE);
	CHECK_CONTAINS(heard(), "bad --ringbuf-size '1x'");
	CHECK(cli__getopt(6, bad, shortopts, longopts, &so, NULL) == 'd');
	log_set_verbose(false);

	/* without a report_cli, -f is the command's to take or refuse */
	optind = 0;
	CHECK(cli__getopt(11, argv, shortopts, longopts, &so, NULL) == 'd');
	CHECK(cli__getopt(11, argv, shortopts, longopts, &so, NULL) == 'f');
	optind = 0;
}

static void extra_arguments_are_refused(void)
{
	char *argv[] = { "hang", "-d", "1", "now", NULL };

	CHECK(cli__no_args("hang", 3, argv, 3) == 0);
	listen_log();
	CHECK(cli__no_args("hang", 4, argv, 3) == 2);
	CHECK_CONTAINS(heard(), "wakeref: hang: unexpected argument 'now'");
	CHECK_CONTAINS(said, "wakeref hang --help");
}

/* "--no-fentry" as the man page writes it: \-\-no\-fentry */
static void man_name(const char *name, char *buf, size_t len)
{
	size_t n = 0;

	for (; *name && n + 3 < len; name++) {
		if (*name == '-')
			buf[n++] = '\\';
		buf[n++] = *name;
	}
	buf[n] = '\0';
}

/* The text from WHERE to the first END after it, cut there; NULL if absent. */
static char *section(char *text, const char *where, const char *end)
{
	char *s = text ? strstr(text, where) : NULL, *e;

	if (!s)
		return NULL;
	e = strstr(s + strlen(where), end);
	if (e)
		*e = '\0';
	return s;
}

/* the man page and the shell completion offer every tracing option, to every command */
static void docs_name_every_tracing_option(void)
{
	static const struct option trace[] = { CLI_TRACE_LONGOPTS, {} };
	static const char *const cmds[] = {
		"\n\ttrace|record)", "\n\tdaemon)", "\n\tuserfault|svm)", "\n\tci)", "\n\thang)",
		"\n\ttop)",
	};
	char *man = unit_slurp("tools/wakeref.8");
	char *comp = unit_slurp("tools/wakeref.bash-completion");
	char *opts, *branch, name[64], *tmp;
	const struct option *o;
	size_t i;

	CHECK(man && comp);
	opts = section(man, ".SH TRACING OPTIONS", "\n.SH ");
	CHECK(opts != NULL);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		tmp = comp ? strdup(comp) : NULL;
		branch = section(tmp, cmds[i], ";;");
		if (!branch)
			printf("    no branch %s in the completion\n", cmds[i] + 2);
		CHECK_CONTAINS(branch, "$trace_opts");
		free(tmp);
	}
	tmp = section(comp, "local trace_opts=\"", "\"\n");
	for (o = trace; o->name; o++) {
		man_name(o->name, name, sizeof(name));
		CHECK_CONTAINS(opts, name);
		snprintf(name, sizeof(name), "--%s", o->name);
		CHECK_CONTAINS(tmp, name);
	}
	free(man);
	free(comp);
}

/* The completion's answer to "WORDS" (the last word the one completed), by bash itself. */
static char *complete(const char *words)
{
	static char out[4096];
	char cmd[512];
	size_t n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "bash -c 'source tools/wakeref.bash-completion; "
		 "COMP_WORDS=(%s); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _wakeref; "
		 "printf \"%%s\\n\" \"${COMPREPLY[@]}\"' 2>&1", words);
	p = popen(cmd, "r");
	CHECK(p != NULL);
	if (!p)
		return "";
	/* a line each, a newline first: "\nWORD\n" is a whole answer */
	out[0] = '\n';
	n = fread(out + 1, 1, sizeof(out) - 2, p);
	out[n + 1] = '\0';
	pclose(p);
	return out;
}

/* after `ci --` comes a command line: its command, then what that command takes */
static void completion_after_ci_dashes_is_a_command(void)
{
	CHECK_CONTAINS(complete("wakeref ci --settle 1 -- tru"), "\ntrue\n");
	CHECK(!strstr(complete("wakeref ci --settle 1 -- --"), "--require-gpu"));
	CHECK_CONTAINS(complete("wakeref ci --re"), "\n--require-gpu\n");
	CHECK_CONTAINS(complete("wakeref ci -- cat tools/wakeref.bash-comp"),
		       "\ntools/wakeref.bash-completion\n");
	CHECK_CONTAINS(complete("wakeref help ha"), "\nhang\n");
}

UNIT_MAIN("cli",
	  T(seconds_are_strict),
	  T(seconds_inclusive_bounds),
	  T(sizes_are_strict),
	  T(ports_are_strict),
	  T(counts_are_strict),
	  T(trace_options_fill_the_session),
	  T(trace_table_is_whole),
	  T(getopt_hands_on_the_rest),
	  T(extra_arguments_are_refused),
	  T(docs_name_every_tracing_option),
	  T(completion_after_ci_dashes_is_a_command))
