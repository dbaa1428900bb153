// SPDX-License-Identifier: GPL-2.0
/*
 * The message when nothing can be traced (attach/explain.c): it names the
 * view asked for, lists only that view's functions, and the modules that
 * would provide them come from the hook table's rows.
 */
#include <stdlib.h>

#include "attach/explain.h"
#include "unit.h"
#include "fake_plan.h"

static struct wr_ap_resolved plan[WR_HOOK__COUNT];

/* No driver loaded: every row absent, none traced, as attach_plan__choose() leaves them. */
static void nothing_loaded(unsigned int features)
{
	struct wr_plan_opts o = { .features = features };
	int i;

	fake_plan(plan, WR_TP_ABSENT);
	for (i = 0; i < WR_HOOK__COUNT; i++) {
		plan[i].state = WR_AP_ABSENT;
		plan[i].module[0] = 0;
	}
	CHECK_EQ_U64(attach_plan__choose(plan, &o), 0);
}

static bool starts(const char *msg, const char *prefix)
{
	return msg && !strncmp(msg, prefix, strlen(prefix));
}

/* Does MSG have a line for FUNC? */
static bool lists(const char *msg, const char *func)
{
	char line[64];

	snprintf(line, sizeof(line), "\n  %s ", func);
	return strstr(msg, line) != NULL;
}

/* What the message of each view (features) says first, what it asks, what it lists. */
static const struct view_case {
	unsigned int features;
	const char *first;	/* its first line */
	const char *asks;	/* the modules it names */
	const char *listed;	/* one of the view's functions */
	const char *unlisted;	/* another view's, or the PM core's (it only learns devices) */
} views[] = {
	{ WR_FEAT_OWNERS, "none of the runtime-PM functions can be traced on this kernel: no "
	  "module that has them is loaded.\n",
	  "\nIs the i915 module loaded, or the xe module (lsmod | grep -e i915 -e xe)?  \n"
	  "(wakeref doctor -v lists every function.)\n", "xe_pm_runtime_put",
	  "__pm_runtime_resume" },
	{ WR_FEAT_USERFAULT, "none of the userfault functions can be traced on this kernel: no "
	  "module that has them is loaded.\n",
	  "\nIs the i915 module loaded, or the xe module (lsmod | grep -e i915 -e xe)?",
	  "xe_gem_fault", "intel_runtime_pm_get" },
	{ WR_FEAT_SVM, "none of the GPU SVM functions can be traced on this kernel: no module "
	  "that has them is loaded.\n",
	  "\nIs the xe module loaded, or the drm_gpusvm_helper module (lsmod | grep -e xe -e "
	  "drm_gpusvm_helper)?", "drm_gpusvm_init", "vm_fault_gtt" },
	/* trace: every view; the owners' question comes first */
	{ 0, "none of the runtime-PM, userfault or GPU SVM functions can be traced on this "
	  "kernel: no module that has them is loaded.\n", "\nIs the i915 module loaded, or the "
	  "xe or drm_gpusvm_helper module (lsmod | grep -e i915 -e xe -e drm_gpusvm_helper)?",
	  "drm_gpusvm_init", "__pm_runtime_resume" },
};

static void each_view_names_itself_and_its_modules(void)
{
	size_t i;

	for (i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		const struct view_case *v = &views[i];
		int failed_before = unit_failed;
		char *msg;

		unit_failed = 0;
		nothing_loaded(v->features);
		msg = explain__nothing_traced(plan, v->features);
		CHECK(starts(msg, v->first));
		CHECK_CONTAINS(msg, v->asks);
		/* nothing loaded: the cause, not a row per function */
		CHECK(msg && !lists(msg, v->listed));
		CHECK(msg && !lists(msg, v->unlisted));
		if (unit_failed)
			printf("    in case %zu (features %#x)\n", i, v->features);
		unit_failed |= failed_before;
		free(msg);
	}
}

/*
 * No driver loaded, but the PM core's function that reads the userfault
 * lists at attach (vmlinux) found, as on every kernel: still the cause in
 * one line, not a row per function.
 */
static void core_functions_found_say_nothing_of_drivers(void)
{
	char *msg;

	nothing_loaded(0);
	plan[WR_HOOK_UF_I915_LISTED].state = WR_AP_PRESENT;
	snprintf(plan[WR_HOOK_UF_I915_LISTED].module, sizeof(plan[0].module), "vmlinux");
	msg = explain__nothing_traced(plan, 0);
	CHECK(starts(msg, views[3].first));
	CHECK(msg && !lists(msg, "pm_runtime_active_time"));
	free(msg);
}

/* SVM is xe's: i915 is not asked about. */
static void svm_does_not_ask_for_i915(void)
{
	char *msg;

	nothing_loaded(WR_FEAT_SVM);
	msg = explain__nothing_traced(plan, WR_FEAT_SVM);
	CHECK(msg && !strstr(msg, "i915"));
	free(msg);
}

/* A function the plan found says where and why it is not traced. */
static void a_present_row_says_why(void)
{
	char *msg;

	nothing_loaded(WR_FEAT_OWNERS);
	plan[WR_HOOK_XE_PUT].state = WR_AP_NO_BTF;
	snprintf(plan[WR_HOOK_XE_PUT].module, sizeof(plan[WR_HOOK_XE_PUT].module), "xe");
	snprintf(plan[WR_HOOK_XE_PUT].why, sizeof(plan[WR_HOOK_XE_PUT].why), "some reason");
	msg = explain__nothing_traced(plan, WR_FEAT_OWNERS);
	CHECK_CONTAINS(msg, "\n  xe_pm_runtime_put                  no-btf in xe: some reason\n");
	free(msg);
}

static void modules_come_from_the_rows(void)
{
	const char *mods[8];

	CHECK_EQ_U64(hooks__modules(WR_FEAT_OWNERS, mods, 8), 2);
	CHECK_STR(mods[0], "i915");
	CHECK_STR(mods[1], "xe");
	CHECK_EQ_U64(hooks__modules(WR_FEAT_SVM, mods, 8), 2);
	CHECK_STR(mods[0], "xe");
	CHECK_STR(mods[1], "drm_gpusvm_helper");
	CHECK_EQ_U64(hooks__modules(0, mods, 2), 2);	/* at most MAX */
	CHECK_STR(hooks__feature_title(WR_FEAT_SVM), "GPU SVM");
}

UNIT_MAIN("explain", T(each_view_names_itself_and_its_modules), T(svm_does_not_ask_for_i915),
	  T(core_functions_found_say_nothing_of_drivers), T(a_present_row_says_why),
	  T(modules_come_from_the_rows))
