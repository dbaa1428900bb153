// SPDX-License-Identifier: GPL-2.0
/* context.c - the kernel context of a stack, from its dispatchers (context.h). */
#include <stddef.h>
#include <string.h>

#include "kernel/context.h"
#include "kernel/ksyms.h"

/*
 * The kernel functions that run a context's function, by name (a compiler
 * clone, "name.constprop.0", matches its name).  Data: the kernel's own
 * dispatchers, 6.1 to 7.x.
 */
static const struct {
	const char *name;
	enum wr_ctx_kind kind;
} dispatchers[] = {
	{ "__handle_irq_event_percpu", WR_CTX_IRQ },
	{ "irq_work_single", WR_CTX_IRQ },		/* an irq_work, in hard IRQ */
	{ "call_timer_fn", WR_CTX_TIMER },
	{ "__run_hrtimer", WR_CTX_TIMER },
	{ "tasklet_action_common", WR_CTX_TASKLET },
	{ "handle_softirqs", WR_CTX_SOFTIRQ },		/* 6.8+ */
	{ "__do_softirq", WR_CTX_SOFTIRQ },
	{ "irq_thread_fn", WR_CTX_IRQ_THREAD },
	{ "irq_forced_thread_fn", WR_CTX_IRQ_THREAD },
	{ "process_one_work", WR_CTX_WORK },
	{ "kthread", WR_CTX_KTHREAD },
	{ "do_syscall_64", WR_CTX_SYSCALL },
	{ "exc_page_fault", WR_CTX_FAULT },
};

static const char *const kind_names[WR_CTX__COUNT] = {
	[WR_CTX_NONE] = "",
	[WR_CTX_SYSCALL] = "syscall",
	[WR_CTX_FAULT] = "page-fault",
	[WR_CTX_KTHREAD] = "kthread",
	[WR_CTX_WORK] = "work",
	[WR_CTX_IRQ_THREAD] = "irq-thread",
	[WR_CTX_SOFTIRQ] = "softirq",
	[WR_CTX_TASKLET] = "tasklet",
	[WR_CTX_TIMER] = "timer",
	[WR_CTX_IRQ] = "irq",
};

const char *context__kind_name(enum wr_ctx_kind kind)
{
	return kind < WR_CTX__COUNT ? kind_names[kind] : "";
}

bool context__is_interrupt(enum wr_ctx_kind kind)
{
	return kind == WR_CTX_IRQ || kind == WR_CTX_SOFTIRQ || kind == WR_CTX_TASKLET ||
	       kind == WR_CTX_TIMER;
}

/* NAME is BASE or a clone of it (BASE.isra.0, BASE.constprop.0, ...) */
static bool is(const char *name, const char *base)
{
	size_t n = strlen(base);

	return !strncmp(name, base, n) && (name[n] == '\0' || name[n] == '.');
}

void context__find(const struct ksyms *ks, const uint64_t *frames, uint32_t n,
		   struct wr_context *c)
{
	uint32_t i;
	size_t k;

	c->kind = WR_CTX_NONE;
	c->fn = NULL;
	for (i = 0; ks && i < n; i++) {
		const struct ksym *s = ksyms__find(ks, frames[i]);

		if (!s || ksym__module(s))
			continue;
		for (k = 0; k < sizeof(dispatchers) / sizeof(dispatchers[0]); k++) {
			if (!is(s->name, dispatchers[k].name))
				continue;
			c->kind = dispatchers[k].kind;
			/* a system call's or fault's handler says no more than its kind */
			if (c->kind != WR_CTX_SYSCALL && c->kind != WR_CTX_FAULT && i)
				c->fn = ksyms__find(ks, frames[i - 1]);
			return;
		}
	}
}
