// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the userfault-list view: the model fed synthetic records of
 * bpf/userfault.bpf.c (every add and removal path, the runtime-suspend
 * drain with leftovers, faults during a suspend, malformed and lost
 * records), and its output in the oracle's lines, text and JSON.
 */
#include "drivers/layers.h"
#include "lib/json.h"
#include "kernel/ksyms.h"
#include "unit.h"
#include "model/userfault.h"

#define FIXTURE_KS	FIXTURE("kallsyms.txt")

#define I915		"wakeref-sim-i915.0"
#define XE		"wakeref-sim-xe.0"
#define DRM_I915	0xffff888000100000ull
#define DRM_XE		0xffff888000200000ull
#define OBJ_A		0xffff888001000000ull
#define OBJ_B		0xffff888002000000ull
#define OBJ_C		0xffff888003000000ull
#define OBJ_D		0xffff888004000000ull

/* fixtures/kallsyms.txt: a BPF frame, then the fault's callers */
#define A_BPF		0xffffffffc0100010ull
#define A_GEM_FAULT	0xffffffffc0200090ull	/* sim_gem_fault+0x10 */
#define A_KSYS_WRITE	0xffffffff81001234ull

static uint64_t clock_ns = 1000000000ull;

static struct wr_uf_event mk(uint16_t hook, uint64_t obj, uint32_t flags, uint32_t pid)
{
	struct wr_uf_event e;
	bool xe = hook == WR_HOOK_UF_XE_LISTED ||
		  (hook >= WR_HOOK_UF_XE_GEM_FAULT && hook != WR_HOOK_UF_I915_LISTED);

	memset(&e, 0, sizeof(e));
	e.ts_ns = (clock_ns += 1000000);
	e.hook = hook;
	e.obj = obj;
	e.flags = flags;
	e.pid = e.tgid = pid;
	e.driver = xe ? WR_DRV_XE : WR_DRV_I915;
	e.drm = xe ? DRM_XE : DRM_I915;
	e.size = 4096 * 4;
	snprintf(e.comm, sizeof(e.comm), "task%u", pid);
	snprintf(e.dev, sizeof(e.dev), "%s", xe ? XE : I915);
	e.stack[0] = A_BPF;
	e.stack[1] = A_GEM_FAULT;
	e.stack[2] = A_KSYS_WRITE;
	e.nr_frames = 3;
	return e;
}

static void feed(struct uf_model *m, uint16_t hook, uint64_t obj, uint32_t flags, uint32_t pid,
		 uint32_t count)
{
	struct wr_uf_event e = mk(hook, obj, flags, pid);

	if (e.driver == WR_DRV_I915) {
		e.flags |= WR_UFF_COUNT;
		e.userfault_count = count;
	}
	uf_model_record(m, &e, sizeof(e));
}

#define ON	WR_UFF_LINKED
#define OFF	0

static struct uf_dev *dev(struct uf_model *m, const char *name)
{
	struct uf_dev *d = uf_model_find_device(m, name);

	CHECK(d != NULL);
	return d;
}

static char *render(struct uf_model *m, int what)
{
	struct ksyms *ks = ksyms__load(FIXTURE_KS);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct jw w;

	CHECK(ks && f);
	if (what == 0) {
		uf_print_lines(f, m, ks);
	} else if (what == 1) {
		uf_print_text(f, m, ks, clock_ns + 2000000000ull);
	} else {
		jw_init(&w, f);
		jw_object(&w, NULL);
		uf_print_json(&w, m, ks, clock_ns + 2000000000ull);
		jw_end_object(&w);
	}
	fclose(f);
	ksyms__free(ks);
	return buf;
}

