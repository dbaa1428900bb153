// SPDX-License-Identifier: GPL-2.0
/* gpus.c - the GPUs' state read at once, for every command (see gpus.h). */
#include <pthread.h>
#include <stdio.h>
#include <bpf/libbpf.h>

#include "attach/pmstate.h"
#include "attach/tracer.h"
#include "lib/log.h"
#include "session/gpus.h"
#include "session/session.h"

static struct pmstate_reader *reader;
static char why[200];
static bool tried;
static pthread_t loader;
static bool loading;
static bool said;		/* why there is no reader, once */

static void open_reader(void)
{
	tried = true;
	if (!tracer__privileged()) {
		snprintf(why, sizeof(why), "reading it needs root (or CAP_BPF and CAP_PERFMON)");
		return;
	}
	/* a failed attempt (fentry refused, then the kprobe tried) is not an error */
	libbpf_set_print(session__libbpf_log);
	log_set_libbpf_quiet(true);
	reader = pmstate__open(why, sizeof(why));
	log_set_libbpf_quiet(false);
}

static void *open_in_background(void *arg)
{
	(void)arg;
	open_reader();
	return NULL;
}

void session__gpus_prefetch(void)
{
	if (tried || loading)
		return;
	loading = !pthread_create(&loader, NULL, open_in_background, NULL);
}

static void join(void)
{
	if (!loading)
		return;
	pthread_join(loader, NULL);
	loading = false;
}

void session__read_gpus(struct wr_gpu_states *out)
{
	join();
	if (!tried)
		open_reader();
	if (!reader && !said)
		log_verbose("GPU state from sysfs only: %s\n", why);
	said = true;
	pmstate__collect(reader, why, out);
}

void session__gpus_close(void)
{
	join();
	pmstate__close(reader);
	reader = NULL;
	tried = false;
	said = false;
}
