// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the ref_tracker debugfs file's parser (kernel/rtfile.c),
 * malformed files included, and of --compare-ref-tracker against an owner
 * table (model/rtcmp.c, output/rtcompare.c).
 */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/rtfile.h"
#include "log_capture.h"
#include "unit.h"
#include "events.h"
#include "render.h"

#define HDR(n, m)	"intel_runtime_pm@00000000c0ffee11 has " #n "/" #m " users at\n"
/* saved under wakeref's fexit: its trampoline sits above the traced function */
#define TRK		"     intel_ref_tracker_alloc+0x1c/0x50 [wakeref_sim]\n" \
			"     __intel_runtime_pm_get+0x3e/0x90 [wakeref_sim]\n" \
			"     intel_runtime_pm_get+0x1a/0x40 [wakeref_sim]\n" \
			"     bpf_trampoline_6442511425+0x6e/0x1000\n" \
			"     intel_runtime_pm_get+0x5/0x40 [wakeref_sim]\n"

/* two stacks of sim_leaky_path, one of sim_ctl_write: 3 users */
static const char good[] =
	HDR(2, 3) TRK
	"     sim_leaky_path+0x10/0x80 [wakeref_sim]\n"
	"     ksys_write+0x24/0xf0\n"
	"\n"
	HDR(1, 3) TRK
	"     sim_ctl_write+0x10/0x80 [wakeref_sim]\n"
	"     ksys_write+0x24/0xf0\n"
	"\n";

static int parse(const char *text, struct wr_rt_file *f, char *err, size_t len)
{
	return rtfile__parse(text, strlen(text), f, err, len);
}

static void parses_the_kernels_form(void)
{
	struct wr_rt_file f;
	char err[256] = "";

	CHECK(!parse(good, &f, err, sizeof(err)));
	CHECK_STR(f.cls, "intel_runtime_pm");
	CHECK_STR(f.ptr, "00000000c0ffee11");
	CHECK_EQ_U64(f.total, 3);
	CHECK_EQ_U64(f.nr, 2);
	CHECK_EQ_U64(f.v[0].users, 2);
	CHECK_EQ_U64(f.v[0].nr_frames, 7);
	CHECK(f.v[0].frames[3].bpf && !f.v[0].frames[2].bpf);
	CHECK_STR(f.v[0].frames[5].text, "sim_leaky_path+0x10/0x80 [wakeref_sim]");
	CHECK_STR(f.v[0].frames[5].func, "sim_leaky_path");
	CHECK_STR(f.v[0].frames[6].text, "ksys_write+0x24/0xf0");
	rtfile__free(&f);

	/* nothing held: the kernel prints nothing */
	CHECK(!parse("", &f, err, sizeof(err)));
	CHECK_EQ_U64(f.total, 0);
	rtfile__free(&f);

	/* more stacks than 16: the rest counted, a build id, an address, a tab */
	CHECK(!parse(HDR(1, 3) "\tfoo.cold+0x0/0x10 [i915 0123abcd]\n"
		     "     0xffffffffc0123456\n\n"
		     "intel_runtime_pm@00000000c0ffee11 skipped reports about 2/3 users.\n",
		     &f, err, sizeof(err)));
	CHECK_EQ_U64(f.skipped, 2);
	CHECK_STR(f.v[0].frames[0].text, "foo.cold+0x0/0x10 [i915]");
	CHECK_STR(f.v[0].frames[1].text, "0xffffffffc0123456");
	CHECK_STR(f.v[0].frames[1].func, "");
	rtfile__free(&f);
	/* a stack the kernel could not print: a header and the empty line */
	CHECK(!parse(HDR(1, 1) "\n", &f, err, sizeof(err)));
	CHECK_EQ_U64(f.v[0].nr_frames, 0);
	rtfile__free(&f);
}

