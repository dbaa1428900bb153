// SPDX-License-Identifier: GPL-2.0
/*
 * metrics.c - Prometheus text format: outstanding wakerefs, the oldest
 * owner's age, events and losses, per device; served by the daemon over
 * HTTP (--metrics-port) or written for node_exporter's textfile collector.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon/metrics.h"
#include "drivers/drivers.h"
#include "lib/files.h"
#include "model/view.h"

static double oldest_age(const struct wr_device *d, uint64_t now_ns)
{
	const struct wr_owner *o;
	uint64_t oldest = now_ns;

	for (o = d->head; o; o = o->next)
		if (o->ts_ns < oldest)
			oldest = o->ts_ns;
	return (now_ns - oldest) / 1e9;
}

#define LABELS "{device=\"%s\",driver=\"%s\"}"

/* i915 packs wakelocks above a bias into its count: the raw references are below it. */
static bool packed(const struct wr_device *d)
{
	const struct wr_driver_info *di = drivers__info(d->driver);

	return di && di->wakelock_bias;
}

/* Per view, the anomalies it finds now: the view's name as a label. */
static void write_views(FILE *out, const struct wr_view_set *vs, uint64_t now_ns)
{
	int i;

	if (!vs || !vs->nr)
		return;
	fprintf(out, "# HELP wakeref_view_anomalies What a view finds keeps a GPU awake or is "
		"wrong: objects left on a userfault list by a runtime suspend, faults during "
		"one, SVM ranges waiting for the garbage collector or alive after fini.\n"
		"# TYPE wakeref_view_anomalies gauge\n");
	for (i = 0; i < vs->nr; i++)
		fprintf(out, "wakeref_view_anomalies{view=\"%s\"} %d\n", vs->ops[i]->name,
			vs->ops[i]->nr_anomalies(vs->state[i], now_ns));
}

void metrics__write(FILE *out, const struct wr_owners *ot, const struct wr_view_set *vs,
		    const struct wr_loss *loss, uint64_t now_ns)
{
	const struct wr_device *d;

	fprintf(out, "# HELP wakeref_outstanding Runtime-PM wakerefs held now, as rebuilt "
		"by wakeref.\n# TYPE wakeref_outstanding gauge\n");
	for (d = ot->devices; d; d = d->next)
		fprintf(out, "wakeref_outstanding" LABELS " %" PRIu64 "\n", d->name,
			owners__driver_name(d->driver), d->nr_owners);
	fprintf(out, "# HELP wakeref_oldest_owner_age_seconds Age of the oldest wakeref held.\n"
		"# TYPE wakeref_oldest_owner_age_seconds gauge\n");
	for (d = ot->devices; d; d = d->next)
		fprintf(out, "wakeref_oldest_owner_age_seconds" LABELS " %.3f\n", d->name,
			owners__driver_name(d->driver), oldest_age(d, now_ns));
	fprintf(out, "# HELP wakeref_held_before_tracing Wakerefs the driver held before "
		"tracing began (i915: its raw references, wakelocks included).\n"
		"# TYPE wakeref_held_before_tracing gauge\n");
	for (d = ot->devices; d; d = d->next)
		fprintf(out, "wakeref_held_before_tracing" LABELS " %" PRId64 "\n", d->name,
			owners__driver_name(d->driver), packed(d) ?
			d->held_before & (WR_I915_WAKELOCK_BIAS - 1) : d->held_before);
	fprintf(out, "# HELP wakeref_held_before_tracing_wakelocks Of those, wakelocks "
		"(i915 only: the part of its count above the bias).\n"
		"# TYPE wakeref_held_before_tracing_wakelocks gauge\n");
	for (d = ot->devices; d; d = d->next)
		if (packed(d))
			fprintf(out, "wakeref_held_before_tracing_wakelocks" LABELS " %" PRId64 "\n",
				d->name, owners__driver_name(d->driver),
				d->held_before / WR_I915_WAKELOCK_BIAS);
	fprintf(out, "# HELP wakeref_events_total Gets and puts seen.\n"
		"# TYPE wakeref_events_total counter\n");
	for (d = ot->devices; d; d = d->next) {
		const char *drv = owners__driver_name(d->driver);

		fprintf(out, "wakeref_events_total{device=\"%s\",driver=\"%s\",type=\"get\"} %"
			PRIu64 "\n", d->name, drv, d->gets);
		fprintf(out, "wakeref_events_total{device=\"%s\",driver=\"%s\",type=\"put\"} %"
			PRIu64 "\n", d->name, drv, d->puts);
		fprintf(out, "wakeref_events_total{device=\"%s\",driver=\"%s\",type=\"get_failed\"} %"
			PRIu64 "\n", d->name, drv, d->failed_gets);
	}
	fprintf(out, "# HELP wakeref_diverged 1 when the driver's count disagrees with the "
		"owners.\n# TYPE wakeref_diverged gauge\n");
	for (d = ot->devices; d; d = d->next)
		fprintf(out, "wakeref_diverged" LABELS " %d\n", d->name,
			owners__driver_name(d->driver), d->diverged.seq != 0);
	fprintf(out, "# HELP wakeref_lost_events_total Events lost before userspace saw "
		"them.\n# TYPE wakeref_lost_events_total counter\n"
		"wakeref_lost_events_total{reason=\"ringbuf_full\"} %" PRIu64 "\n"
		"wakeref_lost_events_total{reason=\"bpf_recursion\"} %" PRIu64 "\n",
		loss->ringbuf_drops, loss->recursion_misses);
	/* a kernel that does not count kprobe misses gets no sample, not a 0 */
	if (!loss->kprobe_misses_unreported)
		fprintf(out, "wakeref_lost_events_total{reason=\"kprobe_missed\"} %" PRIu64 "\n",
			loss->kprobe_misses);
	write_views(out, vs, now_ns);
}

int metrics__write_file(const char *path, const struct wr_owners *ot,
			const struct wr_view_set *vs, const struct wr_loss *loss, uint64_t now_ns)
{
	char tmp[4096];
	FILE *f;
	int fd, err;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	/*
	 * Created anew, never through a link planted in a shared directory.
	 * 0644: node_exporter reads it as its own user, and it holds only what
	 * the metrics port serves to anyone on the machine (no addresses).
	 */
	fd = wr_create_file(tmp, WR_CREATE_EXCL, 0644);
	if (fd < 0)
		return fd;
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return err;
	}
	metrics__write(f, ot, vs, loss, now_ns);
	if (fclose(f) || rename(tmp, path)) {
		err = -errno;
		unlink(tmp);
		return err;
	}
	return 0;
}
