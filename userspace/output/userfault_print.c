// SPDX-License-Identifier: GPL-2.0
/*
 * userfault_print.c - the userfault-list view in every report format: text
 * for humans, the oracle's lines for -f owners (tests/sim/sim.h: every list
 * of every device, then its objects in ascending address order), and JSON.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/text.h"
#include "drivers/drivers.h"
#include "lib/json.h"
#include "kernel/ksyms.h"
#include "model/userfault.h"

static const char *const i915_mmap_types[] = { "gtt", "wc", "wb", "uc", "fixed" };

static const char *mmap_type_name(const struct uf_obj *o)
{
	if (o->mmap_type >= 0 && o->mmap_type < (int)(sizeof(i915_mmap_types) /
						       sizeof(i915_mmap_types[0])))
		return i915_mmap_types[o->mmap_type];
	/* lmem objects and xe BOs are mapped through TTM's fault handler */
	return o->list == WR_UF_LIST_GGTT ? "?" : "ttm";
}

static int cmp_dev(const void *a, const void *b)
{
	return strcmp((*(const struct uf_dev *const *)a)->name,
		      (*(const struct uf_dev *const *)b)->name);
}

static int cmp_obj(const void *a, const void *b)
{
	uint64_t x = (*(const struct uf_obj *const *)a)->addr;
	uint64_t y = (*(const struct uf_obj *const *)b)->addr;

	return x < y ? -1 : x > y;
}

/* The devices by name; NULL (nothing printed) when out of memory. */
static const struct uf_dev **sorted_devs(const struct uf_model *m)
{
	const struct uf_dev **v = calloc(m->nr_devs + 1, sizeof(*v));
	size_t i;

	if (!v)
		return NULL;
	for (i = 0; i < m->nr_devs; i++)
		v[i] = &m->devs[i];
	qsort(v, m->nr_devs, sizeof(*v), cmp_dev);
	return v;
}

/* The objects of LIST, by address; *NR set.  NULL when none or out of memory. */
static const struct uf_obj **sorted_objs(const struct uf_dev *d, enum wr_uf_list list,
					 size_t *nr)
{
	const struct uf_obj **v = calloc(d->nr_objs + 1, sizeof(*v));
	size_t i;

	*nr = 0;
	if (!v)
		return NULL;
	for (i = 0; i < d->nr_objs; i++)
		if (d->objs[i].list == list)
			v[(*nr)++] = &d->objs[i];
	qsort(v, *nr, sizeof(*v), cmp_obj);
	return v;
}

static double ago_s(uint64_t now_ns, uint64_t ts_ns)
{
	return now_ns > ts_ns ? (now_ns - ts_ns) / 1e9 : 0.0;
}

/* The stack of a fault, as %pS prints it; BPF frames are the tracer's, not the kernel's. */
static void print_stack(FILE *out, const struct ksyms *ks, const uint64_t *ip, int nr)
{
	char buf[512];
	int i;

	for (i = 0; i < nr; i++) {
		const struct ksym *s = ks ? ksyms__find(ks, ip[i]) : NULL;

		if (s && ksym__is_bpf(s))
			continue;
		ksyms__snprint(ks, ip[i], buf, sizeof(buf));
		fprintf(out, "       %s\n", buf);
	}
}

static void print_obj_text(FILE *out, const struct uf_obj *o, const struct ksyms *ks,
			   uint64_t now_ns)
{
	char safe[WR_SAFE_SIZE(sizeof(o->comm))];

	fprintf(out, "    obj 0x%016" PRIx64 " size %" PRIu64 " mmap %s", o->addr, o->size,
		mmap_type_name(o));
	if (o->count_known)
		fprintf(out, " userfault_count %u", o->userfault_count);
	fprintf(out, ", %u fault%s", o->faults, o->faults == 1 ? "" : "s");
	if (o->origin_known)
		fprintf(out, ", listed %.3fs ago by pid %u [%s]%s%s\n", ago_s(now_ns, o->added_ns),
			o->pid, text__safe(o->comm, safe, sizeof(safe)),
			o->during_suspend ? " DURING SUSPEND" : "",
			o->leftover ? ", LEFT AFTER SUSPEND" : "");
	else
		fprintf(out, ", listed %s, seen %.3fs ago%s\n",
			o->at_attach ? "before tracing (on the list at attach)" :
			"before tracing or by an untraced path", ago_s(now_ns, o->seen_ns),
			o->leftover ? ", LEFT AFTER SUSPEND" : "");
	if (o->origin_known)
		print_stack(out, ks, o->stack, o->nr_frames);
}

