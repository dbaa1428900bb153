// SPDX-License-Identifier: GPL-2.0
/*
 * tracer_pin.c - the daemon's tracing state in bpffs.
 *
 * The daemon pins every link and the maps it reads (the ring buffers and
 * the per-hook counters) under WR_PIN_DIR and describes them in WR_PIN_META:
 * this build, this boot, the cookie width and, per hook, how it is traced;
 * the tail callers' trampolines (attach/tailcall.c) by slot, with their
 * function and module.
 * The programs then stay attached when the daemon stops or dies, events
 * wait in the pinned ring buffers (what does not fit is counted as drops by
 * the programs), and the next daemon adopts links and maps instead of
 * loading anew.  Pins of another build or boot are stale: never adopted.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib/files.h"
#include "lib/log.h"
#include "kernel/kbtf.h"
#include "drivers/tailcallers.h"
#include "attach/tracer_int.h"
#include "kernel/unwind.h"
#include "wakeref.skel.h"

#define META_MAGIC	"wakeref-pins 1"
#define BPF_FS_MAGIC_	0xcafe4a11

uint64_t tracer__build_id(void)
{
	uint64_t h = 0xcbf29ce484222325ull;
	const uint8_t *p;
	size_t n, i;

	p = wakeref_bpf__elf_bytes(&n);
	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	h = (h ^ WR_HOOK__COUNT) * 0x100000001b3ull;
	return (h ^ sizeof(struct wr_event)) * 0x100000001b3ull;
}

static void boot_id(char *buf, size_t len)
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");

	buf[0] = 0;
	if (f && fgets(buf, len, f))
		buf[strcspn(buf, "\n")] = 0;
	if (f)
		fclose(f);
}

/* bpffs at the parent of DIR, mounted if it is not (as bpftool does). */
static int ensure_bpffs(const char *dir)
{
	char parent[256], *slash;
	struct statfs st;

	snprintf(parent, sizeof(parent), "%s", dir);
	slash = strrchr(parent, '/');
	if (slash && slash != parent)
		*slash = 0;
	if (!statfs(parent, &st) && (uint32_t)st.f_type == BPF_FS_MAGIC_)
		return 0;
	if (mount("bpf", parent, "bpf", 0, "mode=0700")) {
		int err = -errno;

		log_error("%s is not a BPF filesystem and cannot be mounted (%s): mount -t bpf "
			  "bpf %s\n", parent, strerror(-err), parent);
		return err;
	}
	return 0;
}

static int pin_path(char *buf, size_t len, const char *dir, const char *kind, int i)
{
	int n = snprintf(buf, len, "%s/%s-%d", dir, kind, i);

	return n > 0 && (size_t)n < len ? 0 : -ENAMETOOLONG;
}

static int write_meta(const struct tracer *t, const char *meta)
{
	char tmp[300], boot[64];
	struct utsname u;
	FILE *f;
	int i, fd;

	snprintf(tmp, sizeof(tmp), "%s.tmp", meta);
	/* root's file in root's directory: never through a link, 0600 */
	fd = wr_create_file(tmp, WR_CREATE_EXCL, 0600);
	if (fd < 0)
		return fd;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		return -errno;
	}
	boot_id(boot, sizeof(boot));
	uname(&u);
	fprintf(f, "%s\nbuild %016llx\nboot %s\nrelease %s\ncookie_mask %016llx\nfeatures %u\n"
		"pid %d\n", META_MAGIC, (unsigned long long)tracer__build_id(), boot, u.release,
		(unsigned long long)t->cookie_mask, t->opts.features, getpid());
	for (i = 0; i < WR_MAP__COUNT; i++)
		if (t->map_fd[i] >= 0)
			fprintf(f, "map %d %s\n", i, wr_map_names[i]);
	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (t->links[i])
			fprintf(f, "hook %d %d %d %s %s\n", i, t->plan[i].mode,
				t->rlinks[i] != NULL, t->plan[i].ap->func, t->plan[i].module);
	for (i = 0; i < t->nr_tails; i++)
		if (t->tail_links[i])
			fprintf(f, "tail %d %s %s\n", i, t->tail_rows[i]->func, t->tail_modules[i]);
	if (fclose(f) || rename(tmp, meta)) {
		unlink(tmp);
		return -errno;
	}
	return 0;
}

