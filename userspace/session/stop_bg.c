// SPDX-License-Identifier: GPL-2.0
/*
 * stop_bg.c - stop a session after the command has answered: a child of
 * its own detaches the programs while the command exits.
 *
 * Detaching waits for the kernel, link after link (RCU grace periods: see
 * userspace/README.md), seconds under emulation, while the answer and the
 * exit status were known before.  The child shares the links (fork), so the
 * parent's exit detaches nothing; the child holds the detach lock from
 * before the parent exits until its last link is gone, and every tracing
 * start waits for that lock: a second run never attaches beside a detach.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attach/detach.h"
#include "lib/log.h"
#include "lib/settings.h"
#include "session/gpus.h"
#include "session/session.h"

/*
 * Wait until PARENT (PIDFD, from before the handshake; -1: none) has exited
 * whole.  Until then its exit may be closing its copies of the links: a
 * link the child closed first is released there, in a second process
 * updating trampolines beside the child's threads, which the 7.3 guest's
 * kernel once did not survive (an int3 in a trampoline being patched, both
 * processes in bpf_trampoline_unlink_prog).  Once the parent is gone its
 * copies are closed and every release is the child's.
 */
static void wait_parent_gone(int pidfd, pid_t parent)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };

	if (pidfd >= 0) {
		while (poll(&p, 1, -1) < 0 && errno == EINTR)
			;
		close(pidfd);
		return;
	}
	while (getppid() == parent)	/* reparented at its exit's very end */
		usleep(10000);
}

int session__stop_after_exit(struct session *s)
{
	const char *how = settings__get(WR_SET_DETACH);
	int pfd[2], fd, lock, pidfd, live = tracer__live_links(&s->t);
	pid_t pid, parent;
	char c = 0;

	if (how && !strcmp(how, "wait"))
		return -EAGAIN;
	if (how && strcmp(how, "background")) {
		log_warn("bad WAKEREF_DETACH '%s': want background or wait; detaching now\n", how);
		return -EINVAL;
	}
	if (pipe2(pfd, O_CLOEXEC))
		return -errno;
	fflush(stdout);
	fflush(stderr);
	parent = getpid();
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -errno;
	}
	if (!pid) {
		close(pfd[0]);
		/* before the handshake: the parent is alive, its pid its own */
		pidfd = syscall(SYS_pidfd_open, parent, 0);
		if (getppid() != parent && pidfd >= 0) {
			close(pidfd);
			pidfd = -1;
		}
		setsid();
		lock = detach__lock();
		/* the parent may go: its exit closes copies of the links, not the links */
		if (write(pfd[1], lock >= 0 ? "1" : "0", 1) != 1)
			_exit(1);
		close(pfd[1]);
		/* whoever reads the command's output must not wait for this child */
		fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		wait_parent_gone(pidfd, parent);
		session__stop(s);
		session__gpus_close();
		_exit(0);
	}
	close(pfd[1]);
	while (read(pfd[0], &c, 1) < 0 && errno == EINTR)
		;
	close(pfd[0]);
	if (c != '1') {
		/* no lock: the child detaches anyway, a later run may not wait for it */
		log_warn("detaching in the background without the detach lock\n");
	}
	log_info("detaching %d programs ...\n", live);
	log_verbose("... in the background: pid %d holds the detach lock until they are gone\n",
		    (int)pid);
	return 0;
}
