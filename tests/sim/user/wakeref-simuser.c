// SPDX-License-Identifier: GPL-2.0
/*
 * wakeref-simuser - a user process for the simulated driver's guest tests:
 * it maps a GEM object / BO of a sim device node and touches it (real page
 * faults into vm_fault_gtt, vm_fault_ttm, xe_gem_fault), or binds an xe
 * device's GPU SVM to anonymous memory of its own and unmaps it (real MMU
 * notifier invalidations), driven line by line from busybox sh.
 *
 *   wakeref-simuser gem NODE NAME
 *       map object NAME of NODE (/dev/wakeref-sim-i915.0, ...) whole, shared
 *   wakeref-simuser svm NODE SIZE [shared] [ro]
 *       map SIZE bytes of anonymous memory at a 2 MiB boundary (private, or
 *       shared; read-only with ro), without THP, and bind NODE's GPU SVM to it
 *   wakeref-simuser drm NODE
 *       open NODE only, for its DRM ioctls (addr and size are then 0)
 *
 * Then it prints "ready addr=0x<start> size=0x<bytes> pid=<pid>" and reads
 * commands from stdin, one a line.  Each is answered by one line,
 * "ok SEQ CMD ..." or "err SEQ CMD: WHY", SEQ counting commands from 1:
 *
 *   touch OFF [LEN]    write the first word of each page in [OFF, OFF+LEN)
 *                      (default: one page); "ok SEQ touch pages=N minflt=M",
 *                      M the page faults that took (getrusage)
 *   check OFF [LEN]    read them back: err if a page lost what touch wrote
 *   munmap OFF LEN     munmap that part of the mapping
 *   dontneed OFF LEN   madvise(MADV_DONTNEED) it
 *   fault OFF          svm: a GPU fault at addr+OFF (WAKEREF_SIM_IOC_SVM_FAULT):
 *                      "ok SEQ fault range=0x<start>-0x<last>"
 *   unbind             svm: WAKEREF_SIM_IOC_SVM_FINI
 *   xe_exec ADDR [Q]   DRM_IOCTL_XE_EXEC on exec queue Q (default 0) for the
 *                      batch at ADDR: "ok SEQ xe_exec cmd=0x<ioctl cmd>"
 *   i915_execbuf       DRM_IOCTL_I915_GEM_EXECBUFFER2 with one buffer:
 *                      "ok SEQ i915_execbuf client=<id> cmd=0x<ioctl cmd>", id
 *                      the file's DRM client id (WAKEREF_SIM_IOC_CLIENT_ID, as
 *                      fdinfo's drm-client-id; 0 before 6.5)
 *   sleep MS
 *   exit [CODE]        exit now, leaving mappings and binding to the kernel
 * End of input is "exit 0".  OFF and LEN are bytes (decimal or 0x hex) with
 * an optional suffix p (pages), k or m.  A touch or check of an address no
 * longer mapped answers "err SEQ touch: SIGSEGV at 0x<addr>".
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "sim_uapi.h"

#define SVM_ALIGN	(2UL << 20)
#define TOUCH_MAGIC	0x5a17c0deu

static unsigned long page_size;
static char *map_addr;
static unsigned long map_size;
static int node_fd = -1;
static bool svm;

static sigjmp_buf segv_jmp;
static volatile sig_atomic_t segv_armed;
static void *volatile segv_addr;

static void usage(void)
{
	fprintf(stderr, "usage: wakeref-simuser gem NODE NAME\n"
			"       wakeref-simuser svm NODE SIZE [shared] [ro]\n"
			"       wakeref-simuser drm NODE\n"
			"then commands on stdin: touch OFF [LEN], check OFF [LEN],\n"
			"munmap OFF LEN, dontneed OFF LEN, fault OFF, unbind, xe_exec ADDR [Q],\n"
			"i915_execbuf,\n"
			"sleep MS,\n"
			"exit [CODE]\n");
	exit(2);
}

static void die(const char *what)
{
	fprintf(stdout, "error: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	if (!segv_armed) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	segv_addr = si->si_addr;
	siglongjmp(segv_jmp, 1);
}

/* bytes: decimal or 0x hex, suffix p (pages), k, m */
static int parse_bytes(const char *s, unsigned long *out)
{
	unsigned long v, mul = 1;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case '\0':
		break;
	case 'p':
		mul = page_size;
		end++;
		break;
	case 'k':
	case 'K':
		mul = 1024;
		end++;
		break;
	case 'm':
	case 'M':
		mul = 1024 * 1024;
		end++;
		break;
	default:
		return -1;
	}
	if (*end)
		return -1;
	*out = v * mul;
	return 0;
}

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* [off, off+len) within the mapping, whole pages */
static int span(char **argv, int argc, bool need_len, unsigned long *off, unsigned long *len)
{
	*len = page_size;
	if (argc < 2 || parse_bytes(argv[1], off))
		return -1;
	if (argc > 2 && parse_bytes(argv[2], len))
		return -1;
	if (need_len && argc < 3)
		return -1;
	if (*off % page_size || !*len || *off >= map_size || *len > map_size - *off)
		return -1;
	*len = (*len + page_size - 1) / page_size * page_size;
	return 0;
}

