// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_doctor.c - `wakeref doctor`: for the running kernel, one row per attach
 * point of the plan: present, inlined, absent or without BTF; where; the
 * mode that will be used (fentry, fexit, kprobe, kretprobe, tracepoint,
 * none) and why; and what a report loses without it, or with only a
 * tracepoint.  The verdict comes first: can wakeref trace here, why not,
 * and what to do; the rows only with -v (always in JSON).  Exits 1 when a
 * function that a report of a loaded driver needs is missing, or when no
 * driver's report can be traced at all.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "attach/plan.h"
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "drivers/drivers.h"
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

	/*
	 * By its runtime-PM API only: an object row can be found in the other
	 * driver's module (display's atomic commit is in both i915 and xe)
	 */
	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (!strcmp(hooks__driver_label(plan[i].ap), driver) &&
		    plan[i].ap->role <= WR_ROLE_PUT && plan[i].state != WR_AP_ABSENT)
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

#define MAX_CAUSES 6

struct verdict {
	int loaded, traced;		/* drivers loaded, drivers with every needed row traced */
	char summary[200];
	char causes[MAX_CAUSES][200];
	int nr_causes;
	char todo[200];
	bool can_trace;
};

#define CAUSE(v, ...) do { if ((v)->nr_causes < MAX_CAUSES)				\
	snprintf((v)->causes[(v)->nr_causes++], sizeof((v)->causes[0]), __VA_ARGS__); } while (0)

/* Can a report of each driver be traced, and if not, why: the real causes, first. */
static void judge(const struct wr_ap_resolved *plan, const struct wr_plan_opts *popts,
		  struct verdict *v)
{
	const struct wr_driver_info *info;
	char part[160] = "";
	size_t at = 0;
	int d, i, no_btf = 0, fentry_refused = 0;

	memset(v, 0, sizeof(*v));
	for (d = 1; (info = drivers__info(d)); d++) {
		const char *name = info->name;
		int need = 0, ok = 0;

		if (!driver_loaded(plan, name))
			continue;
		v->loaded++;
		for (i = 0; i < WR_HOOK__COUNT; i++) {
			const struct wr_ap_resolved *r = &plan[i];

			if (strcmp(hooks__driver_label(r->ap), name) ||
			    !(r->ap->flags & WR_AP_REQUIRED) || r->ap->feature != WR_FEAT_OWNERS ||
			    r->state == WR_AP_ABSENT)
				continue;
			need++;
			ok += r->mode != WR_MODE_NONE;
			no_btf += r->state == WR_AP_NO_BTF;
			fentry_refused += r->fentry_err < 0;
		}
		v->traced += need && ok == need;
		v->can_trace |= ok > 0;
		at += snprintf(part + at, at < sizeof(part) ? sizeof(part) - at : 0, "%s%s %d of %d",
			       at ? ", " : "", name, ok, need);
	}
	if (!v->loaded) {
		snprintf(v->summary, sizeof(v->summary), "cannot trace: neither i915 nor xe is "
			 "loaded (none of their functions is in the kernel)");
		snprintf(v->todo, sizeof(v->todo), "load the GPU's driver (modprobe i915, or "
			 "modprobe xe); wakeref traces it from then on");
	} else if (v->traced == v->loaded) {
		snprintf(v->summary, sizeof(v->summary), "can trace: every function a report "
			 "needs (%s)", part);
	} else {
		snprintf(v->summary, sizeof(v->summary), "%s: functions a report needs "
			 "traced: %s", v->can_trace ? "can trace in part" : "cannot trace", part);
		snprintf(v->todo, sizeof(v->todo), "see the causes above; wakeref doctor -v has "
			 "a row per function");
	}
	if (!tracer__privileged())
		CAUSE(v, "not root (nor CAP_BPF and CAP_PERFMON): nothing can be attached, and "
		      "fentry was not tried; run as root");
	if (popts->kprobes_missing)
		CAUSE(v, "no kprobes: %s", popts->kprobes_missing);
	if (popts->no_fentry)
		CAUSE(v, "fentry disabled (--no-fentry or WAKEREF_NO_FENTRY)");
	if (popts->no_kprobe)
		CAUSE(v, "kprobes disabled (--no-kprobe or WAKEREF_NO_KPROBE)");
	if (no_btf)
		CAUSE(v, "%d function(s) in a module without BTF (CONFIG_DEBUG_INFO_BTF_MODULES)",
		      no_btf);
	if (fentry_refused)
		CAUSE(v, "the kernel refused fentry on %d function(s) (-v says why)",
		      fentry_refused);
}

