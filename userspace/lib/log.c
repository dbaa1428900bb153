// SPDX-License-Identifier: GPL-2.0
/* log.c - the one place messages for people are printed (log.h). */
#include <stdarg.h>

#include "lib/log.h"

static bool verbose;
static FILE *stream;

void log_set_verbose(bool on)
{
	verbose = on;
}

bool log_is_verbose(void)
{
	return verbose;
}

void log_set_stream(FILE *f)
{
	stream = f;
}

static void vlog(const char *prefix, const char *fmt, va_list ap)
{
	FILE *out = stream ? stream : stderr;

	if (prefix)
		fputs(prefix, out);
	vfprintf(out, fmt, ap);
}

#define LOG_FN(name, prefix, cond)		\
void name(const char *fmt, ...)			\
{						\
	va_list ap;				\
						\
	if (!(cond))				\
		return;				\
	va_start(ap, fmt);			\
	vlog(prefix, fmt, ap);			\
	va_end(ap);				\
}

LOG_FN(log_error, "wakeref: ", true)
LOG_FN(log_warn, "wakeref: ", true)
LOG_FN(log_info, "wakeref: ", true)
LOG_FN(log_verbose, "wakeref: ", verbose)
LOG_FN(log_raw, NULL, true)

static _Thread_local bool libbpf_quiet;

void log_set_libbpf_quiet(bool on)
{
	libbpf_quiet = on;
}

bool log_libbpf_quiet(void)
{
	return libbpf_quiet;
}
