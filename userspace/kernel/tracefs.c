// SPDX-License-Identifier: GPL-2.0
/* tracefs.c - tracefs and event format files (see tracefs.h). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>

#include "kernel/tracefs.h"
#include "wr_tracepoint.h"

static bool has_events(const char *dir)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/events", dir);
	return !access(path, F_OK);
}

const char *tracefs__dir(bool mount_it)
{
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	size_t i;

	/*
	 * /sys/kernel/tracing first, mounted there if need be: looking into
	 * debugfs's tracing automounts it, which 7.x warns about in the log.
	 */
	if (has_events(dirs[0]))
		return dirs[0];
	if (mount_it && !mount("tracefs", dirs[0], "tracefs", 0, NULL) && has_events(dirs[0]))
		return dirs[0];
	for (i = 1; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (has_events(dirs[i]))
			return dirs[i];
	return NULL;
}

/* "TYPE NAME[N]" -> TYPE, NAME; false if there is no name. */
static bool split_decl(const char *decl, size_t n, struct tracefs_field *f)
{
	const char *end = decl + n, *name;
	size_t tlen, nlen;

	while (end > decl && end[-1] == ' ')
		end--;
	name = end;
	while (name > decl && name[-1] != ' ' && name[-1] != '*')
		name--;
	if (name == end || name == decl)
		return false;
	nlen = strcspn(name, "[");
	if (nlen > (size_t)(end - name))
		nlen = end - name;
	tlen = name - decl;
	while (tlen && decl[tlen - 1] == ' ')
		tlen--;
	if (!tlen || nlen >= sizeof(f->name) || tlen >= sizeof(f->type))
		return false;
	memcpy(f->name, name, nlen);
	f->name[nlen] = 0;
	memcpy(f->type, decl, tlen);
	f->type[tlen] = 0;
	return true;
}

int tracefs__parse_format(const char *text, struct tracefs_field *fields, int max)
{
	const char *line = text, *field;
	int n = 0;

	while (line && *line) {
		const char *eol = strchr(line, '\n'), *semi;
		struct tracefs_field f = {};

		field = strstr(line, "field:");
		if (field && (!eol || field < eol)) {
			field += strlen("field:");
			semi = strchr(field, ';');
			if (!semi || (eol && semi > eol) || !split_decl(field, semi - field, &f) ||
			    sscanf(semi, "; offset:%d; size:%d;", &f.offset, &f.size) != 2)
				return -EINVAL;
			if (n < max)
				fields[n] = f;
			n++;
		}
		line = eol ? eol + 1 : NULL;
	}
	return n;
}

static const struct tracefs_field *find_field(const struct tracefs_field *fields, int n,
					      const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(fields[i].name, name))
			return &fields[i];
	return NULL;
}

/* One field of the record: there, of TYPE, at OFFSET with SIZE; else WHY. */
static int check_field(const struct tracefs_field *fields, int n, const char *name,
		       const char *type, int offset, int size, char *why, size_t len)
{
	const struct tracefs_field *f = find_field(fields, n, name);

	if (!f) {
		snprintf(why, len, "no field \"%s\"", name);
		return -EPROTO;
	}
	if (strcmp(f->type, type) || f->offset != offset || f->size != size) {
		snprintf(why, len, "field %s is \"%s\" at offset %d size %d, wr_tp_rpm reads "
			 "\"%s\" at %d size %d", name, f->type, f->offset, f->size, type, offset,
			 size);
		return -EPROTO;
	}
	return 0;
}

int tracefs__check_rpm_format(const char *format, char *why, size_t len)
{
	struct tracefs_field fields[TRACEFS_MAX_FIELDS];
	int n = tracefs__parse_format(format, fields, TRACEFS_MAX_FIELDS);

	if (n < 0) {
		snprintf(why, len, "unreadable format file");
		return -EPROTO;
	}
	if (n > TRACEFS_MAX_FIELDS)
		n = TRACEFS_MAX_FIELDS;
	if (check_field(fields, n, WR_TP_DEV_FIELD, WR_TP_DEV_TYPE,
			offsetof(struct wr_tp_rpm_record, dev_loc), 4, why, len) ||
	    check_field(fields, n, WR_TP_CALLER_FIELD, WR_TP_CALLER_TYPE,
			offsetof(struct wr_tp_rpm_record, caller), 8, why, len))
		return -EPROTO;
	return 0;
}

int tracefs__check_rpm_event(const char *dir, const char *tp, char *why, size_t len)
{
	char path[256], text[4096];
	const char *colon = strchr(tp, ':');
	size_t n;
	FILE *f;

	if (!colon) {
		snprintf(why, len, "\"%s\" is not SYSTEM:EVENT", tp);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/events/%.*s/%s/format", dir, (int)(colon - tp), tp,
		 colon + 1);
	f = fopen(path, "r");
	if (!f) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		return -ENOENT;
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	return tracefs__check_rpm_format(text, why, len);
}

bool tracefs__have_kprobes(const char *dir, char *why, size_t len)
{
	char path[128];

	if (!access("/sys/bus/event_source/devices/kprobe/type", F_OK))
		return true;
	if (dir) {
		snprintf(path, sizeof(path), "%s/kprobe_events", dir);
		if (!access(path, F_OK))
			return true;
	}
	snprintf(why, len, "this kernel has no kprobes (no kprobe PMU%s: CONFIG_KPROBES off?)",
		 dir ? ", no kprobe_events" : "");
	return false;
}
