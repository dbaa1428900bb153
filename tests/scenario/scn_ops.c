// SPDX-License-Identifier: GPL-2.0
/*
 * scn_ops.c - what a driver operation of a scenario may say: the table of the
 * simulated driver's ctl commands (tests/sim/sim_ctl.c), the types of their
 * arguments and options, and the sim's module parameters for "load".
 *
 * A new ctl command is one row of scn_op_specs[]; a new option key one row
 * of scn_key_specs[]; a new argument type one row of scn_arg_types[].  The
 * parser needs no other change.  Names of variants, sites, domains are the
 * simulated driver's to check: a typo there fails at run time with FILE:LINE.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scn.h"

/*
 * Every op line is "OP ARGS... [key=value...]", as tests/sim/sim_ctl.c parses
 * it (`cat ctl` in the guest prints the same).  Scenarios that use the
 * display, GT, wakeref_auto or bench ops, xe devices or ctx= live in
 * tests/scenarios/pending/ until the sim's extension that has them is in.
 */
const struct scn_op_spec scn_op_specs[] = {
	{ "get", "DEV VARIANT SITE", "ctx n" },
	{ "put", "DEV SITE [KIND]", "ctx n" },
	{ "getput", "DEV VARIANT SITE", "ctx n" },
	{ "reset", "[DEV]", "" },
	{ "display_get", "DEV DOMAIN SITE", "ctx n" },
	{ "display_get_if_enabled", "DEV DOMAIN SITE", "ctx n" },
	{ "display_put", "DEV DOMAIN SITE", "ctx n" },
	{ "display_put_async", "DEV DOMAIN SITE", "ctx n delay_ms" },
	{ "display_flush", "DEV [SITE]", "ctx n" },
	{ "gt_get", "DEV SITE", "ctx n" },
	{ "gt_put", "DEV SITE [ASYNC]", "ctx n" },
	{ "wakeref_auto", "DEV SITE", "ctx n timeout_ms" },
	{ "bench", "DEV SITE", "ctx n tracking" },
	{ "gem_create", "DEV NAME KIND", "pages chunk" },
	{ "gem_revoke", "DEV NAME", "vma" },
	{ "gem_release_mmap", "DEV NAME", "" },
	{ "gem_destroy", "DEV NAME", "" },
	{ "bo_move", "DEV NAME [PLACEMENT]", "" },
	{ "svm_fault", "DEV ADDR", "" },
	{ "svm_evict", "DEV ADDR", "" },
	{ "svm_gc", "DEV", "" },
	{ "svm_fini", "DEV", "" },
};
const size_t scn_nr_op_specs = sizeof(scn_op_specs) / sizeof(scn_op_specs[0]);

static const char * const scn_drivers[] = { "i915", "xe" };

/* "i915.0", "xe.1", or the device name "wakeref-sim-i915.0" */
static bool scn_is_dev(const char *w)
{
	size_t i, len;

	if (!strncmp(w, "wakeref-sim-", 12))
		w += 12;
	for (i = 0; i < sizeof(scn_drivers) / sizeof(scn_drivers[0]); i++) {
		len = strlen(scn_drivers[i]);
		if (!strncmp(w, scn_drivers[i], len) && w[len] == '.' && w[len + 1] &&
		    strspn(w + len + 1, "0123456789") == strlen(w + len + 1))
			return true;
	}
	return false;
}

