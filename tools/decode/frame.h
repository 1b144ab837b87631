/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Text dumps in a console log (rvt_trace_dump_text()): found among other
 * output, checked line by line, and turned back into the binary dump.
 */
#ifndef RVTD_FRAME_H
#define RVTD_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct frame {
	size_t line;		/* of its "begin" in the log, from 1 */
	uint8_t *bytes;		/* the binary dump, when ok */
	size_t len;
	int ok;
	struct err err;		/* why not, when !ok */
};

struct frame_list {
	struct frame *f;
	size_t nr;
};

/*
 * Every "@rvtrace begin" of the log, in order, each decoded or with the
 * reason it could not be. Returns -1 (with e set) only when out of memory.
 */
int frames_find(const char *log, size_t len, struct frame_list *out,
		struct err *e);
void frames_free(struct frame_list *l);

#endif
