// SPDX-License-Identifier: GPL-2.0
/*
 * libbpf 1.1 frees its table of section handlers when the last one is
 * unregistered and reallocs the freed pointer at the next registration: a
 * tracer started, stopped and started again (the daemon re-attaching to a
 * reloaded module) did exactly that.  With the table kept, rounds of
 * register/unregister go on (glibc aborts on the double free otherwise).
 */
#include <bpf/libbpf.h>

#include "attach/handlers.h"
#include "unit.h"

static void register_unregister_rounds(void)
{
	LIBBPF_OPTS(libbpf_prog_handler_opts, o);
	int r, a, b;

	CHECK(handlers__keep_table() == 0);
	CHECK(handlers__keep_table() == 0);	/* once per process */
	for (r = 0; r < 4; r++) {
		a = libbpf_register_prog_handler("fentry", BPF_PROG_TYPE_TRACING,
						 BPF_TRACE_FENTRY, &o);
		b = libbpf_register_prog_handler("fexit", BPF_PROG_TYPE_TRACING,
						 BPF_TRACE_FEXIT, &o);
		CHECK(a > 0 && b > 0);
		CHECK(libbpf_unregister_prog_handler(a) == 0);
		CHECK(libbpf_unregister_prog_handler(b) == 0);
	}
}

UNIT_MAIN("handlers", T(register_unregister_rounds))
