// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_doctor.c - `wakeref doctor`: for the running kernel, one row per attach
 * point of the plan: present, inlined, absent or without BTF; where; the
 * mode that will be used; and what a report loses without it.  Exits 1 when
 * a function that a report of a loaded driver needs is missing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "attach_plan.h"
#include "commands.h"
#include "json.h"
#include "kbtf.h"
#include "ksyms.h"

/* A driver counts as loaded when any function of its rows is there. */
static bool driver_loaded(const struct wr_ap_resolved *plan, const char *driver)
{
	int i;

	for (i = 0; i < WR_HOOK__COUNT; i++)
		if (!strcmp(plan[i].ap->driver, driver) && plan[i].state != WR_AP_ABSENT)
			return true;
	return false;
}

static const char *mode_of(const struct wr_ap_resolved *r)
{
	if (r->state != WR_AP_PRESENT)
		return "none";
	return r->ap->role == WR_ROLE_PUT ? "fentry" : "fexit";
}

static const char *why_of(const struct wr_ap_resolved *r)
{
	switch (r->state) {
	case WR_AP_PRESENT:
		return r->nr_modules > 1 ? "BTF and a symbol; the name is in several modules, "
					   "the driver's own is used" : "BTF and a symbol";
	case WR_AP_INLINED:
		return "in BTF, not in kallsyms: inlined or cloned by the compiler";
	case WR_AP_NO_BTF:
		return "the module has no BTF (CONFIG_DEBUG_INFO_BTF_MODULES)";
	case WR_AP_ABSENT:
		break;
	}
	return r->ap->flags & WR_AP_REQUIRED ? "not in any loaded module" :
	       "not in this build (debug builds only)";
}

/* What is lost when the row cannot be traced; NULL when nothing is. */
static const char *loss_of(const struct wr_ap_resolved *r, bool loaded)
{
	if (r->state == WR_AP_PRESENT || !loaded || !(r->ap->flags & WR_AP_REQUIRED))
		return NULL;
	if (r->ap->role == WR_ROLE_PUT)
		return "its puts are not seen: owners that were released stay listed";
	return "its gets are not seen: owners taken through it are missing";
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: wakeref doctor [-j] [--kallsyms FILE]\n\n"
		"Check every function wakeref traces against the running kernel.\n"
		"Exit status 1 when a function that a loaded driver's report needs is\n"
		"missing, 0 otherwise.\n\n"
		"  -j, --json        one JSON document\n"
		"      --kallsyms F  symbol table (default /proc/kallsyms)\n");
}

int cmd_doctor(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "kallsyms", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct wr_ap_resolved plan[WR_HOOK__COUNT];
	const char *kallsyms = "/proc/kallsyms";
	int opt, i, missing = 0;
	struct ksyms *ks;
	struct kbtf *kb;
	bool json = false;
	struct jw w;

	while ((opt = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'K':
			kallsyms = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	libbpf_set_print(NULL);
	kb = kbtf__open();
	if (!kb) {
		fprintf(stderr, "wakeref: this kernel has no BTF (/sys/kernel/btf/vmlinux): "
			"nothing can be traced; wakeref needs CONFIG_DEBUG_INFO_BTF=y\n");
		return 1;
	}
	ks = ksyms__load(kallsyms);
	if (!ks) {
		fprintf(stderr, "wakeref: cannot read kernel symbols from %s: %s\n", kallsyms,
			errno == ENODATA ? "addresses hidden (run as root or kptr_restrict=0)" :
			strerror(errno));
		kbtf__close(kb);
		return 1;
	}
	attach_plan__resolve(kb, ks, plan);
	if (json) {
		jw_init(&w, stdout);
		jw_object(&w, NULL);
		jw_array(&w, "attach_points");
	} else {
		printf("%-6s %-32s %-8s %-16s %-6s %s\n", "DRIVER", "FUNCTION", "STATE", "MODULE",
		       "MODE", "WHY");
	}
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		const struct wr_ap_resolved *r = &plan[i];
		bool loaded = driver_loaded(plan, r->ap->driver);
		const char *loss = loss_of(r, loaded);

		missing += loss != NULL;
		if (!json) {
			printf("%-6s %-32s %-8s %-16s %-6s %s\n", r->ap->driver, r->ap->func,
			       attach_plan__state_name(r->state), r->module[0] ? r->module : "-",
			       mode_of(r), why_of(r));
			if (loss)
				printf("%-6s %-32s   coverage lost: %s\n", "", "", loss);
			continue;
		}
		jw_object(&w, NULL);
		jw_string(&w, "driver", r->ap->driver);
		jw_string(&w, "function", r->ap->func);
		jw_string(&w, "role", attach_plan__role_name(r->ap->role));
		jw_string(&w, "state", attach_plan__state_name(r->state));
		jw_string(&w, "module", r->module);
		jw_string(&w, "mode", mode_of(r));
		jw_string(&w, "why", why_of(r));
		jw_bool(&w, "driver_loaded", loaded);
		if (loss)
			jw_string(&w, "coverage_lost", loss);
		else
			jw_null(&w, "coverage_lost");
		jw_end_object(&w);
	}
	if (json) {
		jw_end_array(&w);
		jw_u64(&w, "missing", missing);
		jw_end_object(&w);
	} else if (missing) {
		printf("\n%d function(s) a report needs cannot be traced: reports of the drivers "
		       "above are incomplete.\n", missing);
	}
	ksyms__free(ks);
	kbtf__close(kb);
	return missing ? 1 : 0;
}
