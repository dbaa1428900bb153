// SPDX-License-Identifier: GPL-2.0
/*
 * leakpath.bpf.c - `--explain FUNC`: which error path of FUNC returns with
 * the wakeref it took still held.
 *
 * Per task, a small state machine: FUNC entered (lp_func_entry) -> each get
 * it calls that took a reference adds one (lp_get_N, fexit) and each put
 * takes one away (lp_put_N, fentry) -> while it holds more than it put, an
 * error returned by one of its callees (lp_callee_N, fexit: a negative
 * errno, or an ERR_PTR() for a pointer) is remembered, the last one winning
 * -> at FUNC's return (lp_func_exit) a reference still held is a leak,
 * counted under (callee, error) in `paths`, or (-1, 0) when no callee
 * failed.  Only the outermost call of a task is followed.
 *
 * Its own object and skeleton (leakpath_bpf), loaded apart from the tracer:
 * the frontend loads each slot it uses against one function (section
 * handlers of its own, see userspace/attach/leakpath.c) and leaves the rest
 * unloaded.  Slot N of a kind is the N-th function of that kind in the
 * frontend's plan; callee_kind[] says how a callee's return value reads,
 * get_kind[] how a get's says it took a reference.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "wakeref.h"
#include "wr_leakpath.h"

char LICENSE[] SEC("license") = "GPL";

const volatile __u8 callee_kind[LP_CALLEE_SLOTS];	/* enum lp_ret_kind */
const volatile __u8 get_kind[LP_GET_SLOTS];		/* enum wr_ret_kind */

struct lp_stats stats;

struct lp_task {
	__u32 depth;		/* FUNC's calls on this task's stack */
	__s32 held;		/* references taken minus put, inside FUNC */
	__s32 err_slot;		/* the last callee error after a get, -1: none */
	__s32 err;
	__u32 err_mask;		/* callee slots that failed after a get */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, LP_MAX_TASKS);
	__type(key, __u32);
	__type(value, struct lp_task);
} tasks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, LP_MAX_PATHS);
	__type(key, struct lp_path_key);
	__type(value, struct lp_path_val);
} paths SEC(".maps");

static __always_inline struct lp_task *task_state(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	return bpf_map_lookup_elem(&tasks, &tid);
}

static __always_inline __u64 func_ret(void *ctx)
{
	__u64 ret = 0;

	bpf_get_func_ret(ctx, &ret);
	return ret;
}

SEC("wakeref.lp_entry")
int BPF_PROG(lp_func_entry)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct lp_task fresh = { .depth = 1, .err_slot = -1 };
	struct lp_task *st = bpf_map_lookup_elem(&tasks, &tid);

	if (st) {
		st->depth++;
		__sync_fetch_and_add(&stats.recursion, 1);
		return 0;
	}
	if (bpf_map_update_elem(&tasks, &tid, &fresh, BPF_NOEXIST))
		__sync_fetch_and_add(&stats.tasks_full, 1);
	return 0;
}

static __always_inline void count_leak(struct lp_task *st, __s64 ret)
{
	struct lp_path_key key = { .slot = st->err_slot, .err = st->err };
	struct lp_path_val fresh = { .leaks = 1, .func_ret = ret };
	struct lp_path_val *v;

	__sync_fetch_and_add(&stats.leaks, 1);
	v = bpf_map_lookup_elem(&paths, &key);
	if (v) {
		__sync_fetch_and_add(&v->leaks, 1);
		v->func_ret = ret;
		return;
	}
	if (bpf_map_update_elem(&paths, &key, &fresh, BPF_NOEXIST)) {
		/* another CPU made it meanwhile, or the map is full */
		v = bpf_map_lookup_elem(&paths, &key);
		if (v)
			__sync_fetch_and_add(&v->leaks, 1);
		else
			__sync_fetch_and_add(&stats.paths_full, 1);
	}
}

SEC("wakeref.lp_exit")
int BPF_PROG(lp_func_exit)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct lp_task *st = bpf_map_lookup_elem(&tasks, &tid);
	int i;

	if (!st)
		return 0;
	if (st->depth > 1) {
		st->depth--;
		return 0;
	}
	__sync_fetch_and_add(&stats.calls, 1);
	if (st->held > 0) {
		count_leak(st, (__s64)func_ret(ctx));
	} else {
		for (i = 0; i < LP_CALLEE_SLOTS; i++)
			if (st->err_mask & (1u << i))
				__sync_fetch_and_add(&stats.errs_clean[i], 1);
	}
	bpf_map_delete_elem(&tasks, &tid);
	return 0;
}

