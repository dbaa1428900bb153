// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the recording reader: any byte string must be either
 * read or refused with a reason; never a crash, a hang or a leak.
 *   make fuzz [FUZZ_SECONDS=60]
 */
#include <stddef.h>
#include <stdint.h>

#include "kernel/ksyms.h"
#include "record/recfile.h"

static int count_events(void *ctx, const struct wr_event *e)
{
	(*(uint64_t *)ctx)++;
	return e->nr_frames > WR_MAX_FRAMES;	/* the reader must never pass one */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wr_rec_info info;
	struct ksyms *ks = NULL;
	uint64_t n = 0;

	if (!recfile__read_mem(data, size, "fuzz", &info, &ks, count_events, &n) &&
	    n != info.nr_events)
		__builtin_trap();
	ksyms__free(ks);
	return 0;
}
