// SPDX-License-Identifier: GPL-2.0
/* privileges.c - may this process load and attach BPF tracing programs? */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/log.h"
#include "attach/tracer.h"

/* CapEff of this process, from /proc/self/status. */
static uint64_t effective_caps(void)
{
	unsigned long long caps = 0;
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			break;
	if (f)
		fclose(f);
	return caps;
}

#define CAP_BIT(n) (1ull << (n))
#define WR_CAP_SYS_ADMIN 21
#define WR_CAP_PERFMON 38
#define WR_CAP_BPF 39

bool tracer__privileged(void)
{
	uint64_t caps = effective_caps();

	return geteuid() == 0 || (caps & CAP_BIT(WR_CAP_SYS_ADMIN)) ||
	       ((caps & CAP_BIT(WR_CAP_BPF)) && (caps & CAP_BIT(WR_CAP_PERFMON)));
}

int tracer__check_privileges(void)
{
	if (tracer__privileged())
		return 0;
	log_error("must run as root (or with CAP_BPF and CAP_PERFMON) to load BPF tracing "
		  "programs\n");
	return -EPERM;
}

