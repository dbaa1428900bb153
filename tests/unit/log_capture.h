/* SPDX-License-Identifier: GPL-2.0 */
/* log_capture.h - what a unit under test said through lib/log.h, captured. */
#ifndef WR_TEST_LOG_CAPTURE_H
#define WR_TEST_LOG_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "lib/log.h"

static char *said;
static size_t said_len;
static FILE *said_f;

/* From now on, messages go to a buffer instead of stderr. */
static void listen_log(void)
{
	free(said);
	said = NULL;
	said_f = open_memstream(&said, &said_len);
	log_set_stream(said_f);
}

/* What was said since listen_log(); "" when nothing.  Messages go to stderr again. */
static const char *heard(void)
{
	log_set_stream(NULL);
	if (said_f)
		fclose(said_f);
	said_f = NULL;
	return said ? said : "";
}

#endif
