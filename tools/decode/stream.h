/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A stream: the chunks of rvt_trace_read() one after the other. Each chunk
 * is checked against the ones before it by the events' sequence numbers
 * (claim + 1 on their hart), so a chunk that went missing in transport shows
 * as lost events and a chunk seen twice adds nothing.
 */
#ifndef RVTD_STREAM_H
#define RVTD_STREAM_H

#include <stdint.h>

#include "model.h"

struct stream {
	int started;
	struct trace first;	/* the first chunk's header (no events), and
				   the names table of the first that has one */
	uint32_t *pos;		/* per hart number: claims accounted for */
	uint64_t *last_ts;	/* per hart number: of the last event seen */
	unsigned int nr_pos;
	uint64_t chunks;
};

void stream_init(struct stream *s);
void stream_free(struct stream *s);

/*
 * Take chunk c as the next of s: its per-hart lost counts gain the events
 * that a missing chunk held, events already seen are dropped from it.
 * The first names table of the stream moves from c to s->first.
 * Returns 0; 1 if its events start over (the tracer started again; taken);
 * 2 if c is from another run (another firmware, tracer or buffer; s is
 * unchanged: stream_free() and stream_init() start a new stream); -1 with
 * e set if c is not a chunk.
 */
int stream_next(struct stream *s, struct trace *c, struct err *e);

/*
 * The chunks of a whole input (a binary stream, or a log with text
 * frames) as one trace in t; returns 1 if the input holds no chunk, 0, or
 * -1 with e set. Broken text frames are reported on stderr and their events
 * counted as lost.
 */
int stream_collect(const uint8_t *buf, size_t len, struct trace *t,
		   struct err *e);

#endif
