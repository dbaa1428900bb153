// SPDX-License-Identifier: GPL-2.0
/*
 * split_load.c - the programs loaded in two halves at once, and each
 * program known as loaded as soon as it is, so that its row attaches while
 * the others are still verified.  Under emulation loading is the verifier's
 * CPU work (about 2 s of a 5-7 s `ci -- true`, 40 programs one after the
 * other in one libbpf object) and attaching is the kernel's, one link at a
 * time (20-30 ms each, under one lock); in turn they add up, side by side
 * the longer one is what is left.
 *
 * So the skeleton's object creates the maps alone (no program loads), and
 * two more objects opened from the same ELF bytes, each reusing every map,
 * load half of the programs each on a thread of its own.  libbpf loads an
 * object's programs in table order and calls our fentry/fexit section
 * handler (programs.c) before each: every program before that one is
 * loaded, which tracer__load_progress() publishes.  The caller's thread
 * attaches meanwhile (tracer__load_more(), tracer__prog()).  The skeleton
 * keeps the maps and the mmapped .rodata and .bss.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "lib/clock.h"
#include "lib/log.h"
#include "attach/tracer_int.h"
#include "wakeref.skel.h"

#define MAX_PROGS (WR_HOOK__COUNT * 2 + WR_TAIL_SLOTS + 8)

struct half {
	struct bpf_object *obj;
	struct bpf_program *order[MAX_PROGS];	/* its programs, in libbpf's load order */
	int n;
	int loaded;		/* order[0..loaded) are loaded (under mu) */
	bool done;		/* bpf_object__load() returned (under mu) */
	int err;
	bool quiet;		/* the plan is a guess: its failures are not news */
	bool threaded;
	double user, sys;	/* its thread's CPU time in bpf_object__load() */
	pthread_t th;
	struct split_load *l;
};

struct split_load {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct half h[2];
	int seen[2];		/* what the caller's thread may use: order[0..seen) */
	double t0;
	bool joined;
	int err;		/* the first half's error, else the second's */
};

static void *load_half(void *arg)
{
	struct half *h = arg;
	double u0, s0;
	int err;

	clock_thread_cpu_s(&u0, &s0);
	log_set_libbpf_quiet(h->quiet);
	err = bpf_object__load(h->obj);
	log_set_libbpf_quiet(false);
	clock_thread_cpu_s(&h->user, &h->sys);
	h->user -= u0;
	h->sys -= s0;

	pthread_mutex_lock(&h->l->mu);
	h->err = err;
	h->done = true;
	if (!err)
		h->loaded = h->n;
	pthread_cond_signal(&h->l->cv);
	pthread_mutex_unlock(&h->l->mu);
	return NULL;
}

void tracer__load_progress(struct tracer *t, const struct bpf_program *next)
{
	struct split_load *l = t->loading;
	int k, i;

	if (!l)
		return;
	pthread_mutex_lock(&l->mu);
	for (k = 0; k < 2; k++)
		for (i = 0; i < l->h[k].n; i++)
			if (l->h[k].order[i] == next && i > l->h[k].loaded) {
				l->h[k].loaded = i;
				pthread_cond_signal(&l->cv);
			}
	pthread_mutex_unlock(&l->mu);
}

/* A half: the skeleton's ELF opened again, every map the skeleton's own. */
static struct bpf_object *open_half(struct tracer *t, const struct bpf_object_open_opts *o)
{
	const struct bpf_object_skeleton *sk = t->skel->skeleton;
	struct bpf_object_open_opts oo = *o;
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	int err;

	/* the skeleton's name: libbpf names .rodata and .bss after it */
	oo.object_name = sk->name;
	obj = bpf_object__open_mem(sk->data, sk->data_sz, &oo);
	if (!obj)
		return NULL;
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, false);
	bpf_object__for_each_map(map, obj) {
		const struct bpf_map *own = bpf_object__find_map_by_name(t->skel->obj,
									  bpf_map__name(map));

		err = own ? bpf_map__reuse_fd(map, bpf_map__fd(own)) : -ENOENT;
		if (err) {
			log_error("cannot share map %s with a half of the programs: %s\n",
				  bpf_map__name(map), strerror(-err));
			bpf_object__close(obj);
			errno = -err;
			return NULL;
		}
	}
	return obj;
}

