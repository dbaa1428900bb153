/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's own names for what changed name between the kernels the
 * simulation builds on (6.1 to 7.x).  The code uses the newest spelling, as
 * the drivers of the newest kernels do; older kernels get it here.
 */
#ifndef WAKEREF_SIM_COMPAT_H
#define WAKEREF_SIM_COMPAT_H

#include <linux/compiler.h>
#include <linux/timer.h>
#include <linux/version.h>
#include <linux/workqueue.h>

/*
 * __noipa (no inter-procedural analysis: no clone, no folding, no
 * assumption about the callee) is in compiler_attributes.h in 6.1, 6.12 and
 * 7.x, but not in Debian's 6.18.
 */
#ifndef __noipa
#if __has_attribute(noipa)
#define __noipa __attribute__((noipa))
#else
#define __noipa
#endif
#endif

/*
 * 6.16 renamed from_timer() to timer_container_of() and
 * destroy_timer_on_stack() to timer_destroy_on_stack(), and dropped the old
 * names.  timer_delete_sync() exists in every kernel built here (Debian's
 * 6.1 has it from the stable series).
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 16, 0)
#define timer_container_of(var, callback_timer, timer_fieldname) \
	from_timer(var, callback_timer, timer_fieldname)
#define timer_destroy_on_stack(timer) destroy_timer_on_stack(timer)
#endif

/*
 * 6.17 named the unbound system workqueue system_dfl_wq and the per-CPU one
 * system_percpu_wq, and added WQ_PERCPU; 7.x warns about work queued on
 * system_unbound_wq or system_wq (the drivers use the new names) and about a
 * workqueue allocated with neither WQ_PERCPU nor WQ_UNBOUND (a WARN).
 * Before 6.17 a workqueue without WQ_UNBOUND is per-CPU: WQ_PERCPU is 0.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 17, 0)
#define system_dfl_wq	system_unbound_wq
#define system_percpu_wq	system_wq
#define WQ_PERCPU	0
#endif

#endif /* WAKEREF_SIM_COMPAT_H */
