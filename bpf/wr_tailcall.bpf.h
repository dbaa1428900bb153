/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wr_tailcall.bpf.h - empty fexit programs, one per driver function whose
 * put is a tail jump and that is reached through a pointer or by another
 * tail jump (userspace/drivers/tailcallers.c).  They do nothing: an fexit
 * program makes the function's trampoline call it (BPF_TRAMP_F_CALL_ORIG,
 * a direct "call" of the function's body), so the put it jumps to returns
 * into the trampoline just after that call, and repair_tail()
 * (wr_unwind.bpf.h) puts the function back from it, as it does from any
 * direct caller.  The frontend loads each slot against one function's BTF
 * and leaves the rest unloaded.
 */
#ifndef WR_TAILCALL_BPF_H
#define WR_TAILCALL_BPF_H

#define WR_TAIL_SLOT(n)						\
SEC("fexit")							\
int BPF_PROG(wr_tail_##n)					\
{								\
	return 0;						\
}

WR_TAIL_SLOT(0) WR_TAIL_SLOT(1) WR_TAIL_SLOT(2) WR_TAIL_SLOT(3)
WR_TAIL_SLOT(4) WR_TAIL_SLOT(5) WR_TAIL_SLOT(6) WR_TAIL_SLOT(7)
WR_TAIL_SLOT(8) WR_TAIL_SLOT(9) WR_TAIL_SLOT(10) WR_TAIL_SLOT(11)
WR_TAIL_SLOT(12) WR_TAIL_SLOT(13) WR_TAIL_SLOT(14) WR_TAIL_SLOT(15)
WR_TAIL_SLOT(16) WR_TAIL_SLOT(17) WR_TAIL_SLOT(18) WR_TAIL_SLOT(19)
WR_TAIL_SLOT(20) WR_TAIL_SLOT(21) WR_TAIL_SLOT(22) WR_TAIL_SLOT(23)

#endif /* WR_TAILCALL_BPF_H */
