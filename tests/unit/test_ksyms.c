// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the kallsyms symbolizer against a fixture symbol table. */
#include <errno.h>

#include "ksyms.h"
#include "unit.h"

static struct ksyms *load(void)
{
	struct ksyms *ks = ksyms__load(FIXTURE("kallsyms.txt"));

	CHECK(ks != NULL);
	return ks;
}

static void text_symbols_only(void)
{
	struct ksyms *ks = load();

	/* 17 text symbols; the D symbol and the zero address are skipped */
	CHECK_EQ_U64(ksyms__count(ks), 17);
	ksyms__free(ks);
}

static void formats_like_pS(void)
{
	struct ksyms *ks = load();
	char buf[256];

	ksyms__snprint(ks, 0xffffffff81001234, buf, sizeof(buf));
	CHECK_STR(buf, "ksys_write+0x24/0xf0");
	ksyms__snprint(ks, 0xffffffffc02000a5, buf, sizeof(buf));
	CHECK_STR(buf, "sim_gem_fault+0x25/0x80 [wakeref_sim]");
	ksyms__snprint(ks, 0xffffffffc0200100, buf, sizeof(buf));
	CHECK_STR(buf, "sim_leaky_path+0x0/0x80 [wakeref_sim]");
	ksyms__free(ks);
}

static void unknown_addresses_print_raw(void)
{
	struct ksyms *ks = load();
	char buf[64];

	ksyms__snprint(ks, 0x1000, buf, sizeof(buf));
	CHECK_STR(buf, "0x0000000000001000");
	CHECK(ksyms__find(ks, 0x1000) == NULL);
	ksyms__free(ks);
}

static void bpf_frames_are_recognised(void)
{
	struct ksyms *ks = load();

	CHECK(ksym__is_bpf(ksyms__find(ks, 0xffffffffc0100010)));
	CHECK(ksym__is_bpf(ksyms__find(ks, 0xffffffffc0100110)));
	CHECK(!ksym__is_bpf(ksyms__find(ks, 0xffffffffc0200010)));
	ksyms__free(ks);
}

static void same_name_in_two_modules(void)
{
	struct ksyms *ks = load();
	const char *mods[4];

	CHECK_EQ_U64(ksyms__modules_of(ks, "intel_display_power_get", mods, 4), 2);
	CHECK_STR(mods[0], "i915");
	CHECK_STR(mods[1], "xe");
	CHECK_EQ_U64(ksyms__addr(ks, "intel_display_power_get", "xe"), 0xffffffffc0400000);
	CHECK_EQ_U64(ksyms__addr(ks, "ksys_write", NULL), 0xffffffff81001210);
	CHECK_EQ_U64(ksyms__modules_of(ks, "ksys_write", mods, 4), 1);
	CHECK(mods[0] == NULL);
	ksyms__free(ks);
}

static void missing_file_sets_errno(void)
{
	errno = 0;
	CHECK(ksyms__load("tests/unit/fixtures/does-not-exist") == NULL);
	CHECK(errno == ENOENT);
}

UNIT_MAIN("ksyms", T(text_symbols_only), T(formats_like_pS), T(unknown_addresses_print_raw),
	  T(bpf_frames_are_recognised), T(same_name_in_two_modules), T(missing_file_sets_errno))