/* by size, largest first: the halves' verifier work about even */
static int by_size(const void *a, const void *b)
{
	size_t x = bpf_program__insn_cnt(*(struct bpf_program *const *)a);
	size_t y = bpf_program__insn_cnt(*(struct bpf_program *const *)b);

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The programs the skeleton was set to load, moved to the halves. */
static int share_out(struct tracer *t, const struct bpf_object_open_opts *o,
		     struct split_load *l)
{
	struct bpf_program *want[MAX_PROGS], *prog;
	size_t load[2] = { 0, 0 };
	int n = 0, i, k, err;
	double t0;

	bpf_object__for_each_program(prog, t->skel->obj) {
		if (!bpf_program__autoload(prog))
			continue;
		if (n == MAX_PROGS)
			return -E2BIG;
		want[n++] = prog;
		bpf_program__set_autoload(prog, false);
	}
	/* the skeleton's object: the maps alone */
	t0 = clock_now_s();
	err = wakeref_bpf__load(t->skel);
	if (err)
		return err;
	log_verbose("created the maps in %.2f s\n", clock_now_s() - t0);
	for (k = 0; k < 2 && k < n; k++) {
		t->halves[k] = open_half(t, o);
		if (!t->halves[k])
			return -errno;
	}
	qsort(want, n, sizeof(want[0]), by_size);
	for (i = 0; i < n; i++) {
		k = load[1] < load[0];
		prog = bpf_object__find_program_by_name(t->halves[k],
							bpf_program__name(want[i]));
		if (!prog)
			return -ENOENT;
		bpf_program__set_autoload(prog, true);
		load[k] += bpf_program__insn_cnt(want[i]);
	}
	for (k = 0; k < 2; k++) {
		l->h[k].obj = t->halves[k];
		l->h[k].l = l;
		l->h[k].quiet = t->guessed;
		if (!t->halves[k])
			continue;
		bpf_object__for_each_program(prog, t->halves[k])
			if (bpf_program__autoload(prog))
				l->h[k].order[l->h[k].n++] = prog;
	}
	return 0;
}

int tracer__load_split(struct tracer *t, const struct bpf_object_open_opts *o)
{
	struct split_load *l = calloc(1, sizeof(*l));
	int err, k;

	memset(t->attach_tried, 0, sizeof(t->attach_tried));
	if (!l)
		return -ENOMEM;
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->cv, NULL);
	l->t0 = clock_now_s();
	err = share_out(t, o, l);
	if (err) {
		free(l);
		return err;
	}
	t->loading = l;
	for (k = 0; k < 2; k++) {
		if (!l->h[k].obj)
			l->h[k].done = true;
		else
			l->h[k].threaded = !pthread_create(&l->h[k].th, NULL, load_half, &l->h[k]);
	}
	/* no thread: loaded here, one after the other */
	for (k = 0; k < 2; k++)
		if (l->h[k].obj && !l->h[k].threaded)
			load_half(&l->h[k]);
	return 0;
}

bool tracer__load_more(struct tracer *t)
{
	struct split_load *l = t->loading;
	bool more;
	int k;

	if (!l)
		return false;
	pthread_mutex_lock(&l->mu);
	for (;;) {
		bool news = false, all = true;

		for (k = 0; k < 2; k++) {
			news |= l->h[k].loaded > l->seen[k];
			all &= l->h[k].done;
		}
		if (news || all)
			break;
		pthread_cond_wait(&l->cv, &l->mu);
	}
	more = !(l->h[0].done && l->h[1].done);
	for (k = 0; k < 2; k++)
		l->seen[k] = l->h[k].err ? 0 : l->h[k].loaded;
	pthread_mutex_unlock(&l->mu);
	return more;
}

int tracer__load_wait(struct tracer *t)
{
	struct split_load *l = t->loading;
	int k, err = 0;

	if (!l)
		return 0;
	if (l->joined)
		return l->err;
	while (tracer__load_more(t))
		;
	for (k = 0; k < 2; k++) {
		if (l->h[k].threaded)
			pthread_join(l->h[k].th, NULL);
		l->h[k].threaded = false;
		if (!err)
			err = l->h[k].err;
	}
	log_verbose("loaded the programs in two halves of %d and %d in %.2f s "
		    "(CPU: user %.2f + %.2f s, kernel %.2f + %.2f s)\n", l->h[0].n, l->h[1].n,
		    clock_now_s() - l->t0, l->h[0].user, l->h[1].user, l->h[0].sys, l->h[1].sys);
	l->joined = true;
	l->err = err;
	return err;
}

struct bpf_program *tracer__prog(const struct tracer *t, const char *name)
{
	const struct split_load *l = t->loading;
	int k, i;

	if (!l)
		return NULL;
	for (k = 0; k < 2; k++)
		for (i = 0; i < l->seen[k]; i++)
			if (!strcmp(bpf_program__name(l->h[k].order[i]), name))
				return l->h[k].order[i];
	return NULL;
}

void tracer__close_halves(struct tracer *t)
{
	int k;

	tracer__load_wait(t);
	for (k = 0; k < 2; k++) {
		bpf_object__close(t->halves[k]);
		t->halves[k] = NULL;
	}
	if (t->loading) {
		pthread_mutex_destroy(&t->loading->mu);
		pthread_cond_destroy(&t->loading->cv);
		free(t->loading);
		t->loading = NULL;
	}
}
