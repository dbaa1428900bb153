/* SPDX-License-Identifier: GPL-2.0 */
/* view_loop.h - one state view alone, traced or asked of the daemon (userfault, svm). */
#ifndef WR_CMD_VIEW_LOOP_H
#define WR_CMD_VIEW_LOOP_H

struct view_cmd {
	const char *name;	/* the view's name, as views__find() knows it */
	const char *about;	/* what it shows, for --help: lines ending in \n */
};

/* Parse the options, then trace the view or ask the daemon: the exit status. */
int view_loop(int argc, char **argv, const struct view_cmd *cmd);

#endif
