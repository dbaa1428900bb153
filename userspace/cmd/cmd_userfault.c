// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_userfault.c - `wakeref userfault`: the GEM userfault lists (i915 GGTT
 * and lmem, xe VRAM) alone, traced live or asked of the daemon (view_loop.c).
 */
#include "cmd/commands.h"
#include "cmd/view_loop.h"

static const struct view_cmd userfault = {
	.name = "userfault",
	.about = "Trace the userfault lists (the CPU mmaps runtime suspend must revoke:\n"
		 "i915 GGTT and lmem, xe VRAM) live and print them on Ctrl-C, SIGTERM or\n"
		 "after --duration.\n",
};

int cmd_userfault(int argc, char **argv)
{
	return view_loop(argc, argv, &userfault);
}
