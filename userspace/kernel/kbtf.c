// SPDX-License-Identifier: GPL-2.0
/*
 * kbtf.c - BTF of the running kernel.  Parsing a large module's split BTF
 * costs about a second under emulation, so each is parsed at most once.
 */
#include <dirent.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "kernel/kbtf.h"
#include "lib/strhash.h"

#define KBTF_MAX_MODULES 64

/*
 * A BTF's functions by name, built at its first lookup: libbpf's
 * btf__find_by_name_kind() walks every type (150,000 in vmlinux) per call,
 * and the attach plan makes a few dozen calls.  Holds type ids, open
 * addressing; equal names in id order, so the first found is libbpf's.
 */
struct func_index {
	uint32_t *ids;
	uint32_t mask;
	bool built;
};

struct kbtf {
	struct btf *vmlinux;
	struct func_index vmlinux_funcs;
	struct {
		char *name;
		struct btf *btf;	/* NULL: the module has no BTF */
		struct func_index funcs;	/* its own types, not vmlinux's */
		int fd;			/* its kernel BTF object, 0: not looked up yet */
	} mods[KBTF_MAX_MODULES];
	int nr_mods;
	bool hidden;		/* pretend no module has BTF */
};

static const char *func_name(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	return t && btf_is_func(t) ? btf__name_by_offset(btf, t->name_off) : NULL;
}

/* FUNCs of BTF from id FIRST on (a module's split BTF starts after vmlinux's) */
static void index_funcs(struct func_index *fi, const struct btf *btf, uint32_t first)
{
	uint32_t n = btf__type_cnt(btf), nr = 0, cap = 64, i;

	fi->built = true;
	for (i = first; i < n; i++)
		nr += func_name(btf, i) != NULL;
	while (cap < 2 * nr)
		cap *= 2;
	fi->ids = calloc(cap, sizeof(*fi->ids));
	if (!fi->ids)
		return;			/* lookups ask libbpf */
	fi->mask = cap - 1;
	for (i = first; i < n; i++) {
		const char *name = func_name(btf, i);
		uint32_t h;

		if (!name)
			continue;
		for (h = wr_str_hash(name) & fi->mask; fi->ids[h]; h = (h + 1) & fi->mask)
			;
		fi->ids[h] = i;
	}
}

static int index_find(struct func_index *fi, const struct btf *btf, uint32_t first,
		      const char *func)
{
	uint32_t h;

	if (!fi->built)
		index_funcs(fi, btf, first);
	if (!fi->ids) {
		int id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);

		return id >= (int)first ? id : -ENOENT;
	}
	for (h = wr_str_hash(func) & fi->mask; fi->ids[h]; h = (h + 1) & fi->mask)
		if (!strcmp(func_name(btf, fi->ids[h]), func))
			return fi->ids[h];
	return -ENOENT;
}

struct kbtf *kbtf__open(void)
{
	struct kbtf *kb;

	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		errno = ENOENT;
		return NULL;
	}
	kb = calloc(1, sizeof(*kb));
	if (!kb)
		return NULL;
	kb->vmlinux = btf__load_vmlinux_btf();
	if (!kb->vmlinux) {
		free(kb);
		return NULL;
	}
	return kb;
}

void kbtf__close(struct kbtf *kb)
{
	int i;

	if (!kb)
		return;
	for (i = 0; i < kb->nr_mods; i++) {
		btf__free(kb->mods[i].btf);
		free(kb->mods[i].funcs.ids);
		free(kb->mods[i].name);
		if (kb->mods[i].fd > 0)
			close(kb->mods[i].fd);
	}
	btf__free(kb->vmlinux);
	free(kb->vmlinux_funcs.ids);
	free(kb);
}

struct btf *kbtf__get(struct kbtf *kb, const char *module)
{
	int i;