static void gtt_fault_then_partial_and_full_revoke(void)
{
	struct uf_model *m = uf_model_new();
	struct uf_dev *d;
	struct uf_obj *o;

	feed(m, WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 10, 1);
	d = dev(m, I915);
	o = uf_dev_find_obj(d, OBJ_A);
	CHECK(o && o->list == WR_UF_LIST_GGTT && o->origin_known && o->pid == 10);
	CHECK_STR(o->comm, "task10");
	CHECK_EQ_U64(o->nr_frames, 3);
	feed(m, WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 11, 2);	/* a second vma */
	o = uf_dev_find_obj(d, OBJ_A);
	CHECK(o && o->faults == 2 && o->userfault_count == 2 && o->pid == 10);
	CHECK_EQ_U64(d->added, 1);
	feed(m, WR_HOOK_UF_I915_REVOKE, OBJ_A, ON, 12, 1);	/* one vma: still listed */
	CHECK(uf_dev_find_obj(d, OBJ_A) && uf_dev_find_obj(d, OBJ_A)->userfault_count == 1);
	feed(m, WR_HOOK_UF_I915_REVOKE, OBJ_A, OFF, 12, 0);
	CHECK(!uf_dev_find_obj(d, OBJ_A));
	CHECK_EQ_U64(d->removed[UF_RM_REVOKE], 1);
	CHECK_EQ_U64(d->faults, 2);
	uf_model_free(m);
}

/* __i915_gem_object_release_mmap_gtt revokes each vma first: the removal is the release's */
static void revoke_inside_release_counts_as_release(void)
{
	struct uf_model *m = uf_model_new();
	struct uf_dev *d;

	feed(m, WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 10, 1);
	feed(m, WR_HOOK_UF_I915_REVOKE, OBJ_A, OFF, 20, 0);
	feed(m, WR_HOOK_UF_I915_RELEASE_GTT, OBJ_A, OFF, 20, 0);
	d = dev(m, I915);
	CHECK_EQ_U64(d->removed[UF_RM_REVOKE], 0);
	CHECK_EQ_U64(d->removed[UF_RM_RELEASE], 1);
	/* another task's release of an object revoked earlier changes nothing */
	feed(m, WR_HOOK_UF_I915_FAULT_GTT, OBJ_B, ON, 10, 1);
	feed(m, WR_HOOK_UF_I915_REVOKE, OBJ_B, OFF, 20, 0);
	feed(m, WR_HOOK_UF_I915_RELEASE_GTT, OBJ_B, OFF, 21, 0);
	CHECK_EQ_U64(d->removed[UF_RM_REVOKE], 1);
	CHECK_EQ_U64(d->removed[UF_RM_RELEASE], 1);
	uf_model_free(m);
}

static void lmem_fault_and_unmap_virtual(void)
{
	struct uf_model *m = uf_model_new();
	struct uf_dev *d;

	feed(m, WR_HOOK_UF_I915_FAULT_TTM, OBJ_B, ON, 10, 1);
	d = dev(m, I915);
	CHECK_EQ_U64(uf_dev_list_count(d, WR_UF_LIST_LMEM), 1);
	CHECK_EQ_U64(uf_dev_list_count(d, WR_UF_LIST_GGTT), 0);
	feed(m, WR_HOOK_UF_I915_FAULT_TTM, OBJ_B, ON, 10, 1);	/* faulting again: same entry */
	CHECK_EQ_U64(uf_dev_list_count(d, WR_UF_LIST_LMEM), 1);
	feed(m, WR_HOOK_UF_I915_UNMAP_VIRTUAL, OBJ_B, OFF, 30, 0);
	CHECK_EQ_U64(uf_dev_list_count(d, WR_UF_LIST_LMEM), 0);
	CHECK_EQ_U64(d->removed[UF_RM_RELEASE], 1);
	/* a fault that lists nothing (system memory) adds nothing */
	feed(m, WR_HOOK_UF_I915_FAULT_TTM, OBJ_C, OFF, 10, 0);
	CHECK_EQ_U64(d->nr_objs, 0);
	CHECK_EQ_U64(d->faults, 3);
	uf_model_free(m);
}

/* i915 frees from a worker: whatever takes it off after free is the destroy */
static void i915_free_then_removal_is_destroy(void)
{
	struct uf_model *m = uf_model_new();
	struct uf_dev *d;

	feed(m, WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 10, 1);
	feed(m, WR_HOOK_UF_I915_FREE, OBJ_A, ON, 10, 1);
	d = dev(m, I915);
	CHECK(uf_dev_find_obj(d, OBJ_A) && uf_dev_find_obj(d, OBJ_A)->dying);
	feed(m, WR_HOOK_UF_I915_REVOKE, OBJ_A, OFF, 99, 0);
	feed(m, WR_HOOK_UF_I915_RELEASE_GTT, OBJ_A, OFF, 99, 0);
	CHECK(!uf_dev_find_obj(d, OBJ_A));
	CHECK_EQ_U64(d->removed[UF_RM_DESTROY], 1);
	CHECK_EQ_U64(d->removed[UF_RM_RELEASE] + d->removed[UF_RM_REVOKE], 0);
	/* freeing an object never seen listed: nothing to follow */
	feed(m, WR_HOOK_UF_I915_FREE, OBJ_C, ON, 10, 1);
	CHECK_EQ_U64(d->nr_objs, 0);
	uf_model_free(m);
}

