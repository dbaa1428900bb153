// SPDX-License-Identifier: GPL-2.0
/*
 * scn_sim.c - the simulated driver from the runner's side: load and unload
 * the module (finit_module/delete_module: no insmod needed), write commands
 * to its debugfs ctl file, read its oracle ("owners").
 *
 * The sim explains a rejected command in the kernel log ("wakeref_sim: ctl:
 * unknown site 'x'"), so the runner reads /dev/kmsg from just before each
 * write and quotes the sim's lines when the write fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "scn_guest.h"

void scn_sim_init(struct scn_sim *sim, const char *ko)
{
	sim->ko = ko;
	sim->loaded = false;
	sim->ctl_fd = -1;
	sim->kmsg_fd = -1;
}

/* Append the sim's kernel log lines written since the last kmsg_mark(). */
void scn_kmsg_quote(struct scn_sim *sim, char *err)
{
	char rec[2048], *msg, *nl;
	size_t len = strlen(err);
	ssize_t n;
	int nr = 0;

	if (sim->kmsg_fd < 0)
		return;
	for (;;) {
		n = read(sim->kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)	/* overwritten records: go on */
			continue;
		if (n <= 0)
			break;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (!msg || strncmp(msg + 1, SCN_SIM_NAME ": ", sizeof(SCN_SIM_NAME) + 1))
			continue;
		msg += 1 + sizeof(SCN_SIM_NAME) + 1;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';
		len += snprintf(err + len, len < SCN_ERR_LEN ? SCN_ERR_LEN - len : 0, "%s%s",
				nr++ ? "; " : " (the sim says: ", msg);
		if (len >= SCN_ERR_LEN)
			break;
	}
	if (nr && len < SCN_ERR_LEN - 1)
		strcat(err, ")");
}

void scn_kmsg_mark(struct scn_sim *sim)
{
	if (sim->kmsg_fd < 0)
		sim->kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (sim->kmsg_fd >= 0)
		lseek(sim->kmsg_fd, 0, SEEK_END);
}

/* load the module with "PARAM=VALUE" @params */
int scn_sim_load(struct scn_sim *sim, char **params, int nparams, char *err)
{
	char args[512] = "";
	int fd, i, ret;

	for (i = 0; i < nparams; i++) {
		if (strlen(args) + strlen(params[i]) + 2 > sizeof(args)) {
			snprintf(err, SCN_ERR_LEN, "module parameters too long");
			return -E2BIG;
		}
		strcat(args, i ? " " : "");
		strcat(args, params[i]);
	}
	fd = open(sim->ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, SCN_ERR_LEN, "cannot open the simulated driver %s: %s", sim->ko,
			 strerror(errno));
		return -errno;
	}
	scn_kmsg_mark(sim);
	ret = syscall(SYS_finit_module, fd, args, 0);
	close(fd);
	if (ret) {
		ret = -errno;
		if (ret == -EEXIST)
			snprintf(err, SCN_ERR_LEN, "%s is already loaded: unload it first",
				 SCN_SIM_NAME);
		else
			snprintf(err, SCN_ERR_LEN, "loading %s %s failed: %s", sim->ko, args,
				 strerror(-ret));
		scn_kmsg_quote(sim, err);
		return ret;
	}
	sim->loaded = true;
	sim->ctl_fd = open(SCN_SIM_DIR "/ctl", O_WRONLY | O_CLOEXEC);
	if (sim->ctl_fd < 0) {
		snprintf(err, SCN_ERR_LEN, "cannot open %s/ctl: %s (is debugfs mounted?)",
			 SCN_SIM_DIR, strerror(errno));
		return -ENOENT;
	}
	return 0;
}

/*
 * The ctl file pins the module: close it first.  A wakeref that just exited
 * may still hold trampolines on the module for a moment: retry for 5 s.
 */
int scn_sim_unload(struct scn_sim *sim, char *err)
{
	struct timespec ts = { 0, 50 * 1000000 };
	int i, ret = 0;

	if (sim->ctl_fd >= 0)
		close(sim->ctl_fd);
	sim->ctl_fd = -1;
	for (i = 0; i < 100; i++) {
		ret = syscall(SYS_delete_module, SCN_SIM_NAME, O_NONBLOCK);
		if (!ret || (errno != EBUSY && errno != EAGAIN))
			break;
		nanosleep(&ts, NULL);
	}
	if (ret) {
		snprintf(err, SCN_ERR_LEN, "unloading %s failed: %s", SCN_SIM_NAME,
			 strerror(errno));
		return -errno;
	}
	sim->loaded = false;
	if (sim->kmsg_fd >= 0)
		close(sim->kmsg_fd);
	sim->kmsg_fd = -1;
	return 0;
}

/* Write one command; the sim runs it before write() returns. */
int scn_sim_ctl(struct scn_sim *sim, const char *line, char *err)
{
	char buf[SCN_MAX_LINE + 2];
	size_t len = strlen(line);
	ssize_t n;

	if (len > SCN_MAX_LINE) {
		snprintf(err, SCN_ERR_LEN, "command too long");
		return -E2BIG;
	}
	memcpy(buf, line, len);
	buf[len++] = '\n';
	scn_kmsg_mark(sim);
	n = write(sim->ctl_fd, buf, len);
	if (n == (ssize_t)len)
		return 0;
	snprintf(err, SCN_ERR_LEN, "the simulated driver rejected it: %s",
		 n < 0 ? strerror(errno) : "short write");
	scn_kmsg_quote(sim, err);
	return n < 0 ? -errno : -EIO;
}

/* The sim's debugfs file @name ("owners", "pairs"), NUL-terminated; free() it. */
char *scn_sim_file(const char *name, size_t *len, char *err)
{
	size_t cap = 4096;
	char *buf = malloc(cap), *p, path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", SCN_SIM_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !buf) {
		snprintf(err, SCN_ERR_LEN, "cannot read the oracle %s: %s", path,
			 buf ? strerror(errno) : "out of memory");
		goto fail;
	}
	*len = 0;
	for (;;) {
		if (cap - *len < 1024) {
			p = realloc(buf, cap *= 2);
			if (!p) {
				snprintf(err, SCN_ERR_LEN, "out of memory reading the oracle");
				goto fail;
			}
			buf = p;
		}
		n = read(fd, buf + *len, cap - *len - 1);
		if (n < 0) {
			snprintf(err, SCN_ERR_LEN, "reading the oracle: %s", strerror(errno));
			goto fail;
		}
		if (!n)
			break;
		*len += n;
	}
	buf[*len] = '\0';
	close(fd);
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

/* The oracle's machine-readable form, NUL-terminated; free() it. */
char *scn_sim_owners(size_t *len, char *err)
{
	return scn_sim_file("owners", len, err);
}
