// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON answers byte for byte: the writer (lib/json.c) and a whole -f
 * json document, made with and without the report cache, against texts
 * written down here.  The other tests find members in a document or
 * compare it with one made by the same writer: a change of the writer's
 * bytes (a number, an escape, a separator) would pass them.
 */
#include <stdint.h>

#include "unit.h"
#include "events.h"

#include "kernel/ksyms.h"
#include "lib/json.h"
#include "output/rcache.h"
#include "output/report.h"

/* Every call of the writer, and values at the edges of each. */
static void writer_bytes(void)
{
	static const char head[] =
		"{\"u0\":0,\"u9\":9,\"u10\":10,\"umax\":18446744073709551615,\"i0\":0,\"ineg\":-1,"
		"\"imin\":-9223372036854775808,\"imax\":9223372036854775807,\"h0\":\"0x0\","
		"\"h\":\"0xffffffffc0200abc\",\"d0\":0.000000,\"d\":1234.567890,\"dneg\":-0.250000,"
		"\"t\":true,\"f\":false,\"n\":null,\"null_string\":\"\",\"empty\":\"\",\"esc\\\"key\\n\":"
		"\"\\t\\u0001\\u001f\\u007f\\u0080\\u009f\xc2\xa0\xe2\x82\xac\xf0\x9f\x98\x80"
		"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\\\end\",\"big\":\"";
	static const char tail[] =
		"\",\"arr\":[1,\"two\",{},[]],\"kept\":{\"a\":1,\"b\":\"x\",\"c\":3}}\n5{}\n";
	char *buf = NULL, *members = NULL, big[700], expected[sizeof(head) + 2 * sizeof(big) +
							      sizeof(tail)];
	size_t len = 0, mlen = 0, i, n;
	FILE *f = open_memstream(&buf, &len), *m = open_memstream(&members, &mlen);
	struct jw w, mw;

	/*
	 * Longer than any buffer a writer may gather in: escapes across its
	 * edges, then a run of plain bytes longer than it
	 */
	for (i = 0; i < sizeof(big) - 1; i++)
		big[i] = i < 300 && i % 61 == 60 ? '"' : i < 300 && i % 97 == 96 ? '\n' :
			 'a' + i % 26;
	big[sizeof(big) - 1] = 0;
	n = snprintf(expected, sizeof(expected), "%s", head);
	for (i = 0; big[i]; i++)
		n += snprintf(expected + n, sizeof(expected) - n, "%s",
			      big[i] == '"' ? "\\\"" : big[i] == '\n' ? "\\n" : (char[2]){ big[i] });
	snprintf(expected + n, sizeof(expected) - n, "%s", tail);

	jw_init_members(&mw, m);
	jw_u64(&mw, "a", 1);
	jw_string(&mw, "b", "x");
	fclose(m);

	jw_init(&w, f);
	jw_object(&w, NULL);
	jw_u64(&w, "u0", 0);
	jw_u64(&w, "u9", 9);
	jw_u64(&w, "u10", 10);
	jw_u64(&w, "umax", UINT64_MAX);
	jw_i64(&w, "i0", 0);
	jw_i64(&w, "ineg", -1);
	jw_i64(&w, "imin", INT64_MIN);
	jw_i64(&w, "imax", INT64_MAX);
	jw_hex(&w, "h0", 0);
	jw_hex(&w, "h", 0xffffffffc0200abcull);
	jw_double(&w, "d0", 0);
	jw_double(&w, "d", 1234.5678905);
	jw_double(&w, "dneg", -0.25);
	jw_bool(&w, "t", true);
	jw_bool(&w, "f", false);
	jw_null(&w, "n");
	jw_string(&w, "null_string", NULL);
	jw_string(&w, "empty", "");
	jw_string(&w, "esc\"key\n", "\t\x01\x1f\x7f\xc2\x80\xc2\x9f\xc2\xa0\xe2\x82\xac"
		  "\xf0\x9f\x98\x80\xc3\xff\xed\xa0\x80\\end");
	jw_string(&w, "big", big);
	jw_array(&w, "arr");
	jw_u64(&w, NULL, 1);
	jw_string(&w, NULL, "two");
	jw_object(&w, NULL);
	jw_end_object(&w);
	jw_array(&w, NULL);
	jw_end_array(&w);
	jw_end_array(&w);
	jw_object(&w, "kept");
	jw_members(&w, members, mlen);
	jw_members(&w, members, 0);
	jw_members_lead(&w);
	fputs("\"c\":3", w.out);
	jw_end_object(&w);
	jw_end_object(&w);
	/* top-level values: one a line (JSON Lines) */
	jw_u64(&w, NULL, 5);
	jw_object(&w, NULL);
	jw_end_object(&w);
	fclose(f);

	CHECK_STR(buf, expected);
	free(buf);
	free(members);
}

