/* SPDX-License-Identifier: GPL-2.0 */
/*
 * context.h - in which kernel context a stack ran, read from the stack
 * itself: the innermost frame that a dispatcher of the kernel called (a
 * worker's process_one_work(), an interrupt's __handle_irq_event_percpu(),
 * a timer's call_timer_fn(), ...) names the context, and the frame just
 * inside it the function dispatched (the work function, the handler).
 */
#ifndef WR_KERNEL_CONTEXT_H
#define WR_KERNEL_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>

struct ksyms;
struct ksym;

enum wr_ctx_kind {
	WR_CTX_NONE = 0,	/* no dispatcher in the frames (cut short, or plain task) */
	WR_CTX_SYSCALL,		/* do_syscall_64: a system call */
	WR_CTX_FAULT,		/* a page fault (exc_page_fault) */
	WR_CTX_KTHREAD,		/* a kernel thread's function */
	WR_CTX_WORK,		/* a workqueue worker: the work function */
	WR_CTX_IRQ_THREAD,	/* a threaded interrupt handler */
	WR_CTX_SOFTIRQ,		/* a softirq action */
	WR_CTX_TASKLET,		/* a tasklet */
	WR_CTX_TIMER,		/* a timer or hrtimer callback */
	WR_CTX_IRQ,		/* a hard interrupt handler */
	WR_CTX__COUNT
};

struct wr_context {
	enum wr_ctx_kind kind;
	const struct ksym *fn;	/* the function dispatched; NULL: unknown, or a syscall/fault */
};

/* The context of FRAMES[0..N) (innermost first). */
void context__find(const struct ksyms *ks, const uint64_t *frames, uint32_t n,
		   struct wr_context *c);
/* "syscall", "work", "irq", ...; "" for WR_CTX_NONE */
const char *context__kind_name(enum wr_ctx_kind kind);
/* Whether KIND interrupts the task it runs on (its system call is not its own). */
bool context__is_interrupt(enum wr_ctx_kind kind);

#endif
