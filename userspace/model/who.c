// SPDX-License-Identifier: GPL-2.0
/* who.c - who took a wakeref and during what (see who.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "drivers/ioctls.h"
#include "kernel/ksyms.h"
#include "kernel/syscalls.h"
#include "model/who.h"

void who__of(const struct ksyms *ks, const struct wr_owner *o, uint8_t driver,
	     struct wr_who *w)
{
	const struct ksym *caller = ks && o->caller ? ksyms__find(ks, o->caller) : NULL;
	const struct ksym *hook = ks && o->nr_frames ? ksyms__find(ks, o->frames[0]) : NULL;

	memset(w, 0, sizeof(*w));
	context__find(ks, o->frames, o->nr_frames, &w->ctx);
	w->sys_nr = o->task->sys_nr;
	/* an interrupt runs on whatever task it hit: that task's call is not its */
	if (context__is_interrupt(w->ctx.kind))
		w->sys_nr = -1;
	if (w->sys_nr >= 0) {
		w->syscall = syscalls__name(w->sys_nr);
		if (w->sys_nr == WR_NR_IOCTL) {
			w->ioctl_cmd = o->task->ioctl_cmd;
			w->ioctl = ioctls__name(driver, o->task->ioctl_cmd);
			w->client = o->task->client;
			w->client_is_id = o->task->client_is_id;
		}
	}
	/* module names are interned: one pointer a module */
	w->driver_module = hook ? ksym__module(hook) : NULL;
	if (caller && hook && caller->mod != hook->mod)
		w->module = ksym__module(caller) ? ksym__module(caller) : "vmlinux";
}

int who__during(const struct wr_who *w, char *buf, size_t len)
{
	char client[48] = "";

	if (w->client && w->client_is_id)
		snprintf(client, sizeof(client), " client %" PRIu64, w->client);
	else if (w->client)
		snprintf(client, sizeof(client), " client 0x%" PRIx64, w->client);
	if (w->sys_nr == WR_NR_IOCTL && w->ioctl)
		return snprintf(buf, len, "ioctl %s%s", w->ioctl, client);
	if (w->sys_nr == WR_NR_IOCTL)
		return snprintf(buf, len, "ioctl 0x%x%s", w->ioctl_cmd, client);
	if (w->sys_nr >= 0 && w->syscall)
		return snprintf(buf, len, "syscall %s", w->syscall);
	if (w->sys_nr >= 0)
		return snprintf(buf, len, "syscall %d", w->sys_nr);
	if (w->ctx.kind == WR_CTX_NONE || w->ctx.kind == WR_CTX_SYSCALL)
		return snprintf(buf, len, "%s", "");
	return snprintf(buf, len, "%s %s", context__kind_name(w->ctx.kind),
			w->ctx.fn ? w->ctx.fn->name : "?");
}

int who__key(const struct ksyms *ks, const struct wr_owner *o, uint8_t driver, enum wr_by by,
	     char *buf, size_t len)
{
	const struct ksym *caller = ks && o->caller ? ksyms__find(ks, o->caller) : NULL;
	struct wr_who w;

	switch (by) {
	case WR_BY_PID:
		return snprintf(buf, len, "pid %u [%.*s]", o->pid, (int)sizeof(o->task->comm),
				o->task->comm);
	case WR_BY_MODULE:
		return snprintf(buf, len, "%s", !caller ? "?" :
				ksym__module(caller) ? ksym__module(caller) : "vmlinux");
	case WR_BY_IOCTL:
		who__of(ks, o, driver, &w);
		w.client = 0;	/* one group per ioctl, not per client */
		if (who__during(&w, buf, len) > 0)
			return (int)strlen(buf);
		return snprintf(buf, len, "%s", "(no system call)");
	case WR_BY_STACK:
		break;
	}
	return snprintf(buf, len, "%s", "");
}

static const char *const by_names[] = {
	[WR_BY_STACK] = "stack",
	[WR_BY_IOCTL] = "ioctl",
	[WR_BY_PID] = "pid",
	[WR_BY_MODULE] = "module",
};

int who__parse_by(const char *name, enum wr_by *by)
{
	size_t i;

	for (i = 0; i < sizeof(by_names) / sizeof(by_names[0]); i++) {
		if (!strcmp(name, by_names[i])) {
			*by = i;
			return 0;
		}
	}
	return -1;
}

const char *who__by_name(enum wr_by by)
{
	return by <= WR_BY_MODULE ? by_names[by] : "?";
}