	if (!module || !strcmp(module, "vmlinux"))
		return kb->vmlinux;
	if (kb->hidden)
		return NULL;
	for (i = 0; i < kb->nr_mods; i++)
		if (!strcmp(kb->mods[i].name, module))
			return kb->mods[i].btf;
	if (kb->nr_mods == KBTF_MAX_MODULES)
		return btf__load_module_btf(module, kb->vmlinux);	/* uncached: rare */
	kb->mods[kb->nr_mods].name = strdup(module);
	if (!kb->mods[kb->nr_mods].name)
		return NULL;
	kb->mods[kb->nr_mods].btf = btf__load_module_btf(module, kb->vmlinux);
	return kb->mods[kb->nr_mods++].btf;
}

/*
 * The BTF id of FUNC in BTF (vmlinux or a module's), as libbpf would find it:
 * a module's lookup sees vmlinux's types first.
 */
static int find_func(struct kbtf *kb, const struct btf *btf, const char *func)
{
	uint32_t first = btf__type_cnt(kb->vmlinux);
	int i, id;

	if (!btf)
		return -ENOENT;
	id = index_find(&kb->vmlinux_funcs, kb->vmlinux, 1, func);
	if (id > 0 || btf == kb->vmlinux)
		return id;
	for (i = 0; i < kb->nr_mods; i++)
		if (kb->mods[i].btf == btf)
			return index_find(&kb->mods[i].funcs, btf, first, func);
	/* not one of ours (more modules than cached): ask libbpf */
	return btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
}

bool kbtf__has_func(struct kbtf *kb, const char *module, const char *func)
{
	return find_func(kb, kbtf__get(kb, module), func) > 0;
}

bool kbtf__defines_func(struct kbtf *kb, const char *module, const char *func)
{
	int id = find_func(kb, kbtf__get(kb, module), func);

	return id > 0 && (!module || !strcmp(module, "vmlinux") ||
			  (uint32_t)id >= btf__type_cnt(kb->vmlinux));
}

bool kbtf__find_func_module(struct kbtf *kb, const char *func, char *module, size_t len)
{
	struct dirent *de;
	bool found = false;
	DIR *d;

	if (find_func(kb, kb->vmlinux, func) > 0) {
		snprintf(module, len, "vmlinux");
		return true;
	}
	d = kb->hidden ? NULL : opendir("/sys/kernel/btf");
	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "vmlinux"))
			continue;
		if (kbtf__has_func(kb, de->d_name, func)) {
			snprintf(module, len, "%s", de->d_name);
			found = true;
		}
	}
	closedir(d);
	return found;
}

int kbtf__func_ret_size(struct kbtf *kb, const char *module, const char *func)
{
	struct btf *btf = kbtf__get(kb, module);
	const struct btf_type *t;
	int id = find_func(kb, btf, func);
	__s64 size;

	if (id <= 0)
		return -ENOENT;
	t = btf__type_by_id(btf, id);			/* FUNC */
	t = btf__type_by_id(btf, t->type);		/* FUNC_PROTO */
	if (!t || !btf_is_func_proto(t))
		return -EINVAL;
	if (!t->type)
		return 0;				/* void */
	size = btf__resolve_size(btf, t->type);
	return (int)size;
}

int kbtf__func_ret_type(struct kbtf *kb, const char *module, const char *func,
			struct kbtf_ret *out)
{
	struct btf *btf = kbtf__get(kb, module);
	const struct btf_type *t;
	int id = find_func(kb, btf, func), depth;
	__u32 tid;