int tracer__pin(struct tracer *t, const char *dir, const char *meta)
{
	char path[300];
	int i, err;

	err = ensure_bpffs(dir);
	if (err)
		return err;
	if (mkdir(dir, 0700) && errno != EEXIST) {
		err = -errno;
		log_error("cannot create %s: %s\n", dir, strerror(-err));
		return err;
	}
	for (i = 0; i < WR_MAP__COUNT && !err; i++) {
		if (t->map_fd[i] < 0)
			continue;
		err = pin_path(path, sizeof(path), dir, "map", i);
		if (!err && bpf_obj_pin(t->map_fd[i], path))
			err = -errno;
	}
	for (i = 0; i < WR_HOOK__COUNT && !err; i++) {
		if (t->links[i]) {
			err = pin_path(path, sizeof(path), dir, "link", i);
			if (!err)
				err = bpf_link__pin(t->links[i], path);
		}
		if (t->rlinks[i] && !err) {
			err = pin_path(path, sizeof(path), dir, "rlink", i);
			if (!err)
				err = bpf_link__pin(t->rlinks[i], path);
		}
	}
	for (i = 0; i < t->nr_tails && !err; i++) {
		if (!t->tail_links[i])
			continue;
		err = pin_path(path, sizeof(path), dir, "tlink", i);
		if (!err)
			err = bpf_link__pin(t->tail_links[i], path);
	}
	for (i = 0; i < 2 && !err; i++) {
		if (!t->unwind_links[i])
			continue;
		err = pin_path(path, sizeof(path), dir, "ulink", i);
		if (!err)
			err = bpf_link__pin(t->unwind_links[i], path);
	}
	if (!err)
		err = write_meta(t, meta);
	if (err) {
		log_error("cannot pin the tracing state under %s: %s\n", dir, strerror(-err));
		tracer__unpin(dir, meta);
	}
	return err;
}

/* The id of the program behind the pinned link at PATH, 0 if it is none. */
static __u32 pinned_prog_id(const char *path)
{
	struct bpf_link_info info = {};
	__u32 len = sizeof(info);
	int fd = bpf_obj_get(path);

	if (fd < 0)
		return 0;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		info.prog_id = 0;
	close(fd);
	return info.prog_id;
}

/*
 * The kernel frees a program, its trampoline and its hold on the traced
 * module some time after the last reference is gone (RCU): wait for that,
 * so that "detached" means an rmmod can follow at once.
 */
static void wait_progs_freed(const __u32 *ids, int n)
{
	int i, fd, tries;

	for (tries = 0; tries < 100; tries++) {
		for (i = 0; i < n; i++) {
			fd = ids[i] ? bpf_prog_get_fd_by_id(ids[i]) : -1;
			if (fd >= 0) {
				close(fd);
				break;
			}
		}
		if (i == n)
			return;
		usleep(50000);
	}
	log_warn("the detached programs are still being freed by the kernel\n");
}

int tracer__unpin(const char *dir, const char *meta)
{
	__u32 ids[2 * WR_HOOK__COUNT + WR_TAIL_SLOTS];
	char path[600];
	struct dirent *de;
	int n = 0, nr_ids = 0, err = 0;
	DIR *d = opendir(dir);

	if (d) {
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			if (strstr(de->d_name, "link-") &&
			    nr_ids < 2 * WR_HOOK__COUNT + WR_TAIL_SLOTS)
				ids[nr_ids++] = pinned_prog_id(path);
			if (unlink(path))
				err = -errno;
			else
				n++;
		}
		closedir(d);
		if (rmdir(dir) && !err)
			err = -errno;
		wait_progs_freed(ids, nr_ids);
	}
	unlink(meta);
	return err ? err : n;
}

struct meta {
	unsigned long long build, cookie_mask;
	char boot[64], release[65];
	unsigned int features;
	int pid;
	bool map[WR_MAP__COUNT];
	struct {
		bool on;
		int mode, ret;
		char func[96], module[64];
	} hook[WR_HOOK__COUNT];
	struct {
		const struct wr_tail_caller *row;
		char module[64];
	} tail[WR_TAIL_SLOTS];
	int nr_tails;
};

/* The row of the tail-caller table named FUNC (its module may stand in: the sim). */
static const struct wr_tail_caller *tail_row(const char *func)
{
	size_t i;

	for (i = 0; i < wr_nr_tail_callers; i++)
		if (!strcmp(wr_tail_callers[i].func, func))
			return &wr_tail_callers[i];
	return NULL;
}

