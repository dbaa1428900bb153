// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_svm.c - `wakeref svm`: the GPU SVM state (drm_gpusvm: notifiers,
 * ranges, invalidations) alone, traced live or asked of the daemon
 * (view_loop.c).
 */
#include "cmd/commands.h"
#include "cmd/view_loop.h"

static const struct view_cmd svm = {
	.name = "svm",
	.about = "Trace the GPU SVM state (notifiers, ranges, invalidations) live and\n"
		 "print it on Ctrl-C, SIGTERM or after --duration.\n",
};

int cmd_svm(int argc, char **argv)
{
	return view_loop(argc, argv, &svm);
}
