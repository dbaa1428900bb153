// SPDX-License-Identifier: GPL-2.0
/*
 * rtcompare.c - --compare-ref-tracker[=PATH]: after the report, each
 * device's owners against the debug kernel's own tracking, its ref_tracker
 * file (/sys/kernel/debug/ref_tracker/intel_runtime_pm-<device>, a link to
 * intel_runtime_pm@<pointer>), every difference by call site:
 *
 *   ref_tracker 0000:00:02.0: the kernel tracks 3, wakeref holds 2: 1 difference (PATH)
 *     kernel 1, wakeref 0: intel_audio_init+0x4e/0xc0 [i915] < i915_driver_probe+... < ...
 *
 * PATH is that directory (every device that has a file there, and every
 * device of a driver that would have one) or one file whose name says the
 * device (a copy keeps it).  Read as root: the file is parsed as hostile
 * input (kernel/rtfile.c); one that is not the kernel's form is named, with
 * its line, and compares nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>

#include "drivers/drivers.h"
#include "drivers/reftracker.h"
#include "kernel/rtfile.h"
#include "lib/log.h"
#include "lib/text.h"
#include "model/rtcmp.h"
#include "output/report.h"

static const struct wr_device *device_named(const struct wr_owners *ot, const char *name)
{
	const struct wr_device *d;

	for (d = ot->devices; d; d = d->next)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

static void print_row(FILE *out, const struct wr_rtcmp_row *r)
{
	uint32_t i;

	fprintf(out, "  kernel %u, wakeref %u: ", r->kernel, r->wakeref);
	if (!r->nr_key)
		fputs("(no stack)", out);
	for (i = 0; i < r->nr_key; i++) {
		char safe[WR_SAFE_SIZE(WR_RT_FRAME_LEN)];

		fprintf(out, "%s%s", i ? " < " : "", text__safe(r->key[i], safe, sizeof(safe)));
	}
	fputc('\n', out);
}

/* one device DEV (NULL: wakeref saw none of its events) against the file at PATH */
static int compare_one(FILE *out, const char *name, const struct wr_device *dev,
		       const char *path, const struct ksyms *ks)
{
	char err[256], safe[WR_SAFE_SIZE(256)], sname[WR_SAFE_SIZE(WR_DEV_LEN)];
	char spath[WR_SAFE_SIZE(512)];
	struct wr_rt_file kf;
	struct wr_rtcmp c;
	size_t i;
	int ret;

	name = text__safe(name, sname, sizeof(sname));
	path = text__safe(path, spath, sizeof(spath));
	ret = rtfile__read(path, &kf, err, sizeof(err));
	if (ret) {
		log_error("ref_tracker %s: %s: %s: %s\n", name, path,
			  text__safe(err, safe, sizeof(safe)),
			  ret == -EBADMSG ? "not lib/ref_tracker.c's form, nothing compared" :
			  "cannot read it, nothing compared (run as root, debugfs mounted)");
		return -1;
	}
	if (rtcmp__compare(&kf, dev, ks, &c)) {
		rtfile__free(&kf);
		log_error("ref_tracker %s: out of memory, nothing compared\n", name);
		return -1;
	}
	fprintf(out, "ref_tracker %s: the kernel tracks %u, wakeref holds %" PRIu64 ": ", name,
		c.kernel_total, c.wakeref_total);
	if (!c.nr_diff && !c.kernel_skipped)
		fprintf(out, "no difference (%s)\n", path);
	else
		fprintf(out, "%zu difference%s (%s)\n", c.nr_diff + !!c.kernel_skipped,
			c.nr_diff + !!c.kernel_skipped == 1 ? "" : "s", path);
	for (i = 0; i < c.nr; i++)
		if (c.v[i].kernel != c.v[i].wakeref)
			print_row(out, &c.v[i]);
	if (c.kernel_skipped)
		fprintf(out, "  kernel %u not listed (more stacks than it prints): not compared\n",
			c.kernel_skipped);
	if (dev && dev->held_before > 0 && c.nr_diff) {
		const struct wr_driver_info *di = drivers__info(dev->driver);
		/* i915 packs wakelocks above the bias: its raw references count them all */
		int64_t n = di && di->wakelock_bias ?
			dev->held_before & (WR_I915_WAKELOCK_BIAS - 1) : dev->held_before;

		fprintf(out, "  (the driver held %" PRId64 " before tracing began: wakeref "
			"cannot know their owners)\n", n);
	}
	ret = c.nr_diff || c.kernel_skipped;
	rtcmp__free(&c);
	rtfile__free(&kf);
	return ret;
}

static bool wanted(const struct report_opts *opts, const char *name)
{
	return !opts->device || !strcmp(opts->device, name);
}

/* PATH a directory: its "<class>-<device>" files, and the devices that have none */
static void compare_dir(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
			const struct report_opts *opts, const char *dir)
{
	const struct wr_device *d;
	char path[4096], link[256];
	struct dirent *e;
	DIR *dh = opendir(dir);
	size_t n = 0;
	uint8_t id;

	if (!dh) {
		log_error("ref_tracker: %s: %s: not a debug kernel with ref_tracker's debugfs "
			  "files (6.17+, CONFIG_REF_TRACKER, debugfs mounted), nothing compared\n",
			  dir, strerror(errno));
		return;
	}
	while ((e = readdir(dh)) && n < 256) {
		for (id = WR_DRV_FIRST; drivers__info(id); id++) {
			const char *cls = reftracker__class(id);
			size_t cl = cls ? strlen(cls) : 0;

			if (!cls || strncmp(e->d_name, cls, cl) || e->d_name[cl] != '-' ||
			    !e->d_name[cl + 1] || !wanted(opts, e->d_name + cl + 1))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			compare_one(out, e->d_name + cl + 1, device_named(ot, e->d_name + cl + 1),
				    path, ks);
			n++;
		}
	}
	closedir(dh);
	for (d = ot->devices; d; d = d->next) {
		struct stat st;

		if (!wanted(opts, d->name) || reftracker__link_name(d->driver, d->name, link,
								     sizeof(link)))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, link);
		if (lstat(path, &st))
			fprintf(out, "ref_tracker %s: no %s: the driver tracks nothing here "
				"(a debug build: CONFIG_DRM_I915_DEBUG_RUNTIME_PM), nothing "
				"compared\n", d->name, path);
	}
}

void report__compare_ref_tracker(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
				 const struct report_opts *opts)
{
	const char *path = opts->ref_tracker, *base;
	struct stat st;
	uint8_t id;

	if (stat(path, &st)) {
		log_error("ref_tracker: %s: %s: not a debug kernel with ref_tracker's debugfs "
			  "files (6.17+, CONFIG_REF_TRACKER, debugfs mounted), nothing compared\n",
			  path, strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		compare_dir(out, ot, ks, opts, path);
		return;
	}
	/* one file: its name says whose, as the driver's link does */
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (id = WR_DRV_FIRST; drivers__info(id); id++) {
		const char *cls = reftracker__class(id);
		size_t cl = cls ? strlen(cls) : 0;

		if (cls && !strncmp(base, cls, cl) && base[cl] == '-' && base[cl + 1]) {
			compare_one(out, base + cl + 1, device_named(ot, base + cl + 1), path, ks);
			return;
		}
	}
	log_error("ref_tracker: %s: want the ref_tracker directory or a file named "
		  "intel_runtime_pm-<device> (as the driver links it), nothing compared\n", path);
}