/* ONE call of jw_ns_as_s() or jw_double() on NS / 1e9, written to BUF */
static void seconds(char *buf, size_t size, uint64_t ns, bool as_double)
{
	FILE *f = fmemopen(buf, size, "w");
	struct jw w;

	jw_init_members(&w, f);
	if (as_double)
		jw_double(&w, "s", ns / 1e9);
	else
		jw_ns_as_s(&w, "s", ns);
	fputc(0, f);
	fclose(f);
}

/*
 * jw_ns_as_s() writes what jw_double() writes of the quotient: around every
 * kind of microsecond boundary (ties included), near the range where it
 * does its own digits and beyond, and at random.
 */
static void ns_as_s_is_printf(void)
{
	static const uint64_t at[] = {
		0, 1, 499, 500, 501, 999, 1000, 999999499, 999999500, 999999501, 999999999,
		1000000000, 1234567890123ull, 8388607999999499ull, 8388607999999501ull,
		8388608000000000ull, 8388608000000001ull, 9007199254740993ull, UINT64_MAX,
	};
	char a[400], b[400];
	uint64_t x = 88172645463325252ull, ns;
	int i, j, bad = 0;

	for (i = 0; i < (int)(sizeof(at) / sizeof(at[0])) + 300000; i++) {
		if (i < (int)(sizeof(at) / sizeof(at[0]))) {
			ns = at[i];
		} else {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* every magnitude; a third of them next to a tie */
			ns = x >> (x % 64);
			if (x % 3 == 0)
				ns = ns / 1000 * 1000 + 499 + (x >> 8) % 3;
		}
		for (j = 0; j < 2; j++) {
			seconds(a, sizeof(a), ns, false);
			seconds(b, sizeof(b), ns, true);
			if (strcmp(a, b) && bad++ < 5)
				printf("    %" PRIu64 " ns: %s, printf: %s\n", ns, a, b);
			ns += 1000;	/* the next microsecond, its tie too */
		}
	}
	CHECK(!bad);
}

/* A get or a put on OBJ from PID through CALLER, in a system call, named COMM. */
static void event(struct wr_owners *ot, uint64_t obj, bool put, uint32_t pid, uint64_t caller,
		  const char *comm, int32_t sys_nr, int32_t count)
{
	struct wr_event e = mk_event(obj, put ? WR_EV_PUT : WR_EV_GET,
				     put ? WR_HOOK_I915_RPM_PUT_UNCHECKED : WR_HOOK_I915_RPM_GET,
				     WL | WR_EVF_SYSCALL, pid, put ? 0 : ~0ull);
	uint64_t frames[4] = { put ? A_RPM_PUT : A_RPM_GET, caller + 0x10, A_KSYS_WRITE,
			       0x1234ull /* no symbol */ };
	struct wr_site site = { .frames = frames, .nr_frames = 4, .caller = caller };

	snprintf(e.comm, sizeof(e.comm), "%s", comm);
	e.sys_nr = sys_nr;
	if (sys_nr == WR_NR_IOCTL) {
		e.ioctl_cmd = 0xc0106440;
		e.client = 0xffff888099990100ull;
	}
	e.wakeref_count = count;
	owners__apply(ot, &e, &site);
}

/*
 * Two devices: one that went back to 0 (both "last" stacks), owners from
 * two stacks, tasks whose names need escapes, an ioctl; one whose driver
 * count differs from its owners'.
 */
/* i915's count of N wakelocks: each counts once below the bias and once above */
#define WL_COUNT(n) ((n) * (1 + WR_I915_WAKELOCK_BIAS))

static struct wr_owners *table(void)
{
	struct wr_owners *ot = owners__new(~0ull);

