/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmsg.h - the kernel log's records written after a point (/dev/kmsg), with
 * their times on CLOCK_MONOTONIC, the clock of wakeref's events.  printk
 * stamps records with local_clock(), which may run apart from
 * CLOCK_MONOTONIC: at open, wakeref writes a record of its own between two
 * reads of CLOCK_MONOTONIC and takes the difference from its stamp.
 */
#ifndef WR_KERNEL_KMSG_H
#define WR_KERNEL_KMSG_H

#include <stdbool.h>
#include <stdint.h>

struct wr_kmsg {
	int fd;
	int64_t offset_ns;	/* CLOCK_MONOTONIC minus the log's clock */
	bool synced;		/* offset measured (else 0: the clocks taken as one) */
};

/* From now on; 0, or -errno (said why). */
int kmsg__open(struct wr_kmsg *k);
/* Each record since open or the last call: FN(CTX, monotonic ns, message); 0 or FN's error. */
int kmsg__read(struct wr_kmsg *k, int (*fn)(void *ctx, uint64_t ts_ns, const char *msg),
	       void *ctx);
void kmsg__close(struct wr_kmsg *k);

#endif
