/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scn_guest.h - the guest side of wakeref-scn: the simulated driver, the
 * wakeref child, the sim's user processes, and the runner.  Functions that
 * fail put a message in the caller's @err buffer (no FILE:LINE: the runner
 * adds it).
 */
#ifndef WAKEREF_SCN_GUEST_H
#define WAKEREF_SCN_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "scn.h"

#define SCN_ERR_LEN		512
#define SCN_SIM_NAME		"wakeref_sim"
#define SCN_SIM_DIR		"/sys/kernel/debug/wakeref_sim"

/* scn_sim.c */
struct scn_sim {
	const char *ko;		/* the module file */
	bool loaded;
	int ctl_fd;
	int kmsg_fd;		/* to quote the sim's reason for a rejected command */
};

void scn_sim_init(struct scn_sim *sim, const char *ko);
int scn_sim_load(struct scn_sim *sim, char **params, int nparams, char *err);
int scn_sim_unload(struct scn_sim *sim, char *err);
int scn_sim_ctl(struct scn_sim *sim, const char *line, char *err);
char *scn_sim_file(const char *name, size_t *len, char *err);
char *scn_sim_owners(size_t *len, char *err);
void scn_kmsg_mark(struct scn_sim *sim);
void scn_kmsg_quote(struct scn_sim *sim, char *err);

/* scn_child.c */
struct scn_buf {
	char *data;
	size_t len, cap;
};

struct scn_child {
	pid_t pid;
	int out_fd, err_fd;	/* -1 once at EOF */
	struct scn_buf out;	/* stdout not yet consumed */
	struct scn_buf err;	/* stderr: the part of a line not yet forwarded */
	struct scn_buf early;	/* stderr before readiness, for an error */
	bool ready;
	unsigned int snapshots;
};

int scn_buf_add(struct scn_buf *b, const char *data, size_t len);
void scn_buf_consume(struct scn_buf *b, size_t n);
void scn_describe_status(int status, char *buf, size_t size);
int scn_child_start(struct scn_child *c, const char *wakeref, char **args, int nargs,
		    char *err);
int scn_child_snapshot(struct scn_child *c, char **text, size_t *len, char *err);
int scn_child_stop(struct scn_child *c, char **text, size_t *len, char *err);
void scn_child_kill(struct scn_child *c);

/* scn_proc.c */
struct scn_proc {
	const char *name;	/* the scenario's name for it (its slot) */
	pid_t pid;		/* 0: not running */
	int in_fd, out_fd;	/* its stdin; its stdout and stderr */
	struct scn_buf out;	/* output not yet consumed */
	unsigned int seq;	/* commands sent */
};

void scn_proc_init(struct scn_proc *p, const char *name);
int scn_proc_start(struct scn_proc *p, const char *path, char **args, char **ready, char *err);
int scn_proc_cmd(struct scn_proc *p, const char *line, unsigned int extra_ms, char **reply,
		 char *err);
int scn_proc_exit(struct scn_proc *p, bool kill, char *err);
void scn_proc_kill(struct scn_proc *p);

/* scn_run.c */
struct scn_run_opts {
	const char *wakeref;
	const char *sim_ko;
	const char *simuser;
	bool verbose;
};

int scn_run(struct scn *s, const struct scn_run_opts *opts);

#endif /* WAKEREF_SCN_GUEST_H */
