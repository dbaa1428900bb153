/* SPDX-License-Identifier: GPL-2.0 */
/* replay.h - rebuild the owner table from a recording, as live tracing does. */
#ifndef WR_REPLAY_H
#define WR_REPLAY_H

#include <stdbool.h>

#include "model/owners.h"
#include "model/view.h"
#include "record/recfile.h"

struct ksyms;

struct wr_replay {
	struct wr_owners *ot;
	struct ksyms *ks;
	struct wr_rec_info info;
	struct wr_view_set views;	/* those the recording traced, rebuilt */
};

/* 0, or -errno with the reason on stderr; KEEP: the history the report needs. */
int replay__file(const char *path, enum wr_keep keep, struct wr_replay *r);
void replay__free(struct wr_replay *r);

#endif
