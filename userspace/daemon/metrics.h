/* SPDX-License-Identifier: GPL-2.0 */
/* metrics.h - per-device figures in the Prometheus text exposition format. */
#ifndef WR_METRICS_H
#define WR_METRICS_H

#include <stdint.h>
#include <stdio.h>

#include "model/owners.h"
#include "output/report.h"

struct wr_view_set;

/* The owners' figures, the losses, and the anomalies of the views VS (may be NULL). */
void metrics__write(FILE *out, const struct wr_owners *ot, const struct wr_view_set *vs,
		    const struct wr_loss *loss, uint64_t now_ns);
/* Write to PATH atomically (a temporary file renamed), for node_exporter. */
int metrics__write_file(const char *path, const struct wr_owners *ot,
			const struct wr_view_set *vs, const struct wr_loss *loss, uint64_t now_ns);

#endif
