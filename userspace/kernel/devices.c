// SPDX-License-Identifier: GPL-2.0
/* devices.c - GPUs and their runtime-PM state from sysfs (see devices.h). */
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include "drivers/drivers.h"
#include "kernel/devices.h"

static const char *const buses[] = { "pci", "platform" };

static bool read_str(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	bool ok = f && fgets(buf, len, f);

	if (f)
		fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = 0;
	return ok;
}

static long read_long(const char *path)
{
	char buf[32];

	return read_str(path, buf, sizeof(buf)) ? strtol(buf, NULL, 10) : -1;
}

bool devices__read(const char *name, struct wr_pm_state *st)
{
	char path[256], link[256];
	size_t i;

	for (i = 0; i < sizeof(buses) / sizeof(buses[0]); i++) {
		ssize_t n;

		snprintf(path, sizeof(path), "/sys/bus/%s/devices/%s/power/runtime_status",
			 buses[i], name);
		if (!read_str(path, st->status, sizeof(st->status)))
			continue;
		snprintf(st->name, sizeof(st->name), "%s", name);
		snprintf(path, sizeof(path), "/sys/bus/%s/devices/%s/power/control", buses[i],
			 name);
		if (!read_str(path, st->control, sizeof(st->control)))
			snprintf(st->control, sizeof(st->control), "?");
		snprintf(path, sizeof(path), "/sys/bus/%s/devices/%s/power/runtime_usage",
			 buses[i], name);
		st->usage = read_long(path);
		snprintf(path, sizeof(path), "/sys/bus/%s/devices/%s/power/runtime_active_time",
			 buses[i], name);
		st->active_ms = read_long(path);
		snprintf(path, sizeof(path),
			 "/sys/bus/%s/devices/%s/power/runtime_suspended_time", buses[i], name);
		st->suspended_ms = read_long(path);
		snprintf(path, sizeof(path), "/sys/bus/%s/devices/%s/driver", buses[i], name);
		n = readlink(path, link, sizeof(link) - 1);
		link[n > 0 ? n : 0] = 0;
		snprintf(st->driver, sizeof(st->driver), "%s",
			 n > 0 && strrchr(link, '/') ? strrchr(link, '/') + 1 : "?");
		return true;
	}
	return false;
}

int devices__discover(struct wr_pm_state *out, int max)
{
	char path[256];
	size_t b, d;
	int n = 0;

	for (b = 0; b < sizeof(buses) / sizeof(buses[0]); b++) {
		for (d = 0; drivers__bound_name(d); d++) {
			struct dirent *de;
			DIR *dir;

			snprintf(path, sizeof(path), "/sys/bus/%s/drivers/%s", buses[b],
				 drivers__bound_name(d));
			dir = opendir(path);
			if (!dir)
				continue;
			while ((de = readdir(dir)) && n < max) {
				/* device links have a ':' (PCI) or a '.' (platform) */
				if (de->d_type != DT_LNK || (!strchr(de->d_name, ':') &&
							     !strchr(de->d_name, '.')))
					continue;
				if (devices__read(de->d_name, &out[n]))
					n++;
			}
			closedir(dir);
		}
	}
	return n;
}
