// SPDX-License-Identifier: GPL-2.0
/* views.c - the registry of state views (see view.h) and their fan-out. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "model/userfault.h"
#include "model/svm.h"
#include "model/view.h"
#include "wakeref.h"

/* Each view defines its ops in its own file (userfault.c, svm_report.c). */
const struct wr_view_ops *const wr_views[] = {
	&wr_userfault_view,
	&wr_svm_view,
	NULL
};

unsigned int views__all_features(void)
{
	unsigned int f = 0;
	int i;

	for (i = 0; wr_views[i]; i++)
		f |= wr_views[i]->feature;
	return f;
}

const struct wr_view_ops *views__find(const char *name)
{
	int i;

	for (i = 0; wr_views[i]; i++)
		if (!strcmp(wr_views[i]->name, name))
			return wr_views[i];
	return NULL;
}

static int create(struct wr_view_set *vs, unsigned int features, bool seed)
{
	int i;

	memset(vs, 0, sizeof(*vs));
	for (i = 0; wr_views[i] && vs->nr < WR_MAX_VIEWS; i++) {
		if (!(wr_views[i]->feature & features))
			continue;
		vs->state[vs->nr] = wr_views[i]->create(seed);
		if (!vs->state[vs->nr]) {
			views__destroy(vs);
			return -ENOMEM;
		}
		vs->ops[vs->nr++] = wr_views[i];
		vs->features |= wr_views[i]->feature;
	}
	return 0;
}

int views__create(struct wr_view_set *vs, unsigned int features)
{
	return create(vs, features, true);
}

int views__create_unseeded(struct wr_view_set *vs, unsigned int features)
{
	return create(vs, features, false);
}

void views__destroy(struct wr_view_set *vs)
{
	int i;

	for (i = 0; i < vs->nr; i++)
		vs->ops[i]->destroy(vs->state[i]);
	memset(vs, 0, sizeof(*vs));
}

void views__record(struct wr_view_set *vs, unsigned int feature, const void *data, size_t size)
{
	int i;

	for (i = 0; i < vs->nr; i++)
		if (vs->ops[i]->feature == feature)
			vs->ops[i]->on_record(vs->state[i], data, size);
}

void views__print_text(FILE *out, const struct wr_view_set *vs, const struct ksyms *ks,
		       uint64_t now_ns)
{
	int i;

	for (i = 0; vs && i < vs->nr; i++)
		vs->ops[i]->print_text(out, vs->state[i], ks, now_ns);
}

void views__print_lines(FILE *out, const struct wr_view_set *vs, const struct ksyms *ks)
{
	int i;

	for (i = 0; vs && i < vs->nr; i++)
		vs->ops[i]->print_lines(out, vs->state[i], ks);
}

void views__print_json(struct jw *w, const struct wr_view_set *vs, const struct ksyms *ks,
		       uint64_t now_ns)
{
	int i;

	for (i = 0; vs && i < vs->nr; i++) {
		jw_object(w, vs->ops[i]->name);
		vs->ops[i]->print_json(w, vs->state[i], ks, now_ns);
		jw_end_object(w);
	}
}

void view__answer(const struct wr_view_set *vs, const char *name, const char *format,
		  const struct ksyms *ks, uint64_t now_ns, FILE *out)
{
	struct jw w;
	int i;

	for (i = 0; i < vs->nr; i++)
		if (!strcmp(vs->ops[i]->name, name))
			break;
	if (i == vs->nr) {
		fprintf(out, "error: %s is %s\n", name, views__find(name) ?
			"not traced by this session" : "no view (userfault, svm)");
		return;
	}
	if (!format[0] || !strcmp(format, "text")) {
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);

		if (!m) {
			vs->ops[i]->print_text(out, vs->state[i], ks, now_ns);
			return;
		}
		vs->ops[i]->print_text(m, vs->state[i], ks, now_ns);
		fclose(m);
		/* asked for it alone, a view says why it has nothing, never nothing */
		if (!len)
			fprintf(out, "%s: nothing to show: no device bound has this state, and no "
				"record was traced\n", name);
		else
			fwrite(text, 1, len, out);
		free(text);
		return;
	}
	if (strcmp(format, "json")) {
		fprintf(out, "error: unknown format '%s' (text, json)\n", format);
		return;
	}
	jw_init(&w, out);
	jw_object(&w, NULL);
	jw_u64(&w, "version", 1);
	jw_object(&w, name);
	vs->ops[i]->print_json(&w, vs->state[i], ks, now_ns);
	jw_end_object(&w);
	jw_end_object(&w);
	fputc('\n', out);
}

struct snap_ctx {
	void (*emit)(void *ctx, unsigned int feature, const void *rec, size_t size);
	void *ctx;
	unsigned int feature;
};

static void emit_one(void *ctx, const void *rec, size_t size)
{
	struct snap_ctx *sc = ctx;

	sc->emit(sc->ctx, sc->feature, rec, size);
}

unsigned int views__snapshot(const struct wr_view_set *vs,
			     void (*emit)(void *ctx, unsigned int feature, const void *rec,
					  size_t size), void *ctx)
{
	struct snap_ctx sc = { .emit = emit, .ctx = ctx };
	unsigned int missing = 0;
	int i;

	for (i = 0; i < vs->nr; i++) {
		if (!vs->ops[i]->snapshot) {
			missing |= vs->ops[i]->feature;
			continue;
		}
		sc.feature = vs->ops[i]->feature;
		vs->ops[i]->snapshot(vs->state[i], emit_one, &sc);
	}
	return missing;
}

int views__frames(const struct wr_view_set *vs, unsigned int feature, const void *data,
		  size_t size, const uint64_t **stack)
{
	int i;

	for (i = 0; vs && i < vs->nr; i++)
		if (vs->ops[i]->feature == feature && vs->ops[i]->frames)
			return vs->ops[i]->frames(data, size, stack);
	return 0;
}

int views__nr_anomalies(const struct wr_view_set *vs, uint64_t now_ns)
{
	int i, n = 0;

	for (i = 0; vs && i < vs->nr; i++)
		n += vs->ops[i]->nr_anomalies(vs->state[i], now_ns);
	return n;
}
