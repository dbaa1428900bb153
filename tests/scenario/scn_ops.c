// SPDX-License-Identifier: GPL-2.0
/*
 * scn_ops.c - what a driver operation of a scenario may say: the table of the
 * simulated driver's ctl commands (tests/sim/sim_ctl.c), the types of their
 * arguments and options, the sim's module parameters for "load", and what
 * its user process (tests/sim/user/wakeref-simuser.c) maps and is told in
 * "user" and "user_cmd" lines.
 *
 * A new ctl command is one row of scn_op_specs[]; a new option key one row
 * of scn_key_specs[]; a new argument type one row of scn_arg_types[]; a new
 * command of wakeref-simuser one row of scn_user_cmds[].  The parser needs
 * no other change.  Names of variants, sites, domains are the
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
	/* the drivers' cross-function and tail-call paths (tests/sim/sim_ctl_paths.c) */
	{ "job_create", "DEV JOB [QUEUE]", "" },
	{ "job_destroy", "DEV JOB", "ctx" },
	{ "queue_suspend", "DEV QUEUE", "" },
	{ "g2h", "DEV NAME", "ctx" },
	{ "tlb_inval", "DEV NAME", "gt" },
	{ "vm_create", "DEV NAME [LR]", "" },
	{ "vm_destroy", "DEV NAME", "" },
	{ "disp_commit", "DEV NAME [NONBLOCK]", "" },
	{ "disp_flip_done", "DEV NAME", "" },
	{ "hwm_read", "DEV", "ctx n" },
	{ "context_revoke", "DEV", "ctx n" },
	{ "context_unpin", "DEV", "ctx n delay_ms" },
	{ "vma_bind", "DEV", "ctx n" },
};
const size_t scn_nr_op_specs = sizeof(scn_op_specs) / sizeof(scn_op_specs[0]);

/*
 * The sim's user process, tests/sim/user/wakeref-simuser.c: what it maps
 * ("user SLOT MODE ARGS...") and the commands it reads ("user_cmd SLOT
 * CMD ARGS...").  A new command of wakeref-simuser is one row here (and, if
 * only an SVM process has it, one in scn_user_svm_cmds[]).  Its "exit" is
 * "user_exit SLOT", which also reaps it.
 */
static const struct scn_op_spec scn_user_modes[] = {
	[SCN_USER_GEM] = { "gem", "NODE NAME", "" },
	[SCN_USER_SVM] = { "svm", "NODE SIZE [FLAG] [FLAG]", "" },
};

static const struct scn_op_spec scn_user_cmds[] = {
	{ "touch", "OFF [LEN]", "" },
	{ "check", "OFF [LEN]", "" },
	{ "munmap", "OFF LEN", "" },
	{ "dontneed", "OFF LEN", "" },
	{ "fault", "OFF", "" },
	{ "unbind", "", "" },
	{ "sleep", "MS", "" },
};

static const char * const scn_user_svm_cmds[] = { "fault", "unbind" };

static const char * const scn_drivers[] = { "i915", "xe" };

/* "i915.0", "xe.1", or the device name "wakeref-sim-i915.0" */
bool scn_is_dev(const char *w)
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

#define SCN_NODE_DIR	"/dev/"

/* a device, or its node "/dev/wakeref-sim-i915.0" */
static bool scn_is_node(const char *w)
{
	if (!strncmp(w, SCN_NODE_DIR, strlen(SCN_NODE_DIR))) {
		w += strlen(SCN_NODE_DIR);
		if (strncmp(w, "wakeref-sim-", 12))
			return false;
	}
	return scn_is_dev(w);
}

/*
 * Bytes as wakeref-simuser reads them: "4096", "0x10000", with an optional
 * suffix p (pages), k or m.  No leading zero: its strtoul() would read octal.
 */
static bool scn_bytes(const char *w, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (w[0] < '0' || w[0] > '9' || (w[0] == '0' && w[1] >= '0' && w[1] <= '9'))
		return false;
	errno = 0;
	v = strtoul(w, &end, 0);
	if (errno || end == w)
		return false;
	if (*end && strchr("pkKmM", *end))
		end++;
	*out = v;
	return !*end;
}