/* touch or check every page of [off, off+len) */
static void cmd_pages(unsigned int seq, const char *cmd, unsigned long off, unsigned long len,
		      bool write)
{
	volatile uint32_t *p;
	unsigned long n = len / page_size;
	/* live across siglongjmp */
	volatile unsigned long i, bad = 0;
	volatile long flt;

	segv_armed = 1;
	if (sigsetjmp(segv_jmp, 1)) {
		segv_armed = 0;
		printf("err %u %s: SIGSEGV at %p\n", seq, cmd, segv_addr);
		return;
	}
	flt = minflt();
	for (i = 0; i < n; i++) {
		unsigned long page = (off + i * page_size) / page_size;

		p = (volatile uint32_t *)(map_addr + off + i * page_size);
		if (write)
			*p = TOUCH_MAGIC ^ page;
		else if (*p != (TOUCH_MAGIC ^ page))
			bad++;
	}
	flt = minflt() - flt;
	segv_armed = 0;
	if (bad)
		printf("err %u %s: %lu of %lu pages lost what touch wrote (minflt=%ld)\n", seq, cmd,
		       bad, n, flt);
	else
		printf("ok %u %s pages=%lu minflt=%ld\n", seq, cmd, n, flt);
}

static void run(unsigned int seq, int argc, char **argv)
{
	unsigned long off, len;
	const char *cmd = argv[0];

	if (!strcmp(cmd, "touch") || !strcmp(cmd, "check")) {
		if (span(argv, argc, false, &off, &len))
			goto bad;
		cmd_pages(seq, cmd, off, len, cmd[0] == 't');
	} else if (!strcmp(cmd, "munmap") || !strcmp(cmd, "dontneed")) {
		if (span(argv, argc, true, &off, &len))
			goto bad;
		if (cmd[0] == 'm' ? munmap(map_addr + off, len) :
				    madvise(map_addr + off, len, MADV_DONTNEED))
			printf("err %u %s: %s\n", seq, cmd, strerror(errno));
		else
			printf("ok %u %s 0x%lx-0x%lx\n", seq, cmd, (unsigned long)map_addr + off,
			       (unsigned long)map_addr + off + len - 1);
	} else if (!strcmp(cmd, "fault") && svm) {
		struct wakeref_sim_svm_fault f = { 0 };

		if (argc != 2 || parse_bytes(argv[1], &off) || off >= map_size)
			goto bad;
		f.addr = (unsigned long)map_addr + off;
		if (ioctl(node_fd, WAKEREF_SIM_IOC_SVM_FAULT, &f))
			printf("err %u fault: %s\n", seq, strerror(errno));
		else
			printf("ok %u fault range=0x%llx-0x%llx\n", seq,
			       (unsigned long long)f.start, (unsigned long long)f.last);
	} else if (!strcmp(cmd, "unbind") && svm) {
		if (ioctl(node_fd, WAKEREF_SIM_IOC_SVM_FINI))
			printf("err %u unbind: %s\n", seq, strerror(errno));
		else
			printf("ok %u unbind\n", seq);
	} else if (!strcmp(cmd, "xe_exec")) {
		struct drm_xe_exec exec = { .num_batch_buffer = 1 };
		unsigned long addr, q = 0;

		if (argc < 2 || argc > 3 || parse_bytes(argv[1], &addr) ||
		    (argc == 3 && parse_bytes(argv[2], &q)))
			goto bad;
		exec.address = addr;
		exec.exec_queue_id = q;
		if (ioctl(node_fd, DRM_IOCTL_XE_EXEC, &exec))
			printf("err %u xe_exec: %s\n", seq, strerror(errno));
		else
			printf("ok %u xe_exec cmd=0x%lx\n", seq, (unsigned long)DRM_IOCTL_XE_EXEC);
	} else if (!strcmp(cmd, "i915_execbuf")) {
		struct drm_i915_gem_execbuffer2 eb = { .buffer_count = 1 };
		__u64 client = 0;

		if (argc != 1)
			goto bad;
		if (ioctl(node_fd, WAKEREF_SIM_IOC_CLIENT_ID, &client))
			printf("err %u i915_execbuf: client id: %s\n", seq, strerror(errno));
		else if (ioctl(node_fd, DRM_IOCTL_I915_GEM_EXECBUFFER2, &eb))
			printf("err %u i915_execbuf: %s\n", seq, strerror(errno));
		else
			printf("ok %u i915_execbuf client=%llu cmd=0x%lx\n", seq,
			       (unsigned long long)client,
			       (unsigned long)DRM_IOCTL_I915_GEM_EXECBUFFER2);
	} else if (!strcmp(cmd, "sleep")) {
		struct timespec ts;
		unsigned long ms;

		if (argc != 2 || parse_bytes(argv[1], &ms))
			goto bad;
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (ms % 1000) * 1000000;
		nanosleep(&ts, NULL);
		printf("ok %u sleep\n", seq);
	} else if (!strcmp(cmd, "exit")) {
		printf("ok %u exit\n", seq);
		fflush(stdout);
		_exit(argc > 1 ? atoi(argv[1]) : 0);
	} else {
		goto bad;
	}
	return;
bad:
	printf("err %u %s: bad command (see wakeref-simuser's usage)\n", seq, cmd);
}