static int read_meta(const char *path, struct meta *m, char *why, size_t len)
{
	char line[256];
	FILE *f = fopen(path, "r");
	int i, mode, ret;

	memset(m, 0, sizeof(*m));
	if (!f) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		return -errno;
	}
	if (!fgets(line, sizeof(line), f) || strncmp(line, META_MAGIC, strlen(META_MAGIC))) {
		snprintf(why, len, "%s is not a wakeref pin description", path);
		fclose(f);
		return -ESTALE;
	}
	while (fgets(line, sizeof(line), f)) {
		char func[96], module[64];

		if (sscanf(line, "build %llx", &m->build) == 1 ||
		    sscanf(line, "boot %63s", m->boot) == 1 ||
		    sscanf(line, "release %64s", m->release) == 1 ||
		    sscanf(line, "cookie_mask %llx", &m->cookie_mask) == 1 ||
		    sscanf(line, "features %u", &m->features) == 1 ||
		    sscanf(line, "pid %d", &m->pid) == 1)
			continue;
		if (sscanf(line, "map %d", &i) == 1 && i >= 0 && i < WR_MAP__COUNT) {
			m->map[i] = true;
			continue;
		}
		if (sscanf(line, "hook %d %d %d %95s %63s", &i, &mode, &ret, func, module) == 5 &&
		    i >= 0 && i < WR_HOOK__COUNT) {
			m->hook[i].on = true;
			m->hook[i].mode = mode;
			m->hook[i].ret = ret;
			strcpy(m->hook[i].func, func);
			strcpy(m->hook[i].module, module);
			continue;
		}
		if (sscanf(line, "tail %d %95s %63s", &i, func, module) == 3 && i >= 0 &&
		    i < WR_TAIL_SLOTS && tail_row(func)) {
			m->tail[i].row = tail_row(func);
			strcpy(m->tail[i].module, module);
			m->nr_tails = i + 1 > m->nr_tails ? i + 1 : m->nr_tails;
			continue;
		}
		snprintf(why, len, "%s: unexpected line '%.40s'", path, line);
		fclose(f);
		return -ESTALE;
	}
	fclose(f);
	return 0;
}

/* The pins of META can be adopted by this build on this boot; else WHY. */
static int check_meta(const struct meta *m, char *why, size_t len)
{
	char boot[64];
	struct utsname u;
	int i;

	boot_id(boot, sizeof(boot));
	uname(&u);
	if (m->build != tracer__build_id()) {
		snprintf(why, len, "pinned by another wakeref build (%016llx, this is %016llx)",
			 m->build, (unsigned long long)tracer__build_id());
		return -ESTALE;
	}
	if (strcmp(m->boot, boot) || strcmp(m->release, u.release)) {
		snprintf(why, len, "pinned on another boot or kernel (%s)", m->release);
		return -ESTALE;
	}
	if (!m->map[WR_MAP_EVENTS] || !m->map[WR_MAP_STATS]) {
		snprintf(why, len, "the description lists no ring buffer or counters");
		return -ESTALE;
	}
	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (m->hook[i].on && strcmp(m->hook[i].func, wr_hooks[i].func)) {
			snprintf(why, len, "hook %d is %s there, %s here", i, m->hook[i].func,
				 wr_hooks[i].func);
			return -ESTALE;
		}
	return 0;
}

/* The program behind LINK, for its recursion misses; -1 if unknown. */
static int link_prog_fd(struct bpf_link *link)
{
	struct bpf_link_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(bpf_link__fd(link), &info, &len))
		return -1;
	return bpf_prog_get_fd_by_id(info.prog_id);
}

static int adopt_pins(struct tracer *t, const struct meta *m, const char *dir, char *why,
		      size_t len)
{
	char path[300];
	int i;

	for (i = 0; i < WR_MAP__COUNT; i++) {
		if (!m->map[i])
			continue;
		pin_path(path, sizeof(path), dir, "map", i);
		t->map_fd[i] = bpf_obj_get(path);
		if (t->map_fd[i] < 0) {
			snprintf(why, len, "pinned map %s is missing (%s)", path, strerror(errno));
			return -ESTALE;
		}
	}
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		struct wr_ap_resolved *r = &t->plan[i];

		if (!m->hook[i].on) {
			r->mode = WR_MODE_NONE;
			snprintf(r->why, sizeof(r->why), "not attached by the daemon that pinned");
			continue;
		}
		pin_path(path, sizeof(path), dir, "link", i);
		t->links[i] = bpf_link__open(path);
		if (!t->links[i]) {
			snprintf(why, len, "pinned link %s is missing (%s)", path, strerror(errno));
			return -ESTALE;
		}
		if (m->hook[i].ret) {
			pin_path(path, sizeof(path), dir, "rlink", i);
			t->rlinks[i] = bpf_link__open(path);
			if (!t->rlinks[i]) {
				snprintf(why, len, "pinned link %s is missing", path);
				return -ESTALE;
			}
		}
		r->mode = m->hook[i].mode;
		snprintf(r->module, sizeof(r->module), "%s", m->hook[i].module);
		snprintf(r->why, sizeof(r->why), "adopted from bpffs (%s)", dir);
		if (r->mode == WR_MODE_FENTRY || r->mode == WR_MODE_FEXIT)
			t->prog_fd[i] = link_prog_fd(t->links[i]);
		t->nr_attached++;
	}
	return 0;
}