	event(ot, RPM_DEV, false, 1, F_LEAKY, "task1", 1, WL_COUNT(1));
	event(ot, RPM_DEV, true, 1, F_LEAKY, "task1", 1, WL_COUNT(0));
	event(ot, RPM_DEV, false, 2, F_LEAKY, "ta\"sk\\2", 1, WL_COUNT(1));
	event(ot, RPM_DEV, false, 3, F_GEM_FAULT, "t\x01\xffk", WR_NR_IOCTL, WL_COUNT(2));
	event(ot, RPM_DEV, false, 2, F_LEAKY, "ta\"sk\\2", 1, WL_COUNT(3));
	event(ot, RPM_DEV2, false, 4, F_CTL, "task4", 0, WL_COUNT(2));
	event(ot, RPM_DEV2, false, 4, F_LEAKY, "task4", 0, WL_COUNT(4));
	return ot;
}

static char *json(const struct wr_owners *ot, const struct ksyms *ks, struct wr_rcache *rc,
		  const struct wr_loss *loss, enum wr_format fmt)
{
	struct report_opts ro = { .format = fmt, .loss = loss, .cache = rc,
				  .now_ns = test_clock + 2500000000ull };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CHECK(f);
	report__print(f, ot, ks, &ro);
	fclose(f);
	return buf;
}