/* a decimal number 1..@max, no sign, no leading zero */
int scn_parse_count(const char *word, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (word[0] < '1' || word[0] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(word, &end, 10);
	if (*end || errno || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static bool scn_is_ms(const char *w)
{
	unsigned long v;

	return !strcmp(w, "0") || !scn_parse_count(w, 60000, &v);
}

/* a task name is a kthread's comm: TASK_COMM_LEN is 16 with the NUL */
static bool scn_is_ctx(const char *w)
{
	static const char * const plain[] = { "current", "wq", "timer", "irq" };
	static const char name_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					 "0123456789_.-";
	size_t i, len;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (!strcmp(w, plain[i]))
			return true;
	if (strncmp(w, "task:", 5))
		return false;
	len = strlen(w + 5);
	return len > 0 && len < 16 && strspn(w + 5, name_chars) == len;
}

static bool scn_is_async(const char *w)
{
	return !strcmp(w, "async");
}

static bool scn_is_tracking(const char *w)
{
	return !strcmp(w, "none") || !strcmp(w, "debug");
}

/* n: the sim allows 100000 repeats, or 10000000 pairs for bench */
static bool scn_is_n(const char *w)
{
	unsigned long v;

	return !scn_parse_count(w, 10000000, &v);
}

/* Placeholders of scn_op_specs[].args that have a type; the others are words. */
static const struct scn_arg_type {
	const char *name;
	bool (*ok)(const char *w);
	const char *want;
} scn_arg_types[] = {
	{ "DEV", scn_is_dev, "a device like i915.0 or xe.1" },
	{ "ASYNC", scn_is_async, "the word 'async'" },
};

/* Keys of options; a key an op allows but that has no row here takes any value. */
static const struct scn_key_spec {
	const char *name;
	bool (*ok)(const char *v);
	const char *want;
} scn_key_specs[] = {
	{ "n", scn_is_n, "a repeat count >= 1, like n=3" },
	{ "ctx", scn_is_ctx,
	  "current, task:NAME (1-15 letters, digits, _ . -), wq, timer or irq" },
	{ "delay_ms", scn_is_ms, "milliseconds 0..60000, like delay_ms=100" },
	{ "timeout_ms", scn_is_ms, "milliseconds 0..60000, like timeout_ms=100" },
	{ "tracking", scn_is_tracking, "none or debug" },
};

const struct scn_op_spec *scn_op_spec_find(const char *name)
{
	size_t i;

	for (i = 0; i < scn_nr_op_specs; i++)
		if (!strcmp(name, scn_op_specs[i].name))
			return &scn_op_specs[i];
	return NULL;
}

void scn_print_known_ops(FILE *out)
{
	size_t i;

	for (i = 0; i < scn_nr_op_specs; i++)
		fprintf(out, "%s%s", i ? " " : "", scn_op_specs[i].name);
}

/* Is @key a word of the space-separated @list? */
static bool scn_in_list(const char *list, const char *key, size_t len)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, " ");

		if (n == len && !strncmp(p, key, len))
			return true;
		p += n;
		p += strspn(p, " ");
	}
	return false;
}

static const struct scn_arg_type *scn_arg_type(const char *placeholder, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(scn_arg_types) / sizeof(scn_arg_types[0]); i++)
		if (strlen(scn_arg_types[i].name) == len &&
		    !strncmp(scn_arg_types[i].name, placeholder, len))
			return &scn_arg_types[i];
	return NULL;
}

/* Check the positional arguments against the spec's placeholders. */
static int scn_check_args(struct scn *s, unsigned int line, const struct scn_op_spec *spec,
			  char **argv, int nargs)
{
	const char *p = spec->args;
	int min = 0, max = 0, i = 0;

	while (*p) {
		bool opt = *p == '[';
		const char *name = p + opt;
		size_t len = strcspn(name, " ]");
		const struct scn_arg_type *type = scn_arg_type(name, len);

		if (!opt)
			min++;
		max++;
		if (i < nargs && type && !type->ok(argv[i])) {
			scn_error(s, line, "'%s' wants %s as %.*s, got '%s'", spec->name,
				  type->want, (int)len, name, argv[i]);
			return -EINVAL;
		}
		i++;
		p = name + len;
		p += strspn(p, " ]");
	}
	if (nargs < min || nargs > max) {
		if (min == max)
			scn_error(s, line, "'%s' wants %d argument%s (%s %s), got %d", spec->name,
				  min, min == 1 ? "" : "s", spec->name, spec->args, nargs);
		else
			scn_error(s, line, "'%s' wants %d to %d arguments (%s %s), got %d",
				  spec->name, min, max, spec->name, spec->args, nargs);
		return -EINVAL;
	}
	return 0;
}

