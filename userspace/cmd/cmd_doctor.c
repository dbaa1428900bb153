// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_doctor.c - `wakeref doctor`: for the running kernel, one row per attach
 * point of the plan: present, inlined, absent or without BTF; where; the
 * mode that will be used (fentry, fexit, kprobe, kretprobe, tracepoint,
 * none) and why; and what a report loses without it, or with only a
 * tracepoint.  Exits 1 when a function that a report of a loaded driver
 * needs is missing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "attach/plan.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "lib/json.h"
#include "kernel/kbtf.h"
#include "kernel/ksyms.h"
#include "kernel/tracefs.h"
#include "attach/tracer.h"
#include "kernel/unwind.h"
#include "lib/log.h"
#include "model/view.h"

/* A driver counts as loaded when any function of its rows is there. */
static bool driver_loaded(const struct wr_ap_resolved *plan, const char *driver)
{
	int i;

	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (!strcmp(hooks__driver_label(plan[i].ap), driver) && plan[i].state != WR_AP_ABSENT)
			return true;
	return false;
}

/* Does a put row of DRIVER use its tracepoint? */
static bool puts_by_tracepoint(const struct wr_ap_resolved *plan, const char *driver)
{
	int i;

	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (!strcmp(hooks__driver_label(plan[i].ap), driver) && plan[i].ap->role == WR_ROLE_PUT &&
		    plan[i].mode == WR_MODE_TRACEPOINT)
			return true;
	return false;
}

/*
 * What is lost when the row cannot be traced, or only by its tracepoint;
 * NULL when nothing is.  *MISSING: a function the report needs is not traced.
 */
static const char *loss_of(const struct wr_ap_resolved *plan, const struct wr_ap_resolved *r,
			   bool loaded, bool *missing)
{
	bool get = r->ap->role == WR_ROLE_GET || r->ap->role == WR_ROLE_GET_COND;

	*missing = false;
	if (!loaded)
		return NULL;
	if (r->mode == WR_MODE_TRACEPOINT) {
		if (r->ap->role == WR_ROLE_GET_COND)
			return "by tracepoint: a get the function refuses still counts as taken; "
			       "no driver count to check the owners against";
		if (get)
			return "by tracepoint: no driver count to check the owners against";
		return "by tracepoint: a put of a get that has no tracepoint is reported as "
		       "unmatched; no driver count to check the owners against";
	}
	if (r->mode != WR_MODE_NONE || !(r->ap->flags & WR_AP_REQUIRED))
		return NULL;
	*missing = true;
	if (r->ap->role == WR_ROLE_PUT)
		return "its puts are not seen: owners that were released stay listed";
	if (puts_by_tracepoint(plan, hooks__driver_label(r->ap)))
		return "its gets are not seen: owners taken through it are missing, and the puts "
		       "that release them are reported unmatched";
	return "its gets are not seen: owners taken through it are missing";
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: wakeref doctor [-j] [--no-fentry] [--no-kprobe] [--no-module-btf] "
		"[--kallsyms FILE]\n\n"
		"Check every function wakeref traces against the running kernel: whether\n"
		"it is there, in which module, and how it would be traced (fentry, fexit,\n"
		"kprobe, kretprobe, tracepoint or none) and why.  As root, fentry is tried for real\n"
		"(a trivial program is loaded).  Exit status 1 when a function that a\n"
		"loaded driver's report needs cannot be traced, 0 otherwise.\n\n"
		"  -j, --json         one JSON document\n"
		"      --no-fentry    as `WAKEREF_NO_FENTRY=1 wakeref trace`: fallbacks only\n"
		"      --no-kprobe    as `WAKEREF_NO_KPROBE=1 wakeref trace`: no kprobes, a\n"
		"                     row's tracepoint where fentry cannot be used\n"
		"      --no-module-btf  as `WAKEREF_NO_MODULE_BTF=1 wakeref trace`: act as if\n"
		"                     no module had BTF\n"
		"      --kallsyms F   symbol table (default /proc/kallsyms)\n");
}

static void print_row(struct jw *w, bool json, const struct wr_ap_resolved *r, bool loaded,
		      const char *loss)
{
	if (!json) {
		printf("%-6s %-32s %-8s %-16s %-9s %s\n", hooks__driver_label(r->ap), r->ap->func,
		       attach_plan__state_name(r->state), r->module[0] ? r->module : "-",
		       attach_plan__mode_name(r->mode), r->why);
		if (loss)
			printf("%-6s %-32s   coverage lost: %s\n", "", "", loss);
		return;
	}
	jw_object(w, NULL);
	jw_string(w, "driver", hooks__driver_label(r->ap));
	jw_string(w, "function", r->ap->func);
	jw_string(w, "role", hooks__role_name(r->ap->role));
	jw_string(w, "state", attach_plan__state_name(r->state));
	jw_string(w, "module", r->module);
	jw_string(w, "mode", attach_plan__mode_name(r->mode));
	jw_string(w, "why", r->why);
	jw_string(w, "fallback", hooks__fallback_name(r->ap->fallback));
	if (r->ap->tracepoint)
		jw_string(w, "tracepoint", r->ap->tracepoint);
	else
		jw_null(w, "tracepoint");
	if (r->fentry_err == 1)
		jw_null(w, "fentry_check");
	else
		jw_string(w, "fentry_check", r->fentry_err ? strerror(-r->fentry_err) : "ok");
	jw_u64(w, "modules_with_name", r->nr_modules);
	jw_bool(w, "driver_loaded", loaded);
	if (loss)
		jw_string(w, "coverage_lost", loss);
	else
		jw_null(w, "coverage_lost");
	jw_end_object(w);
}

