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
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kbtf.h"

#define KBTF_MAX_MODULES 64

struct kbtf {
	struct btf *vmlinux;
	struct {
		char *name;
		struct btf *btf;	/* NULL: the module has no BTF */
	} mods[KBTF_MAX_MODULES];
	int nr_mods;
};

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
		free(kb->mods[i].name);
	}
	btf__free(kb->vmlinux);
	free(kb);
}

struct btf *kbtf__get(struct kbtf *kb, const char *module)
{
	int i;

	if (!module || !strcmp(module, "vmlinux"))
		return kb->vmlinux;
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

static int find_func(struct btf *btf, const char *func)
{
	return btf ? btf__find_by_name_kind(btf, func, BTF_KIND_FUNC) : -ENOENT;
}

bool kbtf__has_func(struct kbtf *kb, const char *module, const char *func)
{
	return find_func(kbtf__get(kb, module), func) > 0;
}

bool kbtf__find_func_module(struct kbtf *kb, const char *func, char *module, size_t len)
{
	struct dirent *de;
	bool found = false;
	DIR *d;

	if (find_func(kb->vmlinux, func) > 0) {
		snprintf(module, len, "vmlinux");
		return true;
	}
	d = opendir("/sys/kernel/btf");
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
	int id = find_func(btf, func);
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