static bool scn_is_off(const char *w)
{
	unsigned long v;

	return scn_bytes(w, &v);
}

static bool scn_is_len(const char *w)
{
	unsigned long v;

	return scn_bytes(w, &v) && v;
}

static bool scn_is_lr(const char *w)
{
	return !strcmp(w, "lr");
}

static bool scn_is_nonblock(const char *w)
{
	return !strcmp(w, "nonblock");
}

static bool scn_is_gt(const char *w)
{
	return !strcmp(w, "0") || !strcmp(w, "1");
}

static bool scn_is_svm_flag(const char *w)
{
	return !strcmp(w, "shared") || !strcmp(w, "ro");
}

/* a GEM object's name: WAKEREF_SIM_NAME_LEN (sim_uapi.h) with the NUL */
static bool scn_is_obj_name(const char *w)
{
	return strlen(w) < 32;
}

/* Placeholders of scn_op_specs[].args that have a type; the others are words. */
static const struct scn_arg_type {
	const char *name;
	bool (*ok)(const char *w);
	const char *want;
} scn_arg_types[] = {
	{ "DEV", scn_is_dev, "a device like i915.0 or xe.1" },
	{ "ASYNC", scn_is_async, "the word 'async'" },
	{ "NODE", scn_is_node, "a device like i915.0, xe.1 or /dev/wakeref-sim-xe.0" },
	{ "NAME", scn_is_obj_name, "an object name of at most 31 characters" },
	{ "JOB", scn_is_obj_name, "a job name of at most 31 characters" },
	{ "QUEUE", scn_is_obj_name, "an exec queue name of at most 31 characters" },
	{ "LR", scn_is_lr, "the word 'lr'" },
	{ "NONBLOCK", scn_is_nonblock, "the word 'nonblock'" },
	{ "SIZE", scn_is_len, "a size like 4096, 0x200000, 16p, 64k or 2m (not 0)" },
	{ "FLAG", scn_is_svm_flag, "'shared' or 'ro'" },
	{ "OFF", scn_is_off, "an offset like 0, 4096, 0x10000, 3p, 64k or 2m" },
	{ "LEN", scn_is_len, "a length like 4096, 0x10000, 3p, 64k or 2m (not 0)" },
	{ "MS", scn_is_ms, "milliseconds 0..60000" },
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
	{ "gt", scn_is_gt, "a GT of an xe device, gt=0 (primary) or gt=1 (media)" },
};

const struct scn_op_spec *scn_op_spec_find(const char *name)
{
	size_t i;

	for (i = 0; i < scn_nr_op_specs; i++)
		if (!strcmp(name, scn_op_specs[i].name))
			return &scn_op_specs[i];
	return NULL;
}

static void scn_print_names(FILE *out, const struct scn_op_spec *specs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? " " : "", specs[i].name);
}

