// SPDX-License-Identifier: GPL-2.0
/*
 * scn_plan.c - complete a parsed scenario with what it leaves implicit, and
 * check that its lifecycle operations come in an order that can run:
 *
 *   - a scenario that does not start with "load" is loaded with the sim's
 *     defaults before its first line;
 *   - a scenario with no "attach" attaches wakeref right after each load;
 *   - "unload" with wakeref attached detaches it first (the final report);
 *   - user processes still running at an "unload" or at the end are killed
 *     ("user_exit SLOT kill") before wakeref is detached and the sim unloaded;
 *   - at the end, wakeref is detached and the sim unloaded if they still are.
 *
 * Implicit operations have @implicit set and @line 0 (before the first line),
 * the line of the operation that needs them, or nr_lines + 1 (the end).
 * Errors: operations on the sim when it is not loaded, a checkpoint without
 * wakeref attached, loading twice, attaching twice, a user process started
 * while its name is still running or told something when it is not, a
 * "repeat" block that leaves user processes otherwise than it found them ...
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scn.h"

/* A user process name's state at a point of the plan. */
struct scn_proc_state {
	unsigned int started_at;	/* line of the "user" running it, or 0 */
	unsigned int ended_at;		/* line that ended the last one, or 0 */
	bool killed_by_unload;		/* ... an unload, not a user_exit */
	enum scn_user_mode mode;
};

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
	struct scn_proc_state *procs;	/* by slot */
	unsigned int nr_alive;
	/* the processes' states at each open repeat, to compare at its end */
	struct scn_proc_state *at_repeat[SCN_MAX_DEPTH];
	unsigned int depth;
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

/* "user_exit SLOT kill" of every running user process, before @line's unload or the end */
static void scn_kill_procs(struct scn_state *st, unsigned int line)
{
	struct scn *s = st->s;
	unsigned int i;

	for (i = 0; i < s->nr_slots; i++) {
		struct scn_op op = { .kind = SCN_USER_EXIT, .line = line, .implicit = true,
				     .slot = i, .kill = true, .argc = 1 };

		if (!st->procs[i].started_at)
			continue;
		op.argv = calloc(2, sizeof(char *));
		if (op.argv)
			op.argv[0] = strdup(s->slots[i]);
		if (asprintf(&op.text, "user_exit %s kill", s->slots[i]) < 0)
			op.text = NULL;
		if (!op.argv || !op.argv[0] || !op.text)
			s->oom = true;
		scn_emit(st, &op);
		st->procs[i].started_at = 0;
		st->procs[i].ended_at = line;
		st->procs[i].killed_by_unload = true;
	}
	st->nr_alive = 0;
}

/* Why user process @slot is not running, for an error message. */
static const char *scn_why_no_proc(const struct scn_state *st, unsigned int slot, char *buf,
				   size_t size)
{
	const struct scn_proc_state *ps = &st->procs[slot];
	const char *name = st->s->slots[slot];

	if (!ps->ended_at)
		snprintf(buf, size, "no process '%s' is running: start it with 'user %s ...' first",
			 name, name);
	else if (ps->killed_by_unload)
		snprintf(buf, size, "process '%s' was killed by the 'unload' at line %u", name,
			 ps->ended_at);
	else
		snprintf(buf, size, "process '%s' ended at line %u", name, ps->ended_at);
	return buf;
}

static void scn_plan_user(struct scn_state *st, const struct scn_op *op)
{
	struct scn_proc_state *ps = &st->procs[op->slot];
	const char *name = op->argv[0];
	struct scn *s = st->s;
	char why[160];

	switch (op->kind) {
	case SCN_USER:
		if (!st->loaded) {
			snprintf(why, sizeof(why), "line %u unloaded it", st->unloaded_at);
			scn_error(s, op->line, "'user' needs the simulated driver loaded (%s)", why);
		} else if (ps->started_at) {
			scn_error(s, op->line,
				  "'user': process '%s' is still running (line %u started it): end it first with 'user_exit %s'",
				  name, ps->started_at, name);
		} else if (st->nr_alive == SCN_MAX_PROCS) {
			scn_error(s, op->line, "'user': more than %d user processes at once",
				  SCN_MAX_PROCS);
		} else {
			ps->started_at = op->line;
			ps->mode = op->mode;
			st->nr_alive++;
		}
		break;
	case SCN_USER_CMD:
		if (!ps->started_at)
			scn_error(s, op->line, "'user_cmd': %s",
				  scn_why_no_proc(st, op->slot, why, sizeof(why)));
		else if (op->svm_only && ps->mode != SCN_USER_SVM)
			scn_error(s, op->line,
				  "'user_cmd %s %s' is a command of SVM processes, but '%s' (line %u) maps a GEM object",
				  name, op->argv[1], name, ps->started_at);
		break;
	case SCN_USER_EXIT:
		if (!ps->started_at) {
			scn_error(s, op->line, "'user_exit': %s",
				  scn_why_no_proc(st, op->slot, why, sizeof(why)));
			break;
		}
		ps->started_at = 0;
		ps->ended_at = op->line;
		ps->killed_by_unload = false;
		st->nr_alive--;
		break;
	default:
		break;
	}
}