/*
 * The trampolines pinned: each slot's link, function and module.  One that
 * is gone (unpinned by hand) costs only its repair: a warning, as when it
 * fails to attach.
 */
static void adopt_tails(struct tracer *t, const struct meta *m, const char *dir)
{
	char path[300];
	int i;

	t->nr_tails = m->nr_tails;
	for (i = 0; i < m->nr_tails; i++) {
		if (!m->tail[i].row)
			continue;
		t->tail_rows[i] = m->tail[i].row;
		snprintf(t->tail_modules[i], sizeof(t->tail_modules[i]), "%s", m->tail[i].module);
		pin_path(path, sizeof(path), dir, "tlink", i);
		t->tail_links[i] = bpf_link__open(path);
		if (!t->tail_links[i]) {
			log_warn("the pinned trampoline of %s [%s] is gone (%s): its tail-called "
				 "put is paired as its callers'\n", m->tail[i].row->func,
				 m->tail[i].module, strerror(errno));
			continue;
		}
		t->nr_tail_links++;
	}
}

/*
 * The fast unwinder of adopted programs: its module watch pinned too, it
 * goes on learning in the mode it was left in; without them, or without
 * the ORC tables, its rules could go stale: the programs are switched off it.
 */
static void adopt_unwinder(struct tracer *t, const struct ksyms *ks, const char *dir)
{
	int fd = t->map_fd[WR_MAP_UNWIND], i;
	struct wr_unwind_entry ctl = {};
	__u32 key = WR_UNWIND_CTL;
	char path[300];

	if (fd < 0 || bpf_map_lookup_elem(fd, &key, &ctl) || ctl.mode == WR_UNWIND_OFF)
		return;
	for (i = 0; i < 2; i++) {
		pin_path(path, sizeof(path), dir, "ulink", i);
		t->unwind_links[i] = bpf_link__open(path);
		if (!t->unwind_links[i]) {
			snprintf(t->unwind_why, sizeof(t->unwind_why),
				 "the module watch was not pinned (%.100s)", path);
			goto off;
		}
	}
	t->unwinder = unwind__open(ks, t->kbtf ? kbtf__get(t->kbtf, NULL) : NULL, fd,
				   t->unwind_why, sizeof(t->unwind_why));
	if (!t->unwinder)
		goto off;
	t->unwind_mode = ctl.mode;
	return;
off:
	unwind__set_mode(fd, WR_UNWIND_OFF);
	log_warn("fast unwinder off, stacks cost more: %s\n", t->unwind_why);
}

int tracer__adopt(struct tracer *t, const struct ksyms *ks, const struct tracer_opts *opts,
		  const char *dir, const char *meta, char *why, size_t len)
{
	struct meta m;
	struct stat st;
	int err, i;

	memset(t, 0, sizeof(*t));
	tracer__init_fds(t);
	why[0] = 0;
	if (stat(meta, &st)) {
		if (stat(dir, &st))
			return -ENOENT;
		snprintf(why, len, "%s exists but %s does not", dir, meta);
		return -ESTALE;
	}
	err = read_meta(meta, &m, why, len);
	if (!err)
		err = check_meta(&m, why, len);
	if (err)
		return err == -ENOENT ? -ESTALE : err;
	t->opts = *opts;
	t->opts.features = m.features;
	if (opts->verbose)
		log_set_verbose(true);
	t->adopted = true;
	t->cookie_mask = m.cookie_mask;
	t->kbtf = kbtf__open();
	if (t->kbtf)
		attach_plan__resolve(t->kbtf, ks, t->plan);
	else
		for (i = 0; i < WR_HOOK__COUNT; i++)
			t->plan[i].ap = &wr_hooks[i];
	err = adopt_pins(t, &m, dir, why, len);
	if (!err) {
		adopt_tails(t, &m, dir);
		adopt_unwinder(t, ks, dir);
	}
	tracer__drop_btf(t);
	if (!err)
		err = tracer__open_rings(t);
	if (err)
		tracer__stop(t);
	return err;
}