/* -f json, whole: the same bytes made without a cache, into one, and from it. */
static void document_bytes(void)
{
	static const char expected[] =
	"{\"version\":1,\"devices\":[{\"device\":\"0000:00:02.0\",\"driver\":\"i915\","
	"\"obj\":\"0xffff888012340000\",\"count\":3,\"gets\":4,\"puts\":1,\"failed_gets\":0,"
	"\"unmatched_puts\":0,\"tail_calls_repaired\":0,\"calls_not_checked\":0,"
	"\"repaired_after_loss\":0,\"uncertain_after_loss\":0,\"paired\":{\"exact\":0,"
	"\"object\":0,\"same-function\":1,\"declared\":0,\"learned\":0,\"fallback\":0},"
	"\"driver_count\":196611,\"driver_count_raw\":3,\"driver_count_wakelocks\":3,"
	"\"usage_count\":-1,\"held_before\":0,\"held_before_raw\":0,\"held_before_wakelocks\":0,"
	"\"last_acquired\":[\"intel_runtime_pm_get+0x10/0x40 [wakeref_sim]\",\"sim_leaky_path+0x1"
	"0/0x80 [wakeref_sim]\",\"ksys_write+0x24/0xf0\",\"0x0000000000001234\"],"
	"\"last_released\":[\"intel_runtime_pm_put_unchecked+0x10/0x40 [wakeref_sim]\","
	"\"sim_leaky_path+0x10/0x80 [wakeref_sim]\",\"ksys_write+0x24/0xf0\",\"0x0000000000001234"
	"\"],\"divergence\":null,\"owners\":[{\"count\":2,\"owner\":\"sim_leaky_path\","
	"\"via\":\"intel_runtime_pm_get\",\"pairing\":\"same-function\",\"kind\":\"wakelock\","
	"\"uncertain\":0,\"oldest_age_s\":2.504000,\"pid\":2,\"comm\":\"ta\\\"sk\\\\2\","
	"\"tgid\":2,\"syscall_nr\":1,\"syscall\":\"write\",\"stack\":[\"intel_runtime_pm_get+0x10"
	"/0x40 [wakeref_sim]\",\"sim_leaky_path+0x10/0x80 [wakeref_sim]\",\"ksys_write+0x24/0xf0"
	"\",\"0x0000000000001234\"]},{\"count\":1,\"owner\":\"sim_gem_fault\",\"via\":\"intel_run"
	"time_pm_get\",\"pairing\":\"same-function\",\"kind\":\"wakelock\",\"uncertain\":0,"
	"\"oldest_age_s\":2.503000,\"pid\":3,\"comm\":\"t\\u0001\\ufffdk\",\"tgid\":3,"
	"\"syscall_nr\":16,\"syscall\":\"ioctl\",\"ioctl_cmd\":\"0xc0106440\",\"ioctl\":\"DRM_IOC"
	"TL_I915_INIT\",\"drm_file\":\"0xffff888099990100\",\"stack\":[\"intel_runtime_pm_get+0x1"
	"0/0x40 [wakeref_sim]\",\"sim_gem_fault+0x10/0x80 [wakeref_sim]\",\"ksys_write+0x24/0xf0"
	"\",\"0x0000000000001234\"]}]},{\"device\":\"0000:03:00.0\",\"driver\":\"i915\","
	"\"obj\":\"0xffff888056780000\",\"count\":2,\"gets\":2,\"puts\":0,\"failed_gets\":0,"
	"\"unmatched_puts\":0,\"tail_calls_repaired\":0,\"calls_not_checked\":0,"
	"\"repaired_after_loss\":0,\"uncertain_after_loss\":0,\"paired\":{\"exact\":0,"
	"\"object\":0,\"same-function\":0,\"declared\":0,\"learned\":0,\"fallback\":0},"
	"\"driver_count\":262148,\"driver_count_raw\":4,\"driver_count_wakelocks\":4,"
	"\"usage_count\":-1,\"held_before\":65537,\"held_before_raw\":1,\"held_before_wakelocks\""
	":1,\"last_acquired\":[\"intel_runtime_pm_get+0x10/0x40 [wakeref_sim]\","
	"\"sim_ctl_write+0x10/0x180 [wakeref_sim]\",\"ksys_write+0x24/0xf0\",\"0x0000000000001234"
	"\"],\"last_released\":[],\"divergence\":{\"since_event\":7,\"hook\":\"intel_runtime_pm_g"
	"et\",\"caller\":\"sim_leaky_path\",\"expected\":196611,\"driver\":262148},"
	"\"owners\":[{\"count\":1,\"owner\":\"sim_ctl_write\",\"via\":\"intel_runtime_pm_get\","
	"\"pairing\":\"same-function\",\"kind\":\"wakelock\",\"uncertain\":0,\"oldest_age_s\":2.5"
	"01000,\"pid\":4,\"comm\":\"task4\",\"tgid\":4,\"syscall_nr\":0,\"syscall\":\"read\","
	"\"stack\":[\"intel_runtime_pm_get+0x10/0x40 [wakeref_sim]\",\"sim_ctl_write+0x10/0x180 ["
	"wakeref_sim]\",\"ksys_write+0x24/0xf0\",\"0x0000000000001234\"]},{\"count\":1,"
	"\"owner\":\"sim_leaky_path\",\"via\":\"intel_runtime_pm_get\",\"pairing\":\"same-functio"
	"n\",\"kind\":\"wakelock\",\"uncertain\":0,\"oldest_age_s\":2.500000,\"pid\":4,"
	"\"comm\":\"task4\",\"tgid\":4,\"syscall_nr\":0,\"syscall\":\"read\",\"stack\":[\"intel_r"
	"untime_pm_get+0x10/0x40 [wakeref_sim]\",\"sim_leaky_path+0x10/0x80 [wakeref_sim]\","
	"\"ksys_write+0x24/0xf0\",\"0x0000000000001234\"]}]}],\"loss\":{\"events\":7,"
	"\"ringbuf_drops\":2,\"recursion_misses\":0,\"stack_errors\":0,\"kprobe_misses\":null,"
	"\"degraded\":true,\"where\":\"owners\"}}\n";
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));
	struct wr_owners *ot = table();
	struct wr_loss loss = { .events = 7, .ringbuf_drops = 2, .kprobe_misses_unreported = true };
	struct wr_rcache rc;
	char *s, *fresh;
	int i;

	CHECK(ks);
	snprintf(loss.where, sizeof(loss.where), "owners");
	s = json(ot, ks, NULL, &loss, WR_FMT_JSON);
	CHECK_STR(s, expected);
	free(s);
	rcache__init(&rc);
	for (i = 0; i < 2; i++) {
		s = json(ot, ks, &rc, &loss, WR_FMT_JSON);
		CHECK_STR(s, expected);
		free(s);
	}
	/* -f jsonl is made of the same pieces: the same from the cache as without */
	s = json(ot, ks, NULL, &loss, WR_FMT_JSONL);
	fresh = json(ot, ks, &rc, &loss, WR_FMT_JSONL);
	CHECK(s && fresh && strstr(s, "\"last_released\":[\"intel_runtime_pm_put_unchecked"));
	CHECK_STR(fresh, s);
	free(fresh);
	free(s);
	rcache__free(&rc);
	owners__free(ot);
	ksyms__free(ks);
}

UNIT_MAIN("json", T(writer_bytes), T(ns_as_s_is_printf), T(document_bytes))
