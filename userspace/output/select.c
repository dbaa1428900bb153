// SPDX-License-Identifier: GPL-2.0
/* select.c - --device and --pid (see select.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "output/select.h"

static bool dev_passes(const struct wr_selection *sel, const char *name)
{
	return !sel->device || !strcmp(sel->device, name);
}

bool select__event(const struct wr_selection *sel, const char *dev, uint32_t pid, uint32_t tgid)
{
	if (!select__any(sel))
		return true;
	return dev_passes(sel, dev) && (!sel->pid || sel->pid == pid || sel->pid == tgid);
}

/* The copy of device D among the NR copied, or NULL when it was left out. */
static const struct wr_device *copy_of(const struct wr_device *d, struct wr_device *copies,
				       size_t nr)
{
	size_t i;

	for (i = 0; d && i < nr; i++)
		if (copies[i].obj == d->obj && !strcmp(copies[i].name, d->name))
			return &copies[i];
	return NULL;
}

int select__owners(const struct wr_owners *ot, const struct wr_gpu_states *gpus,
		   const struct wr_selection *sel, struct wr_selected *out)
{
	const struct wr_history *h = &ot->history;
	size_t nr_dev = 0, nr_own = 0, i, k = 0;
	const struct wr_device *d;
	const struct wr_owner *o;
	struct wr_device *devs;
	struct wr_owner *owns;
	struct wr_hold *holds;
	struct wr_sample *samples;
	char *mem;

	memset(out, 0, sizeof(*out));
	for (d = ot->devices; d; d = d->next) {
		nr_dev++;
		for (o = d->head; o; o = o->next)
			nr_own++;
	}
	mem = calloc(1, nr_dev * sizeof(*devs) + nr_own * sizeof(*owns) +
			h->nr_holds * sizeof(*holds) + h->nr_samples * sizeof(*samples) + 1);
	if (!mem)
		return -ENOMEM;
	out->mem = mem;
	devs = (struct wr_device *)mem;
	owns = (struct wr_owner *)(devs + nr_dev);
	holds = (struct wr_hold *)(owns + nr_own);
	samples = (struct wr_sample *)(holds + h->nr_holds);
	out->ot = *ot;
	out->ot.devices = NULL;
	nr_dev = 0;
	for (d = ot->devices; d; d = d->next) {
		struct wr_device *c;

		if (!dev_passes(sel, d->name))
			continue;
		c = &devs[nr_dev];
		*c = *d;
		c->next = NULL;
		c->head = c->tail = NULL;
		c->nr_owners = 0;
		if (nr_dev)
			devs[nr_dev - 1].next = c;
		else
			out->ot.devices = c;
		nr_dev++;
		for (o = d->head; o; o = o->next) {
			struct wr_owner *oc;

			if (sel->pid && o->pid != sel->pid && o->task->tgid != sel->pid)
				continue;
			oc = &owns[k++];
			*oc = *o;
			oc->next = NULL;
			oc->prev = c->tail;
			if (c->tail)
				c->tail->next = oc;
			else
				c->head = oc;
			c->tail = oc;
			c->nr_owners++;
		}
	}
	/* the history: of the devices kept (and of the task), pointing at their copies */
	out->ot.history.holds = holds;
	out->ot.history.samples = samples;
	out->ot.history.nr_holds = out->ot.history.nr_samples = 0;
	for (i = 0; i < h->nr_holds; i++) {
		const struct wr_device *c = copy_of(h->holds[i].dev, devs, nr_dev);

		if (!c || (sel->pid && h->holds[i].pid != sel->pid))
			continue;
		holds[out->ot.history.nr_holds] = h->holds[i];
		holds[out->ot.history.nr_holds++].dev = c;
	}
	for (i = 0; i < h->nr_samples; i++) {
		const struct wr_device *c = copy_of(h->samples[i].dev, devs, nr_dev);

		if (!c)
			continue;
		samples[out->ot.history.nr_samples] = h->samples[i];
		samples[out->ot.history.nr_samples++].dev = c;
	}
	out->ot.history.cap_holds = out->ot.history.nr_holds;
	out->ot.history.cap_samples = out->ot.history.nr_samples;
	out->ot.spare = NULL;
	out->ot.nr_spare = 0;
	if (gpus) {
		out->gpus = *gpus;
		out->gpus.nr = 0;
		for (i = 0; i < (size_t)gpus->nr; i++)
			if (dev_passes(sel, gpus->v[i].sys.name))
				out->gpus.v[out->gpus.nr++] = gpus->v[i];
	}
	return 0;
}

void select__free(struct wr_selected *out)
{
	free(out->mem);
	memset(out, 0, sizeof(*out));
}
