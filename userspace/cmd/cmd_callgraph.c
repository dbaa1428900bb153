// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_callgraph.c - `wakeref doctor --callgraph`: read the drivers' own
 * modules (no root, no BPF) and list, per module, every function that takes
 * or releases a wakeref, reaches one by a tail call, or wraps the API, with
 * how wakeref pairs it today.  Exits 1 when something is unhandled, 2 on bad
 * usage or a module that cannot be read.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "cmd/commands.h"
#include "lib/log.h"
#include "drivers/callgraph.h"
#include "drivers/hooks.h"
#include "kernel/modelf.h"
#include "kernel/modfind.h"
#include "lib/json.h"
#include "model/allowlist.h"

#define MAX_MODULES	16

/* the modules read when none is named */

struct cg_module {
	const char *path;
	char name[64];
	struct modelf *elf;
	struct cg_report rep;
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: wakeref doctor --callgraph [-j] [--module FILE]... [--modules-dir DIR]\n\n"
		"Reads the driver modules (default: the running kernel's i915, xe and\n"
		"drm_gpusvm_helper; .ko, .ko.xz, .ko.zst) and lists every function that\n"
		"takes a wakeref, releases one it never takes, reaches a get or put by a\n"
		"tail call, or wraps the API, with how wakeref pairs it today.\n\n"
		"  -j, --json             JSON output\n"
		"  -m, --module FILE      a module file to read (repeatable)\n"
		"  -d, --modules-dir DIR  where the default modules are looked for\n"
		"                         (default: /lib/modules/$(uname -r))\n\n"
		"Exit status: 0 all handled, 1 something unhandled, 2 bad usage or file.\n");
}

/* The default modules under MODDIR (NULL: the running kernel's); malloc'd paths. */
static int find_default(const char *moddir, char **paths, int max)
{
	struct utsname u;
	char dir[512];
	const char *mods[8];
	int n, nr_mods = hooks__modules(0, mods, 8);

	if (moddir)
		snprintf(dir, sizeof(dir), "%s", moddir);
	else if (!uname(&u))
		snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release);
	else
		return 0;
	/* the modules the hook table names: i915, xe, drm_gpusvm_helper */
	n = modfind__find(dir, mods, nr_mods, paths, max);
	if (!n)
		log_error("no %s%s%s%s%s module under %s; name one with --module FILE\n",
			  nr_mods > 0 ? mods[0] : "driver", nr_mods > 1 ? ", " : "",
			  nr_mods > 1 ? mods[1] : "", nr_mods > 2 ? " or " : "",
			  nr_mods > 2 ? mods[2] : "", dir);
	return n;
}

static int load(struct cg_module *mod)
{
	char err[256];

	modfind__name(mod->path, mod->name, sizeof(mod->name));
	mod->elf = modelf__open(mod->path, err, sizeof(err));
	if (!mod->elf) {
		log_error("%s: %s\n", mod->path, err);
		return -1;
	}
	if (callgraph__classify(mod->name, mod->elf->edges, mod->elf->nr_edges, &mod->rep)) {
		log_error("%s: out of memory\n", mod->path);
		return -1;
	}
	return 0;
}

/* what the reader saw, and what it could not */
static void print_reader(const struct modelf *m)
{
	const struct modelf_stats *st = &m->stats;

	printf("  read: %zu edges, %zu of them without a relocation; %zu functions walked",
	       m->nr_edges, st->local_calls + st->local_jmps, st->decoded);
	if (st->undecoded)
		printf(", %zu not (their static calls are missed)", st->undecoded);
	printf("\n");
}

static void print_counts(const char *what, const struct cg_counts *c)
{
	printf("  %s: %u take, %u release (%u release-only), %u by tail call (%u to a put)\n",
	       what, c->take, c->release, c->release_only, c->tail, c->tail_put);
}

/*
 * An owner the default allowlist hides from leak reports: not paired, but
 * not reported as held either (only a get names an owner).
 */
static bool allowlisted(const struct wr_allowlist *al, const struct cg_func *f)
{
	return (f->sides & CG_SIDE_GET) && allowlist__match(al, f->name, NULL, 0);
}

static void print_text(const struct cg_module *mods, int nr, unsigned int unhandled,
		       const struct wr_allowlist *al)
{
	unsigned int by_reason[CG_REASON__COUNT] = {};
	struct cg_counts any, direct;
	const char *sep = "";
	int i, r;
	size_t j;

	for (i = 0; i < nr; i++) {
		const struct cg_report *rep = &mods[i].rep;

		callgraph__count(rep, false, &any);
		callgraph__count(rep, true, &direct);
		printf("%s%s  %s (%s)\n", i ? "\n" : "", mods[i].name, mods[i].path,
		       mods[i].elf->compression);
		print_counts("by any get/put", &any);
		print_counts("by a hook row ", &direct);
		printf("  %u wrappers, %u API layers, %u unhandled\n", any.wrappers, any.layers,
		       rep->unhandled);
		print_reader(mods[i].elf);
		for (j = 0; j < rep->nr; j++) {
			const struct cg_func *f = &rep->funcs[j];

			printf("  %-9s %-7s %-40s %s%s\n", f->handled ? "handled" : "UNHANDLED",
			       callgraph__kind_name(f->kind), f->name, f->how,
			       allowlisted(al, f) ? " [allowlisted: its gets are not reported]" :
			       "");
		}
		for (r = 0; r < CG_REASON__COUNT; r++)
			by_reason[r] += rep->by_reason[r];
	}
	printf("\nunhandled: %u", unhandled);
	for (r = 1; r < CG_REASON__COUNT; r++) {
		if (!by_reason[r])
			continue;
		printf("%s%s %u", *sep ? sep : " (", callgraph__reason_name(r), by_reason[r]);
		sep = ", ";
	}
	printf("%s\n", *sep ? ")" : "");
}

