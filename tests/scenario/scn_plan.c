// SPDX-License-Identifier: GPL-2.0
/*
 * scn_plan.c - complete a parsed scenario with what it leaves implicit, and
 * check that its lifecycle operations come in an order that can run:
 *
 *   - a scenario that does not start with "load" is loaded with the sim's
 *     defaults before its first line;
 *   - a scenario with no "attach" attaches wakeref right after each load;
 *   - "unload" with wakeref attached detaches it first (the final report);
 *   - at the end, wakeref is detached and the sim unloaded if they still are.
 *
 * Implicit operations have @implicit set and @line 0 (before the first line),
 * the line of the operation that needs them, or nr_lines + 1 (the end).
 * Errors: operations on the sim when it is not loaded, a checkpoint without
 * wakeref attached, loading twice, attaching twice, ...
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scn.h"

struct scn_state {
	struct scn *s;
	struct scn_op *out;
	size_t nr_out;
	size_t *map;			/* old index -> new index */
	bool has_attach;
	bool loaded, attached;
	unsigned int loaded_at;		/* line of the load: 0 for the default one */
	unsigned int unloaded_at;	/* line of the last unload, or 0 */
	unsigned int attached_at;	/* line of the attach */
	unsigned int detached_at;	/* line of the last detach, or 0 */
};

static void scn_emit(struct scn_state *st, const struct scn_op *op)
{
	st->out[st->nr_out++] = *op;
}

static void scn_emit_implicit(struct scn_state *st, enum scn_kind kind, unsigned int line)
{
	struct scn_op op = { .kind = kind, .line = line, .implicit = true };

	op.argv = calloc(1, sizeof(char *));
	op.text = strdup(scn_kind_name(kind));
	if (!op.argv || !op.text)
		st->s->oom = true;
	scn_emit(st, &op);
}

static void scn_do_load(struct scn_state *st, const struct scn_op *op, unsigned int line)
{
	if (op)
		scn_emit(st, op);
	else
		scn_emit_implicit(st, SCN_LOAD, line);
	st->loaded = true;
	st->loaded_at = op ? line : 0;
	if (!st->has_attach) {
		scn_emit_implicit(st, SCN_ATTACH, line);
		st->attached = true;
		st->attached_at = line;
	}
}

/* Why the sim is not loaded at this point, for an error message. */
static const char *scn_why_unloaded(const struct scn_state *st, char *buf, size_t size)
{
	snprintf(buf, size, "line %u unloaded it", st->unloaded_at);
	return buf;
}

static void scn_plan_op(struct scn_state *st, size_t i)
{
	struct scn *s = st->s;
	const struct scn_op *op = &s->ops[i];
	char why[64];

	switch (op->kind) {
	case SCN_LOAD:
		if (!st->loaded) {
			scn_do_load(st, op, op->line);
			return;
		}
		if (st->loaded_at)
			scn_error(s, op->line,
				  "'load': the simulated driver is already loaded (line %u)",
				  st->loaded_at);
		else
			scn_error(s, op->line,
				  "'load': the simulated driver is already loaded, with defaults, because the scenario does not start with 'load'");
		break;
	case SCN_UNLOAD:
		if (!st->loaded) {
			scn_error(s, op->line, "'unload': the simulated driver is not loaded (%s)",
				  scn_why_unloaded(st, why, sizeof(why)));
			break;
		}
		if (st->attached) {
			scn_emit_implicit(st, SCN_DETACH, op->line);
			st->attached = false;
			st->detached_at = op->line;
		}
		st->loaded = false;
		st->unloaded_at = op->line;
		break;
	case SCN_ATTACH:
		if (!st->loaded)
			scn_error(s, op->line, "'attach' needs the simulated driver loaded (%s)",
				  scn_why_unloaded(st, why, sizeof(why)));
		else if (st->attached)
			scn_error(s, op->line, "'attach': wakeref is already attached (line %u)",
				  st->attached_at);
		st->attached = true;
		st->attached_at = op->line;
		break;
	case SCN_DETACH:
		if (!st->attached)
			scn_error(s, op->line, "'detach': wakeref is not attached");
		st->attached = false;
		st->detached_at = op->line;
		break;
	case SCN_DRIVER:
		if (!st->loaded)
			scn_error(s, op->line, "'%s' needs the simulated driver loaded (%s)",
				  op->text, scn_why_unloaded(st, why, sizeof(why)));
		break;
	case SCN_CHECKPOINT:
		if (st->attached)
			break;
		if (st->detached_at)
			scn_error(s, op->line,
				  "'checkpoint' needs wakeref attached (line %u detached it)",
				  st->detached_at);
		else
			scn_error(s, op->line,
				  "'checkpoint' needs wakeref attached: put 'attach' before it");
		break;
	default:
		break;
	}
	st->map[i] = st->nr_out;
	scn_emit(st, op);
}

/*
 * Add the implicit operations to @s and check the order of load, attach,
 * detach and unload.  Returns 0, -EINVAL (errors in @s->errors) or -ENOMEM.
 * The parsed ops are moved, not copied: scn_free() frees them once.
 */
int scn_plan(struct scn *s)
{
	struct scn_state st = { .s = s };
	size_t i, nr_in = s->nr_ops;

	/* each op adds at most one implicit op, plus load, attach, detach, unload */
	st.out = calloc(2 * nr_in + 4, sizeof(*st.out));
	st.map = calloc(nr_in + 1, sizeof(*st.map));
	if (!st.out || !st.map) {
		free(st.out);
		free(st.map);
		s->oom = true;
		return -ENOMEM;
	}
	for (i = 0; i < nr_in; i++)
		st.has_attach |= s->ops[i].kind == SCN_ATTACH;

	if (!nr_in || s->ops[0].kind != SCN_LOAD)
		scn_do_load(&st, NULL, 0);
	for (i = 0; i < nr_in; i++)
		scn_plan_op(&st, i);
	if (st.attached)
		scn_emit_implicit(&st, SCN_DETACH, s->nr_lines + 1);
	if (st.loaded)
		scn_emit_implicit(&st, SCN_UNLOAD, s->nr_lines + 1);

	for (i = 0; i < st.nr_out; i++)
		if (st.out[i].kind == SCN_REPEAT || st.out[i].kind == SCN_END)
			st.out[i].match = st.map[st.out[i].match];
	free(s->ops);
	free(st.map);
	s->ops = st.out;
	s->nr_ops = st.nr_out;
	s->cap_ops = 2 * nr_in + 4;
	if (s->oom)
		return -ENOMEM;
	return s->nr_errors ? -EINVAL : 0;
}
