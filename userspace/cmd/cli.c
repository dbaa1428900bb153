// SPDX-License-Identifier: GPL-2.0
/* cli.c - the signals every tracing subcommand stops and snapshots on (cli.h). */
#include <signal.h>

#include "cmd/cli.h"

volatile sig_atomic_t wr_stop, wr_usr1;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		wr_usr1++;
	else
		wr_stop = 1;
}

void wr_catch_signals(void)
{
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGUSR1, on_signal);
	signal(SIGPIPE, SIG_IGN);
}
