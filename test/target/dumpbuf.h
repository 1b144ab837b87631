/* SPDX-License-Identifier: BSD-2-Clause */
/* A binary trace dump taken into memory, and its parts, for the tests. */
#ifndef RVT_TEST_DUMPBUF_H
#define RVT_TEST_DUMPBUF_H

#include <stddef.h>
#include <stdint.h>

#include <rvtrace/trace.h>

extern uint8_t dump_bytes[32768];
extern size_t dump_len;

/* An rvt_write_fn appending to dump_bytes. */
int dump_write(void *ctx, const void *buf, size_t len);

/* rvt_trace_dump() into dump_bytes; the test fails if it does not fit. */
void dump_take(void);

const struct rvt_dump_header *dump_header(void);

/* An rvt_write_fn collecting text (a report) in text_buf, NUL-terminated. */
extern char text_buf[65536];
extern size_t text_len;
int text_write(void *ctx, const void *buf, size_t len);

/* The events of hart h, how many, and (if hh) its section header. */
const struct rvt_event *dump_events(unsigned int h, uint32_t *n,
				    const struct rvt_dump_hart **hh);

/* The task records after the harts and profile records, and how many. */
const struct rvt_dump_task *dump_tasks(unsigned int *n);

#endif