static void map_gem(const char *node, const char *name)
{
	struct wakeref_sim_mmap_offset mo = { 0 };
	void *p;

	node_fd = open(node, O_RDWR | O_CLOEXEC);
	if (node_fd < 0)
		die(node);
	if (strlen(name) >= sizeof(mo.name)) {
		errno = ENAMETOOLONG;
		die(name);
	}
	strcpy(mo.name, name);
	if (ioctl(node_fd, WAKEREF_SIM_IOC_MMAP_OFFSET, &mo))
		die("WAKEREF_SIM_IOC_MMAP_OFFSET");
	p = mmap(NULL, mo.size, PROT_READ | PROT_WRITE, MAP_SHARED, node_fd, mo.offset);
	if (p == MAP_FAILED)
		die("mmap");
	map_addr = p;
	map_size = mo.size;
}

static void map_svm(const char *node, const char *size, bool shared, bool ro)
{
	struct wakeref_sim_svm_bind bind = { 0 };
	unsigned long base;
	char *p;

	if (parse_bytes(size, &map_size) || !map_size || map_size % page_size)
		usage();
	node_fd = open(node, O_RDWR | O_CLOEXEC);
	if (node_fd < 0)
		die(node);
	p = mmap(NULL, map_size + SVM_ALIGN, ro ? PROT_READ : PROT_READ | PROT_WRITE,
		 (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap");
	/* keep the 2 MiB-aligned part: notifiers are 2 MiB */
	base = ((unsigned long)p + SVM_ALIGN - 1) & ~(SVM_ALIGN - 1);
	if (base > (unsigned long)p && munmap(p, base - (unsigned long)p))
		die("munmap head");
	if (munmap((char *)base + map_size, (unsigned long)p + SVM_ALIGN - base))
		die("munmap tail");
	map_addr = (char *)base;
	/* no huge page splits: their CLEAR invalidations would blur the test */
	madvise(map_addr, map_size, MADV_NOHUGEPAGE);

	bind.start = base;
	bind.size = map_size;
	bind.flags = ro ? WAKEREF_SIM_SVM_READ_ONLY : 0;
	if (ioctl(node_fd, WAKEREF_SIM_IOC_SVM_BIND, &bind))
		die("WAKEREF_SIM_IOC_SVM_BIND");
	svm = true;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	char line[512], *words[8], *tok;
	unsigned int seq = 0;
	int i, n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	page_size = sysconf(_SC_PAGESIZE);
	if (argc == 3 && !strcmp(argv[1], "drm")) {
		node_fd = open(argv[2], O_RDWR | O_CLOEXEC);
		if (node_fd < 0)
			die(argv[2]);
	} else if (argc < 4) {
		usage();
	} else if (!strcmp(argv[1], "gem") && argc == 4) {
		map_gem(argv[2], argv[3]);
	} else if (!strcmp(argv[1], "svm")) {
		bool shared = false, ro = false;

		for (i = 4; i < argc; i++) {
			if (!strcmp(argv[i], "shared"))
				shared = true;
			else if (!strcmp(argv[i], "ro"))
				ro = true;
			else
				usage();
		}
		map_svm(argv[2], argv[3], shared, ro);
	} else {
		usage();
	}
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	printf("ready addr=%p size=0x%lx pid=%d\n", (void *)map_addr, map_size, (int)getpid());
	while (fgets(line, sizeof(line), stdin)) {
		n = 0;
		for (tok = strtok(line, " \t\r\n"); tok && n < 8; tok = strtok(NULL, " \t\r\n"))
			words[n++] = tok;
		if (!n)
			continue;
		run(++seq, n, words);
	}
	return 0;
}