/* each malformed file: refused, with the line and what is wrong */
static void refuses_malformed_files(void)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "     sim_leaky_path+0x10/0x80\n\n", "line 1: a frame where a 'has N/M" },
		{ "\n", "line 1: an empty line where" },
		{ "hello\n", "line 1: not '<class>@<pointer> has N/M users at'" },
		{ HDR(x, 3) "\n", "line 1: not 'has N/M users at' with two numbers" },
		{ HDR(4, 3) "\n", "line 1: 4 of 3 users" },
		{ HDR(0, 3) "\n", "line 1: 0 of 3 users" },
		{ HDR(99999999999, 3) "\n", "with two numbers" },
		{ HDR(1, 3) "     a+0x1/0x2\n\n", "the stacks hold 1 users and 0 were skipped, "
		  "but the headers say 3 in all" },
		{ HDR(1, 2) "     a+0x1/0x2\n\n" HDR(1, 3) "\n", "line 4: 3 users in all" },
		{ HDR(1, 1) "     a+0x1/0x2\n", "line 2: cut short" },
		{ HDR(1, 1) "     a+0x1/0x2", "line 2: cut short" },
		{ HDR(1, 1) "     a+0x1/0x2\nb@c has 1/1 users at\n\n",
		  "line 3: a stack not ended by an empty line" },
		{ HDR(1, 2) "\nintel_runtime_pm@1 has 1/2 users at\n\n",
		  "line 3: names intel_runtime_pm@1, the file began with" },
		{ HDR(1, 1) "     not a frame\n\n", "line 2: not a frame as %pS prints one" },
		{ HDR(1, 1) "     a+0x1/0x2 [mod\n\n", "line 2: not a frame" },
		{ HDR(1, 1) "     a+0x1/0x2 [i915] junk\n\n", "line 2: not a frame" },
		{ HDR(1, 1) "     a+0x12345678123456789/0x2\n\n", "line 2: not a frame" },
		{ HDR(1, 1) "\nintel_runtime_pm@00000000c0ffee11 skipped reports about 1/1 "
		  "users.\n" HDR(1, 1) "\n", "line 4: text after the 'skipped reports' line" },
		{ "intel_runtime_pm@00000000c0ffee11: couldn't get stats, error -ENOMEM\n",
		  "line 1: the kernel could not list its trackers (couldn't get stats" },
	};
	struct wr_rt_file f;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (parse(bad[i].text, &f, err, sizeof(err)) != -1) {
			printf("    accepted: %s", bad[i].text);
			unit_failed = 1;
			rtfile__free(&f);
			continue;
		}
		CHECK_CONTAINS(err, bad[i].why);
		CHECK(!f.v && !f.nr);	/* nothing left allocated */
	}
}