static void print_dev_text(FILE *out, const struct uf_dev *d, const struct ksyms *ks,
			   uint64_t now_ns)
{
	char safe[WR_SAFE_SIZE(sizeof(d->last_suspend_fault.comm))];
	const enum wr_uf_list *l;
	int r;

	fprintf(out, "%s: %s userfault lists,", d->name,
		drivers__name(d->driver));
	for (l = uf_driver_lists(d->driver); *l; l++)
		fprintf(out, " %s %zu", uf_list_name(*l), uf_dev_list_count(d, *l));
	fprintf(out, "; %" PRIu64 " faults, %" PRIu64 " added, removed:", d->faults, d->added);
	for (r = 0; r < UF_NR_REASONS; r++)
		fprintf(out, " %" PRIu64 " %s%s", d->removed[r], uf_reason_name(r),
			r + 1 < UF_NR_REASONS ? "," : "");
	fprintf(out, "; %" PRIu64 " runtime suspends\n", d->suspends);
	for (l = uf_driver_lists(d->driver); *l; l++) {
		const struct uf_obj **v;
		size_t nr, i;

		v = sorted_objs(d, *l, &nr);
		for (i = 0; v && i < nr; i++) {
			if (!i)
				fprintf(out, "  %s list:\n", uf_list_name(*l));
			print_obj_text(out, v[i], ks, now_ns);
		}
		free(v);
	}
	if (d->suspends && d->heads_read) {
		fprintf(out, "  after the last runtime suspend (%.3fs ago) the driver's lists were",
			ago_s(now_ns, d->heads_ns));
		for (l = uf_driver_lists(d->driver); *l; l++)
			fprintf(out, " %s %s", uf_list_name(*l),
				d->heads_nonempty & WR_UFF_NONEMPTY(*l) ? "NOT EMPTY" : "empty");
		fputc('\n', out);
	} else if (d->suspends) {
		fprintf(out, "  the driver's list heads could not be read at suspend exit\n");
	}
	if (d->leftovers)
		fprintf(out, "  WARNING: %" PRIu64 " object%s left on a list by runtime suspend: "
			"their mmaps were not revoked\n", d->leftovers, d->leftovers == 1 ? "" : "s");
	if (d->faults_in_suspend)
		fprintf(out, "  WARNING: %" PRIu64 " fault%s while the device runtime suspended, "
			"last: obj 0x%016" PRIx64 " by pid %u [%s] %.3fs ago\n",
			d->faults_in_suspend, d->faults_in_suspend == 1 ? "" : "s",
			d->last_suspend_fault.obj, d->last_suspend_fault.pid,
			text__safe(d->last_suspend_fault.comm, safe, sizeof(safe)),
			ago_s(now_ns, d->last_suspend_fault.ts_ns));
}

void uf_print_text(FILE *out, void *state, const struct ksyms *ks, uint64_t now_ns)
{
	const struct uf_model *m = state;
	const struct uf_dev **v = sorted_devs(m);
	size_t i;

	fprintf(out, "Userfault lists (objects whose CPU mmaps runtime suspend revokes), "
		"since tracing began:\n");
	if (!m->nr_devs)
		fprintf(out, "  no i915 or xe device seen\n");
	for (i = 0; v && i < m->nr_devs; i++)
		print_dev_text(out, v[i], ks, now_ns);
	free(v);
	fprintf(out, "Userfault records: %" PRIu64 ", lost: %u, malformed: %" PRIu64 "\n",
		m->records, m->lost, m->malformed);
	if (m->lost)
		fprintf(out, "WARNING: %u userfault records were lost (ring buffer full): "
			"the lists above may be wrong until each object's next event\n", m->lost);
	fputc('\n', out);
}

void uf_print_lines(FILE *out, void *state, const struct ksyms *ks)
{
	const struct uf_model *m = state;
	const struct uf_dev **v = sorted_devs(m);
	const enum wr_uf_list *l;
	size_t i, k;

	for (i = 0; v && i < m->nr_devs; i++) {
		for (l = uf_driver_lists(v[i]->driver); *l; l++) {
			const struct uf_obj **o;
			size_t nr;

			o = sorted_objs(v[i], *l, &nr);
			fprintf(out, "userfault %s %s count=%zu\n", v[i]->name, uf_list_name(*l),
				nr);
			for (k = 0; o && k < nr; k++)
				fprintf(out, "userfault %s %s obj=0x%016" PRIx64 "\n", v[i]->name,
					uf_list_name(*l), o[k]->addr);
			free(o);
		}
	}
	free(v);
}

