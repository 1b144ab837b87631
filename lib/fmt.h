/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Text formatting for the dumps and reports: into a caller's buffer, with
 * no libc and no 64-bit division call (rv32 has no instruction for it).
 */
#ifndef RVT_LIB_FMT_H
#define RVT_LIB_FMT_H

#include <stddef.h>
#include <stdint.h>

#include <rvtrace/error.h>
#include <rvtrace/trace.h>

/* Each writes at o and returns the end; nothing is NUL-terminated. */
char *rvt_fmt_str(char *o, const char *s);
char *rvt_fmt_hex(char *o, uint64_t v, int digits);
char *rvt_fmt_dec(char *o, uint64_t v);			/* at most 20 chars */
/* Right-align what [start, o) holds in width columns; returns the end. */
char *rvt_fmt_right(char *start, char *o, int width);

uint64_t rvt_udiv64(uint64_t n, uint64_t d);		/* d != 0 */

/*
 * Hand len bytes to a caller's writer (rvt_write_fn): 0, and *count grows by
 * len, when it takes them (any return that is not negative); RVT_EPIPE when
 * it returns a negative value to stop. Its own value is never passed on,
 * so it cannot pass for one of rvtrace's codes.
 */
int rvt_write_out(rvt_write_fn write, void *ctx, const void *buf, size_t len,
		  size_t *count);

#endif
