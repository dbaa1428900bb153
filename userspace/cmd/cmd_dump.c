// SPDX-License-Identifier: GPL-2.0
/* cmd_dump.c - `wakeref dump [-j | -f FORMAT]`: the daemon's report (client.c). */
#include "cmd/client.h"
#include "cmd/commands.h"

static const struct client_cmd dump = {
	.name = "dump",
	.about = "The running daemon's report: the wakerefs held now and who took them,\n"
		 "as `wakeref trace` prints it on exit.\n",
	.formats = true,
};

int cmd_dump(int argc, char **argv)
{
	return client_ask(argc, argv, &dump);
}
