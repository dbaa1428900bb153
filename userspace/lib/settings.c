// SPDX-License-Identifier: GPL-2.0
/* settings.c - the WAKEREF_* environment settings (settings.h). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/log.h"
#include "lib/settings.h"

const struct wr_setting_def wr_settings[WR_SET__COUNT] = {
	[WR_SET_NO_FENTRY] = { "WAKEREF_NO_FENTRY", "1",
		"trace by the fallbacks only (kprobes, tracepoints), as --no-fentry", "fentry" },
	[WR_SET_NO_MODULE_BTF] = { "WAKEREF_NO_MODULE_BTF", "1",
		"act as if no module had BTF, as --no-module-btf", "module BTF used" },
	[WR_SET_NO_KPROBE] = { "WAKEREF_NO_KPROBE", "1",
		"use no kprobes: tracepoints stand in where they can, as --no-kprobe",
		"kprobes allowed" },
	[WR_SET_NO_KPROBE_MULTI] = { "WAKEREF_NO_KPROBE_MULTI", "1",
		"a kprobe link per object row, not one kprobe_multi link for them all "
		"(the daemon always: it pins a link per row)", "one link where the kernel can" },
	[WR_SET_FEATURES] = { "WAKEREF_FEATURES", "owners,userfault,svm|all",
		"the views to trace; fewer views attach fewer functions", "all" },
	[WR_SET_FRAMES] = { "WAKEREF_FRAMES", "GET:PUT",
		"stack frames recorded for a get and for a put, each 1..32", "16:12" },
	[WR_SET_UNWIND] = { "WAKEREF_UNWIND", "fast|off|verify",
		"how stacks are read: the fast unwinder, the kernel's walk, or both compared",
		"fast" },
	[WR_SET_UNWIND_BREAK] = { "WAKEREF_UNWIND_BREAK", "end",
		"tests only: every rule the fast unwinder learns wrongly ends the stack at its "
		"frame, the negative control of WAKEREF_UNWIND=verify", "off" },
	[WR_SET_SVM_GC_THRESHOLD_MS] = { "WAKEREF_SVM_GC_THRESHOLD_MS", "MS",
		"an unmapped SVM range older than this is reported as not collected", "1000" },
	[WR_SET_DEBUG_LIBBPF] = { "WAKEREF_DEBUG_LIBBPF", "1",
		"print libbpf's debug messages (verifier logs) with -v", "off" },
	[WR_SET_BENCH_EMPTY] = { "WAKEREF_BENCH_EMPTY", "1",
		"benchmarks only: the programs attach and do nothing", "off" },
	[WR_SET_DETACH] = { "WAKEREF_DETACH", "background|wait",
		"ci: detach after exiting, in a child of its own, or before exiting",
		"background" },
	[WR_SET_NO_TAIL_REPAIR] = { "WAKEREF_NO_TAIL_REPAIR", "1",
		"benchmarks only: no tail-called frame put back, no tail callers' trampolines "
		"(tail-called puts are paired as their callers')", "off" },
};

const char *settings__get(enum wr_setting s)
{
	const char *v = getenv(wr_settings[s].name);

	return v && *v ? v : NULL;
}

bool settings__on(enum wr_setting s)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "0", "no", "false", "off" };
	static bool said[WR_SET__COUNT];
	const char *v = settings__get(s);
	size_t i;

	if (!v)
		return false;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!strcasecmp(v, yes[i]))
			return true;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcasecmp(v, no[i]))
			return false;
	if (!said[s])
		log_error("bad %s '%s': want 1 (or yes, true, on) or 0 (no, false, off); "
			  "taken as off\n", wr_settings[s].name, v);
	said[s] = true;
	return false;
}

int settings__parse_u64(const char *v, uint64_t max, uint64_t *out)
{
	unsigned long long n;
	char *end;

	if (!v || !isdigit((unsigned char)*v))
		return -EINVAL;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || *end || n > max)
		return -EINVAL;
	*out = n;
	return 0;
}

int settings__parse_frames(const char *v, unsigned int max, unsigned int *get,
			   unsigned int *put)
{
	char buf[32], *colon;
	uint64_t g, p;

	if (!v || strlen(v) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, v);
	colon = strchr(buf, ':');
	if (!colon)
		return -EINVAL;
	*colon = '\0';
	if (settings__parse_u64(buf, max, &g) || settings__parse_u64(colon + 1, max, &p) ||
	    !g || !p)
		return -EINVAL;
	*get = g;
	*put = p;
	return 0;
}
