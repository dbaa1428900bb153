// SPDX-License-Identifier: GPL-2.0
/*
 * report_perfetto.c - the run as a Chrome/Perfetto trace (Trace Event
 * Format JSON; ui.perfetto.dev and chrome://tracing open it): one process
 * per device, each hold a complete ("X") slice on the thread that took it,
 * still-held ones running to the end of the trace, and the device's
 * outstanding count and the driver's own count as counter ("C") tracks.
 */
#include "drivers/hooks.h"
#include "drivers/drivers.h"
#include "lib/json.h"
#include "kernel/ksyms.h"
#include "output/filter.h"
#include "model/who.h"
#include "output/format.h"

static int device_index(const struct wr_owners *ot, const struct wr_device *dev)
{
	const struct wr_device *d;
	int i = 1;

	for (d = ot->devices; d && d != dev; d = d->next)
		i++;
	return i;
}

static const char *name_of(const struct ksyms *ks, uint64_t addr)
{
	const struct ksym *s = addr ? ksyms__find(ks, addr) : NULL;

	return s ? s->name : "?";
}

static void put_slice(struct jw *w, const struct ksyms *ks, int pid, uint32_t tid,
		      uint64_t caller, uint64_t api, uint16_t hook, uint64_t start_ns,
		      uint64_t end_ns, const char *pairing, const char *during)
{
	jw_object(w, NULL);
	jw_string(w, "name", name_of(ks, caller));
	jw_string(w, "cat", "wakeref");
	jw_string(w, "ph", "X");
	jw_double(w, "ts", start_ns / 1e3);
	jw_double(w, "dur", end_ns > start_ns ? (end_ns - start_ns) / 1e3 : 0);
	jw_u64(w, "pid", pid);
	jw_u64(w, "tid", tid);
	jw_object(w, "args");
	jw_string(w, "via", api ? name_of(ks, api) :
		  hook < WR_HOOK__COUNT ? wr_hooks[hook].func : "?");
	jw_string(w, "paired", pairing);
	if (during[0])
		jw_string(w, "during", during);
	jw_end_object(w);
	jw_end_object(w);
}

void report__perfetto(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
		      const struct report_opts *opts, const struct wr_loss *loss)
{
	const struct wr_history *h = &ot->history;
	const struct wr_device *d;
	const struct wr_owner *o;
	struct jw w;
	size_t i;

	jw_init(&w, out);
	jw_object(&w, NULL);
	jw_string(&w, "displayTimeUnit", "ms");
	jw_array(&w, "traceEvents");
	for (d = ot->devices; d; d = d->next) {
		jw_object(&w, NULL);
		jw_string(&w, "name", "process_name");
		jw_string(&w, "ph", "M");
		jw_u64(&w, "pid", device_index(ot, d));
		jw_object(&w, "args");
		jw_string(&w, "name", d->name[0] ? d->name : "?");
		jw_end_object(&w);
		jw_end_object(&w);
		for (o = d->head; o; o = o->next) {
			struct wr_who who;
			char during[160];

			who__of(ks, o, d->driver, &who);
			who__during(&who, during, sizeof(during));
			put_slice(&w, ks, device_index(ot, d), o->pid, o->caller, o->api, o->hook,
				  o->ts_ns, opts->now_ns, "still held", during);
		}
	}
	for (i = 0; i < h->nr_holds; i++) {
		const struct wr_hold *x = &h->holds[i];

		if (x->unmatched)	/* a put of a reference from before tracing */
			continue;
		put_slice(&w, ks, device_index(ot, x->dev), x->pid, x->caller, x->api, x->hook,
			  x->start_ns, x->end_ns, owners__pairing_name(x->pairing), "");
	}
	for (i = 0; i < h->nr_samples; i++) {
		const struct wr_sample *x = &h->samples[i];

		jw_object(&w, NULL);
		jw_string(&w, "name", "wakerefs");
		jw_string(&w, "ph", "C");
		jw_double(&w, "ts", x->ts_ns / 1e3);
		jw_u64(&w, "pid", device_index(ot, x->dev));
		jw_object(&w, "args");
		jw_u64(&w, "outstanding", x->count);
		jw_i64(&w, "driver_count", x->driver_count);
		if (x->dev && drivers__info(x->dev->driver) &&
		    drivers__info(x->dev->driver)->wakelock_bias) {
			jw_i64(&w, "driver_count_raw",
			       x->driver_count & (WR_I915_WAKELOCK_BIAS - 1));
			jw_i64(&w, "driver_count_wakelocks",
			       (uint32_t)x->driver_count / WR_I915_WAKELOCK_BIAS);
		}
		jw_end_object(&w);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_object(&w, "metadata");
	jw_string(&w, "tool", "wakeref");
	jw_u64(&w, "history_dropped", h->dropped);
	jw_end_object(&w);
	jw_end_object(&w);
}