static void xe_move_release_destroy(void)
{
	struct uf_model *m = uf_model_new();
	struct uf_dev *d;

	feed(m, WR_HOOK_UF_XE_GEM_FAULT, OBJ_A, ON, 10, 0);
	feed(m, WR_HOOK_UF_XE_CPU_FAULT, OBJ_B, ON, 10, 0);	/* 6.18+ handler */
	feed(m, WR_HOOK_UF_XE_GEM_FAULT, OBJ_C, ON, 10, 0);
	d = dev(m, XE);
	CHECK_EQ_U64(uf_dev_list_count(d, WR_UF_LIST_VRAM), 3);
	CHECK(!uf_dev_find_obj(d, OBJ_A)->count_known);
	feed(m, WR_HOOK_UF_XE_MOVE_NOTIFY, OBJ_A, OFF, 20, 0);
	feed(m, WR_HOOK_UF_XE_RPM_RELEASE, OBJ_B, OFF, 20, 0);
	feed(m, WR_HOOK_UF_XE_DESTROY, OBJ_C, ON, 20, 0);	/* at entry: still linked */
	CHECK_EQ_U64(d->nr_objs, 0);
	CHECK_EQ_U64(d->removed[UF_RM_MOVE], 1);
	CHECK_EQ_U64(d->removed[UF_RM_RELEASE], 1);
	CHECK_EQ_U64(d->removed[UF_RM_DESTROY], 1);
	CHECK_EQ_U64(uf_model_anomalies(m), 0);
	uf_model_free(m);
}

static struct wr_uf_event suspend_exit(uint16_t hook, uint32_t pid, uint32_t nonempty,
				       const uint64_t *left, const uint8_t *lists, int nr)
{
	struct wr_uf_event e = mk(hook, 0, WR_UFF_HEADS_READ | nonempty, pid);
	int i;

	for (i = 0; i < nr; i++) {
		e.left[i] = left[i];
		e.left_list[i] = lists[i];
	}
	e.nr_left = nr;
	return e;
}

static void drain_empties_the_lists(void)
{
	struct uf_model *m = uf_model_new();
	struct wr_uf_event e;
	struct uf_dev *d;

	feed(m, WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 10, 1);
	feed(m, WR_HOOK_UF_I915_FAULT_TTM, OBJ_B, ON, 10, 1);
	feed(m, WR_HOOK_UF_I915_SUSPEND_ENTER, 0, 0, 77, 0);
	d = dev(m, I915);
	CHECK(d->suspending);
	feed(m, WR_HOOK_UF_I915_REVOKE, OBJ_A, OFF, 77, 0);
	feed(m, WR_HOOK_UF_I915_RELEASE_GTT, OBJ_A, OFF, 77, 0);
	feed(m, WR_HOOK_UF_I915_RPM_RELEASE, OBJ_B, OFF, 77, 0);
	e = suspend_exit(WR_HOOK_UF_I915_SUSPEND_EXIT, 77, 0, NULL, NULL, 0);
	uf_model_record(m, &e, sizeof(e));
	CHECK(!d->suspending);
	CHECK_EQ_U64(d->removed[UF_RM_DRAIN], 2);
	CHECK_EQ_U64(d->suspends, 1);
	CHECK_EQ_U64(d->nr_objs, 0);
	CHECK_EQ_U64(uf_model_anomalies(m), 0);
	uf_model_free(m);
}

/*
 * The driver's lists after the suspend are the truth: B left on the GGTT
 * list is flagged, D (never seen) too; C, which the model still had, is
 * not on the driver's list: dropped as removed by an untraced path.
 */