int cmd_doctor(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "kallsyms", required_argument, NULL, 'K' },
		{ "no-fentry", no_argument, NULL, 'F' },
		{ "no-module-btf", no_argument, NULL, 'B' },
		{ "no-kprobe", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct wr_ap_resolved plan[WR_HOOK__COUNT];
	char no_kprobes[96];
	struct wr_unwinder *unw;
	char unw_why[160];
	const char *tracefs;
	const char *kallsyms = "/proc/kallsyms";
	struct wr_plan_opts popts = {};
	int opt, i, missing = 0;
	struct ksyms *ks;
	struct kbtf *kb;
	bool json = false;
	struct jw w;

	/* the drivers' own call graph: another report, from the module files */
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--callgraph"))
			return cmd_doctor_callgraph(argc, argv);
	while ((opt = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'K':
			kallsyms = optarg;
			break;
		case 'F':
			popts.no_fentry = true;
			break;
		case 'B':
			popts.no_module_btf = true;
			break;
		case 'P':
			popts.no_kprobe = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (cli__no_args("doctor", argc, argv, optind))
		return 2;
	attach_plan__env_opts(&popts);
	popts.features = WR_FEAT_OWNERS | views__all_features();	/* as trace */
	libbpf_set_print(NULL);
	kb = kbtf__open();
	if (!kb) {
		log_error("this kernel has no BTF (/sys/kernel/btf/vmlinux): "
			  "nothing can be traced; wakeref needs CONFIG_DEBUG_INFO_BTF=y\n");
		return 1;
	}
	if (popts.no_module_btf)
		kbtf__hide_modules(kb);
	ks = ksyms__load(kallsyms);
	if (!ks) {
		log_error("cannot read kernel symbols from %s: %s\n", kallsyms,
			  errno == ENODATA ? "addresses hidden (run as root or kptr_restrict=0)" :
			  strerror(errno));
		kbtf__close(kb);
		return 1;
	}
	attach_plan__resolve(kb, ks, plan);
	/* tracefs is mounted as trace would mount it, if we may */
	tracefs = tracefs__dir(tracer__privileged());
	attach_plan__check_tracepoints(plan, tracefs);
	if (!tracefs__have_kprobes(tracefs, no_kprobes, sizeof(no_kprobes)))
		popts.kprobes_missing = no_kprobes;
	if (!popts.no_fentry && tracer__privileged())
		attach_plan__check_fentry(kb, plan);
	attach_plan__choose(plan, &popts);
	if (json) {
		jw_init(&w, stdout);
		jw_object(&w, NULL);
		jw_array(&w, "attach_points");
	} else {
		printf("%-6s %-32s %-8s %-16s %-9s %s\n", "DRIVER", "FUNCTION", "STATE", "MODULE",
		       "MODE", "WHY");
	}
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &plan[i];
		bool loaded = driver_loaded(plan, hooks__driver_label(r->ap)), lacking;
		const char *loss = loss_of(plan, r, loaded, &lacking);

		missing += lacking;
		print_row(&w, json, r, loaded, loss);
	}
	/* the fast unwinder: the kernel's ORC tables, readable (tracer.c, unwind.h) */
	unw = unwind__open(ks, kbtf__get(kb, NULL), -1, unw_why, sizeof(unw_why));
	unwind__close(unw);
	if (json) {
		jw_end_array(&w);
		jw_u64(&w, "missing", missing);
		jw_object(&w, "fast_unwinder");
		jw_bool(&w, "available", unw != NULL);
		if (!unw)
			jw_string(&w, "why", unw_why);
		jw_end_object(&w);
		jw_end_object(&w);
	} else {
		if (unw)
			printf("\nfast unwinder: available (the kernel's ORC tables, through "
			       "/proc/kcore)\n");
		else
			printf("\nfast unwinder: unavailable, stacks cost more: %s\n", unw_why);
		if (missing)
			printf("\n%d function(s) a report needs cannot be traced: reports of the "
			       "drivers above are incomplete.\n", missing);
	}
	ksyms__free(ks);
	kbtf__close(kb);
	return missing ? 1 : 0;
}
