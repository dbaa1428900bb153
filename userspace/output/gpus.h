/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gpus.h - the verdict per GPU, first in every report: can it suspend, and if
 * not, why (one reason a line) and who holds it, from the state read at once
 * (model/gpustate.h) and the owners seen since attach.
 */
#ifndef WR_OUTPUT_GPUS_H
#define WR_OUTPUT_GPUS_H

#include <stdio.h>

#include "model/gpustate.h"
#include "model/owners.h"

struct jw;
struct ksyms;

/* The verdict of G: "cannot suspend: 2 wakerefs held, oldest 1.2 s, by F (pid 9 sh)". */
void gpus__verdict(char *buf, size_t len, const struct wr_gpu_state *g,
		   const struct wr_owners *ot, const struct ksyms *ks, uint64_t now_ns);
/* Per GPU its verdict line, its reasons and its state; OT may be NULL. */
void gpus__print_text(FILE *out, const struct wr_gpu_states *s, const struct wr_owners *ot,
		      const struct ksyms *ks, uint64_t now_ns);
/* "gpus": [...] into an open object. */
void gpus__print_json(struct jw *w, const struct wr_gpu_states *s, const struct wr_owners *ot,
		      const struct ksyms *ks, uint64_t now_ns);
/* Without the state: one line per device of the owner table, who holds it. */
void gpus__print_owner_verdicts(FILE *out, const struct wr_owners *ot, const struct ksyms *ks,
				uint64_t now_ns);
/* GPUs that stay awake with something holding them. */
int gpus__stuck(const struct wr_gpu_states *s);

#endif
