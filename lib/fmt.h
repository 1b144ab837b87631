/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Text formatting for the dumps and reports: into a caller's buffer, with
 * no libc and no 64-bit division call (rv32 has no instruction for it).
 */
#ifndef RVT_LIB_FMT_H
#define RVT_LIB_FMT_H

#include <stdint.h>

/* Each writes at o and returns the end; nothing is NUL-terminated. */
char *rvt_fmt_str(char *o, const char *s);
char *rvt_fmt_hex(char *o, uint64_t v, int digits);
char *rvt_fmt_dec(char *o, uint64_t v);			/* at most 20 chars */
/* Right-align what [start, o) holds in width columns; returns the end. */
char *rvt_fmt_right(char *start, char *o, int width);

uint64_t rvt_udiv64(uint64_t n, uint64_t d);		/* d != 0 */

#endif
