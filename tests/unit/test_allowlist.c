// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the allowlist: file format, errors, matching, durations. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"
#include "model/allowlist.h"
#include "log_capture.h"
#include "unit.h"


static void durations(void)
{
	CHECK_EQ_U64(parse_duration_ns("500ms"), 500000000ull);
	CHECK_EQ_U64(parse_duration_ns("2s"), 2000000000ull);
	CHECK_EQ_U64(parse_duration_ns("1.5s"), 1500000000ull);
	CHECK_EQ_U64(parse_duration_ns("250us"), 250000ull);
	CHECK_EQ_U64(parse_duration_ns("3"), 3000000000ull);
	CHECK(parse_duration_ns("1x") == -1);
	CHECK(parse_duration_ns("ms") == -1);
	CHECK(parse_duration_ns("-1s") == -1);
	/* no overflow, no inf or nan turned into a number, nothing around it */
	CHECK(parse_duration_ns("inf") == -1);
	CHECK(parse_duration_ns("nan") == -1);
	CHECK(parse_duration_ns("1e300") == -1);
	CHECK(parse_duration_ns("1e10s") == -1);
	CHECK(parse_duration_ns("300y") == -1);
	CHECK(parse_duration_ns(" 2s") == -1);
	CHECK(parse_duration_ns("+2s") == -1);
	CHECK(parse_duration_ns("0x10") == -1);
	CHECK(parse_duration_ns("") == -1);
	CHECK_EQ_U64(parse_duration_ns("1e9s"), 1000000000000000000ull);
	CHECK_EQ_U64(parse_duration_ns("0"), 0);
}

static void parses_rules_and_comments(void)
{
	struct wr_allowlist al;

	CHECK(!allowlist__parse(&al, "# c\n\nfoo_*   # trailing\nbar 100ms\n", "t"));
	CHECK_EQ_U64(al.nr, 2);
	CHECK_STR(al.rules[0].glob, "foo_*");
	CHECK_EQ_U64(al.rules[0].max_age_ns, 0);
	CHECK_EQ_U64(al.rules[1].max_age_ns, 100000000ull);
	allowlist__free(&al);
}

static void bad_lines_are_errors(void)
{
	struct wr_allowlist al;

	CHECK(allowlist__parse(&al, "foo 1x\n", "t") < 0);
	CHECK(allowlist__parse(&al, "ok\nfoo 1s extra\n", "t") < 0);
}

static void matches_owner_or_api_within_age(void)
{
	struct wr_allowlist al;

	CHECK(!allowlist__parse(&al, "xe_vm_*\nintel_wakeref_auto 1s\n", "t"));
	CHECK(allowlist__match(&al, "xe_vm_create", "xe_pm_runtime_get_noresume", 0));
	CHECK(allowlist__match(&al, "vm_fault_gtt", "intel_wakeref_auto", 999000000ull));
	/* older than its max age: a leak after all */
	CHECK(!allowlist__match(&al, "vm_fault_gtt", "intel_wakeref_auto", 1000000000ull));
	CHECK(!allowlist__match(&al, "sim_leaky_path", "intel_runtime_pm_get", 0));
	CHECK(!allowlist__match(NULL, "xe_vm_create", NULL, 0));
	allowlist__free(&al);
}

static void default_list_loads(void)
{
	struct wr_allowlist al;

	CHECK(!allowlist__load_default(&al));
	CHECK(al.nr >= 8);
	CHECK(allowlist__match(&al, "__gt_unpark", "intel_display_power_get", 60000000000ull));
	CHECK(allowlist__match(&al, "sim_x", "__intel_display_power_put_async", 100000000ull));
	CHECK(!allowlist__match(&al, "sim_x", "__intel_display_power_put_async", 5000000000ull));
	allowlist__free(&al);
}

/* PATH refused with ERR, the message containing WANT, nothing loaded. */
static void load_refused(const char *path, int err, const char *want)
{
	struct wr_allowlist al = { .nr = 42 };

	listen_log();
	CHECK(allowlist__load(&al, path) == err);
	CHECK_CONTAINS(heard(), want);
	CHECK(strchr(said, '\n') == said + strlen(said) - 1);	/* one line */
	CHECK(al.nr == 0 || al.nr == 42);
}