static void drain_with_leftovers(void)
{
	static const uint64_t left[] = { OBJ_B, OBJ_D };
	static const uint8_t lists[] = { WR_UF_LIST_GGTT, WR_UF_LIST_GGTT };
	struct uf_model *m = uf_model_new();
	struct wr_uf_event e;
	struct uf_dev *d;
	char *s;

	feed(m, WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 10, 1);
	feed(m, WR_HOOK_UF_I915_FAULT_GTT, OBJ_B, ON, 10, 1);
	feed(m, WR_HOOK_UF_I915_FAULT_TTM, OBJ_C, ON, 10, 1);
	feed(m, WR_HOOK_UF_I915_SUSPEND_ENTER, 0, 0, 77, 0);
	feed(m, WR_HOOK_UF_I915_REVOKE, OBJ_A, OFF, 77, 0);
	e = suspend_exit(WR_HOOK_UF_I915_SUSPEND_EXIT, 77, WR_UFF_NONEMPTY(WR_UF_LIST_GGTT),
			 left, lists, 2);
	uf_model_record(m, &e, sizeof(e));
	d = dev(m, I915);
	CHECK(uf_dev_find_obj(d, OBJ_B) && uf_dev_find_obj(d, OBJ_B)->leftover);
	CHECK(uf_dev_find_obj(d, OBJ_D) && uf_dev_find_obj(d, OBJ_D)->leftover &&
	      !uf_dev_find_obj(d, OBJ_D)->origin_known);
	CHECK(!uf_dev_find_obj(d, OBJ_C));
	CHECK_EQ_U64(d->removed[UF_RM_UNTRACED], 1);
	CHECK_EQ_U64(d->removed[UF_RM_DRAIN], 1);
	CHECK_EQ_U64(d->leftovers, 2);
	CHECK_EQ_U64(uf_model_anomalies(m), 2);
	s = render(m, 1);
	CHECK_CONTAINS(s, "WARNING: 2 objects left on a list by runtime suspend");
	CHECK_CONTAINS(s, "the driver's lists were ggtt NOT EMPTY lmem empty");
	CHECK_CONTAINS(s, "listed before tracing or by an untraced path");
	free(s);
	s = render(m, 0);
	CHECK_CONTAINS(s, "userfault " I915 " ggtt count=2\n"
		       "userfault " I915 " ggtt obj=0xffff888002000000\n"
		       "userfault " I915 " ggtt obj=0xffff888004000000\n"
		       "userfault " I915 " lmem count=0\n");
	free(s);
	/* the next suspend drains B: no longer a leftover, the count stays */
	feed(m, WR_HOOK_UF_I915_SUSPEND_ENTER, 0, 0, 78, 0);
	feed(m, WR_HOOK_UF_I915_REVOKE, OBJ_B, OFF, 78, 0);
	feed(m, WR_HOOK_UF_I915_REVOKE, OBJ_D, OFF, 78, 0);
	e = suspend_exit(WR_HOOK_UF_I915_SUSPEND_EXIT, 78, 0, NULL, NULL, 0);
	uf_model_record(m, &e, sizeof(e));
	CHECK_EQ_U64(d->nr_objs, 0);
	CHECK_EQ_U64(uf_model_anomalies(m), 0);
	CHECK_EQ_U64(d->leftovers, 2);
	uf_model_free(m);
}

/* xe: a list the driver says is empty empties the model's (missed removals) */
static void empty_driver_list_wins(void)
{
	struct uf_model *m = uf_model_new();
	struct wr_uf_event e;
	struct uf_dev *d;

	feed(m, WR_HOOK_UF_XE_GEM_FAULT, OBJ_A, ON, 10, 0);
	feed(m, WR_HOOK_UF_XE_SUSPEND_ENTER, 0, 0, 5, 0);
	e = suspend_exit(WR_HOOK_UF_XE_SUSPEND_EXIT, 5, 0, NULL, NULL, 0);
	uf_model_record(m, &e, sizeof(e));
	d = dev(m, XE);
	CHECK_EQ_U64(d->nr_objs, 0);
	CHECK_EQ_U64(d->removed[UF_RM_UNTRACED], 1);
	/* unread heads change nothing */
	feed(m, WR_HOOK_UF_XE_GEM_FAULT, OBJ_B, ON, 10, 0);
	e = mk(WR_HOOK_UF_XE_SUSPEND_EXIT, 0, 0, 5);
	uf_model_record(m, &e, sizeof(e));
	CHECK_EQ_U64(d->nr_objs, 1);
	CHECK(!d->heads_read);
	uf_model_free(m);
}