static void print_verdict(const struct verdict *v)
{
	int i;

	printf("wakeref doctor: %s\n", v->summary);
	for (i = 0; i < v->nr_causes; i++)
		printf("  why: %s\n", v->causes[i]);
	if (v->todo[0])
		printf("  what to do: %s\n", v->todo);
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: wakeref doctor [-v] [-j] [--no-fentry] [--no-kprobe] "
		"[--no-module-btf] [--kallsyms FILE]\n\n"
		"Say whether wakeref can trace on the running kernel, and if not why and what\n"
		"to do.  -v adds a row per function: whether it is there, in which module, and\n"
		"how it would be traced (fentry, fexit, kprobe, kretprobe, tracepoint or none)\n"
		"and why.  As root, fentry is tried for real (a trivial program is loaded).\n"
		"Exit status 1 when a function that a loaded driver's report needs cannot be\n"
		"traced, or when no driver is loaded; 0 otherwise.\n\n"
		"  -v, --verbose      a row per function\n"
		"  -j, --json         one JSON document (the verdict and every row)\n"
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
		{ "verbose", no_argument, NULL, 'v' },
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
	bool json = false, rows = false;
	struct verdict v;
	struct jw w;

	/* the drivers' own call graph: another report, from the module files */
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--callgraph"))
			return cmd_doctor_callgraph(argc, argv);
	while ((opt = getopt_long(argc, argv, "jvh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'v':
			rows = true;
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
		char why[200];

		if (errno == ENODATA)
			printf("wakeref doctor: cannot trace: kernel symbols hidden in %s\n"
			       "  why: %s\n", kallsyms, ksyms__hidden_why(why, sizeof(why)));
		else
			log_error("cannot read kernel symbols from %s: %s\n", kallsyms,
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
	judge(plan, &popts, &v);
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		bool lacking;

		loss_of(plan, &plan[i], driver_loaded(plan, hooks__driver_label(plan[i].ap)),
			&lacking);
		missing += lacking;
	}
	if (json) {
		jw_init(&w, stdout);
		jw_object(&w, NULL);
		jw_object(&w, "verdict");
		jw_bool(&w, "can_trace", v.can_trace);
		jw_bool(&w, "complete", v.loaded && v.traced == v.loaded);
		jw_string(&w, "summary", v.summary);
		jw_array(&w, "why");
		for (i = 0; i < v.nr_causes; i++)
			jw_string(&w, NULL, v.causes[i]);
		jw_end_array(&w);
		if (v.todo[0])
			jw_string(&w, "what_to_do", v.todo);
		else
			jw_null(&w, "what_to_do");
		jw_end_object(&w);
		jw_array(&w, "attach_points");
	} else {
		print_verdict(&v);
		if (rows)
			printf("\n%-6s %-32s %-8s %-16s %-9s %s\n", "DRIVER", "FUNCTION", "STATE",
			       "MODULE", "MODE", "WHY");
	}
	for (i = 0; i < WR_HOOK__COUNT && (json || rows); i++) {
		const struct wr_ap_resolved *r = &plan[i];
		bool loaded = driver_loaded(plan, hooks__driver_label(r->ap)), lacking;
		const char *loss = loss_of(plan, r, loaded, &lacking);

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
	return missing || !v.can_trace ? 1 : 0;
}
