/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A ctl command's row (sim_ctl.c has the grammar and the site commands,
 * sim_ctl_paths.c the commands of the drivers' paths, sim_paths.h).
 */
#ifndef WAKEREF_SIM_CTL_H
#define WAKEREF_SIM_CTL_H

#include "sim.h"

/* the options a command takes */
#define OPT_CTX			BIT(0)
#define OPT_N			BIT(1)
#define OPT_DELAY		BIT(2)
#define OPT_TIMEOUT		BIT(3)
#define OPT_TRACKING		BIT(4)	/* also rate=R */
#define OPT_PAGES		BIT(5)
#define OPT_CHUNK		BIT(6)
#define OPT_VMA			BIT(7)
#define OPT_GT			BIT(8)
#define OPT_OP			(OPT_CTX | OPT_N)

struct sim_ctl_cmd {
	const char *name;
	const char *usage;
	int min_args;			/* positional words, with the command word */
	int max_args;
	unsigned int opts;
	bool i915_only;
	enum sim_op op;
	/* fill @cmd from the positional words; NULL: only DEV SITE */
	int (*parse)(struct sim_cmd *cmd, int argc, char **argv);
	/* a command that is no site op: run it from the words instead */
	int (*exec)(const struct sim_cmd *cmd, int argc, char **argv);
	bool xe_only;
};

/* sim_ctl_paths.c: the commands of the drivers' paths (sim_paths.h) */
extern const struct sim_ctl_cmd sim_ctl_path_cmds[];
extern const unsigned int sim_nr_ctl_path_cmds;

#endif /* WAKEREF_SIM_CTL_H */