static void json_counts(struct jw *w, const char *key, const struct cg_counts *c)
{
	jw_object(w, key);
	jw_u64(w, "take", c->take);
	jw_u64(w, "release", c->release);
	jw_u64(w, "release_only", c->release_only);
	jw_u64(w, "tail_call", c->tail);
	jw_u64(w, "tail_call_put", c->tail_put);
	jw_u64(w, "wrappers", c->wrappers);
	jw_u64(w, "layers", c->layers);
	jw_end_object(w);
}

static void print_json(const struct cg_module *mods, int nr, unsigned int unhandled,
		       const struct wr_allowlist *al)
{
	struct cg_counts c;
	struct jw w;
	size_t j;
	int i;

	jw_init(&w, stdout);
	jw_object(&w, NULL);
	jw_array(&w, "modules");
	for (i = 0; i < nr; i++) {
		const struct cg_report *rep = &mods[i].rep;

		jw_object(&w, NULL);
		jw_string(&w, "module", mods[i].name);
		jw_string(&w, "path", mods[i].path);
		jw_string(&w, "compression", mods[i].elf->compression);
		callgraph__count(rep, false, &c);
		json_counts(&w, "counts", &c);
		callgraph__count(rep, true, &c);
		json_counts(&w, "counts_hook_rows", &c);
		jw_u64(&w, "unhandled", rep->unhandled);
		jw_object(&w, "reader");
		jw_u64(&w, "edges", mods[i].elf->nr_edges);
		jw_u64(&w, "local_edges", mods[i].elf->stats.local_calls +
		       mods[i].elf->stats.local_jmps);
		jw_u64(&w, "functions_walked", mods[i].elf->stats.decoded);
		jw_u64(&w, "functions_not_walked", mods[i].elf->stats.undecoded);
		jw_end_object(&w);
		jw_array(&w, "functions");
		for (j = 0; j < rep->nr; j++) {
			const struct cg_func *f = &rep->funcs[j];

			jw_object(&w, NULL);
			jw_string(&w, "name", f->name);
			jw_string(&w, "kind", callgraph__kind_name(f->kind));
			jw_bool(&w, "handled", f->handled);
			jw_string(&w, "how", f->how);
			jw_bool(&w, "tail_call", f->tail);
			jw_bool(&w, "allowlisted", allowlisted(al, f));
			if (!f->handled)
				jw_string(&w, "reason", callgraph__reason_name(f->reason));
			jw_end_object(&w);
		}
		jw_end_array(&w);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_u64(&w, "unhandled", unhandled);
	jw_end_object(&w);
	fputc('\n', stdout);
}

int cmd_doctor_callgraph(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "module", required_argument, NULL, 'm' },
		{ "modules-dir", required_argument, NULL, 'd' },
		{ "callgraph", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct cg_module mods[MAX_MODULES] = {};
	struct wr_allowlist al = {};
	char *paths[MAX_MODULES];
	int opt, i, nr = 0, nr_found = 0, rc = 2;
	unsigned int unhandled = 0;
	const char *moddir = NULL;
	bool json = false;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "jm:d:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'm':
			if (nr == MAX_MODULES) {
				log_error("at most %d modules\n", MAX_MODULES);
				return 2;
			}
			paths[nr++] = optarg;
			break;
		case 'd':
			moddir = optarg;
			break;
		case 'c':
			break;	/* `doctor --callgraph` hands its options on */
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		log_error("unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!nr)
		nr = nr_found = find_default(moddir, paths, MAX_MODULES);
	if (!nr)
		goto out;
	for (i = 0; i < nr; i++) {
		mods[i].path = paths[i];
		if (load(&mods[i]))
			goto out;
		unhandled += mods[i].rep.unhandled;
	}
	if (allowlist__load_default(&al)) {
		log_error("the built-in allowlist does not parse\n");
		goto out;
	}
	if (json)
		print_json(mods, nr, unhandled, &al);
	else
		print_text(mods, nr, unhandled, &al);
	rc = unhandled ? 1 : 0;
out:
	allowlist__free(&al);
	for (i = 0; i < nr; i++) {
		callgraph__free(&mods[i].rep);
		modelf__close(mods[i].elf);
	}
	for (i = 0; i < nr_found; i++)
		free(paths[i]);
	return rc;
}
