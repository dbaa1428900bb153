/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtcmp.h - the owner table against a debug kernel's own tracking of one
 * device (its ref_tracker file, kernel/rtfile.h): every difference, by call
 * site.
 */
#ifndef WR_MODEL_RTCMP_H
#define WR_MODEL_RTCMP_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/rtfile.h"
#include "model/owners.h"

struct ksyms;

/*
 * A call site: the first frames above the get, its tracking and the
 * drivers' API layers, as %pS prints them ("sim_leaky_path+0x2e/0x60
 * [wakeref_sim]").  Three frames tell apart the callers that share a
 * helper; a stack the kernel cut shorter matches on what it has.
 */
#define WR_RTCMP_KEY_FRAMES	3

struct wr_rtcmp_row {
	char key[WR_RTCMP_KEY_FRAMES][WR_RT_FRAME_LEN];
	uint32_t nr_key;
	uint32_t kernel;	/* trackers the kernel holds with this call site */
	uint32_t wakeref;	/* owners wakeref holds */
};

struct wr_rtcmp {
	uint32_t kernel_total;		/* M */
	uint32_t kernel_skipped;	/* held but not listed: those cannot be compared */
	uint64_t wakeref_total;
	size_t nr, nr_diff;		/* rows; rows whose counts differ */
	struct wr_rtcmp_row *v;
};

/* Compare device D's owners with KF; 0, or -1 out of memory. */
int rtcmp__compare(const struct wr_rt_file *kf, const struct wr_device *d,
		   const struct ksyms *ks, struct wr_rtcmp *out);
void rtcmp__free(struct wr_rtcmp *c);

#endif
