/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wr_leakpath.h - what bpf/leakpath.bpf.c and the frontend share for
 * `--explain FUNC`: the slots of the programs (FUNC's own, its gets, its
 * puts, its other callees), how a callee's return value reads as an error,
 * and the counts it leaves in its .bss and its map of leak paths.
 */
#ifndef WR_LEAKPATH_H
#define WR_LEAKPATH_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define LP_CALLEE_SLOTS		32	/* FUNC's callees watched for an error */
#define LP_GET_SLOTS		4	/* gets FUNC calls */
#define LP_PUT_SLOTS		4	/* puts FUNC calls */
#define LP_MAX_TASKS		1024	/* tasks inside FUNC at once */
#define LP_MAX_PATHS		64	/* distinct (callee, error) leak paths */

#define LP_MAX_ERRNO		4095	/* the kernel's MAX_ERRNO */

/* how a callee's return value says it failed */
enum lp_ret_kind {
	LP_RET_NONE = 0,	/* it cannot say (void, bool, unsigned): not watched */
	LP_RET_INT,		/* a signed int of 4 bytes or fewer: -4095..-1 */
	LP_RET_LONG,		/* a signed long: -4095..-1 */
	LP_RET_PTR,		/* a pointer: an ERR_PTR() */
};

/* how a get's return value says it took a reference (enum wr_ret_kind) */

/* a leak path: the last error a callee returned after FUNC's get */
struct lp_path_key {
	__s32 slot;		/* callee slot; -1: no callee error was seen */
	__s32 err;		/* its error, negative; 0 with slot -1 */
};

struct lp_path_val {
	__u64 leaks;		/* FUNC returned holding a reference after it */
	__s64 func_ret;		/* FUNC's return value, the last time */
};

struct lp_stats {
	__u64 calls;		/* FUNC returned (outermost calls only) */
	__u64 leaks;		/* ... holding more references than it had put */
	__u64 recursion;	/* FUNC entered again while inside it */
	__u64 tasks_full;	/* a call not followed: LP_MAX_TASKS tasks inside */
	__u64 paths_full;	/* a leak not put in a path: LP_MAX_PATHS paths */
	__u64 errs[LP_CALLEE_SLOTS];	/* errors per callee, after a get */
	__u64 errs_clean[LP_CALLEE_SLOTS]; /* ... in calls that did not leak */
};

#endif