/* Did the get of slot N take a reference, by what it returned? */
static __always_inline bool got_ref(void *ctx, int n)
{
	__u64 ret = func_ret(ctx);

	switch (get_kind[n]) {
	case WR_RET_I915_COOKIE:
		return ret != 0;
	case WR_RET_XE_IOCTL:
		return (__s32)ret != -40;	/* -ELOOP: no reference */
	case WR_RET_BOOL:
		return (__u8)ret != 0;
	default:
		return true;
	}
}

static __always_inline int on_get(void *ctx, int n)
{
	struct lp_task *st = task_state();

	if (st && got_ref(ctx, n))
		st->held++;
	return 0;
}

static __always_inline int on_put(void)
{
	struct lp_task *st = task_state();

	if (st)
		st->held--;
	return 0;
}

/* The error the callee of slot N returned, 0 if none. */
static __always_inline __s32 callee_err(void *ctx, int n)
{
	__u64 ret = func_ret(ctx);
	__s64 v;

	switch (callee_kind[n]) {
	case LP_RET_INT:
		v = (__s32)ret;
		break;
	case LP_RET_LONG:
	case LP_RET_PTR:
		v = (__s64)ret;
		break;
	default:
		return 0;
	}
	return v < 0 && v >= -LP_MAX_ERRNO ? (__s32)v : 0;
}

static __always_inline int on_callee(void *ctx, int n)
{
	struct lp_task *st = task_state();
	__s32 err;

	if (!st || st->held <= 0)
		return 0;
	err = callee_err(ctx, n);
	if (!err)
		return 0;
	st->err_slot = n;
	st->err = err;
	st->err_mask |= 1u << n;
	__sync_fetch_and_add(&stats.errs[n], 1);
	return 0;
}

#define LP_GET_SLOT(n)							\
SEC("wakeref.lp_exit")							\
int BPF_PROG(lp_get_##n)						\
{									\
	return on_get(ctx, n);						\
}

#define LP_PUT_SLOT(n)							\
SEC("wakeref.lp_entry")							\
int BPF_PROG(lp_put_##n)						\
{									\
	return on_put();						\
}

#define LP_CALLEE_SLOT(n)						\
SEC("wakeref.lp_exit")							\
int BPF_PROG(lp_callee_##n)						\
{									\
	return on_callee(ctx, n);					\
}

LP_GET_SLOT(0) LP_GET_SLOT(1) LP_GET_SLOT(2) LP_GET_SLOT(3)
LP_PUT_SLOT(0) LP_PUT_SLOT(1) LP_PUT_SLOT(2) LP_PUT_SLOT(3)

LP_CALLEE_SLOT(0) LP_CALLEE_SLOT(1) LP_CALLEE_SLOT(2) LP_CALLEE_SLOT(3)
LP_CALLEE_SLOT(4) LP_CALLEE_SLOT(5) LP_CALLEE_SLOT(6) LP_CALLEE_SLOT(7)
LP_CALLEE_SLOT(8) LP_CALLEE_SLOT(9) LP_CALLEE_SLOT(10) LP_CALLEE_SLOT(11)
LP_CALLEE_SLOT(12) LP_CALLEE_SLOT(13) LP_CALLEE_SLOT(14) LP_CALLEE_SLOT(15)
LP_CALLEE_SLOT(16) LP_CALLEE_SLOT(17) LP_CALLEE_SLOT(18) LP_CALLEE_SLOT(19)
LP_CALLEE_SLOT(20) LP_CALLEE_SLOT(21) LP_CALLEE_SLOT(22) LP_CALLEE_SLOT(23)
LP_CALLEE_SLOT(24) LP_CALLEE_SLOT(25) LP_CALLEE_SLOT(26) LP_CALLEE_SLOT(27)
LP_CALLEE_SLOT(28) LP_CALLEE_SLOT(29) LP_CALLEE_SLOT(30) LP_CALLEE_SLOT(31)
