// SPDX-License-Identifier: GPL-2.0
/*
 * uf_listed.c - the userfault lists as they are when tracing begins.  With
 * the rows WR_HOOK_UF_*_LISTED attached (fentry on pm_runtime_active_time),
 * one read of a GPU's power/runtime_active_time by this process runs
 * bpf/userfault.bpf.c's walk of that device's list heads: a record per
 * object listed, which the programs follow from then on.
 */
#include <unistd.h>
#include <bpf/libbpf.h>

#include "attach/tracer_int.h"
#include "drivers/drivers.h"
#include "kernel/devices.h"
#include "lib/log.h"
#include "wakeref.skel.h"

void tracer__read_uf_lists(struct tracer *t)
{
	struct wr_pm_state found[WR_MAX_DEVICES], st;
	int i, n, read = 0;

	/* adopted programs (a daemon's restart): the journal holds the lists */
	if (!t->skel)
		return;
	if (!t->links[WR_HOOK_UF_I915_LISTED] && !t->links[WR_HOOK_UF_XE_LISTED]) {
		const struct wr_ap_resolved *r = &t->plan[WR_HOOK_UF_I915_LISTED];

		/* the view is traced, but what was listed before now is not known */
		if (t->links[WR_HOOK_UF_I915_SUSPEND_EXIT] || t->links[WR_HOOK_UF_XE_SUSPEND_EXIT])
			log_warn("the userfault lists cannot be read as they are now (%s): "
				 "objects listed before tracing are shown only once they fault "
				 "again or a suspend finds them\n",
				 r->why[0] ? r->why : "pm_runtime_active_time not traced");
		return;
	}
	t->skel->bss->uf_want_tgid = getpid();
	n = devices__discover(found, WR_MAX_DEVICES);
	for (i = 0; i < n; i++) {
		const struct wr_driver_info *di = drivers__by_bound(found[i].driver);

		if (!di || (di->id == WR_DRV_I915 && !t->links[WR_HOOK_UF_I915_LISTED]) ||
		    (di->id == WR_DRV_XE && !t->links[WR_HOOK_UF_XE_LISTED]))
			continue;
		t->skel->bss->uf_want_driver = di->id;
		read += devices__read(found[i].name, &st);
	}
	t->skel->bss->uf_want_driver = 0;
	t->skel->bss->uf_want_tgid = 0;
	log_verbose("read the userfault lists of %d GPU%s as they are at attach\n", read,
		    read == 1 ? "" : "s");
}