/*
 * A repeat block runs again from where it ended: it must leave the user
 * processes running as it found them (the same names, mapping the same kind).
 */
static void scn_plan_repeat(struct scn_state *st, const struct scn_op *op)
{
	struct scn *s = st->s;
	struct scn_proc_state *was;
	unsigned int i, rep_line;

	if (op->kind == SCN_REPEAT) {
		was = calloc(s->nr_slots + 1, sizeof(*was));
		if (!was)
			s->oom = true;
		else
			memcpy(was, st->procs, s->nr_slots * sizeof(*was));
		st->at_repeat[st->depth++] = was;
		return;
	}
	was = st->at_repeat[--st->depth];
	if (!was)
		return;
	rep_line = s->ops[op->match].line;
	for (i = 0; i < s->nr_slots; i++) {
		const struct scn_proc_state *now = &st->procs[i];

		if (!was[i].started_at && now->started_at)
			scn_error(s, op->line,
				  "process '%s' (line %u) still runs at the end of the 'repeat' at line %u: its next round would start it again (end it inside the block with 'user_exit %s')",
				  s->slots[i], now->started_at, rep_line, s->slots[i]);
		else if (was[i].started_at && !now->started_at)
			scn_error(s, op->line,
				  "process '%s' (line %u) ends at line %u, inside the 'repeat' at line %u: its next round would find it gone",
				  s->slots[i], was[i].started_at, now->ended_at, rep_line);
		else if (was[i].started_at && was[i].mode != now->mode)
			scn_error(s, op->line,
				  "process '%s' maps a GEM object at one round of the 'repeat' at line %u and SVM at the next",
				  s->slots[i], rep_line);
	}
	free(was);
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
		scn_kill_procs(st, op->line);
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
	case SCN_USER:
	case SCN_USER_CMD:
	case SCN_USER_EXIT:
		scn_plan_user(st, op);
		break;
	case SCN_REPEAT:
	case SCN_END:
		scn_plan_repeat(st, op);
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
	size_t i, nr_in = s->nr_ops, cap;

	/*
	 * Each op adds at most one implicit op, plus load, attach, detach,
	 * unload; each unload and the end kill at most SCN_MAX_PROCS processes.
	 */
	cap = 2 * nr_in + 4 + SCN_MAX_PROCS;
	for (i = 0; i < nr_in; i++)
		cap += s->ops[i].kind == SCN_UNLOAD ? SCN_MAX_PROCS : 0;
	st.out = calloc(cap, sizeof(*st.out));
	st.map = calloc(nr_in + 1, sizeof(*st.map));
	st.procs = calloc(s->nr_slots + 1, sizeof(*st.procs));
	if (!st.out || !st.map || !st.procs) {
		free(st.out);
		free(st.map);
		free(st.procs);
		s->oom = true;
		return -ENOMEM;
	}
	for (i = 0; i < nr_in; i++)
		st.has_attach |= s->ops[i].kind == SCN_ATTACH;

	if (!nr_in || s->ops[0].kind != SCN_LOAD)
		scn_do_load(&st, NULL, 0);
	for (i = 0; i < nr_in; i++)
		scn_plan_op(&st, i);
	scn_kill_procs(&st, s->nr_lines + 1);
	if (st.attached)
		scn_emit_implicit(&st, SCN_DETACH, s->nr_lines + 1);
	if (st.loaded)
		scn_emit_implicit(&st, SCN_UNLOAD, s->nr_lines + 1);

	for (i = 0; i < st.nr_out; i++)
		if (st.out[i].kind == SCN_REPEAT || st.out[i].kind == SCN_END)
			st.out[i].match = st.map[st.out[i].match];
	while (st.depth)	/* a repeat without its end: the parser said so */
		free(st.at_repeat[--st.depth]);
	free(s->ops);
	free(st.map);
	free(st.procs);
	s->ops = st.out;
	s->nr_ops = st.nr_out;
	s->cap_ops = cap;
	if (s->oom)
		return -ENOMEM;
	return s->nr_errors ? -EINVAL : 0;
}