static void fault_during_suspend_is_flagged(void)
{
	struct uf_model *m = uf_model_new();
	struct wr_uf_event e;
	struct uf_dev *d;
	char *s;

	feed(m, WR_HOOK_UF_XE_SUSPEND_ENTER, 0, 0, 5, 0);
	feed(m, WR_HOOK_UF_XE_GEM_FAULT, OBJ_A, ON, 42, 0);
	d = dev(m, XE);
	CHECK_EQ_U64(d->faults_in_suspend, 1);
	CHECK(uf_dev_find_obj(d, OBJ_A)->during_suspend);
	e = suspend_exit(WR_HOOK_UF_XE_SUSPEND_EXIT, 5, WR_UFF_NONEMPTY(WR_UF_LIST_VRAM),
			 (uint64_t[]){ OBJ_A }, (uint8_t[]){ WR_UF_LIST_VRAM }, 1);
	uf_model_record(m, &e, sizeof(e));
	CHECK(uf_dev_find_obj(d, OBJ_A)->leftover);
	CHECK_EQ_U64(uf_model_anomalies(m), 2);	/* the fault, the leftover */
	s = render(m, 1);
	CHECK_CONTAINS(s, "WARNING: 1 fault while the device runtime suspended, last: obj "
		       "0xffff888001000000 by pid 42 [task42]");
	CHECK_CONTAINS(s, "DURING SUSPEND, LEFT AFTER SUSPEND");
	free(s);
	uf_model_free(m);
}

static void malformed_records_change_nothing(void)
{
	struct uf_model *m = uf_model_new();
	struct wr_uf_event e = mk(WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 1);

	uf_model_record(m, &e, sizeof(e) - 1);		/* short */
	uf_model_record(m, NULL, 0);
	e.hook = WR_HOOK_I915_RPM_GET;			/* not a userfault hook */
	uf_model_record(m, &e, sizeof(e));
	e.hook = WR_HOOK__COUNT + 7;
	uf_model_record(m, &e, sizeof(e));
	e = mk(WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 1);
	e.driver = WR_DRV_XE;				/* wrong driver for the hook */
	uf_model_record(m, &e, sizeof(e));
	e = mk(WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 1);
	e.nr_frames = WR_MAX_FRAMES + 1;
	uf_model_record(m, &e, sizeof(e));
	e = mk(WR_HOOK_UF_I915_SUSPEND_EXIT, 0, WR_UFF_HEADS_READ, 1);
	e.nr_left = WR_UF_MAX_LEFT + 1;
	uf_model_record(m, &e, sizeof(e));
	e = mk(WR_HOOK_UF_I915_REVOKE, 0, OFF, 1);	/* a removal of no object */
	uf_model_record(m, &e, sizeof(e));
	CHECK_EQ_U64(m->malformed, 8);
	CHECK_EQ_U64(m->records, 0);
	CHECK_EQ_U64(m->nr_devs, 0);
	/* a name not terminated is cut, a missing one replaced by the drm_device */
	e = mk(WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 1);
	memset(e.dev, 'x', sizeof(e.dev));
	memset(e.comm, 'y', sizeof(e.comm));
	uf_model_record(m, &e, sizeof(e));
	CHECK_EQ_U64(m->nr_devs, 1);
	CHECK_EQ_U64(strlen(m->devs[0].name), WR_DEV_LEN - 1);
	CHECK_EQ_U64(strlen(m->devs[0].objs[0].comm), WR_COMM_LEN - 1);
	e = mk(WR_HOOK_UF_I915_FAULT_GTT, OBJ_B, ON, 1);
	e.dev[0] = 0;
	uf_model_record(m, &e, sizeof(e));
	CHECK(uf_model_find_device(m, "drm@0xffff888000100000") != NULL);
	/* a longer record (a newer BPF side) is read as far as known */
	{
		char big[sizeof(e) + 16] = { 0 };

		e = mk(WR_HOOK_UF_XE_GEM_FAULT, OBJ_C, ON, 1);
		memcpy(big, &e, sizeof(e));
		uf_model_record(m, big, sizeof(big));
		CHECK(uf_model_find_device(m, XE) != NULL);
	}
	uf_model_free(m);
}