static void write_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);

	CHECK(fd >= 0 && write(fd, text, len) == (ssize_t)len);
	close(fd);
}

static void files_that_are_not_allowlists(void)
{
	char dir[] = "/tmp/wr-allow-XXXXXX", path[64], *big;
	time_t start = time(NULL);

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	CHECK(mkfifo(path, 0600) == 0);
	load_refused(path, -EINVAL, "not a regular file");	/* and does not block */
	CHECK(time(NULL) - start < 2);
	unlink(path);
	load_refused(dir, -EISDIR, "Is a directory");
	load_refused("/dev/zero", -EINVAL, "cannot read allowlist /dev/zero: not a regular file");
	/* bigger than 1 MiB */
	big = malloc((1 << 20) + 10);
	memset(big, '#', (1 << 20) + 10);
	snprintf(path, sizeof(path), "%s/big", dir);
	write_file(path, big, (1 << 20) + 10);
	load_refused(path, -EFBIG, "bigger than 1 MiB");
	free(big);
	write_file(path, "intel_wakeref_auto\0 1s\n", 23);
	load_refused(path, -EINVAL, "a NUL byte");
	unlink(path);
	rmdir(dir);
}

static void long_lines_are_not_cut(void)
{
	struct wr_allowlist al;
	char text[700];

	/* 520 characters: cut at 511, "evil_func" would have been a rule */
	memset(text, ' ', sizeof(text));
	memcpy(text, "#", 1);
	memcpy(text + 511, "evil_func\n", 11);
	listen_log();
	CHECK(allowlist__parse(&al, text, "al") == -EINVAL);
	CHECK_CONTAINS(heard(), "al:1: a line of more than 511 characters");
	/* a pattern of 300 characters */
	memset(text, 'a', 300);
	strcpy(text + 300, " 1s\n");
	listen_log();
	CHECK(allowlist__parse(&al, text, "al") == -EINVAL);
	CHECK_CONTAINS(heard(), "al:1: a FUNCTION pattern of more than 255 characters");
	/* at the limits, accepted */
	memset(text, 'a', 255);
	strcpy(text + 255, " 1s\n");
	CHECK(allowlist__parse(&al, text, "al") == 0 && al.nr == 1);
	allowlist__free(&al);
}

/*
 * What a report keeps between dumps (output/rcache.c): the names matched
 * once, the age compared at every dump.  The same verdict as
 * allowlist__match() for every name and age, rules of several ages
 * matching one name included.
 */
static void allowed_below_is_match_at_every_age(void)
{
	static const char *const names[] = { "sim_work_fn", "sim_ctl_write", "azx_probe",
					      "intel_wakeref_auto", "other", NULL };
	static const uint64_t ages[] = { 0, 1, 499999999, 500000000, 999999999, 1000000000,
					 2999999999ull, 3000000000ull, ~0ull - 1 };
	struct wr_allowlist al = { 0 };
	size_t i, j, k, n = 0, hidden = 0;
	uint64_t below;
	bool any;

	CHECK(!allowlist__parse(&al, "sim_work_fn 500ms\nsim_* 3s\nsim_ctl_write 1s\n"
				"azx_*\nintel_wakeref_auto 1s\n", "test"));
	for (i = 0; i < 6; i++) {
		for (j = 0; j < 6; j++) {
			below = allowlist__allowed_below(&al, names[i], names[j], &any);
			for (k = 0; k < sizeof(ages) / sizeof(ages[0]); k++) {
				bool want = allowlist__match(&al, names[i], names[j], ages[k]);

				CHECK(want == (any || ages[k] < below));
				hidden += want;
				n++;
			}
		}
	}
	CHECK(hidden > 0 && hidden < n);
	below = allowlist__allowed_below(&al, "sim_work_fn", NULL, &any);
	CHECK(!any && below == 3000000000ull);	/* the longest of the rules that match */
	below = allowlist__allowed_below(NULL, "sim_work_fn", NULL, &any);
	CHECK(!any && below == 0);
	allowlist__free(&al);
}

UNIT_MAIN("allowlist", T(durations), T(parses_rules_and_comments), T(bad_lines_are_errors),
	  T(matches_owner_or_api_within_age), T(default_list_loads),
	  T(files_that_are_not_allowlists), T(long_lines_are_not_cut),
	  T(allowed_below_is_match_at_every_age))
