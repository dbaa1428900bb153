// SPDX-License-Identifier: GPL-2.0
/*
 * rtcmp.c - compare the owner table with a debug kernel's ref_tracker file
 * (rtcmp.h).  Both stacks are cut to their call site the same way: the
 * leading frames that are ref_tracker's and the driver's tracking, the
 * get's inner functions, the traced entry points and API layers
 * (drivers/reftracker.c, drivers/layers.c) are dropped, on either side.
 * wakeref's stack also loses a frame the tracer put back after a tail call
 * (a function's first byte, +0x0: a return address never is), which the
 * kernel's unwinder does not see either.  BPF frames (a tracer's
 * trampoline, wakeref's own when the kernel saved its stack under fexit)
 * are dropped wherever they are, on either side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/layers.h"
#include "drivers/reftracker.h"
#include "kernel/ksyms.h"
#include "model/rtcmp.h"

static bool skipped_func(const char *func)
{
	return func[0] && (layers__is_api(func) || reftracker__is_internal(func));
}

static void kernel_key(const struct wr_rt_block *b, struct wr_rtcmp_row *r)
{
	uint32_t i = 0;

	while (i < b->nr_frames && (b->frames[i].bpf || skipped_func(b->frames[i].func)))
		i++;
	for (r->nr_key = 0; i < b->nr_frames && r->nr_key < WR_RTCMP_KEY_FRAMES; i++)
		if (!b->frames[i].bpf)
			snprintf(r->key[r->nr_key++], WR_RT_FRAME_LEN, "%s", b->frames[i].text);
}

static void owner_key(const struct wr_owner *o, const struct ksyms *ks, struct wr_rtcmp_row *r)
{
	bool above = false;
	uint32_t i;

	r->nr_key = 0;
	for (i = 0; i < o->nr_frames && r->nr_key < WR_RTCMP_KEY_FRAMES; i++) {
		const struct ksym *s = ksyms__find(ks, o->frames[i]);

		if (s && o->frames[i] == s->addr)
			continue;	/* put back after a tail call */
		if (ksym__is_bpf(s))
			continue;
		if (!above && s && skipped_func(s->name))
			continue;
		above = true;
		ksyms__snprint(ks, o->frames[i], r->key[r->nr_key++], WR_RT_FRAME_LEN);
	}
}

/* the same call site: equal on the frames both have (an empty key only on another) */
static bool same_site(const struct wr_rtcmp_row *a, const struct wr_rtcmp_row *b)
{
	uint32_t n = a->nr_key < b->nr_key ? a->nr_key : b->nr_key, i;

	if (!n)
		return a->nr_key == b->nr_key;
	for (i = 0; i < n; i++)
		if (strcmp(a->key[i], b->key[i]))
			return false;
	return true;
}

static struct wr_rtcmp_row *row_of(struct wr_rtcmp *c, const struct wr_rtcmp_row *k)
{
	struct wr_rtcmp_row *v;
	size_t i;

	for (i = 0; i < c->nr; i++)
		if (same_site(&c->v[i], k))
			return &c->v[i];
	v = realloc(c->v, (c->nr + 1) * sizeof(*v));
	if (!v)
		return NULL;
	c->v = v;
	v = &c->v[c->nr++];
	*v = *k;
	v->kernel = v->wakeref = 0;
	return v;
}

int rtcmp__compare(const struct wr_rt_file *kf, const struct wr_device *d,
		   const struct ksyms *ks, struct wr_rtcmp *out)
{
	struct wr_rtcmp_row *k = malloc(sizeof(*k)), *r;
	const struct wr_owner *o;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!k)
		return -1;
	out->kernel_total = kf->total;
	out->kernel_skipped = kf->skipped;
	for (i = 0; i < kf->nr; i++) {
		kernel_key(&kf->v[i], k);
		r = row_of(out, k);
		if (!r)
			goto oom;
		r->kernel += kf->v[i].users;
	}
	for (o = d ? d->head : NULL; o; o = o->next) {
		owner_key(o, ks, k);
		r = row_of(out, k);
		if (!r)
			goto oom;
		r->wakeref++;
		out->wakeref_total++;
	}
	for (i = 0; i < out->nr; i++)
		out->nr_diff += out->v[i].kernel != out->v[i].wakeref;
	free(k);
	return 0;
oom:
	free(k);
	rtcmp__free(out);
	return -1;
}

void rtcmp__free(struct wr_rtcmp *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}