static void lost_records_say_state_may_be_wrong(void)
{
	struct uf_model *m = uf_model_new();
	struct wr_uf_event e = mk(WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 1);
	char *s;

	uf_model_record(m, &e, sizeof(e));
	s = render(m, 1);
	CHECK(!strstr(s, "WARNING"));
	free(s);
	e = mk(WR_HOOK_UF_I915_FAULT_GTT, OBJ_B, ON, 1);
	e.drops = 3;
	uf_model_record(m, &e, sizeof(e));
	e = mk(WR_HOOK_UF_I915_FAULT_GTT, OBJ_C, ON, 1);
	e.drops = 2;					/* another CPU's, older */
	uf_model_record(m, &e, sizeof(e));
	CHECK_EQ_U64(m->lost, 3);
	s = render(m, 1);
	CHECK_CONTAINS(s, "WARNING: 3 userfault records were lost (ring buffer full): "
		       "the lists above may be wrong");
	free(s);
	s = render(m, 2);
	CHECK_CONTAINS(s, "\"lost\":3");
	CHECK_CONTAINS(s, "\"state_may_be_wrong\":true");
	free(s);
	uf_model_free(m);
}

/* Every list of every device known, even empty, in the oracle's form and order. */
static void lines_are_the_oracles(void)
{
	struct uf_model *m = uf_model_new();
	char *s;

	CHECK(!uf_model_add_device(m, XE, WR_DRV_XE));
	CHECK(!uf_model_add_device(m, "wakeref-sim-i915.1", WR_DRV_I915));
	feed(m, WR_HOOK_UF_I915_FAULT_GTT, OBJ_B, ON, 10, 1);
	feed(m, WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 10, 1);
	feed(m, WR_HOOK_UF_I915_FAULT_TTM, OBJ_C, ON, 10, 1);
	s = render(m, 0);
	CHECK_STR(s, "userfault wakeref-sim-i915.0 ggtt count=2\n"
		  "userfault wakeref-sim-i915.0 ggtt obj=0xffff888001000000\n"
		  "userfault wakeref-sim-i915.0 ggtt obj=0xffff888002000000\n"
		  "userfault wakeref-sim-i915.0 lmem count=1\n"
		  "userfault wakeref-sim-i915.0 lmem obj=0xffff888003000000\n"
		  "userfault wakeref-sim-i915.1 ggtt count=0\n"
		  "userfault wakeref-sim-i915.1 lmem count=0\n"
		  "userfault wakeref-sim-xe.0 vram count=0\n");
	free(s);
	uf_model_free(m);
}

static void text_and_json_name_the_fault(void)
{
	struct uf_model *m = uf_model_new();
	struct wr_uf_event e = mk(WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON | WR_UFF_COUNT, 321);
	char *s;

	e.userfault_count = 1;
	e.flags |= WR_UFF_MMAP_TYPE;
	e.mmap_type = 0;
	e.size = 16384;			/* feed()'s, as the second record says */
	snprintf(e.comm, sizeof(e.comm), "simuser");
	uf_model_record(m, &e, sizeof(e));
	feed(m, WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 5, 2);
	s = render(m, 1);
	CHECK_CONTAINS(s, I915 ": i915 userfault lists, ggtt 1 lmem 0; 2 faults, 1 added");
	CHECK_CONTAINS(s, "    obj 0xffff888001000000 size 16384 mmap gtt userfault_count 2, "
		       "2 faults, listed 2.001s ago by pid 321 [simuser]\n"
		       "       sim_gem_fault+0x10/0x80 [wakeref_sim]\n"
		       "       ksys_write+0x24/0xf0\n");
	CHECK(!strstr(s, "bpf_prog"));
	free(s);
	s = render(m, 2);
	CHECK_CONTAINS(s, "\"name\":\"" I915 "\",\"driver\":\"i915\",\"faults\":2,\"added\":1");
	CHECK_CONTAINS(s, "\"list\":\"ggtt\",\"count\":1,\"objects\":[{\"address\":"
		       "\"0xffff888001000000\",\"size\":16384,\"mmap_type\":\"gtt\","
		       "\"userfault_count\":2,\"faults\":2,\"origin_known\":true,\"pid\":321,"
		       "\"tgid\":321,\"comm\":\"simuser\"");
	CHECK_CONTAINS(s, "\"stack\":[\"sim_gem_fault+0x10/0x80 [wakeref_sim]\",");
	CHECK_CONTAINS(s, "\"list\":\"lmem\",\"count\":0,\"objects\":[]");
	free(s);
	uf_model_free(m);
}

