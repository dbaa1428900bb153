/* SPDX-License-Identifier: GPL-2.0 */
/*
 * control.h - the daemon's control socket: a Unix stream socket on which a
 * client sends one command line ("dump text", "dump json", "stats",
 * "metrics", "status") and reads the answer until EOF.  Only root may talk
 * to it: the peer's credentials (SO_PEERCRED) are checked on every
 * connection.
 */
#ifndef WR_CONTROL_H
#define WR_CONTROL_H

#include <stdio.h>

#define WR_CONTROL_SOCKET "/run/wakeref/control.sock"

/* Server side: a listening socket at PATH (replacing a stale one), or -errno. */
int control__listen(const char *path);
/* Accept one client; its uid must be 0.  The command line goes in CMD. */
typedef void (*control_fn)(void *ctx, const char *cmd, FILE *out);
void control__serve_one(int lfd, control_fn fn, void *ctx);

/* mkdir -p of DIR (mode 0755); 0 or -errno. */
int wr_mkdir_p(const char *dir);

/* Client side: send CMD, copy the answer to OUT; 0 or -errno (says why). */
int control__request(const char *path, const char *cmd, FILE *out);

#endif
