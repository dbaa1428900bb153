/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wr_tramp.bpf.h - the traced function's own frame in the stack of a
 * fentry/fexit program.
 *
 * A BPF trampoline is entered from the traced function's fentry site,
 * before the function touched the stack.  Entered by a call, it leaves a
 * return address into the function (FN + 5, FN + 9 behind an endbr64) just
 * above its own frame, and every stack of the program reads: the tracer's
 * frames, the function, its caller...  From 7.x on
 * (CONFIG_DYNAMIC_FTRACE_WITH_JMP) a trampoline that calls the function
 * itself, that is one with a fexit program, is entered by a jmp instead:
 * no return address into the function is pushed, and the stack goes from
 * the tracer's frames straight to the caller.  put_back_fn() puts the
 * function back, as the call would have left it, so that a stack reads the
 * same on every kernel (the hooked function first, then its callers).
 *
 * The trampoline's frame (arch/x86/net/bpf_jit_comp.c, 6.1 to 7.3): from the
 * program's context up, one word per argument register of the function
 * (bpf_get_func_arg_cnt()), the return value (a trampoline that calls the
 * function always keeps one), the saved frame pointer, the return address.
 */
#ifndef WR_TRAMP_BPF_H
#define WR_TRAMP_BPF_H

#define WR_TRACER_FRAMES	8	/* the tracer's own frames atop bpf_get_stack()'s, at most */
#define WR_ENDBR64		0xfa1e0ff3	/* f3 0f 1e fa, read as a little-endian u32 */

/*
 * W returns into traced function FN, just after its fentry call (FN + 5,
 * or FN + 9 behind an endbr64).
 */
static __always_inline bool returns_into(__u64 w, __u64 fn)
{
	return w - fn - 1 < 16;
}

/* In a trampoline entered by a jmp: words from the context to the return address into the caller. */
static __always_inline __u64 jmp_ret_word(void *ctx)
{
	return bpf_get_func_arg_cnt(ctx) + 2;
}

/*
 * The context's address as a number: copied out of the stack slot that
 * holds the pointer (the verifier lets root and CAP_PERFMON do so).
 */
static __always_inline __u64 ctx_number(void *ctx)
{
	void *volatile slot = ctx;
	__u64 n = 0;

	bpf_probe_read_kernel(&n, sizeof(n), (void *)&slot);
	return n;
}

/* What FN's fentry call pushes: FN + 5, or FN + 9 behind an endbr64. */
static __always_inline __u64 fn_return(__u64 fn)
{
	__u32 insn = 0;

	bpf_probe_read_kernel(&insn, sizeof(insn), (void *)fn);
	return fn + (insn == WR_ENDBR64 ? 9 : 5);
}

/*
 * STACK holds N frames of bpf_get_stack(), the tracer's first.  If none of
 * them returns into the traced function and the frame of the trampoline's
 * return address (into the caller, the trampoline was entered by a jmp) is
 * found among them, the tracer frame just before it becomes the function's.
 */
static __always_inline void put_back_fn(void *ctx, __u64 *stack, int n)
{
	__u64 fn = bpf_get_func_ip(ctx), ret = 0;
	int i;

	for (i = 0; i < WR_TRACER_FRAMES && i < n; i++)
		if (returns_into(stack[i], fn))
			return;
	if (bpf_probe_read_kernel(&ret, sizeof(ret),
				  (void *)(ctx_number(ctx) + jmp_ret_word(ctx) * sizeof(__u64))))
		return;
	for (i = 1; i < WR_TRACER_FRAMES && i < n; i++) {
		if (stack[i] == ret) {
			stack[i - 1] = fn_return(fn);
			return;
		}
	}
}

#endif /* WR_TRAMP_BPF_H */