void scn_print_known_ops(FILE *out)
{
	scn_print_names(out, scn_op_specs, scn_nr_op_specs);
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
		if (!max)
			scn_error(s, line, "'%s' takes no arguments, got '%s'", spec->name, argv[0]);
		else if (min == max)
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

void scn_print_user_cmds(FILE *out)
{
	scn_print_names(out, scn_user_cmds, sizeof(scn_user_cmds) / sizeof(scn_user_cmds[0]));
}

/* @spec with @prefix before its name in messages: "user_cmd SLOT touch" */
static int scn_check_user_words(struct scn *s, unsigned int line, const char *prefix,
				const struct scn_op_spec *spec, char **argv, int argc)
{
	struct scn_op_spec named = *spec;
	char name[64];

	snprintf(name, sizeof(name), "%s %s", prefix, spec->name);
	named.name = name;
	return scn_check_driver_op(s, line, &named, argv, argc);
}

/*
 * "user SLOT MODE ARGS...": @argv from MODE on.  Sets *@mode and
 * *@user_argv, wakeref-simuser's arguments with the device as its node
 * (/dev/wakeref-sim-xe.0), NULL-terminated and malloc()ed, words and all.
 */
int scn_check_user(struct scn *s, unsigned int line, char **argv, int argc,
		   enum scn_user_mode *mode, char ***user_argv)
{
	const size_t nr_modes = sizeof(scn_user_modes) / sizeof(scn_user_modes[0]);
	const char *dev;
	char **out;
	size_t m;
	int i;

	*user_argv = NULL;
	if (!argc) {
		scn_error(s, line,
			  "'user' wants what the process maps: user SLOT gem DEV NAME, or user SLOT svm DEV SIZE [shared] [ro]");
		return -EINVAL;
	}
	for (m = 0; m < nr_modes && strcmp(argv[0], scn_user_modes[m].name); m++)
		;
	if (m == nr_modes) {
		scn_error(s, line,
			  "'user' wants 'gem' or 'svm' after the process's name, got '%s' (user SLOT gem DEV NAME, or user SLOT svm DEV SIZE [shared] [ro])",
			  argv[0]);
		return -EINVAL;
	}
	if (scn_check_user_words(s, line, "user SLOT", &scn_user_modes[m], argv + 1, argc - 1))
		return -EINVAL;
	dev = argv[1];
	if (!strncmp(dev, SCN_NODE_DIR, strlen(SCN_NODE_DIR)))
		dev += strlen(SCN_NODE_DIR);
	if (!strncmp(dev, "wakeref-sim-", 12))
		dev += 12;
	if (m == SCN_USER_SVM && strncmp(dev, "xe.", 3)) {
		scn_error(s, line, "'user SLOT svm': GPU SVM is xe's, got the device '%s'",
			  argv[1]);
		return -EINVAL;
	}
	out = calloc(argc + 1, sizeof(*out));
	if (!out)
		goto oom;
	*user_argv = out;
	for (i = 0; i < argc; i++) {
		if (i == 1)
			out[i] = malloc(strlen(SCN_NODE_DIR "wakeref-sim-") + strlen(dev) + 1);
		else
			out[i] = strdup(argv[i]);
		if (!out[i])
			goto oom;
		if (i == 1)
			sprintf(out[i], "%swakeref-sim-%s", SCN_NODE_DIR, dev);
	}
	*mode = m;
	return 0;
oom:
	s->oom = true;
	return -ENOMEM;
}

/* "user_cmd SLOT CMD ARGS...": @argv from CMD on; *@svm_only for fault, unbind. */
int scn_check_user_cmd(struct scn *s, unsigned int line, char **argv, int argc, bool *svm_only)
{
	const size_t nr = sizeof(scn_user_cmds) / sizeof(scn_user_cmds[0]);
	char known[256] = "";
	size_t i, k;
	FILE *f;

	for (i = 0; argc && i < nr && strcmp(argv[0], scn_user_cmds[i].name); i++)
		;
	if (!argc || i == nr) {
		f = fmemopen(known, sizeof(known) - 1, "w");
		if (f) {
			scn_print_user_cmds(f);
			fclose(f);
		}
		if (argc && !strcmp(argv[0], "exit"))
			scn_error(s, line,
				  "'user_cmd SLOT exit': say 'user_exit SLOT', which also waits for the process and reaps it");
		else if (argc)
			scn_error(s, line,
				  "'user_cmd': unknown command '%s' of wakeref-simuser (known: %s)",
				  argv[0], known);
		else
			scn_error(s, line, "'user_cmd' wants a command after the process's name (%s)",
				  known);
		return -EINVAL;
	}
	*svm_only = false;
	for (k = 0; k < sizeof(scn_user_svm_cmds) / sizeof(scn_user_svm_cmds[0]); k++)
		*svm_only |= !strcmp(argv[0], scn_user_svm_cmds[k]);
	return scn_check_user_words(s, line, "user_cmd SLOT", &scn_user_cmds[i], argv + 1,
				    argc - 1);
}

/* The sim's module parameters (tests/sim/sim_main.c), all numbers. */
static const struct scn_param {
	const char *name;
	unsigned long max;
} scn_params[] = {
	{ "i915_devs", 4 },
	{ "xe_devs", 2 },
	{ "autosuspend_ms", 60000 },
	{ "async_put_delay_ms", 60000 },
	{ "userfault_autosuspend_ms", 60000 },
	{ "svm_gc_auto", 1 },
	{ "tlb_timeout_ms", 60000 },
};

int scn_check_module_param(struct scn *s, unsigned int line, const char *word)
{
	const char *eq = strchr(word, '=');
	char known[256];
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
