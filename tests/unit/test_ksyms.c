// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the kallsyms symbolizer against a fixture symbol table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kernel/ksyms.h"
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

	/* 22 text symbols; the D symbol and the zero address are skipped */
	CHECK_EQ_U64(ksyms__count(ks), 22);
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

/* the ORC tables' symbols are kept aside, vmlinux's only, and are not text */
static void orc_anchors_kept(void)
{
	char path[] = "/tmp/wr-ksyms-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct ksyms *ks;

	CHECK(f != NULL);
	if (!f)
		return;
	fputs("ffffffff81000000 T _stext\n"
	      "ffffffff82000000 R __start_orc_unwind_ip\n"
	      "ffffffff82100000 R __stop_orc_unwind_ip\n"
	      "ffffffff82100000 R __start_orc_unwind\n"
	      "ffffffffc0100000 r __start_orc_unwind\t[mod]\n"
	      "ffffffff83000000 R __start_orc_unwind_ipx\n", f);
	fclose(f);
	ks = ksyms__load(path);
	unlink(path);
	CHECK(ks != NULL);
	CHECK_EQ_U64(ksyms__count(ks), 1);
	CHECK_EQ_U64(ksyms__anchor(ks, WR_KSYM_ORC_IP_START), 0xffffffff82000000ull);
	CHECK_EQ_U64(ksyms__anchor(ks, WR_KSYM_ORC_IP_STOP), 0xffffffff82100000ull);
	CHECK_EQ_U64(ksyms__anchor(ks, WR_KSYM_ORC_START), 0xffffffff82100000ull);
	CHECK_EQ_U64(ksyms__anchor(ks, WR_KSYM_ANCHOR__COUNT), 0);
	ksyms__free(ks);
}

/*
 * kallsyms read again after a module went: its symbols stay, unless a new
 * module sits where they were; with no module gone the new table is kept.
 */
static void gone_modules_keep_their_names(void)
{
	struct ksyms *old = ksyms__new(), *now = ksyms__new(), *ks, *same;

	ksyms__add(old, 0xffffffff81000000ull, 0, "_stext", NULL);
	ksyms__add(old, 0xffffffff81001000ull, 0, "ksys_write", NULL);
	ksyms__add(old, 0xffffffffc0300000ull, 0, "sim_leaky_path", "wakeref_sim");
	ksyms__add(old, 0xffffffffc0300400ull, 0, "sim_xe_exec", "wakeref_sim");
	ksyms__add(old, 0xffffffffc0500000ull, 0, "old_fn", "oldmod");
	ksyms__add(old, 0xffffffffc0500100ull, 0, "old_fn2", "oldmod");
	ksyms__finish(old);
	/* later: both modules gone, another in oldmod's place, our programs */
	ksyms__add(now, 0xffffffff81000000ull, 0, "_stext", NULL);
	ksyms__add(now, 0xffffffff81001000ull, 0, "ksys_write", NULL);
	ksyms__add(now, 0xffffffffc0200000ull, 0, "bpf_prog_1234_i915_rpm_get", "bpf");
	ksyms__add(now, 0xffffffffc0500080ull, 0, "new_fn", "newmod");
	ksyms__finish(now);
	ks = ksyms__keep_gone_modules(old, now);	/* NOW is taken */
	CHECK(ks != NULL);
	if (!ks)
		goto out;
	CHECK_EQ_U64(ksyms__count(ks), 6);
	CHECK_STR(ksyms__find(ks, 0xffffffffc0300010ull)->name, "sim_leaky_path");
	CHECK_STR(ksyms__find(ks, 0xffffffffc0300410ull)->name, "sim_xe_exec");
	CHECK(ksym__is_bpf(ksyms__find(ks, 0xffffffffc0200010ull)));
	CHECK_STR(ksyms__find(ks, 0xffffffffc0500090ull)->name, "new_fn");
	CHECK_EQ_U64(ksyms__addr(ks, "old_fn", "oldmod"), 0);
	/* read again with nothing gone: that table as it is */
	now = ksyms__new();
	ksyms__add(now, 0xffffffff81000000ull, 0, "_stext", NULL);
	ksyms__add(now, 0xffffffffc0300000ull, 0, "sim_leaky_path", "wakeref_sim");
	ksyms__add(now, 0xffffffffc0500000ull, 0, "old_fn", "oldmod");
	ksyms__finish(now);
	same = ksyms__keep_gone_modules(old, now);
	CHECK(same == now);
	ksyms__free(same);
	ksyms__free(ks);
out:
	ksyms__free(old);
}

