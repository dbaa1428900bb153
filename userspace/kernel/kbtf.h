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
/* The same, but in MODULE's own types only, not in vmlinux's it sees too. */
bool kbtf__defines_func(struct kbtf *kb, const char *module, const char *func);

/* Search vmlinux and every module for a FUNC named FUNC; names its owner. */
bool kbtf__find_func_module(struct kbtf *kb, const char *func, char *module, size_t len);

/* Size in bytes of FUNC's return type, or -errno. */
/*
 * Offset in bytes of MEMBER in struct STRUCT, from MODULE's BTF (NULL:
 * vmlinux); -ENOENT when either is not there.
 */
int kbtf__member_offset(struct kbtf *kb, const char *module, const char *strct,
			const char *member);
int kbtf__func_ret_size(struct kbtf *kb, const char *module, const char *func);

/* What FUNC returns, by its BTF: typedefs, const and volatile looked through. */
struct kbtf_ret {
	int size;		/* bytes; 0: void */
	bool is_signed;		/* a signed integer (or an enum with negative values) */
	bool is_ptr;
	bool is_bool;
	char name[48];		/* as written: "int", "ssize_t", "struct foo *" (short) */
};
int kbtf__func_ret_type(struct kbtf *kb, const char *module, const char *func,
			struct kbtf_ret *out);

/* From now on, act as if no module had BTF (testing the fallbacks). */
void kbtf__hide_modules(struct kbtf *kb);
bool kbtf__modules_hidden(const struct kbtf *kb);

/*
 * The kernel's BTF object of MODULE (NULL or "vmlinux": 0) and the type id
 * of FUNC in it: what a fentry program loads against to pick FUNC in that
 * very module.  The fd stays owned by KB.  0 or -errno.
 */
int kbtf__target(struct kbtf *kb, const char *module, const char *func, int *btf_fd,
		 int *btf_id);

/* Does a trivial fentry (fexit if EXIT) program load on FUNC in MODULE?  0 or -errno. */
int kbtf__check_fentry(struct kbtf *kb, const char *module, const char *func, bool exit);

#endif
