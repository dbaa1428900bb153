// SPDX-License-Identifier: GPL-2.0
/*
 * libbpf 1.1 frees its table of section handlers when the last one is
 * unregistered and reallocs the freed pointer at the next registration: a
 * tracer started, stopped and started again (the daemon re-attaching to a
 * reloaded module) did exactly that.  With the table kept, rounds of
 * register/unregister go on (glibc aborts on the double free otherwise).
 * And a registration waits while another thread holds the table's lock (the
 * GPU state reader opening its object beside a start).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "attach/handlers.h"
#include "unit.h"

static void register_unregister_rounds(void)
{
	LIBBPF_OPTS(libbpf_prog_handler_opts, o);
	int r, a, b;

	for (r = 0; r < 4; r++) {
		a = handlers__register("fentry", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, &o);
		b = handlers__register("fexit", BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, &o);
		CHECK(a > 0 && b > 0);
		handlers__unregister(a);
		handlers__unregister(b);
	}
	/* libbpf's own calls still work on the kept table */
	a = libbpf_register_prog_handler("fentry", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, &o);
	CHECK(a > 0);
	CHECK(libbpf_unregister_prog_handler(a) == 0);
}

static atomic_int holding, released;

static void *hold_lock(void *arg)
{
	(void)arg;
	handlers__lock();
	atomic_store(&holding, 1);
	usleep(50000);
	atomic_store(&released, 1);
	handlers__unlock();
	return NULL;
}

static void register_waits_for_the_lock(void)
{
	LIBBPF_OPTS(libbpf_prog_handler_opts, o);
	pthread_t th;
	int id;

	CHECK(pthread_create(&th, NULL, hold_lock, NULL) == 0);
	while (!atomic_load(&holding))
		usleep(1000);
	id = handlers__register("fexit", BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, &o);
	CHECK(atomic_load(&released) == 1);
	CHECK(id > 0);
	handlers__unregister(id);
	pthread_join(th, NULL);
}

UNIT_MAIN("handlers", T(register_unregister_rounds), T(register_waits_for_the_lock))