	memset(out, 0, sizeof(*out));
	if (id <= 0)
		return -ENOENT;
	t = btf__type_by_id(btf, id);			/* FUNC */
	t = t ? btf__type_by_id(btf, t->type) : NULL;	/* FUNC_PROTO */
	if (!t || !btf_is_func_proto(t))
		return -EINVAL;
	tid = t->type;
	if (!tid) {
		snprintf(out->name, sizeof(out->name), "void");
		return 0;
	}
	t = btf__type_by_id(btf, tid);
	snprintf(out->name, sizeof(out->name), "%s",
		 t && t->name_off ? btf__name_by_offset(btf, t->name_off) : "");
	for (depth = 0; t && depth < 16; depth++) {
		if (!btf_is_typedef(t) && !btf_is_const(t) && !btf_is_volatile(t) &&
		    !btf_is_restrict(t) && !btf_is_type_tag(t))
			break;
		tid = t->type;
		t = btf__type_by_id(btf, tid);
	}
	if (!t)
		return -EINVAL;
	if (btf_is_ptr(t)) {
		out->is_ptr = true;
		out->size = 8;
		if (!out->name[0])
			snprintf(out->name, sizeof(out->name), "pointer");
		return 0;
	}
	out->size = (int)btf__resolve_size(btf, tid);
	if (btf_is_int(t)) {
		out->is_signed = btf_int_encoding(t) & BTF_INT_SIGNED;
		out->is_bool = btf_int_encoding(t) & BTF_INT_BOOL;
	} else if (btf_is_enum(t)) {
		out->is_signed = btf_kflag(t);
	}
	if (!out->name[0])
		snprintf(out->name, sizeof(out->name), "%s", btf_kind(t) == BTF_KIND_STRUCT ?
			 "struct" : btf_kind(t) == BTF_KIND_UNION ? "union" : "?");
	return 0;
}

int kbtf__member_offset(struct kbtf *kb, const char *module, const char *strct,
			const char *member)
{
	struct btf *btf = kbtf__get(kb, module);
	const struct btf_member *m;
	const struct btf_type *t;
	int id, i;

	if (!btf)
		return -ENOENT;
	id = btf__find_by_name_kind(btf, strct, BTF_KIND_STRUCT);
	t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	if (!t)
		return -ENOENT;
	for (i = 0, m = btf_members(t); i < btf_vlen(t); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);

		if (name && !strcmp(name, member))
			return btf_member_bit_offset(t, i) / 8;
	}
	return -ENOENT;
}

void kbtf__hide_modules(struct kbtf *kb)
{
	kb->hidden = true;
}

bool kbtf__modules_hidden(const struct kbtf *kb)
{
	return kb->hidden;
}

/*
 * The kernel BTF object named NAME: walk the BTF ids (a few dozen).  Walking
 * ids and opening one by id need CAP_SYS_ADMIN, whatever CAP_BPF allows:
 * -EPERM then, not -ENOENT, so that the caller can say what is missing.
 */
static int btf_obj_fd(const char *name)
{
	int err = -ENOENT;
	__u32 id = 0;

	while (!bpf_btf_get_next_id(id, &id)) {
		char buf[64] = "";
		struct bpf_btf_info info = { .name = (__u64)(unsigned long)buf,
					     .name_len = sizeof(buf) };
		__u32 len = sizeof(info);
		int fd = bpf_btf_get_fd_by_id(id);

		if (fd < 0) {
			if (errno == EPERM || errno == EACCES)
				err = -errno;
			continue;
		}
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) && !strcmp(buf, name))
			return fd;
		close(fd);
	}
	if (errno == EPERM || errno == EACCES)
		err = -errno;
	return err;
}

int kbtf__target(struct kbtf *kb, const char *module, const char *func, int *btf_fd,
		 int *btf_id)
{
	struct btf *btf = kbtf__get(kb, module);
	int id = find_func(kb, btf, func), i;

	if (id <= 0)
		return -ENOENT;
	*btf_id = id;
	*btf_fd = 0;
	if (!module || !strcmp(module, "vmlinux"))
		return 0;
	for (i = 0; i < kb->nr_mods; i++) {
		if (strcmp(kb->mods[i].name, module))
			continue;
		if (!kb->mods[i].fd)
			kb->mods[i].fd = btf_obj_fd(module);
		if (kb->mods[i].fd < 0)
			return kb->mods[i].fd;
		*btf_fd = kb->mods[i].fd;
		return 0;
	}
	return -ENOENT;
}

int kbtf__check_fentry(struct kbtf *kb, const char *module, const char *func, bool exit)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	int btf_fd, btf_id, fd, err;

	err = kbtf__target(kb, module, func, &btf_fd, &btf_id);
	if (err)
		return err;
	opts.expected_attach_type = exit ? BPF_TRACE_FEXIT : BPF_TRACE_FENTRY;
	opts.attach_btf_id = btf_id;
	opts.attach_btf_obj_fd = btf_fd;
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "wr_check", "GPL", insns, 2, &opts);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}
