// SPDX-License-Identifier: GPL-2.0
/*
 * cli_parse.c - the tracing options' parser and the strict number parsers
 * (cli.h).  Nothing here but parsing and saying what is wrong: the unit
 * tests link it.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "drivers/hooks.h"
#include "lib/log.h"
#include "lib/settings.h"
#include "output/report_cli.h"
#include "session/session.h"

int cli__trace_option(struct session_opts *so, int opt, const char *arg)
{
	uint64_t bytes;

	switch (opt) {
	case CLI_OPT_NO_FENTRY:
		so->no_fentry = true;
		return 1;
	case CLI_OPT_NO_KPROBE:
		so->no_kprobe = true;
		return 1;
	case CLI_OPT_NO_MODULE_BTF:
		so->no_module_btf = true;
		return 1;
	case CLI_OPT_RINGBUF_SIZE:
		if (cli__parse_size("--ringbuf-size", arg, CLI_RINGBUF_MIN, CLI_RINGBUF_MAX,
				    &bytes))
			return -1;
		so->ringbuf_bytes = bytes;
		return 1;
	case CLI_OPT_KALLSYMS:
		so->kallsyms = arg;
		return 1;
	case CLI_OPT_FEATURES: {
		unsigned int features;

		if (hooks__parse_features(arg, &features) || !features) {
			log_error("bad --features '%s': want a comma list of owners, userfault, "
				  "svm, or all\n", arg);
			return -1;
		}
		so->features = features;
		return 1;
	}
	case 'v':
		so->verbose = true;
		log_set_verbose(true);
		return 1;
	}
	return 0;
}

/* cli__trace_option() or, when RC is not NULL, report_cli__option() */
static int cli__option(struct session_opts *so, struct report_cli *rc, int opt, const char *arg)
{
	int r = cli__trace_option(so, opt, arg);

	return r || !rc ? r : report_cli__option(rc, opt, arg);
}

int cli__getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
		struct session_opts *so, struct report_cli *rc)
{
	int opt, r;

	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		r = cli__option(so, rc, opt, optarg);
		if (r < 0)
			return CLI_BAD_VALUE;
		if (!r)
			return opt;
	}
	return -1;
}

int cli__parse_seconds(const char *option, const char *arg, double min, bool inclusive,
		       double *out)
{
	char *end;
	double v;

	/* strtod() would take spaces, signs, hex, inf and nan: a digit or '.' first */
	if (!arg || !(isdigit((unsigned char)*arg) || *arg == '.') || strpbrk(arg, "xX"))
		goto bad;
	v = strtod(arg, &end);
	if (end == arg || *end || !isfinite(v) || v > CLI_SECONDS_MAX ||
	    (inclusive ? v < min : v <= min))
		goto bad;
	*out = v;
	return 0;
bad:
	log_error("bad %s '%s': want seconds %s %g (at most %.0f, a year)\n", option,
		  arg ? arg : "", inclusive ? ">=" : ">", min, CLI_SECONDS_MAX);
	return -1;
}

/* 1G, 8M or 4096: how a bound reads in a message */
static void size_name(uint64_t v, char *buf, size_t len)
{
	if (v && !(v % (1ull << 30)))
		snprintf(buf, len, "%lluG", (unsigned long long)(v >> 30));
	else if (v && !(v % (1ull << 20)))
		snprintf(buf, len, "%lluM", (unsigned long long)(v >> 20));
	else
		snprintf(buf, len, "%llu", (unsigned long long)v);
}

int cli__parse_size(const char *option, const char *arg, uint64_t min, uint64_t max,
		    uint64_t *out)
{
	static const char units[] = "KMG";
	char num[32], lo[24], hi[24];
	const char *unit;
	size_t digits;
	uint64_t v, mult = 1;

	digits = arg ? strspn(arg, "0123456789") : 0;
	if (!digits || digits >= sizeof(num))
		goto bad;
	if (arg[digits]) {
		unit = strchr(units, toupper((unsigned char)arg[digits]));
		if (!unit || arg[digits + 1])
			goto bad;
		mult = 1ull << (10 * (unit - units + 1));
	}
	memcpy(num, arg, digits);
	num[digits] = '\0';
	if (settings__parse_u64(num, max / mult, &v) || v * mult < min)
		goto bad;
	*out = v * mult;
	return 0;
bad:
	size_name(min, lo, sizeof(lo));
	size_name(max, hi, sizeof(hi));
	log_error("bad %s '%s': want %s .. %s bytes\n", option, arg ? arg : "", lo, hi);
	return -1;
}

int cli__parse_port(const char *option, const char *arg, uint16_t *out)
{
	uint64_t v;

	if (settings__parse_u64(arg, 65535, &v) || !v) {
		log_error("bad %s '%s': want a port from 1 to 65535\n", option, arg ? arg : "");
		return -1;
	}
	*out = v;
	return 0;
}

int cli__parse_count(const char *option, const char *arg, uint64_t min, uint64_t max,
		     const char *unit, uint64_t *out)
{
	uint64_t v;

	if (settings__parse_u64(arg, max, &v) || v < min) {
		log_error("bad %s '%s': want a whole number of %s from %llu to %llu\n", option,
			  arg ? arg : "", unit, (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

int cli__no_args(const char *cmd, int argc, char **argv, int next)
{
	if (next >= argc)
		return 0;
	log_error("%s: unexpected argument '%s' (it takes options only: wakeref %s --help)\n",
		  cmd, argv[next], cmd);
	return 2;
}
