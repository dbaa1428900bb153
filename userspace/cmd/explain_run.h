/* SPDX-License-Identifier: GPL-2.0 */
/*
 * explain_run.h - `--explain FUNC` for the commands that take it (explain,
 * trace, ci, hang; explain_run.c): FUNC's callees planned from its
 * module's file, the BPF object attached, the answer printed at the end.
 */
#ifndef WR_CMD_EXPLAIN_RUN_H
#define WR_CMD_EXPLAIN_RUN_H

#include <stdio.h>

struct explain_run;
struct kbtf;
struct ksyms;

/* The options, for trace, ci and hang: codes past cli.h's */
enum { EXPLAIN_OPT_FUNC = 0x300, EXPLAIN_OPT_MODULE };
#define EXPLAIN_RUN_LONGOPTS							\
	{ "explain", required_argument, NULL, EXPLAIN_OPT_FUNC },		\
	{ "explain-module", required_argument, NULL, EXPLAIN_OPT_MODULE }

/* The options, for the commands' --help */
#define EXPLAIN_RUN_HELP							\
	"      --explain FUNC       also follow FUNC (an owner's function) and the calls\n" \
	"                           it makes: name each error path that leaks its wakeref\n" \
	"      --explain-module FILE  FUNC's module file (default: under\n"	\
	"                           /lib/modules/$(uname -r))\n"

/*
 * Plan FUNC's callees from MODULE_FILE (NULL: found under /lib/modules)
 * and attach.  KB: the kernel's BTF, or NULL to read it here (a started
 * tracer has closed its own).  NULL when it cannot, said in one line.
 */
struct explain_run *explain_run__start(const char *func, const char *module_file,
				       struct kbtf *kb, const struct ksyms *ks);
/* Print the answer to OUT: how many calls leaked, or -1 (said). */
long long explain_run__finish(struct explain_run *e, FILE *out);
void explain_run__stop(struct explain_run *e);

#endif