/* A fault handler traced for the view is the owner of the wakerefs it takes, not an API layer. */
/*
 * Objects on the lists when tracing began: one record each at attach, the
 * list named by the record; no origin; a later removal is counted as any
 * other.  A record naming a list of the other driver, or not linked, is
 * malformed.
 */
static void listed_at_attach(void)
{
	struct uf_model *m = uf_model_new();
	struct wr_uf_event e;
	struct uf_dev *d;
	struct uf_obj *o;
	char *txt;

	e = mk(WR_HOOK_UF_I915_LISTED, OBJ_A, ON, 77);
	e.list = WR_UF_LIST_LMEM;
	e.nr_frames = 0;
	uf_model_record(m, &e, sizeof(e));
	e = mk(WR_HOOK_UF_XE_LISTED, OBJ_B, ON, 77);
	e.list = WR_UF_LIST_VRAM;
	uf_model_record(m, &e, sizeof(e));
	d = dev(m, I915);
	o = uf_dev_find_obj(d, OBJ_A);
	CHECK(o && o->list == WR_UF_LIST_LMEM && !o->origin_known && o->at_attach);
	CHECK_EQ_U64(d->added, 0);
	CHECK_EQ_U64(d->faults, 0);
	o = uf_dev_find_obj(dev(m, XE), OBJ_B);
	CHECK(o && o->list == WR_UF_LIST_VRAM && o->at_attach);
	txt = render(m, 1);
	CHECK_CONTAINS(txt, "listed before tracing (on the list at attach)");
	free(txt);
	feed(m, WR_HOOK_UF_I915_UNMAP_VIRTUAL, OBJ_A, OFF, 12, 0);
	CHECK(!uf_dev_find_obj(d, OBJ_A));
	CHECK_EQ_U64(d->removed[UF_RM_RELEASE], 1);
	/* malformed: xe's list on i915, an unlinked one, no list */
	e = mk(WR_HOOK_UF_I915_LISTED, OBJ_C, ON, 77);
	e.list = WR_UF_LIST_VRAM;
	uf_model_record(m, &e, sizeof(e));
	e.list = WR_UF_LIST_GGTT;
	e.flags = 0;
	uf_model_record(m, &e, sizeof(e));
	e.flags = ON;
	e.list = WR_UF_LIST_NONE;
	uf_model_record(m, &e, sizeof(e));
	CHECK_EQ_U64(m->malformed, 3);
	CHECK(!uf_dev_find_obj(d, OBJ_C));
	uf_model_free(m);
}

static void fault_handlers_are_not_api(void)
{
	CHECK(!layers__is_api("vm_fault_gtt"));
	CHECK(!layers__is_api("xe_gem_fault"));
	CHECK(!layers__is_api("i915_gem_runtime_suspend"));
	CHECK(layers__is_api("intel_runtime_pm_get"));
	CHECK(layers__is_api("intel_wakeref_auto"));
}

/* Records a snapshot emitted, kept in order. */
struct snap_recs {
	uint8_t rec[64][1024];
	size_t size[64];
	int nr;
};

static void keep_rec(void *ctx, const void *rec, size_t size)
{
	struct snap_recs *r = ctx;

	CHECK(r->nr < 64 && size <= sizeof(r->rec[0]));
	if (r->nr >= 64 || size > sizeof(r->rec[0]))
		return;
	memcpy(r->rec[r->nr], rec, size);
	r->size[r->nr++] = size;
}

/* A state with a bit of everything: lists, a drain with leftovers, a fault in suspend. */
static struct uf_model *busy_model(void)
{
	static const uint64_t left[] = { OBJ_B };
	static const uint8_t lists[] = { WR_UF_LIST_GGTT };
	struct uf_model *m = uf_model_new();
	struct wr_uf_event e;

