/* SPDX-License-Identifier: GPL-2.0 */
/*
 * control.h - the daemon's control socket: a Unix stream socket on which a
 * client sends one command line ("dump text", "dump json", "stats",
 * "metrics", "status") and reads one framed answer (server.h).  Only root
 * is answered: the peer's credentials (SO_PEERCRED) are checked on every
 * connection (server.c).
 */
#ifndef WR_CONTROL_H
#define WR_CONTROL_H

#include <stdio.h>
#include <sys/stat.h>

#define WR_CONTROL_SOCKET "/run/wakeref/control.sock"
/* The daemon's directory: root's, others may reach the socket in it. */
#define WR_RUN_DIR_MODE 0711

/* PATH fits a Unix socket address; else says so, naming OPTION.  0 or -1. */
int control__check_path(const char *option, const char *path);

/*
 * Server side: a listening socket at PATH, mode 0666 (SO_PEERCRED decides
 * who is answered), its file's identity in OWN.  What is at PATH is
 * replaced only when it is a stale socket of ours (nothing answers on it);
 * anything else is refused.  The fd or -errno, said on stderr.
 */
int control__listen(const char *path, struct stat *own);
/* Remove PATH if it is still the socket control__listen() made. */
void control__unlink(const char *path, const struct stat *own);

/* mkdir -p of DIR, new directories MODE; 0 or -errno. */
int wr_mkdir_p(const char *dir, mode_t mode);

/*
 * Client side: send CMD, copy the answer to OUT.  0, or -errno said on
 * stderr: no daemon, refused, or an answer cut short (-EPIPE).
 */
int control__request(const char *path, const char *cmd, FILE *out);
/*
 * The same; a daemon that refuses CMD as an unknown request (one older
 * than CMD's form) is said as OLDER, one line, and gives -EPROTONOSUPPORT.
 */
int control__ask(const char *path, const char *cmd, const char *older, FILE *out);

#endif
