// SPDX-License-Identifier: GPL-2.0
/*
 * pmstate.c - the state reader's BPF object (pmstate.h): fentry on
 * pm_runtime_active_time(), else a kprobe there; one read of the device's
 * power/runtime_active_time per device.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "attach/handlers.h"
#include "attach/pmstate.h"
#include "drivers/drivers.h"
#include "lib/log.h"
#include "model/gpustate.h"
#include "pmstate.skel.h"

struct pmstate_reader {
	struct pmstate_bpf *skel;
};

static struct pmstate_bpf *load(bool fentry, int *err)
{
	struct pmstate_bpf *skel;

	/* opened beside a start, which may register section handlers meanwhile */
	handlers__lock();
	skel = pmstate_bpf__open();
	handlers__unlock();

	if (!skel) {
		*err = -errno;
		return NULL;
	}
	bpf_program__set_autoload(skel->progs.wr_pms_fentry, fentry);
	bpf_program__set_autoload(skel->progs.wr_pms_kprobe, !fentry);
	*err = pmstate_bpf__load(skel);
	if (!*err)
		*err = pmstate_bpf__attach(skel);
	if (*err) {
		pmstate_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

struct pmstate_reader *pmstate__open(char *why, size_t len)
{
	struct pmstate_reader *r = calloc(1, sizeof(*r));
	int err_f, err_k;

	if (!r) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	r->skel = load(true, &err_f);
	if (!r->skel)
		r->skel = load(false, &err_k);
	if (!r->skel) {
		snprintf(why, len, "neither fentry (%s) nor a kprobe (%s) attaches to "
			 "pm_runtime_active_time", strerror(-err_f), strerror(-err_k));
		free(r);
		return NULL;
	}
	log_verbose("state reader on pm_runtime_active_time (%s)\n",
		    bpf_program__autoload(r->skel->progs.wr_pms_fentry) ? "fentry" : "kprobe");
	r->skel->bss->want_tgid = getpid();
	return r;
}

bool pmstate__read(struct pmstate_reader *r, const char *name, struct wr_pm_state *st,
		   struct wr_pmstate *out)
{
	const struct wr_driver_info *di;
	struct wr_pm_state probe;

	memset(out, 0, sizeof(*out));
	/* the driver first: it says how the program reads drvdata */
	if (!devices__read(name, &probe))
		return false;
	if (!r) {
		*st = probe;
		return false;
	}
	di = drivers__by_bound(probe.driver);
	r->skel->bss->want_driver = di ? di->id : 0;
	memset(&r->skel->bss->result, 0, sizeof(r->skel->bss->result));
	/* this read runs pm_runtime_active_time(dev): the program fills result */
	if (!devices__read(name, st))
		return false;
	*out = r->skel->bss->result;
	return out->dev && !strncmp(out->name, name, sizeof(out->name));
}

void pmstate__close(struct pmstate_reader *r)
{
	if (!r)
		return;
	pmstate_bpf__destroy(r->skel);
	free(r);
}

void pmstate__collect(struct pmstate_reader *r, const char *why, struct wr_gpu_states *out)
{
	struct wr_pm_state found[WR_MAX_DEVICES];
	int i, n = devices__discover(found, WR_MAX_DEVICES);

	memset(out, 0, sizeof(*out));
	out->read = true;
	snprintf(out->why_no_k, sizeof(out->why_no_k), "%s", r ? "" : why ? why : "");
	for (i = 0; i < n; i++) {
		struct wr_gpu_state *g = &out->v[out->nr];
		const struct wr_driver_info *di = drivers__by_bound(found[i].driver);

		g->sys = found[i];
		g->driver = di ? di->id : 0;
		g->have_k = pmstate__read(r, found[i].name, &g->sys, &g->k);
		out->nr++;
	}
}