	feed(m, WR_HOOK_UF_I915_FAULT_GTT, OBJ_A, ON, 10, 1);
	feed(m, WR_HOOK_UF_I915_FAULT_GTT, OBJ_B, ON, 11, 1);
	feed(m, WR_HOOK_UF_I915_FAULT_TTM, OBJ_C, ON, 12, 1);
	feed(m, WR_HOOK_UF_I915_SUSPEND_ENTER, 0, 0, 77, 0);
	feed(m, WR_HOOK_UF_I915_REVOKE, OBJ_A, OFF, 77, 0);
	e = suspend_exit(WR_HOOK_UF_I915_SUSPEND_EXIT, 77, WR_UFF_NONEMPTY(WR_UF_LIST_GGTT),
			 left, lists, 1);
	uf_model_record(m, &e, sizeof(e));
	feed(m, WR_HOOK_UF_XE_SUSPEND_ENTER, 0, 0, 5, 0);
	feed(m, WR_HOOK_UF_XE_GEM_FAULT, OBJ_D, ON, 42, 0);
	return m;
}

/* The daemon's journal compacts to a snapshot: replayed, it is the same state. */
static void snapshot_rebuilds_the_state(void)
{
	static struct snap_recs r;
	struct uf_model *m = busy_model(), *back = uf_model_new();
	char *a, *b;
	int i, what;

	r.nr = 0;
	wr_userfault_view.snapshot(m, keep_rec, &r);
	CHECK(r.nr >= 5);	/* the model, two devices, their objects */
	for (i = 0; i < r.nr; i++)
		wr_userfault_view.on_record(back, r.rec[i], r.size[i]);
	CHECK_EQ_U64(back->malformed, m->malformed);
	CHECK_EQ_U64(back->records, m->records);
	CHECK_EQ_U64(uf_model_anomalies(back), uf_model_anomalies(m));
	for (what = 0; what < 3; what++) {
		a = render(m, what);
		b = render(back, what);
		CHECK_STR(b, a);
		free(a);
		free(b);
	}
	/* and it goes on from there as the original does */
	feed(m, WR_HOOK_UF_XE_SUSPEND_EXIT, 0, 0, 5, 0);
	feed(back, WR_HOOK_UF_XE_SUSPEND_EXIT, 0, 0, 5, 0);
	a = render(m, 1);
	b = render(back, 1);
	CHECK_STR(b, a);
	free(a);
	free(b);
	uf_model_free(m);
	uf_model_free(back);
}

/* A snapshot record read back from a file is checked like any record. */
static void bad_snapshot_records_are_malformed(void)
{
	static struct snap_recs r;
	struct uf_model *m = busy_model(), *back = uf_model_new();
	uint8_t bad[1024];
	int i;

	r.nr = 0;
	wr_userfault_view.snapshot(m, keep_rec, &r);
	for (i = 0; i < r.nr; i++) {
		uint32_t kind;

		memcpy(&kind, r.rec[i] + 4, 4);
		if (kind != 3)	/* an object: its list at a known place is hard; cut it */
			continue;
		memcpy(bad, r.rec[i], r.size[i]);
		wr_userfault_view.on_record(back, bad, r.size[i] - 1);	/* wrong size */
		memcpy(bad + 4, "\x09\0\0\0", 4);			/* unknown kind */
		wr_userfault_view.on_record(back, bad, r.size[i]);
		memcpy(bad + 4, r.rec[i] + 4, 4);
		memset(bad + 8, 0, WR_DEV_LEN);				/* no such device */
		wr_userfault_view.on_record(back, bad, r.size[i]);
		break;
	}
	CHECK_EQ_U64(back->malformed, 3);
	CHECK_EQ_U64(back->nr_devs, 0);
	uf_model_free(m);
	uf_model_free(back);
}

UNIT_MAIN("userfault",
	  T(gtt_fault_then_partial_and_full_revoke),
	  T(revoke_inside_release_counts_as_release),
	  T(lmem_fault_and_unmap_virtual),
	  T(i915_free_then_removal_is_destroy),
	  T(xe_move_release_destroy),
	  T(drain_empties_the_lists),
	  T(drain_with_leftovers),
	  T(empty_driver_list_wins),
	  T(fault_during_suspend_is_flagged),
	  T(malformed_records_change_nothing),
	  T(lost_records_say_state_may_be_wrong),
	  T(lines_are_the_oracles),
	  T(text_and_json_name_the_fault),
	  T(listed_at_attach),
	  T(fault_handlers_are_not_api),
	  T(snapshot_rebuilds_the_state),
	  T(bad_snapshot_records_are_malformed))
