// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's Prometheus metrics (daemon/metrics.c) against the text
 * exposition format and the naming conventions: every sample's family has
 * HELP and TYPE before it, counters end in _total and nothing else does,
 * times are in seconds.  The sample is also left in METRICS_SAMPLE for
 * `promtool check metrics` (make metrics-check).
 */
#include "unit.h"
#include "events.h"
#include "daemon/metrics.h"
#include "model/view.h"

#define MAX_FAMILIES 32

struct family {
	char name[96];
	char type[16];
	int help;
};

static struct family *family(struct family *f, int *n, const char *name, size_t len)
{
	int i;

	for (i = 0; i < *n; i++)
		if (strlen(f[i].name) == len && !strncmp(f[i].name, name, len))
			return &f[i];
	if (*n == MAX_FAMILIES || len >= sizeof(f->name))
		return NULL;
	memset(&f[*n], 0, sizeof(f[*n]));
	memcpy(f[*n].name, name, len);
	return &f[(*n)++];
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && !strcmp(s + a - b, tail);
}

/* The metrics of a table with a leak on one device, and losses. */
static char *sample(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	struct wr_loss loss = { .events = 3, .ringbuf_drops = 1, .recursion_misses = 2,
				.kprobe_misses = 4 };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	FILE *f;

	CHECK(ot && out);
	GET(ot, 1, F_GEM_FAULT);
	GET(ot, 1, F_LEAKY);
	PUT(ot, 1, F_GEM_FAULT);
	metrics__write(out, ot, NULL, &loss, test_clock + 2000000000ull);
	fclose(out);
	owners__free(ot);
	f = fopen(METRICS_SAMPLE, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(buf, f);
		fclose(f);
	}
	return buf;
}

static void every_sample_is_declared_and_named_by_convention(void)
{
	struct family fams[MAX_FAMILIES], *fam;
	char *text = sample(), *line, *save = NULL;
	int n = 0, samples = 0;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[96], type[16];

		if (sscanf(line, "# HELP %95s", name) == 1) {
			fam = family(fams, &n, name, strlen(name));
			CHECK(fam && !fam->help);	/* once */
			if (fam)
				fam->help = 1;
			continue;
		}
		if (sscanf(line, "# TYPE %95s %15s", name, type) == 2) {
			fam = family(fams, &n, name, strlen(name));
			CHECK(fam && !fam->type[0]);
			if (fam)
				snprintf(fam->type, sizeof(fam->type), "%s", type);
			continue;
		}
		CHECK(line[0] != '#');
		fam = family(fams, &n, line, strcspn(line, "{ "));
		CHECK(fam && fam->help && fam->type[0]);	/* declared before */
		samples++;
		if (!fam)
			continue;
		if ((strcmp(fam->type, "counter") == 0) != ends_with(fam->name, "_total")) {
			printf("    %s is a %s: counters and only counters end in _total\n",
			       fam->name, fam->type);
			unit_failed = 1;
		}
		/* base units: seconds, not ms/us/ns */
		CHECK(!strstr(fam->name, "_ms") && !strstr(fam->name, "_us") &&
		      !strstr(fam->name, "_ns") && !strstr(fam->name, "second") ==
		      !ends_with(fam->name, "_seconds"));
	}
	CHECK(samples >= 8);
	free(text);
}

static void the_figures_are_the_tables(void)
{
	char *text = sample();

	CHECK_CONTAINS(text, "wakeref_outstanding{device=\"0000:00:02.0\",driver=\"i915\"} 1\n");
	CHECK_CONTAINS(text, "wakeref_events_total{device=\"0000:00:02.0\",driver=\"i915\","
		       "type=\"get\"} 2\n");
	CHECK_CONTAINS(text, "wakeref_lost_events_total{reason=\"ringbuf_full\"} 1\n");
	CHECK_CONTAINS(text, "wakeref_lost_events_total{reason=\"kprobe_missed\"} 4\n");
	free(text);
}

/*
 * i915 packs its count (raw references, wakelocks << 16): what was held
 * before tracing is split, never the packed number; the views' anomalies
 * are samples of their own, one per view.
 */
static void packed_counts_split_and_views_counted(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	struct wr_loss loss = {};
	struct wr_view_set vs;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	CHECK(ot && out && !views__create(&vs, views__all_features()));
	/* a wakelock get that leaves 0x20003: 0x10002 (2 raw, 1 wakelock) held before */
	apply_class(ot, RPM_DEV, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 1, F_LEAKY, ~0ull, 0,
		    0x20003);
	metrics__write(out, ot, &vs, &loss, test_clock);
	fclose(out);
	CHECK_CONTAINS(buf, "wakeref_held_before_tracing{device=\"0000:00:02.0\",driver=\"i915\"} 2\n");
	CHECK_CONTAINS(buf, "wakeref_held_before_tracing_wakelocks{device=\"0000:00:02.0\","
		       "driver=\"i915\"} 1\n");
	CHECK(!strstr(buf, "65538"));
	CHECK_CONTAINS(buf, "wakeref_view_anomalies{view=\"userfault\"} 0\n");
	CHECK_CONTAINS(buf, "wakeref_view_anomalies{view=\"svm\"} 0\n");
	views__destroy(&vs);
	owners__free(ot);
	free(buf);
}

UNIT_MAIN("metrics", T(every_sample_is_declared_and_named_by_convention),
	  T(the_figures_are_the_tables), T(packed_counts_split_and_views_counted))
