/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracer_int.h - what the tracer's own files share (see tracer.h); no
 * other layer includes it.
 */
#ifndef WR_ATTACH_TRACER_INT_H
#define WR_ATTACH_TRACER_INT_H

#include <stdbool.h>

#include "attach/tracer.h"

struct ksyms;
struct bpf_object_open_opts;
struct bpf_program;

/* tracer.c: no map, no program known yet (-1 each). */
void tracer__init_fds(struct tracer *t);

/*
 * programs.c: the section handlers that load each fentry/fexit program
 * against its target, registered for this tracer from start to stop.
 */
int tracer__register_targets(struct tracer *t);
void tracer__unregister_targets(struct tracer *t);
/*
 * programs.c: load only the programs the plan's modes use, each fentry/fexit
 * one against its function; fill the per-hook table.  *LEARN: a traced
 * module has no BTF, its devices are learnt from the PM core.
 */
int tracer__configure_programs(struct tracer *t, bool *learn);

/*
 * split_load.c: the skeleton's object creates the maps, two more load the
 * programs it was set to load, half each, on two threads;
 * tracer__load_split() starts them (0 or -errno).  tracer__load_more()
 * waits until more programs are loaded: false once both halves are done.
 * tracer__load_wait(): both done, 0 or the first -errno.
 * tracer__load_progress(): the section handler says NEXT loads now, so
 * the programs before it are loaded.  tracer__prog(): the program NAME if
 * loaded so far (NULL: not yet, none, or past the start);
 * tracer__close_halves(): both closed, at the end of a start (every link
 * holds its program; the rows' fds are duplicated, attach.c).
 */
int tracer__load_split(struct tracer *t, const struct bpf_object_open_opts *o);
bool tracer__load_more(struct tracer *t);
int tracer__load_wait(struct tracer *t);
void tracer__load_progress(struct tracer *t, const struct bpf_program *next);
struct bpf_program *tracer__prog(const struct tracer *t, const char *name);
void tracer__close_halves(struct tracer *t);
/*
 * attach.c: the rows not attached yet whose programs are loaded
 * (tracer__prog()); a refusal is kept for tracer__attach_programs(), which
 * attaches the rest and decides.
 */
void tracer__attach_ready(struct tracer *t, bool learn);
/* attach.c: every row in its mode; -EAGAIN when the plan moved rows and wants a reload. */
int tracer__attach_programs(struct tracer *t, bool learn);
/*
 * attach_multi.c: the object rows of the plan in one kprobe_multi link per
 * program, once it is loaded; each row's attach_tried/err/took filled.
 * tracer__multi_refused(): the kernel refused a link as a whole (not one
 * row's address): the rows are planned a link each, for a reload.
 */
void tracer__attach_multi(struct tracer *t);
bool tracer__multi_refused(struct tracer *t);
/* attach_multi.c: does this kernel's kprobe_multi hold the modules it probes? */
bool tracer__multi_usable(struct tracer *t);

/* rings.c: the ring buffers, once the map fds are known. */
int tracer__open_rings(struct tracer *t);
/*
 * The kernel's BTF is read while starting only (the plan, the programs'
 * targets and CO-RE, the unwinder's layouts); kept, vmlinux's alone was
 * about 6 MiB of a daemon's RSS: closed once started.
 */
void tracer__drop_btf(struct tracer *t);

/* tracer_unwind.c: the fast unwinder, once the programs are attached; gone; its -v summary. */
void tracer__start_unwinder(struct tracer *t, const struct ksyms *ks);
void tracer__stop_unwinder(struct tracer *t);
void tracer__say_unwinder(struct tracer *t);

/* uf_listed.c: once attached, the userfault lists of every GPU as they are now. */
void tracer__read_uf_lists(struct tracer *t);

#endif