static void print_obj_json(struct jw *w, const struct uf_obj *o, const struct ksyms *ks,
			   uint64_t now_ns)
{
	char buf[512];
	int i;

	jw_object(w, NULL);
	jw_hex(w, "address", o->addr);
	jw_u64(w, "size", o->size);
	jw_string(w, "mmap_type", mmap_type_name(o));
	if (o->count_known)
		jw_u64(w, "userfault_count", o->userfault_count);
	jw_u64(w, "faults", o->faults);
	jw_bool(w, "origin_known", o->origin_known);
	if (!o->origin_known)
		jw_bool(w, "listed_at_attach", o->at_attach);
	if (o->origin_known) {
		jw_u64(w, "pid", o->pid);
		jw_u64(w, "tgid", o->tgid);
		jw_string(w, "comm", o->comm);
		jw_double(w, "listed_s", ago_s(now_ns, o->added_ns));
		jw_array(w, "stack");
		for (i = 0; i < o->nr_frames; i++) {
			const struct ksym *s = ks ? ksyms__find(ks, o->stack[i]) : NULL;

			if (s && ksym__is_bpf(s))
				continue;
			ksyms__snprint(ks, o->stack[i], buf, sizeof(buf));
			jw_string(w, NULL, buf);
		}
		jw_end_array(w);
	} else {
		jw_double(w, "listed_s", ago_s(now_ns, o->seen_ns));
	}
	jw_bool(w, "fault_during_suspend", o->during_suspend);
	jw_bool(w, "leftover", o->leftover);
	jw_end_object(w);
}

static void print_dev_json(struct jw *w, const struct uf_dev *d, const struct ksyms *ks,
			   uint64_t now_ns)
{
	const enum wr_uf_list *l;
	int r;

	jw_object(w, NULL);
	jw_string(w, "name", d->name);
	jw_string(w, "driver", drivers__name(d->driver));
	jw_u64(w, "faults", d->faults);
	jw_u64(w, "added", d->added);
	jw_object(w, "removed");
	for (r = 0; r < UF_NR_REASONS; r++)
		jw_u64(w, uf_reason_name(r), d->removed[r]);
	jw_end_object(w);
	jw_u64(w, "suspends", d->suspends);
	jw_bool(w, "suspending", d->suspending);
	jw_u64(w, "faults_during_suspend", d->faults_in_suspend);
	jw_u64(w, "leftovers", d->leftovers);
	if (d->suspends) {
		jw_object(w, "last_suspend");
		jw_double(w, "ago_s", ago_s(now_ns, d->heads_ns));
		jw_bool(w, "heads_read", d->heads_read);
		for (l = uf_driver_lists(d->driver); d->heads_read && *l; l++) {
			char key[32];

			snprintf(key, sizeof(key), "%s_empty", uf_list_name(*l));
			jw_bool(w, key, !(d->heads_nonempty & WR_UFF_NONEMPTY(*l)));
		}
		jw_end_object(w);
	}
	jw_array(w, "lists");
	for (l = uf_driver_lists(d->driver); *l; l++) {
		const struct uf_obj **v;
		size_t nr, i;

		v = sorted_objs(d, *l, &nr);
		jw_object(w, NULL);
		jw_string(w, "list", uf_list_name(*l));
		jw_u64(w, "count", nr);
		jw_array(w, "objects");
		for (i = 0; v && i < nr; i++)
			print_obj_json(w, v[i], ks, now_ns);
		jw_end_array(w);
		jw_end_object(w);
		free(v);
	}
	jw_end_array(w);
	jw_end_object(w);
}

void uf_print_json(struct jw *w, void *state, const struct ksyms *ks, uint64_t now_ns)
{
	const struct uf_model *m = state;
	const struct uf_dev **v = sorted_devs(m);
	size_t i;

	jw_u64(w, "records", m->records);
	jw_u64(w, "lost", m->lost);
	jw_u64(w, "malformed", m->malformed);
	jw_bool(w, "state_may_be_wrong", m->lost != 0);
	jw_u64(w, "anomalies", uf_model_anomalies(m));
	jw_array(w, "devices");
	for (i = 0; v && i < m->nr_devs; i++)
		print_dev_json(w, v[i], ks, now_ns);
	jw_end_array(w);
	free(v);
}