/* Options: key=value, after the positional arguments, each key once. */
static int scn_check_keys(struct scn *s, unsigned int line, const struct scn_op_spec *spec,
			  char **opts, int nopts)
{
	const struct scn_key_spec *key;
	int i, j;
	size_t k, len;

	for (i = 0; i < nopts; i++) {
		len = strchr(opts[i], '=') - opts[i];
		if (!scn_in_list(spec->keys, opts[i], len)) {
			if (!spec->keys[0])
				scn_error(s, line, "'%s' takes no options, got '%s'", spec->name,
					  opts[i]);
			else
				scn_error(s, line, "'%s' has no option '%.*s' (options: %s)",
					  spec->name, (int)len, opts[i], spec->keys);
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (!strncmp(opts[j], opts[i], len + 1)) {
				scn_error(s, line, "option '%.*s' given twice", (int)len, opts[i]);
				return -EINVAL;
			}
		}
		for (k = 0; k < sizeof(scn_key_specs) / sizeof(scn_key_specs[0]); k++) {
			key = &scn_key_specs[k];
			if (strlen(key->name) != len || strncmp(key->name, opts[i], len))
				continue;
			if (!key->ok(opts[i] + len + 1)) {
				scn_error(s, line, "option '%s' wants %s, got '%s'", key->name,
					  key->want, opts[i]);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/*
 * Check a driver operation's words after the operation itself: positional
 * arguments first, then options (words with '=').
 */
int scn_check_driver_op(struct scn *s, unsigned int line, const struct scn_op_spec *spec,
			char **argv, int argc)
{
	int nargs, i;

	for (nargs = 0; nargs < argc && !strchr(argv[nargs], '='); nargs++)
		;
	for (i = nargs; i < argc; i++) {
		if (!strchr(argv[i], '=')) {
			scn_error(s, line,
				  "'%s': argument '%s' after the options (%s); options go last",
				  spec->name, argv[i], argv[nargs]);
			return -EINVAL;
		}
		if (argv[i][0] == '=') {
			scn_error(s, line, "'%s': option '%s' has no name", spec->name, argv[i]);
			return -EINVAL;
		}
	}
	if (scn_check_args(s, line, spec, argv, nargs))
		return -EINVAL;
	return scn_check_keys(s, line, spec, argv + nargs, argc - nargs);
}

/* The sim's module parameters (tests/sim/sim_main.c), all numbers. */
static const struct scn_param {
	const char *name;
	unsigned long max;
} scn_params[] = {
	{ "i915_devs", 4 },
	{ "xe_devs", 2 },
	{ "autosuspend_ms", 60000 },
};

int scn_check_module_param(struct scn *s, unsigned int line, const char *word)
{
	const char *eq = strchr(word, '=');
	char known[128];
	unsigned long v;
	size_t i, len;

	if (!eq || eq == word) {
		scn_error(s, line, "'load' wants PARAM=VALUE arguments, got '%s'", word);
		return -EINVAL;
	}
	len = eq - word;
	for (i = 0; i < sizeof(scn_params) / sizeof(scn_params[0]); i++) {
		if (strlen(scn_params[i].name) != len || strncmp(scn_params[i].name, word, len))
			continue;
		if (strcmp(eq + 1, "0") && scn_parse_count(eq + 1, scn_params[i].max, &v)) {
			scn_error(s, line, "'load': %s wants a number 0..%lu, got '%s'",
				  scn_params[i].name, scn_params[i].max, eq + 1);
			return -EINVAL;
		}
		return 0;
	}
	known[0] = '\0';
	for (i = 0; i < sizeof(scn_params) / sizeof(scn_params[0]); i++) {
		strcat(known, i ? " " : "");
		strcat(known, scn_params[i].name);
	}
	scn_error(s, line, "'load': unknown module parameter '%.*s' (known: %s)", (int)len, word,
		  known);
	return -EINVAL;
}
