// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of interned tasks (the task and call an owner was taken in):
 * one copy per distinct key, references counted, idle ones kept for a
 * while and then freed, and the journal's owner record unchanged.
 */
#include <string.h>

#include "model/tasks.h"
#include "unit.h"

static struct wr_task key(uint32_t tgid, const char *comm, int32_t sys_nr, uint64_t client)
{
	struct wr_task k;

	memset(&k, 0, sizeof(k));
	k.tgid = tgid;
	k.sys_nr = sys_nr;
	k.client = client;
	strncpy(k.comm, comm, sizeof(k.comm) - 1);
	return k;
}

static void one_copy_per_task_and_call(void)
{
	struct wr_task a = key(10, "sh", 1, 0), b = key(10, "sh", 16, 0xff00);
	struct wr_task c = key(10, "kworker/0:1", 1, 0), a2 = key(10, "sh", 1, 0);
	struct wr_tasks t = {};
	const struct wr_task *x = tasks__get(&t, &a), *y = tasks__get(&t, &b);
	const struct wr_task *z = tasks__get(&t, &c);

	CHECK(x && y && z && x != y && x != z && y != z && x != &a);
	CHECK(tasks__get(&t, &a2) == x);	/* through the thread group's slot */
	CHECK(tasks__get(&t, &b) == y);		/* not in it: through the hash */
	CHECK_EQ_U64(t.nr, 3);
	CHECK_STR(x->comm, "sh");
	CHECK(y->sys_nr == 16 && y->client == 0xff00 && y->tgid == 10);
	tasks__put(&t, x);
	tasks__put(&t, x);
	tasks__put(&t, &tasks__unknown);	/* the shared unknown one: no count */
	tasks__put(&t, NULL);
	CHECK_EQ_U64(t.nr_idle, 1);
	tasks__free(&t);
	CHECK_EQ_U64(t.nr, 0);
}

/* a task's get/put cycle does not allocate; idle ones are bounded */
static void released_tasks_are_kept_then_swept(void)
{
	struct wr_task k = key(1, "init", -1, 0);
	struct wr_tasks t = {};
	const struct wr_task *x = tasks__get(&t, &k), *again;
	uint32_t i;

	tasks__put(&t, x);
	CHECK_EQ_U64(t.nr_idle, 1);
	again = tasks__get(&t, &k);
	CHECK(again == x);
	CHECK_EQ_U64(t.nr_idle, 0);
	for (i = 2; i <= 5000; i++) {
		struct wr_task o = key(i, "t", -1, 0);

		tasks__put(&t, tasks__get(&t, &o));
		CHECK(t.nr_idle <= 1024);
	}
	CHECK(t.nr <= 1025);
	CHECK(tasks__get(&t, &k) == x);	/* the one referenced survived every sweep */
	CHECK_STR(x->comm, "init");
	tasks__free(&t);
}

UNIT_MAIN("tasks", T(one_copy_per_task_and_call), T(released_tasks_are_kept_then_swept))
