// SPDX-License-Identifier: GPL-2.0
/* gpus.c - the GPUs' state read at once, for every command (see gpus.h). */
#include <stdarg.h>
#include <stdio.h>
#include <bpf/libbpf.h>

#include "attach/pmstate.h"
#include "attach/tracer.h"
#include "lib/log.h"
#include "session/gpus.h"

static struct pmstate_reader *reader;
static char why[200];
static bool tried;

/* A failed attempt (fentry refused, then the kprobe tried) is not an error. */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN && log_is_verbose())
		return vfprintf(stderr, fmt, ap);
	return 0;
}

void session__read_gpus(struct wr_gpu_states *out)
{
	if (!tried) {
		libbpf_print_fn_t old;

		tried = true;
		if (!tracer__privileged()) {
			snprintf(why, sizeof(why), "reading it needs root (or CAP_BPF and "
				 "CAP_PERFMON)");
		} else {
			old = libbpf_set_print(quiet);
			reader = pmstate__open(why, sizeof(why));
			libbpf_set_print(old);
		}
		if (!reader)
			log_verbose("GPU state from sysfs only: %s\n", why);
	}
	pmstate__collect(reader, why, out);
}

void session__gpus_close(void)
{
	pmstate__close(reader);
	reader = NULL;
	tried = false;
}
