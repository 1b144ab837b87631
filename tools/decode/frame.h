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

/*
 * The same for a log that arrives line by line (rvtrace-decode --follow):
 * feed each whole line, without its '\n'. Returns 1 when the line closed a
 * frame, which is moved to *out (ok or broken; free its bytes), 0 when it
 * did not, -1 (with e set) when out of memory. frame_reader_end() closes a
 * frame left open at the end of the input the same way.
 */
struct frame_reader;
struct frame_reader *frame_reader_new(void);
int frame_reader_line(struct frame_reader *r, const char *s, size_t n,
		      struct frame *out, struct err *e);
int frame_reader_end(struct frame_reader *r, struct frame *out);
void frame_reader_free(struct frame_reader *r);

#endif
