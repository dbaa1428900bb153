/* SPDX-License-Identifier: GPL-2.0 */
/* kbtf.h - the running kernel's BTF: vmlinux plus module BTF, loaded once each. */
#ifndef WR_KBTF_H
#define WR_KBTF_H

#include <stdbool.h>
#include <stddef.h>

struct btf;
struct kbtf;

/* NULL with errno set when the kernel has no BTF (/sys/kernel/btf/vmlinux). */
struct kbtf *kbtf__open(void);
void kbtf__close(struct kbtf *kb);

/* BTF of MODULE (NULL: vmlinux), loaded on first use; NULL if it has none. */
struct btf *kbtf__get(struct kbtf *kb, const char *module);

bool kbtf__has_func(struct kbtf *kb, const char *module, const char *func);

/* Search vmlinux and every module for a FUNC named FUNC; names its owner. */
bool kbtf__find_func_module(struct kbtf *kb, const char *func, char *module, size_t len);

/* Size in bytes of FUNC's return type, or -errno. */
int kbtf__func_ret_size(struct kbtf *kb, const char *module, const char *func);

#endif
