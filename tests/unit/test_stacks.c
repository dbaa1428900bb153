// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of interned stacks: one copy per distinct stack, references
 * counted, stacks without references kept for a while and then freed.
 */
#include "model/stacks.h"
#include "unit.h"

static void one_copy_per_stack(void)
{
	uint64_t a[3] = { 1, 2, 3 }, b[3] = { 1, 2, 4 }, a2[3] = { 1, 2, 3 };
	struct wr_stacks t = {};
	const uint64_t *x = stacks__get(&t, a, 3), *y = stacks__get(&t, b, 3);

	CHECK(x && y && x != y && x != a);
	CHECK(stacks__get(&t, a2, 3) == x);
	CHECK(stacks__get(&t, a, 2) != x);	/* a prefix is another stack */
	CHECK_EQ_U64(t.nr, 3);
	CHECK(x[2] == 3 && y[2] == 4);
	CHECK(stacks__get(&t, a, 0) == NULL);
	stacks__free(&t);
	CHECK_EQ_U64(t.nr, 0);
}

/* an idle device's get/put cycle does not allocate: the stack stays */
static void released_stacks_are_kept_then_swept(void)
{
	struct wr_stacks t = {};
	uint64_t ip[2] = { 0xffffffff81000000ull, 0 };
	const uint64_t *x = stacks__get(&t, ip, 2), *again;
	int i;

	stacks__put(&t, x);
	CHECK_EQ_U64(t.nr, 1);
	CHECK_EQ_U64(t.nr_idle, 1);
	again = stacks__get(&t, ip, 2);
	CHECK(again == x);
	CHECK_EQ_U64(t.nr_idle, 0);
	/* many distinct stacks released: the idle ones are bounded */
	for (i = 1; i <= 5000; i++) {
		ip[1] = i;
		stacks__put(&t, stacks__get(&t, ip, 2));
		CHECK(t.nr_idle <= 1024);
	}
	CHECK(t.nr <= 1025);
	/* the one still referenced survived every sweep */
	CHECK(x[0] == 0xffffffff81000000ull && x[1] == 0);
	ip[1] = 0;
	CHECK(stacks__get(&t, ip, 2) == x);
	stacks__put(&t, x);
	stacks__put(&t, x);
	stacks__free(&t);
}

/*
 * A caller's memo (stacks__get_memo(), in line): it gives its stack again,
 * with a reference, while the table holds it, and never once the table
 * swept it, or for another table.
 */
static void memo_holds_while_the_table_does(void)
{
	struct wr_stacks t = {}, u = {};
	struct wr_stack_memo m = {};
	uint64_t a[2] = { 0xffffffff81000010ull, 0xffffffff81000020ull }, ip[2] = { 1, 0 };
	const uint64_t *x = stacks__get_memo(&t, a, 2, &m), *y;
	size_t nr;
	int i;

	CHECK(x && m.ip == x && m.t == &t && m.hash == stacks__hash_of(x));
	CHECK(stacks__get_memo(&t, a, 2, &m) == x);
	CHECK(stacks__get_memo(&t, a, 0, &m) == NULL);	/* no stack, memo or not */
	stacks__put(&t, x);
	CHECK_EQ_U64(t.nr_idle, 0);
	stacks__put(&t, x);
	CHECK_EQ_U64(t.nr_idle, 1);
	CHECK(stacks__get_memo(&t, a, 2, &m) == x);
	CHECK_EQ_U64(t.nr_idle, 0);
	/* another table: its own copy, and the memo follows it */
	y = stacks__get_memo(&u, a, 2, &m);
	CHECK(y && y != x && m.t == &u && u.nr == 1);
	CHECK(stacks__get_memo(&t, a, 2, &m) == x);	/* found by hash, not by the memo */
	CHECK(m.t == &t);
	stacks__put(&t, x);
	stacks__put(&t, x);
	/* idle, then swept with a thousand others: the memo must not give it */
	for (i = 0; i < 1100; i++) {
		ip[1] = i;
		stacks__put(&t, stacks__get(&t, ip, 2));
	}
	CHECK(t.nr < 1100);
	nr = t.nr;
	y = stacks__get_memo(&t, a, 2, &m);
	CHECK(y && y[0] == a[0] && y[1] == a[1]);
	CHECK_EQ_U64(t.nr, nr + 1);	/* interned again */
	CHECK_EQ_U64(t.nr_idle, nr);	/* and it has a reference */
	stacks__put(&t, y);
	stacks__put(&u, stacks__get_memo(&u, a, 2, NULL));
	stacks__free(&t);
	stacks__free(&u);
}

UNIT_MAIN("stacks", T(one_copy_per_stack), T(released_stacks_are_kept_then_swept),
	  T(memo_holds_while_the_table_does))