/* TEXT into a new temporary file, its name in PATH (unlinked by the caller) */
static bool temp_file(char *path, const char *text)
{
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	CHECK(f != NULL);
	if (!f)
		return false;
	fputs(text, f);
	fclose(f);
	return true;
}

/*
 * A module's last function ends where the module ends (/proc/modules), and
 * vmlinux's a page on, not where the next module begins: what is loaded in
 * between after the read is unknown, not a far part of them.  Programs keep
 * the distance to the next symbol.
 */
static void module_edges_end_symbols(void)
{
	char syms[] = "/tmp/wr-ksyms-XXXXXX", mods[] = "/tmp/wr-mods-XXXXXX";
	struct ksyms *ks = NULL, *bare = NULL;

	if (!temp_file(syms, "ffffffff81000000 T _stext\n"
			     "ffffffff81001000 T handshake_exit\n"
			     "ffffffffc0100000 t bpf_prog_1_get\t[bpf]\n"
			     "ffffffffc0300000 t sim_leaky_path\t[wakeref_sim]\n"
			     "ffffffffc0300400 t sim_last\t[wakeref_sim]\n"
			     "ffffffffc0400000 t other_fn\t[other]\n"))
		return;
	if (!temp_file(mods, "wakeref_sim 12288 0 - Live 0xffffffffc0300000 (OE)\n"
			     "other 4096 0 - Live 0xffffffffc0400000\n"
			     "gone 4096 0 - Live 0xffffffffc0600000\n"))
		goto out;
	ks = ksyms__load_modules(syms, mods);
	bare = ksyms__load_modules(syms, NULL);
	CHECK(ks != NULL && bare != NULL);
	if (!ks || !bare)
		goto out;
	CHECK_STR(ksyms__find(ks, 0xffffffffc0302ff0ull)->name, "sim_last");
	CHECK(ksyms__find(ks, 0xffffffffc0303000ull) == NULL);	/* past the module */
	CHECK(ksyms__find(ks, 0xffffffffc03f0000ull) == NULL);
	CHECK_STR(ksyms__find(ks, 0xffffffff81001ff0ull)->name, "handshake_exit");
	CHECK(ksyms__find(ks, 0xffffffff81002000ull) == NULL);	/* vmlinux's last: a page */
	CHECK(ksyms__find(ks, 0xffffffffa0000000ull) == NULL);
	CHECK_STR(ksyms__find(ks, 0xffffffffc01ffff0ull)->name, "bpf_prog_1_get");
	/* no module list: a page past a module's last function */
	CHECK_STR(ksyms__find(bare, 0xffffffffc0300ff0ull)->name, "sim_last");
	CHECK(ksyms__find(bare, 0xffffffffc0301400ull) == NULL);
out:
	ksyms__free(ks);
	ksyms__free(bare);
	unlink(syms);
	unlink(mods);
}

static void missing_file_sets_errno(void)
{
	errno = 0;
	CHECK(ksyms__load("tests/unit/fixtures/does-not-exist") == NULL);
	CHECK(errno == ENOENT);
}

UNIT_MAIN("ksyms", T(gone_modules_keep_their_names), T(text_symbols_only), T(formats_like_pS),
	  T(unknown_addresses_print_raw),
	  T(bpf_frames_are_recognised), T(same_name_in_two_modules), T(orc_anchors_kept),
	  T(missing_file_sets_errno), T(module_edges_end_symbols))
