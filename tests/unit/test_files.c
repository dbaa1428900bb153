// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the files wakeref writes as root (lib/files.c and its
 * users: recordings, the journal's temporary, the metrics textfile): the
 * mode asked for even over an older file, no following of links, no
 * blocking on a FIFO; and of reading only regular files.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "daemon/metrics.h"
#include "lib/files.h"
#include "lib/log.h"
#include "record/recfile.h"
#include "unit.h"

static char dir[64];

static void fresh_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/wr-files-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
}

static void cleanup_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

static const char *in_dir(const char *name)
{
	static char p[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	return lstat(path, &st) ? (mode_t)-1 : st.st_mode & 07777;
}

static void touch(const char *path, mode_t mode)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);

	CHECK(fd >= 0 && write(fd, "secret", 6) == 6);
	close(fd);
	chmod(path, mode);
}

static void created_with_the_mode_asked(void)
{
	int fd;

	fresh_dir();
	fd = wr_create_file(in_dir("new"), WR_CREATE_TRUNC, 0600);
	CHECK(fd >= 0);
	close(fd);
	CHECK(mode_of(in_dir("new")) == 0600);
	/* an older file made 0644 is brought to 0600 */
	touch(in_dir("old"), 0644);
	fd = wr_create_file(in_dir("old"), WR_CREATE_TRUNC, 0600);
	CHECK(fd >= 0);
	close(fd);
	CHECK(mode_of(in_dir("old")) == 0600);
	touch(in_dir("app"), 0644);
	fd = wr_create_file(in_dir("app"), WR_CREATE_APPEND, 0600);
	CHECK(fd >= 0);
	close(fd);
	CHECK(mode_of(in_dir("app")) == 0600);
	cleanup_dir();
}

static void links_are_not_followed(void)
{
	fresh_dir();
	touch(in_dir("target"), 0644);
	CHECK(symlink(in_dir("target"), in_dir("link")) == 0);
	CHECK(wr_create_file(in_dir("link"), WR_CREATE_TRUNC, 0600) == -ELOOP);
	CHECK(wr_create_file(in_dir("link"), WR_CREATE_APPEND, 0600) == -ELOOP);
	CHECK(mode_of(in_dir("target")) == 0644);
	/* a temporary file: what was planted is removed, not written through */
	{
		int fd = wr_create_file(in_dir("link"), WR_CREATE_EXCL, 0600);
		struct stat st;

		CHECK(fd >= 0);
		close(fd);
		CHECK(lstat(in_dir("link"), &st) == 0 && S_ISREG(st.st_mode));
	}
	CHECK(mode_of(in_dir("target")) == 0644);
	{
		char *t = unit_slurp(in_dir("target"));

		CHECK_STR(t, "secret");
		free(t);
	}
	cleanup_dir();
}

static void fifo_and_directory_are_refused(void)
{
	time_t start = time(NULL);

	fresh_dir();
	CHECK(mkfifo(in_dir("fifo"), 0600) == 0);
	CHECK(wr_create_file(in_dir("fifo"), WR_CREATE_TRUNC, 0600) < 0);
	CHECK(wr_open_regular(in_dir("fifo")) == -EINVAL);
	CHECK(time(NULL) - start < 2);	/* and nothing waited for a writer */
	CHECK(wr_open_regular(dir) == -EISDIR);
	CHECK(wr_create_file(dir, WR_CREATE_TRUNC, 0600) == -EISDIR);
	CHECK(wr_open_regular("/dev/zero") == -EINVAL);
	CHECK(wr_open_regular(in_dir("absent")) == -ENOENT);
	cleanup_dir();
}

static void recordings_are_private(void)
{
	struct wr_rec_writer *w;

	fresh_dir();
	touch(in_dir("old.rec"), 0644);
	w = recfile__create(in_dir("old.rec"), 0, 1);
	CHECK(w != NULL);
	recfile__close(w);
	CHECK(mode_of(in_dir("old.rec")) == 0600);
	touch(in_dir("target"), 0644);
	CHECK(symlink(in_dir("target"), in_dir("link.rec")) == 0);
	log_set_stream(fopen("/dev/null", "w"));
	CHECK(recfile__create(in_dir("link.rec"), 0, 1) == NULL);
	log_set_stream(NULL);
	CHECK(mode_of(in_dir("target")) == 0644);
	w = recfile__create_new(in_dir("link.rec"), 0, 1);
	CHECK(w != NULL);
	recfile__close(w);
	CHECK(mode_of(in_dir("link.rec")) == 0600);
	CHECK(mode_of(in_dir("target")) == 0644);
	cleanup_dir();
}

static void metrics_textfile_never_follows_its_tmp(void)
{
	struct wr_owners *ot = owners__new(0);
	struct wr_loss loss = {};
	char *t;

	fresh_dir();
	touch(in_dir("victim"), 0600);
	CHECK(symlink(in_dir("victim"), in_dir("m.prom.tmp")) == 0);
	CHECK(metrics__write_file(in_dir("m.prom"), ot, NULL, &loss, 0) == 0);
	t = unit_slurp(in_dir("victim"));
	CHECK_STR(t, "secret");
	free(t);
	t = unit_slurp(in_dir("m.prom"));
	CHECK_CONTAINS(t, "wakeref_lost_events_total");
	free(t);
	CHECK(mode_of(in_dir("m.prom")) == 0644);
	CHECK(mode_of(in_dir("m.prom.tmp")) == (mode_t)-1);
	owners__free(ot);
	cleanup_dir();
}

UNIT_MAIN("files",
	T(created_with_the_mode_asked),
	T(links_are_not_followed),
	T(fifo_and_directory_are_refused),
	T(recordings_are_private),
	T(metrics_textfile_never_follows_its_tmp))