/* the bounds: NUL bytes, long lines, too many frames or stacks */
static void refuses_what_is_too_big(void)
{
	struct wr_rt_file f;
	char err[256], *s;
	size_t len, i;

	CHECK(rtfile__parse(HDR(1, 1) "\0\n", sizeof(HDR(1, 1)) + 1, &f, err, sizeof(err)));
	CHECK_CONTAINS(err, "a NUL byte");

	s = calloc(1, 200000);
	CHECK(s);
	len = sprintf(s, HDR(1, 1));
	memset(s + len, 'a', 2000);
	strcpy(s + len + 2000, "\n\n");
	CHECK(parse(s, &f, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "line 2: longer than 1024 bytes");

	len = sprintf(s, HDR(1, 1));
	for (i = 0; i < WR_RT_MAX_FRAMES + 1; i++)
		len += sprintf(s + len, "     f+0x1/0x2\n");
	strcpy(s + len, "\n");
	CHECK(parse(s, &f, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "line 66: more than 64 frames");

	for (len = 0, i = 0; i < WR_RT_MAX_BLOCKS + 1; i++)
		len += sprintf(s + len, HDR(1, 65) "\n");
	CHECK(parse(s, &f, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, "line 129: more than 64 stacks");
	free(s);

	/* not a regular file; absent */
	CHECK(rtfile__read("/dev/null", &f, err, sizeof(err)) == -EINVAL);
	CHECK(rtfile__read("/nonexistent/x", &f, err, sizeof(err)) == -ENOENT);
}

static char tmpdir[64];

static const char *write_file(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	CHECK(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static char *render_cmp(const struct wr_owners *ot, const char *path)
{
	return render_opts(ot, (struct report_opts){ .format = WR_FMT_TEXT, .ref_tracker = path,
						     .now_ns = test_clock + 2500000000ull });
}

/*
 * wakeref holds sim_leaky_path x2 and sim_gem_fault; the kernel tracks
 * sim_leaky_path x2 and sim_ctl_write: two differences, by call site
 */
static void compares_by_call_site(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	const char *path;
	char *s;

	CHECK(mkdtemp(strcpy(tmpdir, "/tmp/wr-rtfile-XXXXXX")) != NULL);
	GET(ot, 1, F_LEAKY);
	GET(ot, 2, F_GEM_FAULT);
	GET(ot, 1, F_LEAKY);
	path = write_file("intel_runtime_pm-0000:00:02.0", good);
	s = render_cmp(ot, path);
	CHECK_CONTAINS(s, "ref_tracker 0000:00:02.0: the kernel tracks 3, wakeref holds 3: "
		       "2 differences (/tmp/wr-rtfile-");
	CHECK_CONTAINS(s, "\n  kernel 0, wakeref 1: sim_gem_fault+0x10/0x80 [wakeref_sim] < "
		       "ksys_write+0x24/0xf0\n");
	CHECK_CONTAINS(s, "\n  kernel 1, wakeref 0: sim_ctl_write+0x10/0x80 [wakeref_sim] < "
		       "ksys_write+0x24/0xf0\n");
	CHECK(!strstr(s, "wakeref 2:"));	/* sim_leaky_path agrees */
	free(s);

	/* the same owners: no difference; the directory form finds the file */
	PUT(ot, 2, F_GEM_FAULT);
	write_file("intel_runtime_pm-0000:00:02.0", HDR(2, 2) TRK
		   "     sim_leaky_path+0x10/0x80 [wakeref_sim]\n"
		   "     ksys_write+0x24/0xf0\n\n");
	write_file("other_class-0000:00:02.0", "garbage");
	s = render_cmp(ot, tmpdir);
	CHECK_CONTAINS(s, "ref_tracker 0000:00:02.0: the kernel tracks 2, wakeref holds 2: "
		       "no difference");
	CHECK(!strstr(s, "kernel 0,") && !strstr(s, "garbage"));
	free(s);

	/* a device wakeref saw without a file; a file of a device it never saw */
	apply(ot, RPM_DEV2, WR_EV_GET, WR_HOOK_I915_RPM_GET, WL, 3, F_LEAKY, ~0ull);
	write_file("intel_runtime_pm-0000:09:00.0", HDR(1, 1) TRK
		   "     sim_leaky_path+0x10/0x80 [wakeref_sim]\n\n");
	s = render_cmp(ot, tmpdir);
	CHECK_CONTAINS(s, "ref_tracker 0000:03:00.0: no ");
	CHECK_CONTAINS(s, "ref_tracker 0000:09:00.0: the kernel tracks 1, wakeref holds 0: "
		       "1 difference");
	CHECK_CONTAINS(s, "  kernel 1, wakeref 0: sim_leaky_path+0x10/0x80 [wakeref_sim]\n");
	free(s);
	owners__free(ot);
}

/* a malformed file compares nothing and says so */
static void malformed_file_compares_nothing(void)
{
	struct wr_owners *ot = owners__new(~0ull);
	const char *path;
	char *s;

	GET(ot, 1, F_LEAKY);
	path = write_file("intel_runtime_pm-0000:00:02.0", HDR(1, 1) "     \x1b[2J\n\n");
	listen_log();
	s = render_cmp(ot, path);
	CHECK(!strstr(s, "ref_tracker 0000:00:02.0:"));
	/* one line: whose, which file, which line, why, what it means */
	CHECK_CONTAINS(heard(), "ref_tracker 0000:00:02.0: /tmp/wr-rtfile-");
	CHECK_CONTAINS(said, "/intel_runtime_pm-0000:00:02.0: line 2: not a frame as %pS "
		       "prints one (function+0xoffset/0xsize [module]): not lib/ref_tracker.c's "
		       "form, nothing compared\n");
	CHECK(!strchr(said, 0x1b));
	free(s);
	listen_log();
	s = render_cmp(ot, write_file("notes.txt", good));
	CHECK(!strstr(s, "ref_tracker"));
	CHECK_CONTAINS(heard(), "/notes.txt: want the ref_tracker directory or a file named "
		       "intel_runtime_pm-<device>");
	free(s);
	owners__free(ot);
	unlink(write_file("intel_runtime_pm-0000:00:02.0", ""));
	unlink(write_file("intel_runtime_pm-0000:09:00.0", ""));
	unlink(write_file("other_class-0000:00:02.0", ""));
	unlink(write_file("notes.txt", ""));
	CHECK(!rmdir(tmpdir));
}

UNIT_MAIN("rtfile", T(parses_the_kernels_form), T(refuses_malformed_files),
	  T(refuses_what_is_too_big), T(compares_by_call_site),
	  T(malformed_file_compares_nothing))
