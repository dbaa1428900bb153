/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ioctls.h - the names of DRM ioctls (ioctls.c): which ioctl a get was
 * taken in.  drm_ioctl() dispatches on the number alone (DRM_IOCTL_NR):
 * below DRM_COMMAND_BASE (0x40) and from DRM_COMMAND_END (0xa0) the DRM
 * core's table, in between the driver's.  A command is named by its whole
 * value where the table has it, else by its number, so that an ioctl whose
 * struct grew in a later kernel is still named.
 */
#ifndef WR_DRIVERS_IOCTLS_H
#define WR_DRIVERS_IOCTLS_H

#include <stddef.h>
#include <stdint.h>

#define WR_DRM_IOCTL_TYPE	'd'
#define WR_DRM_COMMAND_BASE	0x40
#define WR_DRM_COMMAND_END	0xa0

struct wr_ioctl_row {
	uint8_t nr;
	uint32_t cmd;		/* the whole command, 0: the number alone */
	const char *name;
};

struct wr_ioctl_table {
	const struct wr_ioctl_row *rows;
	size_t nr;
};

extern const struct wr_ioctl_table wr_ioctl_core, wr_ioctl_i915, wr_ioctl_xe;

/* The name of ioctl CMD made to a device of DRIVER (enum wr_driver); NULL: not a known DRM one. */
const char *ioctls__name(uint8_t driver, uint32_t cmd);

#endif
