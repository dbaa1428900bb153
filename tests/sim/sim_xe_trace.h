/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xe's runtime-PM tracepoints (drivers/gpu/drm/xe/xe_trace.h, 6.12+, none
 * in 6.11): TRACE_SYSTEM xe, event class xe_pm_runtime with the
 * real prototype and the real entry, field for field and in order, so that
 * wakeref's tracepoint fallback reads the sim as it reads xe.  Real xe has
 * them from 6.12 only; the sim defines them on every kernel it builds for.
 * Fired where xe fires them: first thing in xe_pm_runtime_get, _put and
 * _get_ioctl (sim_xe_pm.c, which creates them).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM xe

#if !defined(_SIM_XE_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _SIM_XE_TRACE_H_

#include <linux/device.h>
#include <linux/tracepoint.h>
#include <linux/version.h>

#include "sim_xe.h"

#define __dev_name_xe(xe)	dev_name((xe)->drm.dev)

/* __assign_str() lost its source argument in 6.10 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define sim_assign_dev_name(xe)	__assign_str(dev)
#else
#define sim_assign_dev_name(xe)	__assign_str(dev, __dev_name_xe(xe))
#endif

DECLARE_EVENT_CLASS(xe_pm_runtime,
		    TP_PROTO(struct xe_device *xe, void *caller),
		    TP_ARGS(xe, caller),

		    TP_STRUCT__entry(
			     __string(dev, __dev_name_xe(xe))
			     __field(void *, caller)
			     ),

		    TP_fast_assign(
			   sim_assign_dev_name(xe);
			   __entry->caller = caller;
			   ),

		    TP_printk("dev=%s caller_function=%pS", __get_str(dev), __entry->caller)
);

DEFINE_EVENT(xe_pm_runtime, xe_pm_runtime_get,
	     TP_PROTO(struct xe_device *xe, void *caller),
	     TP_ARGS(xe, caller)
);

DEFINE_EVENT(xe_pm_runtime, xe_pm_runtime_put,
	     TP_PROTO(struct xe_device *xe, void *caller),
	     TP_ARGS(xe, caller)
);

DEFINE_EVENT(xe_pm_runtime, xe_pm_runtime_get_ioctl,
	     TP_PROTO(struct xe_device *xe, void *caller),
	     TP_ARGS(xe, caller)
);

#endif /* _SIM_XE_TRACE_H_ */

/* outside the guard: define_trace.h reads this file again */
#undef TRACE_INCLUDE_PATH
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE sim_xe_trace
#include <trace/define_trace.h>
